"""Issue #19: every rate, percentage and median carries its 95 % interval in every output, and a
figure resting on few children is marked unreliable (`indicators/reliability.py`).

The intervals are checked against scipy's own routes, not the ones jjind takes: the exact
Poisson interval from the gamma distribution (jjind: chi-square), Wilson from
`binomtest(...).proportion_ci` (jjind: the score formula), the median's from the textbook ranks.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from scipy.stats import binomtest, gamma
from typer.testing import CliRunner

from jjindicators.cli import app
from jjindicators.compute import ComputeResult, compute
from jjindicators.indicators.base import Cell
from jjindicators.indicators.codes import HEADLINE, UNRELIABLE, Part, Unit
from jjindicators.indicators.durations import Sample
from jjindicators.indicators.reliability import checked
from jjindicators.options import ComputeOptions
from jjindicators.validate import ValidateOptions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "exampleland-2025.xlsx"
TODAY = ValidateOptions(today=dt.date(2026, 11, 25))
RATES = {str(Unit.PER_100000): 100_000, str(Unit.PER_1000_DETAINED): 1_000}
PERCENTAGES = {str(Unit.PERCENT), str(Unit.PERCENT_OF_PLACES)}


@pytest.fixture(scope="module")
def example() -> ComputeResult:
    return compute([EXAMPLE], validate_options=TODAY)


def expected(row: dict) -> tuple[float, float] | None:
    """The 95 % interval of a row of indicators.csv, worked out here by scipy's other routes."""
    num, den, unit = row["numerator"], row["denominator"], str(row["unit"])
    if row["value"] is None or num is None or not den:
        return None
    if unit in RATES:
        k = num
        low = 0.0 if k == 0 else gamma.ppf(0.025, k)
        return low * RATES[unit] / den, gamma.ppf(0.975, k + 1) * RATES[unit] / den
    if unit in PERCENTAGES:
        ci = binomtest(round(num), round(den)).proportion_ci(0.95, method="wilson")
        return ci.low * 100, ci.high * 100
    return None


def test_every_rate_and_percentage_cell_has_its_interval(example):
    rows = example.to_dict()["indicators"]
    checked_rows = 0
    for row in rows:
        want = expected(row)
        if want is None:
            if str(row["unit"]) in {*RATES, *PERCENTAGES}:
                assert row["ci_low"] is None and row["ci_high"] is None, row
            continue
        assert row["ci_low"] == pytest.approx(want[0], rel=1e-9, abs=1e-9), row
        assert row["ci_high"] == pytest.approx(want[1], rel=1e-9), row
        assert row["ci_low"] <= row["value"] <= row["ci_high"], row
        checked_rows += 1
    # headlines and breakdowns (sex, age, areas, sources...) alike
    assert checked_rows > 150
    breakdowns = [r for r in rows if r["dimension"] != "total" and r["ci_low"] is not None]
    assert {r["indicator"] for r in breakdowns} >= {"1", "2", "3", "7", "8", "9", "10", "11"}


def test_the_summary_shows_an_interval_for_every_rate_and_percentage(example):
    for row in example.summary():
        numeric = isinstance(row["value"], float | int)
        if numeric and (row["unit"] in RATES or row["unit"] in PERCENTAGES):
            assert row["ci_low"] is not None and row["ci_high"] is not None, row["indicator"]
    six = next(r for r in example.summary() if r["indicator"] == "6")
    assert (six["numerator"], six["denominator"]) == (2, 698)
    # 2 deaths: exact Poisson 0.2422–7.2247 deaths, per 1,000 of 698 children detained
    assert six["ci_low"] == pytest.approx(0.2422 * 1000 / 698, abs=1e-4)
    assert six["ci_high"] == pytest.approx(7.2247 * 1000 / 698, abs=1e-4)
    assert "unreliable" in six["flags"].split("; ")
    two = next(r for r in example.summary() if r["indicator"] == "2")
    assert "unreliable" not in two["flags"]  # 189 children, a narrow interval


def test_the_median_of_days_from_records_has_the_order_statistics_interval(example):
    # textbook: for 10 values the distribution-free 95 % interval of the median is x(2)..x(9)
    assert Sample(np.arange(1.0, 11.0), [10.0], False, 0.0).median_interval() == (2.0, 9.0)
    # 5 values are too few for any such interval to reach 95 %: none, not a made-up one
    assert Sample(np.arange(1.0, 6.0), [5.0], False, 0.0).median_interval() is None
    # from bands: none
    assert Sample(np.array([]), [3.0, 4.0], True, 0.0).median_interval() is None
    four = next(r for r in example.summary() if r["indicator"] == "4")
    assert four["ci_low"] <= four["value"] <= four["ci_high"]
    assert four["unit"] == "days (median)" and four["denominator"] == 454


@pytest.mark.parametrize(
    ("unit", "num", "den", "value", "below", "unreliable"),
    [
        (Unit.PER_100000, 9.0, 100_000.0, 9.0, 10, True),  # 9 events < 10
        (Unit.PER_100000, 10.0, 100_000.0, 10.0, 10, False),  # 10 events, 4.8–18.4: < 160 %
        (Unit.PER_100000, 2.0, 100_000.0, 2.0, 1, True),  # width 7.0 > 1.6 × 2.0
        (Unit.PERCENT, 3.0, 9.0, 100 / 3, 10, True),  # a share of 9 children
        (Unit.PERCENT, 30.0, 100.0, 30.0, 10, False),
        (Unit.PERCENT, 1.0, 100.0, 1.0, 10, True),  # 0.2 %–5.4 %: width 5.3 > 1.6
        (Unit.PERCENT, 0.0, 500.0, 0.0, 10, False),  # no width to compare: 500 children
        (Unit.PERCENT, 0.0, 5.0, 0.0, 10, True),
    ],
)
def test_the_unreliable_rule(unit, num, den, value, below, unreliable):
    multiplier = 100_000 if unit is Unit.PER_100000 else 100
    cell = Cell(indicator="x", part=HEADLINE, numerator=num, denominator=den,
                multiplier=multiplier, value=value, unit=unit)  # fmt: skip
    done = checked(cell, below)
    assert done.ci_low is not None and done.ci_high is not None
    assert (UNRELIABLE in done.flags) is unreliable


def test_counts_answers_and_means_have_no_interval_nor_mark():
    count = Cell(indicator="2", part=Part("in_detention"), numerator=3.0, value=3.0,
                 unit=Unit.CHILDREN)  # fmt: skip
    mean = Cell(indicator="4", part=Part("durations", "mean"), denominator=3.0, value=12.0,
                unit=Unit.DAYS)  # fmt: skip
    answer = Cell(indicator="14", part=HEADLINE, value="yes", unit=Unit.ANSWER)
    for cell in (count, mean, answer):
        assert checked(cell, 10) == cell


def test_a_median_on_few_children_is_unreliable_even_without_interval():
    median = Cell(indicator="4", part=Part("durations", "median"), denominator=4.0, value=12.0,
                  unit=Unit.DAYS)  # fmt: skip
    assert UNRELIABLE in checked(median, 10).flags


def test_the_threshold_is_an_option():
    loose = compute([EXAMPLE], ComputeOptions(unreliable_below=1), TODAY).summary()
    flags = {r["indicator"]: r["flags"] for r in loose}
    assert "unreliable" in flags["6"]  # 2 deaths: 0.3–10.4 is wider than 160 % of 2.9
    assert "unreliable" in flags["12(b)"]  # 2 of 6: 9.7–70.0 % wider than 160 % of 33.3 %
    assert "unreliable" not in flags["13(b)"]  # 3 of 6: 18.8–81.2 % is narrower than 80 %


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_excel_csv_json_and_console_carry_the_same_intervals(tmp_path):
    runner = CliRunner()
    fixed = ["--today", "2026-11-25"]
    book, folder = tmp_path / "report.xlsx", tmp_path / "csv"
    for args in (["-o", str(book)], ["-o", str(folder), "--format", "csv"]):
        done = runner.invoke(app, ["compute", str(EXAMPLE), *fixed, *args])
        assert done.exit_code == 0, done.output
    printed = runner.invoke(app, ["compute", str(EXAMPLE), *fixed, "--format", "json"])
    data = json.loads(printed.stdout)
    summary = {r["indicator"]: r for r in _csv(folder / "summary.csv")}
    assert list(summary["6"])[3:6] == ["value", "ci_low", "ci_high"]
    by_json = {r["indicator"]: r for r in data["summary"]}
    sheet = openpyxl.load_workbook(book)["Summary"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "Indicator")
    assert rows[top][3:6] == ("Value", "95 % CI from", "95 % CI to")
    excel = {r[0]: r for r in rows[top + 1 :] if r[0] in by_json}
    for number, row in by_json.items():
        if row["ci_low"] is None:
            assert summary[number]["ci_low"] == "" and excel[number][4] is None
            continue
        assert float(summary[number]["ci_low"]) == pytest.approx(row["ci_low"], rel=1e-12)
        assert float(summary[number]["ci_high"]) == pytest.approx(row["ci_high"], rel=1e-12)
        assert excel[number][4] == round(row["ci_low"], 1)
        assert excel[number][5] == round(row["ci_high"], 1)
    # the breakdowns too: indicators.csv has the intervals of every cell
    cells = _csv(folder / "indicators.csv")
    female = next(r for r in cells if (r["indicator"], r["part"], r["dimension"], r["category"])
                  == ("1", "headline", "sex", "F"))  # fmt: skip
    json_female = next(r for r in data["indicators"] if (r["indicator"], r["part"], r["dimension"],
                       r["category"]) == ("1", "headline", "sex", "F"))  # fmt: skip
    assert float(female["ci_low"]) == pytest.approx(json_female["ci_low"], rel=1e-12)
    # the mark: the value stays a number, the mark is in its format; the footnote says why
    six = next(r for r in sheet.iter_rows(min_row=top + 2) if r[0].value == "6")
    assert isinstance(six[3].value, float) and "†" in six[3].number_format
    texts = [r[0] for r in rows if isinstance(r[0], str)]
    assert any(t.startswith("† Unreliable: the figure rests on fewer than 10") for t in texts)
    shown = runner.invoke(app, ["compute", str(EXAMPLE), *fixed], env={"COLUMNS": "200"})
    assert "95 % CI 0.3–10.4" in shown.stdout
    assert "2.9 per 1,000 children detained †" in shown.stdout
    assert "† Unreliable" in shown.stdout
    french = runner.invoke(app, ["compute", str(EXAMPLE), *fixed, "--lang", "fr"],
                           env={"COLUMNS": "200"})  # fmt: skip
    assert "IC à 95 % 0,3–10,4" in french.stdout and "† Peu fiable" in french.stdout


def test_suppression_blanks_the_interval_with_the_figure():
    from jjindicators.options import PublicationOptions
    from jjindicators.protect import protect

    safe = protect(compute([EXAMPLE], validate_options=TODAY),
                   PublicationOptions("none", suppress_below=10))  # fmt: skip
    hidden = [c for r in safe.results for c in r.cells if c.suppressed]
    assert hidden and all(c.ci_low is None and c.ci_high is None for c in hidden)
    assert all(
        c.value is None or not math.isnan(float(c.ci_low)) for c in hidden if c.ci_low is not None
    )
