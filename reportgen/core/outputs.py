"""What a build can produce, named once: the editions (one per audience, widest last) and the formats.

Kept free of the schema so that the command line can list them without building it.
"""

from __future__ import annotations

EDITIONS: tuple[str, ...] = ("public", "regulator", "internal")
FORMATS: tuple[str, ...] = ("html", "pdf")
