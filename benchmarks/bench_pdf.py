"""PDF cost in absolute terms: CPU and wall seconds per edition and per page, against a plain yardstick theme.

    python benchmarks/bench_pdf.py                  # everything (about 5 minutes on 2 cores)
    python benchmarks/bench_pdf.py --quick          # without the 1,000- and 10,000-decision slices
    python benchmarks/bench_pdf.py --only example   # some of: example, cli, edit, verify, diff, slices, typst
    python benchmarks/bench_pdf.py --big            # and the 10,000-decision slice, if it fits in memory
    python benchmarks/bench_pdf.py --theme DIR      # measure a theme folder (e.g. an older default) instead
    python benchmarks/bench_pdf.py --no-patch       # without reportgen's WeasyPrint patch
    python benchmarks/bench_pdf.py --max-ratio 2.5  # the bound on ours/plain; exit status 1 above it
    python benchmarks/bench_pdf.py --keep           # and keep the PDFs in benchmarks/out/pdf

``bench_build.py`` compares reportgen with bare WeasyPrint on the same HTML *and the same CSS*: a ratio
that stays at 1.05x when a stylesheet makes WeasyPrint five times slower. This script measures the cost
itself, in CPU seconds (the clock varies 3-5x on shared machines, CPU time far less), and compares it
with the same HTML under ``benchmarks/plain_theme`` (next to no CSS): the yardstick that would have
exposed the regression. It prints:

1. The machine: the 2M-step Python loop of ``bench_validate.py`` (compare runs only at similar values).
2. The example (``inputs/asab-2026``), each edition with the theme and with the plain theme: pages, CPU
   and wall seconds of ``render_pdf`` (page groups laid out in worker processes, merged, PDF/A-3a + UA-1;
   no layout cache) in a forked process, CPU seconds (its workers' included) per page, peak RSS; and the
   public edition laid out whole in one process, the cost of layout without page groups. Then the ratio
   ours/plain of the three editions' CPU seconds; above ``--max-ratio`` the script exits with status 1.
3. ``reportgen build`` of the example from the command line (a new process: validation, HTML, three PDFs
   from page groups in parallel workers): wall seconds, CPU seconds of all processes, peak RSS; the same
   again into the same folder (every group from the layout cache); and the public PDF alone.
3. A one-decision edit of the example (a copy, with its previous year), the public PDF rebuilt from the
   command line after a first build; then ``reportgen verify --rebuild`` of that PDF.
4. ``reportgen diff --format pdf`` of asab-2025 against asab-2026 (the redline PDF).
5. Slices made by ``make_archive.py`` with 100, 1,000 and 10,000 decisions (one year): pages, CPU s, CPU s
   per page, peak RSS, cost per page against the example's. 10,000 runs only with ``--big`` and if its
   peak RSS (estimated from the 1,000 slice) fits in 80% of the free memory; else the estimate is printed.
6. Typst, if the ``typst`` package is installed: the public edition's words converted by
   ``html_to_typst.py`` (headings, paragraphs, lists, tables; no theme) and compiled to a tagged
   PDF/A-3a with the same font.
7. The issue's targets, met or not.

Per-edition figures exclude Python's start and WeasyPrint's import (done once before forking); the
command-line figures include everything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from bench_common import (
    ROOT,
    Sample,
    best_of,
    cli_env,
    column_heads,
    count_pages,
    header,
    pdf_in_child,
    reportgen,
    run_command,
    sample_row,
    verdict,
    yardstick,
)

BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
PLAIN_THEME = BENCH / "plain_theme"
EXAMPLE = ROOT / "inputs" / "asab-2026"
EDITIONS = ("public", "regulator", "internal")
sys.path.insert(0, str(ROOT))

from reportgen.build.orchestrator import edition_outputs  # noqa: E402
from reportgen.checks.validate import validate  # noqa: E402
from reportgen.render.pdf import PdfJob, render_pdf  # noqa: E402
from reportgen.render.theme import Theme  # noqa: E402

try:  # an older checkout (to measure "before") has no patch
    from reportgen.render import weasyprint_patch
except ImportError:
    weasyprint_patch = None  # type: ignore[assignment]

# The targets (CPU seconds, wall seconds on 2 cores, ratio of costs per page).
TARGET_EDITION_CPU = 8.0
TARGET_BUILD_WALL = 15.0
TARGET_SLICE_PER_PAGE = 1.5
DEFAULT_MAX_RATIO = 2.5


def lay_out(job: PdfJob, patch: bool, keep: Path | None) -> Sample:
    """``render_pdf(job)`` in a forked process: its CPU and wall seconds, pages and peak RSS."""

    def make() -> bytes:
        if not patch and weasyprint_patch is not None:
            weasyprint_patch.apply = lambda: False  # render_pdf looks the name up when it runs
        return render_pdf(job)

    return pdf_in_child(make, keep)


def lay_out_whole(job: PdfJob) -> Sample:
    """The job laid out as one document in one process, as before page groups: the yardstick for their cost."""
    from reportgen.render.pdf import lay_out_document

    return pdf_in_child(lambda: lay_out_document(job.html, job).pdf)


def jobs_for(source: Path, theme: Theme, editions: tuple[str, ...]) -> dict[str, PdfJob]:
    validated = validate(source)
    return {edition: edition_outputs(validated, edition, theme)[1] for edition in editions}


def make_slice(decisions: int) -> Path:
    """A report folder from make_archive.py: ``decisions`` decisions in one year (made once, then reused)."""
    folder = OUT / f"slice-{decisions}"
    arguments = [
        "--decisions",
        str(decisions),
        "--evaluations",
        str(decisions // 5),
        "--red-lines",
        str(max(2, decisions // 50)),
        "--years",
        "1",
        "--start-year",
        "2026",
        "--no-check",
    ]
    stamp = folder / ".bench-arguments"
    if not (stamp.is_file() and stamp.read_text() == " ".join(arguments)):
        command = [sys.executable, str(BENCH / "make_archive.py"), str(folder), *arguments]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(" ".join(arguments))
    return folder


def typst_sample(html: str, fonts: Path, keep: Path | None) -> Sample | None:
    try:
        import typst
    except ImportError:
        return None
    sys.path.insert(0, str(BENCH))
    from html_to_typst import convert

    source = convert(html).encode()

    return pdf_in_child(lambda: typst.compile(source, font_paths=[str(fonts)], pdf_standards=["a-3a"]), keep)


SECTIONS = ("example", "cli", "edit", "verify", "diff", "slices", "typst")
EDITED_DECISION = ("decisions/D-2026-001.yaml", "adopted its work programme", "adopted its programme of work")
TARGET_EDIT_WALL = 3.0
TARGET_VERIFY = 10.0
TARGET_DIFF = 5.0


def example_section(args: argparse.Namespace, theme: Theme, patch: bool, keep_dir: Path | None) -> dict[str, Any]:
    header(f"1. The example ({EXAMPLE.relative_to(ROOT)}): render_pdf per edition, in a forked process")
    column_heads()
    ours_jobs = jobs_for(EXAMPLE, theme, EDITIONS)
    plain_jobs = jobs_for(EXAMPLE, Theme.with_overrides(PLAIN_THEME), EDITIONS)
    ours: dict[str, Sample] = {}
    plain: dict[str, Sample] = {}
    for edition in EDITIONS:
        keep = keep_dir / f"example-{edition}.pdf" if keep_dir else None
        ours[edition] = best_of(args.repeat, partial(lay_out, ours_jobs[edition], patch, keep))
        sample_row(f"{edition}, theme", ours[edition])
        keep = keep_dir / f"example-{edition}-plain.pdf" if keep_dir else None
        plain[edition] = best_of(args.repeat, partial(lay_out, plain_jobs[edition], patch, keep))
        sample_row(f"{edition}, plain theme", plain[edition])
    whole = lay_out_whole(ours_jobs["public"])
    sample_row("public, whole (one process)", whole)
    ours_cpu = sum(s.cpu for s in ours.values())
    plain_cpu = sum(s.cpu for s in plain.values())
    ratio = ours_cpu / plain_cpu
    per_page = (ours_cpu / sum(s.pages for s in ours.values())) / (plain_cpu / sum(s.pages for s in plain.values()))
    print(f"  three editions: theme {ours_cpu:.1f} s CPU, plain theme {plain_cpu:.1f} s CPU")
    print(
        f"  ratio theme / plain theme: {ratio:.2f}x per edition, {per_page:.2f}x per page "
        f"(bound {args.max_ratio:g}x: {'within' if ratio <= args.max_ratio else 'EXCEEDED'})"
    )
    return {"ours": ours, "ratio": ratio, "html": ours_jobs["public"].html}


def cli_section(args: argparse.Namespace, patch: bool) -> Sample:
    header("2. reportgen build from the command line (a new process; its workers included)")
    column_heads()
    if not patch:
        print("  (the command line applies the patch if this checkout has it)")
    env = cli_env()
    with tempfile.TemporaryDirectory() as tmp:

        def command(out: str, *extra: str) -> list[str]:
            themed = ["--templates", str(args.theme)] if args.theme else []
            build = [sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(Path(tmp) / out)]
            return [*build, *themed, *extra]

        every = min(
            (run_command(command(f"all-{run}", "--force"), env) for run in range(args.repeat)), key=lambda s: s.wall
        )
        sample_row("3 editions, HTML + PDF", every)
        # the same again into the same folder: every page group comes from the layout cache beside the outputs
        again = run_command(command(f"all-{args.repeat - 1}", "--force"), env)
        sample_row("again, groups from the cache", again)
        public = [*command("public", "--force", "--edition", "public", "--format", "pdf")]
        one = min((run_command(public, env) for _ in range(args.repeat)), key=lambda s: s.cpu)
        sample_row("public edition, PDF only", one)
    return every


def edit_section(args: argparse.Namespace) -> dict[str, Sample]:
    """A one-decision edit of the example, rebuilt (public PDF), and ``verify --rebuild`` of that PDF."""
    header("3. A one-decision edit of the example, rebuilt; verify --rebuild of the public PDF")
    column_heads()
    results: dict[str, Sample] = {}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        shutil.copytree(EXAMPLE.parent / "asab-2025", inputs / "asab-2025")  # the "Changes" chapter's year
        shutil.copytree(EXAMPLE, inputs / EXAMPLE.name)
        report, out = inputs / EXAMPLE.name, Path(tmp) / "out"
        public = ["build", str(report), "-o", str(out), "--edition", "public", "--format", "pdf"]
        run_command(reportgen(*public), cli_env())  # the build before the edit
        name, before, after = EDITED_DECISION
        edited = report / name
        text = edited.read_text(encoding="utf-8")
        if before not in text:
            raise SystemExit(f"bench_pdf.py: {name} no longer says {before!r}: update EDITED_DECISION")
        edited.write_text(text.replace(before, after, 1), encoding="utf-8")
        # once, as a user would run it: a second run would find the outputs up to date
        results["edit"] = run_command(reportgen(*public), cli_env())
        sample_row("one decision edited, public PDF", results["edit"])
        verify = ["verify", str(out / "report.pdf"), "--inputs", str(report), "--edition", "public", "--rebuild"]
        said: list[str] = []
        results["verify"] = min(
            (run_command(reportgen(*verify), cli_env(), (0, 2), said) for _ in range(args.repeat)),
            key=lambda s: s.wall,
        )
        sample_row("verify --rebuild, public PDF", results["verify"])
        if "rebuild from the inputs is byte-identical" not in said[-1]:
            # e.g. the code changed between the build and verify (someone editing this checkout)
            print("  (verify did not lay the PDF out again: " + said[-1].strip().splitlines()[-2] + ")")
    return results


def diff_section(args: argparse.Namespace) -> Sample:
    header("4. diff --format pdf of the examples (asab-2025 against asab-2026)")
    column_heads()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "redline.pdf"
        command = reportgen(
            "diff", str(EXAMPLE.parent / "asab-2025"), str(EXAMPLE), "--format", "pdf", "-o", str(target)
        )
        # diff's exit status is 1 when something changed, which it has
        sample = min((run_command(command, cli_env(), ok=(0, 1)) for _ in range(args.repeat)), key=lambda s: s.wall)
        sample = Sample(count_pages(target.read_bytes()), sample.cpu, sample.wall, sample.rss_mb)
    sample_row("redline PDF", sample)
    return sample


def memory_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def slices_section(args: argparse.Namespace, theme: Theme, patch: bool, keep_dir: Path | None) -> dict[int, Sample]:
    header("5. Slices of the archive (make_archive.py, one year), public edition, theme")
    column_heads()
    slices: dict[int, Sample] = {}
    for decisions in (100,) if args.quick else (100, 1000, 10_000):
        if decisions == 10_000:
            # One process holds the whole layout (~3 MB a page): run it only where it fits, and only if asked.
            estimate = slices[1000].rss_mb * 10
            available = memory_available_mb()
            if not args.big or estimate > 0.8 * available:
                why = "it would not fit in memory" if estimate > 0.8 * available else "add --big to run it"
                print(
                    f"  {decisions:,} decisions: skipped ({why}): ~{slices[1000].pages * 10:,} pages, "
                    f"~{slices[1000].cpu * 10 / 60:.0f} min CPU, peak RSS ~{estimate / 1024:.1f} GB "
                    f"of {available / 1024:.1f} GB available (estimated from 1,000)"
                )
                continue
        folder = make_slice(decisions)
        job = jobs_for(folder, theme, ("public",))["public"]
        keep = keep_dir / f"slice-{decisions}.pdf" if keep_dir else None
        slices[decisions] = lay_out(job, patch, keep)
        sample_row(f"{decisions:,} decisions", slices[decisions])
    return slices


def typst_section(html: str, theme: Theme, keep_dir: Path | None) -> None:
    header("6. Typst on the same words (html_to_typst.py: headings, paragraphs, lists, tables; no theme)")
    column_heads()
    keep = keep_dir / "example-public-typst.pdf" if keep_dir else None
    result = typst_sample(html, theme.folders[-1] / "fonts", keep)
    if result is None:
        print("  the typst package is not installed (pip install typst)")
    else:
        sample_row("public edition, Typst, PDF/A-3a", result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (the least CPU time is kept)")
    parser.add_argument("--quick", action="store_true", help="skip the 1,000- and 10,000-decision slices")
    parser.add_argument("--big", action="store_true", help="run the 10,000-decision slice if it fits in memory")
    parser.add_argument("--theme", type=Path, help="a theme folder to measure instead of the default theme")
    parser.add_argument("--no-patch", action="store_true", help="without reportgen's WeasyPrint 70.0 patch")
    parser.add_argument("--max-ratio", type=float, default=DEFAULT_MAX_RATIO, help="bound on ours/plain CPU")
    parser.add_argument("--keep", action="store_true", help="keep the PDFs in benchmarks/out/pdf")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"some of {', '.join(SECTIONS)} (default: all)")
    args = parser.parse_args(argv)
    sections = {name.strip() for name in args.only.split(",")}
    if not sections <= set(SECTIONS):
        parser.error(f"--only: {', '.join(sorted(sections - set(SECTIONS)))}: not one of {', '.join(SECTIONS)}")
    patch = not args.no_patch and weasyprint_patch is not None
    keep_dir = OUT / "pdf" if args.keep else None

    import weasyprint  # once, before forking: the figures below are layout and writing only

    loop = yardstick()
    print(f"bench_pdf.py, {date.today().isoformat()}: WeasyPrint {weasyprint.__version__}, {os.cpu_count()} cores")
    print(f"machine: a 2M-step Python loop takes {loop * 1000:.0f} ms (the yardstick of bench_validate.py)")
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print(f"theme: {args.theme or 'default'}; WeasyPrint patch: {'on' if patch else 'off'}; best of {args.repeat}")
    theme = Theme.with_overrides(args.theme)

    example = example_section(args, theme, patch, keep_dir) if "example" in sections else None
    every = cli_section(args, patch) if "cli" in sections else None
    edits = edit_section(args) if sections & {"edit", "verify"} else {}
    redline = diff_section(args) if "diff" in sections else None
    slices = slices_section(args, theme, patch, keep_dir) if "slices" in sections else {}
    if "typst" in sections:
        html = example["html"] if example else jobs_for(EXAMPLE, theme, ("public",))["public"].html
        typst_section(html, theme, keep_dir)

    header("7. Targets")
    if example is not None:
        slowest = max(example["ours"].values(), key=lambda s: s.cpu)
        met = slowest.cpu <= TARGET_EDITION_CPU
        print(f"  one edition <= {TARGET_EDITION_CPU:g} s CPU: {slowest.cpu:.1f} s (the slowest) {verdict(met)}")
    if every is not None:
        met = every.wall <= TARGET_BUILD_WALL
        print(f"  three editions, reportgen build <= {TARGET_BUILD_WALL:g} s wall: {every.wall:.1f} s {verdict(met)}")
    if "edit" in edits:
        wall = edits["edit"].wall
        met = wall <= TARGET_EDIT_WALL
        print(f"  one-decision edit, public PDF <= {TARGET_EDIT_WALL:g} s wall: {wall:.1f} s {verdict(met)}")
    if "verify" in edits:
        wall = edits["verify"].wall
        print(
            f"  verify --rebuild <= {TARGET_VERIFY:g} s: {wall:.1f} s wall, {edits['verify'].cpu:.1f} s CPU "
            f"{verdict(wall <= TARGET_VERIFY)}"
        )
    if redline is not None:
        print(
            f"  diff --format pdf <= {TARGET_DIFF:g} s: {redline.wall:.1f} s wall, {redline.cpu:.1f} s CPU "
            f"{verdict(redline.wall <= TARGET_DIFF)}"
        )
    if example is not None and 1000 in slices:
        growth = slices[1000].per_page / example["ours"]["public"].per_page
        print(
            f"  1,000 decisions, CPU per page within {TARGET_SLICE_PER_PAGE:g}x the example's: {growth:.2f}x "
            f"{verdict(growth <= TARGET_SLICE_PER_PAGE)}"
        )
    if 100 in slices and 1000 in slices:
        print(f"  CPU per page, 1,000 / 100 decisions: {slices[1000].per_page / slices[100].per_page:.2f}x")
    if 10_000 in slices:
        big = slices[10_000]
        print(
            f"  10,000 decisions: {big.pages:,} pages, peak RSS {big.rss_mb / 1024:.1f} GB, "
            f"CPU per page {big.per_page / slices[1000].per_page:.2f}x the 1,000-decision slice's"
        )
    ratio = example["ratio"] if example is not None else 0.0
    if example is not None:
        print(f"  theme / plain theme <= {args.max_ratio:g}x: {ratio:.2f}x {verdict(ratio <= args.max_ratio)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if keep_dir is not None:
        print(f"PDFs kept in {keep_dir.relative_to(ROOT)}")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
