#!/usr/bin/env python3
"""Time ``reportgen validate`` on a large archive, stage by stage, plus its error and warning paths.

    python benchmarks/bench_validate.py [ARCHIVE_DIR] [--repeat 3] [--profile] [--no-cli] [--regenerate]

Without ARCHIVE_DIR the synthetic 10-year archive is generated into ``benchmarks/out/archive`` (and
reused on later runs; ``--regenerate`` rebuilds it). Each figure is the best of ``--repeat`` runs of
``time.perf_counter`` (wall clock); the CPU column is the best ``time.process_time`` of the same runs,
which is steadier when the machine is shared. The median wall time is shown too.

Nothing here changes reportgen; the breakdown rows call some of its private helpers
(``parsing._DEEP``, ``checks._votes`` ...) and are skipped if those are renamed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import inspect
import io
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from reportgen.checks import cross_checks as checks
from reportgen.checks.cross_checks import run_checks
from reportgen.checks.validate import check_report
from reportgen.core.limits import DEFAULT_LIMITS
from reportgen.inputs import parsing, reading
from reportgen.inputs.sources import find_input_files, load_inputs
from reportgen.schema import Report

HERE = Path(__file__).resolve().parent
DEFAULT_ARCHIVE = HERE / "out" / "archive"
TARGET_SECONDS = 1.0


# --------------------------------------------------------------------------------------------------
# Measuring and printing


class Timing:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    @property
    def best(self) -> float:
        return min(self.wall)


def measure(repeat: int, fn: Callable[[], Any]) -> tuple[Timing, Any]:
    """Best of ``repeat`` runs, with cycle collection off during each (as ``check_report`` runs), so that
    the stages add up to the whole instead of each paying for collections the whole never makes."""
    timing, result = Timing(), None
    for _ in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            w, c = time.perf_counter(), time.process_time()
            result = fn()
            timing.add(time.perf_counter() - w, time.process_time() - c)
        finally:
            gc.enable()
    return timing, result


def ms(seconds: float | None) -> str:
    return " " * 9 if seconds is None else f"{seconds * 1000:7.0f}ms"


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'':<52} {'best':>9} {'median':>9} {'cpu':>9}")


def row(label: str, timing: Timing | None, note: str = "", cpu: bool = True) -> None:
    if timing is None:
        print(f"  {label:<52} {'-':>9}")
        return
    best_cpu = min(timing.cpu) if cpu else None
    median = statistics.median(timing.wall)
    print(f"  {label:<52} {ms(timing.best)} {ms(median)} {ms(best_cpu)}  {note}".rstrip())


# --------------------------------------------------------------------------------------------------
# The archive


def ensure_archive(path: Path | None, regenerate: bool) -> Path:
    if path is not None:
        if not (path / "report.yaml").exists():
            sys.exit(f"{path}: no report.yaml; generate one with benchmarks/make_archive.py")
        return path
    if regenerate or not (DEFAULT_ARCHIVE / "report.yaml").exists():
        sys.path.insert(0, str(HERE))
        import make_archive

        print(f"generating {DEFAULT_ARCHIVE} ...")
        if make_archive.main([str(DEFAULT_ARCHIVE), "--no-check"]) != 0:
            sys.exit("archive generation failed")
    return DEFAULT_ARCHIVE


def describe(root: Path) -> None:
    inputs = load_inputs(root, DEFAULT_LIMITS)
    counts = {k: len(v) for k, v in inputs.data.items() if isinstance(v, list)}
    board = inputs.data.get("board")
    if isinstance(board, dict):
        counts["members"] = len(board.get("members", []))
    size = sum(f.size for f in inputs.files)
    biggest = max(inputs.files, key=lambda f: f.size)
    print(f"archive  {root}")
    print(
        f"         {len(inputs.files)} files, {size:,} bytes ({size / 1e6:.1f} MB; largest {biggest.rel} "
        f"{biggest.size / 1e3:.0f} kB), {sum(counts.values()):,} items"
    )
    print("         " + ", ".join(f"{n:,} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])))
    fast, total, why = fast_path_coverage(root)
    print(f"         reportgen's fast reader takes {fast} of {total} files" + (f"; the others: {why}" if why else ""))


def prescan_patterns() -> list[tuple[str, re.Pattern[bytes]]]:
    """The byte regexes of reportgen.inputs.parsing (whatever their names)."""
    return [(n, v) for n, v in vars(parsing).items() if isinstance(v, re.Pattern) and isinstance(v.pattern, bytes)]


class _Counting:
    """Stands in for a compiled regex and counts the calls, to see which run on the happy path."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern, self.calls = pattern, 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.pattern, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return attr(*args, **kwargs)

        return counted


def regexes_used_by_load(root: Path) -> list[tuple[str, re.Pattern[bytes], int]]:
    """The byte regexes reportgen.inputs.parsing calls while loading this archive, with their call counts."""
    originals = prescan_patterns()
    proxies = {name: _Counting(rx) for name, rx in originals}
    try:
        for name, proxy in proxies.items():
            setattr(parsing, name, proxy)
        load_inputs(root, DEFAULT_LIMITS)
    finally:
        for name, rx in originals:
            setattr(parsing, name, rx)
    return [(name, rx, proxies[name].calls) for name, rx in originals if proxies[name].calls]


def make_pairs_hook() -> Any:
    """reportgen's duplicate-key hook for json.loads, whichever of its private signatures it has now."""
    factory = getattr(parsing, "_pairs_hook", None)
    if factory is None:
        return None
    for argument in (DEFAULT_LIMITS, DEFAULT_LIMITS.max_string_chars):
        try:
            hook = factory(argument)
            hook([("a", "b")])
            return hook
        except Exception:  # the private signature changed: try the other one
            continue
    return None


def fast_path_coverage(root: Path) -> tuple[int, int, str]:
    read_fast, slow = getattr(parsing, "_read_fast", None), getattr(parsing, "_SLOW", None)
    paths = find_input_files(root, DEFAULT_LIMITS)
    if read_fast is None:
        return 0, len(paths), "(cannot tell: parsing._read_fast is gone)"
    fast, reasons = 0, {}
    for path in paths:
        data = path.read_bytes()
        is_json = path.suffix.lower() == ".json"
        try:
            taken = read_fast(data, is_json, DEFAULT_LIMITS) is not slow
        except Exception:  # a ParseFailure: the careful reader decides
            taken = False
        if taken:
            fast += 1
            continue
        matched = [name for name, rx in prescan_patterns() if rx.search(data)]
        reason = f"{'/'.join(matched)} matched" if matched else "declined by rapidyaml, json or a feature check"
        reasons[reason] = reasons.get(reason, 0) + 1
    return fast, len(paths), "; ".join(f"{n} x {r}" for r, n in reasons.items())


# --------------------------------------------------------------------------------------------------
# The happy path


def happy_path(root: Path, repeat: int) -> Timing:
    load, validate, cross, total = Timing(), Timing(), Timing(), Timing()
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        w0, c0 = time.perf_counter(), time.process_time()
        inputs = load_inputs(root, DEFAULT_LIMITS)
        w1, c1 = time.perf_counter(), time.process_time()
        report = Report.model_validate(inputs.data)
        w2, c2 = time.perf_counter(), time.process_time()
        problems = run_checks(report)
        w3, c3 = time.perf_counter(), time.process_time()
        load.add(w1 - w0, c1 - c0)
        validate.add(w2 - w1, c2 - c1)
        cross.add(w3 - w2, c3 - c2)
        total.add(w3 - w0, c3 - c0)
        gc.enable()
        if problems:
            print(f"  note: run_checks reports {len(problems)} problem(s), first: {problems[0]}")
        del inputs, report, problems
    whole, (report, _inputs, findings) = measure(repeat, lambda: check_report(root, DEFAULT_LIMITS))
    one_core = Timing()
    for _ in range(repeat):
        saved = reading.PARALLEL_MIN_BYTES
        reading.PARALLEL_MIN_BYTES = 1 << 62  # no helper process: every file read here
        try:
            gc.collect()
            gc.disable()
            w0, c0 = time.perf_counter(), time.process_time()
            load_inputs(root, DEFAULT_LIMITS)
            one_core.add(time.perf_counter() - w0, time.process_time() - c0)
        finally:
            gc.enable()
            reading.PARALLEL_MIN_BYTES = saved
    header("in-process (one Python process, imports already done; cpu = this process only)")
    row("find + read + parse   sources.load_inputs", load, "two processes: a forked helper reads too")
    row("  the same on one core (no helper)", one_core)
    row("pydantic              Report.model_validate", validate)
    row("cross-checks          checks.run_checks", cross)
    row("sum of the three", total)
    errors = sum(f.severity == "error" for f in findings)
    row(
        "validate.check_report (all of it)",
        whole,
        f"{'valid' if report is not None else 'INVALID'}, {errors} error(s), {len(findings) - errors} warning(s)",
    )
    return whole


def load_breakdown(root: Path, repeat: int) -> None:
    """Where load_inputs spends its time, file by file summed, using reportgen's own pieces."""
    paths = find_input_files(root, DEFAULT_LIMITS)
    blobs = [p.read_bytes() for p in paths]
    header("  load_inputs broken down (all files)")
    row("  find_input_files", measure(repeat, lambda: find_input_files(root, DEFAULT_LIMITS))[0])
    row("  read_bytes", measure(repeat, lambda: [p.read_bytes() for p in paths])[0])
    row("  sha256", measure(repeat, lambda: [hashlib.sha256(d).hexdigest() for d in blobs])[0])
    row("  utf-8 decode (parsing.decode)", measure(repeat, lambda: [parsing.decode(d, "f") for d in blobs])[0])
    for name, rx, calls in regexes_used_by_load(root):
        row(
            f"  regex parsing.{name}.search, every file",
            measure(repeat, lambda rx=rx: [rx.search(d) for d in blobs])[0],
            f"load_inputs calls it {calls} time(s)",
        )
    try:
        import ryml
    except ImportError:
        return
    trees = []
    row(
        "  rapidyaml parse_in_arena",
        measure(repeat, lambda: trees.append([ryml.parse_in_arena(d) for d in blobs]))[0],
    )
    parsed = trees[-1]
    texts: list[Any] = []
    row(
        "  rapidyaml emit_json_malloc",
        measure(repeat, lambda: texts.append([ryml.emit_json_malloc(t, t.root_id()) for t in parsed]))[0],
    )
    js = texts[-1]
    row("  json.loads", measure(repeat, lambda: [json.loads(j) for j in js])[0])
    try:
        import orjson
    except ImportError:
        orjson = None
    if orjson is not None:
        values: list[Any] = []
        row(
            "  orjson.loads (what reportgen uses)",
            measure(repeat, lambda: values.append([orjson.loads(j) for j in js]))[0],
        )
        row(
            "  orjson.dumps, indented (the duplicate/depth/length check)",
            measure(repeat, lambda: [orjson.dumps(v, option=orjson.OPT_INDENT_2) for v in values[-1]])[0],
        )
    careful = getattr(parsing, "_needs_careful_reader", None)
    if careful is not None:
        row("  parsing._needs_careful_reader (byte checks)", measure(repeat, lambda: [careful(d) for d in blobs])[0])
    read_fast = getattr(parsing, "_read_fast", None)
    if read_fast is not None:
        row(
            "  parsing._read_fast, all of it",
            measure(repeat, lambda: [read_fast(d, False, DEFAULT_LIMITS) for d in blobs])[0],
        )
    hook = make_pairs_hook()
    if hook is not None:
        row(
            "  json.loads with parsing._pairs_hook",
            measure(repeat, lambda: [json.loads(j, object_pairs_hook=hook) for j in js])[0],
        )


def checks_breakdown(root: Path, repeat: int) -> None:
    """Each check that run_checks calls (found by name in its source), timed on its own."""
    report = Report.model_validate(load_inputs(root, DEFAULT_LIMITS).data)
    try:
        names = re.findall(r"^\s+(\w+),$", inspect.getsource(checks.run_checks), re.MULTILINE)
    except (OSError, TypeError):
        return
    found = [(n, getattr(checks, n)) for n in dict.fromkeys(names) if inspect.isfunction(getattr(checks, n, None))]
    if not found:
        return
    header("  run_checks broken down")
    for name, fn in found:
        try:
            row(f"  checks.{name}", measure(repeat, lambda fn=fn: list(fn(report)))[0])
        except Exception as exc:  # a private helper changed: say so, go on
            print(f"  checks.{name}: skipped ({type(exc).__name__})")


# --------------------------------------------------------------------------------------------------
# The command line


def console_script() -> list[str]:
    beside = Path(sys.executable).with_name("reportgen")
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "reportgen"]


def run_cli(command: list[str], repeat: int) -> tuple[Timing, str]:
    timing, last = Timing(), ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timing.add(wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
        lines = (done.stdout + done.stderr).strip().splitlines()
        last = f"exit {done.returncode}: {lines[-1][:80] if lines else ''}"
    return timing, last


def peak_rss(command: list[str]) -> int:
    """Peak RSS in kB of one run, measured by a small launcher (a fork of this big process would count)."""
    launcher = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", launcher, *command], capture_output=True, text=True, check=False)
    try:
        return int(done.stdout.split()[-1])
    except (IndexError, ValueError):
        return 0


def cli(root: Path, repeat: int) -> Timing:
    header("command line (new process each run; cpu = child user+sys)")
    row("python -c pass", run_cli([sys.executable, "-c", "pass"], repeat)[0])
    row(
        "python -c 'import reportgen.checks.validate'",
        run_cli([sys.executable, "-c", "import reportgen.checks.validate"], repeat)[0],
    )
    row(
        "python -c 'import reportgen.cli.main'", run_cli([sys.executable, "-c", "import reportgen.cli.main"], repeat)[0]
    )
    script = console_script()
    timing, last = run_cli([*script, "validate", str(root)], repeat)
    row(f"{Path(script[0]).name} validate DIR  (console script)", timing, last)
    on_path = shutil.which("reportgen")
    if on_path and Path(on_path).resolve() != Path(script[0]).resolve():
        shim, _ = run_cli([on_path, "validate", str(root)], repeat)
        row("reportgen validate DIR  (as found on PATH)", shim, on_path)
    print(f"  peak RSS of `reportgen validate DIR`: {peak_rss([*script, 'validate', str(root)]) / 1024:.0f} MB")
    return timing


# --------------------------------------------------------------------------------------------------
# Error and warning paths


def error_path(root: Path, repeat: int) -> None:
    """Rename a key in the last decision of the largest decisions file; time check_report, check where."""
    header("error path (copy of the archive, one key renamed)")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        copy = Path(tmp) / "archive"
        shutil.copytree(root, copy)
        candidates = sorted(copy.glob("decisions/*.y*ml"), key=lambda p: p.stat().st_size)
        if not candidates:
            print("  (no decisions/*.yaml to break)")
            return
        target = candidates[-1]
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        last_item = max(i for i, line in enumerate(lines) if line.startswith("- "))
        key_line = next(i for i in range(last_item, len(lines)) if lines[i].lstrip(" -").startswith("title:"))
        col = len(lines[key_line]) - len(lines[key_line].lstrip(" -")) + 1
        lines[key_line] = lines[key_line].replace("title:", "titel:", 1)
        target.write_text("".join(lines), encoding="utf-8")
        rel = target.relative_to(copy).as_posix()
        expected = f"{rel}:{key_line + 1}:{col}"

        timing, (report, _inputs, findings) = measure(repeat, lambda: check_report(copy, DEFAULT_LIMITS))
        row(f"check_report, 'title' -> 'titel' in {rel}", timing, f"{len(findings)} finding(s)")
        data = target.read_bytes()
        row(
            f"  of which parsing.locate_in({rel})",
            measure(repeat, lambda: parsing.locate_in(data, rel, DEFAULT_LIMITS))[0],
            f"{len(data):,} bytes",
        )
        for finding in findings[:4]:
            print(f"    {finding.format()}")
        hit = any(f.format().startswith(expected + ":") and "titel" in f.message for f in findings)
        print(f"    expected the unknown key at {expected}: {'OK' if hit and report is None else 'WRONG'}")


def warning_path(root: Path, repeat: int) -> None:
    """Narrow the period to the last year: every older dated item becomes a located warning."""
    header("warning path (copy of the archive, period narrowed to the last year)")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        copy = Path(tmp) / "archive"
        shutil.copytree(root, copy)
        report_file = copy / "report.yaml"
        text = report_file.read_text(encoding="utf-8")
        match = re.search(r"^(\s*period:\s*)(\d{4})-(\d\d-\d\d)/(\d{4})-(\d\d-\d\d)\s*$", text, re.MULTILINE)
        if not match:
            print("  (no 'period: YYYY-MM-DD/YYYY-MM-DD' line in report.yaml)")
            return
        last = match.group(4)
        text = text[: match.start()] + f"{match.group(1)}{last}-01-01/{last}-{match.group(5)}" + text[match.end() :]
        report_file.write_text(text, encoding="utf-8")
        timing, (_report, _inputs, findings) = measure(repeat, lambda: check_report(copy, DEFAULT_LIMITS))
        files = len({f.file for f in findings})
        row("check_report", timing, f"{len(findings):,} warning(s) in {files} file(s)")
        if findings:
            print(f"    e.g. {findings[0].format()}")


# --------------------------------------------------------------------------------------------------
# Floors


def floors(root: Path, repeat: int) -> None:
    header("floors: other ways to read the same files")
    paths = find_input_files(root, DEFAULT_LIMITS)
    blobs = [p.read_bytes() for p in paths]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    row(
        f"PyYAML yaml.load(Loader={loader.__name__})",
        measure(repeat, lambda: [yaml.load(d, Loader=loader) for d in blobs])[0],
    )
    try:
        import ryml

        def rapid() -> None:
            for d in blobs:
                tree = ryml.parse_in_arena(d)
                json.loads(ryml.emit_json_malloc(tree, tree.root_id()))

        row("rapidyaml -> JSON text -> json.loads", measure(repeat, rapid)[0])
    except ImportError:
        pass
    row(
        "reportgen's careful reader (parsing.locate_in)",
        measure(
            max(1, min(repeat, 2)),
            lambda: [parsing.locate_in(d, p.name, DEFAULT_LIMITS) for p, d in zip(paths, blobs, strict=True)],
        )[0],
    )


def profile(root: Path, top: int) -> None:
    print(f"\ncProfile of one check_report, top {top} by own time")
    profiler = cProfile.Profile()
    profiler.enable()
    check_report(root, DEFAULT_LIMITS)
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    text = buffer.getvalue()
    cwd = str(Path.cwd()) + "/"
    text = text[text.find("   ncalls") :] if "   ncalls" in text else text
    print(text.replace(cwd, "").rstrip())


def reportgen_revision() -> str:
    """The git commit of the reportgen being measured, and whether its files differ from it."""
    package = Path(parsing.__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"at {package} (not a git checkout)"
    return f"at {package}, commit {head}" + (" with uncommitted changes" if dirty else "")


def _spin() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i
    return time.perf_counter() - start


def machine_speed() -> str:
    """A yardstick for comparing runs: the same pure-Python loop alone, and in two processes at once.
    Shared machines vary by more than the changes being measured (seen here: 1.7x within an hour), and a
    second core does not always give twice the work."""
    alone = min(_spin() for _ in range(3))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.write(write_end, str(_spin()).encode())
        os._exit(0)
    os.close(write_end)
    here = _spin()
    there = float(os.read(read_end, 64) or b"nan")
    os.close(read_end)
    os.waitpid(pid, 0)
    both = max(here, there)
    return (
        f"a 2M-step Python loop takes {alone * 1000:.0f} ms alone, {both * 1000:.0f} ms with a second one "
        f"running (two cores give {2 * alone / both:.1f}x the work of one)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", nargs="?", type=Path, help=f"report folder (default: {DEFAULT_ARCHIVE})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the default archive first")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one check_report")
    parser.add_argument("--no-cli", action="store_true", help="skip the subprocess measurements")
    parser.add_argument("--quick", action="store_true", help="skip the breakdowns, warning path and floors")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    root = ensure_archive(args.archive, args.regenerate)

    describe(root)
    print(f"code     reportgen {reportgen_revision()}")
    print(
        f"runs     best of {repeat}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
        f"Python {sys.version.split()[0]}"
    )
    print(f"machine  {machine_speed()}")
    whole = happy_path(root, repeat)
    if not args.quick:
        load_breakdown(root, repeat)
        checks_breakdown(root, repeat)
    cli_timing = None if args.no_cli else cli(root, repeat)
    error_path(root, repeat)
    if not args.quick:
        warning_path(root, repeat)
        floors(root, repeat)

    headline, what = (cli_timing.best, "console script wall clock") if cli_timing else (whole.best, "check_report")
    verdict = "met" if headline <= TARGET_SECONDS else "MISSED"
    print(
        f"\ntarget   {what} {headline:.2f} s vs {TARGET_SECONDS:.1f} s: {verdict} "
        f"(load average now {os.getloadavg()[0]:.2f})"
    )
    if args.profile:
        profile(root, 20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
