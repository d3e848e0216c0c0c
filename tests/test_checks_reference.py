"""Checks of the reference forms: areas (one tree), sources, population, policy (`forms.md`).

Worked-example lines: areas 2 NAT, 3 R1, 4 R2 (A area_code, C parent_code); sources 2 POL1,
3 POL2, 4 DET1, 5 DET2, 6 CRT1 (D area_code, E place_type); population 2 R1 F, 3 R1 M, 4 R2 F,
5 R2 M, all ages 0-17 (C age_from, E population); policy 2 12a, 3 13a, 4 14, 5 15.
"""

from __future__ import annotations

import pytest

from conftest import added, check, example_rows, find, issues, run, submission, write_csv


# -- areas ---------------------------------------------------------------------------------------
def test_area_code_twice(tmp_path):
    r = check(tmp_path, areas={5: {"area_code": "R1", "name": "Again", "parent_code": "NAT"}})
    assert find(r, "duplicate-id") == [("error", "areas.csv", 5, "A5", None, "R1")]
    assert "first on row 3" in issues(r, "duplicate-id")[0].message


def test_parent_area_unknown(tmp_path):
    r = check(tmp_path, areas={4: {"parent_code": "XX"}})
    assert added(r) == {"area-parent-unknown": 1}
    assert find(r, "area-parent-unknown") == [("error", "areas.csv", 4, "C4", None, "XX")]


def test_two_roots(tmp_path):
    r = check(tmp_path, areas={4: {"parent_code": ""}})
    assert find(r, "area-tree-roots") == [("error", "areas.csv", 4, "C4", None, None)]
    assert "2 roots" in issues(r, "area-tree-roots")[0].message


def test_areas_that_loop(tmp_path):
    r = check(tmp_path, areas={2: {"parent_code": "R1"}})
    assert find(r, "area-cycle") == [("error", "areas.csv", 2, "C2", None, "NAT")]
    assert "NAT → R1 → NAT" in issues(r, "area-cycle")[0].message
    assert "0 roots" in issues(r, "area-tree-roots")[0].message


def test_area_that_is_its_own_parent(tmp_path):
    r = check(tmp_path, areas={4: {"parent_code": "R2"}})
    assert find(r, "area-cycle", "row", "value") == [(4, "R2")]


def test_three_levels_form_one_tree(tmp_path):
    r = check(tmp_path, areas={5: {"area_code": "D1", "name": "District", "parent_code": "R1"}})
    assert added(r) == {}


def test_area_of_a_source_not_in_areas(tmp_path):
    r = check(tmp_path, sources={3: {"area_code": "R22"}})
    assert find(r, "unknown-area") == [("error", "sources.csv", 3, "D3", None, "R22")]
    assert "did you mean 'R2'?" in issues(r, "unknown-area")[0].hint


def test_area_of_a_population_row_not_in_areas(tmp_path):
    r = check(tmp_path, population={5: {"area_code": "R9"}})
    assert find(r, "unknown-area") == [("error", "population.csv", 5, "A5", None, "R9")]


def test_without_areas_the_submission_is_one_national_area(tmp_path):
    r = check(tmp_path, areas=None)
    assert added(r) == {}


# -- sources -------------------------------------------------------------------------------------
def test_source_id_twice(tmp_path):
    r = check(tmp_path, sources={7: {"source_id": "POL1", "source_type": "police",
                                     "area_code": "R2"}})  # fmt: skip
    assert find(r, "duplicate-id") == [("error", "sources.csv", 7, "A7", None, "POL1")]


def test_place_of_detention_without_a_type(tmp_path):
    r = check(tmp_path, sources={4: {"place_type": ""}})
    assert find(r, "place-type-missing") == [("warning", "sources.csv", 4, "E4", None, "DET1")]


def test_source_type_synonym(tmp_path):
    r = check(tmp_path, sources={6: {"source_type": "Court"}})
    assert added(r) == {}


def test_files_that_define_a_source_differently(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    det1 = {**example_rows("sources")[2], "area_code": "R2"}
    write_csv(other / "sources.csv", [det1])
    r = run(submission(tmp_path), other)
    assert find(r, "conflicting-definition", "severity", "sheet", "row", "cell", "value") == [
        ("error", "sources.csv", 2, "A2", "DET1")
    ]
    assert "area_code" in issues(r, "conflicting-definition")[0].message


def test_files_that_repeat_a_source_identically(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other / "sources.csv", [example_rows("sources")[2]])
    assert added(run(submission(tmp_path), other)) == {}


# -- population ----------------------------------------------------------------------------------
POP = {"area_code": "R1", "sex": "F", "year": "2025"}


def test_population_rows_that_overlap(tmp_path):
    r = check(tmp_path, population={6: {**POP, "age_from": "10", "age_to": "17",
                                        "population": "5"}})  # fmt: skip
    assert find(r, "population-overlap") == [("error", "population.csv", 6, "C6", None, "10")]
    assert "(row 2)" in issues(r, "population-overlap")[0].message


def test_population_split_by_age_without_overlap(tmp_path):
    r = check(tmp_path, population={2: {"age_to": "9", "population": "20000"},
                                    6: {**POP, "age_from": "10", "age_to": "17",
                                        "population": "20000"}})  # fmt: skip
    assert added(r) == {}


def test_population_ages_reversed(tmp_path):
    r = check(tmp_path, population={2: {"age_from": "17", "age_to": "0"}})
    assert find(r, "population-age-order") == [("error", "population.csv", 2, "C2", None, "17")]


@pytest.mark.parametrize("field", ["age_from", "age_to"])
def test_population_age_over_17(tmp_path, field):
    r = check(tmp_path, population={2: {field: "18"}})
    assert find(r, "out-of-range", "row", "field", "value") == [(2, field, "18")]


def test_national_total_that_differs_from_its_areas(tmp_path):
    r = check(tmp_path, population={6: {"area_code": "NAT", "sex": "F", "age_from": "0",
                                        "age_to": "17", "population": "68001"}})  # fmt: skip
    assert find(r, "population-total-mismatch") == [
        ("warning", "population.csv", 6, "E6", None, "68001")
    ]
    assert (
        "is 68001 but its areas add up to 68000"
        in issues(r, "population-total-mismatch")[0].message
    )


def test_national_total_that_agrees_with_its_areas(tmp_path):
    r = check(tmp_path, population={6: {"area_code": "NAT", "sex": "F", "age_from": "0",
                                        "age_to": "17", "population": "68000"}})  # fmt: skip
    assert added(r) == {}


def test_negative_population(tmp_path):
    r = check(tmp_path, population={3: {"population": "-5"}})
    assert find(r, "out-of-range") == [("error", "population.csv", 3, "E3", None, "-5")]


# -- policy --------------------------------------------------------------------------------------
def test_policy_item_twice(tmp_path):
    r = check(tmp_path, policy={6: {"item": "12a", "answer": "yes"}})
    assert find(r, "duplicate-id") == [("error", "policy.csv", 6, "A6", None, "12a")]


def test_policy_question_not_answered(tmp_path):
    r = check(tmp_path, policy={5: None})
    assert find(r, "policy-item-missing", "severity", "sheet", "row") == [
        ("warning", "policy.csv", None)
    ]
    assert "15 (National plan" in issues(r, "policy-item-missing")[0].message


def test_policy_checklist_items_are_optional(tmp_path):
    r = check(tmp_path, policy={6: {"item": "12A.Law", "answer": "Y"}})
    assert added(r) == {}


def test_policy_answer_not_allowed(tmp_path):
    r = check(tmp_path, policy={3: {"answer": "mostly"}})
    assert find(r, "bad-code") == [("error", "policy.csv", 3, "B3", None, "mostly")]


def test_policy_item_not_known(tmp_path):
    r = check(tmp_path, policy={6: {"item": "16", "answer": "yes"}})
    assert find(r, "bad-code", "row", "cell", "value") == [(6, "A6", "16")]
