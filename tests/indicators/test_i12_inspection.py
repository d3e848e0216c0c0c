"""Indicator 12 — regular independent inspections (`indicators.md`, 12): (a) the policy answer
and its checklist; (b) the percentage of places of detention that held children in the period
whose last independent inspection is later than the same day one year before the census date and
not after the census date."""

from __future__ import annotations

import datetime as dt

import pytest
from indicator_helpers import by_category, cell, flags, nums, runner, value

from conftest import example_rows
from jjindicators.options import ComputeOptions

run = runner("12")


def place(code, area, kind, inspected, held="yes", complaints="yes"):
    return {"source_id": code, "name": code, "source_type": "place_of_detention",
            "area_code": area, "place_type": kind, "holds_adults": "yes",
            "held_children_in_period": held, "last_independent_inspection": inspected,
            "complaints_system": complaints}  # fmt: skip


def sources():
    rows = example_rows("sources")
    rows[2]["last_independent_inspection"] = "2024-12-31"  # DET1: exactly one year before: out
    rows[3]["last_independent_inspection"] = "2025-12-31"  # DET2: the census date itself: in
    return [
        *rows,
        place("DET3", "R1", "pre_trial_centre", "2025-01-01"),  # in
        place("DET4", "NAT", "police_lockup", ""),  # never inspected; attached to NAT itself
        place("DET5", "R2", "other", "2025-06-01", held="no"),  # held no child: not counted
        place("DET6", "R2", "other", "2026-01-01", held=""),  # after the census date (blank
        # held_children_in_period means yes)
    ]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i12"), sources=sources())


def test_the_one_year_window_by_hand():
    census = dt.date(2025, 12, 31)
    year_before = census.replace(year=census.year - 1)  # 2024-12-31: not inside
    inside = [d for d in ("2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01")
              if year_before < dt.date.fromisoformat(d) <= census]  # fmt: skip
    assert inside == ["2025-01-01", "2025-12-31"]


def test_places_inspected_in_the_last_12_months(result):
    # places: DET1, DET2, DET3, DET4, DET6 (DET5 held no child); inspected: DET2, DET3
    assert nums(result, "12", "b") == (2, 5, 2 / 5 * 100)
    assert by_category(result, "12", "source", "b") == {
        "DET1": 0, "DET2": 1, "DET3": 1, "DET4": 0, "DET5": 0, "DET6": 0}  # fmt: skip
    assert cell(result, "12", "b", "source", "DET5").denominator == 0


def test_area_and_place_type(result):
    # R1: DET1 out, DET3 in; R2: DET2 in, DET6 out; DET4 counts at NAT only
    assert nums(result, "12", "b", "area", "R1") == (1, 2, 50.0)
    assert nums(result, "12", "b", "area", "R2") == (1, 2, 50.0)
    assert by_category(result, "12", "place_type", "b", "denominator") == {
        "adult_prison": 1, "juvenile_institution": 1, "other": 1, "police_lockup": 1,
        "pre_trial_centre": 1}  # fmt: skip
    assert value(result, "12", "b", "place_type", "police_lockup") == 0.0


def test_the_window_follows_the_census_date(tmp_path):
    # worked example: DET1 inspected 2025-03-01, DET2 2024-06-30
    on_the_anniversary = run(tmp_path / "a", ComputeOptions(census_date=dt.date(2025, 6, 30)))
    assert nums(on_the_anniversary, "12", "b") == (1, 2, 50.0)  # 2024-06-30 is not inside
    day_before = run(tmp_path / "b", ComputeOptions(census_date=dt.date(2025, 6, 29)))
    assert nums(day_before, "12", "b") == (2, 2, 100.0)  # 2024-06-30 is inside (2024-06-29, ...]


def test_12a_answer_and_checklist(tmp_path, result):
    assert value(result, "12", "a") == "partial"  # the worked example's answer
    assert by_category(result, "12", "checklist", "a", "value") == {
        "12a.law": "not answered", "12a.independent": "not answered",
        "12a.unannounced": "not answered", "12a.private_interviews": "not answered",
        "12a.published": "not answered"}  # fmt: skip
    policy = [
        {"item": "12a", "answer": "partial", "evidence": "Act 2019, s. 41"},
        {"item": "12a.law", "answer": "yes"},
        {"item": "12a.unannounced", "answer": "no"},
    ]
    answered = run(tmp_path, policy=policy)
    assert cell(answered, "12", "a").note == "Act 2019, s. 41"
    checklist = by_category(answered, "12", "checklist", "a", "value")
    assert (checklist["12a.law"], checklist["12a.unannounced"]) == ("yes", "no")
    assert checklist["12a.published"] == "not answered"
    assert flags(answered, "12") == ()  # partial with an item "no" agrees


def test_12a_yes_with_a_checklist_no_disagrees(tmp_path):
    policy = [{"item": "12a", "answer": "yes"}, {"item": "12a.independent", "answer": "no"}]
    result = run(tmp_path, policy=policy)
    assert flags(result, "12") == ("12a: the answer and its checklist disagree",)
    assert value(result, "12", "a") == "yes"  # the answer is shown as given


def test_12a_not_answered_and_no_policy_sheet(tmp_path):
    unanswered = run(tmp_path / "a", policy=[{"item": "13a", "answer": "yes"}])
    assert value(unanswered, "12", "a") == "not answered"
    assert "12a: not answered" in flags(unanswered, "12")
    no_sheet = run(tmp_path / "b", policy=None)
    assert flags(no_sheet, "12")[0] == "not computable: no policy sheet"
    assert nums(no_sheet, "12", "b") == (1, 2, 50.0)  # 12(b) needs only the sources
