"""Cell checks (`forms.md`, "Conventions for every record form"): codes and their synonyms, yes/no,
dates, whole numbers, required values, and the age / date-of-birth rules.

The worked example's `arrests.csv`, by CSV line (= Excel row): 2 K1 born 2009-05-10 arrested
2025-02-03; 4 K2 F born 2008-01-15 arrested 2025-03-01; 7 POL2, no child_ref, age 14, 2025-07-07.
Columns: A source_id, B child_ref, C sex, D date_of_birth, E age, F arrest_date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import added, check, checked, find, issues, record
from jjindicators.forms import FORMS
from jjindicators.validate import fields


# -- codes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "read"),
    [("female", "F"), ("FEMALE", "F"), ("Girl", "F"), ("f", "F"), ("male", "M"), ("Male", "M"),
     ("BOY", "M"), ("m", "M"), ("u", "U"), ("Unknown", "U")],
)  # fmt: skip
def test_sex_synonyms_are_read_as_codes(tmp_path, typed, read):
    result = checked(tmp_path, arrests={4: {"sex": typed}})
    assert (record(result, "arrests", 4)["sex"], added(result.report)) == (read, {})


def test_misspelled_sex_is_an_error_with_a_suggestion(tmp_path):
    r = check(tmp_path, arrests={4: {"sex": "femal"}})
    assert find(r, "bad-code") == [("error", "arrests.csv", 4, "C4", "K2", "femal")]
    assert "did you mean 'F'?" in issues(r, "bad-code")[0].hint


def test_code_outside_the_list_names_the_allowed_values(tmp_path):
    r = check(tmp_path, decisions={2: {"decision": "fine"}})
    assert find(r, "bad-code", "row", "cell", "value") == [(2, "H2", "fine")]
    assert "custodial_sentence, non_custodial_sentence" in issues(r, "bad-code")[0].hint


def test_codes_accept_spaces_hyphens_and_case(tmp_path):
    result = checked(tmp_path, detention_census={2: {"legal_status": "Pre-Sentence"}})
    assert (record(result, "detention_census", 2)["legal_status"], added(result.report)) == (
        "pre_sentence", {})  # fmt: skip


def test_required_value_missing(tmp_path):
    r = check(tmp_path, arrests={4: {"sex": ""}})
    assert find(r, "required-missing") == [("error", "arrests.csv", 4, "C4", "K2", None)]


def test_required_date_missing(tmp_path):
    r = check(tmp_path, detention_census={3: {"admission_date": ""}})
    assert find(r, "required-missing") == [("error", "detention_census.csv", 3, "E3", "C2", None)]


# -- yes / no ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "read"),
    [("y", "yes"), ("n", "no"), ("true", "yes"), ("FALSE", "no"), ("1", "yes"), ("0", "no"),
     ("Yes", "yes"), ("NO", "no"), ("unknown", "unknown")],
)  # fmt: skip
def test_yes_no_spellings(tmp_path, typed, read):
    result = checked(tmp_path, detention_census={2: {"separated_from_adults": typed}})
    assert (record(result, "detention_census", 2)["separated_from_adults"],
            added(result.report)) == (read, {})  # fmt: skip


def test_yes_no_nonsense_is_an_error(tmp_path):
    r = check(tmp_path, detention_census={4: {"family_contact_3_months": "maybe"}})
    assert find(r, "bad-code") == [("error", "detention_census.csv", 4, "J4", "C3", "maybe")]


def test_every_yes_no_field_takes_unknown(tmp_path):
    # forms.md: "Yes/no fields accept yes/no/unknown" - holds_adults and age_estimated too.
    result = checked(tmp_path, sources={4: {"holds_adults": "Unknown"}},
                     arrests={2: {"age_estimated": "unk"}})  # fmt: skip
    assert (result.sources["DET1"]["holds_adults"], record(result, "arrests", 2)["age_estimated"],
            added(result.report)) == ("unknown", "unknown", {})  # fmt: skip


# -- dates ---------------------------------------------------------------------------------------
def test_ambiguous_text_date_without_date_order_is_an_error(tmp_path):
    r = check(tmp_path, arrests={4: {"arrest_date": "03/04/2025"}})
    assert find(r, "ambiguous-date") == [("error", "arrests.csv", 4, "F4", "K2", "03/04/2025")]
    assert "date_order" in issues(r, "ambiguous-date")[0].hint


@pytest.mark.parametrize(("order", "read"), [("DMY", dt.date(2025, 4, 3)),
                                             ("MDY", dt.date(2025, 3, 4))])  # fmt: skip
def test_date_order_in_about_reads_ambiguous_dates(tmp_path, order, read):
    result = checked(tmp_path, about={7: {"key": "date_order", "value": order}},
                     arrests={4: {"arrest_date": "03/04/2025"}})  # fmt: skip
    assert (record(result, "arrests", 4)["arrest_date"], added(result.report)) == (read, {})


def test_date_order_given_as_an_option(tmp_path):
    result = checked(tmp_path, {"date_order": "DMY"}, arrests={4: {"arrest_date": "03/04/2025"}})
    assert record(result, "arrests", 4)["arrest_date"] == dt.date(2025, 4, 3)


def test_date_order_shows_in_the_values_reported(tmp_path):
    # 01/12/2024 is 1 December 2024 day-first: before the period, so a notice with that date
    r = check(tmp_path, about={7: {"key": "date_order", "value": "DMY"}},
              arrests={4: {"arrest_date": "01/12/2024"}})  # fmt: skip
    assert ("notice", "arrests.csv", 4, "F4", "K2", "2024-12-01") in find(r, "outside-period")


@pytest.mark.parametrize(("typed", "read"), [("25/03/2025", dt.date(2025, 3, 25)),
                                             ("03/25/2025", dt.date(2025, 3, 25)),
                                             ("04/04/2025", dt.date(2025, 4, 4)),
                                             ("2025-03-25", dt.date(2025, 3, 25)),
                                             ("2025/3/25", dt.date(2025, 3, 25))])  # fmt: skip
def test_unambiguous_text_dates_need_no_date_order(tmp_path, typed, read):
    result = checked(tmp_path, arrests={4: {"arrest_date": typed}})
    assert (record(result, "arrests", 4)["arrest_date"], added(result.report)) == (read, {})


def test_impossible_date_is_bad_date(tmp_path):
    r = check(tmp_path, arrests={4: {"arrest_date": "2025-02-30"}})
    assert find(r, "bad-date") == [("error", "arrests.csv", 4, "F4", "K2", "2025-02-30")]
    assert "no such day" in issues(r, "bad-date")[0].message


def test_two_digit_year_is_never_guessed(tmp_path):
    r = check(tmp_path, about={7: {"key": "date_order", "value": "DMY"}},
              arrests={4: {"arrest_date": "03/04/25"}})  # fmt: skip
    assert find(r, "bad-date", "row", "cell", "value") == [(4, "F4", "03/04/25")]
    assert "two-digit year" in issues(r, "bad-date")[0].message


@pytest.mark.parametrize("typed", ["yesterday", "2025-13-01", "0205-03-01", "45000"])
def test_text_that_is_not_a_date(tmp_path, typed):
    r = check(tmp_path, arrests={4: {"arrest_date": typed}})
    assert find(r, "bad-date", "row", "cell", "value") == [(4, "F4", typed)]


def test_bad_date_of_birth_does_not_also_count_as_age_unknown(tmp_path):
    r = check(tmp_path, arrests={4: {"date_of_birth": "2008-15-01"}})
    assert added(r) == {"bad-date": 1}


# -- whole numbers -------------------------------------------------------------------------------
def test_age_that_is_not_a_number(tmp_path):
    r = check(tmp_path, arrests={7: {"age": "fourteen"}})
    assert find(r, "bad-number") == [("error", "arrests.csv", 7, "E7", None, "fourteen")]


@pytest.mark.parametrize("typed", ["26", "-1"])
def test_age_out_of_range(tmp_path, typed):
    r = check(tmp_path, arrests={7: {"age": typed}})
    assert find(r, "out-of-range") == [("error", "arrests.csv", 7, "E7", None, typed)]
    assert "from 0 to 25" in issues(r, "out-of-range")[0].hint


@pytest.mark.parametrize("typed", ["14.0", " 14 ", "+14"])
def test_age_written_as_a_whole_number(tmp_path, typed):
    result = checked(tmp_path, arrests={7: {"age": typed}})
    assert (record(result, "arrests", 7)["age"], added(result.report)) == (14, {})


def test_population_with_thousands_separator(tmp_path):
    r = check(tmp_path, population={2: {"population": "40,000"}})
    assert added(r) == {}


def test_bad_value_for_an_empty_override(tmp_path):
    r = checked(tmp_path, {"country": ""}).report
    assert find(r, "bad-value", "severity", "file", "field") == [
        ("error", "(command line)", "country")
    ]


# -- age and date of birth -----------------------------------------------------------------------
def test_neither_age_nor_date_of_birth_is_a_warning(tmp_path):
    r = check(tmp_path, arrests={7: {"age": ""}})
    assert find(r, "age-unknown") == [("warning", "arrests.csv", 7, "D7", None, None)]


@pytest.mark.parametrize("age", ["14", "15", "16"])
def test_age_within_a_year_of_the_date_of_birth_is_fine(tmp_path, age):
    # born 2009-05-10, arrested 2025-02-03: 15 completed years
    r = check(tmp_path, arrests={2: {"age": age}})
    assert added(r) == {}


@pytest.mark.parametrize("age", ["13", "17"])
def test_age_two_years_off_the_date_of_birth_is_an_error(tmp_path, age):
    r = check(tmp_path, arrests={2: {"age": age}})
    assert find(r, "age-dob-mismatch") == [("error", "arrests.csv", 2, "E2", "K1", age)]
    assert "gives 15 on 2025-02-03" in issues(r, "age-dob-mismatch")[0].message


def test_age_in_the_census_is_taken_on_the_census_date(tmp_path):
    # C1 born 2009-01-01 is 16 on 2025-12-31: 14 is two years off
    r = check(tmp_path, detention_census={2: {"age": "14"}, 3: {"age": "15"}})
    assert find(r, "age-dob-mismatch", "row", "value") == [(2, "14")]


def test_eighteenth_birthday_on_the_arrest_date_is_not_a_child(tmp_path):
    r = check(tmp_path, arrests={4: {"date_of_birth": "2007-03-01"}})
    assert ("warning", "arrests.csv", 4, "D4", "K2", "2007-03-01") in find(r, "not-a-child")
    assert (
        "The person was 18 on 2025-03-01 (arrest_date)" in find(r, "not-a-child", "message")[0][0]
    )


def test_day_before_eighteen_is_a_child(tmp_path):
    r = check(tmp_path, arrests={4: {"date_of_birth": "2007-03-02"}})
    assert added(r) == {}


@pytest.mark.parametrize(("age", "found"), [("18", True), ("17", False)])
def test_age_alone_decides_not_a_child(tmp_path, age, found):
    r = check(tmp_path, arrests={7: {"age": age}})
    row = ("warning", "arrests.csv", 7, "E7", None, age)
    assert (row in find(r, "not-a-child")) is found


def test_not_a_child_in_the_census_uses_the_census_date(tmp_path):
    # C4 (born 2007-06-06) is in the worked example; C3 born 2007-12-31 turns 18 on the census day
    r = check(tmp_path, detention_census={4: {"date_of_birth": "2007-12-31"}})
    found = find(r, "not-a-child", "sheet", "row", "cell", "child_ref")
    assert [f for f in found if f[0] == "detention_census.csv"] == [
        ("detention_census.csv", 4, "D4", "C3"),
        ("detention_census.csv", 5, "D5", "C4"),
    ]


def test_age_alone_is_enough_when_the_event_date_is_unreadable(tmp_path):
    r = check(tmp_path, arrests={7: {"age": "19", "arrest_date": "x"}})
    assert ("warning", "arrests.csv", 7, "E7", None, "19") in find(r, "not-a-child")
    assert "NaT" not in str(r.to_dict())


TEXT_FIELDS = sorted((form, name) for form in FORMS for name in fields._text_fields(form))


@settings(max_examples=50, deadline=None)
@given(text=st.text(min_size=1).map(str.strip).filter(bool), field=st.sampled_from(TEXT_FIELDS))
def test_clean_text_is_its_own_value_in_every_text_field(text, field):
    """Columns of text skip the validator call per cell: that must give what the validator
    gives for text as the reader leaves it (stripped, never empty)."""
    assert fields.field_adapter(*field).validate_python(text) == text
