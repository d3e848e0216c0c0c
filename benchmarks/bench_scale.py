"""Benchmark: jjind on national submissions of 10k, 100k and 1M records against reading baselines.

For each size, `generate.py` makes (or reuses from its cache) a valid submission as a workbook and
as a folder of CSV files; then each command runs in a fresh process, start-up and imports included,
as a user runs it, timed by wall clock with the process's own peak memory (`os.wait4`):
`jjind validate`, `jjind compute` with an Excel and with a CSV report, on the workbook and on the
CSV folder; python-calamine and pandas + openpyxl reading every sheet of the workbook; and
`frictionless validate` with Table Schemas generated from jjind's models (`table_schema.py`), on
both. Prints the Markdown tables (timings and ratios, the targets of issue #6 met or not, growth
with size); `--write` puts them into docs/performance.md between markers.

    python benchmarks/bench_scale.py --write                      # 10k, 100k and 1M records
    python benchmarks/bench_scale.py --sizes 10000 100000         # quicker, prints only
    python benchmarks/bench_scale.py --smoke                      # CI: 10k, checks it all runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench_scale:start -->", "<!-- bench_scale:end -->"
SIZES = [10_000, 100_000, 1_000_000]
GENERATE = Path(__file__).resolve().parent / "generate.py"
CALAMINE, PANDAS, FRICTIONLESS = (
    "python-calamine (read every sheet)", "pandas + openpyxl (read every sheet)",
    "frictionless validate",
)  # fmt: skip
BASELINES = (CALAMINE, PANDAS, FRICTIONLESS)
VALIDATE, TO_XLSX, TO_CSV = (
    "jjind validate", "jjind compute → Excel report", "jjind compute → CSV report",
)  # fmt: skip
COMPUTES = (TO_XLSX, TO_CSV)
# Tenfold records may take at most this many times ten the time to count as linear growth.
LINEAR_TOLERANCE = 1.1
READ_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
print(sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names))
"""
READ_PANDAS = """
import sys
import pandas as pd
frames = pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
print(sum(len(f) for f in frames.values()))
"""


@dataclass(frozen=True)
class Run:
    """One command's measurement; `seconds` is the timeout when it timed out."""

    records: int
    input: str  # "xlsx" or "CSV"
    tool: str
    seconds: float
    peak_mb: float
    timed_out: bool = False
    peak_bound: bool = False  # the peak is no more than the runner's own (see `measure`)


def _bin(name: str) -> list[str]:
    """A console script of this environment, or `python -m` when it is not installed as one."""
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", {"jjind": "jjindicators"}.get(name, name)]


def own_peak_mb() -> float:
    """This process's peak resident memory in MB (Linux gives kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(argv: list[str], timeout: float, logs: Path) -> tuple[float, float, bool, int]:
    """Run argv in a fresh process: wall seconds, its peak MB, timed out, exit code.

    Linux counts in a child's peak the memory of the process it was forked from (its high-water
    mark carries over exec), so a child's peak is at least this runner's: the runner imports
    nothing heavy, and a peak no higher than its own is shown as an upper bound.
    """
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 start_new_session=True)  # fmt: skip
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, expired.is_set(), child.returncode


def commands(made: dict, out: Path, tools: set[str]) -> list[tuple]:
    """(input, tool, argv, check) for every command run on one size, in the order they run."""
    jjind, today, packages = _bin("jjind"), ["--today", made["today"]], made["packages"]
    friction = [*_bin("frictionless"), "validate", "--json"]
    xlsx, csv = made["xlsx"], made["csv"]
    listed = [
        ("xlsx", VALIDATE, [*jjind, "validate", xlsx, *today], None),
        ("xlsx", TO_XLSX, [*jjind, "compute", xlsx, "-o", str(out / "x.xlsx"), *today], None),
        ("xlsx", TO_CSV, [*jjind, "compute", xlsx, "-o", str(out / "x-csv"), *today], None),
        ("xlsx", CALAMINE, [sys.executable, "-c", READ_CALAMINE, xlsx], "calamine"),
        ("xlsx", PANDAS, [sys.executable, "-c", READ_PANDAS, xlsx], "pandas"),
        ("xlsx", FRICTIONLESS, [*friction, packages["xlsx"]], "frictionless"),
        ("CSV", VALIDATE, [*jjind, "validate", csv, *today], None),
        ("CSV", TO_XLSX, [*jjind, "compute", csv, "-o", str(out / "c.xlsx"), *today], None),
        ("CSV", TO_CSV, [*jjind, "compute", csv, "-o", str(out / "c-csv"), *today], None),
        ("CSV", FRICTIONLESS, [*friction, packages["csv"]], "frictionless"),
    ]  # fmt: skip
    return [c for c in listed if c[1] in tools]


def _check(check: str | None, stdout: str, made: dict) -> str | None:
    """What is wrong with a command's output, if anything (its exit code was 0)."""
    rows = sum(made["rows"].values())
    if check == "calamine" and int(stdout.split()[-1]) != rows + len(made["rows"]):
        return f"read {stdout.split()[-1]} rows, expected {rows} and a header per sheet"
    if check == "pandas" and int(stdout.split()[-1]) != rows:
        return f"read {stdout.split()[-1]} rows, expected {rows}"
    if check == "frictionless":
        report = json.loads(stdout)
        read = sum(t["stats"].get("rows", 0) for t in report["tasks"])
        if not report["valid"] or read != rows:
            return f"frictionless: valid {report['valid']}, {read} of {rows} rows"
    return None


def prepare(records: int, args: argparse.Namespace) -> dict:
    """The submission of `records` records, generated (or found in the cache) by another process,
    so that this one stays small (see `measure`)."""
    argv = [sys.executable, str(GENERATE), str(records), "--json"]
    argv += ["--seed", str(args.seed)] if args.seed is not None else []
    argv += ["--data", str(args.data)] if args.data is not None else []
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(argv)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def bench(records: int, args: argparse.Namespace, tools: set[str]) -> list[Run]:
    """Every command on the submission of `records` records; fails loudly on a failing one."""
    made = prepare(records, args)
    how = "reused" if made["reused"] else f"generated in {made['seconds']:.1f} s"
    print(f"{records:,} records ({how}): {made['folder']}", file=sys.stderr)
    runs = []
    with tempfile.TemporaryDirectory(prefix="jjind-bench-out-") as tmp:
        for i, (kind, tool, argv, check) in enumerate(commands(made, Path(tmp), tools)):
            logs = Path(tmp) / f"log{i}"
            floor = own_peak_mb()
            seconds, peak, timed_out, code = measure(argv, args.timeout, logs)
            stdout = (logs / "stdout").read_text("utf-8", "replace")
            problem = None if timed_out else (
                f"exit code {code}" if code != 0 else _check(check, stdout, made))  # fmt: skip
            if problem:
                stderr = (logs / "stderr").read_text("utf-8", "replace")
                raise SystemExit(f"FAILED: {' '.join(argv)}\n{problem}\n"
                                 f"--- stdout (end)\n{stdout[-3000:]}\n"
                                 f"--- stderr (end)\n{stderr[-3000:]}")  # fmt: skip
            note = f"timed out after {args.timeout:g} s" if timed_out else f"{seconds:.2f} s"
            print(f"  {kind:4} {tool:40} {note:>24} {peak:8.0f} MB", file=sys.stderr)
            runs.append(Run(records, kind, tool, seconds, peak, timed_out, peak <= floor + 1))
            for report in ("x-csv", "c-csv", "x.xlsx", "c.xlsx"):
                target = Path(tmp) / report
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
    return runs


# -- the tables -----------------------------------------------------------------------------------
def _seconds(run: Run) -> str:
    if run.timed_out:
        return f"timed out after {run.seconds:g} s"
    return f"{run.seconds:.2f}" if run.seconds < 10 else f"{run.seconds:.1f}"


def _ratio(run: Run, base: Run | None) -> str:
    """jjind's time as a multiple of a baseline's; a bound when one of them timed out."""
    if base is None or (run.timed_out and base.timed_out):
        return "—"
    value = f"{run.seconds / base.seconds:.2f}"
    return f"> {value}" if run.timed_out else f"< {value}" if base.timed_out else value


def results_table(runs: list[Run]) -> list[str]:
    """One row per command and size; ratios of jjind's rows to the baselines on the same input."""
    find = {(r.records, r.input, r.tool): r for r in runs}
    lines = ["| records | input | tool | seconds | record rows/s | peak MB | × calamine | "
             "× pandas + openpyxl | × frictionless |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for r in runs:
        bases = [find.get((r.records, r.input, b)) for b in BASELINES]
        ratios = ["—"] * 3 if r.tool in BASELINES else [_ratio(r, b) for b in bases]
        speed = "—" if r.timed_out else f"{r.records / r.seconds:,.0f}"
        peak = f"{'≤ ' if r.peak_bound else ''}{r.peak_mb:,.0f}"
        lines.append(f"| {r.records:,} | {r.input} | {r.tool} | {_seconds(r)} | {speed} | "
                     f"{peak} | {' | '.join(ratios)} |")  # fmt: skip
    return lines


def _report(tool: str) -> str:
    return tool.removeprefix("jjind compute → ")


def _at_most(run: Run, value: str) -> str:
    return _seconds(run) if run.timed_out else f"{value} at most"


def targets(runs: list[Run]) -> list[tuple[str, str, str]]:
    """Issue #6's targets, each with the measured value and met / not met (or not measured)."""
    find = {(r.records, r.input, r.tool): r for r in runs}
    calamine = find.get((100_000, "xlsx", CALAMINE))
    friction = find.get((100_000, "xlsx", FRICTIONLESS))
    rows = []
    for tool in COMPUTES:
        run = find.get((100_000, "xlsx", tool))
        what = f"`{tool}`, 100,000-record workbook"
        target = f"{what}: at most 2 × python-calamine's read"
        if run and calamine and not (run.timed_out or calamine.timed_out):
            times = run.seconds / calamine.seconds
            verdict = "met" if times <= 2 else "not met"
            rows.append((target, f"{times:.2f} × calamine's time", verdict))
        else:
            rows.append((target, "not measured", "—"))
        target = f"{what}: at least 3 × faster than frictionless"
        if run and friction and not run.timed_out:
            faster = friction.seconds / run.seconds
            bound = "≥ " if friction.timed_out else ""
            verdict = "met" if faster >= 3 else "not measured" if friction.timed_out else "not met"
            rows.append((target, f"frictionless takes {bound}{faster:.2f} × jjind's time", verdict))
        else:
            rows.append((target, "not measured", "—"))
    big = [r for r in runs if r.records == 1_000_000 and r.tool in COMPUTES]
    if big:
        slow = max(big, key=lambda r: (r.timed_out, r.seconds))
        heavy = max(big, key=lambda r: r.peak_mb)
        fast = not slow.timed_out and slow.seconds < 60
        rows += [
            ("1,000,000 records: every `jjind compute` in under 60 s",
             f"{_at_most(slow, _seconds(slow) + ' s')} ({slow.input}, {_report(slow.tool)})",
             "met" if fast else "not met"),
            ("1,000,000 records: every `jjind compute` within 4 GB peak memory",
             f"{heavy.peak_mb:,.0f} MB at most ({heavy.input}, {_report(heavy.tool)})",
             "met" if heavy.peak_mb <= 4096 else "not met"),
        ]  # fmt: skip
    else:
        rows.append(("1,000,000 records: `jjind compute` under 60 s, within 4 GB", "not measured",
                     "—"))  # fmt: skip
    steps = [s for s in growth(runs) if s[1] in COMPUTES]
    if steps:
        kind, tool, low, high, ratio, bound = max(steps, key=lambda s: s[4] / (s[3] / s[2]))
        linear = ratio <= high / low * LINEAR_TOLERANCE
        verdict = "not measured" if linear and bound else "met" if linear else "not met"
        rows.append(("Time grows linearly with records (every `jjind compute`, each step of ×10)",
                     f"{'> ' if bound else ''}× {ratio:.1f}{'' if bound else ' at most'} "
                     f"({kind}, {_report(tool)}, {low:,} → {high:,})", verdict))  # fmt: skip
    return rows


def growth(runs: list[Run]) -> list[tuple[str, str, int, int, float, bool]]:
    """(input, tool, smaller size, larger size, time ratio, is a lower bound) between consecutive
    sizes; a lower bound when the larger size timed out."""
    sizes = sorted({r.records for r in runs})
    find = {(r.records, r.input, r.tool): r for r in runs}
    steps = []
    for low, high in itertools.pairwise(sizes):
        for r in runs:
            b = find.get((high, r.input, r.tool))
            if r.records == low and b and not r.timed_out:
                steps.append((r.input, r.tool, low, high, b.seconds / r.seconds, b.timed_out))
    return steps


def growth_table(runs: list[Run]) -> list[str]:
    sizes = sorted({r.records for r in runs})
    pairs = list(itertools.pairwise(sizes))
    ratios = {(i, t, lo): f"{'> ' if bound else ''}× {x:.1f}"
              for i, t, lo, _, x, bound in growth(runs)}  # fmt: skip
    head = " | ".join(f"{lo:,} → {hi:,}" for lo, hi in pairs)
    lines = [f"| input | tool | {head} |", "| --- | --- |" + " ---: |" * len(pairs)]
    for kind, tool in dict.fromkeys((r.input, r.tool) for r in runs):
        cells = [ratios.get((kind, tool, lo), "—") for lo, _ in pairs]
        lines.append(f"| {kind} | {tool} | {' | '.join(cells)} |")
    return lines


def machine() -> str:
    """Cores, memory, CPU model, Python and the versions of every tool measured."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                  if ln.startswith("model name")]  # fmt: skip
        cpu = models[0] if models else cpu
    versions = []
    for name in ("jjindicators", "python-calamine", "pandas", "openpyxl", "frictionless",
                 "XlsxWriter"):  # fmt: skip
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, {cpu}; Python "
            f"{platform.python_version()}; {', '.join(versions)}")  # fmt: skip


def report(runs: list[Run], made: dict[int, dict], seed: int, command: str) -> str:
    """The Markdown put into docs/performance.md."""
    shown = ("arrests", "decisions", "detention_register", "detention_census", "deaths")
    sizes = "; ".join(
        f"{n:,} records ({', '.join(f'{f} {rows[f]:,}' for f in shown)}; "
        f"{rows['sources']:,} sources, {rows['areas']:,} areas)"
        for n, rows in ((n, m["rows"]) for n, m in made.items())
    )
    lines = [f"Measured {dt.date.today().isoformat()} with `{command}` (seed {seed}).",
             f"Machine: {machine()}.", f"Submissions: {sizes}.", "", *results_table(runs), "",
             "**Targets** (issue #6), computed from the run above:", "",
             "| target | measured | |", "| --- | --- | --- |"]  # fmt: skip
    lines += [f"| {t} | {m} | {v} |" for t, m, v in targets(runs)]
    if len(made) > 1:
        lines += ["", "**Growth**: the time of each command at a size divided by its time at the "
                  "size before.", "", *growth_table(runs)]  # fmt: skip
    return "\n".join(lines)


def write_doc(text: str, doc: Path = DOC) -> None:
    """Replace what is between the markers of docs/performance.md; the rest stays as it is."""
    page = doc.read_text("utf-8")
    if START not in page or END not in page:
        raise SystemExit(f"{doc} has no {START} … {END} markers")
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{text}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="record rows")
    parser.add_argument("--seed", type=int, help="of the generated data (default: generate.py's)")
    parser.add_argument(
        "--data",
        type=Path,
        help="cache of generated submissions (default: generate.py's, in the temp folder)",
    )
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per command")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--smoke", action="store_true",
                        help="CI: 10k records, jjind and calamine (frictionless if installed); "
                        "checks every command exits 0, writes nothing")  # fmt: skip
    args = parser.parse_args(argv)
    has_frictionless = util.find_spec("frictionless") is not None
    if util.find_spec("xlsxwriter") is None:
        parser.error('XlsxWriter is not installed: pip install -e ".[bench]"')
    tools = {VALIDATE, *COMPUTES, *BASELINES}
    if args.smoke:
        if args.write:
            parser.error("--smoke writes nothing; leave out --write")
        args.sizes = [10_000]
        tools -= {PANDAS} if has_frictionless else {PANDAS, FRICTIONLESS}
    elif not has_frictionless:
        parser.error('frictionless is not installed: pip install -e ".[bench]"')
    runs, made = [], {}
    for records in sorted(args.sizes):
        runs += bench(records, args, tools)
        made[records] = prepare(records, args)
    command = "python benchmarks/bench_scale.py " + " ".join(argv if argv is not None
                                                             else sys.argv[1:])  # fmt: skip
    text = report(runs, made, made[min(made)]["seed"], command.strip())
    print(text)
    if args.write:
        write_doc(text)


if __name__ == "__main__":
    main()
