"""What an auditor waits for: ``diff`` of two published PDFs and ``verify`` of a PDF against its inputs.

    python benchmarks/bench_audit.py              # best of 3
    python benchmarks/bench_audit.py --repeat 5

Builds the public PDFs of ``inputs/asab-2025`` and ``inputs/asab-2026`` once (into
``benchmarks/out/audit``, reused while the inputs and the code are unchanged, as ``reportgen build``
itself decides), then times each command in a new process, as a user runs it: wall seconds, and the
CPU seconds and peak RSS of the process and its workers. The targets are the auditor issue's: ``diff``
of the two PDFs (text and JSON) at most 1 s, ``verify`` without ``--rebuild`` (the embedded data and
build record against the inputs) at most 2 s. The redline PDF and ``verify --rebuild`` are in
``bench_pdf.py``. Exit status 1 when a target is missed on CPU time (wall time on a shared machine is
printed, not judged).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench_common import ROOT, Sample, cli_env, reportgen, run_command

OUT = ROOT / "benchmarks" / "out" / "audit"
INPUTS = ROOT / "inputs"
TARGETS = {"diff, text": 1.0, "diff, JSON": 1.0, "verify, data level": 2.0}


def built(year: str) -> Path:
    """The public PDF of ``inputs/asab-<year>`` (built now if missing or out of date)."""
    out = OUT / year
    run_command(
        reportgen("build", str(INPUTS / f"asab-{year}"), "-o", str(out), "--edition", "public", "--format", "pdf"),
        cli_env(),
    )
    return out / "report.pdf"


def best(command: list[str], repeat: int, ok: tuple[int, ...]) -> Sample:
    runs = [run_command(command, cli_env(), ok) for _ in range(repeat)]
    return min(runs, key=lambda sample: sample.cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the best is shown")
    args = parser.parse_args()
    print(f"bench_audit.py: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    old, new = built("2025"), built("2026")
    commands = {
        # diff exits 1 when the two differ, which these do
        "diff, text": (reportgen("diff", str(old), str(new)), (1,)),
        "diff, JSON": (reportgen("diff", str(old), str(new), "--format", "json"), (1,)),
        "verify, data level": (reportgen("verify", str(new), "--inputs", str(INPUTS / "asab-2026")), (0,)),
    }
    print(f"  {'command':<28}{'CPU s':>8}{'wall s':>8}{'RSS MB':>8}   target (CPU)")
    missed = []
    for name, (command, ok) in commands.items():
        sample = best(command, args.repeat, ok)
        met = sample.cpu <= TARGETS[name]
        missed += [] if met else [name]
        verdict = "met" if met else "NOT met"
        figures = f"{sample.cpu:>8.2f}{sample.wall:>8.2f}{sample.rss_mb:>8.0f}"
        print(f"  {name:<28}{figures}   <= {TARGETS[name]:g} s {verdict}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
