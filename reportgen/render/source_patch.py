"""How reportgen patches a pinned dependency: the function's own source with exact blocks replaced.

Each patch of WeasyPrint or pydyf (``weasyprint_patch``, ``weasyprint_cascade``, ``tagging_patch``) takes
the upstream function's source, checks its SHA-256 against the pinned release's, replaces blocks that
must each occur exactly once, and compiles the result in the function's own module globals. Any
mismatch (another release, someone else's patch, no source shipped) gives None, and the caller leaves the
dependency as it is: a patch can go stale, never wrong.
"""

from __future__ import annotations

import hashlib
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def patched_source(
    original: Callable[..., Any],
    sha256: str,
    replacements: Sequence[tuple[str, str]],
    *,
    extra_globals: Mapping[str, Any] | None = None,
) -> Callable[..., Any] | None:
    """``original`` recompiled with each ``(before, after)`` of ``replacements`` applied, or None when its
    source is not the one whose SHA-256 is ``sha256`` or a ``before`` does not occur exactly once.

    ``extra_globals`` adds names the replaced blocks call; the function then runs in a copy of its module's
    globals with them, and a recursive function finds its patched self there."""
    try:
        source = inspect.getsource(original)
    except (OSError, TypeError):  # no source shipped: leave the dependency as it is
        return None
    if hashlib.sha256(source.encode()).hexdigest() != sha256:
        return None
    for before, after in replacements:
        if source.count(before) != 1:
            return None
        source = source.replace(before, after)
    module_globals = original.__globals__
    if extra_globals is not None:
        module_globals = {**module_globals, **extra_globals}
    namespace: dict[str, Any] = {}
    # dedent: a method's source is indented in its class
    code = compile(textwrap.dedent(source), f"<reportgen patch of {original.__module__}>", "exec")
    exec(code, module_globals, namespace)
    patched: Callable[..., Any] = namespace[original.__name__]
    patched.__module__ = original.__module__
    patched.__qualname__ = original.__qualname__
    if extra_globals is not None:
        module_globals[original.__name__] = patched
    return patched
