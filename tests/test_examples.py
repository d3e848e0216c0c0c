"""The synthetic examples in `examples/`: the clean workbook validates, the faulty one shows each
planted mistake where `examples/README.md` says, and the script reproduces both."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jjindicators import ValidateOptions, ValidationReport, validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = EXAMPLES / "exampleland-2025.xlsx"
FAULTY = EXAMPLES / "exampleland-2025-faulty.xlsx"
# Any day after the period will do: nothing in the examples is dated after 2025-12-31.
OPTIONS = ValidateOptions(today=dt.date(2026, 11, 25))

# Rows per sheet (the README sheet, skipped by the reader, aside). Same table as the README.
ROWS = {"about": 7, "areas": 4, "sources": 22, "population": 18, "arrests": 1513,
        "detention_census": 195, "detention_register": 887, "deaths": 2, "decisions": 905,
        "policy": 24}  # fmt: skip

# The clean example is not spotless: like a real file it has rows that are reported but are not
# errors. Each is there on purpose (`examples/make_examples.py`, `arrests` and `decisions`).
EXPECTED_CLEAN = {
    ("warning", "not-a-child", "arrests"): 4,  # four 18-year-olds among the arrests
    ("warning", "age-unknown", "arrests"): 3,  # three arrests with neither birth date nor age
    ("notice", "outside-period", "arrests"): 6,  # arrests of late December 2024
    ("notice", "outside-period", "decisions"): 5,  # decisions of late December 2024
}
ALLOWED_IN_CLEAN = {"not-a-child", "age-unknown", "outside-period"}

# The planted mistakes: sheet, cell, column, issue code, severity (the README's table).
PLANTED = [
    ("arrests", "G519", "arrest_date", "ambiguous-date", "error"),
    ("arrests", "E979", "age", "not-a-child", "warning"),
    ("detention_census", "C181", "sex", "bad-code", "error"),
    ("detention_register", "I360", "release_date", "date-order", "error"),
    ("decisions", "A694", "source_id", "required-missing", "error"),
]


@pytest.fixture(scope="module")
def clean() -> ValidationReport:
    return validate([CLEAN], OPTIONS)


@pytest.fixture(scope="module")
def faulty() -> ValidationReport:
    return validate([FAULTY], OPTIONS)


def sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, as openpyxl reads them back."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def test_clean_example_has_no_errors(clean: ValidationReport) -> None:
    assert clean.valid, [i.message for i in clean.issues if i.severity == "error"]
    assert clean.counts == {"error": 0, "warning": 7, "notice": 11}
    assert clean.rows_read == ROWS


def test_clean_example_raises_only_the_expected_warnings(clean: ValidationReport) -> None:
    assert {i.code for i in clean.issues} <= ALLOWED_IN_CLEAN
    assert Counter((i.severity, i.code, i.sheet) for i in clean.issues) == EXPECTED_CLEAN


@pytest.mark.parametrize(("sheet", "cell", "column", "code", "severity"), PLANTED)
def test_faulty_example_reports_each_planted_mistake(
    faulty: ValidationReport, sheet: str, cell: str, column: str, code: str, severity: str
) -> None:
    found = [(i.code, i.severity, i.column) for i in faulty.issues
             if i.sheet == sheet and i.cell == cell]  # fmt: skip
    assert found == [(code, severity, column)]


def test_faulty_example_has_nothing_else_new(
    clean: ValidationReport, faulty: ValidationReport
) -> None:
    before = {(i.code, i.sheet, i.cell) for i in clean.issues}
    new = {(i.code, i.sheet, i.cell) for i in faulty.issues} - before
    assert new == {(code, sheet, cell) for sheet, cell, _, code, _ in PLANTED}
    assert faulty.counts == {"error": 4, "warning": 8, "notice": 11}


def test_the_workbooks_differ_only_in_the_planted_cells() -> None:
    clean, faulty = sheet_values(CLEAN), sheet_values(FAULTY)
    assert list(clean) == list(faulty) == ["README", *ROWS]
    changed = {
        (name, f"{openpyxl.utils.get_column_letter(j + 1)}{i + 1}")
        for name in ROWS
        for i, (a, b) in enumerate(zip(clean[name], faulty[name], strict=True))
        for j, (x, y) in enumerate(zip(a, b, strict=True))
        if x != y
    }
    assert changed == {(sheet, cell) for sheet, cell, *_ in PLANTED}


def test_the_workbooks_say_they_are_synthetic() -> None:
    for path in (CLEAN, FAULTY):
        values = sheet_values(path)
        assert values["README"][0][0].startswith("SYNTHETIC EXAMPLE - NOT REAL DATA")
        about = dict(values["about"][1:])
        assert about["prepared_by"] == "National Statistics Office (synthetic example)"


def test_the_institutions_record_where_a_child_came_from() -> None:
    """Every episode of a juvenile institution continues a pre-trial stay: it names that place
    in transferred_from and keeps the child's reference there (`examples/README.md`); the
    pre-trial places do not record the lock-up's transfers. The census holds the register's
    open episodes, with the same child_ref."""
    values = sheet_values(CLEAN)
    header, *rows = values["detention_register"]
    register = [dict(zip(header, r, strict=True)) for r in rows]
    institutions = {"DET01", "DET05"}
    for r in register:
        came = r["transferred_from"]
        assert (came is not None) == (r["source_id"] in institutions), r
        assert came is None or (came in {"DET02", "DET06"} and r["child_ref"].startswith(came))
    transfers = Counter(r["source_id"] for r in register if r["release_type"] == "transfer")
    assert transfers == {"DET06": 90, "DET02": 70, "DET04": 56}  # the lock-up: DET04
    held = {(r[0], r[1]) for r in values["detention_census"][1:]}
    assert held == {(r["source_id"], r["child_ref"]) for r in register if not r["release_date"]}


def test_readme_lists_the_planted_mistakes() -> None:
    lines = (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines()
    for sheet, cell, column, code, _ in PLANTED:
        assert any(all(f"`{s}`" in line for s in (sheet, cell, column, code)) for line in lines)


def test_script_reproduces_the_committed_workbooks(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / "make_examples.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert result["rows"] == ROWS
    assert [(p["sheet"], p["cell"], p["column"], p["code"], p["severity"])
            for p in result["planted"]] == PLANTED  # fmt: skip
    for committed in (CLEAN, FAULTY):
        assert sheet_values(tmp_path / committed.name) == sheet_values(committed), committed.name
