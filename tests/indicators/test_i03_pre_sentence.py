"""Indicator 3 (CORE) — children in pre-sentence detention per 100,000 children, and the share of
detained children not yet sentenced (`indicators.md`, 3).

Worked example census: c1 DET1 pre_sentence, c2 DET1 sentenced, c3 DET2 pre_sentence, c4 DET2
sentenced but 18, c5 DET2 pre_sentence but administrative.
"""

from __future__ import annotations

import pytest
from indicator_helpers import CP, CP_M, CP_R1, CP_R2, by_category, cell, nums, runner, traced

run = runner("2", "3")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i03"))


def test_pre_sentence_children_of_d(result):
    # P = c1, c3 (c5 is pre-sentence but administrative; c4 is 18)
    assert nums(result, "3") == (2, CP, 2 / 140_000 * 100_000)
    assert traced(result, "3") == ["C1", "C3"]


def test_p_is_never_more_than_d(result):
    assert nums(result, "3")[0] <= nums(result, "2")[0]
    for dimension in ("area", "sex", "source", "place_type", "age_group"):
        p = by_category(result, "3", dimension)
        d = by_category(result, "2", dimension)
        assert all(p[k] <= d[k] for k in p), dimension


def test_share_of_detained_children_not_yet_sentenced(result):
    part = "pre_sentence_share"
    assert nums(result, "3", part) == (2, 3, 2 / 3 * 100)
    # R1: c1 of c1, c2; R2: c3 of c3
    assert nums(result, "3", part, "area", "R1") == (1, 2, 50.0)
    assert nums(result, "3", part, "area", "R2") == (1, 1, 100.0)
    u = cell(result, "3", part, "sex", "U")
    assert (u.denominator, u.value, u.note) == (0, None, "not computable: the denominator is 0")
    # the share is not broken down by legal status (it would be 100 % and 0 %)
    assert by_category(result, "3", "legal_status", part) == {}


def test_breakdowns(result):
    assert by_category(result, "3", "legal_status") == {"pre_sentence": 2}
    assert by_category(result, "3", "place_type") == {"adult_prison": 1,
                                                      "juvenile_institution": 1}  # fmt: skip
    assert nums(result, "3", "headline", "area", "R1") == (1, CP_R1, 1 / 82_000 * 100_000)
    assert nums(result, "3", "headline", "area", "R2") == (1, CP_R2, 1 / 58_000 * 100_000)
    assert nums(result, "3", "headline", "sex", "M") == (2, CP_M, 2 / 72_000 * 100_000)
    assert nums(result, "3", "headline", "sex", "F")[:2] == (0, 68_000)


def test_a_child_whose_status_changes_moves_in_or_out(tmp_path):
    # c2 (DET1, F) back to pre_sentence, with no sentence date; c1 now sentenced on 2025-12-01
    result = run(tmp_path, detention_census={
        3: {"legal_status": "pre_sentence", "sentence_date": ""},
        2: {"legal_status": "sentenced", "sentence_date": "2025-12-01"},
    })  # fmt: skip
    assert traced(result, "3") == ["C2", "C3"]
    assert nums(result, "3", "pre_sentence_share") == (2, 3, 2 / 3 * 100)


def test_no_child_pre_sentence_is_a_computable_zero(tmp_path):
    result = run(tmp_path, detention_census={
        2: {"legal_status": "sentenced", "sentence_date": "2025-12-01"},
        4: {"legal_status": "sentenced", "sentence_date": "2025-12-01"},
    })  # fmt: skip
    assert nums(result, "3") == (0, CP, 0.0)
    assert nums(result, "3", "pre_sentence_share") == (0, 3, 0.0)
