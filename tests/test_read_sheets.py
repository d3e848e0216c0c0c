"""Sheets under other names (issue #16, point 4): a sheet whose name is close to a form's, or
whose header row is a form's, is read as that form with a notice; what must not be taken for a
form is not; two sheets of one file that claim one form are an error naming both."""

from __future__ import annotations

import pytest

from conftest import (
    WORKED_EXAMPLE,
    added,
    example_rows,
    example_sheets,
    find,
    issues,
    run,
    submission,
    write_csv,
    write_xlsx,
)
from jjindicators.mapping import load_profile
from jjindicators.read.sheets import HeaderFit, best_fit, form_by_name, sheet_key

ROWS = {form: len(example_rows(form)) for form in ("arrests", "population", "decisions")}


def book_with(tmp_path, renamed=None, dropped=(), extra=None):
    """The worked example as one workbook, some sheets renamed or dropped, some sheets added."""
    sheets = example_sheets()
    out = {}
    for form, rows in sheets.items():
        if form not in dropped:
            out[(renamed or {}).get(form, form)] = rows
    out.update(extra or {})
    return write_xlsx(tmp_path / "book.xlsx", out)


# -- by name -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Arrests 2025", "arrests"),
        ("arrests (2)", "arrests"),
        ("Copy of arrests", "arrests"),
        ("arrests_2", "arrests"),
        ("Arrests FY2024-25", "arrests"),
        ("Arests", "arrests"),  # a typo: close to the name
        ("Décisions 2024", "decisions"),
        ("Copia de decisiones", "decisions"),
        ("Registro de detención", "detention_register"),
        ("Deaths 2025", "deaths"),
        ("Census year 2025", "detention_census"),
        ("Arrests counts 2025", "arrests_counts"),
    ],
)
def test_a_sheet_named_close_to_a_form_is_read_as_it_with_a_notice(tmp_path, name, form):
    base = form.removesuffix("_counts")
    rows = (
        [{"source_id": "POL1", "sex": "F", "age_group": "14-15", "count": 3}]
        if form == "arrests_counts"
        else example_sheets()[base]
    )
    dropped = () if form == "arrests_counts" else (base,)
    r = run(book_with(tmp_path, dropped=dropped, extra={name: rows}))
    assert find(r, "sheet-read-as", "severity", "sheet", "form") == [("notice", name, form)]
    notice = issues(r, "sheet-read-as")[0]
    assert notice.message == f"Read sheet {name!r} as {form} (by its name)."
    assert f"[sheets] {name!r} = {form!r}" in notice.hint
    assert r.rows_read[form] == len(rows)
    assert find(r, "unknown-sheet") == [] and find(r, "missing-form") == []


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("ARRESTS", "arrests"),
        ("Arrestations", "arrests"),
        ("arrests_counts", "arrests_counts"),
        ("detention census", "detention_census"),
        ("Census", "detention_census"),
        ("Registre des détentions", "detention_register"),
    ],
)
def test_a_form_s_own_name_in_any_language_is_one_of_its_names(name, form):
    """Case, spaces, hyphens and underscores aside, the form's code, title (in every language)
    and aliases are its names (read without a notice: the next test)."""
    assert form_by_name(name)[0] == form and sheet_key(name)


def test_the_french_title_is_read_silently(tmp_path):
    r = run(book_with(tmp_path, renamed={"arrests": "Arrestations", "decisions": "Décisions"}))
    assert added(r) == {} and r.rows_read["arrests"] == ROWS["arrests"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Arrests 2025", "arrests"),
        ("arrests (2)", "arrests"),
        ("Copy of arrests", "arrests"),
        ("Décisions T1-2024", "decisions"),
        ("Arrestos Q3 2025", "arrestos"),
        ("Deaths_2025_copy", "deaths"),
        ("Censo de detención (periodo 2025)", "censodedetencion"),
    ],
)
def test_sheet_key_drops_case_accents_copies_years_and_periods(name, key):
    assert sheet_key(name) == key


# -- what must not be taken for a form -----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("arrests_counts", "arrests_counts"),  # a count sheet stays a count sheet
        ("arrest count", "arrests_counts"),
        ("deaths", "deaths"),
        ("death", "deaths"),
        ("decisions", "decisions"),
        ("decision", "decisions"),
        ("pop notes", None),
        ("Police", None),  # not the policy questionnaire
        ("Sheet1", None),
        ("arrest list", None),
        ("Décès 2025", None),  # only the French title, Décès en détention, is a name of deaths
    ],
)
def test_names_that_are_not_close_enough_are_not_taken(name, form):
    assert form_by_name(name)[0] == form


def test_deaths_and_decisions_are_not_confused(tmp_path):
    r = run(book_with(tmp_path, renamed={"deaths": "Deaths 2025", "decisions": "Decisions 2025"}))
    assert find(r, "sheet-read-as", "sheet", "form") == [
        ("Deaths 2025", "deaths"), ("Decisions 2025", "decisions"),
    ]  # fmt: skip
    assert r.rows_read["deaths"] == 1 and r.rows_read["decisions"] == ROWS["decisions"]


def test_a_sheet_of_notes_on_the_population_is_not_the_population(tmp_path):
    note = [["Population from the 2020 census, projected to 2025 by the statistics office"]]
    r = run(book_with(tmp_path, extra={"pop notes": note}))
    assert find(r, "unknown-sheet", "severity", "sheet") == [("warning", "pop notes")]
    assert r.rows_read["population"] == ROWS["population"]
    assert find(r, "sheet-read-as") == []


@pytest.mark.parametrize("name", ["Instructions", "README", "notes", "Notes 2025", "README (2)",
                                  "Instrucciones"])  # fmt: skip
def test_note_sheets_stay_skipped_without_a_word(tmp_path, name):
    r = run(book_with(tmp_path, extra={name: [["Fill in every sheet"], ["arrest_date", "sex"]]}))
    assert added(r) == {}


def test_a_sheet_of_other_things_stays_unknown(tmp_path):
    extra = {"Sheet1": [["colour", "size"], ["red", 1], ["blue", 2]],
             "Summary": [["Region", "Population", "Year"], ["R1", 82000, 2025]]}  # fmt: skip
    r = run(book_with(tmp_path, extra=extra))
    assert find(r, "unknown-sheet", "severity", "sheet") == [
        ("warning", "Sheet1"), ("warning", "Summary"),
    ]  # fmt: skip
    assert added(r) == {"unknown-sheet": 2}


def test_an_unknown_sheet_still_suggests_the_closest_form(tmp_path):
    r = run(book_with(tmp_path, extra={"Arrest list": [{"source_id": "POL1"}]}))
    assert find(r, "unknown-sheet", "sheet") == [("Arrest list",)]
    assert "did you mean 'arrests'?" in issues(r, "unknown-sheet")[0].hint


# -- by the header row ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("form", "fields"),
    [
        ("arrests", 6),
        ("detention_census", 10),
        ("detention_register", 9),
        ("deaths", 7),
        ("decisions", 8),
        ("sources", 10),
        ("areas", 3),
        ("population", 7),
        ("policy", 4),
    ],
)
def test_a_sheet_whose_header_row_is_a_form_s_is_read_as_it(tmp_path, form, fields):
    r = run(book_with(tmp_path, renamed={form: "Sheet1"}))
    assert find(r, "sheet-read-as", "sheet", "form") == [("Sheet1", form)]
    assert issues(r, "sheet-read-as")[0].message == (
        f"Read sheet 'Sheet1' as {form} (by its header row: {fields} of the form's fields)."
    )
    assert added(r) == {"sheet-read-as": 1}


def test_a_header_row_without_the_form_s_required_columns_is_not_guessed(tmp_path):
    """`legal_status` and `cause` are fields of deaths, but without `date_of_death` (required)
    the sheet is not guessed: a guess never turns a stray sheet into errors."""
    rows = [{"source_id": "DET1", "sex": "M", "legal_status": "pre_sentence", "cause": "illness"}]
    r = run(book_with(tmp_path, dropped=("deaths",), extra={"Hoja1": rows}))
    assert find(r, "unknown-sheet", "sheet") == [("Hoja1",)]
    assert find(r, "missing-form", "form") == [("deaths",)]


def test_a_record_sheet_with_a_name_column_is_not_taken_for_sources(tmp_path):
    rows = [{**row, "name": "Someone"} for row in example_sheets()["arrests"]]
    r = run(book_with(tmp_path, dropped=("arrests",), extra={"Sheet1": rows}))
    assert find(r, "sheet-read-as", "sheet", "form") == [("Sheet1", "arrests")]


def test_the_about_sheet_is_never_guessed_from_its_headers(tmp_path):
    r = run(book_with(tmp_path, renamed={"about": "Sheet1"}))
    assert find(r, "unknown-sheet", "sheet") == [("Sheet1",)]
    assert find(r, "missing-required-form", "form") == [("about",)]


def test_count_columns_alone_tell_no_form(tmp_path):
    rows = [{"source_id": "POL1", "sex": "F", "age_group": "14-15", "count": 3}]
    r = run(book_with(tmp_path, extra={"Sheet1": rows}))
    assert find(r, "unknown-sheet", "sheet") == [("Sheet1",)]


def test_a_tie_between_forms_is_left_alone():
    fits = [HeaderFit("detention_census", frozenset({"a", "b"}), 1),
            HeaderFit("detention_register", frozenset({"a", "c"}), 1)]  # fmt: skip
    assert best_fit(fits) == (None, ["detention_census", "detention_register"])
    assert best_fit([*fits, HeaderFit("deaths", frozenset({"a", "b", "c"}), 2)])[0].form == "deaths"


# -- a mapping profile says it first -------------------------------------------------------------
def profile(tmp_path, sheets: str):
    path = tmp_path / "profile.toml"
    path.write_text(f'[profile]\nname = "test"\n\n[sheets]\n{sheets}\n', encoding="utf-8")
    return load_profile(path)


def test_a_profile_s_sheets_win_over_any_guess(tmp_path):
    book = book_with(tmp_path, renamed={"arrests": "Arrests 2025", "deaths": "Sheet1"})
    mapping = profile(tmp_path, '"Arrests 2025" = ""\n"Sheet1" = "deaths"')
    r = run(book, mapping=mapping)
    assert find(r, "sheet-read-as") == []
    assert find(r, "missing-form", "form") == [("arrests",)]  # skipped by the profile
    assert r.rows_read["deaths"] == 1


# -- two sheets that claim one form --------------------------------------------------------------
@pytest.mark.parametrize(
    ("names", "skip"),
    [
        (("arrests", "arrests (2)"), "arrests (2)"),
        (("Arrests 2025", "ARRESTS 2024"), "ARRESTS 2024"),
        (("arrests", "Arrestations"), "Arrestations"),
        (("arrests", "Sheet1"), "Sheet1"),
    ],
)
def test_two_sheets_that_claim_one_form_are_an_error_naming_both(tmp_path, names, skip):
    arrests = example_sheets()["arrests"]
    book = book_with(tmp_path, dropped=("arrests",), extra=dict.fromkeys(names, arrests))
    r = run(book)
    assert find(r, "form-in-two-sheets", "severity", "file", "sheet", "form") == [
        ("error", str(book), None, "arrests")
    ]
    error = issues(r, "form-in-two-sheets")[0]
    assert f"hold the arrests form: {names[0]!r}, {names[1]!r}." in error.message
    assert f'[sheets] {skip!r} = ""' in error.hint
    # Neither is read, and the form is not reported missing: the error says what happened.
    assert "arrests" not in r.rows_read and find(r, "missing-form") == []
    assert find(r, "sheet-read-as") == [] and not r.valid


def test_two_csv_files_of_one_folder_that_claim_one_form_are_an_error(tmp_path):
    folder = submission(tmp_path)
    write_csv(folder / "arrests (2).csv", example_rows("arrests"))
    r = run(folder)
    assert find(r, "form-in-two-sheets", "file", "form") == [(str(folder), "arrests")]
    assert "'arrests (2).csv', 'arrests.csv'" in issues(r, "form-in-two-sheets")[0].message
    assert "[sheets] 'arrests (2)' = \"\"" in issues(r, "form-in-two-sheets")[0].hint


def test_files_of_one_form_from_several_sources_stay_normal(tmp_path):
    """A submission split by source: each workbook holds its own arrests sheet."""
    folder = submission(tmp_path, arrests=None)
    rows = example_sheets()["arrests"]
    police = write_xlsx(tmp_path / "police.xlsx", {"Arrests 2025": rows[:4]})
    gendarmerie = write_xlsx(tmp_path / "gendarmerie.xlsx", {"arrests": rows[4:]})
    r = run(folder, police, gendarmerie)
    assert find(r, "form-in-two-sheets") == []
    assert r.rows_read["arrests"] == len(rows) and r.valid


def test_sheets_a_profile_names_for_one_form_are_all_read(tmp_path):
    rows = example_sheets()["arrests"]
    book = book_with(tmp_path, dropped=("arrests",),
                     extra={"Police": rows[:4], "Gendarmerie": rows[4:]})  # fmt: skip
    mapping = profile(tmp_path, '"Police" = "arrests"\n"Gendarmerie" = "arrests"')
    r = run(book, mapping=mapping)
    assert find(r, "form-in-two-sheets") == [] and r.rows_read["arrests"] == len(rows)


def test_the_worked_example_folder_is_unchanged():
    assert added(run(WORKED_EXAMPLE)) == {}
