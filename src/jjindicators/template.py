"""The blank data-entry workbook, generated entirely from the form models (STYLE.md 8).

One `Instructions` sheet, then one sheet per form named with the form's code. Headers are the
fields' human labels (which the reader accepts, `forms.md`), required ones in bold, each with a
comment that explains the field; coded fields get drop-down lists and date columns a date format.

In another language (`lang`, `docs/languages.md`) every text a person reads comes from that
language's catalogue: the sheets are named by the forms' titles, the headers and the about
sheet's keys are the fields' labels, and the drop-down lists hold the codes' labels, all of
which the reader takes back (`read/tables.py`, `i18n.code_for_label`). The English template
keeps the forms' codes as sheet names, the fields' names as about keys and the codes in the
drop-down lists, which are English words already.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.errors import UsageError
from jjindicators.forms import FORMS, MAIN_FORMS
from jjindicators.forms.counts import count_name
from jjindicators.forms.labels import about_key, code_label, field_label, field_note, sheet_label
from jjindicators.forms.policy import HEADLINE_ITEMS, POLICY_ITEMS
from jjindicators.forms.version import TEMPLATE_VERSION
from jjindicators.i18n import ENGLISH, lookup, translate
from jjindicators.outputs import atomic_file
from jjindicators.schemas import field_entries
from jjindicators.xlsx.save import save_workbook

# Drop-downs and formats cover this many data rows under the header (rows 2 .. DATA_ROWS + 1).
DATA_ROWS = 1000
# Validation needs these two forms whatever else is collected (`missing-required-form`).
ALWAYS = ("about", "sources")
# Lists too long to write into a validation rule (Excel's limit is 255 characters), or holding a
# comma, go into a hidden sheet (`lists`); the reader skips it and the instructions sheet, in
# every language (`read/__init__.py`, note sheets).
_INLINE_LIST_MAX = 250

# The template's own texts are the catalogues' `template.<name>` keys (`locales/en.toml`).
INSTRUCTIONS = lookup("template.sheet_instructions")
LISTS = lookup("template.sheet_lists")

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "whole number": "0"}
# Text and codes are kept as typed: `007` stays `007`, `14` stays the policy item `14`.
_TEXT_FORMAT = "@"

_BOLD = Font(bold=True)
_PLAIN = Font(bold=False)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text(lang: str, name: str, /, **params: Any) -> str:
    """A text of the template's own (`template.<name>`) in `lang`."""
    return translate(f"template.{name}", lang, **params)


def _type_text(field: dict[str, Any], lang: str) -> str:
    """A field's type in words, with the range of a bounded whole number (`schemas`)."""
    kind = _text(lang, "type_" + str(field["type"]).replace("/", "_").replace(" ", "_"))
    low, high = field["minimum"], field["maximum"]
    if low is not None and high is not None:
        return _text(lang, "range_between", type=kind, low=low, high=high)
    if low is not None:
        return _text(lang, "range_at_least", type=kind, low=low)
    return kind


def template_forms(forms: list[str] | None = None, counts: bool = False) -> list[str]:
    """The forms a template holds, in registry order: `forms` (all but the count forms when None)
    plus about/sources; with `counts`, the count sheet of each record form chosen too.

    >>> template_forms(["arrests"])
    ['about', 'sources', 'arrests']
    >>> template_forms(["arrests"], counts=True)
    ['about', 'sources', 'arrests', 'arrests_counts']
    """
    if forms is None:
        forms = list(MAIN_FORMS)
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise UsageError(
            f"Unknown form{'s' if len(unknown) > 1 else ''}: {', '.join(map(repr, unknown))}. "
            f"The forms are: {', '.join(FORMS)}."
        )
    chosen = set(forms) | set(ALWAYS)
    if counts:
        chosen |= {count_name(f) for f in chosen if FORMS[f].kind == "record"}
    return [name for name in FORMS if name in chosen]


def write_template(
    path: Path, forms: list[str] | None = None, counts: bool = False, lang: str = ENGLISH
) -> Path:
    """Write a blank data-entry workbook to `path` (.xlsx), atomically; returns the path.

    `forms` picks the form sheets (all when None); `about` and `sources` always come, because
    validation needs them. `counts` adds the count (tally) sheet of each record form; `lang`
    is the language of everything a person reads in it. The file is the same byte for byte for
    the same jjind version.

    >>> write_template(Path("exampleland-2026.xlsx"), ["arrests", "decisions"])  # doctest: +SKIP
    PosixPath('exampleland-2026.xlsx')
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The template must be an .xlsx file, not {path.name!r}.")
    data = template_bytes(forms, counts, lang)
    with atomic_file(path, lang) as temp:  # an error writing it is an `OutputError`
        temp.write_bytes(data)
    return path


def template_bytes(
    forms: list[str] | None = None, counts: bool = False, lang: str = ENGLISH
) -> bytes:
    """The template workbook as .xlsx bytes, with fixed times so that it is reproducible."""
    packed = io.BytesIO()
    save_workbook(build_template(forms, counts, lang), packed)
    return packed.getvalue()


def build_template(
    forms: list[str] | None = None, counts: bool = False, lang: str = ENGLISH
) -> Workbook:
    """The template as an openpyxl workbook (not saved), for callers that add to it."""
    names = template_forms(forms, counts)
    book = Workbook()
    book.remove(book.worksheets[0])  # the default "Sheet"
    _instructions(book.create_sheet(_text(lang, "sheet_instructions")), names, lang)
    lists = _Lists(_text(lang, "sheet_lists"))
    for name in names:
        sheet = book.create_sheet(sheet_label(name, lang))
        entries = _entries(name, lang)
        if FORMS[name].kind == "keyvalue":
            _about_sheet(sheet, name, entries, lists, lang)
        elif name == "policy":
            _policy_sheet(sheet, entries, lists, lang)
        else:
            _form_sheet(sheet, entries, lists, lang)
    if lists.columns:
        lists.write(book.create_sheet(lists.title))
    return book


def _entries(form: str, lang: str) -> list[dict[str, Any]]:
    """`schemas.field_entries` in the template's language: labels, notes, the codes as a cell
    holds them (`allowed`, `default`), and the codes themselves (`codes`)."""
    entries = []
    for field in field_entries(form):
        name = field["name"]
        shown = (lambda code, n=name: code_label(form, n, code, lang)) if field["allowed"] else str
        entries.append({
            **field,
            "label": field_label(form, name, lang),
            "note": field_note(form, name, lang),
            "codes": field["allowed"],
            "allowed": [shown(c) for c in field["allowed"]] if field["allowed"] else None,
            "default": shown(field["default"]) if field["default"] is not None else None,
        })  # fmt: skip
    return entries


# -- the instructions sheet -----------------------------------------------------------------------


def _instruction_lines(names: list[str], lang: str) -> list[tuple[str, str]]:
    """(left, right) rows of the Instructions sheet: headings in the left column, text right."""
    about = "about"
    rows = [
        (_text(lang, "heading"), ""),
        ("", _text(lang, "intro")),
        (_text(lang, "version"), TEMPLATE_VERSION),
        ("", ""),
        (_text(lang, "how"), _text(lang, "how_rows")),
        ("", _text(lang, "how_bold")),
        ("", _text(lang, "how_lists")),
        (_text(lang, "dates"), _text(lang, "dates_text", about=sheet_label(about, lang),
                                     date_order=about_key("date_order", lang),
                                     dmy=code_label(about, "date_order", "DMY", lang),
                                     mdy=code_label(about, "date_order", "MDY", lang))),
        (_text(lang, "names"), _text(lang, "names_text",
                                     child_ref=field_label("arrests", "child_ref", lang))),
        (sheet_label(about, lang), _text(lang, "about_text", value=_text(lang, "value"),
                                         template_version=about_key("template_version", lang))),
        (_text(lang, "nothing"), _text(lang, "nothing_text")),
        ("", ""),
        (_text(lang, "sheets"), ""),
    ]  # fmt: skip
    for name in names:
        spec = FORMS[name]
        title = lookup(f"form.{name}.title", lang)
        parts = [f"{title}: {lookup(f'form.{name}.description', lang)}"]
        if spec.indicators:
            parts.append(_text(lang, "sheet_indicators", numbers=", ".join(spec.indicators)))
        if spec.required:
            parts.append(_text(lang, "sheet_required"))
        rows.append((sheet_label(name, lang), " ".join(parts)))
    return rows


_TEXT_WIDTH = 100  # characters in column B of the instructions


def _instructions(sheet: Worksheet, names: list[str], lang: str) -> None:
    for i, (left, right) in enumerate(_instruction_lines(names, lang), start=1):
        sheet.cell(i, 1, left or None).font = _TITLE if i == 1 else _BOLD
        sheet.cell(i, 2, right or None).alignment = _WRAP
        sheet.cell(i, 1).alignment = _WRAP
        # Spreadsheets do not grow a row for wrapped text on opening: give long texts the
        # height of their lines, so that they don't overlap the next row.
        lines = max(1, -(-len(right or "") // (_TEXT_WIDTH - 5)))
        if lines > 1:
            sheet.row_dimensions[i].height = 15 * lines
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = _TEXT_WIDTH


# -- the form sheets ------------------------------------------------------------------------------


class _Lists:
    """The hidden sheet of long drop-down lists: one column per distinct list."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.columns: list[tuple[str, list[str]]] = []

    def formula(self, title: str, values: list[str]) -> str:
        """The validation formula for `values`: inline when short and without commas or quotes
        (an inline list is comma-separated), else a range of the lists sheet."""
        inline = ",".join(values)
        if len(inline) <= _INLINE_LIST_MAX and not any(set(v) & set(',"') for v in values):
            return f'"{inline}"'
        for j, (_, known) in enumerate(self.columns, start=1):
            if known == values:
                return self._range(j, len(values))
        self.columns.append((title, values))
        return self._range(len(self.columns), len(values))

    def _range(self, j: int, count: int) -> str:
        letter = get_column_letter(j)
        return f"{quote_sheetname(self.title)}!${letter}$2:${letter}${count + 1}"

    def write(self, sheet: Worksheet) -> None:
        for j, (title, values) in enumerate(self.columns, start=1):
            sheet.cell(1, j, title).font = _BOLD
            for i, value in enumerate(values, start=2):
                sheet.cell(i, j, value).data_type = "s"
        sheet.sheet_state = "hidden"


def comment_text(field: dict[str, Any], lang: str = ENGLISH) -> str:
    """What a header's comment says: the field code, whether required, the note, the values."""
    need = _text(lang, "required" if field["required"] else "optional")
    lines = [f"{field['name']} ({need})", field["note"]]
    if field["type"] == "date":
        lines.append(_text(lang, "type_date"))
    else:
        lines.append(_text(lang, "type", type=_type_text(field, lang)))
    if field["allowed"]:
        lines.append(_text(lang, "allowed", values=", ".join(field["allowed"])))
    if field["default"] is not None:
        lines.append(_text(lang, "default", value=field["default"]))
    return "\n".join(lines)


def _comment(field: dict[str, Any], lang: str) -> Comment:
    text = comment_text(field, lang)
    comment = Comment(text, "jjind")
    comment.width = 320
    comment.height = 40 + 16 * (len(text) // 45 + text.count("\n"))
    return comment


def _validation(field: dict[str, Any], lists: _Lists, lang: str) -> DataValidation | None:
    """An Excel drop-down for a coded field, or a whole-number rule for a bounded number."""
    label, allowed = field["label"], field["allowed"]
    title = _text(lang, "error_title")[:32]  # Excel's limit on a validation message's title
    if allowed:
        message = _text(lang, "choose_one", label=label, values=", ".join(allowed))
        if len(message) > 255:  # Excel's limit on a validation message
            message = _text(lang, "choose_list", label=label)
        return DataValidation(type="list", formula1=lists.formula(field["name"], allowed),
                              allow_blank=True, showErrorMessage=True, errorStyle="stop",
                              errorTitle=title, error=message[:255])  # fmt: skip
    low, high = field["minimum"], field["maximum"]
    if field["type"] != "whole number" or low is None:
        return None
    if high is None:
        rule: dict[str, Any] = {"operator": "greaterThanOrEqual", "formula1": str(low)}
        message = _text(lang, "enter_at_least", label=label, low=low)
    else:
        rule = {"operator": "between", "formula1": str(low), "formula2": str(high)}
        message = _text(lang, "enter_between", label=label, low=low, high=high)
    return DataValidation(type="whole", allow_blank=True, showErrorMessage=True,
                          errorStyle="stop", errorTitle=title,
                          error=message[:255], **rule)  # fmt: skip


def _width(field: dict[str, Any]) -> float:
    longest = max([len(field["label"]), *(len(v) for v in field["allowed"] or [])])
    if field["type"] == "date":
        longest = max(longest, 10)
    return min(max(longest + 4, 10), 45)


def _header(cell: Any, text: str, field: dict[str, Any], lang: str) -> None:
    cell.value = text
    cell.font = _BOLD if field["required"] else _PLAIN
    cell.fill = _HEADER_FILL
    cell.comment = _comment(field, lang)


def _form_sheet(sheet: Worksheet, entries: list[dict[str, Any]], lists: _Lists, lang: str) -> None:
    """A sheet of rows: labelled headers, drop-downs, formats over the data rows."""
    for j, field in enumerate(entries, start=1):
        letter = get_column_letter(j)
        _header(sheet.cell(1, j), field["label"], field, lang)
        column = sheet.column_dimensions[letter]
        column.width = _width(field)
        # A column style, not 1000 styled cells: Excel gives new entries the column's format.
        column.number_format = NUMBER_FORMATS.get(field["type"], _TEXT_FORMAT)
        rule = _validation(field, lists, lang)
        if rule is not None:
            rule.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"


_CODE_WIDTH, _QUESTION_WIDTH = 24, 60  # the policy sheet's item code and question text


def _policy_sheet(
    sheet: Worksheet, entries: list[dict[str, Any]], lists: _Lists, lang: str
) -> None:
    """The questionnaire with its questions: a row per item, its code (which the reader reads
    back, in a narrow column) and the question in the language beside it, wrapped; the answer,
    evidence and notes to fill in. A row left with its code only is a question not answered
    (`FormSpec.prefilled`); the question column is for the eye only (`template_columns`)."""
    question = {"name": "question", "label": _text(lang, "policy_question"), "required": False,
                "note": _text(lang, "policy_question_note"), "type": "text", "allowed": None,
                "minimum": None, "maximum": None, "default": None, "codes": None}  # fmt: skip
    item, *rest = entries
    item = {**item, "allowed": item["codes"]}  # the codes, as the rows hold them
    _form_sheet(sheet, [item, question, *rest], lists, lang)
    for i, code in enumerate(POLICY_ITEMS, start=2):
        asked = _question(code, lang)
        code_cell, text = sheet.cell(i, 1, code), sheet.cell(i, 2, asked)
        code_cell.data_type = text.data_type = "s"
        code_cell.alignment = text.alignment = _WRAP
        if code in HEADLINE_ITEMS:
            code_cell.font = text.font = _BOLD
        lines = -(-len(asked) // (_QUESTION_WIDTH - 6))
        if lines > 1:
            sheet.row_dimensions[i].height = 15 * lines
    sheet.column_dimensions["A"].width = _CODE_WIDTH
    sheet.column_dimensions["B"].width = _QUESTION_WIDTH
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _question(code: str, lang: str) -> str:
    """A policy item's question in the language (`code.item.<code>`), else in English."""
    try:
        return lookup(f"code.item.{code}", lang)
    except KeyError:
        return POLICY_ITEMS[code]


def _about_sheet(
    sheet: Worksheet, form: str, entries: list[dict[str, Any]], lists: _Lists, lang: str
) -> None:
    """The key/value cover sheet: one row per field, keys filled in, defaults as values. The
    keys are the fields' names in English and their labels in another language."""
    key_field = {"name": "key", "required": True, "note": _text(lang, "key_note"), "type": "text",
                 "allowed": None, "minimum": None, "maximum": None, "default": None}  # fmt: skip
    value_field = {**key_field, "name": "value", "note": _text(lang, "value_note")}
    _header(sheet.cell(1, 1), _text(lang, "key"), key_field, lang)
    _header(sheet.cell(1, 2), _text(lang, "value"), value_field, lang)
    for i, field in enumerate(entries, start=2):
        key = sheet.cell(i, 1, about_key(field["name"], lang))
        key.font = _BOLD if field["required"] else _PLAIN
        key.comment = _comment({**field, "note": f"{field['label']}. {field['note']}"}, lang)
        value = TEMPLATE_VERSION if field["name"] == "template_version" else field["default"]
        cell = sheet.cell(i, 2, value)
        cell.number_format = NUMBER_FORMATS.get(field["type"], _TEXT_FORMAT)
        rule = _validation(field, lists, lang)
        if rule is not None:
            rule.add(cell.coordinate)
            sheet.add_data_validation(rule)
    width = max(len(str(sheet.cell(i, 1).value)) for i in range(2, len(entries) + 2))
    sheet.column_dimensions["A"].width = width + 4
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "A2"
