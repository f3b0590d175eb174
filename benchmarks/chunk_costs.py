"""What chunked layout (issue 14, points 3 and 4) could save, measured before building it.

    python benchmarks/chunk_costs.py            # the example (inputs/asab-2026), three editions
    python benchmarks/chunk_costs.py --groups 4 # parts joined into 4 runs of chapters of similar size

Splits each edition's print HTML where the theme puts page breaks between top-level parts (the cover and
contents, each ``<section class="chapter">`` of ``<main>``, the colophon going with the last chapter),
renders every part of the public edition as a document of its own (the same head and CSS; tagged,
PDF/A-3a, in a forked process like the build's worker) and prints per part: pages, CPU seconds, and
whether the regulator's and the internal edition's part is byte-for-byte the same HTML (so could be laid
out once for the three). Then the sums: the monolithic render against the parts laid out on two cores,
what a one-decision edit (the decisions chapter and the contents) would lay out again, and the share
of the three editions' work that is common. No merging is done here: the figures bound what a merge
could reach (it adds its own cost).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pdf import EDITIONS, EXAMPLE, Sample, jobs_for, lay_out

from reportgen.render.pdf import PdfJob
from reportgen.render.theme import Theme

CHAPTER = re.compile(r'<section class="chapter[ "]')


@dataclass(frozen=True)
class Part:
    name: str
    body: str  # what goes between the shared opening (head, <body>, <main>) and the closing


def split_parts(html: str) -> tuple[str, str, list[Part]]:
    """(opening, closing, parts) of a print HTML: ``opening + part.body + closing`` is a document."""
    main_at = html.index('<main id="main">')
    main_end = html.index("</main>")
    body_at = html.index(">", html.index("<body")) + 1
    opening_body, opening_main = html[:body_at], '<main id="main">'
    starts = [m.start() for m in CHAPTER.finditer(html, main_at, main_end)]
    parts = [Part("cover+contents", html[body_at:main_at] + opening_main + "</main>")]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else main_end
        name = re.search(r'id="([^"]+)"', html[start : start + 200])
        body = opening_main + html[start:end] + "</main>"
        if index + 1 == len(starts):
            body += html[main_end + len("</main>") : html.index("</body>")]
        parts.append(Part(name.group(1) if name else f"part-{index}", body))
    return opening_body, "</body>\n</html>\n", parts


def grouped(parts: list[Part], groups: int) -> list[Part]:
    """``parts`` joined into ``groups`` runs of consecutive parts with about the same HTML length each
    (the cover and contents stay alone: they are the part laid out again when page numbers move)."""
    first, rest = parts[0], parts[1:]
    if groups < 2 or groups - 1 >= len(rest):
        return parts
    share = sum(len(p.body) for p in rest) / (groups - 1)
    runs: list[list[Part]] = [[]]
    filled = 0.0
    for part in rest:
        if runs[-1] and filled + len(part.body) / 2 > share * len(runs) and len(runs) < groups - 1:
            runs.append([])
        runs[-1].append(part)
        filled += len(part.body)
    opening, closing = '<main id="main">', "</main>"
    joined = []
    for run in runs:
        inner = [p.body[len(opening) : p.body.index(closing)] for p in run]
        tail = run[-1].body[run[-1].body.index(closing) + len(closing) :]  # the colophon, after the last
        joined.append(Part("+".join(p.name for p in run), opening + "".join(inner) + closing + tail))
    return [first, *joined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=0, help="join the chapters into this many parts")
    args = parser.parse_args(argv)
    theme = Theme.with_overrides(None)
    jobs = jobs_for(EXAMPLE, theme, EDITIONS)
    split = {}
    for edition, job in jobs.items():
        opening, closing, parts = split_parts(job.html)
        split[edition] = (opening, closing, grouped(parts, args.groups))
    public = jobs["public"]
    opening, closing, parts = split["public"]
    kept = Path(tempfile.mkdtemp(prefix="chunk-costs-"))
    whole = lay_out(public, True, kept / "whole.pdf")
    print(f"monolithic public edition: {whole.pages} pages, {whole.cpu:.2f} s CPU")
    print(f"\n  {'part':<40} {'pages':>5} {'CPU s':>7}  same HTML in regulator / internal")
    samples: list[Sample] = []
    shared = 0.0
    for index, part in enumerate(parts):
        job = PdfJob(**{**public.__dict__, "html": opening + part.body + closing})
        sample = lay_out(job, True, kept / f"part-{index:02d}.pdf")
        samples.append(sample)
        same = []
        for edition in EDITIONS[1:]:
            other = split[edition][2]
            same.append(index < len(other) and other[index].body == part.body)
        if all(same):
            shared += sample.cpu
        marks = " / ".join("same" if s else "differs" for s in same)
        print(f"  {part.name[:40]:<40} {sample.pages:5d} {sample.cpu:7.2f}  {marks}")
    total = sum(s.cpu for s in samples)
    pages = sum(s.pages for s in samples)
    longest = max(s.cpu for s in samples)
    two_cores = max(longest, total / 2)
    decisions = next(s.cpu for p, s in zip(parts, samples, strict=True) if "decisions" in p.name.split("+"))
    print(f"\n  parts: {pages} pages (monolithic {whole.pages}), {total:.2f} s CPU (monolithic {whole.cpu:.2f})")
    print(f"  on two cores, at best: {two_cores:.2f} s wall (the longest part: {longest:.2f} s)")
    print(f"  a one-decision edit lays out again: decisions {decisions:.2f} s + contents {samples[0].cpu:.2f} s")
    print(f"  common to the three editions: {shared:.2f} s of {total:.2f} s CPU per edition")
    merged, merge_cpu, size = merge_pages(sorted(kept.glob("part-*.pdf")))
    whole_size = (kept / "whole.pdf").stat().st_size
    print(
        f"  pikepdf, pages only (no outline, links, tags or attachments fixed): {merge_cpu:.2f} s CPU, "
        f"{merged} pages, {size / 1e6:.2f} MB (monolithic {whole_size / 1e6:.2f} MB: fonts once per part)"
    )
    shutil.rmtree(kept)
    return 0


def merge_pages(files: list[Path]) -> tuple[int, float, int]:
    """The parts' pages appended into one PDF with pikepdf: (pages, CPU seconds, bytes). A lower bound
    of a real merge's cost, which must also join the outlines, destinations and structure trees."""
    import pikepdf

    before = time.process_time()
    merged = pikepdf.Pdf.new()
    sources = [pikepdf.Pdf.open(f) for f in files]
    with warnings.catch_warnings():  # that named destinations are not kept: known, this is a lower bound
        warnings.simplefilter("ignore")
        for source in sources:
            merged.pages.extend(source.pages)
    out = io.BytesIO()
    merged.save(out, deterministic_id=True)
    return len(merged.pages), time.process_time() - before, len(out.getvalue())


if __name__ == "__main__":
    raise SystemExit(main())
