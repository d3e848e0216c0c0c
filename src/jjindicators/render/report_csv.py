"""The CSV report: tidy long tables at full precision, byte for byte the same for the same inputs.

`collation.md`, "Reports": `indicators.csv` (one row per indicator × breakdown cell, columns
`CELL_COLUMNS`), `summary.csv`, `coverage.csv`, `trace.csv` and `issues.csv`. UTF-8, `\\n` line
endings, fixed column order, rows in the library's order. Numbers are never rounded: a float is
written as its shortest round-trip text (`repr`), an integral one without `.0`; booleans are
`true`/`false`; missing values are empty. Text cells are neutralised against formula injection
(`collation.md`, "Data protection")."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from jjindicators.compute import SUMMARY_COLUMNS, ComputeResult
from jjindicators.indicators.base import CELL_COLUMNS, COVERAGE_COLUMNS, TRACE_COLUMNS
from jjindicators.issues import ISSUE_COLUMNS
from jjindicators.render.report_sheets import publication_text
from jjindicators.render.safe import atomic_path, neutralise

# The files of the CSV report, in the order they are written.
CSV_FILES = (
    "summary.csv", "indicators.csv", "coverage.csv", "trace.csv", "issues.csv", "about.csv",
)  # fmt: skip
ABOUT_COLUMNS = ("key", "value")


def write_report_csv(result: ComputeResult, outdir: Path) -> list[Path]:
    """Write the CSV report into `outdir` (created if needed), each file atomically.

    >>> write_report_csv(compute(["data.xlsx"]), Path("report"))  # doctest: +SKIP
    [PosixPath('report/summary.csv'), PosixPath('report/indicators.csv'), ...]
    """
    outdir = Path(outdir)
    tables: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] = {
        "summary.csv": (SUMMARY_COLUMNS, _dict_rows(result.summary(), SUMMARY_COLUMNS)),
        "indicators.csv": (CELL_COLUMNS, _frame_rows(result.cells_frame(), CELL_COLUMNS)),
        "coverage.csv": (COVERAGE_COLUMNS, _frame_rows(result.coverage_frame(), COVERAGE_COLUMNS)),
        "trace.csv": (TRACE_COLUMNS, _frame_rows(result.trace_frame(), TRACE_COLUMNS)),
        "issues.csv": (
            ISSUE_COLUMNS,
            _dict_rows((i.to_dict() for i in result.validation.issues), ISSUE_COLUMNS),
        ),
        "about.csv": (ABOUT_COLUMNS, about_rows(result)),
    }
    written = []
    for name in CSV_FILES:
        if name == "trace.csv" and result.publication.get("trace") == "none":
            # A trace.csv of an earlier run must not stay beside a report meant for publication.
            (outdir / name).unlink(missing_ok=True)
            continue
        columns, rows = tables[name]
        written.append(write_csv_table(outdir / name, columns, rows))
    return written


def about_rows(result: ComputeResult) -> list[list[Any]]:
    """What the report rests on, as key/value rows: the submission, each input file's SHA-256,
    each option in force, the publication options (never the salt), the jjind version and how
    many rows were left out."""
    about = result.about()
    rows: list[list[Any]] = [[k, about[k]] for k in ("country", "period_start", "period_end",
                                                     "census_date", "child_ref_scope")]  # fmt: skip
    rows += [[f"input {i['file']}", f"sha256:{i['sha256']}"] for i in about["inputs"]]
    for name, value in about["options"].items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
        rows.append([f"option {name}", shown])
    for name, text in publication_text(about["publication"]).items():
        rows.append([f"publication {name}", text])
    rows += [["jjind_version", about["jjind_version"]],
             ["rows_excluded", len(result.excluded)]]  # fmt: skip
    return rows


def write_csv_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write one table as CSV (UTF-8, `\\n`, header first), atomically; returns the path."""
    with atomic_path(path) as temp, temp.open("w", newline="", encoding="utf-8") as handle:
        _write_table(handle, columns, rows)
    return Path(path)


def cells_csv(result: ComputeResult) -> str:
    """`indicators.csv` as text (what `jjind compute --format csv` prints without `-o`)."""
    buffer = io.StringIO(newline="")
    _write_table(buffer, CELL_COLUMNS, _frame_rows(result.cells_frame(), CELL_COLUMNS))
    return buffer.getvalue()


def _write_table(handle: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows([csv_text(v) for v in row] for row in rows)


def csv_text(value: Any) -> str:
    """One value as CSV text: full precision for numbers, neutralised text, empty for missing.

    >>> [csv_text(v) for v in (None, 5.0, 1 / 3, True, "=1+1", float("nan"))]
    ['', '5', '0.3333333333333333', 'true', "'=1+1", '']
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(v) for v in value))
    return neutralise(str(value))


def _frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> Iterable[Sequence[Any]]:
    if frame.empty:
        return []
    picked = frame.reindex(columns=list(columns)).astype(object)
    return picked.itertuples(index=False, name=None)


def _dict_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> list[list[Any]]:
    return [[row.get(c) for c in columns] for row in rows]
