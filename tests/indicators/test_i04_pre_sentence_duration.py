"""Indicator 4 — duration of pre-sentence detention (`indicators.md`, 4).

Cohort: register episodes whose pre-sentence phase ended in 2025, by a sentence or by a release
(not a transfer, death or escape) with no sentence, children under 18 at admission. Days = end −
admission. Default bands 0–7, 8–30, 31–90, 91–180, 181–365, over 365.
"""

from __future__ import annotations

import datetime as dt
import statistics

import numpy as np
import pytest
from indicator_helpers import HEADER, by_category, cell, flags, runner, traced, value

from jjindicators.options import ComputeOptions

run = runner("4")

D = dt.date.fromisoformat


def days(start: str, end: str) -> int:
    return (D(end) - D(start)).days


def episode(place, ref, admitted, sentenced="", released="", kind="", aftercare="",
            dob="2010-01-01", sex="M"):  # fmt: skip
    if released and not kind:
        kind = "end_of_sentence" if sentenced else "released_before_sentence"
    if kind and kind not in ("transfer", "death", "escape") and not aftercare:
        aftercare = "yes"
    return {"source_id": place, "child_ref": ref, "sex": sex, "date_of_birth": dob,
            "admission_date": admitted, "sentence_date": sentenced, "release_date": released,
            "release_type": kind, "aftercare": aftercare}  # fmt: skip


REGISTER = [
    episode("DET1", "E1", "2025-01-01", sentenced="2025-01-08"),  # 7 days, still held: in
    episode("DET1", "E2", "2025-03-01", released="2025-03-09"),  # released before sentence: 8
    episode("DET2", "E3", "2024-12-01", sentenced="2025-01-01"),  # sentenced on day one: 31
    episode("DET2", "E4", "2025-05-01", released="2025-11-01", kind="other"),  # a release: 184
    episode("DET2", "E5", "2024-01-01", released="2025-01-10"),  # 375
    # 17 at admission, 18 at sentence (born 2007-03-01): in, 60 days
    episode("DET1", "E6", "2025-02-01", sentenced="2025-04-02", dob="2007-03-01", sex="F"),
    # out:
    episode("DET1", "X1", "2024-11-01", sentenced="2024-12-31"),  # sentenced before the period
    episode("DET1", "X2", "2025-02-01", released="2025-02-10", kind="transfer"),  # continues
    episode("DET1", "X3", "2025-02-01", released="2025-02-10", kind="death"),  # indicator 6
    episode("DET2", "X4", "2025-02-01", released="2025-02-10", kind="escape"),  # not a release
    episode("DET2", "X5", "2025-06-01"),  # still waiting for the decision
    episode("DET2", "X6", "2025-02-01", sentenced="2025-03-01", dob="2007-01-15"),  # 18 admitted
    episode("DET2", "X7", "2025-03-01", sentenced="2025-02-01"),  # sentenced at liberty first
]
# E1..E6 in days, worked out from the dates
E = {
    "E1": days("2025-01-01", "2025-01-08"),  # 7
    "E2": days("2025-03-01", "2025-03-09"),  # 8
    "E3": days("2024-12-01", "2025-01-01"),  # 31
    "E4": days("2025-05-01", "2025-11-01"),  # 184 = 31+30+31+31+30+31
    "E5": days("2024-01-01", "2025-01-10"),  # 375 = 366 (2024 is a leap year) + 9
    "E6": days("2025-02-01", "2025-04-02"),  # 60 = 28 + 31 + 1
}
DAYS = sorted(E.values())  # 7, 8, 31, 60, 184, 375


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i04"), detention_register=REGISTER)


def test_the_day_counts_by_hand():
    assert DAYS == [7, 8, 31, 60, 184, 375]


def test_cohort(result):
    assert traced(result, "4", "cohort") == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert cell(result, "4", "median").denominator == 6


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(result):
    assert value(result, "4", "median") == (31 + 60) / 2 == 45.5
    assert value(result, "4", "mean") == pytest.approx(sum(DAYS) / 6)  # 665 / 6 = 110.83
    assert value(result, "4", "max") == 375


def test_quartiles_are_type_7(result):
    # type 7: h = (n − 1)·p; p25: h = 1.25 → 8 + 0.25 × (31 − 8) = 13.75
    #                        p75: h = 3.75 → 60 + 0.75 × (184 − 60) = 153
    assert value(result, "4", "p25") == 8 + 0.25 * (31 - 8) == 13.75
    assert value(result, "4", "p75") == 60 + 0.75 * (184 - 60) == 153
    assert statistics.quantiles(DAYS, n=4, method="inclusive") == [13.75, 45.5, 153.0]


def test_default_bands(result):
    bands = {p: value(result, "4", f"band:{p}") for p in
             ("0-7", "8-30", "31-90", "91-180", "181-365",
              "366-")}  # fmt: skip
    # 7 | 8 | 31, 60 | – | 184 | 375
    assert bands == {"0-7": 1, "8-30": 1, "31-90": 2, "91-180": 0,
                     "181-365": 1, "366-": 1}  # fmt: skip


def test_custom_pre_sentence_bands(tmp_path):
    result = run(tmp_path, ComputeOptions(pre_sentence_bands=(7, 60)), detention_register=REGISTER)
    bands = {p: value(result, "4", f"band:{p}") for p in
             ("0-7", "8-60", "61-")}  # fmt: skip
    assert bands == {"0-7": 1, "8-60": 3, "61-": 2}  # 7 | 8, 31, 60 | 184, 375
    assert value(result, "4", "median") == 45.5  # the bands change nothing else


def test_breakdowns_are_pooled_from_the_records(result):
    # DET1 (R1): E1 7, E2 8, E6 60; DET2 (R2): E3 31, E4 184, E5 375
    assert value(result, "4", "median", "area", "R1") == 8
    assert value(result, "4", "median", "area", "R2") == 184
    # national median 45.5 is from the pooled six, not the mean of the regions' medians (96)
    assert value(result, "4", "median") != (8 + 184) / 2
    assert by_category(result, "4", "area", "median", "denominator") == {"R1": 3, "R2": 3}
    assert value(result, "4", "median", "sex", "F") == 60  # E6
    assert value(result, "4", "median", "place_type", "adult_prison") == 184
    # age at admission: E1–E5 born 2010-01-01 are 14 or 15; E6 17
    assert by_category(result, "4", "age_group", "median", "denominator") == {
        "<14": 0, "14–15": 5, "16–17": 1, "unknown": 0}  # fmt: skip
    empty = cell(result, "4", "median", "sex", "U")
    assert (empty.value, empty.note) == (None, "no episodes in the cohort")


def test_held_so_far_on_the_census_date(result):
    # worked example census: c1 2025-11-01 → 60 days, c3 2025-10-10 → 82 days
    part = "held_so_far:"
    assert value(result, "4", part + "median") == (60 + 82) / 2 == 71
    assert value(result, "4", part + "p25") == 60 + 0.25 * (82 - 60)
    assert np.isclose(value(result, "4", part + "p75"), 60 + 0.75 * (82 - 60))


def test_no_episode_in_the_cohort(tmp_path):
    result = run(tmp_path, detention_register=HEADER["detention_register"])
    median = cell(result, "4", "median")
    assert (median.denominator, median.value) == (0, None)
    assert "not computable: no episodes in the cohort" in flags(result, "4")
    assert value(result, "4", "band:0-7") == 0
