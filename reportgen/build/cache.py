"""What a build produces and whether it is already up to date: light enough to run before any import
of the renderer, so that an unchanged rebuild answers in a fraction of a second."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.outputs import EDITIONS, FORMATS
from ..editions.commitment_key import KEY_FILE
from ..inputs.discovery import SourceFile, find_input_files, hash_inputs, sha256
from ..render.pdf import PDF_VARIANT
from ..render.theme import Theme
from .manifest import code_digest, tool_versions

CACHE_FILE = ".reportgen-cache.json"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; the CLI fills it from its options."""

    root: Path
    out_dir: Path | None = None
    formats: tuple[str, ...] = FORMATS
    editions: tuple[str, ...] = EDITIONS
    templates: Path | None = None
    limits: Limits = DEFAULT_LIMITS
    strict: bool = False
    force: bool = False

    def output_dir(self) -> Path:
        """``-o``, else ``build/NAME`` here; or beside the report folder when run from inside it."""
        if self.out_dir is not None:
            return self.out_dir
        root = self.root.resolve()
        here = Path("build") / root.name
        return root.parent / "build" / root.name if here.resolve().is_relative_to(root) else here


@dataclass
class BuildResult:
    out_dir: Path
    outputs: list[Path] = field(default_factory=list)
    up_to_date: bool = False
    warnings: list[str] = field(default_factory=list)  # each as file:line:col: path: warning: message
    stale: list[str] = field(default_factory=list)  # outputs of an earlier build that this one did not replace


def stale_outputs(out: Path, names: list[str]) -> list[str]:
    """Report files in ``out`` that this build did not write (say, PDFs after a ``--format html`` build)."""
    kept = set(names)
    patterns = ("report*.html", "report*.pdf", "manifest*.json")
    return sorted({p.name for pattern in patterns for p in out.glob(pattern) if p.is_file() and p.name not in kept})


def output_name(edition: str, fmt: str) -> str:
    """``report.pdf`` for the public edition, ``report-<edition>.pdf`` for the others."""
    suffix = "" if edition == "public" else f"-{edition}"
    return f"report{suffix}.{fmt}"


def cache_key(options: BuildOptions, files: list[SourceFile], theme: Theme) -> str:
    material = {
        "tools": tool_versions(),
        "code": code_digest(),
        "theme": theme.digest(),
        "inputs": [(f.rel, f.sha256) for f in files],
        "formats": sorted(options.formats),
        "editions": sorted(options.editions),
        "variant": PDF_VARIANT,
        "strict": options.strict,
        # the commitment key changes every commitment and keyed digest the outputs print
        "key": _key_digest(options.root),
    }
    return sha256(json.dumps(material, sort_keys=True).encode())


def _key_digest(root: Path) -> str:
    try:
        return sha256((root / KEY_FILE).read_bytes())
    except OSError:
        return ""


def up_to_date(out: Path, key: str, names: list[str]) -> bool:
    """True when the last build had the same key and its outputs are still exactly as written."""
    try:
        cache = json.loads((out / CACHE_FILE).read_text())
    except (OSError, ValueError):
        return False
    if cache.get("key") != key:
        return False
    recorded: dict[str, str] = cache.get("outputs", {})
    for name in names:
        path = out / name
        if name not in recorded or not path.is_file() or sha256(path.read_bytes()) != recorded[name]:
            return False
    return _dependencies_unchanged(cache.get("dependencies", {}))


def cached_warnings(out: Path) -> list[str]:
    """The warnings of the build that wrote ``out``, so an up-to-date answer still shows them."""
    try:
        warnings = json.loads((out / CACHE_FILE).read_text()).get("warnings", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [w for w in warnings if isinstance(w, str)] if isinstance(warnings, list) else []


def _dependencies_unchanged(dependencies: dict[str, str]) -> bool:
    """Files outside the report folder that the last build read (the previous report) are unchanged."""
    for name, digest in dependencies.items():
        path = Path(name)
        if not path.is_file() or sha256(path.read_bytes()) != digest:
            return False
    return True


def dependencies(root: Path, previous: str | None, logo: str | None, limits: Limits) -> dict[str, str]:
    """Files a build reads besides the inputs: the previous report's (for its "Changes" chapter) and
    the logo. A change to any of them makes the outputs out of date."""
    paths = [root / logo] if logo else []
    if previous:
        target = (root / previous).resolve()
        paths += find_input_files(target, limits) if target.is_dir() else [target]
    return {str(p.resolve()): sha256(p.read_bytes()) for p in paths if p.is_file()}


def manifest_name(edition: str) -> str:
    return "manifest.json" if edition == "public" else f"manifest-{edition}.json"


def planned_outputs(options: BuildOptions) -> list[str]:
    names = [output_name(e, f) for e in options.editions for f in options.formats]
    return names + [manifest_name(e) for e in options.editions]


def check_up_to_date(options: BuildOptions) -> tuple[Path, str, bool]:
    """(output folder, cache key, whether the outputs there already match it)."""
    unknown = set(options.editions) - set(EDITIONS) or set(options.formats) - set(FORMATS)
    if unknown:
        raise UsageError(f"unknown edition or format: {', '.join(sorted(unknown))}")
    out = options.output_dir()
    key = cache_key(options, hash_inputs(options.root, options.limits), Theme.with_overrides(options.templates))
    return out, key, (not options.force and out.is_dir() and up_to_date(out, key, planned_outputs(options)))
