"""The Excel report as a reader sees it (issue #20), read back from the written workbook: widths,
alignment, labels, notes and flags' legend, axes from 0, print set-up; and printed to PDF by
LibreOffice where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES_DIR, TODAY
from jjindicators.compute import ComputeResult, compute
from jjindicators.i18n import catalogue
from jjindicators.render.report_layout import HEADING_WIDTH, WIDEST, footnotes, shown_length
from jjindicators.render.report_xlsx import N_EPISODES, write_report_xlsx
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

EXAMPLE = EXAMPLES_DIR / "exampleland-2025.xlsx"
MAX_PAGES = 60  # the example prints as 39 pages (542 before issue #20)


@pytest.fixture(scope="module")
def result() -> ComputeResult:
    return compute([EXAMPLE], validate_options=ValidateOptions(today=TODAY))


@pytest.fixture(scope="module")
def report(result: ComputeResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report_xlsx(result, tmp_path_factory.mktemp("layout") / "report.xlsx")


@pytest.fixture(scope="module")
def book(report: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(report)


def indicator(book: openpyxl.Workbook, number: str):
    return book[next(n for n in book.sheetnames if n.startswith(f"I{number} "))]


def heading_rows(sheet, first: str) -> list[int]:
    """The rows of the tables' headings whose second column is `first` ("Area")."""
    return [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == first]


def table(sheet, head: int) -> list[tuple]:
    """The rows of the table under the heading row `head`, up to a row without an area."""
    rows = []
    for r in range(head + 1, sheet.max_row + 1):
        if sheet.cell(r, 2).value is None:
            break
        rows.append(tuple(sheet.cell(r, c) for c in range(1, sheet.max_column + 1)))
    return rows


def width(sheet, column: int) -> float:
    return sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width


@pytest.mark.parametrize("number", ["4", "5", "12"])
def test_headings_sit_over_their_numbers_in_columns_that_fit(book, number):
    sheet = indicator(book, number)
    heads = heading_rows(sheet, "Area")
    assert heads
    for head in heads:
        rows = table(sheet, head)
        for c in range(1, sheet.max_column + 1):
            title = sheet.cell(head, c)
            if title.value is None:
                continue
            cells = [row[c - 1] for row in rows]
            numeric = any(isinstance(x.value, int | float) for x in cells)
            # a heading is aligned like its numbers, and wraps rather than run into the next
            assert title.alignment.wrap_text, (number, title.value)
            assert title.alignment.horizontal == ("right" if numeric else "left"), title.value
            for x in cells:
                if isinstance(x.value, int | float):
                    assert x.alignment.horizontal in (None, "general", "right")
            # every value fits its column; the heading's longest word too
            shown = max((shown_length(x.value, x.number_format) for x in cells), default=0)
            longest = max(len(w) for w in str(title.value).split())
            assert width(sheet, c) >= min(max(shown, longest) + 1, WIDEST), (title.value, c)
            assert width(sheet, c) <= WIDEST


def test_duration_bands_wrap_and_episodes_have_their_own_heading(book):
    sheet = indicator(book, "4")
    head = heading_rows(sheet, "Area")[0]
    names = [sheet.cell(head, c).value for c in range(1, sheet.max_column + 1)]
    assert names[2] == "Episodes" and "Denominator" not in names
    band = names.index("0–7 days (episodes)") + 1
    assert width(sheet, band) < len("0–7 days (episodes)")  # wraps onto two lines
    assert sheet.row_dimensions[head].height >= 30
    assert sheet.cell(head, band).alignment.wrap_text
    # the summary says what a duration's denominator is: the episodes it rests on
    summary = book["Summary"]
    row = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "4")
    assert summary.cell(row, 9).value == 454 and summary.cell(row, 9).number_format == N_EPISODES
    assert summary.cell(row, 8).value is None


def test_every_bar_chart_starts_at_zero_with_its_axes_shown(book):
    charts = [chart for sheet in book.worksheets for chart in sheet._charts]
    assert len(charts) >= 15
    for chart in charts:
        assert chart.y_axis.scaling.min == 0
        assert chart.x_axis.delete is False and chart.y_axis.delete is False
        assert "†" not in (chart.y_axis.numFmt.formatCode if chart.y_axis.numFmt else "")


def test_breakdowns_show_labels_not_codes(book, result, tmp_path):
    texts = {c.value for sheet in book.worksheets[1:16] for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)}  # fmt: skip
    assert {"adult prison", "pre-sentence", "female", "not recorded", "court"} <= texts
    assert not texts & {"adult_prison", "pre_sentence", "police_lockup", "F", "12a.law"}
    assert "Inspectors may talk to children in private" in texts  # a checklist item's question
    sources = [t for t in texts if t.endswith("(DET06)")]
    assert sources == ["Northshire Pre-trial Detention Centre (juvenile wing) (DET06)"]
    # and in another language
    french = openpyxl.load_workbook(write_report_xlsx(result, tmp_path / "fr.xlsx", "fr"))
    shown = {c.value for sheet in french.worksheets[1:16] for row in sheet.iter_rows()
             for c in row}  # fmt: skip
    assert Words("fr").category("adult_prison", "place_type") in shown
    assert "adult_prison" not in shown


def test_source_names_are_not_cut(book):
    sheet = indicator(book, "2")
    labels = [str(sheet.cell(r, 1).value) for r in range(8, sheet.max_row + 1)
              if sheet.cell(r, 2).value]  # fmt: skip
    longest = max(len(label) for label in labels if label.endswith(")"))
    assert width(sheet, 1) >= min(longest + 1, WIDEST)
    for r in range(8, sheet.max_row + 1):
        cell = sheet.cell(r, 1)
        if sheet.cell(r, 2).value and len(str(cell.value)) > width(sheet, 1):
            assert cell.alignment.wrap_text and sheet.row_dimensions[r].height >= 30


def test_a_repeated_note_is_said_once_under_its_table(book):
    sheet = indicator(book, "1")
    note = "no child population for a breakdown by source"
    column_a = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert column_a.count(f"[1] {note}") == 1
    assert not any(c.value == note for row in sheet.iter_rows() for c in row)
    head = next(r for r in heading_rows(sheet, "Area") if sheet.cell(r, 1).value == "Source")
    rows = table(sheet, head)
    assert len(rows) > 1 and {row[9].value for row in rows} == {"[1]"}
    assert sheet.cell(head + len(rows) + 1, 1).value == f"[1] {note}"
    assert footnotes(["a", "", "b", "a"]) == (["[1]", "", "[2]", "[1]"], ["[1] a", "[2] b"])


def test_every_flag_on_a_sheet_is_explained_in_its_legend(book, result):
    words = Words()
    for sheet, res in zip(book.worksheets[1:16], result.results, strict=True):
        codes = {f.code for f in res.flags} | {f.code for c in res.cells for f in c.flags}
        column_a = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
        for code in codes:
            assert words(f"flag_help_{code}") in column_a, (sheet.title, code)
        assert (words("legend_flags") in column_a) == bool(codes)
    summary = [c.value for c in book["Summary"]["A"]]
    assert words("flag_help_counting_unit") in summary
    assert words("flag_help_unreliable") in summary


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_flag_has_its_explanation(lang):
    texts = catalogue(lang)
    flags = {re.sub(r"_(one|many)$", "", k.removeprefix("report.flag_")) for k in texts
             if k.startswith("report.flag_") and not k.startswith("report.flag_help_")}  # fmt: skip
    assert "lower_bound" in flags and "excluded" in flags
    for code in flags:
        help_text = texts[f"report.flag_help_{code}"]
        assert len(help_text) > 30, code


def test_print_set_up(book, report):
    names = Words()
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth == 1, sheet.title
        assert setup.fitToHeight == (1 if sheet.title == "Summary" else 0), sheet.title
    for n in range(1, 16):
        assert book.worksheets[n].print_title_rows == "$1:$1"
    for title in ("coverage", "about"):
        assert not book[names(f"sheet_{title}")].print_area
    assert book[names("sheet_coverage")].print_title_rows == "$1:$1"
    for title in ("trace", "issues"):  # on screen, not on paper: their heading row alone
        sheet = book[names(f"sheet_{title}")]
        assert re.fullmatch(r"'?\w+'?!\$A\$1:\$[A-Z]+\$1", sheet.print_area), sheet.print_area


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_printed_by_libreoffice(report, tmp_path):
    """One run of LibreOffice converts the whole report and a copy holding only the Summary."""
    summary = openpyxl.load_workbook(report)
    for sheet in summary.worksheets[1:]:
        summary.remove(sheet)
    summary.save(tmp_path / "summary.xlsx")
    shutil.copy(report, tmp_path / "report.xlsx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "summary.xlsx"), str(tmp_path / "report.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert pages(tmp_path / "summary.pdf") == 1
    assert 16 <= pages(tmp_path / "report.pdf") < MAX_PAGES


def test_heading_width_is_a_wrapping_bound():
    assert shown_length(454, N_EPISODES) == len("n = 454")
    assert len("0–7 days (episodes)") > HEADING_WIDTH
