"""Indicator 10 (CORE) — percentage of children diverted or sentenced who enter diversion
(`indicators.md`, 10). Decisions of `indicator_helpers.DECISIONS` (CRT1 in R1, CRT2 in R2)."""

from __future__ import annotations

import pytest
from indicator_helpers import (
    DECISIONS,
    HEADER,
    by_category,
    coverage,
    decision_sources,
    flags,
    nums,
    runner,
    traced,
)

from conftest import example_rows

run = runner("10")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i10"), sources=decision_sources(), decisions=DECISIONS)


def test_diversions_of_diversions_and_sentences(result):
    # diversions: D5 (prosecutor), D6 (police), D13 (court) = 3; sentences: D1, D2, D4, D12, D1'
    # = 5; acquittal, dismissal and other are in neither part.
    assert nums(result, "10") == (3, 3 + 5, 3 / 8 * 100)
    assert traced(result, "10") == ["D13", "D5", "D6"]


def test_area_roll_up(result):
    # R1: D5, D6 of D5, D6 + 4 sentences; R2: D13 of D13 + D12
    assert nums(result, "10", "headline", "area", "R1") == (2, 6, 2 / 6 * 100)
    assert nums(result, "10", "headline", "area", "R2") == (1, 2, 50.0)


def test_by_deciding_body_police_prosecutor_and_court_all_count(result):
    assert nums(result, "10", "headline", "deciding_body", "police") == (1, 1, 100.0)
    assert nums(result, "10", "headline", "deciding_body", "prosecutor") == (1, 1, 100.0)
    # court: D13 of D13 + the five sentences
    assert nums(result, "10", "headline", "deciding_body", "court") == (1, 6, 1 / 6 * 100)
    assert sum(by_category(result, "10", "deciding_body").values()) == 3


def test_breakdowns_sex_and_age(result):
    # D5 13 (<14), D6 16, D13 15
    assert by_category(result, "10", "age_group") == {"<14": 1, "14–15": 1, "16–17": 1,
                                                      "unknown": 0}  # fmt: skip
    assert nums(result, "10", "headline", "sex", "F") == (0, 2, 0.0)  # D2, D4


def test_the_arrests_outcome_never_feeds_indicator_10(tmp_path):
    arrests = example_rows("arrests")
    for row in arrests:
        row["outcome"] = "diverted"
    result = run(tmp_path, arrests=arrests)
    assert nums(result, "10") == (2, 5, 40.0)  # the worked example: (e4 + e5) / 5


def test_decisions_sheet_empty_or_missing(tmp_path):
    empty = run(tmp_path / "empty", decisions=HEADER["decisions"])
    assert nums(empty, "10") == (0, 0, None)
    assert coverage(empty, "10")["NAT"] == (1, 1, 100.0, "")
    # a decisions sheet with its header and no rows: a report of zero, and the report says so
    assert flags(empty, "10") == (
        "not computable: the denominator is 0",
        "empty decisions sheet: read as nothing to report for CRT1",
    )
    missing = run(tmp_path / "missing", decisions=None)
    assert nums(missing, "10") == (None, None, None)
    assert flags(missing, "10") == ("not computable: no decisions sheet",)  # not also "partial"
