"""Hostile and broken inputs (`tests/data/bad/`, made by its `make_bad.py`), through `jjind
validate` and `jjind compute`: each is refused or read with a clear issue, never with a traceback,
in bounded memory, and the input file is never changed (`docs/rules.md`, "Hostile and
broken files")."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators import ValidateOptions, check_submission
from jjindicators.cli import app
from jjindicators.read import guard

BAD = Path(__file__).parent / "data" / "bad"
DAY = ["--today", TODAY.isoformat()]
EXPECTED = {"not-a-child", "outside-period"}  # what the worked example itself reports
runner = CliRunner()

_spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
assert _spec is not None and _spec.loader is not None
make_bad = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_bad)


def others(form: str) -> list[Path]:
    """The worked example's CSV files but one form's (a bad file stands in for it)."""
    return [p for p in sorted(WORKED_EXAMPLE.glob("*.csv")) if p.stem != form]


@dataclass(frozen=True)
class Case:
    """A bad input: the paths given, the issue it must raise (None: none beyond the worked
    example's own), words of that issue's message or hint, and whether the data are usable."""

    paths: tuple[Path, ...]
    code: str | None
    words: str = ""
    valid: bool = False


def case(name: str, code: str | None, words: str = "", valid: bool = False) -> Case:
    return Case((BAD / name,), code, words, valid)


CASES = {
    "empty-csv": Case((BAD / "empty" / "arrests.csv",), "file-empty", "The file is empty"),
    "empty-xlsx": case("empty.xlsx", "no-forms", "named after a jjind form"),
    "zero-byte": case("zero-byte.xlsx", "file-unreadable", "the file is empty (0 bytes)"),
    "text-renamed": case("text-renamed.xlsx", "file-unreadable", "text file renamed .xlsx"),
    "pdf-renamed": case("pdf-renamed.xlsx", "file-unreadable", "PDF document"),
    "truncated": case("truncated.xlsx", "file-unreadable", "cut short"),
    "zip-bomb": case("zip-bomb.xlsx", "zip-bomb", "to 150 MB, 1,027 times more"),
    "zip-bomb-1gb": case("zip-bomb-1gb.xlsx", "zip-bomb", "to 1.2 GB"),
    "sparse-bomb": case("sparse-bomb.xlsx", "sheet-too-large", "17,179,869,184 cells"),
    "entities-sheet": case("entities-sheet.xlsx", "xml-entities", "xl/worksheets/sheet1.xml"),
    "entities-strings": case("entities-strings.xlsx", "xml-entities", "xl/sharedStrings.xml"),
    "password": case("password.xlsx", "file-encrypted", "remove the password"),
    "old-xls": case("old.xls", "file-type-unsupported", "save it as .xlsx"),
    "xls-renamed": case("xls-renamed.xlsx", "file-unreadable", "save it as .xlsx"),
    "ods": case("book.ods", "file-type-unsupported", "OpenDocument (.ods)"),
    "ods-renamed": case("ods-renamed.xlsx", "file-type-unsupported", "OpenDocument"),
    "hidden-sheets": case("hidden-sheets.xlsx", "hidden-sheet", "is hidden", valid=True),
    "title-rows": case("title-rows.xlsx", None, valid=True),
    "merged-headers": case("merged-headers.xlsx", None, valid=True),
    "formulas": case("formulas.xlsx", "formula-no-value", "=DATEDIF(D4,F4", valid=True),
    "error-cells": case("error-cells.xlsx", "error-cell", "Excel error #REF!"),
    "dates": case("dates.xlsx", "bad-date", "the year 1885 is not plausible"),
    "dates-1904": case("dates-1904.xlsx", None, valid=True),
    "numbers-as-text": case("numbers-as-text.xlsx", None, valid=True),
    "duplicate-headers": case("duplicate-headers.xlsx", "duplicate-column", "more than once"),
    "names": case("names.xlsx", "personal-name-column", "children's names", valid=True),
    "cp1252": Case((*others("about"), BAD / "cp1252" / "about.csv"), "csv-encoding",
                   "--encoding cp1252"),
    "semicolon": Case((*others("arrests"), BAD / "semicolon" / "arrests.csv"), None,
                      valid=True),
    "unclosed-quote": Case((*others("arrests"), BAD / "unclosed-quote" / "arrests.csv"),
                           "csv-unclosed-quote", "the 5 line(s) after it (through row 9)"),
    "nul-bytes": Case((*others("arrests"), BAD / "nul-bytes" / "arrests.csv"),
                      "control-character", "(U+0000)"),
    "escape-codes": Case((*others("arrests"), BAD / "escape-codes" / "arrests.csv"),
                         "control-character", "(U+001B)"),
    "wide-row": case("wide-row.xlsx", "empty-row-data", "50000 cell(s)", valid=True),
    "population-1e26": case("population-1e26.xlsx", "implausible-count", "at most 1,000,000,000"),
}  # fmt: skip


def digest(paths: tuple[Path, ...] | list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def clean_run(result) -> None:
    """No traceback reached the user, and the command ended by exiting."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_clearly_and_left_unchanged(name):
    bad = CASES[name]
    before = digest(bad.paths)
    checked = invoke("validate", *bad.paths, *DAY, "--format", "json")
    computed = invoke("compute", *bad.paths, *DAY, "--format", "json")
    for result in (checked, computed):
        clean_run(result)
        assert result.exit_code == (0 if bad.valid else 1), result.output
    report = json.loads(checked.stdout, parse_constant=not_json)  # strict JSON: no NaN
    assert report == json.loads(computed.stdout, parse_constant=not_json)["validation"]
    found = {i["code"] for i in report["issues"]}
    if bad.code is None:
        assert found <= EXPECTED
    else:
        assert bad.code in found
        assert found - EXPECTED - {bad.code} <= {"missing-form", "missing-required-form",
                                                  "required-missing", "age-unknown",
                                                  "future-date", "csv-row-after-quote"}  # fmt: skip
        texts = [i["message"] + " " + i["hint"] for i in report["issues"] if i["code"] == bad.code]
        assert any(bad.words in text for text in texts), texts
    assert digest(bad.paths) == before


def test_bombs_are_refused_in_bounded_time_and_memory():
    """In a process that may hold at most 1.5 GB, every bomb is refused within seconds (without
    the checks, calamine asks for 550 GB for the sparse sheet and the process aborts). The
    timeout only stops a hang; the speed is measured in benchmarks/, not here."""
    bombs = [BAD / n for n in ("zip-bomb.xlsx", "zip-bomb-1gb.xlsx", "sparse-bomb.xlsx",
                               "entities-sheet.xlsx", "entities-strings.xlsx")]  # fmt: skip
    cap = 1536 * 1024 * 1024

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run(
        [sys.executable, "-m", "jjindicators", "validate", *map(str, bombs), "--format", "json"],
        capture_output=True, text=True, timeout=60, preexec_fn=limit_memory, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    codes = [(Path(i["file"]).name, i["code"]) for i in json.loads(done.stdout)["issues"]]
    assert codes == [("zip-bomb.xlsx", "zip-bomb"), ("zip-bomb-1gb.xlsx", "zip-bomb"),
                     ("sparse-bomb.xlsx", "sheet-too-large"),
                     ("entities-sheet.xlsx", "xml-entities"),
                     ("entities-strings.xlsx", "xml-entities")]  # fmt: skip


def test_a_million_blank_formatted_rows_are_read_as_nothing(tmp_path):
    book = make_bad.blank_rows_book(tmp_path / "blank-rows.xlsx")
    before = digest([book])
    checked = invoke("validate", book, *DAY, "--format", "json")
    computed = invoke("compute", book, *DAY)
    assert (checked.exit_code, computed.exit_code) == (0, 0), computed.output
    report = json.loads(checked.stdout)
    assert {i["code"] for i in report["issues"]} <= EXPECTED
    assert report["rows_read"]["arrests"] == 8
    assert digest([book]) == before


# -- what is read from the unusual but usable workbooks ------------------------------------------
def records(path: Path, form: str) -> dict[int, dict]:
    result = check_submission([path], ValidateOptions(today=TODAY))
    return {r["_row"]: r for r in result.frames[form].records}


def test_formulas_give_their_cached_results_never_a_calculation():
    arrests = records(BAD / "formulas.xlsx", "arrests")
    assert (arrests[8]["age"], arrests[3]["sex"], arrests[9]["source_id"]) == (14, "M", "POL2")
    assert arrests[4]["age"] is None  # its formula has no saved result: blank, with a warning


def test_error_cells_are_issues_naming_the_cell_never_values():
    report = check_submission([BAD / "error-cells.xlsx"], ValidateOptions(today=TODAY)).report
    errors = [(i.sheet, i.cell, i.column, i.value, i.severity) for i in report.issues
              if i.code == "error-cell"]  # fmt: skip
    assert errors == [("arrests", "C3", "sex", "#REF!", "error"),
                      ("arrests", "D4", "date_of_birth", "#N/A", "error")]  # fmt: skip
    arrests = records(BAD / "error-cells.xlsx", "arrests")
    assert (arrests[3]["sex"], arrests[4]["date_of_birth"]) == (None, None)


def test_dates_in_every_form_excel_stores_them():
    report = check_submission([BAD / "dates.xlsx"], ValidateOptions(today=TODAY)).report
    found = [(i.code, i.cell) for i in report.issues if i.code in ("bad-date", "future-date")]
    assert found == [("bad-date", "D4"), ("bad-date", "D5"), ("future-date", "F9")]
    assert "before 1900" in next(i.message for i in report.issues if i.cell == "D5")
    arrests = records(BAD / "dates.xlsx", "arrests")
    assert (arrests[2]["arrest_date"], arrests[3]["date_of_birth"]) == (
        dt.date(2025, 2, 3), dt.date(2009, 5, 10))  # a bare serial number, and text  # fmt: skip


def test_the_1904_date_system_gives_the_same_dates():
    def dates(path: Path) -> dict:
        result = check_submission([path], ValidateOptions(today=TODAY))
        return {(form, r["_row"], k): v for form, frame in result.frames.items()
                for r in frame.records for k, v in r.items() if isinstance(v, dt.date)}  # fmt: skip

    in_1904 = dates(BAD / "dates-1904.xlsx")
    assert in_1904 == dates(BAD / "hidden-sheets.xlsx")  # the same data, saved in 1900
    assert in_1904[("arrests", 4, "date_of_birth")] == dt.date(2008, 1, 15)


def test_hidden_sheets_are_read_with_a_notice():
    report = check_submission([BAD / "hidden-sheets.xlsx"], ValidateOptions(today=TODAY)).report
    assert sorted(i.sheet for i in report.issues if i.code == "hidden-sheet") == [
        "about", "population", "sources"]  # fmt: skip
    assert report.rows_read["population"] > 0


def test_headers_under_titles_and_merged_headers_point_at_the_right_cells():
    for name, row in (("title-rows.xlsx", 7), ("merged-headers.xlsx", 6), ("semicolon", 5)):
        paths = CASES[name.removesuffix(".xlsx")].paths
        report = check_submission(list(paths), ValidateOptions(today=TODAY)).report
        cells = [i.cell for i in report.issues if i.code == "not-a-child" and i.form == "arrests"]
        assert cells == [f"D{row}"], name


def test_personal_names_reach_no_output(tmp_path):
    """Neither the JSON report, nor issues.xlsx, nor the computed report holds a name."""
    names = BAD / "names.xlsx"
    issues_book, report_book = tmp_path / "issues.xlsx", tmp_path / "report.xlsx"
    outputs = [invoke("validate", names, *DAY, "--format", "json", "-o", issues_book).stdout,
               invoke("compute", names, *DAY, "--format", "json").stdout]  # fmt: skip
    assert invoke("compute", names, *DAY, "-o", report_book).exit_code == 0
    for book in (issues_book, report_book):
        workbook = openpyxl.load_workbook(book, read_only=True)
        outputs += [str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None]  # fmt: skip
        workbook.close()
    text = "\n".join(outputs)
    words = {w for name in make_bad.NAMES for w in name.split()}
    assert [w for w in words if w in text] == []


# -- limits --------------------------------------------------------------------------------------
def test_file_larger_than_the_limit_is_not_read():
    result = invoke("validate", BAD / "title-rows.xlsx", "--max-file-mb", "0.01", "-f", "json")
    [issue] = json.loads(result.stdout)["issues"]
    assert (result.exit_code, issue["code"]) == (1, "file-too-large")
    assert "more than the limit of 10 KB" in issue["message"]
    assert "--max-file-mb" in issue["hint"]


@pytest.mark.parametrize("path", [BAD / "title-rows.xlsx", WORKED_EXAMPLE / "arrests.csv"])
def test_sheet_with_more_rows_than_the_limit_is_not_read(path):
    result = invoke("validate", path, "--max-rows", "5", "-f", "json")
    issue = next(i for i in json.loads(result.stdout)["issues"] if i["code"] == "sheet-too-large")
    assert result.exit_code == 1
    assert "more than the limit of 5 rows" in issue["message"]
    assert "--max-rows" in issue["hint"]


def test_sheet_with_more_cells_than_the_limit_is_not_read():
    result = invoke("validate", BAD / "title-rows.xlsx", "--max-cells", "20", "-f", "json")
    issue = next(i for i in json.loads(result.stdout)["issues"] if i["code"] == "sheet-too-large")
    assert "more than the limit of 20 cells" in issue["message"]
    assert "--max-cells" in issue["hint"]


def test_workbook_unpacking_beyond_ten_times_the_file_limit_is_refused():
    result = invoke("validate", BAD / "zip-bomb-1gb.xlsx", "--max-file-mb", "50", "-f", "json")
    [issue] = json.loads(result.stdout)["issues"]
    assert issue["code"] == "zip-bomb"
    assert "would unpack to 1.2 GB, more than the limit of 500 MB" in issue["message"]
    assert "--max-file-mb 100" in issue["hint"]


def test_the_corpus_is_small_on_disk():
    files = [p for p in BAD.rglob("*") if p.is_file()]
    assert len(files) > len(make_bad.CASES)
    assert [p.name for p in files if p.stat().st_size >= make_bad.LIMIT] == []


def test_a_workbook_damaged_inside_is_unreadable(tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    data = bytearray((BAD / "title-rows.xlsx").read_bytes())
    data[2000:2400] = bytes(400)  # inside the packed parts; the directory at the end is intact
    damaged.write_bytes(bytes(data))
    result = invoke("validate", damaged, "-f", "json")
    clean_run(result)
    assert [i["code"] for i in json.loads(result.stdout)["issues"]] == ["file-unreadable"]


@pytest.mark.parametrize(
    "cells",
    [
        b'<row r="2"><c s="1" r="XFD1048576"><v>2</v></c></row><!-- <c r="B2"> -->',
        b"<row r='2'><c t='n' r='XFD1048576'><v>2</v></c></row>",
        b"<row><c><v>1</v></c></row><row r='1048576'><c t='n'><v>1</v></c><c/><c/></row>",
    ],
    ids=["attributes-reordered-and-a-comment", "single-quotes", "cells-without-references"],
)
def test_far_cells_written_unusually_are_still_found(tmp_path, cells):
    """The sheet-extent check does not rely on Excel's way of writing cells."""
    book = make_bad.minimal_book(tmp_path / "far.xlsx", [make_bad.SHEET_HEAD, make_bad.HEADER_ROW,
                                 b'<row r="3"><c r="A3"><v>1</v></c></row>', cells,
                                 make_bad.SHEET_TAIL])  # fmt: skip
    report = check_submission([book], ValidateOptions(max_rows=1_000_000))
    assert [i.code for i in report.report.issues] == ["sheet-too-large"]


@settings(max_examples=300, deadline=None)
@given(
    box=st.tuples(st.integers(1, 16384), st.integers(1, 1_048_576)),
    cell=st.tuples(st.integers(1, 16384), st.integers(1, 1_048_576)),
)
def test_the_quick_extent_check_finds_every_cell_beyond_the_box(box, cell):
    """The pattern that lets the extent check skip reading each reference finds exactly the
    cells beyond the box (column or row), whatever the number of letters and digits."""
    ref = guard._letters(cell[0]) + str(cell[1]).encode()
    found = guard._outside(*box).search(b'<row r="1"><c r="' + ref + b'" t="s"><v>1</v></c>')
    assert (found is not None) == (cell[0] > box[0] or cell[1] > box[1])
    assert guard.column_number(guard._letters(cell[0])) == cell[0]


@pytest.mark.parametrize(
    "cells",
    [
        b'<row r="4"><c r="A4"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>',
        b'<row r="4"><c r="A1048576"><v>1</v></c></row>',
        b'<row r="4"><c r="XFD4"><v>1</v></c><c r="A4"><v>2</v></c></row>',
        b'<row r="4"><c  r="XFD1048576"><v>1</v></c></row>',
        b'<row r="4"><x:c r="XFD1048576"><v>1</v></x:c></row>',
        b'<row r="4"><c r="xfd1048576"><v>1</v></c></row>',
    ],
    ids=["far-corner", "far-row", "far-column", "two-spaces", "prefixed", "lower-case"],
)
def test_a_far_cell_is_found_though_the_sheet_declares_a_small_box(tmp_path, cells):
    """A `<dimension>` is only a hint: a cell beyond it, written Excel's way or not, is measured."""
    head = make_bad.SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:C3"/><sheetData>')
    rows = [b'<row r="3"><c r="A3"><v>1</v></c></row>'] * 20_000  # the box check's chunks
    book = make_bad.minimal_book(tmp_path / "far.xlsx", [head, make_bad.HEADER_ROW, *rows, cells,
                                 make_bad.SHEET_TAIL])  # fmt: skip
    report = check_submission([book], ValidateOptions(max_rows=1_000_000, max_cells=50_000))
    assert [i.code for i in report.report.issues] == ["sheet-too-large"]
