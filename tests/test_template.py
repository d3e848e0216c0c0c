"""The blank template (`template.py`): sheets, headers, comments, drop-downs and formats follow the
form models, and a template filled in by hand validates with no error and no warning."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators import FORMS, ValidateOptions, validate
from jjindicators.errors import UsageError
from jjindicators.forms import MAIN_FORMS
from jjindicators.forms.labels import code_key, coded_fields, field_key
from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.forms.version import TEMPLATE_VERSION
from jjindicators.i18n import lookup
from jjindicators.schemas import field_entries
from jjindicators.template import (
    ALWAYS,
    DATA_ROWS,
    INSTRUCTIONS,
    LISTS,
    template_forms,
    write_template,
)
from jjindicators.xlsx.save import FIXED_TIME

ROW_FORMS = [name for name in MAIN_FORMS if FORMS[name].kind != "keyvalue"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "template.xlsx")


@pytest.fixture(scope="module")
def book(template: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template)


def _allowed(sheet: Worksheet, book: openpyxl.Workbook, rule: Any) -> list[str]:
    """The values a list validation offers: inline (`"a,b"`) or a range of the lists sheet."""
    formula = rule.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    name, cells = formula.split("!")
    name = name.strip("'")  # a sheet name is quoted in a formula
    assert book[name].sheet_state == "hidden"
    return [c.value for row in book[name][cells.replace("$", "")] for c in row]


def _rules_for(sheet: Worksheet, cells: str) -> list[Any]:
    return [dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) == cells]


# -- what the template holds ---------------------------------------------------------------------
def test_sheets_are_the_instructions_then_every_form_in_registry_order(book):
    assert book.sheetnames[0] == INSTRUCTIONS
    assert [n for n in book.sheetnames[1:] if n != LISTS] == template_forms()
    assert all(book[n].sheet_state == "visible" for n in [INSTRUCTIONS, *template_forms()])


def fields_header(sheet, lang: str = "en"):
    """The header cells of the form's fields: not the policy sheet's question column, there
    for the eye only (issue #20)."""
    return [c for c in sheet[1] if c.value != lookup("template.policy_question", lang)]


@pytest.mark.parametrize("form", ROW_FORMS)
def test_headers_are_the_labels_with_required_ones_bold(book, form):
    sheet = book[form]
    fields = FORMS[form].fields
    header = [c.value for c in fields_header(sheet)]
    assert header == [info.title for info in fields.values()]
    bold = {c.value for c in fields_header(sheet) if c.font.bold}
    assert bold == {fields[name].title for name in FORMS[form].required_fields}
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("form", ROW_FORMS)
def test_each_header_comment_explains_the_field(book, form):
    sheet = book[form]
    for cell, field in zip(fields_header(sheet), field_entries(form), strict=True):
        text = cell.comment.text
        need = "required" if field["required"] else "optional"
        assert text.startswith(f"{field['name']} ({need})")
        assert field["note"] in text
        if field["allowed"]:
            assert f"Allowed values: {', '.join(field['allowed'])}." in text


@pytest.mark.parametrize("form", ROW_FORMS)
def test_coded_columns_have_a_drop_down_over_the_data_rows(book, form):
    sheet = book[form]
    for cell, field in zip(fields_header(sheet), field_entries(form), strict=True):
        letter = cell.column_letter
        rules = _rules_for(sheet, f"{letter}2:{letter}{DATA_ROWS + 1}")
        if not field["allowed"]:
            assert all(r.type != "list" for r in rules), field["name"]
            continue
        [rule] = rules
        assert rule.type == "list" and rule.showErrorMessage and rule.allow_blank
        assert rule.error and rule.errorTitle and len(rule.errorTitle) <= 32
        enum = FORMS[form].model.model_json_schema()["properties"][field["name"]]
        enum = next(p for p in enum.get("anyOf", [enum]) if "enum" in p)["enum"]
        assert _allowed(sheet, book, rule) == enum


@pytest.mark.parametrize("form", ROW_FORMS)
def test_column_formats_follow_the_field_types(book, form):
    sheet = book[form]
    for cell, field in zip(fields_header(sheet), field_entries(form), strict=True):
        column = sheet.column_dimensions[cell.column_letter]
        expected = {"date": "yyyy-mm-dd", "whole number": "0"}.get(field["type"], "@")
        assert column.number_format == expected, field["name"]
        assert 10 <= column.width <= 45


def test_bounded_whole_numbers_get_a_range_rule(book):
    sheet = book["population"]
    [rule] = _rules_for(sheet, f"C2:C{DATA_ROWS + 1}")  # age_from, 0-17
    assert (rule.type, rule.operator) == ("whole", "between")
    assert (rule.formula1, rule.formula2) == ("0", "17")
    [rule] = _rules_for(sheet, f"E2:E{DATA_ROWS + 1}")  # population, 0 to MAX_CHILDREN
    assert (rule.type, rule.operator) == ("whole", "between")
    assert (rule.formula1, rule.formula2) == ("0", "1000000000")


def test_about_lists_every_key_with_defaults_and_the_template_version(book):
    sheet = book["about"]
    assert [c.value for c in sheet[1]] == ["key", "value"]
    rows = {r[0].value: r[1] for r in sheet.iter_rows(min_row=2)}
    about = FORMS["about"].fields
    assert list(rows) == list(about)
    assert rows["template_version"].value == TEMPLATE_VERSION
    for name, info in about.items():
        if name != "template_version":
            assert rows[name].value == (None if info.is_required() else info.default), name
    assert rows["period_start"].number_format == "yyyy-mm-dd"
    bold = {r[0].value for r in sheet.iter_rows(min_row=2) if r[0].font.bold}
    assert bold == set(FORMS["about"].required_fields)
    for field in field_entries("about"):
        cell = rows[field["name"]]
        rules = _rules_for(sheet, cell.coordinate)
        assert [_allowed(sheet, book, r) for r in rules] == (
            [field["allowed"]] if field["allowed"] else []
        )


def test_instructions_name_every_sheet_dates_names_and_the_version(book):
    text = "\n".join(
        " ".join(str(c.value) for c in row if c.value is not None)
        for row in book[INSTRUCTIONS].iter_rows()
    )
    assert TEMPLATE_VERSION in text and "YYYY-MM-DD" in text and "Never enter the name" in text
    for name, spec in ((n, FORMS[n]) for n in template_forms()):
        assert f"{name} {spec.title}: {spec.description}" in text


def test_the_lists_sheet_is_hidden_and_skipped_by_the_reader(book, template):
    assert book[LISTS].sheet_state == "hidden"
    report = validate([template], ValidateOptions(today=dt.date(2026, 1, 1)))
    assert {i.sheet for i in report.issues} <= {"about", "policy"}
    assert {i.code for i in report.issues} == {"required-missing", "policy-item-missing"}


def test_the_template_is_the_same_byte_for_byte(template, tmp_path):
    again = write_template(tmp_path / "again.xlsx")
    assert again.read_bytes() == template.read_bytes()
    properties = openpyxl.load_workbook(again).properties
    assert properties.created == properties.modified == FIXED_TIME  # as the reports


# -- choosing forms ------------------------------------------------------------------------------
def test_forms_picks_sheets_and_always_keeps_about_and_sources(tmp_path):
    path = write_template(tmp_path / "t.xlsx", ["decisions", "arrests"])
    assert openpyxl.load_workbook(path).sheetnames == [INSTRUCTIONS, *ALWAYS, "arrests",
                                                       "decisions"]  # fmt: skip
    assert template_forms(["sources"]) == list(ALWAYS)


def test_an_unknown_form_is_a_usage_error_that_lists_the_forms(tmp_path):
    with pytest.raises(UsageError) as raised:
        write_template(tmp_path / "t.xlsx", ["arrests", "arests"])
    assert "'arests'" in str(raised.value)
    assert all(name in str(raised.value) for name in FORMS)
    assert not (tmp_path / "t.xlsx").exists()


def test_a_template_must_be_an_xlsx_file(tmp_path):
    with pytest.raises(UsageError, match=r"\.xlsx"):
        write_template(tmp_path / "t.csv")


def test_the_library_modules_do_not_import_the_command_line():
    code = "import sys, jjindicators.template, jjindicators.schemas; print('typer' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


# -- a template filled in by hand validates cleanly ----------------------------------------------
D = dt.date
FILLED: dict[str, list[dict[str, Any]]] = {
    "areas": [
        {"area_code": "NAT", "name": "Exampleland"},
        {"area_code": "R1", "name": "Region One", "parent_code": "NAT"},
        {"area_code": "R2", "name": "Region Two", "parent_code": "NAT"},
    ],
    "sources": [
        {"source_id": "POL1", "name": "Police station 1", "source_type": "police",
         "area_code": "R1"},
        {"source_id": "DET1", "name": "Juvenile centre 1", "source_type": "place_of_detention",
         "area_code": "R1", "place_type": "juvenile_institution", "holds_adults": "no",
         "held_children_in_period": "yes", "last_independent_inspection": D(2025, 3, 1),
         "inspecting_body": "National inspectorate", "complaints_system": "yes"},
        {"source_id": "DET2", "name": "Prison 2", "source_type": "place_of_detention",
         "area_code": "R2", "place_type": "adult_prison", "holds_adults": "yes",
         "last_independent_inspection": D(2024, 6, 30), "inspecting_body": "Ombudsman",
         "complaints_system": "unknown"},
        {"source_id": "LOCK1", "name": "Lock-up 1", "source_type": "place_of_detention",
         "area_code": "R2", "place_type": "police_lockup", "holds_adults": "yes",
         "held_children_in_period": "no"},
        {"source_id": "CRT1", "name": "Court 1", "source_type": "competent_authority",
         "area_code": "R1"},
        {"source_id": "DIV1", "name": "Diversion scheme", "source_type": "diversion_programme",
         "area_code": "R2"},
        {"source_id": "BRD1", "name": "Border guard", "source_type": "other", "area_code": "R2"},
    ],
    "population": [
        {"area_code": area, "sex": sex, "age_from": 0, "age_to": 17, "population": count,
         "year": 2025, "source_note": "census projection"}
        for area, sex, count in [("NAT", "F", 68000), ("NAT", "M", 72000), ("R1", "F", 40000),
                                 ("R1", "M", 42000), ("R2", "F", 28000), ("R2", "M", 30000)]
    ],
    "arrests": [
        {"source_id": "POL1", "child_ref": "K1", "sex": "M", "date_of_birth": D(2009, 5, 10),
         "arrest_date": D(2025, 2, 3), "arresting_body": "police", "offence": "theft",
         "outcome": "charged"},
        {"source_id": "POL1", "child_ref": "K2", "sex": "F", "age": 15, "age_estimated": "yes",
         "arrest_date": D(2025, 3, 1), "arresting_body": "police", "outcome": "diverted"},
        {"source_id": "BRD1", "sex": "U", "age": 16, "arrest_date": D(2025, 7, 7),
         "arresting_body": "security", "outcome": "released"},
    ],
    "detention_census": [
        {"source_id": "DET1", "child_ref": "C1", "sex": "M", "date_of_birth": D(2009, 1, 1),
         "admission_date": D(2025, 11, 1), "legal_status": "pre_sentence",
         "separated_from_adults": "yes", "family_contact_3_months": "yes"},
        {"source_id": "DET1", "child_ref": "C2", "sex": "F", "date_of_birth": D(2010, 3, 3),
         "admission_date": D(2025, 6, 1), "legal_status": "sentenced",
         "sentence_date": D(2025, 7, 15), "detention_basis": "criminal",
         "separated_from_adults": "yes", "family_contact_3_months": "no"},
        {"source_id": "DET2", "child_ref": "C3", "sex": "M", "age": 16,
         "admission_date": D(2025, 10, 10), "legal_status": "pre_sentence",
         "detention_basis": "administrative", "separated_from_adults": "no",
         "family_contact_3_months": "unknown"},
    ],
    "detention_register": [
        {"source_id": "DET1", "child_ref": "R1", "sex": "M", "date_of_birth": D(2010, 1, 1),
         "admission_date": D(2025, 2, 1), "sentence_date": D(2025, 3, 3),
         "release_date": D(2025, 9, 3), "release_type": "end_of_sentence", "aftercare": "yes"},
        {"source_id": "DET1", "child_ref": "R2", "sex": "F", "date_of_birth": D(2009, 4, 4),
         "admission_date": D(2025, 4, 10), "release_date": D(2025, 4, 10),
         "release_type": "released_before_sentence", "aftercare": "no"},
        {"source_id": "DET2", "child_ref": "R4", "sex": "M", "age": 15,
         "admission_date": D(2025, 5, 5)},
        {"source_id": "DET1", "child_ref": "R7", "sex": "M", "date_of_birth": D(2010, 2, 2),
         "admission_date": D(2025, 7, 1), "release_date": D(2025, 8, 8), "release_type": "death"},
    ],
    "deaths": [
        {"source_id": "DET1", "child_ref": "R7", "sex": "M", "date_of_birth": D(2010, 2, 2),
         "date_of_death": D(2025, 8, 8), "legal_status": "pre_sentence", "cause": "illness"},
    ],
    "decisions": [
        {"source_id": "CRT1", "child_ref": "E1", "sex": "M", "age": 15,
         "decision_date": D(2025, 3, 3), "deciding_body": "court",
         "decision": "custodial_sentence"},
        {"source_id": "CRT1", "child_ref": "E2", "sex": "F", "age": 16,
         "decision_date": D(2025, 5, 5), "deciding_body": "court",
         "decision": "non_custodial_sentence"},
        {"source_id": "DIV1", "child_ref": "E4", "sex": "M", "age": 14,
         "decision_date": D(2025, 2, 2), "deciding_body": "prosecutor", "decision": "diversion"},
        {"source_id": "POL1", "child_ref": "E5", "sex": "F", "date_of_birth": D(2008, 6, 1),
         "decision_date": D(2025, 9, 9), "deciding_body": "police", "decision": "diversion"},
    ],
    "policy": [
        {"item": "12a", "answer": "partial", "evidence": "Inspection Act 2019"},
        {"item": "12a.law", "answer": "yes", "evidence": "Inspection Act 2019, s. 4"},
        {"item": "13a", "answer": "yes"},
        {"item": "14", "answer": "partial", "notes": "Specialised judges in the capital only"},
        {"item": "15", "answer": "no"},
    ],
}  # fmt: skip
ABOUT = {"country": "Exampleland", "period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31),
         "prepared_by": "Ministry of Justice, statistics unit"}  # fmt: skip


def _fill(book: openpyxl.Workbook, form: str, rows: list[dict[str, Any]], lang: str) -> None:
    """Type rows under the template's own headers (the labels), as a person would: a coded
    value as the drop-down list of its column offers it (its label in French or Spanish)."""
    sheet = book[lookup(f"form.{form}.title", lang) if lang != "en" else form]
    labels = {lookup(field_key(form, name), lang): name for name in FORMS[form].fields}
    columns = {labels[c.value]: c.column for c in fields_header(sheet, lang)}
    offered = {}
    for rule in sheet.data_validations.dataValidation:
        if rule.type == "list":
            column = str(rule.sqref).split(":")[0].rstrip("0123456789")
            offered[column] = _allowed(sheet, book, rule)
    # The policy sheet lists every question: a person answers on its row (issue #20).
    listed = {sheet.cell(i, 1).value: i for i in range(2, sheet.max_row + 1)}
    for i, row in enumerate(rows, start=2):
        if form == "policy":
            i = listed[row["item"]]
            row = {k: v for k, v in row.items() if k != "item"}
        for name, value in row.items():
            cell = sheet.cell(i, columns[name])
            if (form, name) in coded_fields():
                value = lookup(code_key(form, name, value), lang) if lang != "en" else value
                assert value in offered[cell.column_letter], (form, name, value)
            cell.value = value


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_template_filled_in_by_hand_has_no_error_and_no_warning(tmp_path, lang):
    assert set(FILLED) == set(ROW_FORMS)  # every form gets rows
    book = openpyxl.load_workbook(write_template(tmp_path / "template.xlsx", lang=lang))
    about = book[lookup("form.about.title", lang) if lang != "en" else "about"]
    keys = {lookup(field_key("about", k), lang) if lang != "en" else k: k for k in ABOUT}
    for row in about.iter_rows(min_row=2):
        if row[0].value in keys:
            row[1].value = ABOUT[keys[row[0].value]]
    for form, rows in FILLED.items():
        _fill(book, form, rows, lang)
    path = tmp_path / "filled.xlsx"
    book.save(path)

    report = validate([path], ValidateOptions(today=dt.date(2026, 1, 1)))

    problems = [(i.code, i.sheet, i.cell, i.message) for i in report.issues
                if i.severity != "notice"]  # fmt: skip
    assert problems == []
    expected = {form: len(rows) for form, rows in FILLED.items()}
    assert report.rows_read == {"about": len(FORMS["about"].fields), **expected}
    sources = {r["source_type"] for r in FILLED["sources"]}
    assert sources == set(FORMS["sources"].model.model_json_schema()["properties"]["source_type"]
                          ["enum"])  # fmt: skip


def test_counts_template_adds_a_count_sheet_per_record_form(tmp_path):
    path = write_template(tmp_path / "t.xlsx", ["arrests", "detention_register"], counts=True)
    book = openpyxl.load_workbook(path)
    assert {"arrests_counts", "detention_register_counts"} <= set(book.sheetnames)
    assert "decisions_counts" not in book.sheetnames
    headers = [c.value for c in book["detention_register_counts"][1]]
    assert headers[:3] == ["Source ID", "Sex", "Age group"] and headers[-1] == "Count"
    assert "Duration band" in headers and "Counted" in headers


# -- the template in French and Spanish -----------------------------------------------------------
def _texts(path: Path) -> set[str]:
    """Every text a person reads in a workbook: sheet names, cells, comments, drop-down items
    and the messages of its validation rules."""
    book = openpyxl.load_workbook(path)
    found = set(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                found |= {cell.value} if isinstance(cell.value, str) else set()
                found |= set(cell.comment.text.split("\n")) if cell.comment else set()
        for rule in sheet.data_validations.dataValidation:
            found |= {rule.error, rule.errorTitle}
            if rule.formula1.startswith('"'):
                found |= set(rule.formula1.strip('"').split(","))
    return found


@pytest.mark.parametrize(
    ("lang", "same"),
    [
        # words that are the same in English, and the template version
        ("fr", {"1.0", "Cause", "Dates", "Instructions", "Population", "accident", "police",
                "source", "suicide", "violence"}),
        ("es", {"1.0", "no"}),
    ],
)  # fmt: skip
def test_the_french_and_spanish_templates_have_no_english_left(tmp_path, lang, same):
    english = _texts(write_template(tmp_path / "en.xlsx", counts=True))
    local = _texts(write_template(tmp_path / f"{lang}.xlsx", counts=True, lang=lang))
    # `item` heads the hidden lists sheet's column of policy items: a field's name, as in the
    # first line of every header's comment; the policy items' codes, which the policy sheet
    # lists beside their questions in every language (issue #20).
    assert english & local == same | {"item"} | set(POLICY_ITEMS)


def test_the_french_template_names_sheets_headers_and_lists_in_french(tmp_path):
    path = write_template(tmp_path / "fr.xlsx", ["arrests", "policy"], lang="fr")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "À propos de la transmission",
                               "Sources d'information", "Arrestations",
                               lookup("form.policy.title", "fr"), "listes"]  # fmt: skip
    arrests = book["Arrestations"]
    assert [c.value for c in arrests[1]][:4] == [
        "Identifiant de la source", "Référence de l'enfant", "Sexe", "Date de naissance"
    ]  # fmt: skip
    sex = next(c for c in arrests[1] if c.value == "Sexe")
    assert sex.comment.text.splitlines()[0] == "sex (obligatoire)"
    rule = _rules_for(arrests, f"{sex.column_letter}2:{sex.column_letter}{DATA_ROWS + 1}")[0]
    assert _allowed(arrests, book, rule) == ["féminin", "masculin", "non enregistré"]
    assert rule.errorTitle == "Valeur non autorisée"
    about = book["À propos de la transmission"]
    assert [about["A1"].value, about["B1"].value] == ["clé", "valeur"]
    keys = dict(about.iter_rows(min_row=2, values_only=True))
    assert keys["Version du modèle"] == TEMPLATE_VERSION
    scope = lookup(field_key("about", "child_ref_scope"), "fr")
    assert keys[scope] == lookup("code.child_ref_scope.source", "fr")
    assert book["listes"].sheet_state == "hidden"
