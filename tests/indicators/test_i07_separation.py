"""Indicator 7 — percentage of detained children not wholly separated from adults
(`indicators.md`, 7). D = c1 (DET1), c2 (DET1), c3 (DET2) in the worked example; DET1 holds no
adults, DET2 (an adult prison) does. Census CSV lines: c1 = 2, c2 = 3, c3 = 4, c4 = 5, c5 = 6.
"""

from __future__ import annotations

import pytest
from indicator_helpers import by_category, cell, nums, runner, traced, value

from conftest import example_rows

run = runner("7")

NOT_STATED = "separation_not_stated"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i07"))


def test_headline_and_cohort(result):
    # c3 is not separated; c4 (18) and c5 (administrative) say "no" too but are not in D
    assert nums(result, "7") == (1, 3, 1 / 3 * 100)
    assert traced(result, "7") == ["C3"]
    assert traced(result, "7", "denominator") == ["C1", "C2", "C3"]


def test_breakdowns(result):
    assert nums(result, "7", "headline", "area", "R1") == (0, 2, 0.0)
    assert nums(result, "7", "headline", "area", "R2") == (1, 1, 100.0)
    assert by_category(result, "7", "place_type") == {"adult_prison": 1,
                                                      "juvenile_institution": 0}  # fmt: skip
    assert by_category(result, "7", "legal_status", column="denominator") == {
        "pre_sentence": 2, "sentenced": 1}  # fmt: skip
    assert nums(result, "7", "headline", "sex", "M") == (1, 2, 50.0)
    f = cell(result, "7", "headline", "sex", "U")
    assert (f.value, f.note) == (None, "not computable: the denominator is 0")


def test_unknown_in_a_place_that_holds_only_children_counts_as_separated(tmp_path):
    result = run(tmp_path, detention_census={2: {"separated_from_adults": "unknown"}})  # c1, DET1
    assert nums(result, "7") == (1, 3, 1 / 3 * 100)
    assert value(result, "7", NOT_STATED) == 0


def test_a_row_may_still_say_not_separated_in_a_place_for_children(tmp_path):
    result = run(tmp_path, detention_census={2: {"separated_from_adults": "no"}})  # c1, DET1
    assert nums(result, "7") == (2, 3, 2 / 3 * 100)  # c1, c3


def test_unknown_where_adults_are_held_is_not_stated(tmp_path):
    result = run(tmp_path, detention_census={4: {"separated_from_adults": "unknown"}})  # c3
    # c3 stays in D (the denominator) but is not counted as not separated
    assert nums(result, "7") == (0, 3, 0.0)
    assert nums(result, "7", NOT_STATED) == (1, 3, 1)


def test_holds_adults_no_is_read_from_sources(tmp_path):
    sources = example_rows("sources")
    sources[2]["holds_adults"] = "yes"  # DET1 now holds adults too
    result = run(tmp_path, sources=sources,
                 detention_census={2: {"separated_from_adults": "unknown"}})  # fmt: skip
    assert value(result, "7", NOT_STATED) == 1  # c1's unknown is no longer "separated"
    assert nums(result, "7")[:2] == (1, 3)
