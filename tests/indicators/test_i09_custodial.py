"""Indicator 9 (CORE) — percentage of sentenced children who receive a custodial sentence
(`indicators.md`, 9). Decisions of `indicator_helpers.DECISIONS` (CRT1 in R1, CRT2 in R2)."""

from __future__ import annotations

import pytest
from indicator_helpers import (
    DECISIONS,
    by_category,
    cell,
    coverage,
    decision,
    decision_sources,
    flags,
    nums,
    runner,
    traced,
)

run = runner("9")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i09"), sources=decision_sources(), decisions=DECISIONS)


def test_custodial_share_of_sentences(result):
    # custodial: D1, D2 (D3 is 18, D10 and D11 outside 2025); sentences: D1, D2, D4, D12 and D1's
    # second decision (the unit is the decision) = 5. Acquittal, dismissal, other, diversion:
    # in neither part.
    assert nums(result, "9") == (2, 5, 2 / 5 * 100)
    assert traced(result, "9") == ["D1", "D2"]
    assert traced(result, "9", "denominator") == ["D1", "D1", "D12", "D2", "D4"]


def test_area_roll_up_recomputes_the_percentage(result):
    # R1 = CRT1: 2 custodial of 4 sentences; R2 = CRT2: 0 of 1. National 2/5 = 40 %, not the
    # mean of 50 % and 0 %.
    assert nums(result, "9", "headline", "area", "R1") == (2, 4, 50.0)
    assert nums(result, "9", "headline", "area", "R2") == (0, 1, 0.0)
    assert by_category(result, "9", "source", column="denominator") == {"CRT1": 4, "CRT2": 1}


def test_breakdowns_sex_age_deciding_body(result):
    assert nums(result, "9", "headline", "sex", "M") == (1, 3, 1 / 3 * 100)  # D1 | D1', D12
    assert nums(result, "9", "headline", "sex", "F") == (1, 2, 50.0)  # D2 | D4
    # ages: D1 15, D1' 15, D12 15, D4 14 → 14–15; D2 17
    assert by_category(result, "9", "age_group", column="denominator") == {
        "<14": 0, "14–15": 4, "16–17": 1, "unknown": 0}  # fmt: skip
    assert nums(result, "9", "headline", "deciding_body", "court") == (2, 5, 40.0)
    police = cell(result, "9", "headline", "deciding_body", "police")  # D6, a diversion only
    assert (police.denominator, police.value) == (0, None)
    assert police.note == "not computable: the denominator is 0"


def test_no_sentence_is_not_computable(tmp_path):
    rows = [decision("CRT1", "A", "2025-03-03", "acquittal"),
            decision("CRT1", "B", "2025-03-04", "diversion", body="police")]  # fmt: skip
    result = run(tmp_path, decisions=rows)
    assert nums(result, "9") == (0, 0, None)
    assert flags(result, "9") == ("not computable: the denominator is 0",)


def test_coverage_a_court_that_sent_nothing(tmp_path):
    result = run(tmp_path, sources=decision_sources("CRT3"), decisions=DECISIONS)
    assert coverage(result, "9")["R2"] == (2, 1, 50.0, "CRT3")
    assert coverage(result, "9")["R1"] == (1, 1, 100.0, "")
    assert "partial" in flags(result, "9")
    assert nums(result, "9") == (2, 5, 40.0)


def test_worked_example(tmp_path):
    result = run(tmp_path)
    assert nums(result, "9") == (1, 3, 1 / 3 * 100)  # e1 / (e1 + e2 + e3)
