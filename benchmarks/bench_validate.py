"""Benchmark: `jjind validate` and `compute` on large synthetic workbooks against plain reading.

Generates submissions of N record rows (arrests, register episodes, decisions in 4:3:3), then
times in one run, each in a fresh Python process: reading every sheet with python-calamine alone,
reading it with pandas + openpyxl, and jjindicators.validate. Prints a Markdown table (wall seconds,
rows per second, peak memory); with --write, puts it into docs/performance.md between markers.

    python benchmarks/bench_validate.py --rows 10000 100000 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench_validate:start -->", "<!-- bench_validate:end -->"

RUNNERS = {
    "python-calamine (read only)": """
import python_calamine as pc
book = pc.CalamineWorkbook.from_path(PATH)
rows = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
""",
    "pandas + openpyxl (read only)": """
import pandas as pd
rows = sum(len(f) for f in pd.read_excel(PATH, sheet_name=None, engine="openpyxl").values())
""",
    "jjind validate": """
import datetime as dt
from jjindicators import validate, ValidateOptions
report = validate([PATH], ValidateOptions(today=dt.date(2026, 11, 25)))
rows = sum(report.rows_read.values())
assert report.valid, report.counts
""",
    "jjind validate, beyond start-up and imports": """
import datetime as dt
from jjindicators import validate, ValidateOptions
t0 = time.perf_counter()
report = validate([PATH], ValidateOptions(today=dt.date(2026, 11, 25)))
rows = sum(report.rows_read.values())
assert report.valid, report.counts
""",
    "jjind compute, beyond start-up and imports": """
import datetime as dt
from jjindicators import compute, ValidateOptions
t0 = time.perf_counter()
result = compute([PATH], validate_options=ValidateOptions(today=dt.date(2026, 11, 25)))
assert result.computed
rows = sum(result.validation.rows_read.values())
""",
    "jjind compute + CSV and Excel reports, beyond start-up and imports": """
import datetime as dt, tempfile, pathlib
from jjindicators import compute, ValidateOptions
from jjindicators.render import write_report_csv, write_report_xlsx
t0 = time.perf_counter()
result = compute([PATH], validate_options=ValidateOptions(today=dt.date(2026, 11, 25)))
assert result.computed
out = pathlib.Path(tempfile.mkdtemp())
write_report_csv(result, out / "csv")
write_report_xlsx(result, out / "report.xlsx")
rows = sum(result.validation.rows_read.values())
""",
}
EXAMPLE = ROOT / "examples" / "exampleland-2025.xlsx"

_HARNESS = """
import json, resource, sys, time
PATH = sys.argv[1]
t0 = time.perf_counter()
{code}
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "rows": rows, "peak_mb": peak}}))
"""


def make_workbook(path: Path, n: int, seed: int = 7) -> None:
    """A valid submission with n record rows, written in write-only mode."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    for row in (["key", "value"], ["country", "Benchland"], ["period_start", dt.date(2025, 1, 1)],
                ["period_end", dt.date(2025, 12, 31)]):  # fmt: skip
        about.append(row)
    areas = book.create_sheet("areas")
    areas.append(["area_code", "name", "parent_code"])
    areas.append(["NAT", "Benchland", None])
    for r in range(1, 4):
        areas.append([f"R{r}", f"Region {r}", "NAT"])
    sources = book.create_sheet("sources")
    sources.append(["source_id", "source_type", "area_code", "place_type", "holds_adults"])
    for s in range(20):
        sources.append([f"POL{s}", "police", f"R{s % 3 + 1}", None, None])
    for s in range(6):
        sources.append([f"DET{s}", "place_of_detention", f"R{s % 3 + 1}", "pre_trial_centre", "no"])
    sources.append(["CRT1", "competent_authority", "R1", None, None])
    population = book.create_sheet("population")
    population.append(["area_code", "sex", "age_from", "age_to", "population"])
    for r in range(1, 4):
        for sex in "FM":
            population.append([f"R{r}", sex, 0, 17, 100_000 + r * 1000])

    def child() -> tuple[str, dt.date, dt.date]:
        event = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(360))
        born = event - dt.timedelta(days=rng.randrange(12 * 365, 17 * 365))
        return rng.choice("FM"), born, event

    arrests = book.create_sheet("arrests")
    arrests.append(["source_id", "child_ref", "sex", "date_of_birth", "arrest_date"])
    for i in range(n * 4 // 10):
        sex, born, event = child()
        arrests.append([f"POL{i % 20}", f"A{i}", sex, born, event])
    register = book.create_sheet("detention_register")
    register.append(["source_id", "child_ref", "sex", "date_of_birth", "admission_date",
                     "release_date", "release_type", "aftercare"])  # fmt: skip
    census = book.create_sheet("detention_census")
    census.append(
        [
            "source_id",
            "child_ref",
            "sex",
            "date_of_birth",
            "admission_date",
            "legal_status",
            "separated_from_adults",
            "family_contact_3_months",
        ]
    )
    for i in range(n * 3 // 10):
        sex, born, event = child()
        release = min(event + dt.timedelta(days=rng.randrange(60)), dt.date(2025, 12, 30))
        register.append(
            [
                f"DET{i % 6}",
                f"D{i}",
                sex,
                born,
                event,
                release,
                "released_before_sentence",
                rng.choice(["yes", "no"]),
            ]
        )
        if i % 49 == 0:
            census.append([f"DET{i % 6}", f"D{i}", sex, born, event, "pre_sentence", "yes", "no"])
    decisions = book.create_sheet("decisions")
    decisions.append(["source_id", "child_ref", "sex", "date_of_birth", "decision_date",
                      "decision"])  # fmt: skip
    for i in range(n * 3 // 10):
        sex, born, event = child()
        decisions.append(
            [
                "CRT1",
                f"E{i}",
                sex,
                born,
                event,
                rng.choice(["custodial_sentence", "non_custodial_sentence", "diversion"]),
            ]
        )
    for name in ("deaths", "policy"):
        book.create_sheet(name).append(
            ["source_id", "sex", "date_of_death"] if name == "deaths" else ["item", "answer"]
        )
    book.save(path)


def run(code: str, path: Path) -> dict[str, float]:
    """Time one runner in a fresh interpreter; returns seconds, rows and peak MB."""
    done = subprocess.run(
        [sys.executable, "-c", _HARNESS.format(code=code), str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    """The machine the figures were measured on."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}, "
            f"Python {platform.python_version()}, {dt.date.today().isoformat()}")  # fmt: skip


def main() -> None:
    """Generate, time, print (and optionally write) the results table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    lines = [f"Machine: {machine()}.", "",
             "| workbook (record rows) | tool | seconds | rows/s | peak MB | × calamine |",
             "| ---: | --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        inputs: list[tuple[str, Path]] = [("example", EXAMPLE)]
        for n in args.rows:
            path = Path(folder) / f"bench-{n}.xlsx"
            make_workbook(path, n)
            inputs.append((f"{n:,}", path))
        for label, path in inputs:
            results = {name: run(code, path) for name, code in RUNNERS.items()}
            base = results["python-calamine (read only)"]["seconds"]
            for name, r in results.items():
                lines.append(f"| {label} | {name} | {r['seconds']:.2f} | "
                             f"{r['rows'] / r['seconds']:,.0f} | {r['peak_mb']:.0f} | "
                             f"{r['seconds'] / base:.1f} |")  # fmt: skip
    table = "\n".join(lines)
    print(table)
    if args.write:
        text = DOC.read_text("utf-8")
        head, rest = text.split(START)
        _, tail = rest.split(END)
        DOC.write_text(f"{head}{START}\n{table}\n{END}{tail}", "utf-8")


if __name__ == "__main__":
    main()
