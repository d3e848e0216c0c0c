"""The blank data-entry workbook, generated entirely from the form models (STYLE.md 8).

One `Instructions` sheet, then one sheet per form named with the form's code. Headers are the
fields' human labels (which the reader accepts, `forms.md`), required ones in bold, each with a
comment that explains the field; coded fields get drop-down lists and date columns a date format.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from jjindicators.errors import JjindError, UsageError
from jjindicators.forms import FORMS
from jjindicators.forms.counts import count_name
from jjindicators.forms.version import TEMPLATE_VERSION
from jjindicators.render.safe import atomic_path
from jjindicators.schemas import field_entries, type_text

# Drop-downs and formats cover this many data rows under the header (rows 2 .. DATA_ROWS + 1).
DATA_ROWS = 1000
# Validation needs these two forms whatever else is collected (`missing-required-form`).
ALWAYS = ("about", "sources")
INSTRUCTIONS = "Instructions"
# Lists too long to write into a validation rule (Excel's limit is 255 characters) go into this
# hidden sheet; the reader skips a sheet of this name (`read/__init__.py`, note sheets).
LISTS = "lists"
_INLINE_LIST_MAX = 250

# Fixed times make the same template byte for byte on every run (a reproducible artefact).
_FIXED_TIME = dt.datetime(2025, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "whole number": "0"}
# Text and codes are kept as typed: `007` stays `007`, `14` stays the policy item `14`.
_TEXT_FORMAT = "@"

_BOLD = Font(bold=True)
_PLAIN = Font(bold=False)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_ERROR_TITLE = "Value not allowed"


def template_forms(forms: list[str] | None = None, counts: bool = False) -> list[str]:
    """The forms a template holds, in registry order: `forms` (all but the count forms when None)
    plus about/sources; with `counts`, the count sheet of each record form chosen too.

    >>> template_forms(["arrests"])
    ['about', 'sources', 'arrests']
    >>> template_forms(["arrests"], counts=True)
    ['about', 'sources', 'arrests', 'arrests_counts']
    """
    if forms is None:
        forms = [n for n, spec in FORMS.items() if spec.kind != "counts"]
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


def write_template(path: Path, forms: list[str] | None = None, counts: bool = False) -> Path:
    """Write a blank data-entry workbook to `path` (.xlsx), atomically; returns the path.

    `forms` picks the form sheets (all when None); `about` and `sources` always come, because
    validation needs them. `counts` adds the count (tally) sheet of each record form. The file
    is the same byte for byte for the same jjind version.

    >>> write_template(Path("exampleland-2026.xlsx"), ["arrests", "decisions"])  # doctest: +SKIP
    PosixPath('exampleland-2026.xlsx')
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The template must be an .xlsx file, not {path.name!r}.")
    data = template_bytes(forms, counts)
    try:
        with atomic_path(path) as temp:
            temp.write_bytes(data)
    except OSError as exc:
        raise JjindError(
            f"Could not write {path} ({exc.strerror or exc}). Check that the folder exists and "
            "can be written to, and close the file if it is open in Excel."
        ) from exc
    return path


def template_bytes(forms: list[str] | None = None, counts: bool = False) -> bytes:
    """The template workbook as .xlsx bytes, with fixed timestamps so that it is reproducible."""
    book = build_template(forms, counts)
    book.properties.creator = "jjind"
    book.properties.created = book.properties.modified = _FIXED_TIME
    packed = io.BytesIO()
    # ExcelWriter directly, not Workbook.save: save() stamps `modified` with the current time.
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return _fixed_zip_times(packed.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated `_ZIP_TIME` (zip entries carry the time of writing)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


def build_template(forms: list[str] | None = None, counts: bool = False) -> Workbook:
    """The template as an openpyxl workbook (not saved), for callers that add to it."""
    names = template_forms(forms, counts)
    book = Workbook()
    book.remove(book.worksheets[0])  # the default "Sheet"
    _instructions(book.create_sheet(INSTRUCTIONS), names)
    lists = _Lists()
    for name in names:
        sheet = book.create_sheet(name)
        if FORMS[name].kind == "keyvalue":
            _about_sheet(sheet, name, lists)
        else:
            _form_sheet(sheet, name, lists)
    if lists.columns:
        lists.write(book.create_sheet(LISTS))
    return book


# -- the instructions sheet -----------------------------------------------------------------------


def _instruction_lines(names: list[str]) -> list[tuple[str, str]]:
    """(left, right) rows of the Instructions sheet: headings in the left column, text right."""
    rows = [
        ("jjind data-entry template", ""),
        ("", "This workbook collects the data for the UNODC/UNICEF juvenile justice indicators. "
             "jjind checks it (jjind validate <this file>) and calculates the indicators from it, "
             "with a breakdown that traces every figure back to its rows."),
        ("Template version", TEMPLATE_VERSION),
        ("", ""),
        ("How to fill it in", "One sheet per form below; one row per record under the header "
                              "row. Do not rename the sheets or change the headers."),
        ("", "Bold headers are required: fill them in on every row. Point at a header to read "
             "what the column means, the values it accepts and whether it is required."),
        ("", "Coded columns have a drop-down list: choose a value from it."),
        ("Dates", "Enter real Excel dates, or text as YYYY-MM-DD (e.g. 2025-03-31). Do not type "
                  "dates such as 03/04/2025 unless the about sheet says date_order (DMY or MDY)."),
        ("Names", "Never enter the name of a child (or of anyone else) anywhere in this workbook. "
                  "Use a pseudonymous child reference (Child reference), the same for the same "
                  "child within one source."),
        ("about", "Fill in the value column; keep template_version as it is."),
        ("Nothing to report", "Keep the sheet with its header row only."),
        ("", ""),
        ("Sheets", ""),
    ]  # fmt: skip
    for name in names:
        spec = FORMS[name]
        text = f"{spec.title}: {spec.description}"
        if spec.indicators:
            text += f" Indicators {', '.join(spec.indicators)}."
        if spec.required:
            text += " Required."
        rows.append((name, text))
    return rows


_TEXT_WIDTH = 100  # characters in column B of the instructions


def _instructions(sheet: Worksheet, names: list[str]) -> None:
    for i, (left, right) in enumerate(_instruction_lines(names), start=1):
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

    def __init__(self) -> None:
        self.columns: list[tuple[str, list[str]]] = []

    def formula(self, title: str, values: list[str]) -> str:
        """The validation formula for `values`: inline when short, else a range of `lists`."""
        if len(",".join(values)) <= _INLINE_LIST_MAX:
            return '"' + ",".join(values) + '"'
        for j, (_, known) in enumerate(self.columns, start=1):
            if known == values:
                return self._range(j, len(values))
        self.columns.append((title, values))
        return self._range(len(self.columns), len(values))

    @staticmethod
    def _range(j: int, count: int) -> str:
        letter = get_column_letter(j)
        return f"{LISTS}!${letter}$2:${letter}${count + 1}"

    def write(self, sheet: Worksheet) -> None:
        for j, (title, values) in enumerate(self.columns, start=1):
            sheet.cell(1, j, title).font = _BOLD
            for i, value in enumerate(values, start=2):
                sheet.cell(i, j, value)
        sheet.sheet_state = "hidden"


def comment_text(field: dict[str, Any]) -> str:
    """What a header's comment says: the field code, whether required, the note, the values."""
    lines = [f"{field['name']} ({'required' if field['required'] else 'optional'})", field["note"]]
    if field["type"] == "date":
        lines.append("Type: date (an Excel date, or text as YYYY-MM-DD).")
    else:
        lines.append(f"Type: {type_text(field)}.")
    if field["allowed"]:
        lines.append(f"Allowed values: {', '.join(field['allowed'])}.")
    if field["default"] is not None:
        lines.append(f"Default when blank: {field['default']}.")
    return "\n".join(lines)


def _comment(field: dict[str, Any]) -> Comment:
    text = comment_text(field)
    comment = Comment(text, "jjind")
    comment.width = 320
    comment.height = 40 + 16 * (len(text) // 45 + text.count("\n"))
    return comment


def _validation(field: dict[str, Any], lists: _Lists) -> DataValidation | None:
    """An Excel drop-down for a coded field, or a whole-number rule for a bounded number."""
    label, allowed = field["label"], field["allowed"]
    if allowed:
        message = f"{label}: choose one of {', '.join(allowed)} (or leave the cell blank)."
        if len(message) > 255:  # Excel's limit on a validation message (and 32 on its title)
            message = f"{label}: choose a value from the drop-down list (or leave it blank)."
        return DataValidation(type="list", formula1=lists.formula(field["name"], allowed),
                              allow_blank=True, showErrorMessage=True, errorStyle="stop",
                              errorTitle=_ERROR_TITLE, error=message)  # fmt: skip
    low, high = field["minimum"], field["maximum"]
    if field["type"] != "whole number" or low is None:
        return None
    if high is None:
        rule = {"operator": "greaterThanOrEqual", "formula1": str(low)}
        message = f"{label}: enter a whole number of {low} or more."
    else:
        rule = {"operator": "between", "formula1": str(low), "formula2": str(high)}
        message = f"{label}: enter a whole number from {low} to {high}."
    return DataValidation(type="whole", allow_blank=True, showErrorMessage=True,
                          errorStyle="stop", errorTitle=_ERROR_TITLE,
                          error=message, **rule)  # fmt: skip


def _width(field: dict[str, Any]) -> float:
    longest = max([len(field["label"]), *(len(v) for v in field["allowed"] or [])])
    if field["type"] == "date":
        longest = max(longest, 10)
    return min(max(longest + 4, 10), 45)


def _header(cell: Any, text: str, field: dict[str, Any]) -> None:
    cell.value = text
    cell.font = _BOLD if field["required"] else _PLAIN
    cell.fill = _HEADER_FILL
    cell.comment = _comment(field)


def _form_sheet(sheet: Worksheet, form: str, lists: _Lists) -> None:
    """A sheet of rows: labelled headers, drop-downs, formats over the data rows."""
    for j, field in enumerate(field_entries(form), start=1):
        letter = get_column_letter(j)
        _header(sheet.cell(1, j), field["label"], field)
        column = sheet.column_dimensions[letter]
        column.width = _width(field)
        # A column style, not 1000 styled cells: Excel gives new entries the column's format.
        column.number_format = NUMBER_FORMATS.get(field["type"], _TEXT_FORMAT)
        rule = _validation(field, lists)
        if rule is not None:
            rule.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"


def _about_sheet(sheet: Worksheet, form: str, lists: _Lists) -> None:
    """The key/value cover sheet: one row per field, keys filled in, defaults as values."""
    key_field = {"name": "key", "required": True, "note": "The about field (do not change).",
                 "type": "text", "allowed": None, "minimum": None, "maximum": None,
                 "default": None}  # fmt: skip
    value_field = {**key_field, "name": "value", "note": "Its value for this submission."}
    _header(sheet.cell(1, 1), "key", key_field)
    _header(sheet.cell(1, 2), "value", value_field)
    for i, field in enumerate(field_entries(form), start=2):
        key = sheet.cell(i, 1, field["name"])
        key.font = _BOLD if field["required"] else _PLAIN
        key.comment = _comment({**field, "note": f"{field['label']}. {field['note']}"})
        value = TEMPLATE_VERSION if field["name"] == "template_version" else field["default"]
        cell = sheet.cell(i, 2, value)
        cell.number_format = NUMBER_FORMATS.get(field["type"], _TEXT_FORMAT)
        rule = _validation(field, lists)
        if rule is not None:
            rule.add(cell.coordinate)
            sheet.add_data_validation(rule)
    sheet.column_dimensions["A"].width = max(len(n) for n in FORMS[form].fields) + 4
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "A2"
