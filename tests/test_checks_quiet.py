"""The checks stay quiet on good data, and every issue code has a test that makes it fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BASELINE, WORKED_EXAMPLE, codes, example_sheets, find, run, write_xlsx
from jjindicators import CATALOGUE

EXPECTED_IN_EXAMPLE = {"not-a-child", "outside-period"}
QUIET = sorted(set(CATALOGUE) - EXPECTED_IN_EXAMPLE)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The worked example as its CSV folder and as a workbook with titles above each table."""
    book = write_xlsx(tmp_path_factory.mktemp("book") / "exampleland.xlsx", example_sheets(),
                      titles=["Exampleland", "2025"], header_row=4, first_column=2)  # fmt: skip
    return {"folder": run(WORKED_EXAMPLE), "workbook": run(book)}


@pytest.mark.parametrize("kind", ["folder", "workbook"])
def test_worked_example_is_valid(reports, kind):
    r = reports[kind]
    assert (r.valid, r.counts, codes(r)) == (True, {"error": 0, "warning": 3, "notice": 3},
                                             BASELINE)  # fmt: skip


@pytest.mark.parametrize("code", QUIET)
@pytest.mark.parametrize("kind", ["folder", "workbook"])
def test_worked_example_does_not_raise(reports, kind, code):
    assert find(reports[kind], code) == []


RETIRED = {"count-form-not-read"}  # count sheets are read since issue #7


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_issue_code_is_made_to_fire_by_a_test(code):
    if code in RETIRED:
        pytest.skip("retired: kept in the catalogue because codes are never reused")
    here = Path(__file__)
    tests = "".join(p.read_text(encoding="utf-8") for p in here.parent.glob("test_*.py")
                    if p != here)  # fmt: skip
    assert f'"{code}"' in tests
