"""Raw tables as read from a sheet or CSV file, with the positions the user sees in Excel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jjindicators.forms import FORMS, FormSpec
from jjindicators.forms.labels import field_key
from jjindicators.i18n import spellings, words

# Characters no one types in a cell: the C0 controls but tab and the line ends, DEL and the C1
# controls. A NUL or an ESC comes from a damaged file, a file in another encoding (UTF-16 read as
# UTF-8 is half NULs) or a hostile one (terminal escape sequences).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CELL_LIMIT = 32_767  # characters an Excel cell holds at most


def header_key(text: str) -> str:
    """Headers match ignoring case, spaces, hyphens and underscores (`forms.md`): `Date of birth`
    and `date_of_birth` are the same header."""
    return re.sub(r"[\s\-_]+", "", str(text).strip().lower())


@dataclass(frozen=True)
class Column:
    """One column of a table: the header as written and its place in the sheet."""

    header: str
    index: int  # 0-based column number in the sheet (A = 0)
    field: str | None  # the form field it feeds, None when unknown or not read

    @property
    def letter(self) -> str:
        """The column's letter as Excel shows it (`A`, `F`, `AB`)."""
        return column_letters(self.index + 1)


def column_letters(number: int) -> str:
    """1 → `A`, 28 → `AB`: Excel's letters, also past its last column (XFD, 16,384), which a
    CSV file or a crafted workbook can reach (`docs/rules.md`, "Hostile and broken files").

    >>> column_letters(1), column_letters(16_384), column_letters(50_000)
    ('A', 'XFD', 'BUYB')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class RawTable:
    """One form's table from one sheet or CSV file: headers and data rows, values as read.

    Stored by column, as validation reads it: `data[j]` holds column `columns[j]`'s values, one
    per data row, aligned with `excel_rows` (the rows' numbers in Excel). Blank cells are None.
    """

    file: str
    sheet: str
    form: str
    header_row: int
    columns: list[Column]
    excel_rows: list[int] = field(default_factory=list)
    data: list[list[Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.excel_rows)

    @property
    def rows(self) -> list[tuple[int, list[Any]]]:
        """`(excel_row, values)` pairs, values lined up with `columns` (built on demand)."""
        if not self.data:
            return []
        by_row = zip(*self.data, strict=True)
        return [(r, list(v)) for r, v in zip(self.excel_rows, by_row, strict=True)]

    def column_for(self, field_name: str) -> Column | None:
        """The column that feeds `field_name` in this table, if any."""
        for column in self.columns:
            if column.field == field_name:
                return column
        return None


def _form_keys(spec: FormSpec) -> set[str]:
    # The form's title in every language is a sheet name too (issue #7, `docs/languages.md`);
    # the catalogues know the registered forms.
    titles = spellings(f"form.{spec.name}.title") if spec.name in FORMS else ()
    return {header_key(spec.name), *(header_key(a) for a in (spec.title, *spec.aliases, *titles))}


FORM_BY_KEY = {key: name for name, spec in FORMS.items() for key in _form_keys(spec)}


def form_for_sheet(sheet_name: str) -> str | None:
    """The form a sheet or CSV file name stands for (canonical code, template title or alias)."""
    return FORM_BY_KEY.get(header_key(sheet_name))


def field_lookup(spec: FormSpec) -> dict[str, str]:
    """Header key → field name, from the field names, the template labels and the aliases, then
    the labels in every language (`jjindicators.i18n`; an English header wins a clash)."""
    lookup: dict[str, str] = {}
    for name, info in spec.fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        aliases = extra.get("aliases", [])
        for text in (name, info.title or name, *aliases):
            lookup.setdefault(header_key(str(text)), name)
    if spec.name in FORMS:  # the catalogues know the registered forms
        for name in spec.fields:
            for text in spellings(field_key(spec.name, name)):
                lookup.setdefault(header_key(text), name)
        for key in spec.template_columns:  # left out, as a column a profile maps to ""
            for text in spellings(key):
                lookup.setdefault(header_key(text), "")
    return lookup


FIELD_LOOKUP: dict[str, dict[str, str]] = {name: field_lookup(spec) for name, spec in FORMS.items()}

# Headers that hold personal names (`forms.md`: never read into any output). Record forms only:
# `sources` and `areas` have a `name` field of their own (an institution, a place).
NAME_HEADERS = frozenset(header_key(h) for h in words("input.name_header"))  # in every language
