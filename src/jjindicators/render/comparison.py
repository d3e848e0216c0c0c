"""The cross-country comparison as a workbook (table, notes, a chart per core indicator) and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.compare import COMPARISON_COLUMNS, Comparison, Differs, Shown
from jjindicators.errors import UsageError
from jjindicators.i18n import lookup
from jjindicators.indicators.codes import label_number
from jjindicators.outputs import atomic_file
from jjindicators.render.figures import ONE_DECIMAL
from jjindicators.render.page import fit_height, merged_text, print_setup
from jjindicators.render.report_csv import write_csv_table
from jjindicators.render.report_sheets import BOLD, TITLE, frame_sheets, header, put, widths
from jjindicators.render.report_xlsx import CHART_ROWS
from jjindicators.render.trends import trends_sheet
from jjindicators.render.words import ENGLISH, Words
from jjindicators.series import SERIES_COLUMNS, Series
from jjindicators.xlsx.save import save_workbook

HOW_TO_READ = ("comparison_read_values", "comparison_read_details")  # `words.TEXTS`
RIGHT = Alignment(horizontal="right")
NOT_COMPUTED = PatternFill("solid", fgColor="EDEDED")  # a failed country's empty column


def write_comparison_csv(comparison: Comparison, path: Path, lang: str = ENGLISH) -> Path:
    """Write the long comparison table (`COMPARISON_COLUMNS`) at full precision, atomically;
    the same comparison always gives the same bytes.

    >>> write_comparison_csv(compare(figures), Path("comparison.csv"))  # doctest: +SKIP
    """
    rows = [[row.get(c) for c in COMPARISON_COLUMNS] for row in comparison.rows]
    return write_csv_table(Path(path), COMPARISON_COLUMNS, rows, lang)


def write_series_csv(series: Series, path: Path, lang: str = ENGLISH) -> Path | None:
    """Write `series.csv` (`SERIES_COLUMNS`) at full precision, atomically, when the series has
    rows; else remove an earlier run's (it would describe reports this run did not write).

    >>> write_series_csv(build_series(figures), Path("series.csv"))  # doctest: +SKIP
    """
    if not series.rows:
        Path(path).unlink(missing_ok=True)
        return None
    rows = [[row.get(c) for c in SERIES_COLUMNS] for row in series.rows]
    return write_csv_table(Path(path), SERIES_COLUMNS, rows, lang)


def write_comparison_xlsx(
    comparison: Comparison, path: Path, lang: str = ENGLISH, series: Series | None = None
) -> Path:
    """Write the comparison workbook: Comparison (indicators × countries, with the notes on
    comparability), Details (the long table) and Charts (one per core indicator), atomically;
    with a `series` where some country has several periods, Trends (a line chart per core
    indicator, `render/trends.py`). `lang` is the language of its labels, indicator names and
    notes on comparability.

    >>> write_comparison_xlsx(compare(figures), Path("comparison.xlsx"))  # doctest: +SKIP
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The comparison workbook must end in .xlsx, not {path.name!r}.")
    words = Words(lang)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = words("comparison_sheet")
    _wide_sheet(first, comparison, words)
    details = pd.DataFrame(list(comparison.rows), columns=list(COMPARISON_COLUMNS))
    rows = frame_sheets(book, words("comparison_sheet_details"), details, COMPARISON_COLUMNS,
                        {"value": ONE_DECIMAL, "ci_low": ONE_DECIMAL, "ci_high": ONE_DECIMAL,
                         "coverage": ONE_DECIMAL})  # fmt: skip
    print_setup(book[words("comparison_sheet_details")], 1)
    _charts_sheet(book.create_sheet(words("comparison_sheet_charts")), comparison, words)
    if series is not None and series.trends:
        trends_sheet(book.create_sheet(words("comparison_sheet_trends")), comparison, series, words)
    with atomic_file(path, lang) as temp:
        save_workbook(book, temp, rows)
    return path


def _name(number: str, name: str, words: Words) -> str:
    """An indicator's name in the language (`12(a)` is indicator 12's)."""
    try:
        return lookup(f"indicator.{label_number(number)}.name", words.lang)
    except KeyError:
        return name


def differs(note: Differs, words: Words) -> str:
    """A note on comparability in the language: `The census date differs, so these figures are
    not comparable like for like (2025-12-31: Ruritania; 2025-06-30: Elbonia).`"""
    shown = "; ".join(words("comparison_values", value=_shown(value, note, words),
                            countries=", ".join(who)) for value, who in note.values)  # fmt: skip
    return words(f"comparison_differs_{note.aspect}", option=note.option, shown=shown)


def _shown(value: Shown, note: Differs, words: Words) -> str:
    """A value that differs: a period as a span, an option not set as its default (from the
    about sheet), an empty list as none."""
    if isinstance(value, tuple):
        return words("span", start=value[0], end=value[1])
    if value is None:
        return words("comparison_default", form=words.form("about"))
    return value or words("none")


# The words of a failed submission's status in its column (`batch` statuses).
FAILED = {"errors": "comparison_failed_errors", "unreadable": "comparison_failed_unreadable"}
_FIRST = (10, 34, 7, 26)  # widths of indicator, name, core, unit
_TEXT_COLUMNS = 100  # characters a paragraph of the introduction spans, at least


def failed_text(folder: str, status: str, words: Words) -> str:
    """Why a country's column is empty: `not computed: errors in its data — see
    Ruritania/issues.xlsx and batch-summary.csv`."""
    return words(FAILED.get(status, "comparison_failed_crashed"), folder=folder)


def _wide_sheet(sheet: Worksheet, comparison: Comparison, words: Words) -> None:
    """The table of indicators × countries under its introduction and notes, every country of
    the batch with its column (a failed one empty, with its status), printed landscape, one
    page wide, the header rows repeated on each page."""
    countries = comparison.countries
    sizes: tuple[float, ...] = (
        *_FIRST,
        *(30 if comparison.status(c) else min(max(14, len(c) + 2), 24) for c in countries),
    )
    widths(sheet, sizes)
    if sum(sizes) < _TEXT_COLUMNS:  # the paragraphs span a readable width, whatever the columns
        last = len(sizes) + 1
        widths(sheet, (*sizes, _TEXT_COLUMNS - sum(sizes)))
        sizes = (*sizes, float(sheet.column_dimensions[get_column_letter(last)].width))
    span, width = len(sizes), sum(sizes)
    put(sheet.cell(1, 1), words("comparison_title"))
    sheet.cell(1, 1).font = TITLE
    row = 2
    for text in HOW_TO_READ:
        merged_text(sheet, row, words(text), span, width)
        row += 1
    for title, lines in _notes(comparison, words):
        put(sheet.cell(row + 1, 1), title)
        sheet.cell(row + 1, 1).font = BOLD
        row += 2
        for line in lines:
            merged_text(sheet, row, line, span, width)
            row += 1
    row += 1
    columns = (words(f"col_{c}") for c in ("indicator", "name", "core", "unit"))
    header(sheet, row, (*columns, *countries))
    put(sheet.cell(row + 1, 2), words("comparison_status"))
    sheet.cell(row + 1, 2).font = BOLD
    sheet.cell(row + 1, 2).alignment = Alignment(vertical="top")
    statuses = []
    for c, country in enumerate(countries, start=5):
        failed = comparison.status(country)
        text = failed_text(*failed, words) if failed else words("comparison_computed")
        put(sheet.cell(row + 1, c), text)
        statuses.append((text, sizes[c - 1]))
        for r in (row, row + 1):
            sheet.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top",
                                                   horizontal="right")  # fmt: skip
        if failed:
            sheet.cell(row + 1, c).fill = NOT_COMPUTED
    fit_height(sheet, row, [(c, w) for c, w in zip(countries, sizes[4:], strict=False)])
    fit_height(sheet, row + 1, statuses)
    units = {r["indicator"]: r["unit"] for r in comparison.rows}
    for r, (number, name, core) in enumerate(comparison.indicators, start=row + 2):
        unit = units.get(number)
        shown = (number, _name(number, name, words), words("core") if core else "",
                 words.unit(unit) if unit else unit)  # fmt: skip
        for c, value in enumerate(shown, 1):
            put(sheet.cell(r, c), value)
        for c, country in enumerate(countries, start=5):
            value = _number(comparison.value(number, country))
            put(sheet.cell(r, c), words.answer(value) if isinstance(value, str) else value)
            sheet.cell(r, c).number_format = ONE_DECIMAL
            sheet.cell(r, c).alignment = RIGHT
            if comparison.status(country):
                sheet.cell(r, c).fill = NOT_COMPUTED
    sheet.freeze_panes = f"E{row + 2}"
    print_setup(sheet, (row, row + 1))


def _notes(comparison: Comparison, words: Words) -> list[tuple[str, list[str]]]:
    """The sections of notes above the table: the countries not computed, then what makes the
    figures not comparable like for like."""
    sections = []
    if comparison.failed:
        lines = [words("comparison_failed_line", country=country,
                       status=failed_text(folder, status, words))
                 for country, folder, status in comparison.failed]  # fmt: skip
        sections.append((words("comparison_not_computed"), lines))
    if comparison.notes:
        sections.append((words("comparison_not_comparable"),
                         [differs(note, words) for note in comparison.notes]))  # fmt: skip
    return sections


def _charts_sheet(sheet: Worksheet, comparison: Comparison, words: Words) -> None:
    """For each core indicator, its values by country and a bar chart of them."""
    row = 1
    for number, name, core in comparison.indicators:
        if not core:
            continue
        values = [(c, _number(comparison.value(number, c))) for c in comparison.countries]
        plotted = [(c, v) for c, v in values if isinstance(v, int | float)]
        unit = words.unit(
            next((r["unit"] for r in comparison.rows if r["indicator"] == number), "")
        )
        name = _name(number, name, words)
        put(sheet.cell(row, 1), f"{number} · {name} ({unit})")
        sheet.cell(row, 1).font = BOLD
        header(sheet, row + 1, (words("comparison_country"), words("col_value")))
        sheet.cell(row + 1, 2).alignment = RIGHT  # above its numbers
        for r, (country, value) in enumerate(plotted, start=row + 2):
            put(sheet.cell(r, 1), country)
            put(sheet.cell(r, 2), value)
            sheet.cell(r, 2).number_format = ONE_DECIMAL
        if plotted:
            chart = BarChart()
            chart.type = "col"
            chart.title = f"{number} · {name}"
            chart.y_axis.title = unit
            chart.legend = None
            chart.height, chart.width = 7.5, 16
            chart.x_axis.delete = chart.y_axis.delete = False  # else recent Excel hides the axes
            chart.y_axis.scaling.min = 0  # from 0: bars in proportion to their values
            last = row + 1 + len(plotted)
            chart.add_data(Reference(sheet, min_col=2, min_row=row + 2, max_row=last))
            chart.set_categories(Reference(sheet, min_col=1, min_row=row + 2, max_row=last))
            sheet.add_chart(chart, f"D{row + 1}")
        missing = [c for c, v in values if not isinstance(v, int | float)]
        for r, country in enumerate(missing, start=row + 2 + len(plotted)):
            put(sheet.cell(r, 1), country)
            failed = comparison.status(country)
            put(sheet.cell(r, 2), words("comparison_not_computed_short") if failed else None)
            sheet.cell(r, 2).alignment = RIGHT
        row += max(len(values) + 3, CHART_ROWS + 2)
    widths(sheet, (28, 14))
    print_setup(sheet)


def _number(value: Any) -> Any:
    """Values as people read them: numbers rounded to one decimal, answers as text."""
    if isinstance(value, float):
        return None if value != value else round(value, 1)
    return value
