"""Indicator 5 — duration of sentenced detention (`indicators.md`, 5).

Cohort: episodes with a sentence_date released in 2025 (not transfers, deaths or escapes),
children under 18 at sentence. Days = release − max(sentence, admission). Default bands 0–91,
92–182, 183–365, 366–730, over 730.
"""

from __future__ import annotations

import datetime as dt

import pytest
from indicator_helpers import by_category, cell, nums, runner, traced, value

from jjindicators.options import ComputeOptions

run = runner("5")

D = dt.date.fromisoformat


def days(start: str, end: str) -> int:
    return (D(end) - D(start)).days


def episode(place, ref, admitted, sentenced="", released="", kind="", dob="2010-01-01"):
    if released and not kind:
        kind = "end_of_sentence" if sentenced else "released_before_sentence"
    aftercare = "yes" if kind and kind not in ("transfer", "death", "escape") else ""
    return {"source_id": place, "child_ref": ref, "sex": "M", "date_of_birth": dob,
            "admission_date": admitted, "sentence_date": sentenced, "release_date": released,
            "release_type": kind, "aftercare": aftercare}  # fmt: skip


REGISTER = [
    episode("DET1", "S1", "2025-01-01", "2025-02-01", "2025-05-03"),  # 91 (from the sentence)
    episode("DET1", "S2", "2025-03-01", "2025-03-01", "2025-06-01", "early_release"),  # 92
    # sentenced at liberty, admitted later: counted from the admission, 181
    episode("DET2", "S3", "2025-01-15", "2024-10-01", "2025-07-15"),
    episode("DET2", "S4", "2023-01-01", "2023-02-01", "2025-03-01"),  # 759
    # 17 at sentence, 18 at release (born 2007-08-01): in, 184
    episode("DET2", "S5", "2025-01-01", "2025-03-01", "2025-09-01", dob="2007-08-01"),
    # out:
    episode("DET1", "Y1", "2025-01-01", "2025-01-10", "2025-04-10", "transfer"),
    episode("DET1", "Y2", "2025-01-01", "2025-01-10", "2025-04-10", "escape"),
    episode("DET1", "Y3", "2025-01-01", "2025-01-10", "2025-04-10", "death"),
    episode("DET1", "Y4", "2025-01-01", "2025-01-10", "2026-01-05"),  # released after the period
    episode("DET1", "Y5", "2024-01-01", "2024-02-01", "2024-12-31"),  # released before it
    episode("DET2", "Y6", "2025-01-01", "2025-03-01", "2025-09-01", dob="2007-02-01"),  # 18
    episode("DET2", "Y7", "2025-01-01", released="2025-03-01"),  # never sentenced
    episode("DET2", "Y8", "2025-01-01", "2025-03-01"),  # still serving
]
S = {
    "S1": days("2025-02-01", "2025-05-03"),  # 28 + 31 + 30 + 2 = 91
    "S2": days("2025-03-01", "2025-06-01"),  # 31 + 30 + 31 = 92
    "S3": days("2025-01-15", "2025-07-15"),  # max(sentence, admission) = admission: 181
    "S4": days("2023-02-01", "2025-03-01"),  # 365 + 366 + 28 = 759
    "S5": days("2025-03-01", "2025-09-01"),  # 184
}
DAYS = sorted(S.values())  # 91, 92, 181, 184, 759


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i05"), detention_register=REGISTER)


def test_the_day_counts_by_hand():
    assert DAYS == [91, 92, 181, 184, 759]


def test_cohort(result):
    assert traced(result, "5", "cohort") == ["S1", "S2", "S3", "S4", "S5"]


def test_summary(result):
    assert (value(result, "5", "median"), cell(result, "5", "median").denominator) == (181, 5)
    assert value(result, "5", "mean") == pytest.approx((91 + 92 + 181 + 184 + 759) / 5)  # 261.4
    assert value(result, "5", "p25") == 92  # type 7: h = 4 × 0.25 = 1 → the 2nd value
    assert value(result, "5", "p75") == 184  # h = 3 → the 4th value
    assert value(result, "5", "max") == 759


def test_default_bands(result):
    bands = {
        b: value(result, "5", f"band:{b}") for b in ("0-91", "92-182", "183-365", "366-730", "731-")
    }
    # 91 | 92, 181 | 184 | – | 759
    assert bands == {"0-91": 1, "92-182": 2, "183-365": 1, "366-730": 0,
                     "731-": 1}  # fmt: skip
    assert sum(bands.values()) == cell(result, "5", "median").denominator


def test_custom_sentenced_bands(tmp_path):
    result = run(tmp_path, ComputeOptions(sentenced_bands=(100, 200)), detention_register=REGISTER)
    bands = {b: value(result, "5", f"band:{b}") for b in
             ("0-100", "101-200", "201-")}  # fmt: skip
    assert bands == {"0-100": 2, "101-200": 2, "201-": 1}


def test_breakdowns_are_pooled(result):
    # DET1 (R1): S1 91, S2 92 → median 91.5; DET2 (R2): S3 181, S4 759, S5 184 → 184
    assert value(result, "5", "median", "area", "R1") == (91 + 92) / 2
    assert value(result, "5", "median", "area", "R2") == 184
    assert value(result, "5", "median", "source", "DET2") == 184
    assert by_category(result, "5", "area", "median", "denominator") == {"R1": 2, "R2": 3}
    # age at sentence: S5 is 17 on 2025-03-01; S4 13 on 2023-02-01; the others 15
    assert by_category(result, "5", "age_group", "median", "denominator") == {
        "<14": 1, "14–15": 3, "16–17": 1, "unknown": 0}  # fmt: skip


def test_worked_example(tmp_path):
    result = run(tmp_path)
    # r1 2025-03-03 → 2025-09-03 = 184; r3 2025-01-19 → 2025-12-19 = 334
    assert nums(result, "5", "median") == (None, 2, (184 + 334) / 2)
