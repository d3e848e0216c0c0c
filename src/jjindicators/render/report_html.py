"""The HTML report: one self-contained page to read, share and print (issue #20).

A summary of the fifteen indicators, a section per indicator (definition, headline with its
numbers, breakdown tables, charts, coverage) and what the report rests on. It is made from the
published result, as the Excel report is (`pipeline.compute_and_write`: suppression and rounding
already applied), and it has no trace and no list of issues, so no child_ref ever appears in it:
the trace is in the Excel and CSV reports (`docs/rules.md`, "Reports (issue #20)"). Values are
rounded for reading as in the Excel report (`figures.people_value`); every text goes through
Jinja2's autoescaping (`render/html.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.indicators.base import DURATION_STATS, Cell, Coverage, IndicatorResult
from jjindicators.indicators.codes import DURATIONS, HEADLINE, UNRELIABLE, Part, Unit
from jjindicators.render.figures import (
    MARK,
    headline_text,
    interval_text,
    people_value,
    value_text,
)
from jjindicators.render.html import bar_chart, write_page
from jjindicators.render.report_sheets import about_sections, figure_notes, protection_lines
from jjindicators.render.tables import part_name, plan, upper_first
from jjindicators.render.words import ENGLISH, Words, localise_result


@dataclass(frozen=True)
class Row:
    """A table row as text; `strong` for a headline, `level` an area's depth, `link` the anchor
    its second cell points to, `key` what tests and readers find it by (`data-key`)."""

    cells: tuple[str, ...]
    strong: bool = False
    level: int = 0
    link: str = ""
    key: str = ""
    badge: str = ""


@dataclass(frozen=True)
class Table:
    """A titled table; `numeric` the columns aligned right, `note` a note true of every row (said
    once under the table), `chart` an SVG chart shown after it."""

    title: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: frozenset[int] = frozenset()
    note: str = ""
    chart: Markup | None = None


@dataclass(frozen=True)
class Section:
    """An indicator's section: its anchor, title, lines (label, text) and tables."""

    anchor: str
    title: str
    core: bool
    headline: str
    lines: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...] = field(default_factory=tuple)


def write_report_html(result: ComputeResult, path: Path, lang: str = ENGLISH) -> Path:
    """Write the HTML report to `path` (`.html`), atomically; returns the path. `lang` is the
    language of its words and indicator texts (`render/words.py`).

    >>> write_report_html(compute(["data.xlsx"]), Path("report.html"))  # doctest: +SKIP
    PosixPath('report.html')
    """
    path = Path(path)
    if path.suffix.lower() not in HTML_SUFFIXES:
        raise UsageError(f"The HTML report must end in .html, not {path.name!r}.")
    words = Words(lang)
    result = localise_result(result, lang)
    start, end = result.period
    summary, unreliable = _summary(result, words)
    page = {
        "title": words("title", country=result.country),
        "subtitle": (
            words("title_period", period=words("span", start=start, end=end)),
            words("title_census", date=result.census_date),
        ),
        "summary": summary,
        "reading": _reading(result, unreliable, words),
        "sections": [_section(r, result.label, words) for r in result.results],
        "about": _about(result, words),
        "made_by": words("html_made_by", version=result.version),
    }
    return write_page("report.html.j2", path, lang, page=page, w=words)


HTML_SUFFIXES = (".html", ".htm")


def _summary(result: ComputeResult, words: Words) -> tuple[Table, bool]:
    """The summary table, and whether a figure in it is unreliable (then its footnote shows)."""
    names = ("indicator", "name", "value", "ci", "unit", "numerator", "denominator",
             "reference", "coverage", "flags")  # fmt: skip
    rows, unreliable = [], False
    for (indicator, cell), row in zip(result.summary_cells(), result.summary(), strict=True):
        unreliable |= UNRELIABLE in cell.flags
        name = row["name"]
        coverage = "" if row["coverage"] is None else words.number(row["coverage"], 1)
        cells = (row["indicator"], name, _value(cell, words), interval_text(cell, words),
                 words.unit(row["unit"]), _count(cell, cell.numerator, words),
                 _count(cell, cell.denominator, words), words.reference(indicator.reference),
                 coverage, words.flags(result.summary_flags(indicator, cell)))  # fmt: skip
        badge = words("core") if row["core"] else ""
        rows.append(Row(cells, strong=bool(row["core"]), link=_anchor(indicator),
                        key=str(row["indicator"]), badge=badge))  # fmt: skip
    header = tuple(words("html_col_ci") if n == "ci" else words(f"col_{n}") for n in names)
    table = Table(words("sheet_summary"), header, tuple(rows), frozenset({2, 3, 5, 6, 8}))
    return table, unreliable


def _reading(result: ComputeResult, unreliable: bool, words: Words) -> list[str]:
    """How to read the report: the Excel summary's notes, as a web page says them."""
    lines = [words("read_values"), words("read_rounding"), words("html_read_coverage"),
             words("html_read_trace")]  # fmt: skip
    return lines + figure_notes(result, unreliable, words, rounded="html_read_rounded")


def _anchor(result: IndicatorResult) -> str:
    return f"indicator-{result.meta.number}"


def _section(result: IndicatorResult, label_of: Callable[[str, str], str], words: Words) -> Section:
    meta, head = result.meta, result.headline
    lines = (
        (words("html_definition"), meta.definition),
        (words("col_reference"), words.reference(result.reference)),
        (words("col_flags"), words.flags(result.flags) or words("none")),
        (words("html_forms"), ", ".join(words.form(f) for f in meta.forms)),
    )
    shown = plan(result, words)
    tables = (
        _duration_tables(list(shown.durations), head, label_of, words) if shown.durations else []
    )
    if shown.totals:
        tables.append(_breakdown(words("totals"), None, shown.totals, head, words, label_of))
    for table in shown.breakdowns:
        part = table.part
        chart = table.dimension == "area" and (part == HEADLINE or part.code in meta.summary_parts)
        tables.append(_breakdown(table.title, table.label, table.cells, head, words, label_of,
                                 chart))  # fmt: skip
    tables.append(_coverage(result.coverage, words))
    title = words("indicator_title", number=meta.number, name=meta.name)
    return Section(_anchor(result), title, meta.core, headline_text(head, words), lines,
                   tuple(tables))  # fmt: skip


def _breakdown(
    title: str, label: str | None, cells: Sequence[Cell], head: Cell, words: Words,
    label_of: Callable[[str, str], str], chart: bool = False,
) -> Table:  # fmt: skip
    """A breakdown table: category (or part), numerator, denominator, value, interval, unit,
    flags, note; columns empty throughout left out, a unit or note shared by all said once."""
    header = [label or words("col_part"), words("col_numerator"), words("col_denominator"),
              words("col_value"), words("html_col_ci"), words("col_unit"), words("col_flags"),
              words("col_note")]  # fmt: skip
    rows = []
    for cell in cells:
        category = (
            part_name(cell.part, words)
            if label is None
            else words.category(cell.category, cell.dimension)
        )
        category = label_of(cell.dimension, category)
        cells_text = (category, _count(cell, cell.numerator, words),
                      _count(cell, cell.denominator, words), _value(cell, words),
                      interval_text(cell, words), words.unit(cell.unit), words.flags(cell.flags),
                      words.note(cell.note))  # fmt: skip
        level = max(cell.area_level - 1, 0) if cell.dimension == "area" else 0
        rows.append(Row(cells_text, strong=cell is head, level=level))
    svg = _area_chart(title, cells, rows, words) if chart else None
    return _tidy(Table(title, tuple(header), tuple(rows), frozenset({1, 2, 3, 4}), chart=svg),
                 value=3, unit=5, note=7)  # fmt: skip


def _area_chart(
    title: str, cells: Sequence[Cell], rows: Sequence[Row], words: Words
) -> Markup | None:
    """The bar chart of a rate or percentage by area; None when it has no number to show."""
    values = [people_value(c.value, c.unit, c.multiplier)[0] for c in cells]
    if cells[0].multiplier is None or not any(isinstance(v, int | float) for v in values):
        return None
    numbers = [float(v) if isinstance(v, int | float) else None for v in values]
    unit = words.unit(cells[0].unit)
    return bar_chart([r.cells[0] for r in rows], numbers, [r.cells[3] for r in rows],
                     words("chart_by_area", unit=unit), unit)  # fmt: skip


def _tidy(
    table: Table, value: int | None = None, unit: int | None = None, note: int | None = None
) -> Table:
    """Leave out the columns empty in every row; a `unit` column shared by every row goes into
    the `value` column's header, a `note` shared by every row (of two or more) under the table:
    said once, not on each row (issue #20)."""
    rows = [list(r.cells) for r in table.rows]
    header = list(table.header)
    said = table.note
    if unit is not None and value is not None and len({r[unit] for r in rows}) == 1:
        if rows[0][unit]:
            header[value] = f"{header[value]} ({rows[0][unit]})"
        for r in rows:
            r[unit] = ""
    if note is not None and len(rows) > 1 and len({r[note] for r in rows}) == 1:
        said = rows[0][note]
        for r in rows:
            r[note] = ""
    keep = [c for c in range(len(header)) if c == 0 or any(r[c] for r in rows)]
    numeric = frozenset(n for n, c in enumerate(keep) if c in table.numeric)
    kept = tuple(
        Row(tuple(cells[c] for c in keep), row.strong, row.level, row.link, row.key, row.badge)
        for cells, row in zip(rows, table.rows, strict=True)
    )
    return Table(table.title, tuple(header[c] for c in keep), kept, numeric, said, table.chart)


def _duration_tables(
    cells: Sequence[Cell], head: Cell, label_of: Callable[[str, str], str], words: Words
) -> list[Table]:
    """A duration indicator's wide tables, as the Excel report has them: per family and
    dimension, a row per category with the episodes, the statistics in days (the median's
    interval beside it) and the band counts; a chart of the episodes by band for the
    indicator's own durations."""
    Column = str | tuple[int, int | None]  # a statistic or a band
    found: dict[tuple[Part, str], dict[str, dict[Column, Cell]]] = {}
    for cell in cells:
        column: Column = cell.part.band if cell.part.band is not None else cell.part.statistic or ""
        rows = found.setdefault((cell.part.family, cell.dimension), {})
        rows.setdefault(cell.category, {})[column] = cell
    tables = []
    for (family, dimension), rows in found.items():
        prefix = words.family(family)
        seen = list(dict.fromkeys(k for cells_of in rows.values() for k in cells_of))
        stats = [k for k in DURATION_STATS if k in seen]
        bands = [k for k in seen if isinstance(k, tuple)]
        by = (words("total") if dimension == "total"
              else words("by", dimension=words.dimension(dimension)).lower())  # fmt: skip
        title = upper_first(words("durations_of", part=prefix, by=by) if prefix
                             else words("durations", by=by))  # fmt: skip
        label = (words("col_category") if dimension == "total"
                 else upper_first(words.dimension(dimension)))  # fmt: skip
        header = [label, words("col_episodes")]
        for k in stats:
            header.append(words("in_days", stat=words.stat(k)))
            if k == "median":
                header.append(words("html_col_ci"))
        header += [words("in_episodes", band=words.band(k)) for k in bands]
        header += [words("col_flags"), words("col_note")]
        table_rows = []
        for category, cells_of in rows.items():
            some = next(iter(cells_of.values()))
            texts = [label_of(dimension, words.category(category, dimension)),
                     _count(some, some.denominator, words)]  # fmt: skip
            for k in stats:
                item = cells_of.get(k)
                texts.append("" if item is None else _value(item, words))
                if k == "median":
                    texts.append("" if item is None else interval_text(item, words))
            for band in bands:
                item = cells_of.get(band)
                texts.append("" if item is None else _value(item, words))
            note = next((c.note for c in cells_of.values() if c.note), None)
            texts += [words.flags(some.flags), words.note(note)]
            strong = any(c is head for c in cells_of.values())
            table_rows.append(Row(tuple(texts), strong=strong))
        chart = None
        if dimension == "total" and bands and family.code == DURATIONS:
            total = next(iter(rows.values()))
            chart = _band_chart(prefix, bands, total, words)
        numeric = frozenset(range(1, len(header) - 2))
        table = Table(title, tuple(header), tuple(table_rows), numeric, chart=chart)
        tables.append(_tidy(table, note=len(header) - 1))
    return tables


def _band_chart(
    prefix: str, bands: Sequence[tuple[int, int | None]], total: dict[Any, Cell], words: Words
) -> Markup | None:
    """The bar chart of the episodes by duration band (the whole cohort)."""
    cells = [total.get(band) for band in bands]
    values = [people_value(c.value, c.unit, c.multiplier)[0] if c else None for c in cells]
    numbers = [float(v) if isinstance(v, int | float) else None for v in values]
    if not any(n is not None for n in numbers):
        return None
    shown = [_value(c, words) if c else "" for c in cells]
    title = (words("episodes_by_duration_of", part=prefix) if prefix
             else words("episodes_by_duration"))  # fmt: skip
    return bar_chart([words.band(b) for b in bands], numbers, shown, upper_first(title),
                     words.unit(Unit.EPISODES))  # fmt: skip


def _coverage(coverage: Sequence[Coverage], words: Words) -> Table:
    header = tuple(words(f"col_{c}") for c in ("area", "expected", "reported", "coverage",
                                               "missing"))  # fmt: skip
    rows = []
    for cov in coverage:
        found = cov.to_dict()
        ratio = found["coverage"]
        rows.append(
            Row(
                (
                    cov.area,
                    words.number(found["expected"]),
                    words.number(found["reported"]),
                    "" if ratio is None else words.number(ratio, 1),
                    found["missing"],
                )
            )
        )
    return _tidy(Table(words("coverage_title"), header, tuple(rows), frozenset({1, 2, 3})))


def _about(result: ComputeResult, words: Words) -> list[Table]:
    """What the report rests on, as the Excel report's About sheet says it (its own helpers):
    the submission, inputs (SHA-256), options, publication options, validation, rules in force
    with their source, data protection."""
    sections = [
        *about_sections(result, words),
        ((words("about_protection"),), [(text,) for text in _protection(result, words)]),
    ]
    shown = [(header, [tuple(_about_text(v, words) for v in row) for row in rows])
             for header, rows in sections]  # fmt: skip
    return [Table(header[0], header if len(header) > 1 else (),
                  tuple(Row(tuple(str(v) for v in r)) for r in rows))
            for header, rows in shown]  # fmt: skip


def _about_text(value: Any, words: Words) -> str:
    """A value of the about tables as text: a count in the reader's number format."""
    number = isinstance(value, int) and not isinstance(value, bool)
    return words.number(value) if number else str(value)


def _protection(result: ComputeResult, words: Words) -> tuple[str, ...]:
    """The About sheet's data protection lines as this page has them: no trace, no issues, so
    no child_ref whatever the trace option; a closing line that names no sheets."""
    return protection_lines(result.publication, words, child_ref="html_child_ref",
                            closing="read_rounding")  # fmt: skip


def _value(cell: Cell, words: Words) -> str:
    """A cell's value as people read it (`figures.value_text`), `†` when unreliable."""
    shown = value_text(cell, with_unit=False, words=words)
    return f"{shown} {MARK}" if UNRELIABLE in cell.flags else shown


def _count(cell: Cell, value: Any, words: Words) -> str:
    """A count of the cell (whole where it is), `suppressed` where suppression blanked it."""
    if value is None or value != value:
        return words("suppressed") if cell.suppressed and value is None else ""
    return words.number(float(value))
