"""Build speed: HTML, PDF against bare WeasyPrint on the same HTML, unchanged rebuilds, editions in parallel.

    python3 benchmarks/bench_build.py                 # the example report
    python3 benchmarks/bench_build.py --archive       # also the 10-year archive (HTML; --archive-pdf for PDF)

Prints best-of-N wall-clock figures. The PDF ratio compares reportgen's whole build (validate, render,
lay out in a worker, attach data, write atomically) with WeasyPrint alone on reportgen's final print
HTML, with the same options (PDF/A-3a, tagged).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.build.orchestrator import BuildOptions, build, edition_outputs  # noqa: E402
from reportgen.checks.validate import validate  # noqa: E402
from reportgen.render.html import render_html  # noqa: E402
from reportgen.render.theme import Theme  # noqa: E402
from reportgen.view.build_view import build_view  # noqa: E402


def best(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<58} {seconds:8.3f} s  {note}")


def bare_weasyprint(source: Path, edition: str) -> Callable[[], object]:
    import weasyprint

    validated = validate(source)
    theme = Theme.with_overrides(None)
    _, job, _ = edition_outputs(validated, edition, theme)

    def run() -> object:
        html = weasyprint.HTML(string=job.html, base_url=job.theme_dir.as_uri() + "/")
        return html.write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True)

    return run


def cli_build(source: Path, out: Path, fmt: str, *extra: str) -> list[str]:
    """``reportgen build`` of the public edition in ``fmt``, as a new process runs it."""
    command = [sys.executable, "-m", "reportgen", "build", str(source), "-o", str(out)]
    return [*command, "--format", fmt, "--edition", "public", *extra, "-q"]


def bench_report(source: Path, runs: int, pdf: bool) -> None:
    print(f"\n{source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}")
    theme = Theme.with_overrides(None)

    def html_only() -> object:
        return render_html(build_view(validate(source).report), theme, medium="screen")

    row("HTML: validate + view + render (in process)", best(runs, html_only))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        options = BuildOptions(source, out, formats=("html",), editions=("public",), force=True)
        row("HTML: build(), public edition, written atomically", best(runs, lambda: build(options)))
        cli = cli_build(source, out, "html", "--force")
        row("HTML: CLI, new process (includes Python start-up)", best(runs, lambda: subprocess.run(cli, check=True)))
        if not pdf:
            return
        pdf_options = BuildOptions(source, out, formats=("pdf",), editions=("public",), force=True)
        ours = best(runs, lambda: build(pdf_options))
        bare = best(runs, bare_weasyprint(source, "public"))
        row("PDF: build(), public edition", ours)
        row("PDF: bare WeasyPrint on the same print HTML", bare)
        row("PDF: ratio reportgen / bare WeasyPrint", ours / bare, "(target <= 1.10)")
        cached = BuildOptions(source, out, formats=("pdf",), editions=("public",))
        build(cached)
        row("unchanged rebuild: build() (content-addressed, nothing rendered)", best(runs, lambda: build(cached)))
        again = cli_build(source, out, "pdf")
        row("unchanged rebuild: CLI, new process", best(runs, lambda: subprocess.run(again, check=True)))
        every = BuildOptions(source, out, force=True)
        row("all three editions, HTML + PDF, in parallel processes", best(1, lambda: build(every)))
        row(
            "the same three PDFs one after another (bare WeasyPrint)",
            sum(best(1, bare_weasyprint(source, e)) for e in ("public", "regulator", "internal")),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--archive", action="store_true", help="also the 10-year synthetic archive")
    parser.add_argument("--archive-pdf", action="store_true", help="and its PDF (thousands of pages: minutes)")
    args = parser.parse_args()
    print(f"best of {args.repeat} runs; {(shutil.which('pdftoppm') and 'poppler present') or ''}")
    bench_report(ROOT / "inputs" / "asab-2026", args.repeat, pdf=True)
    if args.archive or args.archive_pdf:
        archive = ROOT / "benchmarks" / "out" / "archive"
        if not archive.is_dir():
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_archive.py"), str(archive)], check=True)
        bench_report(archive, 1, pdf=args.archive_pdf)


if __name__ == "__main__":
    main()
