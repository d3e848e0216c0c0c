"""The template's policy sheet: each item's code with its question in the language beside it,
and what the reader makes of it (issue #20)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.i18n import lookup
from jjindicators.read.tables import FIELD_LOOKUP, header_key
from jjindicators.template import write_template
from jjindicators.validate import ValidateOptions, check_submission

EXAMPLE = Path(__file__).parent.parent / "examples" / "exampleland-2025.xlsx"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_policy_sheet_shows_each_question_beside_its_code(tmp_path, lang):
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", ["policy"], lang=lang))
    sheet = book[lookup("form.policy.title", lang) if lang != "en" else "policy"]
    head = [c.value for c in sheet[1]]
    assert head[1] == lookup("template.policy_question", lang)
    rows = list(sheet.iter_rows(min_row=2, max_row=len(POLICY_ITEMS) + 1))
    assert [r[0].value for r in rows] == list(POLICY_ITEMS)  # the codes the reader reads back
    funded = next(r for r in rows if r[0].value == "15.funded")
    assert funded[1].value == lookup("code.item.15.funded", lang)
    assert funded[1].alignment.wrap_text and funded[2].value is None  # the answer to give
    widths = sheet.column_dimensions
    assert widths["A"].width < widths["B"].width and widths["B"].width >= 50
    long = max(rows, key=lambda r: len(r[1].value))
    assert sheet.row_dimensions[long[0].row].height >= 30  # two lines, at least
    assert rows[0][0].font.b and rows[0][1].font.b  # a headline question, in bold
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_question_column_is_read_as_nothing(lang):
    assert FIELD_LOOKUP["policy"][header_key(lookup("template.policy_question", lang))] == ""


def test_a_question_left_unanswered_is_no_error_and_the_question_column_no_warning(tmp_path):
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["policy"]
    sheet.delete_rows(sheet.max_row)  # the last checklist answer (15.monitored)...
    sheet.insert_cols(2)
    sheet.cell(1, 2, "Question asked")
    for r in range(2, sheet.max_row + 1):
        sheet.cell(r, 2, POLICY_ITEMS.get(str(sheet.cell(r, 1).value), ""))
    sheet.append(["15.monitored", POLICY_ITEMS["15.monitored"]])  # ...left unanswered
    book.save(tmp_path / "filled.xlsx")
    options = ValidateOptions(today=__import__("datetime").date(2026, 1, 15))
    issues = check_submission([tmp_path / "filled.xlsx"], options).report.issues
    policy = [i for i in issues if i.form == "policy"]
    assert policy == [], [(i.code, i.message) for i in policy]
