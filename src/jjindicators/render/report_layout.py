"""The layout of the Excel report's sheets (issue #20, `docs/rules.md`, "Reports"): headings
aligned like their numbers, column widths from what the tables hold, notes said once under their
table, a legend of the flags a sheet shows, and the print set-up of every sheet."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.indicators.codes import Flag
from jjindicators.render.report_sheets import BOLD, put
from jjindicators.render.words import Words

LINE_HEIGHT = 15  # points of one line of text (Calibri 11)
HEADING_WIDTH = 10  # a heading wider than this wraps, unless its longest word is wider
WIDEST = 50  # characters; a longer text wraps in its cell
NARROWEST = 6
_RIGHT = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="bottom", wrap_text=True)
_LEFT_INDENTED = Alignment(horizontal="left", vertical="bottom", wrap_text=True, indent=1)
_TEXT_RIGHT = Alignment(horizontal="right")
_LITERAL = re.compile(r'"([^"]*)"')


def table_header(sheet: Worksheet, row: int, names: Sequence[str]) -> None:
    """A bold heading row whose headings wrap; `align_table` aligns them once the rows are in."""
    for c, name in enumerate(names, start=1):
        put(sheet.cell(row, c), name)
        sheet.cell(row, c).font = BOLD
        sheet.cell(row, c).alignment = _LEFT


def align_table(sheet: Worksheet, head: int, last: int) -> None:
    """Headings of columns holding numbers right-aligned, as their numbers are, and so are the
    words (`suppressed`) standing in such a column's cells; the others left-aligned, indented
    after a column of numbers so that the two do not touch."""
    numeric = False
    for c in range(1, sheet.max_column + 1):
        cells = [sheet.cell(r, c) for r in range(head + 1, last + 1)]
        if sheet.cell(head, c).value is None:
            continue
        after_numbers, numeric = numeric, any(isinstance(x.value, int | float) for x in cells)
        if numeric:
            sheet.cell(head, c).alignment = _RIGHT
            for x in cells:
                if isinstance(x.value, str):
                    x.alignment = _TEXT_RIGHT
        elif after_numbers:
            sheet.cell(head, c).alignment = _LEFT_INDENTED
            for x in cells:
                x.alignment = Alignment(horizontal="left", indent=1)


def footnotes(notes: Sequence[str]) -> tuple[list[str], list[str]]:
    """A table's notes said once: the mark of each row's note (`[1]`, "" for none) and the
    lines to write under the table (`[1] no child population for a breakdown by source`).

    >>> footnotes(["", "no data", "no data", "the denominator is 0"])
    (['', '[1]', '[1]', '[2]'], ['[1] no data', '[2] the denominator is 0'])
    """
    numbers: dict[str, int] = {}
    marks = []
    for note in notes:
        if note:
            numbers.setdefault(note, len(numbers) + 1)
        marks.append(f"[{numbers[note]}]" if note else "")
    return marks, [f"[{n}] {note}" for note, n in numbers.items()]


def write_lines(sheet: Worksheet, row: int, lines: Iterable[str]) -> int:
    """Lines of text in column A from `row` on; returns the row after the last."""
    for text in lines:
        put(sheet.cell(row, 1), text)
        row += 1
    return row


def flag_legend(sheet: Worksheet, row: int, flags: Iterable[Flag], words: Words) -> int:
    """Under a title, one line per distinct flag code of the sheet: its words and what it means
    (`report.flag_help_<code>`); returns the row after it. Nothing without flags."""
    codes = list(dict.fromkeys(f.code for f in flags))
    if not codes:
        return row
    put(sheet.cell(row, 1), words("legend_flags"))
    sheet.cell(row, 1).font = BOLD
    return write_lines(sheet, row + 1, (words(f"flag_help_{code}") for code in codes)) + 1


def shown_length(value: Any, number_format: str) -> int:
    """About how many characters a cell shows: a number as its format writes it (`1,327`,
    `2.9 †`, `n = 454`), a text's longest line.

    >>> shown_length(1327, "#,##0"), shown_length(2.865, '0.0" †"'), shown_length("ab", "General")
    (5, 5, 2)
    """
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return max(len(line) for line in str(value).split("\n"))
    decimals = 1 if "0.0" in number_format else 0
    text = f"{value:,.{decimals}f}" if number_format != "General" else f"{value:g}"
    return len(text) + sum(len(x) for x in _LITERAL.findall(number_format))


def fit_columns(sheet: Worksheet, first_widest: int = WIDEST) -> None:
    """Each column as wide as what its tables show, between `NARROWEST` and `WIDEST` characters
    (`first_widest` for column A, the labels); a heading wraps beyond `HEADING_WIDTH` (its
    longest word always fits); a longer text wraps in its cell, and rows grow to show every
    line. A row with a single cell (a title, a note, a legend line) runs on to the right and
    counts for no width."""
    rows = [[c for c in row if c.value is not None] for row in sheet.iter_rows()]
    sizes: dict[int, int] = {}
    for cells in rows:
        if len(cells) < 2:
            continue
        for cell in cells:
            heading = cell.font.b and cell.alignment.wrap_text  # `table_header`'s
            if heading and isinstance(cell.value, str):
                longest = max(len(w) for w in cell.value.split() or [""])
                size = max(longest, min(len(cell.value), HEADING_WIDTH))
            else:
                size = shown_length(cell.value, cell.number_format)
            sizes[cell.column] = max(sizes.get(cell.column, 0), size)
    for column, size in sizes.items():
        top = first_widest if column == 1 else WIDEST
        width = min(max(size + 2, NARROWEST), top)
        sheet.column_dimensions[get_column_letter(column)].width = width
        sizes[column] = width
    for number, cells in enumerate(rows, start=1):
        if len(cells) < 2:
            continue
        lines, heading = 1, all(c.font.b and c.alignment.wrap_text for c in cells)
        for cell in cells:
            width = sizes.get(cell.column, 10) - 1
            length = shown_length(cell.value, cell.number_format)
            if isinstance(cell.value, str) and length > width:
                if not cell.alignment.wrap_text:
                    a = cell.alignment
                    cell.alignment = Alignment(horizontal=a.horizontal, indent=a.indent,
                                               wrap_text=True, vertical="top")  # fmt: skip
                lines = max(lines, len(textwrap.wrap(cell.value, max(width, 1))))
        if lines > 1:
            sheet.row_dimensions[number].height = LINE_HEIGHT * lines
            for cell in [] if heading else cells:  # the row's cells start at its top
                a = cell.alignment
                cell.alignment = Alignment(horizontal=a.horizontal, indent=a.indent,
                                           wrap_text=a.wrap_text, vertical="top")  # fmt: skip


def print_setup(sheet: Worksheet, title_rows: str | None = None, one_page: bool = False) -> None:
    """A4 landscape, one page wide (`fitToHeight` 0: as many pages long as it needs; 1 with
    `one_page`), the `title_rows` (`1:1`) repeated on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_rows:
        sheet.print_title_rows = title_rows


def not_printed(sheet: Worksheet, columns: int) -> None:
    """A sheet for checking on screen, not for paper (the trace, the issues): its print area is
    its heading row alone, so the printed report holds one line of it, not thousands of pages."""
    print_setup(sheet)
    sheet.print_area = f"A1:{get_column_letter(max(columns, 1))}1"
