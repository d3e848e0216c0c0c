"""The Excel report for people: a summary, a sheet per indicator with its breakdowns and charts,
then the trace, coverage, issues, excluded rows and what the report rests on (`collation.md`).

Values are rounded for reading (rates, percentages and durations to one decimal, `indicators.md`);
the CSV report keeps full precision. Every text cell is stored as text, so user text starting with
`=` is never run as a formula. The workbook's content is deterministic: fixed document times and
fixed times on the zip members, so the same result gives the same bytes. openpyxl writes every
sheet but the rows of the long flat tables (trace, coverage, issues, excluded), which `sheet_xml`
writes column by column when the book is saved (`xlsx/save.py`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.styles import Alignment
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.indicators.base import (
    COVERAGE_COLUMNS,
    DURATION_STATS,
    TRACE_COLUMNS,
    Cell,
    Coverage,
    IndicatorMeta,
    IndicatorResult,
)
from jjindicators.indicators.codes import HEADLINE, UNRELIABLE, Flag, Part, Unit
from jjindicators.issues import ISSUE_COLUMNS
from jjindicators.outputs import atomic_file
from jjindicators.render.figures import (
    COUNT,
    ONE_DECIMAL,
    headline_text,
    interval_values,
    marked_format,
    people_value,
)
from jjindicators.render.report_layout import (
    align_table,
    fit_columns,
    flag_legend,
    footnotes,
    not_printed,
    print_setup,
    table_header,
    write_lines,
)
from jjindicators.render.report_sheets import (
    BOLD,
    TITLE,
    about_sheet,
    figure_notes,
    frame_sheets,
    put,
)
from jjindicators.render.tables import part_name, plan, upper_first
from jjindicators.render.words import ENGLISH, Words, localise_result
from jjindicators.xlsx.save import save_workbook

CHART_ROWS = 17  # rows a chart covers (7.5 cm), kept free below or beside it
# The columns of the summary and of a breakdown table (`words.TEXTS`, `col_*`).
SUMMARY_HEADER = ("indicator", "name", "core", "value", "ci_low", "ci_high", "unit", "numerator",
                  "denominator", "reference", "coverage", "flags")  # fmt: skip
BREAKDOWN_HEADER = ("numerator", "denominator", "value", "ci_low", "ci_high", "unit", "flags",
                    "note")  # fmt: skip
HOW_TO_READ = ("read_values", "read_rounding", "read_coverage", "read_trace")
N_EPISODES = '"n = "#,##0'  # a duration's denominator: the episodes its statistics rest on


def _columns(words: Words, names: Sequence[str]) -> tuple[str, ...]:
    return tuple(words(f"col_{name}") for name in names)


def write_report_xlsx(result: ComputeResult, path: Path, lang: str = ENGLISH) -> Path:
    """Write the Excel report to `path` (`.xlsx`), atomically; returns the path. `lang` is the
    language of its labels, indicator texts and issue messages (`render/words.py`).

    >>> write_report_xlsx(compute(["data.xlsx"]), Path("report.xlsx"))  # doctest: +SKIP
    PosixPath('report.xlsx')
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The Excel report must end in .xlsx, not {path.name!r}.")
    words = Words(lang)
    result = localise_result(result, lang)
    sheets = {
        name: words(f"sheet_{name}")
        for name in ("summary", "trace", "coverage", "issues", "excluded", "about")
    }
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = sheets["summary"]
    taken = {name.lower() for name in sheets.values()}
    names = [sheet_name(r.meta, taken) for r in result.results]
    _summary_sheet(first, result, names, words)
    for name, indicator in zip(names, result.results, strict=True):
        _indicator_sheet(book.create_sheet(name), indicator, result.label, words)
    rows = []  # of the flat sheets, written when the book is saved
    if result.publication.get("trace") != "none":
        with _printed(book, TRACE_COLUMNS, on_paper=False):
            rows += frame_sheets(book, sheets["trace"], result.trace_frame(), TRACE_COLUMNS)
    with _printed(book, COVERAGE_COLUMNS):
        rows += frame_sheets(book, sheets["coverage"], result.coverage_frame(),
                             COVERAGE_COLUMNS, {"coverage": ONE_DECIMAL})  # fmt: skip
    issues = pd.DataFrame(
        [i.to_dict(result.lang) for i in result.validation.issues], columns=ISSUE_COLUMNS
    )
    with _printed(book, ISSUE_COLUMNS, on_paper=False):
        rows += frame_sheets(book, sheets["issues"], issues, ISSUE_COLUMNS)
    if len(result.excluded):
        renamed = {"_file": "file", "_sheet": "sheet", "_row": "row"}
        excluded = result.excluded.rename(columns=renamed)
        with _printed(book, ("file", "sheet", "row", "form")):
            rows += frame_sheets(book, sheets["excluded"], excluded,
                                 ("file", "sheet", "row", "form"))  # fmt: skip
    about_sheet(book.create_sheet(sheets["about"]), result, words)
    print_setup(book[sheets["about"]])
    with atomic_file(path, lang) as temp:
        save_workbook(book, temp, rows)
    return path


@contextmanager
def _printed(book: Workbook, columns: Sequence[str], on_paper: bool = True) -> Iterator[None]:
    """The print set-up of the flat sheets made inside: their heading row on every page, or,
    not `on_paper` (trace, issues), only their heading row printed (`not_printed`)."""
    before = set(book.sheetnames)
    yield
    for name in book.sheetnames:
        if name not in before:
            if on_paper:
                print_setup(book[name], title_rows="1:1")
            else:
                not_printed(book[name], len(columns))


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


def _summary_sheet(sheet: Worksheet, result: ComputeResult, names: list[str], words: Words) -> None:
    start, end = result.period
    titles = (
        words("title", country=result.country),
        words("title_period", period=words("span", start=start, end=end)),
        words("title_census", date=result.census_date),
        words("title_scope", scope=result.child_ref_scope, version=result.version),
    )
    for r, text in enumerate(titles, start=1):
        put(sheet.cell(r, 1), text)
    sheet.cell(1, 1).font = TITLE
    top = len(titles) + 2
    table_header(sheet, top, _columns(words, SUMMARY_HEADER))
    r = top
    link = {id(res): name for res, name in zip(result.results, names, strict=True)}
    pairs = zip(result.summary_cells(), result.summary(), strict=True)
    unreliable = False
    flags: list[Flag] = []
    for r, ((indicator, cell), row) in enumerate(pairs, start=top + 1):
        value, number_format = people_value(row["value"], cell.unit, cell.multiplier)
        missing = words("suppressed" if cell.suppressed else "not_computable")
        low, high = _interval(cell)
        values = (row["indicator"], row["name"], words("core") if row["core"] else "",
                  missing if value is None else _answer(value, words), low, high,
                  words.unit(row["unit"]), _count(cell, row["numerator"], words),
                  _count(cell, row["denominator"], words), words.reference(indicator.reference),
                  row["coverage"], words.flags(result.summary_flags(indicator, cell)))  # fmt: skip
        flags += result.summary_flags(indicator, cell)
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 4).number_format = marked_format(number_format, cell)
        for c in (5, 6):
            sheet.cell(r, c).number_format = number_format or "General"
        for c in (8, 9):
            sheet.cell(r, c).number_format = COUNT
        if cell.part.is_duration:  # the number of episodes a duration rests on: `n = 454`
            sheet.cell(r, 9).number_format = N_EPISODES
        sheet.cell(r, 11).number_format = ONE_DECIMAL
        unreliable |= UNRELIABLE in cell.flags
        where = f"'{link[id(indicator)]}'!A1"
        sheet.cell(r, 2).hyperlink = Hyperlink(sheet.cell(r, 2).coordinate, location=where)
        if row["core"]:
            for c in (1, 2, 3):
                sheet.cell(r, c).font = BOLD
    put(sheet.cell(r + 2, 1), words("how_to_read"))
    sheet.cell(r + 2, 1).font = BOLD
    lines = [words(name) for name in HOW_TO_READ]
    if result.publication.get("trace") == "none":
        lines[-1] = words("read_no_trace")
    lines += figure_notes(result, unreliable, words)
    align_table(sheet, top, r)
    after = write_lines(sheet, r + 3, lines)
    flag_legend(sheet, after + 1, flags, words)
    fit_columns(sheet)
    sheet.freeze_panes = f"A{top + 1}"
    print_setup(sheet, one_page=True)


def _indicator_sheet(
    sheet: Worksheet, result: IndicatorResult, label_of: Callable[[str, str], str], words: Words
) -> None:
    meta, head = result.meta, result.headline
    lines = (
        words("indicator_title", number=meta.number, name=meta.name)
        + (f" · {words('core')}" if meta.core else ""),
        words("definition", text=meta.definition),
        words("reference", text=words.reference(result.reference)),
        words("headline", text=headline_text(head, words)),
        words("flags", text=words.flags(result.flags) or words("none")),
        words("forms", forms=", ".join(words.form(f) for f in meta.forms)),
    )
    for r, text in enumerate(lines, start=1):
        put(sheet.cell(r, 1), text)
    sheet.cell(1, 1).font = TITLE
    sheet.cell(4, 1).font = BOLD
    row = len(lines) + 2
    shown = plan(result, words)
    if shown.durations:
        row = _duration_tables(sheet, row, shown.durations, head, words, label_of)
    if shown.totals:
        row = _breakdown_table(sheet, row, words("totals"), None, shown.totals, head, words)
    for table in shown.breakdowns:
        row = _breakdown_table(sheet, row, table.title, table.label, table.cells, head, words,
                               chart=table.dimension == "area", label_of=label_of)  # fmt: skip
    row = _coverage_table(sheet, row, result.coverage, words)
    flag_legend(sheet, row + 1, [*result.flags, *(f for c in result.cells for f in c.flags)],
                words)  # fmt: skip
    fit_columns(sheet)
    sheet.freeze_panes = "A2"
    print_setup(sheet, title_rows="1:1")


def _breakdown_table(
    sheet: Worksheet, row: int, title: str, label: str | None, cells: Sequence[Cell], head: Cell,
    words: Words, chart: bool = False, label_of: Callable[[str, str], str] | None = None,
) -> int:  # fmt: skip
    """A titled table of cells (category/part, area, numerator, ..., note); returns the next row.
    Without a `label`, the first column is the cells' parts. Its notes are said once, under it
    (`footnotes`); a chart of the areas comes under them."""
    put(sheet.cell(row, 1), title)
    sheet.cell(row, 1).font = BOLD
    first_column = label if label is not None else words("col_part")
    table_header(sheet, row + 1, (first_column, words("col_area"),
                                  *_columns(words, BREAKDOWN_HEADER)))  # fmt: skip
    first = row + 2
    marks, notes = footnotes([_note(cell, words) for cell in cells])
    for r, cell, mark in zip(range(first, first + len(cells)), cells, marks, strict=True):
        value, number_format = people_value(cell.value, cell.unit, cell.multiplier)
        category = (part_name(cell.part, words) if label is None
                    else words.category(cell.category, cell.dimension))  # fmt: skip
        if label_of is not None:
            category = label_of(cell.dimension, category)
        if value is None and cell.suppressed:
            value = words("suppressed")
        values = (category, cell.area, _count(cell, cell.numerator, words),
                  _count(cell, cell.denominator, words), _answer(value, words), *_interval(cell),
                  words.unit(cell.unit), words.flags(cell.flags), mark)  # fmt: skip
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 3).number_format = sheet.cell(r, 4).number_format = COUNT
        sheet.cell(r, 5).number_format = marked_format(number_format, cell)
        sheet.cell(r, 6).number_format = sheet.cell(r, 7).number_format = number_format or "General"
        if cell.dimension == "area":
            sheet.cell(r, 2).alignment = Alignment(indent=max(cell.area_level - 1, 0))
        if cell is head:
            for c in range(1, len(values) + 1):
                sheet.cell(r, c).font = BOLD
    last = first + len(cells) - 1
    align_table(sheet, row + 1, last)
    after = write_lines(sheet, last + 1, notes)
    numeric = [c for c in cells if isinstance(c.value, int | float)]
    if chart and numeric and cells[0].multiplier is not None:
        part = "" if cells[0].part == HEADLINE else f"{part_name(cells[0].part, words)}: "
        unit = words.unit(cells[0].unit)
        bars = _bar_chart(part + words("chart_by_area", unit=unit), unit)
        bars.add_data(Reference(sheet, min_col=5, min_row=row + 1, max_row=last),
                      titles_from_data=True)  # fmt: skip
        bars.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        sheet.add_chart(bars, f"A{after + 1}")
        return after + CHART_ROWS + 2
    return after + 1


def _note(cell: Cell, words: Words) -> str:
    """A cell's note in words; none for a checklist item, whose question is its label."""
    if cell.dimension == "checklist" and cell.note is not None and (
            cell.note.code == "checklist_item"):  # fmt: skip
        return ""
    return words.note(cell.note)


def _duration_tables(
    sheet: Worksheet, row: int, cells: Sequence[Cell], head: Cell, words: Words,
    label_of: Callable[[str, str], str],
) -> int:  # fmt: skip
    """Wide tables of a duration indicator: per family and dimension, one row per category with
    the number of episodes, median, mean, quartiles, maximum and the band counts."""
    Column = str | tuple[int, int | None]  # a statistic or a band
    tables: dict[tuple[Part, str], dict[tuple[str, str], dict[Column, Cell]]] = {}
    for cell in cells:
        column: Column = cell.part.band if cell.part.band is not None else cell.part.statistic or ""
        rows = tables.setdefault((cell.part.family, cell.dimension), {})
        rows.setdefault((cell.category, cell.area), {})[column] = cell
    for (family, dimension), rows in tables.items():
        prefix = words.family(family)
        seen = list(dict.fromkeys(k for found in rows.values() for k in found))
        bands = [k for k in seen if isinstance(k, tuple)]
        # the statistics in one order, whichever is the headline (bold, `duration_headline`)
        columns: list[Column] = [*(k for k in DURATION_STATS if k in seen), *bands]
        if "median" in columns:  # its 95 % interval beside it
            at = columns.index("median") + 1
            columns[at:at] = [_MEDIAN_LOW, _MEDIAN_HIGH]
        by = (
            words("total")
            if dimension == "total"
            else words("by", dimension=words.dimension(dimension)).lower()
        )
        title = (words("durations_of", part=prefix, by=by) if prefix
                 else words("durations", by=by))  # fmt: skip
        put(sheet.cell(row, 1), upper_first(title))
        sheet.cell(row, 1).font = BOLD
        names = [words("in_episodes", band=words.band(k)) if isinstance(k, tuple)
                 else words(_CI_COLUMNS[k]) if k in _CI_COLUMNS
                 else words("in_days", stat=words.stat(k)) for k in columns]  # fmt: skip
        label = (words("col_category") if dimension == "total"
                 else upper_first(words.dimension(dimension)))  # fmt: skip
        table_header(sheet, row + 1, (label, words("col_area"), words("col_episodes"), *names,
                                      words("col_flags"), words("col_note")))  # fmt: skip
        r = row + 1
        marks, notes = footnotes([
            words.note(next((c.note for c in found.values() if c.note), None))
            for found in rows.values()])  # fmt: skip
        for r, ((category, area), found) in enumerate(rows.items(), start=row + 2):
            some = next(iter(found.values()))
            put(sheet.cell(r, 1), label_of(dimension, words.category(category, dimension)))
            put(sheet.cell(r, 2), area)
            put(sheet.cell(r, 3), _count(some, some.denominator, words))
            sheet.cell(r, 3).number_format = COUNT
            for c, key in enumerate(columns, start=4):
                item = found.get("median" if key in _CI_COLUMNS else key)
                if item is not None:
                    value, number_format = people_value(item.value, item.unit, item.multiplier)
                    hidden = value is None and item.suppressed
                    shown = words("suppressed") if hidden else value
                    if key in _CI_COLUMNS:
                        shown = _interval(item)[key == _MEDIAN_HIGH]
                    put(sheet.cell(r, c), shown)
                    sheet.cell(r, c).number_format = (number_format or "General") if (
                        key in _CI_COLUMNS) else marked_format(number_format, item)  # fmt: skip
                    if item is head:
                        sheet.cell(r, c).font = BOLD
            put(sheet.cell(r, len(columns) + 4), words.flags(some.flags))
            put(sheet.cell(r, len(columns) + 5), marks[r - row - 2])
        align_table(sheet, row + 1, r)
        r = write_lines(sheet, r + 1, notes) - 1
        if dimension == "total" and bands:
            first = 4 + columns.index(bands[0])
            chart_title = (words("episodes_by_duration_of", part=prefix) if prefix
                           else words("episodes_by_duration"))  # fmt: skip
            bars = _bar_chart(upper_first(chart_title), words.unit(Unit.EPISODES))
            bars.add_data(Reference(sheet, min_col=first, max_col=first + len(bands) - 1,
                                    min_row=row + 2, max_row=row + 2), from_rows=True)  # fmt: skip
            bars.set_categories(Reference(sheet, min_col=first, max_col=first + len(bands) - 1,
                                          min_row=row + 1, max_row=row + 1))  # fmt: skip
            sheet.add_chart(bars, f"A{r + 2}")
            r += CHART_ROWS + 1
        row = r + 2
    return row


# The two columns of a median's 95 % interval in a duration table, and their headers.
_MEDIAN_LOW, _MEDIAN_HIGH = "median_ci_low", "median_ci_high"
_CI_COLUMNS = {_MEDIAN_LOW: "col_ci_low", _MEDIAN_HIGH: "col_ci_high"}


def _bar_chart(title: str, axis: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = axis
    chart.legend = None
    chart.height, chart.width = 7.5, 16
    chart.x_axis.delete = chart.y_axis.delete = False  # else recent Excel hides the axes
    chart.y_axis.scaling.min = 0  # counts and rates: bars from 0, their lengths comparable
    # the axis's own format: the cells' would repeat the mark of an unreliable figure (`†`)
    chart.y_axis.numFmt = NumFmt(formatCode="General", sourceLinked=False)
    return chart


def _coverage_table(sheet: Worksheet, row: int, coverage: Iterable[Coverage], words: Words) -> int:
    """The coverage of the indicator's sources by area; returns the row after it."""
    put(sheet.cell(row, 1), words("coverage_title"))
    sheet.cell(row, 1).font = BOLD
    table_header(sheet, row + 1, _columns(words, ("area", "expected", "reported", "coverage",
                                                  "missing")))  # fmt: skip
    r = row + 1
    for r, cov in enumerate(coverage, start=row + 2):
        found = cov.to_dict()
        values = (cov.area, found["expected"], found["reported"], found["coverage"],
                  found["missing"])  # fmt: skip
        for c, v in enumerate(values, start=1):
            put(sheet.cell(r, c), v)
        sheet.cell(r, 4).number_format = ONE_DECIMAL
    align_table(sheet, row + 1, r)
    return r + 2


def _interval(cell: Cell) -> tuple[Any, Any]:
    """A cell's 95 % interval as the report shows it, rounded as its value."""
    low, high, _ = interval_values(cell)
    return low, high


def _answer(value: Any, words: Words) -> Any:
    """A policy answer (text) as its label in the language; a number as it is."""
    return words.answer(value) if isinstance(value, str) else value


def _count(cell: Cell, value: Any, words: Words) -> Any:
    """A count of the cell, or `suppressed` where small-cell suppression blanked it."""
    if value is None and cell.suppressed:
        return words("suppressed")
    return _whole(value)


def _whole(value: Any) -> Any:
    """Counts as whole numbers where they are (5.0 → 5); missing stays None."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value
