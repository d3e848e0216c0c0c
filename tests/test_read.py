"""Reading files: what cannot be read, CSV encodings and delimiters, sheets, header rows, columns,
names that must never be read, and row numbers and cells exactly as Excel shows them."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import (
    BASELINE,
    added,
    check,
    codes,
    example_rows,
    example_sheets,
    find,
    issues,
    run,
    submission,
    write_csv,
    write_xlsx,
)
from jjindicators import ValidateOptions, check_submission
from jjindicators.read import locate

ARRESTS_HEADER = "source_id,child_ref,sex,date_of_birth,age,arrest_date"


# -- files that cannot be read -------------------------------------------------------------------
def test_file_not_found(tmp_path):
    r = run(tmp_path / "nowhere.xlsx")
    assert find(r, "file-not-found", "severity", "file") == [
        ("error", str(tmp_path / "nowhere.xlsx"))
    ]
    assert not r.valid


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text(ARRESTS_HEADER + "\n", encoding="utf-8")
    r = run(path)
    assert find(r, "file-unreadable", "severity", "file") == [("error", str(path))]
    assert "text file renamed .xlsx" in issues(r, "file-unreadable")[0].message


def test_zero_byte_xlsx(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.touch()
    r = run(path)
    assert "empty (0 bytes)" in issues(r, "file-unreadable")[0].message


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    r = run(path)
    assert find(r, "file-unreadable", "severity", "file") == [("error", str(path))]


@pytest.mark.parametrize(("name", "kind"), [("old.xls", "Old Excel 97-2003 (.xls)"),
                                            ("book.ods", "OpenDocument (.ods)"),
                                            ("notes.txt", ".txt")])  # fmt: skip
def test_file_type_not_supported(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 whatever")
    r = run(path)
    assert find(r, "file-type-unsupported", "severity", "file") == [("error", str(path))]
    assert issues(r, "file-type-unsupported")[0].message.startswith(kind)


def test_files_of_other_types_in_a_folder_are_skipped(tmp_path):
    folder = submission(tmp_path)
    (folder / "README.txt").write_text("notes", encoding="utf-8")
    (folder / "~$about.xlsx").write_bytes(b"lock file")
    assert added(run(folder)) == {}


# -- CSV encodings and delimiters ----------------------------------------------------------------
def cp1252_about(folder):
    rows = [{**row} for row in example_rows("about")]
    rows[0]["value"] = "Côte d’Ivoire"
    write_csv(folder / "about.csv", rows, encoding="cp1252")


def test_csv_not_utf8(tmp_path):
    folder = submission(tmp_path)
    cp1252_about(folder)
    r = run(folder)
    assert find(r, "csv-encoding", "severity", "sheet", "row") == [("error", "about.csv", None)]
    assert "--encoding cp1252" in issues(r, "csv-encoding")[0].hint


def test_csv_read_with_the_encoding_given(tmp_path):
    folder = submission(tmp_path)
    cp1252_about(folder)
    result = check_submission([folder], ValidateOptions(today=dt.date(2026, 1, 15),
                                                        encoding="cp1252"))  # fmt: skip
    assert (result.about.country, added(result.report)) == ("Côte d’Ivoire", {})


def test_unknown_encoding(tmp_path):
    r = run(submission(tmp_path), encoding="klingon")
    assert "not known" in issues(r, "file-unreadable")[0].message


def test_semicolon_csv(tmp_path):
    folder = submission(tmp_path)
    write_csv(folder / "arrests.csv", example_rows("arrests"), delimiter=";")
    r = run(folder)
    assert (codes(r), find(r, "not-a-child", "sheet", "row", "cell")[0]) == (
        BASELINE, ("arrests.csv", 5, "D5"))  # fmt: skip


def test_utf8_with_bom(tmp_path):
    folder = submission(tmp_path)
    for form in ("about", "arrests", "sources"):
        write_csv(folder / f"{form}.csv", example_rows(form), encoding="utf-8-sig")
    r = run(folder)
    assert (codes(r), find(r, "not-a-child", "sheet", "row", "cell")[0]) == (
        BASELINE, ("arrests.csv", 5, "D5"))  # fmt: skip


def test_csv_with_crlf_line_ends_and_blank_lines(tmp_path):
    text = (ARRESTS_HEADER + "\r\n\r\n" + "POL1,K2,F,2008-01-15,,2025-03-01\r\n"
            + "POL1,K5,F,,,2025-03-01\r\n")  # fmt: skip
    r = check(tmp_path, arrests=text)
    assert find(r, "age-unknown", "sheet", "row", "cell") == [("arrests.csv", 4, "D4")]


# -- sheets --------------------------------------------------------------------------------------
def test_unknown_sheet(tmp_path):
    book = write_xlsx(tmp_path / "extra.xlsx", {"Arrest list": [{"source_id": "POL1"}]})
    r = run(submission(tmp_path), book)
    assert find(r, "unknown-sheet", "severity", "file", "sheet") == [
        ("warning", str(book), "Arrest list")
    ]
    assert "did you mean 'arrests'?" in issues(r, "unknown-sheet")[0].hint


def test_unknown_csv_file_in_a_folder(tmp_path):
    folder = submission(tmp_path)
    write_csv(folder / "extract.csv", [{"colour": "red", "size": 1}])
    r = run(folder)
    assert find(r, "unknown-sheet", "severity", "sheet") == [("warning", "extract.csv")]


def test_csv_file_named_close_to_a_form_is_read_as_it(tmp_path):
    folder = submission(tmp_path, arrests=None)
    write_csv(folder / "Arrests 2025.csv", example_rows("arrests"))
    r = run(folder)
    assert find(r, "sheet-read-as", "severity", "sheet", "form") == [
        ("notice", "Arrests 2025.csv", "arrests")
    ]
    assert "[sheets] 'Arrests 2025' = 'arrests'" in issues(r, "sheet-read-as")[0].hint
    assert added(r) == {"sheet-read-as": 1}


def test_sheets_found_by_title_alias_and_case(tmp_path):
    sheets = example_sheets()
    renamed = {
        "About": sheets["about"],
        "Information sources": sheets["sources"],
        "Census": sheets["detention_census"],
        "INSTRUCTIONS": [["Fill in every sheet"]],
    }
    book = write_xlsx(tmp_path / "book.xlsx", renamed)
    r = run(book)
    assert (added(r), find(r, "not-a-child", "sheet", "row")) == (
        {"missing-form": 6}, [("Census", 5)])  # fmt: skip


# -- header rows and columns ---------------------------------------------------------------------
@pytest.mark.parametrize(("title_lines", "found"), [(29, True), (30, False)])
def test_header_is_looked_for_in_the_first_30_rows(tmp_path, title_lines, found):
    text = "note\n" * title_lines + ARRESTS_HEADER + "\nPOL1,K2,F,,,2025-03-01\n"
    r = check(tmp_path, arrests=text)
    row = title_lines + 2
    assert (
        find(r, "age-unknown", "row", "cell") == [(row, f"D{row}")],
        bool(find(r, "no-header")),
    ) == (found, not found)


def test_no_header_row(tmp_path):
    r = check(tmp_path, arrests="colour,size\nred,1\n")
    assert find(r, "no-header", "severity", "sheet", "row") == [("error", "arrests.csv", None)]


def test_header_below_title_lines_in_a_csv(tmp_path):
    text = "Arrests of children 2025\n\n" + ARRESTS_HEADER + "\nPOL1,K2,F,,,2025-03-01\n"
    r = check(tmp_path, arrests=text)
    assert find(r, "age-unknown", "sheet", "row", "cell") == [("arrests.csv", 4, "D4")]


def test_headers_match_labels_ignoring_case_spaces_and_underscores(tmp_path):
    text = "Source ID,CHILD-REF,Gender,Date of birth,age_in_years,Arrest Date\n"
    r = check(tmp_path, arrests=text + "POL1,K2,girl,2008-01-15,17,2025-03-01\n")
    assert added(r) == {}


def test_missing_required_column(tmp_path):
    r = check(tmp_path, arrests="source_id,sex,age\nPOL1,F,15\nPOL2,M,16\n")
    assert find(r, "missing-column", "severity", "sheet", "field") == [
        ("error", "arrests.csv", "arrest_date")
    ]
    assert added(r) == {"missing-column": 1}  # not also once per row


def test_unknown_column(tmp_path):
    r = check(tmp_path, arrests=lambda rows: [row.update(colour="red") for row in rows])
    assert find(r, "unknown-column", "severity", "sheet", "row", "cell", "column") == [
        ("warning", "arrests.csv", 1, "G1", "colour")
    ]


def test_unknown_column_close_to_a_field(tmp_path):
    r = check(tmp_path, arrests=lambda rows: [row.update(arest_date="") for row in rows])
    # the field as the template heads its column
    assert "did you mean 'Arrest date'?" in issues(r, "unknown-column")[0].hint


def test_column_twice(tmp_path):
    text = ARRESTS_HEADER + ",Sex\nPOL1,K2,F,2008-01-15,,2025-03-01,M\n"
    r = check(tmp_path, arrests=text)
    assert find(r, "duplicate-column", "severity", "sheet", "row", "cell", "column") == [
        ("error", "arrests.csv", 1, "G1", "Sex")
    ]
    assert "only the first (column C)" in issues(r, "duplicate-column")[0].message


def test_cells_without_a_header(tmp_path):
    text = ARRESTS_HEADER + "\nPOL1,K2,F,2008-01-15,,2025-03-01,stray\n"
    r = check(tmp_path, arrests=text)
    assert find(r, "empty-row-data", "severity", "sheet") == [("notice", "arrests.csv")]


NAMES = ["Alice Smith", "Bob Martin", "Chloé Dupont", "Diego Ruiz", "Emma Jones", "Farid Ali",
         "Grace Wu", "Hugo Leroy"]  # fmt: skip


@pytest.mark.parametrize("header", ["name", "First name", "Surname", "Nombre", "Prénom"])
def test_column_of_names_is_never_read(tmp_path, header):
    def add_names(rows):
        for row, name in zip(rows, NAMES, strict=True):
            row[header] = name
        rows[3]["sex"] = "femal"  # a bad cell on a named row: its issue must not carry the name

    r = check(tmp_path, arrests=add_names)
    assert find(r, "personal-name-column", "severity", "sheet", "row", "cell", "column") == [
        ("warning", "arrests.csv", 1, "G1", header)
    ]
    text = json.dumps(r.to_dict(), ensure_ascii=False)
    assert [n for n in NAMES if n.split()[0] in text or n.split()[1] in text] == []


def test_names_are_not_in_the_checked_data(tmp_path):
    folder = submission(tmp_path, arrests=lambda rows: [r.update(name="Alice Smith") for r in rows])
    result = check_submission([folder])
    assert "Alice" not in repr(result.frames["arrests"].records)


def test_name_column_of_an_institution_is_read(tmp_path):
    r = check(tmp_path)
    assert find(r, "personal-name-column") == []  # sources and areas have a `name` field


# -- positions in a workbook ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("titles", "title_column"), [(["Exampleland 2025"], 1), (["Exampleland 2025"], 2), ([], None)]
)
def test_rows_and_cells_as_excel_shows_them(tmp_path, titles, title_column):
    """The header on row 4 (after a title in A1 or B1, or after empty rows), the table from
    column B: every issue points at the cell a person would click on (the worked example's issues
    shift by 3 rows and 1 column)."""
    sheets = example_sheets()
    sheets["arrests"][2]["sex"] = "femal"  # K2, CSV line 4
    book = write_xlsx(tmp_path / "book.xlsx", sheets, titles=titles, header_row=4,
                      first_column=2, title_column=title_column)  # fmt: skip
    r = run(book)
    assert find(r, "bad-code", "sheet", "row", "column", "cell", "child_ref", "value") == [
        ("arrests", 7, "sex", "D7", "K2", "femal")
    ]
    assert find(r, "not-a-child", "sheet", "row", "column", "cell", "child_ref") == [
        ("arrests", 8, "date_of_birth", "E8", "K3"),
        ("decisions", 12, "date_of_birth", "E12", "E8"),
        ("detention_census", 8, "date_of_birth", "E8", "C4"),
    ]
    assert find(r, "outside-period", "sheet", "row", "cell", "value") == [
        ("arrests", 9, "G9", "2024-12-30"),
        ("decisions", 11, "G11", "2024-12-15"),
        ("detention_register", 10, "F10", "2024-03-01 to 2024-12-20"),
    ]


def test_header_cells_as_excel_shows_them(tmp_path):
    sheets = {"arrests": [{**row, "colour": "red"} for row in example_sheets()["arrests"]]}
    book = write_xlsx(tmp_path / "book.xlsx", sheets, titles=["Arrests"], header_row=4,
                      first_column=2)  # fmt: skip
    r = run(submission(tmp_path, arrests=None), book)
    assert find(r, "unknown-column", "sheet", "row", "cell", "column") == [
        ("arrests", 4, "H4", "colour")
    ]


def test_about_sheet_positions_in_a_workbook(tmp_path):
    sheets = example_sheets()
    sheets["about"][1]["value"] = dt.date(2025, 2, 1)  # period_start: not a 12-month period
    book = write_xlsx(tmp_path / "book.xlsx", sheets, titles=["Cover"], header_row=3,
                      first_column=3)  # fmt: skip
    r = run(book)
    assert find(r, "period-not-a-year", "sheet", "row", "cell", "value") == [
        ("about", 6, "D6", "2025-12-31")
    ]


def test_real_excel_dates_and_date_times(tmp_path):
    sheets = example_sheets()
    sheets["arrests"][2]["arrest_date"] = dt.datetime(2025, 3, 1, 0, 0)
    sheets["arrests"][2]["date_of_birth"] = 39462  # an unformatted date cell: 2008-01-15
    book = write_xlsx(tmp_path / "book.xlsx", sheets)
    result = check_submission([book], ValidateOptions(today=dt.date(2026, 1, 15)))
    arrest = next(r for r in result.frames["arrests"].records if r["_row"] == 4)
    assert (arrest["arrest_date"], arrest["date_of_birth"], added(result.report)) == (
        dt.date(2025, 3, 1), dt.date(2008, 1, 15), {})  # fmt: skip


def test_yes_no_as_excel_booleans_and_numbers(tmp_path):
    sheets = example_sheets()
    sheets["detention_census"][0].update(separated_from_adults=True, family_contact_3_months=0)
    book = write_xlsx(tmp_path / "book.xlsx", sheets)
    result = check_submission([book], ValidateOptions(today=dt.date(2026, 1, 15)))
    census = result.frames["detention_census"].records[0]
    assert (census["separated_from_adults"], census["family_contact_3_months"]) == ("yes", "no")
    assert added(result.report) == {}


def test_worked_example_as_a_workbook_matches_the_csv_folder(tmp_path):
    book = write_xlsx(tmp_path / "book.xlsx", example_sheets())
    r = run(book)
    assert find(r, "not-a-child", "sheet", "row", "cell") == [
        ("arrests", 5, "D5"),
        ("decisions", 9, "D9"),
        ("detention_census", 5, "D5"),
    ]
    assert codes(r) == BASELINE


# -- the issue cap -------------------------------------------------------------------------------
def test_issue_cap(tmp_path):
    r = run(submission(tmp_path), max_issues=2)
    assert (len(r.issues), r.capped, r.issues[-1].code, r.issues[-1].severity) == (
        3, True, "issue-cap-reached", "notice")  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(),
            st.text(alphabet=" \t\u00a0\u2003x\x00\x1c"),
            st.integers(),
            st.dates(),
        ),
        max_size=30,
    )
)
def test_cleaning_a_column_strips_text_and_blanks_empty_text(column):
    """However a column is cleaned (one search for all-text columns, else cell by cell), every
    text is stripped, blank text becomes None and other values stay as read."""
    expected = [(v.strip() or None) if isinstance(v, str) else v for v in column]
    assert locate._clean_column(tuple(column)) == expected
