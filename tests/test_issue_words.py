"""Issues in the user's words (issue #18): a French or Spanish template filled with mistakes gets
messages that name the user's own sheets and columns, and hints that list the allowed values as the
template's drop-down offers them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from jjindicators.forms.labels import about_key, code_labels, field_label, sheet_label
from jjindicators.i18n import lookup
from jjindicators.template import write_template
from jjindicators.validate import validate


def _drop_down(book, sheet, column: int) -> list[str]:
    """The values the data validation of a column offers, read back from the lists sheet."""
    for rule in sheet.data_validations.dataValidation:
        low, _, high, _ = range_boundaries(str(rule.sqref).split()[0])
        if low <= column <= high:
            if rule.formula1.startswith('"'):  # a short list, inline
                return rule.formula1.strip('"').split(",")
            lists, cells = rule.formula1.rsplit("!", 1)
            left, top, right, bottom = range_boundaries(cells.replace("$", ""))
            values = book[lists.strip("'")].iter_rows(min_row=top, max_row=bottom,
                                                      min_col=left, max_col=right)  # fmt: skip
            return [c.value for row in values for c in row]
    raise AssertionError(f"no drop-down on column {column}")


def _filled(tmp_path, lang: str, row: dict[str, str]):
    """The template in `lang` with one row of arrests, each value under its field's header."""
    path = tmp_path / f"template-{lang}.xlsx"
    write_template(path, lang=lang)
    book = load_workbook(path)
    sheet = book[sheet_label("arrests", lang)]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for name, value in row.items():
        sheet.cell(2, headers[field_label("arrests", name, lang)], value)
    offered = _drop_down(book, sheet, headers[field_label("arrests", "sex", lang)])
    book.save(path)
    return path, offered


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_a_bad_sex_is_answered_with_the_drop_down_of_the_template(tmp_path, lang):
    path, offered = _filled(tmp_path, lang, {"child_ref": "K1", "sex": "X"})
    assert offered == list(code_labels("arrests", "sex", lang))
    if lang == "es":
        assert offered == ["femenino", "masculino", "no registrado"]
    issue = next(i for i in validate([path]).issues if i.code == "bad-code")
    words = issue.to_dict(lang)
    column = field_label("arrests", "sex", lang)
    assert issue.column == column and issue.sheet == sheet_label("arrests", lang)
    assert words["hint"].startswith(
        lookup("issue.bad-code.hint", lang).split("{")[0] + ", ".join(offered)
    )
    assert words["message"].endswith(f" {column}.")  # the user's column, as headed
    assert "sex" not in words["message"]


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_an_ambiguous_date_names_the_about_sheet_as_the_workbook_calls_it(tmp_path, lang):
    path, _ = _filled(tmp_path, lang, {"child_ref": "K1", "arrest_date": "03/04/2025"})
    issue = next(i for i in validate([path]).issues if i.code == "ambiguous-date")
    message, hint = issue.text("message", lang), issue.text("hint", lang)
    about = sheet_label("about", lang)
    assert repr(about) in hint and " about" not in hint
    assert about_key("date_order", lang) in hint and "date_order" not in hint
    dmy = lookup("code.date_order.DMY", lang)
    assert dmy in hint and "DMY" not in hint  # as the about sheet's drop-down offers it
    assert field_label("arrests", "arrest_date", lang) in message and "arrest_date" not in message


def test_english_hints_list_the_codes_as_the_english_drop_down_does(tmp_path):
    path, offered = _filled(tmp_path, "en", {"child_ref": "K1", "sex": "X"})
    assert offered == ["F", "M", "U"]
    issue = next(i for i in validate([path]).issues if i.code == "bad-code")
    assert issue.hint == "Use one of: F, M, U."
    assert issue.message == "'X' is not an allowed value for Sex."
