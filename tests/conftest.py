"""Shared helpers: a copy of the worked example to spoil one cell at a time, xlsx writing, and
one-line views of a report's flat issue table."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jjindicators import (
    CheckedSubmission,
    Issue,
    ValidateOptions,
    ValidationReport,
    check_submission,
    validate,
)

WORKED_EXAMPLE = Path(__file__).parent / "data" / "worked-example"
TODAY = dt.date(2026, 1, 15)

# What the untouched worked example reports (tests/data/worked-example, today = 2026-01-15).
BASELINE = Counter({"not-a-child": 3, "outside-period": 3})

Rows = list[dict[str, Any]]
# How a test changes one form: the whole table (a list of rows), edits by Excel row number
# ({3: {"sex": "girl"}} changes the row on line 3 of the CSV; a value of None drops the row),
# a function that changes the rows in place, raw CSV text, or None to delete the file.
Edit = Rows | Mapping[int, Mapping[str, Any] | None] | Callable[[Rows], Any] | str | None


def example_rows(form: str) -> Rows:
    """The worked example's rows of one form, as dicts of text (blank cells are '')."""
    with (WORKED_EXAMPLE / f"{form}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: Rows, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Write dict rows as CSV; the header is every key, in the order first seen."""
    fields: list[str] = []
    for row in rows:
        fields += [k for k in row if k not in fields]
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fields, delimiter=delimiter, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _apply(rows: Rows, edit: Edit) -> Rows:
    if callable(edit):
        edit(rows)
        return rows
    if isinstance(edit, list):
        return edit
    assert isinstance(edit, Mapping)
    by_line = {i + 2: row for i, row in enumerate(rows)}  # line 1 is the header
    for line, change in edit.items():
        if change is None:
            del by_line[line]
        elif line in by_line:
            by_line[line].update(change)
        else:  # a new row after the last one
            by_line[line] = dict(change)
    return [by_line[k] for k in sorted(by_line)]


def submission(tmp_path: Path, **forms: Edit) -> Path:
    """A copy of the worked example in `tmp_path/submission`, with some forms changed.

    >>> submission(tmp_path, arrests={2: {"sex": "girl"}}, deaths=None)  # doctest: +SKIP
    """
    folder = tmp_path / "submission"
    shutil.copytree(WORKED_EXAMPLE, folder)
    for form, edit in forms.items():
        path = folder / f"{form}.csv"
        if edit is None:
            path.unlink(missing_ok=True)
        elif isinstance(edit, str):
            path.write_text(edit, encoding="utf-8")
        else:
            rows = example_rows(form) if path.exists() else []
            write_csv(path, _apply(rows, edit))
    return folder


def run(*paths: Path | str, **options: Any) -> ValidationReport:
    """Validate with the tests' fixed today (2026-01-15) unless another is given."""
    options.setdefault("today", TODAY)
    return validate(list(paths), ValidateOptions(**options))


def check(tmp_path: Path, **forms: Edit) -> ValidationReport:
    """Validate the worked example with some forms changed (see `submission`)."""
    return run(submission(tmp_path, **forms))


def checked(
    tmp_path: Path, overrides: Mapping[str, Any] | None = None, **forms: Edit
) -> CheckedSubmission:
    """The worked example with some forms changed, validated, with the data that was read."""
    options = ValidateOptions(today=TODAY, overrides=dict(overrides or {}))
    return check_submission([submission(tmp_path, **forms)], options)


def record(result: CheckedSubmission, form: str, row: int) -> dict[str, Any]:
    """The checked record of one form that came from Excel row (CSV line) `row`."""
    return next(r for r in result.frames[form].records if r["_row"] == row)


FLAT = ("severity", "sheet", "row", "cell", "child_ref", "value")


def find(report: ValidationReport, code: str, *columns: str) -> list[tuple[Any, ...]]:
    """The issues of one code as rows of the flat table (`FLAT` columns unless others are named).

    >>> find(report, "age-unknown")  # doctest: +SKIP
    [('warning', 'arrests.csv', 7, 'D7', None, None)]
    """
    picked = columns or FLAT
    rows = [(i, i.to_dict()) for i in report.issues if i.code == code]
    return [tuple(row[c] if c in row else getattr(i, c) for c in picked) for i, row in rows]


def issues(report: ValidationReport, code: str) -> list[Issue]:
    """The issues of one code."""
    return [i for i in report.issues if i.code == code]


def codes(report: ValidationReport) -> Counter[str]:
    """How many issues of each code the report has."""
    return Counter(i.code for i in report.issues)


def added(report: ValidationReport) -> dict[str, int]:
    """Codes found beyond the worked example's own warnings and notices (empty when quiet)."""
    return dict(codes(report) - BASELINE)


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Iterable[Mapping[str, Any]] | Iterable[Iterable[Any]]],
    titles: Iterable[str] = (),
    header_row: int = 1,
    first_column: int = 1,
    title_column: int | None = None,
) -> Path:
    """Write a workbook, one sheet per key, from dict rows (header from the keys) or plain rows.

    `titles` go one per row from the top, in `title_column` (default: the table's first column);
    the header goes on `header_row` and the table starts in column `first_column` (1 = A).
    Dates stay real dates.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for i, title in enumerate(titles, start=1):
            sheet.cell(i, title_column or first_column, title)
        table = [list(r) if not isinstance(r, Mapping) else r for r in rows]
        if table and isinstance(table[0], Mapping):
            header = list(dict.fromkeys(k for r in table for k in r))
            table = [header] + [[r.get(k) for k in header] for r in table]
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                if value is not None and value != "":
                    sheet.cell(header_row + i, first_column + j, value)
    book.save(path)
    return path


def typed(value: str) -> Any:
    """A worked-example cell as a person would type it in Excel: dates as dates, numbers as
    numbers, text as text."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    return int(value) if value.isdigit() else value


def example_sheets() -> dict[str, Rows]:
    """Every form of the worked example, cells typed as in Excel (for workbook tests)."""
    return {
        p.stem: [{k: typed(v) for k, v in row.items()} for row in example_rows(p.stem)]
        for p in sorted(WORKED_EXAMPLE.glob("*.csv"))
    }


def country_folder(parent: Path, folder: str, country: str) -> Path:
    """A copy of the worked example in `parent/folder`, its about naming `country`."""
    target = parent / folder
    shutil.copytree(WORKED_EXAMPLE, target)
    about = (target / "about.csv").read_text(encoding="utf-8")
    (target / "about.csv").write_text(about.replace("Exampleland", country), encoding="utf-8")
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A fresh copy of the worked example to change."""
    return submission(tmp_path)


EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def countries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A batch of submissions: three small generated countries (one of them a folder with its
    own jjind.toml), a corrupt workbook (text renamed .xlsx) and the faulty example."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "make_examples", EXAMPLES_DIR / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = make  # its dataclasses look their module up
    spec.loader.exec_module(make)
    root = tmp_path_factory.mktemp("countries")
    made = [Path(make.build(root / name.lower(), seed, scale, name)["clean"])
            for seed, scale, name in ((11, 0.1, "Ruritania"), (12, 0.15, "Freedonia"),
                                      (13, 0.1, "Elbonia"))]  # fmt: skip
    for path in made:  # only the clean workbooks make up the submissions
        path.with_name(path.name.replace("-2025", "-2025-faulty")).unlink()
    (made[2].parent / "jjind.toml").write_text("[compute]\nage_breaks = [12, 14, 16]\n")
    corrupt = root / "corrupt.xlsx"
    corrupt.write_text("This is text, renamed .xlsx.\n")
    return [
        made[0],
        made[1],
        made[2].parent,
        corrupt,
        EXAMPLES_DIR / "exampleland-2025-faulty.xlsx",
    ]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages follow the locale (`--lang` defaults from it): the tests read English ones
    whatever the machine's locale is (tests of `--lang` set it themselves)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
