"""The reports: Excel and CSV carry the same numbers, CSV is byte-reproducible, text is never a
formula, and a failed write leaves nothing behind."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators.catalogue import Code
from jjindicators.compute import SUMMARY_COLUMNS, ComputeResult, compute
from jjindicators.errors import OutputError
from jjindicators.indicators.base import (
    CELL_COLUMNS,
    TRACE_COLUMNS,
    Cell,
    Coverage,
    IndicatorMeta,
    IndicatorResult,
    Rule,
)
from jjindicators.indicators.codes import (
    AS_REPORTED,
    DURATIONS,
    HEADLINE,
    PARTIAL,
    Note,
    Part,
    Reference,
    not_computable,
)
from jjindicators.issues import ISSUE_COLUMNS, ValidationReport, Where, make_issue
from jjindicators.options import ComputeOptions
from jjindicators.render import report_xlsx
from jjindicators.render.figures import headline_text, people_value
from jjindicators.render.report_csv import CSV_FILES, csv_text, write_report_csv
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

PERIOD = Reference.period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
EVIL = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def worked() -> ComputeResult:
    return compute([WORKED_EXAMPLE], validate_options=ValidateOptions(today=TODAY))


def fake_result(excluded: bool = True) -> ComputeResult:
    """A small result by hand: a rate with an area breakdown, a duration with bands, a policy
    answer; user text that starts with `=` in a note, a child_ref and an issue."""
    unit = "per 100,000 children"
    name = "Children in conflict with the law"
    rate = IndicatorMeta("1", name, False, "rate", unit, "Children arrested per 100,000.", True,
                         ("arrests",), (Rule.jjind("rule one"),))  # fmt: skip
    rate_cells = (
        Cell(indicator="1", part=HEADLINE, area="NAT", numerator=5.0, denominator=140000.0,
             multiplier=100_000, value=5 / 1.4, unit=unit),
        Cell(indicator="1", part=HEADLINE, dimension="area", category="R1", area="R1",
             area_level=1, numerator=2.0, denominator=82000.0, multiplier=100_000,
             value=2 / 0.82, unit=unit, flags=(PARTIAL,), note=Note.of("evidence", text=EVIL)),
        Cell(indicator="1", part=HEADLINE, dimension="area", category="R2", area="R2",
             area_level=1, numerator=3.0, denominator=58000.0, multiplier=100_000,
             value=3 / 0.58, unit=unit),
    )  # fmt: skip
    trace = pd.DataFrame(
        [["1", "headline", "numerator", "child POL1/K1", "arrests.csv", "arrests", 2, "POL1",
          "=cmd|'/C calc'!A0", 1]], columns=list(TRACE_COLUMNS),
    )  # fmt: skip
    coverage = (Coverage("1", "NAT", ("POL1", "POL2"), ("POL1",)),)
    duration = IndicatorMeta("4", "Duration of pre-sentence detention", False, "duration", "days",
                             "Time before sentencing.", True, ("detention_register",))  # fmt: skip
    duration_cells = (
        Cell(
            indicator="4",
            part=Part(DURATIONS, "median"),
            area="NAT",
            denominator=3.0,
            value=30.0,
            unit="days",
        ),
        Cell(
            indicator="4",
            part=Part(DURATIONS, "mean"),
            area="NAT",
            denominator=3.0,
            value=31.25,
            unit="days",
        ),
        Cell(
            indicator="4",
            part=Part(DURATIONS, band=(0, 7)),
            area="NAT",
            numerator=1.0,
            denominator=3.0,
            value=1.0,
            unit="episodes",
        ),
        Cell(
            indicator="4",
            part=Part(DURATIONS, band=(8, None)),
            area="NAT",
            numerator=2.0,
            denominator=3.0,
            value=2.0,
            unit="episodes",
        ),
    )
    policy = IndicatorMeta("15", "Prevention", False, "policy", "answer", "A national plan.",
                           False, ("policy",))  # fmt: skip
    policy_cells = (
        Cell(indicator="15", part=HEADLINE, value="partial", unit="answer", area="NAT"),
    )
    where = Where(file="arrests.csv", sheet="arrests", row=3, child_ref="=cmd()")
    issue = make_issue(Code.IMPLAUSIBLE_COUNT, where, "=1+1", field="count", limit="1")
    rows = pd.DataFrame([["arrests.csv", "arrests", 3, "arrests"]],
                        columns=["_file", "_sheet", "_row", "form"])  # fmt: skip
    return ComputeResult(
        validation=ValidationReport(("arrests.csv",), (issue,)),
        options=ComputeOptions(exclude_invalid=True),
        computed=True,
        country="Exampleland",
        period=("2025-01-01", "2025-12-31"),
        census_date="2025-12-31",
        child_ref_scope="source",
        inputs=(("arrests.csv", "ab" * 32),),
        results=(
            IndicatorResult(rate, PERIOD, rate_cells, coverage, (PARTIAL,), trace),
            IndicatorResult(duration, PERIOD, duration_cells),
            IndicatorResult(policy, AS_REPORTED, policy_cells),
        ),
        excluded=rows if excluded else pd.DataFrame(),
        version="0.1.0",
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summary_rows(book: openpyxl.Workbook) -> list[dict[str, object]]:
    """The Summary sheet's table, as dicts by header."""
    rows = list(book["Summary"].values)
    top = next(i for i, r in enumerate(rows) if r[0] == "Indicator")
    table = []
    for row in rows[top + 1 :]:
        if row[0] is None:
            break
        table.append(dict(zip(rows[top], row, strict=True)))
    return table


def sheet_tables(sheet) -> list[tuple]:
    """Every row of the breakdown tables of an indicator sheet: (category or part, area,
    numerator, denominator, value)."""
    found, inside = [], False
    for row in sheet.values:
        if row[2] == "Numerator":
            inside = True
        elif row[0] is None or row[1] is None:  # a blank row, or a note under the table
            inside = False
        elif inside:
            found.append(row[:5])
    return found


def number(text: str) -> float | None:
    return float(text) if text else None


def as_shown(cell: dict[str, str]) -> object:
    """A CSV cell's value as the Excel report shows it: rates, percentages, days to 1 decimal."""
    try:
        value = float(cell["value"])
    except ValueError:
        return cell["value"] or None
    decimal = cell["multiplier"] or cell["unit"] == "days" or not value.is_integer()
    return round(value, 1) if decimal else value


def test_xlsx_and_csv_carry_the_same_numbers(tmp_path, worked):
    book = openpyxl.load_workbook(write_report_xlsx(worked, tmp_path / "report.xlsx"))
    write_report_csv(worked, tmp_path / "csv")
    summary = read_csv(tmp_path / "csv" / "summary.csv")
    shown = summary_rows(book)
    assert [r["Indicator"] for r in shown] == [r["indicator"] for r in summary]
    assert len({r["indicator"].split("(")[0] for r in summary}) == 15
    for sheet_row, row in zip(shown, summary, strict=True):
        assert sheet_row["Name"] == row["name"]
        assert (sheet_row["Core"] == "CORE") == (row["core"] == "true")
        assert sheet_row["Numerator"] == number(row["numerator"])
        assert sheet_row["Denominator"] == number(row["denominator"])
        try:
            assert sheet_row["Value"] == round(float(row["value"]), 1)
        except ValueError:
            assert sheet_row["Value"] == row["value"]  # a policy answer
    cells = read_csv(tmp_path / "csv" / "indicators.csv")
    compared = 0
    for result in worked.results:
        sheet = book[next(n for n in book.sheetnames if n.startswith(f"I{result.meta.number} "))]
        rows = [c for c in cells if c["indicator"] == result.meta.number]
        # the sheet names a part in words, the CSV by its code (`indicators/codes.py`)
        parts = [c.part.code if len(c.part.code) == 1 else Words().part(c.part)
                 for c in result.cells]  # fmt: skip
        assert [c["part"] for c in rows] == [str(c.part) for c in result.cells]
        expected = {
            (part if c["dimension"] == "total" else Words().category(c["category"],
                                                                     c["dimension"]), c["area"],
             number(c["numerator"]), number(c["denominator"]),
             as_shown(c))
            for c, part in zip(rows, parts, strict=True)
        }  # fmt: skip
        for row in sheet_tables(sheet):
            part = row[0].strip("()") if isinstance(row[0], str) else row[0]
            if isinstance(row[0], str) and (named := re.fullmatch(r".+ \((.+)\)", row[0])):
                part = named[1]  # areas and sources are shown as "Region One (R1)"
            assert (part, *row[1:]) in expected, (result.meta.number, row)
            compared += 1
    assert compared > 100


def test_csv_has_fixed_columns_and_full_precision(tmp_path, worked):
    paths = write_report_csv(worked, tmp_path)
    assert [p.name for p in paths] == list(CSV_FILES)
    text = (tmp_path / "indicators.csv").read_bytes()
    assert b"\r" not in text
    lines = text.decode("utf-8").splitlines()
    assert lines[0] == ",".join(CELL_COLUMNS)
    assert lines[1].startswith("1,headline,total,all,NAT,0,5,140000,100000,3.5714285714285716,")
    assert len(lines) == len(worked.cells_frame()) + 1
    assert read_csv(tmp_path / "summary.csv")[0].keys() == set(SUMMARY_COLUMNS)
    assert list(read_csv(tmp_path / "issues.csv")[0]) == list(ISSUE_COLUMNS)
    assert list(read_csv(tmp_path / "trace.csv")[0]) == list(TRACE_COLUMNS)


def test_reports_are_byte_for_byte_reproducible(tmp_path, worked):
    again = compute([WORKED_EXAMPLE], validate_options=ValidateOptions(today=TODAY))
    first = write_report_csv(worked, tmp_path / "one")
    second = write_report_csv(again, tmp_path / "two")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    one = write_report_xlsx(worked, tmp_path / "one.xlsx")
    two = write_report_xlsx(again, tmp_path / "two.xlsx")
    assert one.read_bytes() == two.read_bytes()


def test_text_is_never_a_formula(tmp_path):
    result = fake_result()
    write_report_csv(result, tmp_path)
    cells = read_csv(tmp_path / "indicators.csv")
    # a note is a code first: user text in it (a policy answer's evidence) is never a formula
    assert cells[1]["note"] == f"evidence(text={json.dumps(EVIL)})"
    assert read_csv(tmp_path / "trace.csv")[0]["child_ref"] == "'=cmd|'/C calc'!A0"
    issue = read_csv(tmp_path / "issues.csv")[0]
    assert issue["message"].startswith("'=1+1") and issue["child_ref"] == "'=cmd()"
    path = write_report_xlsx(result, tmp_path / "report.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    book = openpyxl.load_workbook(path)
    # a note is written once under its table, after its mark: `[1] =HYPERLINK(...)`
    texts = {c.value.removeprefix("[1] "): c.data_type for s in book for row in s.iter_rows()
             for c in row if isinstance(c.value, str)
             and c.value.removeprefix("[1] ").startswith("=")}  # fmt: skip
    assert {EVIL, "=cmd|'/C calc'!A0", "=cmd()"} <= set(texts)
    assert set(texts.values()) == {"s"}


def test_xlsx_layout_for_people(tmp_path):
    path = write_report_xlsx(fake_result(), tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    indicators = ["I1 Children in conflict with", "I4 Duration of pre-sentence", "I15 Prevention"]
    tables = ["Trace", "Coverage", "Issues", "Excluded", "About"]
    assert book.sheetnames == ["Summary", *indicators, *tables]
    assert all(len(n) <= 31 for n in book.sheetnames)
    summary = book["Summary"]
    assert summary["A1"].value == "Juvenile justice indicators · Exampleland"
    rows = summary_rows(book)
    assert [(r["Indicator"], r["Value"]) for r in rows] == [
        ("1", 3.6),
        ("4", 30),
        ("15", "partial"),
    ]
    value = next(c for c in summary["D"] if c.value == 3.6)
    assert value.number_format == "0.0" and summary.freeze_panes is not None
    rate = book["I1 Children in conflict with"]
    assert rate["A4"].value == "Headline: 3.6 per 100,000 children (5 / 140,000 × 100,000)"
    assert book.properties.created.year == 2000 and book.properties.modified.year == 2000
    about = [r for r in book["About"].values]
    assert ("arrests.csv", "ab" * 32, None) in about
    assert ("exclude_invalid", "yes", None) in about
    assert ("Indicator", "Rule in force", "Source") in about
    assert ("1 · Children in conflict with the law", "rule one", "jjind rule") in about
    assert ("1 · Children in conflict with the law", "Definition: Children arrested per 100,000.",
            "Manual") in about  # fmt: skip
    assert any("child_ref" in str(r[1]) and "Trace" in str(r[1]) for r in about)
    assert list(book["Excluded"].values)[1] == ("arrests.csv", "arrests", 3, "arrests")
    with zipfile.ZipFile(path) as archive:  # a chart by area (I1), one of duration bands (I4)
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == 2
    no_rows = write_report_xlsx(fake_result(excluded=False), tmp_path / "clean.xlsx")
    assert "Excluded" not in openpyxl.load_workbook(no_rows).sheetnames


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch, worked):
    write_report_xlsx(worked, tmp_path / "report.xlsx")
    write_report_csv(worked, tmp_path / "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "report.xlsx"]
    assert not [p for p in (tmp_path / "csv").iterdir() if p.name.startswith(".")]

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(report_xlsx, "save_workbook", broken)
    with pytest.raises(OutputError, match=r"Cannot write new\.xlsx in .*: disk full"):
        write_report_xlsx(worked, tmp_path / "new.xlsx")
    before = (tmp_path / "report.xlsx").read_bytes()
    with pytest.raises(OutputError):
        write_report_xlsx(worked, tmp_path / "report.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "report.xlsx"]
    assert (tmp_path / "report.xlsx").read_bytes() == before


def test_people_values_and_csv_text():
    assert people_value(166.66666666666666, "per 1,000 children detained", 1000) == (166.7, "0.0")
    assert people_value(259.0, "days", None) == (259.0, "0.0")
    assert people_value(None, "%", 100) == (None, None)
    assert people_value("partial", "answer", None) == ("partial", None)
    assert (
        headline_text(
            Cell(
                indicator="4",
                part=Part(DURATIONS, "median"),
                denominator=3.0,
                value=30.0,
                unit="days",
            )
        )
        == "median 30.0 days (3 in the cohort)"
    )
    assert headline_text(Cell(indicator="7", part=HEADLINE, numerator=0.0, denominator=0.0,
                              multiplier=100, unit="%",
                              note=not_computable(Note("denominator_0")))) == (
        "not computable: the denominator is 0"
    )  # fmt: skip
    assert [csv_text(v) for v in (0.1 + 0.2, 1e20, -3, "-x", "@x", "+x")] == [
        "0.30000000000000004", "1e+20", "-3", "'-x", "'@x", "'+x"
    ]  # fmt: skip
