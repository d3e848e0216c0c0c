"""Indicator 13 — complaints mechanism (`indicators.md`, 13): (a) the policy answer and its
checklist; (b) the percentage of places of detention that held children in the period with
complaints_system = yes."""

from __future__ import annotations

import pytest
from indicator_helpers import by_category, flags, nums, runner, value

from conftest import example_rows

run = runner("13")


def place(code, area, complaints, held="yes"):
    return {"source_id": code, "name": code, "source_type": "place_of_detention",
            "area_code": area, "place_type": "other", "holds_adults": "no",
            "held_children_in_period": held, "complaints_system": complaints}  # fmt: skip


SOURCES = [
    *example_rows("sources"),  # DET1 (R1) yes, DET2 (R2) no
    place("DET3", "R1", "unknown"),  # unknown: not counted as operating one
    place("DET4", "R2", ""),  # blank: not counted either
    place("DET5", "R2", "yes", held="no"),  # held no child in the period: not a place here
    place("DET6", "NAT", "yes"),  # attached to the national area itself
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i13"), sources=SOURCES)


def test_places_operating_a_complaints_system(result):
    # places: DET1, DET2, DET3, DET4, DET6; with a system: DET1, DET6
    assert nums(result, "13", "b") == (2, 5, 2 / 5 * 100)
    assert nums(result, "13", "b", "area", "R1") == (1, 2, 50.0)  # DET1 | DET3
    assert nums(result, "13", "b", "area", "R2") == (0, 2, 0.0)  # DET2, DET4
    assert by_category(result, "13", "place_type", "b") == {
        "adult_prison": 0, "juvenile_institution": 1, "other": 1}  # fmt: skip


def test_worked_example(tmp_path):
    result = run(tmp_path)
    assert nums(result, "13", "b") == (1, 2, 50.0)  # DET1
    assert value(result, "13", "a") == "yes"


def test_13a_checklist_and_flags(tmp_path):
    policy = [{"item": "13a", "answer": "yes"}, {"item": "13a.informed", "answer": "yes"},
              {"item": "13a.confidential", "answer": "no"}]  # fmt: skip
    result = run(tmp_path / "a", policy=policy)
    assert by_category(result, "13", "checklist", "a", "value") == {
        "13a.informed": "yes", "13a.confidential": "no", "13a.independent_body": "not answered",
        "13a.time_limit": "not answered"}  # fmt: skip
    assert flags(result, "13") == ("13a: the answer and its checklist disagree",)
    agree = run(tmp_path / "b", policy=[{"item": "13a", "answer": "yes"},
                                        {"item": "13a.informed", "answer": "yes"}])  # fmt: skip
    assert flags(agree, "13") == ()
    unanswered = run(tmp_path / "c", policy=[{"item": "12a", "answer": "yes"}])
    assert value(unanswered, "13", "a") == "not answered"
    assert flags(unanswered, "13") == ("13a: not answered",)
