"""The CSV report: tidy long tables at full precision, byte for byte the same for the same inputs.

`collation.md`, "Reports": `indicators.csv` (one row per indicator × breakdown cell, columns
`CELL_COLUMNS`), `summary.csv`, `coverage.csv`, `trace.csv` and `issues.csv`. UTF-8, `\\n` line
endings, fixed column order, rows in the library's order. Numbers are never rounded: a float is
written as its shortest round-trip text (`repr`), an integral one without `.0`; booleans are
`true`/`false`; missing values are empty. Text cells are neutralised against formula injection
(`collation.md`, "Data protection"), and their control characters written out (`\\x00`, `\\x1b`:
`safe.printable`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jjindicators.compute import SUMMARY_COLUMNS, ComputeResult
from jjindicators.indicators.base import CELL_COLUMNS, COVERAGE_COLUMNS, TRACE_COLUMNS
from jjindicators.issues import ISSUE_COLUMNS
from jjindicators.outputs import atomic_file, atomic_folder
from jjindicators.render.report_sheets import publication_text
from jjindicators.render.safe_text import FORMULA_STARTS, neutralise, printable_all
from jjindicators.render.words import ENGLISH, localise_result

# The files of the CSV report, in the order they are written.
CSV_FILES = (
    "summary.csv", "indicators.csv", "coverage.csv", "trace.csv", "issues.csv", "about.csv",
)  # fmt: skip
ABOUT_COLUMNS = ("key", "value")


def write_report_csv(result: ComputeResult, outdir: Path, lang: str = ENGLISH) -> list[Path]:
    """Write the CSV report into `outdir` (created if needed), the files all at once. In another
    `lang` the indicators' names and the issues' messages and hints are in that language; the
    columns, codes, flags and every other value stay as they are, for the tools that read them.

    >>> write_report_csv(compute(["data.xlsx"]), Path("report"))  # doctest: +SKIP
    [PosixPath('report/summary.csv'), PosixPath('report/indicators.csv'), ...]
    """
    outdir = Path(outdir)
    result = localise_result(result, lang)
    summary = [[row.get(c) for c in SUMMARY_COLUMNS] for row in result.summary()]
    # Each table as columns of CSV text, converted column-wise where a table can be long.
    tables: dict[str, tuple[Sequence[str], list[list[str]]]] = {
        "summary.csv": (SUMMARY_COLUMNS, _value_columns(summary, SUMMARY_COLUMNS)),
        "indicators.csv": (CELL_COLUMNS, _frame_columns(result.cells_frame(), CELL_COLUMNS)),
        "coverage.csv": (COVERAGE_COLUMNS,
                         _frame_columns(result.coverage_frame(), COVERAGE_COLUMNS)),
        "trace.csv": (TRACE_COLUMNS, _frame_columns(result.trace_frame(), TRACE_COLUMNS)),
        "issues.csv": (ISSUE_COLUMNS, _frame_columns(_issue_frame(result), ISSUE_COLUMNS)),
        "about.csv": (ABOUT_COLUMNS, _value_columns(about_rows(result), ABOUT_COLUMNS)),
    }  # fmt: skip
    # The whole set is written into a private folder, then put in place (`atomic_folder`): a
    # report is all there or not there. A trace.csv of an earlier run is removed: it must not
    # stay beside a report meant for publication.
    names = [n for n in CSV_FILES
             if n != "trace.csv" or result.publication.get("trace") != "none"]  # fmt: skip
    with atomic_folder(outdir, CSV_FILES, lang) as staged:
        for name in names:
            _write_lines(staged / name, *tables[name])
    return [outdir / name for name in names]


def about_rows(result: ComputeResult) -> list[list[Any]]:
    """What the report rests on, as key/value rows: the submission, each input file's SHA-256,
    each option in force, the publication options (never the salt), the jjind version and how
    many rows were left out."""
    about = result.about()
    rows: list[list[Any]] = [[k, about[k]] for k in ("country", "period_start", "period_end",
                                                     "census_date", "child_ref_scope")]  # fmt: skip
    rows += [[f"input {i['file']}", f"sha256:{i['sha256']}" if i["sha256"] else "not read"]
             for i in about["inputs"]]  # fmt: skip
    if about["mapping"]:
        rows.append([f"mapping {about['mapping']['file']}", f"sha256:{about['mapping']['sha256']}"])
    for name, value in about["options"].items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
        rows.append([f"option {name}", shown])
    for name, text in publication_text(about["publication"]).items():
        rows.append([f"publication {name}", text])
    rows += [["jjind_version", about["jjind_version"]],
             ["rows_excluded", len(result.excluded)]]  # fmt: skip
    return rows


def write_csv_table(
    path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]], lang: str = ENGLISH
) -> Path:
    """Write one table as CSV (UTF-8, `\\n`, header first), atomically; returns the path. An
    error writing it is an `OutputError` in `lang`."""
    with atomic_file(path, lang) as temp:
        _write_lines(temp, columns, _value_columns(rows, columns))
    return Path(path)


def cells_csv(result: ComputeResult) -> str:
    """`indicators.csv` as text (what `jjind compute --format csv` prints without `-o`)."""
    texts = _frame_columns(result.cells_frame(), CELL_COLUMNS)
    return "".join(csv_lines(CELL_COLUMNS, texts))


def _write_lines(path: Path, columns: Sequence[str], texts: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.writelines(csv_lines(columns, texts))


def csv_lines(columns: Sequence[str], texts: Sequence[list[str]]) -> Iterator[str]:
    """The CSV of a table given as its header and a list of texts per column, a chunk of lines
    at a time: the text `csv.writer` writes (QUOTE_MINIMAL, `\\n` line ends, and a field with a
    carriage return quoted too; a property test holds them equal and reads them back), made by
    joining whole columns instead of writing row by row.

    >>> "".join(csv_lines(["a", "b"], [["1", "x,y"], ["", 'a"b']]))
    'a,b\\n1,\\n"x,y","a""b"\\n'
    """
    cells = [_quoted(printable_all([name, *column]), alone=len(columns) == 1)
             for name, column in zip(columns, texts, strict=True)]  # fmt: skip
    for start in range(0, len(cells[0]), _CHUNK_LINES):
        stop = min(start + _CHUNK_LINES, len(cells[0]))
        block = np.empty((stop - start, 2 * len(cells)), dtype=object)
        block[:, 1::2] = ","
        block[:, -1] = "\n"
        for c, column in enumerate(cells):
            block[:, 2 * c] = column[start:stop]
        yield "".join(block.ravel().tolist())


_CHUNK_LINES = 100_000
# Quoted: the delimiter, the quote and the line ends. `csv.writer` with `\n` line ends would leave
# a carriage return bare, which spreadsheets and csv readers take for the end of a row.
_SPECIAL = (",", '"', "\n", "\r")


def _quoted(texts: list[str], alone: bool) -> list[str]:
    """Fields as QUOTE_MINIMAL writes them: quoted, quotes doubled, when they hold a special
    character (looked for in all of them joined first); empty and quoted when alone in a row."""
    joined = "\x00".join(texts)
    if any(char in joined for char in _SPECIAL):
        texts = [('"' + v.replace('"', '""') + '"') if any(c in v for c in _SPECIAL) else v
                 for v in texts]  # fmt: skip
    return [v or '""' for v in texts] if alone else texts


def _value_columns(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> list[list[str]]:
    """Rows of values as columns of CSV text, value by value (for short tables)."""
    lines = [[csv_text(v) for v in row] for row in rows]
    return [[line[c] for line in lines] for c in range(len(columns))]


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


def csv_texts(column: pd.Series) -> list[str]:
    """`csv_text` of every value of a column, the same texts computed type by type over the
    whole column: text, integers, floats, booleans and missing values in bulk (floats with
    numpy); any other type (dates, Decimal, numpy booleans...) goes through `csv_text` itself.

    >>> csv_texts(pd.Series([None, 5.0, 1 / 3, True, "=1+1", float("nan"), 7]))
    ['', '5', '0.3333333333333333', 'true', "'=1+1", '', '7']
    """
    values = column.astype(object).to_numpy()
    types = list(map(type, values))
    kinds = {kind: n for n, kind in enumerate(dict.fromkeys(types))}
    if len(kinds) == 1:  # the usual column: one type throughout
        found = _texts_of_type(types[0], values)
        return [found] * len(values) if isinstance(found, str) else list(found)
    texts = np.empty(len(values), dtype=object)
    # Types numbered, not compared in numpy: a class such as Timestamp is not a plain operand.
    codes = np.fromiter(map(kinds.__getitem__, types), dtype=np.intp, count=len(types))
    for kind, code in kinds.items():
        where = np.flatnonzero(codes == code)
        texts[where] = _texts_of_type(kind, values[where])
    return texts.tolist()


_MISSING_TYPES = (type(None), type(pd.NaT), type(pd.NA))
_FLOAT_TYPES = (float, np.float64, np.float32, np.float16)


def _texts_of_type(kind: type, values: np.ndarray) -> list[str] | str:
    """`csv_text` of values all of exactly the type `kind` (or one text for all of them)."""
    if kind is str:
        codes, distinct = pd.factorize(values)
        if len(distinct) * 2 < len(values):  # a repeated column (sheet, source, part): once each
            texts = np.array([neutralise(v) for v in distinct.tolist()], dtype=object)
            return texts[codes].tolist()
        return [("'" + v) if v.startswith(FORMULA_STARTS) else v for v in values.tolist()]
    if kind in _MISSING_TYPES:
        return ""
    if kind is bool:
        return ["true" if v else "false" for v in values.tolist()]
    if kind is int or issubclass(kind, np.integer):
        return [str(v) for v in values.tolist()]
    if kind in _FLOAT_TYPES:
        return list(_float_texts(values.astype(np.float64)))
    return [csv_text(v) for v in values]


def _float_texts(numbers: np.ndarray) -> np.ndarray:
    """`csv_text` of floats: empty for NaN, integers below 1e16 without `.0`, else `repr`."""
    texts = np.full(len(numbers), "", dtype=object)
    with np.errstate(invalid="ignore"):
        whole = (np.floor(numbers) == numbers) & (np.abs(numbers) < 1e16)
    texts[whole] = numbers[whole].astype(np.int64).astype(str).astype(object)
    other = ~whole & ~np.isnan(numbers)
    texts[other] = [repr(v) for v in numbers[other].tolist()]
    return texts


def _frame_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[str]]:
    """A frame's columns as CSV text (`csv_texts`)."""
    if frame.empty:
        return [[] for _ in columns]
    picked = frame.reindex(columns=list(columns))
    return [csv_texts(picked[c]) for c in columns]


def _issue_frame(result: ComputeResult) -> pd.DataFrame:
    # dtype=object keeps every value as the issue holds it (no ints turned into floats).
    rows = [i.to_dict(result.lang) for i in result.validation.issues]
    return pd.DataFrame(rows, columns=list(ISSUE_COLUMNS), dtype=object)
