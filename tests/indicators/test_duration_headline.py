"""The headline of indicators 4 and 5: the median, or the mean with `duration_headline = mean`
(`ComputeOptions.duration_headline`, `docs/rules.md`); both are always among the cells, and the
summary says which one is the headline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from conftest import TODAY, WORKED_EXAMPLE, submission, write_csv
from jjindicators.compute import ComputeResult, compute
from jjindicators.errors import UsageError
from jjindicators.options import ComputeOptions, load_options
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

CHECKS = ValidateOptions(today=TODAY)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "exampleland-2025.xlsx"
MEAN = ComputeOptions(duration_headline="mean")


def _indicator(result: ComputeResult, number: str):
    return next(r for r in result.results if r.meta.number == number)


def _total(result: ComputeResult, number: str, stat: str):
    return next(c for c in _indicator(result, number).cells
                if str(c.part) == stat and c.dimension == "total")  # fmt: skip


def _summary(result: ComputeResult, number: str) -> dict:
    return next(row for row in result.summary() if row["indicator"] == number)


@pytest.fixture(scope="module")
def worked() -> dict[str, ComputeResult]:
    return {stat: compute([WORKED_EXAMPLE], ComputeOptions(duration_headline=stat), CHECKS)
            for stat in ("median", "mean")}  # fmt: skip


@pytest.fixture(scope="module")
def shipped() -> dict[str, ComputeResult]:
    checks = ValidateOptions(today=dt.date(2026, 11, 25))
    return {stat: compute([EXAMPLE], ComputeOptions(duration_headline=stat), checks)
            for stat in ("median", "mean")}  # fmt: skip


@pytest.mark.parametrize(("number", "median", "mean", "n"), [("4", 30, 30, 3), ("5", 259, 259, 2)])
def test_the_worked_example_under_either_headline(worked, number, median, mean, n):
    """`worked-example.md`: 4 median 30, mean 30 (r2 0, r1 30, r3 60); 5 median 259, mean 259."""
    for stat, expected in (("median", median), ("mean", mean)):
        result = worked[stat]
        head = _indicator(result, number).headline
        assert (str(head.part), head.dimension) == (stat, "total")
        assert (head.value, head.denominator) == (expected, n)
        # both statistics are always there, whichever is the headline
        assert _total(result, number, "median").value == median
        assert _total(result, number, "mean").value == mean
        row = _summary(result, number)
        assert (row["value"], row["unit"]) == (expected, f"days ({stat})")
        trace = result.trace_frame()
        assert set(trace[trace["indicator"] == number]["part"]) == {stat}


def test_where_median_and_mean_differ_the_headline_follows_the_option(shipped):
    """The shipped example: a few long stays pull the mean above the median."""
    for number in ("4", "5"):
        median = _total(shipped["median"], number, "median").value
        mean = _total(shipped["median"], number, "mean").value
        assert mean > median
        assert _indicator(shipped["median"], number).headline.value == median
        assert _indicator(shipped["mean"], number).headline.value == mean
        assert _summary(shipped["mean"], number)["value"] == mean
        # every other cell is the same, only the order (the headline first) differs
        cells = {(c.part, c.dimension, c.category, c.area): c
                 for c in _indicator(shipped["median"], number).cells}  # fmt: skip
        assert {(c.part, c.dimension, c.category, c.area): c
                for c in _indicator(shipped["mean"], number).cells} == cells  # fmt: skip
    others = [r.cells for r in shipped["median"].results if r.meta.number not in ("4", "5")]
    assert others == [r.cells for r in shipped["mean"].results if r.meta.number not in ("4", "5")]


def test_a_mean_headline_from_duration_bands_is_not_computable(tmp_path):
    """Count lines give only bands: the median is estimated from them, the mean cannot be."""
    folder = submission(tmp_path, detention_register=None)
    write_csv(folder / "detention_register_counts.csv", [
        {"source_id": "DET1", "sex": "M", "age_group": "16-17", "counted": "pre_sentence_ended",
         "duration_band": band, "aftercare": "", "count": n}
        for band, n in (("0-7 days", 2), ("8-30 days", 4), ("31-90 days", 2))
    ])  # fmt: skip
    median = _indicator(compute([folder], validate_options=CHECKS), "4")
    assert median.headline.value == pytest.approx(19.5)
    mean = _indicator(compute([folder], MEAN, CHECKS), "4")
    assert (str(mean.headline.part), mean.headline.value) == ("mean", None)
    assert str(mean.headline.note) == "not_from_bands(stat=mean)"
    assert Words().flags(mean.flags).startswith("not computable from duration bands (mean)")
    assert Words("fr").flags(mean.flags).startswith("non calculable d'après les tranches")


def test_the_option_from_jjind_toml_and_its_checks(tmp_path):
    folder = submission(tmp_path)
    (folder / "jjind.toml").write_text('[compute]\nduration_headline = "mean"\n', encoding="utf-8")
    assert load_options([folder]).duration_headline == "mean"
    assert load_options([folder], duration_headline="median").duration_headline == "median"
    assert ComputeOptions().duration_headline == "median"
    assert ComputeOptions().describe()["duration_headline"] == "median"
    with pytest.raises(UsageError, match="duration_headline must be median or mean, not 'average'"):
        ComputeOptions(duration_headline="average")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_excel_report_says_which_statistic_is_the_headline(worked, tmp_path, lang):
    words = Words(lang)
    path = write_report_xlsx(worked["mean"], tmp_path / "report.xlsx", lang)
    book = openpyxl.load_workbook(path)
    rows = list(book[words("sheet_summary")].iter_rows(values_only=True))
    four = next(r for r in rows if r[0] == "4")
    assert (four[3], four[6]) == (30, words("unit_days_mean"))
    about = list(book[words("sheet_about")].iter_rows(values_only=True))
    assert ("duration_headline", "mean", None) in about
