"""Series (issue #19): one country's several periods in a batch — folder names, `series.csv` with
its breaks in comparability, the Trends sheet, and the planted jump flagged `large-change`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLES_DIR, TODAY
from jjindicators.batch import run_batch
from jjindicators.cli import app
from jjindicators.compare import CountryFigures
from jjindicators.folder_names import MAX_NAME_BYTES, batch_names, period_label
from jjindicators.series import SERIES_COLUMNS, build_series
from jjindicators.validate import ValidateOptions

SERIES = EXAMPLES_DIR / "series"
CHECKS = ValidateOptions(today=TODAY)
YEARS = ("2023", "2024", "2025")
CORE = ("2", "3", "9", "10")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("series") / "out"
    return out, run_batch([SERIES], out, None, CHECKS, jobs=2)


def test_the_shipped_series_is_three_small_workbooks():
    books = sorted(SERIES.glob("*.xlsx"))
    assert [b.name for b in books] == [f"exampleland-{y}.xlsx" for y in YEARS]
    assert all(b.stat().st_size < 120_000 for b in books)


def test_one_countrys_years_get_folders_named_by_period(batch):
    out, result = batch
    assert [(e.country, e.folder, e.status) for e in result.entries] == [
        ("Exampleland", f"Exampleland-{y}", "ok") for y in YEARS]  # fmt: skip
    assert all((out / f"Exampleland-{y}" / "report.xlsx").is_file() for y in YEARS)


def test_series_csv_has_three_periods_per_headline(batch):
    out, _ = batch
    found = rows(out / "series.csv")
    assert tuple(found[0]) == SERIES_COLUMNS
    by_headline: dict[tuple[str, str], list[str]] = {}
    for row in found:
        by_headline.setdefault((row["indicator"], row["part"]), []).append(row["period_start"])
    assert len(by_headline) == 17  # 15 indicators, 12(b) and 13(b)
    assert all(starts == [f"{y}-01-01" for y in YEARS] for starts in by_headline.values())
    assert {row["country"] for row in found} == {"Exampleland"}
    # The same figures as each year's own summary.csv.
    for year in YEARS:
        own = {r["indicator"]: r for r in rows(out / f"Exampleland-{year}" / "summary.csv")}
        for row in (r for r in found if r["period_start"].startswith(year)):
            number, part = row["indicator"], row["part"]
            label = number if part == "headline" else f"{number}({part})"
            assert row["value"] == own[label]["value"], (year, label)
            assert row["numerator"] == own[label]["numerator"]


def test_the_planted_jump_is_flagged_and_the_stable_headlines_are_not(batch):
    out, result = batch
    assert [(c.indicator, c.before[0], c.after[0]) for c in result.changes] == [
        ("9", "2024-01-01", "2025-01-01")]  # fmt: skip
    flagged = [(r["indicator"], r["period_start"][:4]) for r in rows(out / "series.csv")
               if "large_change" in r["flags"].split("; ")]  # fmt: skip
    assert flagged == [("9", "2025")]
    change = result.changes[0]
    assert change.value_before == pytest.approx(28.04, abs=0.01)
    assert change.value_after == pytest.approx(58.55, abs=0.01)
    assert result.to_dict()["changes"][0]["indicator"] == "9"


def test_the_trends_sheet_has_a_line_chart_per_core_indicator(batch):
    out, _ = batch
    book = load_workbook(out / "comparison.xlsx")
    assert book.sheetnames[-1] == "Trends"
    sheet = book["Trends"]
    charts = sheet._charts
    assert len(charts) == len(CORE)
    for chart, number in zip(charts, CORE, strict=True):
        assert chart.tagname == "lineChart"
        assert chart.y_axis.scaling.min == 0
        (line,) = chart.series  # one country: one line
        top = int(line.tx.strRef.f.split("!")[1].lstrip("$B"))
        assert sheet.cell(top, 2).value == "Exampleland"
        assert line.val.numRef.f == f"'Trends'!$B${top + 1}:$B${top + 3}"
        categories = line.cat.numRef or line.cat.strRef  # as the Charts sheet's countries
        assert categories.f == f"'Trends'!$A${top + 1}:$A${top + 3}"
        assert [sheet.cell(top + i, 1).value for i in (1, 2, 3)] == list(YEARS)
        assert str(sheet.cell(top - 1, 1).value).startswith(f"{number} · ")
    texts = [c.value for c in sheet["A"] if isinstance(c.value, str)]
    assert "Exampleland, 2025, indicator 9: large change from the previous period" in texts


def test_no_trends_sheet_without_a_series(countries, tmp_path):
    out = tmp_path / "out"
    result = run_batch(countries[:2], out, None, CHECKS)
    assert "Trends" not in load_workbook(out / "comparison.xlsx").sheetnames
    assert result.changes == ()
    assert len(rows(out / "series.csv")) == 2 * 17  # one period per country: still written


def test_a_batch_without_a_computed_submission_leaves_no_series_csv(tmp_path, countries):
    out = tmp_path / "out"
    run_batch(countries[:1], out, None, CHECKS)
    assert (out / "series.csv").is_file()
    run_batch([countries[3]], out, None, CHECKS)  # corrupt: nothing computed
    assert not (out / "series.csv").exists()


def test_the_folders_and_series_csv_of_a_batch_are_never_read_as_submissions(batch, tmp_path):
    out, _ = batch
    folder = tmp_path / "submissions"
    shutil.copytree(SERIES, folder)
    shutil.copy(out / "series.csv", folder / "series.csv")
    result = run_batch([folder], tmp_path / "again", None, CHECKS)
    assert len(result.entries) == 3


def test_resume_keeps_the_period_folders(batch, tmp_path):
    out, first = batch
    again = tmp_path / "out"
    shutil.copytree(out, again)
    result = run_batch([SERIES], again, None, CHECKS, resume=True)
    assert [e.folder for e in result.entries] == [e.folder for e in first.entries]
    assert {e.status for e in result.entries} == {"skipped (unchanged)"}
    assert (again / "series.csv").read_bytes() == (out / "series.csv").read_bytes()
    assert [c.indicator for c in result.changes] == ["9"]


def test_a_higher_threshold_flags_nothing_and_the_trends_speak_french(tmp_path):
    out = tmp_path / "out"
    result = run_batch([SERIES], out, None, CHECKS, change_threshold=150, lang="fr")
    assert result.changes == ()
    sheet = load_workbook(out / "comparison.xlsx")["Évolutions"]
    assert sheet["A1"].value == "Indicateurs de la justice pour enfants · évolution par période"
    assert sheet["A5"].value == "Période" and len(sheet._charts) == len(CORE)


# -- folder names ---------------------------------------------------------------------------------
def test_period_labels():
    assert period_label("2025-01-01", "2025-12-31") == "2025"
    assert period_label("2024-07-01", "2025-06-30") == "2024-07-01_2025-06-30"
    assert period_label("2025-01-01", "2025-06-30") == "2025-01-01_2025-06-30"


Y24, Y25 = ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31")
HALF = ("2025-01-01", "2025-06-30")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([("Ruritania", "a", Y24)], ["Ruritania"]),  # one period: the plain name, as before
        ([("Ruritania", "a", Y25), ("Ruritania", "b", Y25)], ["Ruritania", "Ruritania-2"]),
        ([("Ruritania", "a", Y25), ("RURITANIA ", "b", Y24)], ["Ruritania-2025", "RURITANIA-2024"]),
        ([("Ruritania", "a", Y24), ("Ruritania", "b", Y25), ("Ruritania", "c", Y25)],
         ["Ruritania-2024", "Ruritania-2025", "Ruritania-2025-2"]),
        ([("Ruritania", "a", Y25), ("Ruritania", "b", HALF)],
         ["Ruritania-2025", "Ruritania-2025-01-01_2025-06-30"]),
        ([("Ruritania", "a", Y24), ("Ruritania", "b", None), ("Elbonia", "c", Y25)],
         ["Ruritania", "Ruritania-2", "Elbonia"]),  # one period known: plain names
        ([("Ruritania", "a", Y24), ("Ruritania", "b", Y25), ("Ruritania", "c", None)],
         ["Ruritania-2024", "Ruritania-2025", "Ruritania"]),  # a period not known: plain
        ([("", "corrupt", None), ("", "old", None)], ["corrupt", "old"]),
    ],
)  # fmt: skip
def test_folder_names_of_a_series(given, expected):
    assert batch_names(given) == expected


def test_a_long_name_keeps_its_period_within_the_byte_limit():
    long = "中" * 90
    names = batch_names([(long, "a", Y24), (long, "b", Y25)])
    assert [n[-5:] for n in names] == ["-2024", "-2025"]
    assert all(len(n.encode()) <= MAX_NAME_BYTES for n in names)


# -- breaks in comparability ----------------------------------------------------------------------
def figures(period: tuple[str, str], census: str, options: dict, lines: list[dict]
            ) -> CountryFigures:  # fmt: skip
    return CountryFigures("Exampleland", "", period, census, options, "0.1.0", tuple(lines))


def headline(indicator: str, value: float, num: float, den: float, flags: str = "",
             reference: str = "2025-01-01 to 2025-12-31") -> dict:  # fmt: skip
    return {"indicator": indicator, "value": value, "numerator": num, "denominator": den,
            "unit": "%", "reference": reference, "flags": flags}  # fmt: skip


def test_breaks_are_flagged_on_the_period_where_they_happen():
    census = "census date 2024-12-31"
    before = figures(Y24, "2024-12-31", {"age_breaks": "14, 16", "duration_headline": "median"},
                     [headline("9", 30.0, 30, 100), headline("7", 50.0, 50, 100, "", census),
                      headline("1", 10.0, 10, 1e5, "counting_unit(unit=children)")])  # fmt: skip
    after = figures(Y25, "2025-06-30", {"age_breaks": "12, 15", "duration_headline": "mean"},
                    [headline("9", 31.0, 31, 100, "partial"),
                     headline("7", 51.0, 51, 100, "", census),
                     headline("1", 10.5, 11, 1e5, "counting_unit(unit=mixed); from_counts"),
                     ])  # fmt: skip
    series = build_series([after, before])  # given out of order: sorted by start
    flags = {(r["indicator"], r["period_start"]): r["flags"] for r in series.rows}
    assert all(flags[(n, Y24[0])] in ("", "counting_unit(unit=children)") for n in ("9", "7", "1"))
    # 9 changes with age_breaks only (duration_headline is not among its options); it is partial.
    assert flags[("9", Y25[0])] == "partial; break_options(options=[age_breaks])"
    # 7 is on the census date, whose month and day moved.
    assert flags[("7", Y25[0])] == ("break_options(options=[age_breaks]); "
                                    "break_census_date(before=12-31,after=06-30)")  # fmt: skip
    assert flags[("1", Y25[0])].endswith(
        "break_counting_unit(unit_before=children,unit_after=mixed)"
    )
    assert series.periods == (("Exampleland", (Y24, Y25)),) and series.trends


def test_records_then_count_sheets_is_a_break():
    before = figures(Y24, "2024-12-31", {}, [headline("9", 30.0, 30, 100)])
    after = figures(Y25, "2025-12-31", {}, [headline("9", 30.0, 30, 100, "from_counts")])
    series = build_series([before, after])
    assert series.rows[1]["flags"] == (
        "from_counts; break_counting_unit(unit_before=records,unit_after=counts)"
    )
    ((country, period, label, own),) = series.marks
    assert (country, period, label) == ("Exampleland", Y25, "9")
    assert [f.code for f in own] == ["break_counting_unit"]


def test_the_same_period_twice_is_one_point_of_the_series():
    one = figures(Y25, "2025-12-31", {}, [headline("9", 30.0, 30, 100)])
    two = figures(Y25, "2025-12-31", {}, [headline("9", 90.0, 90, 100)])
    series = build_series([one, two])
    assert [r["value"] for r in series.rows] == [30.0] and not series.trends


# -- the command line -----------------------------------------------------------------------------
def test_jjind_batch_prints_the_large_change_as_a_warning(tmp_path):
    runner = CliRunner()
    args = ["batch", str(SERIES), "-o", str(tmp_path / "out"), "--today", TODAY.isoformat()]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 large change to explain before publishing:" in result.stderr
    assert (
        "Exampleland: Indicator 9 (Custodial sentencing) went from 28.0 % (2024) to 58.5 % "
        "(2025), +109 %: a change this large is unlikely to be chance."
    ) in result.stderr
    assert "[large-change]" in result.stderr and "series.csv" in result.stderr
    data = json.loads(runner.invoke(app, [*args, "--format", "json", "--resume"]).stdout)
    assert [(c["indicator"], c["period_before"], c["period_after"]) for c in data["changes"]] == [
        ("9", list(Y24), list(Y25))]  # fmt: skip
    quiet = runner.invoke(app, [*args, "--change-threshold", "150"])
    assert quiet.exit_code == 0 and "large change" not in quiet.stderr
