"""Sheet helpers of the Excel report: safe cells, headers, widths, flat tables, the About sheet."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.render.words import Words
from jjindicators.xlsx.sheet_xml import ILLEGAL, FlatRows, flat_rows

if TYPE_CHECKING:
    from jjindicators.compute import ComputeResult

EXCEL_ROWS = 1_048_576  # rows a sheet holds, its header included
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ENGLISH = Words()


def publication_text(publication: Mapping[str, Any], words: Words = _ENGLISH) -> dict[str, str]:
    """The publication options of a report in words (never the salt, never the seed): trace,
    suppression and rounding.

    >>> publication_text({"trace": "none", "suppress_below": 5})["suppression"]
    'counts from 1 to 4 suppressed, with complementary suppression'
    >>> publication_text({"trace": "none", "random_round": 3})["rounding"][:30]
    'random rounding to base 3 (RR3'
    """
    trace = words(f"trace_{publication.get('trace') or 'full'}")
    below = publication.get("suppress_below")
    suppression = words("suppression", last=below - 1) if below else words("none")
    method, base = rounding_method(publication)
    rounding = words(f"rounding_{method}", base=base) if method else words("none")
    return {"trace": trace, "suppression": suppression, "rounding": rounding}


def rounding_method(publication: Mapping[str, Any]) -> tuple[str | None, int | None]:
    """`fixed` or `random` and the base of the rounding a report was published with; (None,
    None) without (`PublicationOptions.describe`)."""
    if publication.get("round_to"):
        return "fixed", publication["round_to"]
    if publication.get("random_round"):
        return "random", publication["random_round"]
    return None, None


def protection_lines(
    publication: Mapping[str, Any], words: Words = _ENGLISH, child_ref: str | None = None,
    closing: str = "rounding",
) -> tuple[str, ...]:  # fmt: skip
    """What the About sheet says about names, child_ref, suppression and rounding
    (`collation.md`, "Data protection"). A report that never shows child_ref says so with its
    own text `child_ref`, one that names no sheets closes with its own `closing` text."""
    trace = f"child_ref_{publication.get('trace') or 'full'}"
    lines = [words("no_names"), words(child_ref or trace)]
    below = publication.get("suppress_below")
    if below:
        lines.append(words("suppression_applied", last=below - 1))
    method, base = rounding_method(publication)
    if method:
        lines.append(words(f"rounding_applied_{method}", base=base))
    return (*lines, words(closing))


def plain(value: Any) -> Any:
    """A value openpyxl can store: numpy scalars as Python, NaN as empty, no characters XML
    forbids (controls, U+FFFE...)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return ILLEGAL.sub("", value)
    return value


def put(cell: Any, value: Any) -> None:
    """Store a value; text is stored as text, so a leading `=` is never a formula."""
    value = plain(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def header(sheet: Worksheet, row: int, names: Sequence[str]) -> None:
    """A bold header row."""
    for c, name in enumerate(names, start=1):
        put(sheet.cell(row, c), name)
        sheet.cell(row, c).font = BOLD


def widths(sheet: Worksheet, sizes: Sequence[float]) -> None:
    """Column widths, from column A on."""
    for c, size in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = size


def fit_rows(sheet: Worksheet, sizes: Sequence[float], line_height: float = 15) -> None:
    """Give rows with wrapped text the height of their longest cell's lines: spreadsheets do not
    grow rows for wrapped text when they open a file, so long texts would be cut or overlap."""
    for number, row in enumerate(sheet.iter_rows(), start=1):
        lines = max(
            (-(-len(str(c.value)) // max(int(sizes[c.column - 1]) - 4, 1))
             for c in row if c.value is not None and c.column <= len(sizes)
             and c.alignment is not None and c.alignment.wrap_text),
            default=1,
        )  # fmt: skip
        if lines > 1:
            sheet.row_dimensions[number].height = line_height * lines


def frame_sheets(
    book: Workbook,
    title: str,
    frame: pd.DataFrame,
    columns: Sequence[str],
    formats: Mapping[str, str] | None = None,
) -> list[FlatRows]:
    """`frame_sheet` on new sheets `title`, `title (2)`, `title (3)`...: as many as the table
    needs, a sheet holding at most `EXCEL_ROWS` rows, its header included (`docs/rules.md`,
    "Output"). Returns the rows to write when the book is saved."""
    per_sheet = EXCEL_ROWS - 1
    found = []
    for n, start in enumerate(range(0, max(len(frame), 1), per_sheet), start=1):
        sheet = book.create_sheet(title if n == 1 else f"{title} ({n})")
        rows = frame_sheet(sheet, frame.iloc[start : start + per_sheet], columns, formats)
        found += [rows] if rows is not None else []
    return found


def frame_sheet(
    sheet: Worksheet,
    frame: pd.DataFrame,
    columns: Sequence[str],
    formats: Mapping[str, str] | None = None,
) -> FlatRows | None:
    """A flat table (trace, coverage, issues...) under a frozen bold header, with a filter.

    The sheet gets its header, widths and filter now; its rows are returned, to be written when
    the book is saved (`save_workbook(book, path, rows)`), column by column (`sheet_xml`). A
    table holding a value of a rarer type (a date...) is written cell by cell instead (None).
    """
    formats = formats or {}
    header(sheet, 1, columns)
    table = frame.reindex(columns=list(columns))
    sizes = [len(c) + 2 for c in columns]
    for values in table.head(500).astype(object).itertuples(index=False, name=None):
        for c, value in enumerate(plain(v) for v in values):
            if isinstance(value, str):
                sizes[c] = max(sizes[c], min(len(value) + 2, 60))
    widths(sheet, sizes)
    sheet.freeze_panes = "A2"
    if not len(table):
        return None
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    rows = flat_rows(sheet, table, columns, formats)
    if rows is None:
        _cell_rows(sheet, table, columns, formats)
    return rows


def _cell_rows(
    sheet: Worksheet, table: pd.DataFrame, columns: Sequence[str], formats: Mapping[str, str]
) -> None:
    """The rows written by openpyxl cell by cell: slow, for tables with dates or rarer types."""
    for values in table.astype(object).itertuples(index=False, name=None):
        sheet.append([plain(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(columns, row, strict=False):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula (nor an error: `#N/A`)
            if column in formats:
                cell.number_format = formats[column]


def _option_text(value: Any, words: Words) -> str:
    if value is None:
        return words("option_not_set")
    if isinstance(value, bool):
        return words("yes" if value else "no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def rule_rows(result: ComputeResult, words: Words = _ENGLISH) -> list[tuple[str, str, str]]:
    """The About sheet's rules: for each indicator, its definition and what else the Manual says
    of it, then its own rules, each with its source, the Manual or jjind (`IndicatorMeta`); first
    the rules of every indicator, its intervals and when a figure is unreliable
    (`indicators/reliability.py`)."""
    every, jjind = words("rule_all"), words("origin_jjind")
    below = result.options.unreliable_below
    rows = [(every, words("rule_intervals"), jjind),
            (every, words("rule_unreliable", below=below), jjind)]  # fmt: skip
    for r in result.results:
        name = f"{r.meta.number} · {r.meta.name}"
        manual = words("origin_manual")
        rows.append((name, words("definition", text=r.meta.definition), manual))
        rows += [
            (name, rule.text, words(f"origin_{rule.origin}"))
            for rule in r.meta.rules_in_force(words("rule_core"), words("rule_period"))
        ]
    return rows


def figure_notes(
    result: ComputeResult, unreliable: bool, words: Words = _ENGLISH, rounded: str = "read_rounded"
) -> list[str]:  # fmt: skip
    """The summary's notes on its figures, after how to read it: the intervals, the mark of an
    unreliable figure (when one is shown), suppression and rounding (`rounded`: the text that
    says which, the Excel report's or the HTML report's)."""
    lines = [words("read_intervals")]
    if unreliable:
        lines.append(words("read_unreliable", below=result.options.unreliable_below))
    if result.publication.get("suppress_below"):
        lines.append(words("read_suppressed", below=result.publication["suppress_below"]))
    _, base = rounding_method(result.publication)
    if base:
        lines.append(words(rounded, base=base))
    return lines


# A section of the About sheet (and the HTML report's about): its heading cells, then its rows.
AboutSection = tuple[tuple[str, ...], list[tuple[Any, ...]]]


def about_sections(result: ComputeResult, words: Words = _ENGLISH) -> list[AboutSection]:
    """What a report rests on, section by section, as the About sheet and the HTML report show
    it: the submission, inputs (SHA-256), options, publication options, validation counts,
    rules (each with its source: the Manual or jjind); the data protection lines are each
    report's own (`protection_lines`)."""
    about = result.about()
    counts = result.validation.counts
    value = words("about_value")
    return [
        ((words("about_rests_on"), ""), [
            (words("about_country"), about["country"]),
            (words("about_period"), words("span", start=about["period_start"],
                                          end=about["period_end"])),
            (words("about_census"), about["census_date"]),
            (words("about_scope"), about["child_ref_scope"]),
            (words("about_version"), about["jjind_version"]),
        ]),
        ((words("about_input"), "SHA-256"), [
            *((i["file"], i["sha256"] or words("about_not_read")) for i in about["inputs"]),
            *([(words("about_mapping", file=about["mapping"]["file"]),
                about["mapping"]["sha256"])] if about["mapping"] else []),
        ]),
        ((words("about_option"), value),
         [(k, _option_text(v, words)) for k, v in about["options"].items()]),
        ((words("about_publication"), value),
         [(words(f"publication_{k}"), v)
          for k, v in publication_text(about["publication"], words).items()]),
        ((words("about_validation"), words("about_count")), [
            *((words(f"severity_{severity}"), n) for severity, n in counts.items()),
            (words("about_excluded"), len(result.excluded)),
        ]),
        ((words("col_indicator"), words("about_rule"), words("about_origin")),
         list(rule_rows(result, words))),
    ]  # fmt: skip


def about_sheet(sheet: Worksheet, result: ComputeResult, words: Words = _ENGLISH) -> None:
    """What the report rests on (`about_sections`), then its data protection."""
    protection = [("", text) for text in protection_lines(result.publication, words)]
    sections = [*about_sections(result, words), ((words("about_protection"), ""), protection)]
    row = 1
    for title, rows in sections:
        header(sheet, row, title)
        for r, cells in enumerate(rows, start=row + 1):
            for c, cell_value in enumerate(cells, start=1):
                put(sheet.cell(r, c), cell_value)
                sheet.cell(r, c).alignment = _WRAP
        row += len(rows) + 2
    sheet.cell(1, 1).font = TITLE
    widths(sheet, (44, 100, 14))
    fit_rows(sheet, (44, 100, 14))
