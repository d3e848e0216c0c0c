"""The comparison workbook, the issues workbook and the template's policy sheet as a person
reads and prints them (issue #20): read back with openpyxl, never by bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import TODAY, submission
from jjindicators.batch import run_batch
from jjindicators.issues import ISSUE_COLUMNS
from jjindicators.render.issues import CLERK_COLUMNS, write_issues
from jjindicators.render.page import text_lines
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions, check_submission

CHECKS = ValidateOptions(today=TODAY)


@pytest.fixture(scope="module")
def comparison(countries: list[Path], tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("book")
    run_batch(countries, out, None, CHECKS)
    return out / "comparison.xlsx"


def printed_landscape_one_page_wide(sheet) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_a_failed_country_has_its_column_with_its_status(comparison):
    sheet = openpyxl.load_workbook(comparison)["Comparison"]
    values = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(values) if r[0] == "Indicator")
    head, status = values[at], values[at + 1]
    assert head[4:] == ("Ruritania", "Freedonia", "Elbonia", "corrupt", "Exampleland")
    assert status[1] == "Status" and status[4:7] == ("computed",) * 3
    assert status[7].startswith("not computed: a file could not be read — see corrupt/issues.xlsx")
    assert status[8].startswith("not computed: errors in its data — see Exampleland/issues.xlsx")
    # Its cells are empty, and the notes above the table say why too.
    assert all(r[8] is None for r in values[at + 2 :]) and values[at + 2][4] is not None
    assert any(str(r[0]).startswith("Exampleland: not computed") for r in values[:at])


def test_the_comparison_introduction_fits_the_page(comparison):
    sheet = openpyxl.load_workbook(comparison)["Comparison"]
    intro = sheet["A2"]
    assert intro.alignment.wrap_text and "A2" in {str(m).split(":")[0] for m in sheet.merged_cells}
    merged = next(m for m in sheet.merged_cells if str(m).startswith("A2:"))
    span = sum(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
               for c in range(merged.min_col, merged.max_col + 1))  # fmt: skip
    assert sheet.row_dimensions[2].height >= 15 * text_lines(intro.value, span)
    printed_landscape_one_page_wide(sheet)
    head = next(r for r in sheet.iter_rows() if r[0].value == "Indicator")[0].row
    assert sheet.print_title_rows == f"${head}:${head + 1}"


def test_the_comparison_charts_start_at_zero_with_their_axes_shown(comparison):
    book = openpyxl.load_workbook(comparison)
    charts = book["Charts"]._charts
    assert charts and all(c.y_axis.scaling.min == 0 for c in charts)
    assert all(c.x_axis.delete is False and c.y_axis.delete is False for c in charts)
    printed_landscape_one_page_wide(book["Charts"])
    printed_landscape_one_page_wide(book["Details"])
    assert book["Details"].print_title_rows == "$1:$1"
    shown = [r for r in book["Charts"].iter_rows(values_only=True) if r[0] == "Exampleland"]
    assert shown and shown[0][1] == "not computed"


@pytest.fixture(scope="module")
def issues_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = submission(tmp_path_factory.mktemp("issues"), arrests={3: {"sex": "Mael"}})
    checked = check_submission([folder], CHECKS)
    path = tmp_path_factory.mktemp("out") / "issues.xlsx"
    return write_issues(checked.report, checked.read.tables, path)


def test_the_issues_sheet_has_readable_headings_wrapped_text_and_tall_rows(issues_book):
    assert set(CLERK_COLUMNS) == set(ISSUE_COLUMNS)
    sheet = openpyxl.load_workbook(issues_book)["Issues"]
    header = [c.value for c in sheet[1]]
    assert header[:9] == ["Severity", "Sheet", "Row", "Cell", "Child reference", "Column",
                          "Value", "Problem", "How to fix it"]  # fmt: skip
    assert not {"severity", "code", "form", "message", "hint"} & set(header)
    problem, fix = header.index("Problem") + 1, header.index("How to fix it") + 1
    for column in (problem, fix):
        letter = openpyxl.utils.get_column_letter(column)
        assert sheet.column_dimensions[letter].width >= 40
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[problem - 1], row[fix - 1]):
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
            width = sheet.column_dimensions[cell.column_letter].width
            lines = text_lines(cell.value, width)
            assert lines == 1 or sheet.row_dimensions[cell.row].height >= 15 * lines
    printed_landscape_one_page_wide(sheet)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == "'Issues'!$A$1:$I$" + str(sheet.max_row)


def test_each_sheet_copy_has_the_problem_and_the_fix_beside_the_row(issues_book):
    sheet = openpyxl.load_workbook(issues_book)["arrests"]
    head = [c.value for c in sheet[1]]
    assert head[:5] == ["Row in original", "Problem", "How to fix it", "source_id", "child_ref"]
    bad = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 3)
    assert bad[1].value == "ERROR C3: 'Mael' is not an allowed value for sex."
    assert bad[2].value.startswith("C3: Use one of: F, M, U")
    assert bad[1].alignment.wrap_text and bad[2].alignment.wrap_text
    assert sheet.freeze_panes == "D2"
    printed_landscape_one_page_wide(sheet)


def test_the_issues_workbook_speaks_the_chosen_language(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    checked = check_submission([folder], CHECKS)
    book = openpyxl.load_workbook(
        write_issues(checked.report, checked.read.tables, tmp_path / "i.xlsx", "fr")
    )
    words = Words("fr")
    first = book.worksheets[0]
    assert [c.value for c in first[1]][7:9] == ["Problème", "Comment le corriger"]
    assert first["A2"].value in {words(f"console_severity_{s}") for s in ("error", "warning")}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_comparison_sheet_prints_on_one_page(comparison, tmp_path):
    """LibreOffice prints the Comparison sheet (introduction, notes, the five columns) on one
    page: nothing runs off it."""
    book = openpyxl.load_workbook(comparison)
    for other in book.worksheets[1:]:
        book.remove(other)
    alone = tmp_path / "alone.xlsx"
    book.save(alone)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(alone)], check=True, capture_output=True, timeout=180)  # fmt: skip
    pdf = (tmp_path / "alone.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
