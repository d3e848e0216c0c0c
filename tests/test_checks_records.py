"""Checks between fields and forms (`forms.md`, "Checks between fields and forms"): dates in order,
the census and register rules, the reporting period, sources, children listed twice, records and
counts, places that sent no census.

Worked-example lines used here (CSV line = Excel row):
- census: 2 C1 DET1 pre_sentence admitted 2025-11-01; 3 C2 DET1 sentenced 2025-07-15, admitted
  2025-06-01; 4 C3 DET2. Columns E admission_date, F legal_status, G sentence_date.
- register: 2 R1 admitted 2025-02-01, sentenced 2025-03-03, released 2025-09-03 end_of_sentence;
  3 R2 released_before_sentence; 4 R3 early_release; 5 R4 still held; 6 R5 transfer; 8 R7 death.
  Columns E admission, F sentence, G release, H release_type, I aftercare.
"""

from __future__ import annotations

import pytest

from conftest import (
    WORKED_EXAMPLE,
    added,
    check,
    example_sheets,
    find,
    issues,
    run,
    submission,
    write_csv,
    write_xlsx,
)
from jjindicators.forms import FORMS
from jjindicators.validate.form_checks import FORM_CHECKS


# -- dates in order ------------------------------------------------------------------------------
def test_date_of_birth_after_the_event(tmp_path):
    r = check(tmp_path, arrests={4: {"date_of_birth": "2025-03-02"}})
    assert find(r, "date-order") == [("error", "arrests.csv", 4, "F4", "K2", "2025-03-01")]


def test_born_on_the_day_of_the_event_is_in_order(tmp_path):
    r = check(tmp_path, arrests={4: {"date_of_birth": "2025-03-01"}})
    assert added(r) == {}


def test_admission_after_release(tmp_path):
    r = check(tmp_path, detention_register={3: {"admission_date": "2025-04-11"}})
    assert find(r, "date-order") == [("error", "detention_register.csv", 3, "G3", "R2",
                                      "2025-04-10")]  # fmt: skip


def test_sentence_after_release(tmp_path):
    r = check(tmp_path, detention_register={2: {"sentence_date": "2025-09-04"}})
    assert find(r, "date-order") == [("error", "detention_register.csv", 2, "G2", "R1",
                                      "2025-09-03")]  # fmt: skip


def test_admission_sentence_and_release_on_one_day_are_in_order(tmp_path):
    r = check(tmp_path, detention_register={2: {"admission_date": "2025-03-03",
                                                "release_date": "2025-03-03"}})  # fmt: skip
    assert added(r) == {}


def test_sentence_before_admission_is_only_a_warning(tmp_path):
    r = check(tmp_path, detention_register={2: {"sentence_date": "2025-01-15"}})
    assert added(r) == {"sentence-before-admission": 1}
    assert find(r, "sentence-before-admission") == [
        ("warning", "detention_register.csv", 2, "F2", "R1", "2025-01-15")
    ]


def test_sentence_before_admission_in_the_census(tmp_path):
    r = check(tmp_path, detention_census={3: {"sentence_date": "2025-05-31"}})
    assert find(r, "sentence-before-admission") == [
        ("warning", "detention_census.csv", 3, "G3", "C2", "2025-05-31")
    ]


def test_admission_after_the_census_date(tmp_path):
    r = check(tmp_path, detention_census={2: {"admission_date": "2026-01-02"}})
    assert find(r, "after-census-date") == [("error", "detention_census.csv", 2, "E2", "C1",
                                             "2026-01-02")]  # fmt: skip


def test_sentence_after_the_census_date(tmp_path):
    r = check(tmp_path, detention_census={3: {"sentence_date": "2026-01-02"}})
    assert find(r, "after-census-date") == [("error", "detention_census.csv", 3, "G3", "C2",
                                             "2026-01-02")]  # fmt: skip


def test_after_an_earlier_census_date_from_about(tmp_path):
    r = check(tmp_path, about={5: {"value": "2025-11-30"}})
    # C5 admitted 2025-12-01 was not held on 2025-11-30; C1 admitted 2025-11-01 was
    assert find(r, "after-census-date", "row", "cell", "child_ref") == [(6, "E6", "C5")]


def test_admission_on_the_census_date_is_fine(tmp_path):
    r = check(tmp_path, detention_census={2: {"admission_date": "2025-12-31"}})
    assert added(r) == {}


def test_event_after_today(tmp_path):
    r = check(tmp_path, arrests={3: {"arrest_date": "2026-01-16"}})
    assert find(r, "future-date") == [("error", "arrests.csv", 3, "F3", "K1", "2026-01-16")]


def test_event_today_is_not_in_the_future(tmp_path):
    r = check(tmp_path, arrests={3: {"arrest_date": "2026-01-15"}})
    assert added(r) == {"outside-period": 1}


def test_date_of_birth_in_the_future(tmp_path):
    r = check(tmp_path, detention_census={2: {"date_of_birth": "2026-02-01"}})
    assert ("error", "detention_census.csv", 2, "D2", "C1", "2026-02-01") in find(r, "future-date")


# -- the reporting period ------------------------------------------------------------------------
def test_outside_period_in_the_worked_example():
    r = run(WORKED_EXAMPLE)
    assert find(r, "outside-period") == [
        ("notice", "arrests.csv", 6, "F6", "K4", "2024-12-30"),
        ("notice", "decisions.csv", 8, "F8", "E7", "2024-12-15"),
        ("notice", "detention_register.csv", 7, "E7", "R6", "2024-03-01 to 2024-12-20"),
    ]


def test_death_after_the_period(tmp_path):
    r = check(tmp_path, deaths={2: {"date_of_death": "2026-01-02"}})
    assert find(r, "outside-period") == [
        ("notice", "arrests.csv", 6, "F6", "K4", "2024-12-30"),
        ("notice", "deaths.csv", 2, "E2", "R7", "2026-01-02"),
        ("notice", "decisions.csv", 8, "F8", "E7", "2024-12-15"),
        ("notice", "detention_register.csv", 7, "E7", "R6", "2024-03-01 to 2024-12-20"),
    ]


@pytest.mark.parametrize("day", ["2025-01-01", "2025-12-31"])
def test_events_on_the_first_and_last_day_are_in_the_period(tmp_path, day):
    r = check(tmp_path, arrests={2: {"arrest_date": day}}, decisions={2: {"decision_date": day}})
    assert added(r) == {}


def test_episode_admitted_after_the_period(tmp_path):
    r = check(tmp_path, detention_register={5: {"admission_date": "2026-01-05"}})
    assert ("notice", "detention_register.csv", 5, "E5", "R4", "from 2026-01-05") in find(
        r, "outside-period"
    )


def test_episode_ending_on_the_first_day_overlaps_the_period(tmp_path):
    r = check(tmp_path, detention_register={7: {"release_date": "2025-01-01"}})
    assert find(r, "outside-period", "sheet") == [("arrests.csv",), ("decisions.csv",)]


# -- the census ----------------------------------------------------------------------------------
def test_sentenced_without_a_sentence_date(tmp_path):
    r = check(tmp_path, detention_census={3: {"sentence_date": ""}})
    assert find(r, "sentenced-without-date") == [("warning", "detention_census.csv", 3, "G3",
                                                  "C2", None)]  # fmt: skip


@pytest.mark.parametrize("day", ["2025-12-01", "2025-12-31"])
def test_pre_sentence_with_a_sentence_date(tmp_path, day):
    r = check(tmp_path, detention_census={2: {"sentence_date": day}})
    assert find(r, "pre-sentence-with-sentence-date") == [
        ("error", "detention_census.csv", 2, "F2", "C1", day)
    ]


# -- the register --------------------------------------------------------------------------------
@pytest.mark.parametrize(("row", "child"), [(2, "R1"), (4, "R3")])
def test_sentence_release_without_a_sentence_date(tmp_path, row, child):
    r = check(tmp_path, detention_register={row: {"sentence_date": ""}})
    kind = "end_of_sentence" if row == 2 else "early_release"
    assert find(r, "release-type-conflict") == [
        ("error", "detention_register.csv", row, f"H{row}", child, kind)
    ]


def test_released_before_sentence_with_a_sentence_date(tmp_path):
    r = check(tmp_path, detention_register={3: {"sentence_date": "2025-04-10"}})
    assert find(r, "release-type-conflict") == [
        ("error", "detention_register.csv", 3, "H3", "R2", "released_before_sentence")
    ]


def test_release_date_without_a_release_type(tmp_path):
    r = check(tmp_path, detention_register={5: {"release_date": "2025-10-01"}})
    assert find(r, "conditional-required", "severity", "row", "cell", "field") == [
        ("error", 5, "H5", "release_type")
    ]


def test_release_type_without_a_release_date(tmp_path):
    r = check(tmp_path, detention_register={5: {"release_type": "other", "aftercare": "no"}})
    assert find(r, "conditional-required", "severity", "row", "cell", "field") == [
        ("error", 5, "G5", "release_date")
    ]


def test_release_without_aftercare(tmp_path):
    r = check(tmp_path, detention_register={2: {"aftercare": ""}})
    assert find(r, "conditional-required", "severity", "row", "cell", "child_ref", "field") == [
        ("error", 2, "I2", "R1", "aftercare")
    ]


@pytest.mark.parametrize("kind", ["transfer", "death", "escape"])
def test_no_aftercare_needed_when_the_child_was_not_released(tmp_path, kind):
    r = check(tmp_path, detention_register={6: {"release_type": kind, "aftercare": ""}})
    assert added(r) == {}


# -- sources -------------------------------------------------------------------------------------
def test_unknown_source(tmp_path):
    r = check(tmp_path, arrests={4: {"source_id": "POL9"}})
    assert find(r, "unknown-source") == [("error", "arrests.csv", 4, "A4", "K2", "POL9")]
    assert "did you mean 'POL" in issues(r, "unknown-source")[0].hint


def test_a_transfer_from_a_place_not_in_sources(tmp_path):
    """`transferred_from` names the place a child came from: another source (or a police
    station) cannot be joined to the detention, so it is a warning (`docs/rules.md`)."""
    r = check(tmp_path, detention_register={6: {"transferred_from": "DET9"},
                                             7: {"transferred_from": "POL1"},
                                             8: {"transferred_from": "DET1"}})  # fmt: skip
    assert find(r, "unknown-transfer-source") == [
        ("warning", "detention_register.csv", 6, "J6", "R5", "DET9"),
        ("warning", "detention_register.csv", 7, "J7", "R6", "POL1"),
    ]
    assert "did you mean 'DET" in issues(r, "unknown-transfer-source")[0].hint


@pytest.mark.parametrize(
    ("form", "row", "source"),
    [("arrests", 4, "DET1"), ("detention_census", 2, "POL1"), ("deaths", 2, "CRT1"),
     ("detention_register", 2, "POL2")],
)  # fmt: skip
def test_source_of_the_wrong_type(tmp_path, form, row, source):
    r = check(tmp_path, **{form: {row: {"source_id": source}}})
    assert find(r, "wrong-source-type", "severity", "sheet", "row", "cell", "value") == [
        ("error", f"{form}.csv", row, f"A{row}", source)
    ]


def test_decisions_may_come_from_the_police(tmp_path):
    r = check(tmp_path, decisions={6: {"source_id": "POL2"}})
    assert added(r) == {}


# -- children listed twice -----------------------------------------------------------------------
CENSUS_ROW = {"sex": "M", "date_of_birth": "2009-01-01", "admission_date": "2025-11-01",
              "legal_status": "pre_sentence", "separated_from_adults": "yes",
              "family_contact_3_months": "yes"}  # fmt: skip


def test_same_child_twice_in_one_census(tmp_path):
    r = check(
        tmp_path, detention_census={7: {**CENSUS_ROW, "source_id": "DET1", "child_ref": "C1"}}
    )
    assert find(r, "duplicate-child-in-census") == [
        ("error", "detention_census.csv", 7, "B7", "C1", "C1")
    ]
    assert "first on row 2" in issues(r, "duplicate-child-in-census")[0].message


def test_same_child_in_two_censuses_with_national_references(tmp_path):
    r = check(
        tmp_path,
        about={6: {"value": "national"}},
        detention_census={7: {**CENSUS_ROW, "source_id": "DET2", "child_ref": "C1"}},
    )
    assert added(r) == {"child-in-two-censuses": 1}
    assert find(r, "child-in-two-censuses") == [
        ("warning", "detention_census.csv", 7, "B7", "C1", "C1")
    ]


def test_same_child_twice_in_one_census_with_national_references(tmp_path):
    r = check(
        tmp_path,
        about={6: {"value": "national"}},
        detention_census={7: {**CENSUS_ROW, "source_id": "DET1", "child_ref": "C1"}},
    )
    assert added(r) == {"duplicate-child-in-census": 1}


def test_same_reference_in_two_places_is_two_children_by_default(tmp_path):
    r = check(
        tmp_path, detention_census={7: {**CENSUS_ROW, "source_id": "DET2", "child_ref": "C1"}}
    )
    assert added(r) == {}


# -- records and counts --------------------------------------------------------------------------
def test_records_and_counts_for_the_same_source(tmp_path):
    folder = submission(tmp_path)
    write_csv(folder / "arrests_counts.csv",
              [{"source_id": "POL1", "sex": "M", "age_group": "16-17", "count": "3"}])  # fmt: skip
    r = run(folder)
    assert find(r, "record-and-count") == [("error", "arrests_counts.csv", 2, "A2", None, "POL1")]
    assert added(r) == {"record-and-count": 1}


def test_records_and_counts_reported_once_per_source(tmp_path):
    folder = submission(tmp_path)
    counts = [{"source_id": "POL1", "sex": sex, "age_group": "<14", "count": "3"}
              for sex in ("F", "M", "U")]  # fmt: skip
    write_csv(folder / "arrests_counts.csv", counts)
    assert find(run(folder), "record-and-count", "row", "value") == [(2, "POL1")]


def test_counts_for_a_source_without_records(tmp_path):
    police = {"source_id": "POL3", "name": "Station 3", "source_type": "police", "area_code": "R2"}
    folder = submission(tmp_path, sources={20: police})
    write_csv(folder / "arrests_counts.csv",
              [{"source_id": "POL3", "sex": "M", "age_group": "14-15", "count": "3"}])  # fmt: skip
    assert added(run(folder)) == {}


def test_records_and_counts_in_one_workbook(tmp_path):
    book = write_xlsx(tmp_path / "counts.xlsx", {
        "decisions_counts": [{"source_id": "CRT1", "sex": "F", "age_group": "16-17",
                              "decision": "diversion", "count": 2}],
    })  # fmt: skip
    r = run(submission(tmp_path), book)
    assert find(r, "record-and-count", "severity", "sheet", "row", "cell", "value") == [
        ("error", "decisions_counts", 2, "A2", "CRT1")
    ]


# -- coverage ------------------------------------------------------------------------------------
PLACE = {"name": "Centre 3", "source_type": "place_of_detention", "area_code": "R2",
         "place_type": "pre_trial_centre", "holds_adults": "no"}  # fmt: skip


def test_place_of_detention_that_sent_no_census(tmp_path):
    r = check(tmp_path, sources={7: {**PLACE, "source_id": "DET3"}})
    assert find(r, "no-census-from-place") == [("warning", "sources.csv", 7, "A7", None, "DET3")]


def test_place_that_held_no_child_needs_no_census(tmp_path):
    r = check(
        tmp_path, sources={7: {**PLACE, "source_id": "DET3", "held_children_in_period": "no"}}
    )
    assert added(r) == {}


def test_records_and_counts_with_source_ids_typed_as_numbers(tmp_path):
    sheets = example_sheets()
    for row in sheets["sources"] + sheets["arrests"]:
        if row["source_id"] == "POL1":
            row["source_id"] = 7  # read back from the workbook as the number 7.0
    sheets["arrests_counts"] = [{"source_id": 7, "sex": "M", "age_group": "<14", "count": 3}]
    r = run(write_xlsx(tmp_path / "book.xlsx", sheets))
    assert find(r, "record-and-count", "severity", "sheet", "row", "cell", "value") == [
        ("error", "arrests_counts", 2, "A2", "7")
    ]


def test_every_check_a_form_names_is_a_check():
    """A form's own checks are a hook on its spec (`FormSpec.checks`), each one in `FORM_CHECKS`."""
    named = {name for spec in FORMS.values() for name in spec.checks}
    assert named == set(FORM_CHECKS)
    assert FORMS["detention_census"].checks and not FORMS["detention_census_counts"].checks
