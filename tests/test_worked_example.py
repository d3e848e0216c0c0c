"""End to end: the worked example of `shared/spec/worked-example.md`, every value as worked by hand.

The submission is `tests/data/worked-example/` (a CSV folder, one file per form). The expected
numbers below are copied from the spec's "Expected results" table, with the arithmetic beside them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import WORKED_EXAMPLE
from jjindicators.compute import ComputeResult, compute
from jjindicators.validate import ValidateOptions


@pytest.fixture(scope="module")
def result() -> ComputeResult:
    out = compute([WORKED_EXAMPLE], validate_options=ValidateOptions(today=dt.date(2026, 1, 15)))
    assert out.computed
    return out


def cell(result: ComputeResult, indicator: str, part: str = "headline", dimension: str = "total",
         category: str = "all"):  # fmt: skip
    frame = result.cells_frame()
    found = frame[(frame.indicator == indicator) & (frame.part == part)
                  & (frame.dimension == dimension) & (frame.category == category)]  # fmt: skip
    assert len(found) == 1, (indicator, part, dimension, category, len(found))
    return found.iloc[0]


def ratio(result, indicator, *args):
    c = cell(result, indicator, *args)
    return c.numerator, c.denominator, round(c.value, 4)


def test_1_children_arrested_per_100000(result):
    # K1@POL1 (a1+a2 once), K2, a6, a7, K1@POL2 = 5; CP = 40,000+42,000+28,000+30,000 = 140,000
    assert (
        ratio(result, "1") == (5, 140_000, round(5 / 140_000 * 100_000, 4)) == (5, 140_000, 3.5714)
    )
    # R1: K1@POL1, K2 = 2 / 82,000; R2: a6, a7, K1@POL2 = 3 / 58,000
    assert ratio(result, "1", "headline", "area", "R1") == (2, 82_000, 2.4390)
    assert ratio(result, "1", "headline", "area", "R2") == (3, 58_000, 5.1724)
    # M: 4 / (42,000 + 30,000); F: K2 = 1 / (40,000 + 28,000)
    assert ratio(result, "1", "headline", "sex", "M") == (4, 72_000, 5.5556)
    assert ratio(result, "1", "headline", "sex", "F") == (1, 68_000, 1.4706)


def test_2_and_3_children_in_detention(result):
    # D = c1, c2, c3 (c4 is 18, c5 administrative); P = c1, c3
    assert ratio(result, "2") == (3, 140_000, 2.1429)
    assert ratio(result, "3") == (2, 140_000, 1.4286)
    share = cell(result, "3", "pre_sentence_share")
    assert (share.numerator, share.denominator, round(share.value, 1)) == (2, 3, 66.7)
    assert cell(result, "2", "administrative").value == 1  # c5
    # c4 is 18 but held in an adult prison (DET2): not among the 18+ held in places for
    # children (docs/rules.md)
    assert cell(result, "2", "aged_18").value == 0


def test_4_pre_sentence_duration(result):
    # r2: 0 days (released the same day); r1: 2025-02-01 → 2025-03-03 = 30; r3: 2024-11-20 →
    # 2025-01-19 = 60. Median 30, mean (0 + 30 + 60) / 3 = 30.
    assert (cell(result, "4", "median").value, cell(result, "4", "median").denominator) == (30, 3)
    assert cell(result, "4", "mean").value == 30
    assert cell(result, "4", "max").value == 60
    bands = {b: cell(result, "4", f"band:{b}").value for b in ("0-7", "8-30", "31-90", "91-180")}
    assert bands == {"0-7": 1, "8-30": 1, "31-90": 1, "91-180": 0}
    # Supplementary: pre-sentence on the census date, held so far: c1 60 days, c3 82 → median 71.
    assert cell(result, "4", "held_so_far:median").value == 71


def test_5_sentenced_duration(result):
    # r1: 2025-03-03 → 2025-09-03 = 184; r3: 2025-01-19 → 2025-12-19 = 334; median = mean = 259
    median = cell(result, "5", "median")
    assert (median.value, median.denominator) == (259, 2)
    assert cell(result, "5", "mean").value == 259
    assert cell(result, "5", "band:183-365").value == 2


def test_6_deaths_per_1000_detained(result):
    # deaths: R7; detained during 2025: r1, r2, r3, r4, r5, r7 (r6 left in 2024) → 1 / 6 × 1,000
    assert ratio(result, "6") == (1, 6, 166.6667)
    assert cell(result, "6", "deaths", "cause", "illness").value == 1
    trace = result.trace_frame()
    detained = trace[(trace.indicator == "6") & (trace.role == "denominator")]
    assert sorted(detained.child_ref) == ["R1", "R2", "R3", "R4", "R5", "R7"]


def test_7_8_separation_and_family_contact(result):
    assert ratio(result, "7") == (1, 3, 33.3333)  # c3
    assert ratio(result, "8") == (2, 3, 66.6667)  # c1, c3
    assert cell(result, "8", "held_fewer_than_91").value == 2  # c1 (60 days), c3 (82)


def test_9_10_sentencing_and_diversion(result):
    assert ratio(result, "9") == (1, 3, 33.3333)  # e1 / (e1 + e2 + e3)
    assert ratio(result, "10") == (2, 5, 40.0)  # (e4 + e5) / (e4 + e5 + e1 + e2 + e3)


def test_11_aftercare(result):
    assert ratio(result, "11") == (1, 2, 50.0)  # r1 yes, r2 no; r5 transfer, r7 death not releases
    assert cell(result, "11", "aftercare_not_stated").value == 1  # r3


def test_12_to_15_policy(result):
    assert ratio(result, "12", "b") == (1, 2, 50.0)  # DET1 inspected 2025-03-01; DET2 too old
    assert ratio(result, "13", "b") == (1, 2, 50.0)  # DET1 has a complaints system
    answers = [cell(result, n, p).value for n, p in
               (("12", "a"), ("13", "a"), ("14", "headline"), ("15", "headline"))]  # fmt: skip
    assert answers == ["partial", "yes", "partial", "no"]


def test_summary_has_every_indicator_in_order(result):
    numbers = [row["indicator"] for row in result.summary()]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
                       "12(a)", "12(b)", "13(a)", "13(b)", "14", "15"]  # fmt: skip


def test_the_trace_leads_back_to_the_rows(result):
    trace = result.trace_frame()
    one = trace[trace.indicator == "1"].sort_values("row")
    # a1, a2 (K1 at POL1, one child), a3 (K2), a6, a7 (no child_ref), a8 (K1 at POL2)
    assert list(one.row) == [2, 3, 4, 7, 8, 9]
    assert one.unit.nunique() == 5
    assert set(one.sheet) == {"arrests.csv"}
    assert one[one.row == 2].unit.iloc[0] == one[one.row == 3].unit.iloc[0]
