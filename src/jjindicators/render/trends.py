"""The comparison workbook's Trends sheet: a line chart per core indicator, one line per country
over its periods, the values beside it, then the breaks in the series and the large changes."""

from __future__ import annotations

from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.compare import Comparison
from jjindicators.folder_names import period_label
from jjindicators.i18n import lookup
from jjindicators.indicators.codes import label_number, summary_label
from jjindicators.render.figures import ONE_DECIMAL
from jjindicators.render.page import merged_text, print_setup
from jjindicators.render.report_sheets import BOLD, TITLE, header, put, widths
from jjindicators.render.words import Words
from jjindicators.series import Series

CHART_ROWS = 17  # rows a chart covers (7.5 cm), as the report's charts


def trends_sheet(sheet: Worksheet, comparison: Comparison, series: Series, words: Words) -> None:
    """For each core indicator, each country's headline by period (the table) and a line chart
    of them (x: the periods, `2025` or `<start>_<end>`; y from 0); then one line per headline
    flagged where the series breaks or changes much."""
    put(sheet.cell(1, 1), words("trends_title"))
    sheet.cell(1, 1).font = TITLE
    countries = [country for country, _ in series.periods]
    sizes = (24, *(max(12, len(c) + 2) for c in countries))
    widths(sheet, sizes)
    # The paragraph spans the table and its chart (16 cm, about 60 characters), wrapped.
    span = len(sizes) + 1 + 9
    merged_text(sheet, 2, words("trends_read"), span, sum(sizes) + 8.43 * 10)
    periods = sorted({p for _, ps in series.periods for p in ps})
    values = {(r["country"], summary_label(r["indicator"], _part(r["part"])),
               (r["period_start"], r["period_end"])): r["value"] for r in series.rows}  # fmt: skip
    units = {r["indicator"]: r["unit"] for r in comparison.rows}
    row = 4
    for number, name, core in comparison.indicators:
        if not core:
            continue
        unit = words.unit(units.get(number) or "")
        title = f"{number} · {_name(number, name, words)}"
        put(sheet.cell(row, 1), f"{title} ({unit})")
        sheet.cell(row, 1).font = BOLD
        header(sheet, row + 1, (words("trends_period"), *countries))
        for r, period in enumerate(periods, start=row + 2):
            put(sheet.cell(r, 1), period_label(*period))
            for c, country in enumerate(countries, start=2):
                put(sheet.cell(r, c), _number(values.get((country, number, period))))
                sheet.cell(r, c).number_format = ONE_DECIMAL
        _chart(sheet, row + 1, len(periods), len(countries), title, unit, words)
        row += max(len(periods) + 3, CHART_ROWS + 2)
    _breaks(sheet, row, series, words, span, sum(sizes) + 8.43 * 10)
    print_setup(sheet)


def _chart(sheet: Worksheet, top: int, periods: int, countries: int, title: str, unit: str,
           words: Words) -> None:  # fmt: skip
    """A line chart of the table whose header is row `top`: one line per country column."""
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = unit
    chart.x_axis.title = words("trends_period")
    chart.y_axis.scaling.min = 0  # from 0: a change is seen at its true size
    chart.height, chart.width = 7.5, 16
    chart.x_axis.delete = chart.y_axis.delete = False  # else recent Excel hides the axes
    last = top + periods
    chart.add_data(Reference(sheet, min_col=2, max_col=1 + countries, min_row=top, max_row=last),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 1, max_row=last))
    for line in chart.series:
        line.smooth = False  # straight between the periods: a curve would show values not there
    sheet.add_chart(chart, f"{get_column_letter(countries + 3)}{top}")


def _breaks(sheet: Worksheet, row: int, series: Series, words: Words, span: int,
            width: float) -> None:  # fmt: skip
    """The headlines whose series breaks or changes much, one line each, in words."""
    if not series.marks:
        return
    lines = [words("trends_break_line", country=country, period=period_label(*period),
                   indicator=label, flags=words.flags(flags))
             for country, period, label, flags in series.marks]  # fmt: skip
    put(sheet.cell(row, 1), words("trends_breaks"))
    sheet.cell(row, 1).font = BOLD
    for r, line in enumerate(lines, start=row + 1):
        merged_text(sheet, r, line, span, width)


def _part(part: str) -> str | None:
    return None if part == "headline" else part


def _name(number: str, name: str, words: Words) -> str:
    try:
        return lookup(f"indicator.{label_number(number)}.name", words.lang)
    except KeyError:
        return name


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return None if value != value else round(value, 1)
    return value
