"""Indicator 8 — percentage of detained children visited by (or visiting) family in the 3 months
before the census date (`indicators.md`, 8). Worked example: c1 yes, c2 no, c3 yes (c4 and c5 are
not in D). Census CSV lines: c1 = 2, c2 = 3, c3 = 4, c4 = 5, c5 = 6; census date 2025-12-31.
"""

from __future__ import annotations

import datetime as dt

import pytest
from indicator_helpers import by_category, nums, runner, traced, value

run = runner("8")

CENSUS = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i08"))


def test_headline(result):
    assert nums(result, "8") == (2, 3, 2 / 3 * 100)
    assert traced(result, "8") == ["C1", "C3"]
    assert value(result, "8", "contact_not_stated") == 0


def test_breakdowns(result):
    assert nums(result, "8", "headline", "area", "R1") == (1, 2, 50.0)  # c1 of c1, c2
    assert nums(result, "8", "headline", "area", "R2") == (1, 1, 100.0)  # c3
    assert nums(result, "8", "headline", "sex", "F") == (0, 1, 0.0)  # c2
    assert by_category(result, "8", "legal_status") == {"pre_sentence": 2, "sentenced": 0}
    assert by_category(result, "8", "source") == {"DET1": 1, "DET2": 1}


def test_unknown_contact_is_not_stated_and_stays_in_d(tmp_path):
    result = run(tmp_path, detention_census={2: {"family_contact_3_months": "unknown"}})  # c1
    assert nums(result, "8") == (1, 3, 1 / 3 * 100)
    assert nums(result, "8", "contact_not_stated") == (1, 3, 1)


def test_held_fewer_than_91_days(result, tmp_path):
    # c1 since 2025-11-01 (60 days), c3 since 2025-10-10 (82), c2 since 2025-06-01 (213)
    assert (CENSUS - dt.date(2025, 11, 1)).days == 60
    assert (CENSUS - dt.date(2025, 10, 10)).days == 82
    assert value(result, "8", "held_fewer_than_91") == 2
    # the boundary: 2025-10-01 is 91 days before the census date (not fewer), 2025-10-02 is 90
    assert (CENSUS - dt.date(2025, 10, 1)).days == 91
    edited = run(tmp_path, detention_census={2: {"admission_date": "2025-10-01"},
                                             3: {"admission_date": "2025-10-02",
                                                 "sentence_date": "2025-10-15"}})  # fmt: skip
    assert value(edited, "8", "held_fewer_than_91") == 2  # c2 (90) and c3 (82), not c1 (91)
