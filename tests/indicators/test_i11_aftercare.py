"""Indicator 11 — percentage of children released from detention who receive aftercare
(`indicators.md`, 11). Cohort: releases in 2025 (not transfers, deaths or escapes) of children
under 18 on the release date; aftercare unknown is "not stated", outside the percentage."""

from __future__ import annotations

import pytest
from indicator_helpers import by_category, cell, flags, nums, runner, traced, value

run = runner("11")

NOT_STATED = "aftercare_not_stated"


def release(place, ref, released, kind, aftercare, dob="2010-01-01", sex="M", sentenced=""):
    if kind in ("end_of_sentence", "early_release") and not sentenced:
        sentenced = "2024-12-15"
    return {"source_id": place, "child_ref": ref, "sex": sex, "date_of_birth": dob,
            "admission_date": "2024-12-01", "sentence_date": sentenced, "release_date": released,
            "release_type": kind, "aftercare": aftercare}  # fmt: skip


REGISTER = [
    release("DET1", "A1", "2025-01-01", "end_of_sentence", "yes"),  # the first day: in
    release("DET1", "A2", "2025-12-31", "released_before_sentence", "no", sex="F"),  # last day
    release("DET1", "A3", "2025-06-01", "other", "yes"),  # "other" is a release: in
    release("DET2", "A4", "2025-06-01", "early_release", "unknown"),  # in, not stated
    release("DET2", "A5", "2025-06-01", "early_release", "yes", dob="2007-05-31"),  # 18: out
    release("DET2", "A6", "2025-06-01", "early_release", "no", dob="2007-06-02"),  # 17: in
    release("DET2", "A7", "2025-06-01", "transfer", "yes"),  # not a release
    release("DET2", "A8", "2025-06-01", "death", ""),  # not a release
    release("DET2", "A9", "2025-06-01", "escape", "no"),  # not a release
    release("DET1", "A10", "2024-12-31", "released_before_sentence", "yes"),  # before 2025
    release("DET1", "A11", "2026-01-02", "released_before_sentence", "yes"),  # after 2025
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i11"), detention_register=REGISTER)


def test_aftercare_of_releases_with_aftercare_known(result):
    # releases: A1 yes, A2 no, A3 yes, A4 unknown, A6 no; known: 4; yes: A1, A3
    assert nums(result, "11") == (2, 4, 2 / 4 * 100)
    assert traced(result, "11") == ["A1", "A3"]
    assert traced(result, "11", "denominator") == ["A1", "A2", "A3", "A6"]
    assert nums(result, "11", NOT_STATED) == (1, 5, 1)  # A4, of 5 releases


def test_breakdowns(result):
    assert nums(result, "11", "headline", "area", "R1") == (2, 3, 2 / 3 * 100)  # A1, A3 | A2
    assert nums(result, "11", "headline", "area", "R2") == (0, 1, 0.0)  # A6 (A4 not stated)
    assert nums(result, "11", "headline", "sex", "F") == (0, 1, 0.0)  # A2
    # ages on the release date: A1 15, A2 15, A3 15, A6 17
    assert by_category(result, "11", "age_group", column="denominator") == {
        "<14": 0, "14–15": 3, "16–17": 1, "unknown": 0}  # fmt: skip
    assert by_category(result, "11", "place_type", column="denominator") == {
        "adult_prison": 1, "juvenile_institution": 3}  # fmt: skip


def test_all_unknown_is_not_computable(tmp_path):
    rows = [
        release("DET1", "B1", "2025-03-01", "released_before_sentence", "unknown"),
        release("DET2", "B2", "2025-03-01", "released_before_sentence", "unknown"),
    ]
    result = run(tmp_path, detention_register=rows)
    total = cell(result, "11")
    assert (total.numerator, total.denominator, total.value) == (None, 0, None)
    why = "not computable: aftercare not stated for any of the 2 releases"
    assert total.note == why
    assert value(result, "11", NOT_STATED) == 2
    assert flags(result, "11") == (why,)


def test_worked_example(tmp_path):
    result = run(tmp_path)
    # r1 yes, r2 no; r3 unknown; r5 transfer and r7 death are not releases
    assert nums(result, "11") == (1, 2, 50.0)
    assert nums(result, "11", NOT_STATED) == (1, 3, 1)


def test_by_legal_status_at_release(result):
    # In the cohort: A1 (sentenced, yes), A2 (no sentence date: pre_sentence, no), A3 (other, no
    # sentence date: pre_sentence, yes), A4 (sentenced, unknown: not in the denominator),
    # A6 (sentenced, no). Sentenced: 1 yes / 2 known; pre-sentence: 1 yes / 2 known.
    assert by_category(result, "11", "legal_status") == {"pre_sentence": 1, "sentenced": 1}
    assert by_category(result, "11", "legal_status", column="denominator") == {
        "pre_sentence": 2, "sentenced": 2,
    }  # fmt: skip
