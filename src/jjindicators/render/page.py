"""Print set-up and wrapped text that fits: what a sheet needs to be read on paper (issue #20)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.render.report_sheets import put

WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_HEIGHT = 15.0  # points a line of 11-point text takes


def print_setup(sheet: Worksheet, repeat_rows: int | tuple[int, int] | None = None,
                landscape: bool = True) -> None:  # fmt: skip
    """Print `sheet` on A4, landscape, fitted to one page wide (as many pages long as it
    needs), with `repeat_rows` (a row, or the first and last) repeated atop each page.

    >>> print_setup(book.active, repeat_rows=1)  # doctest: +SKIP
    """
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages long as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if repeat_rows is not None:
        first, last = (repeat_rows, repeat_rows) if isinstance(repeat_rows, int) else repeat_rows
        sheet.print_title_rows = f"{first}:{last}"


def text_lines(text: Any, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide: each of its own
    lines wrapped at about the column's width less a margin (a proportional font's average).

    >>> text_lines("a" * 100, 54), text_lines("one\\ntwo", 54)
    (2, 2)
    """
    if text is None or text == "":
        return 1
    per_line = max(int(width) - 4, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def fit_height(sheet: Worksheet, row: int, cells: Sequence[tuple[Any, float]]) -> None:
    """Give `row` the height of the tallest of its wrapped `cells` (text, width in characters):
    spreadsheets do not grow a row for wrapped text when they open a file, so long texts would
    be cut or run over the next rows."""
    lines = max((text_lines(text, width) for text, width in cells), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def merged_text(sheet: Worksheet, row: int, text: str, columns: int, width: float) -> None:
    """`text` in row `row` over the first `columns` columns (`width` characters in all), merged,
    wrapped and with the row tall enough for it: a paragraph that fits the printed page."""
    cell = sheet.cell(row, 1)
    put(cell, text)
    cell.alignment = WRAP
    if columns > 1:
        sheet.merge_cells(f"A{row}:{get_column_letter(columns)}{row}")
    fit_height(sheet, row, [(text, width)])
