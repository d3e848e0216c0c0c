"""The Excel report for people: a summary, a sheet per indicator with its breakdowns and charts,
then the trace, coverage, issues, excluded rows and what the report rests on (`collation.md`).

Values are rounded for reading (rates, percentages and durations to one decimal, `indicators.md`);
the CSV report keeps full precision. Every text cell is stored as text, so user text starting with
`=` is never run as a formula. The workbook's content is deterministic: fixed document times and
fixed times on the zip members, so the same result gives the same bytes. openpyxl writes every
sheet but the rows of the long flat tables (trace, coverage, issues, excluded), which `sheet_xml`
writes column by column when the book is saved (`xlsx_save`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.indicators.base import (
    COVERAGE_COLUMNS,
    DURATION_STATS,
    SUPPRESSED,
    TRACE_COLUMNS,
    Cell,
    Coverage,
    IndicatorMeta,
    IndicatorResult,
    duration_key,
)
from jjindicators.issues import ISSUE_COLUMNS
from jjindicators.render.people import (
    COUNT,
    ONE_DECIMAL,
    headline_text,
    people_value,
)
from jjindicators.render.report_sheets import (
    BOLD,
    TITLE,
    about_sheet,
    frame_sheets,
    header,
    put,
    widths,
)
from jjindicators.render.safe import atomic_path
from jjindicators.render.xlsx_save import save_workbook

CHART_ROWS = 17  # rows a chart covers (7.5 cm), kept free below or beside it
SUMMARY_HEADER = ("Indicator", "Name", "Core", "Value", "Unit", "Numerator", "Denominator",
                  "Reference", "Coverage %", "Flags")  # fmt: skip
BREAKDOWN_HEADER = ("Numerator", "Denominator", "Value", "Unit", "Flags", "Note")
HOW_TO_READ = (
    "Each row is an indicator's headline, for the whole country: value = numerator / denominator "
    "× multiplier (rates per 100,000 or per 1,000 children, percentages); durations are the "
    "median number of days; the policy indicators are answers.",
    "Values are rounded to one decimal here; the CSV report (jjind compute --format csv) keeps "
    "full precision. 'not computable' means the denominator was zero or missing (see Flags).",
    "CORE marks the Manual's core indicators. Coverage % is the share of expected sources that "
    "reported; below 100 % the indicator is flagged 'partial' and its sheet names the missing "
    "sources. Click a name for the indicator's breakdowns, coverage and chart.",
    "Trace lists every counted unit and the row it came from; About lists the inputs (SHA-256), "
    "the options and the rules in force.",
)


def write_report_xlsx(result: ComputeResult, path: Path) -> Path:
    """Write the Excel report to `path` (`.xlsx`), atomically; returns the path.

    >>> write_report_xlsx(compute(["data.xlsx"]), Path("report.xlsx"))  # doctest: +SKIP
    PosixPath('report.xlsx')
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The Excel report must end in .xlsx, not {path.name!r}.")
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Summary"
    taken = {"summary", "trace", "coverage", "issues", "excluded", "about"}
    names = [sheet_name(r.meta, taken) for r in result.results]
    _summary_sheet(first, result, names)
    for name, indicator in zip(names, result.results, strict=True):
        _indicator_sheet(book.create_sheet(name), indicator, result.label)
    rows = []  # of the flat sheets, written when the book is saved
    if result.publication.get("trace") != "none":
        rows += frame_sheets(book, "Trace", result.trace_frame(), TRACE_COLUMNS)
    rows += frame_sheets(book, "Coverage", result.coverage_frame(), COVERAGE_COLUMNS,
                         {"coverage": ONE_DECIMAL})  # fmt: skip
    issues = pd.DataFrame([i.to_dict() for i in result.validation.issues], columns=ISSUE_COLUMNS)
    rows += frame_sheets(book, "Issues", issues, ISSUE_COLUMNS)
    if len(result.excluded):
        renamed = {"_file": "file", "_sheet": "sheet", "_row": "row"}
        excluded = result.excluded.rename(columns=renamed)
        rows += frame_sheets(book, "Excluded", excluded, ("file", "sheet", "row", "form"))
    about_sheet(book.create_sheet("About"), result)
    with atomic_path(path) as temp:
        save_workbook(book, temp, rows)
    return path


def sheet_name(meta: IndicatorMeta, taken: set[str]) -> str:
    """`I1 Children in conflict with` — at most 31 characters, cut between words, unique."""
    words = "".join(c for c in f"I{meta.number} {meta.name}" if c not in "[]:*?/\\").split()
    name = words[0][:31]
    for word in words[1:]:
        if len(name) + 1 + len(word) > 31:
            break
        name += " " + word
    base, n = name, 2
    while name.lower() in taken:
        name = f"{base[:26]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


def _summary_sheet(sheet: Worksheet, result: ComputeResult, names: list[str]) -> None:
    start, end = result.period
    titles = (
        f"Juvenile justice indicators · {result.country}",
        f"Reporting period: {start} to {end}",
        f"Census date: {result.census_date}",
        f"child_ref scope: {result.child_ref_scope} · jjind {result.version}",
    )
    for r, text in enumerate(titles, start=1):
        put(sheet.cell(r, 1), text)
    sheet.cell(1, 1).font = TITLE
    top = len(titles) + 2
    header(sheet, top, SUMMARY_HEADER)
    r = top
    link = {id(res): name for res, name in zip(result.results, names, strict=True)}
    pairs = zip(result.summary_cells(), result.summary(), strict=True)
    for r, ((indicator, cell), row) in enumerate(pairs, start=top + 1):
        value, number_format = people_value(row["value"], row["unit"], cell.multiplier)
        missing = SUPPRESSED if cell.suppressed else "not computable"
        values = (row["indicator"], row["name"], "CORE" if row["core"] else "",
                  missing if value is None else value, row["unit"],
                  _count(cell, row["numerator"]), _count(cell, row["denominator"]),
                  row["reference"], row["coverage"], row["flags"])  # fmt: skip
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 4).number_format = number_format or "General"
        for c in (6, 7):
            sheet.cell(r, c).number_format = COUNT
        sheet.cell(r, 9).number_format = ONE_DECIMAL
        where = f"'{link[id(indicator)]}'!A1"
        sheet.cell(r, 2).hyperlink = Hyperlink(sheet.cell(r, 2).coordinate, location=where)
        if row["core"]:
            for c in (1, 2, 3):
                sheet.cell(r, c).font = BOLD
    put(sheet.cell(r + 2, 1), "How to read this report")
    sheet.cell(r + 2, 1).font = BOLD
    lines = list(HOW_TO_READ)
    if result.publication.get("trace") == "none":
        lines[-1] = "This report has no trace (--no-trace); About lists the inputs (SHA-256), the "
        lines[-1] += "options, the publication options and the rules in force."
    if result.publication.get("suppress_below"):
        lines.append(
            f"'suppressed': a count below {result.publication['suppress_below']}, or a "
            "count hidden so that such a count can't be worked out from the totals."
        )
    for n, text in enumerate(lines, start=r + 3):
        put(sheet.cell(n, 1), text)
    widths(sheet, (10, 38, 7, 12, 22, 12, 13, 26, 11, 50))
    sheet.freeze_panes = f"A{top + 1}"


def _indicator_sheet(
    sheet: Worksheet, result: IndicatorResult, label_of: Callable[[str, str], str]
) -> None:
    meta, head = result.meta, result.headline
    lines = (
        f"Indicator {meta.number} · {meta.name}" + (" · CORE" if meta.core else ""),
        f"Definition: {meta.definition}",
        f"Reference: {result.reference}",
        f"Headline: {headline_text(head)}",
        f"Flags: {'; '.join(result.flags) or 'none'}",
        f"Forms: {', '.join(meta.forms)} · rules in force: see the About sheet",
    )
    for r, text in enumerate(lines, start=1):
        put(sheet.cell(r, 1), text)
    sheet.cell(1, 1).font = TITLE
    sheet.cell(4, 1).font = BOLD
    row = len(lines) + 2
    is_duration = [meta.kind == "duration" and duration_key(c.part) is not None
                   for c in result.cells]  # fmt: skip
    durations = [c for c, d in zip(result.cells, is_duration, strict=True) if d]
    others = [c for c, d in zip(result.cells, is_duration, strict=True) if not d]
    if durations:
        row = _duration_tables(sheet, row, durations, head)
    totals = [c for c in others if c.dimension == "total"]
    if totals:
        row = _breakdown_table(sheet, row, "Totals", "Part", totals, head)
    groups: dict[tuple[str, str], list[Cell]] = {}
    for cell in others:
        if cell.dimension != "total":
            groups.setdefault((cell.part, cell.dimension), []).append(cell)
    for (part, dimension), cells in groups.items():
        by = dimension.replace("_", " ")
        title = f"By {by}" if part == "headline" else f"{_part_name(part)} — by {by}"
        label = by.capitalize()
        row = _breakdown_table(sheet, row, title, label, cells, head, chart=dimension == "area",
                               label_of=label_of)  # fmt: skip
    _coverage_table(sheet, row, result.coverage)
    widths(sheet, (30, 12, 13, 13, 12, 22, 30, 40))
    sheet.freeze_panes = "A2"


def _breakdown_table(
    sheet: Worksheet, row: int, title: str, label: str, cells: Sequence[Cell], head: Cell,
    chart: bool = False, label_of: Callable[[str, str], str] | None = None,
) -> int:  # fmt: skip
    """A titled table of cells (category/part, area, numerator, ..., note); returns the next row."""
    put(sheet.cell(row, 1), title)
    sheet.cell(row, 1).font = BOLD
    header(sheet, row + 1, (label, "Area", *BREAKDOWN_HEADER))
    first = row + 2
    for r, cell in enumerate(cells, start=first):
        value, number_format = people_value(cell.value, cell.unit, cell.multiplier)
        category = _part_name(cell.part) if label == "Part" else cell.category
        if label_of is not None:
            category = label_of(cell.dimension, category)
        if value is None and cell.suppressed:
            value = SUPPRESSED
        values = (category, cell.area,
                  _count(cell, cell.numerator), _count(cell, cell.denominator), value, cell.unit,
                  "; ".join(cell.flags), cell.note)  # fmt: skip
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 3).number_format = sheet.cell(r, 4).number_format = COUNT
        sheet.cell(r, 5).number_format = number_format or "General"
        if cell.dimension == "area":
            sheet.cell(r, 2).alignment = Alignment(indent=max(cell.area_level - 1, 0))
        if cell is head:
            for c in range(1, 9):
                sheet.cell(r, c).font = BOLD
    last = first + len(cells) - 1
    numeric = [c for c in cells if isinstance(c.value, int | float)]
    if chart and numeric and cells[0].multiplier is not None:
        part = "" if cells[0].part == "headline" else f"{_part_name(cells[0].part)}: "
        bars = _bar_chart(f"{part}{cells[0].unit}, by area", cells[0].unit)
        bars.add_data(Reference(sheet, min_col=5, min_row=row + 1, max_row=last),
                      titles_from_data=True)  # fmt: skip
        bars.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        sheet.add_chart(bars, f"J{row}")
        return max(last, row + CHART_ROWS) + 2
    return last + 2


def _part_name(part: str) -> str:
    """`(a)` for the lettered parts of the policy indicators, else the part itself."""
    return f"({part})" if len(part) == 1 else part


def _duration_tables(sheet: Worksheet, row: int, cells: Sequence[Cell], head: Cell) -> int:
    """Wide tables of a duration indicator: per family and dimension, one row per category with
    the number of episodes, median, mean, quartiles, maximum and the band counts."""
    tables: dict[tuple[str, str], dict[tuple[str, str], dict[str, Cell]]] = {}
    for cell in cells:
        prefix, column = duration_key(cell.part) or ("", cell.part)
        rows = tables.setdefault((prefix, cell.dimension), {})
        rows.setdefault((cell.category, cell.area), {})[column] = cell
    for (prefix, dimension), rows in tables.items():
        columns = list(dict.fromkeys(k for found in rows.values() for k in found))
        bands = [k for k in columns if k not in DURATION_STATS]
        by = "total" if dimension == "total" else f"by {dimension.replace('_', ' ')}"
        put(sheet.cell(row, 1), f"{prefix}durations in days — {by}".capitalize())
        sheet.cell(row, 1).font = BOLD
        names = [f"{k} (days)" if k in DURATION_STATS else f"{k} (episodes)" for k in columns]
        label = "Category" if dimension == "total" else dimension.replace("_", " ").capitalize()
        header(sheet, row + 1, (label, "Area", "Episodes", *names, "Flags", "Note"))
        r = row + 1
        for r, ((category, area), found) in enumerate(rows.items(), start=row + 2):
            some = next(iter(found.values()))
            put(sheet.cell(r, 1), category)
            put(sheet.cell(r, 2), area)
            put(sheet.cell(r, 3), _count(some, some.denominator))
            sheet.cell(r, 3).number_format = COUNT
            for c, key in enumerate(columns, start=4):
                item = found.get(key)
                if item is not None:
                    value, number_format = people_value(item.value, item.unit, item.multiplier)
                    hidden = value is None and item.suppressed
                    put(sheet.cell(r, c), SUPPRESSED if hidden else value)
                    sheet.cell(r, c).number_format = number_format or "General"
                    if item is head:
                        sheet.cell(r, c).font = BOLD
            put(sheet.cell(r, len(columns) + 4), "; ".join(some.flags))
            note = next((c.note for c in found.values() if c.note), "")
            put(sheet.cell(r, len(columns) + 5), note)
        if dimension == "total" and bands:
            first = 4 + columns.index(bands[0])
            bars = _bar_chart(f"{prefix}episodes by duration".capitalize(), "episodes")
            bars.add_data(Reference(sheet, min_col=first, max_col=first + len(bands) - 1,
                                    min_row=row + 2, max_row=row + 2), from_rows=True)  # fmt: skip
            bars.set_categories(Reference(sheet, min_col=first, max_col=first + len(bands) - 1,
                                          min_row=row + 1, max_row=row + 1))  # fmt: skip
            sheet.add_chart(bars, f"A{r + 2}")
            r += CHART_ROWS + 1
        row = r + 2
    return row


def _bar_chart(title: str, axis: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = axis
    chart.legend = None
    chart.height, chart.width = 7.5, 16
    chart.x_axis.delete = chart.y_axis.delete = False  # else recent Excel hides the axes
    return chart


def _coverage_table(sheet: Worksheet, row: int, coverage: Iterable[Coverage]) -> None:
    put(sheet.cell(row, 1), "Coverage: sources expected to report, and those that did")
    sheet.cell(row, 1).font = BOLD
    header(sheet, row + 1, ("Area", "Expected", "Reported", "Coverage %", "Missing sources"))
    for r, cov in enumerate(coverage, start=row + 2):
        found = cov.to_dict()
        values = (cov.area, found["expected"], found["reported"], found["coverage"],
                  found["missing"])  # fmt: skip
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 4).number_format = ONE_DECIMAL


def _count(cell: Cell, value: Any) -> Any:
    """A count of the cell, or `suppressed` where small-cell suppression blanked it."""
    if value is None and cell.suppressed:
        return SUPPRESSED
    return _whole(value)


def _whole(value: Any) -> Any:
    """Counts as whole numbers where they are (5.0 → 5); missing stays None."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value
