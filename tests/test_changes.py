"""The year-on-year check (`changes.py`): a change is flagged when it is larger than the threshold
and its rate ratio's exact 95 % interval excludes 1; durations by their own intervals; answers and
suppressed figures never."""

from __future__ import annotations

import math

import pytest
from scipy.stats import beta

from jjindicators.catalogue import CATALOGUE, Code
from jjindicators.changes import (
    Change,
    Figure,
    change_issue,
    changes_between,
    large_change,
    rate_ratio_interval,
)

PERIODS = (("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31"))


def children(n: float) -> Figure:
    return Figure("2", "children", n, n)


def rate(events: float, population: float) -> Figure:
    return Figure("2", "per 100,000 children", events / population * 1e5, events, population)


def clopper_pearson_ratio(k1: int, e1: float, k2: int, e2: float) -> tuple[float, float]:
    """The same interval from the beta distribution directly (Clopper-Pearson), then the ratio."""
    n = k1 + k2
    low = beta.ppf(0.025, k2, n - k2 + 1) if k2 else 0.0
    high = beta.ppf(0.975, k2 + 1, n - k2) if k2 < n else 1.0
    ratio = [p / (1 - p) * e1 / e2 if p < 1 else math.inf for p in (low, high)]
    return ratio[0], ratio[1]


@pytest.mark.parametrize(("k1", "e1", "k2", "e2"),
                         [(12, 1, 85, 1), (180, 1, 172, 1), (5, 1000, 5, 769), (30, 2e5, 45, 2.1e5),
                          (0, 1, 20, 1), (20, 1, 0, 1)])  # fmt: skip
def test_the_rate_ratio_interval_is_the_exact_conditional_one(k1, e1, k2, e2):
    found = rate_ratio_interval(k1, e1, k2, e2)
    assert found is not None
    assert found == pytest.approx(clopper_pearson_ratio(k1, e1, k2, e2), rel=1e-9)


def test_a_jump_from_12_to_85_children_is_flagged():
    change = large_change(children(12), children(85))
    assert change is not None
    assert change.percent == pytest.approx(608.33, abs=0.01)
    assert change.low is not None and change.low > 1  # the interval excludes 1


def test_a_change_from_180_to_172_is_not_flagged():
    assert large_change(children(180), children(172)) is None


def test_a_30_percent_change_on_5_events_is_chance():
    """5 → 5 events in a population 23 % smaller: the rate rises 30 %, by chance alone."""
    before, after = rate(5, 100_000), rate(5, 76_923)
    assert (after.value / before.value - 1) * 100 == pytest.approx(30, abs=0.1)  # type: ignore[operator]
    assert large_change(before, after) is None
    assert large_change(children(10), children(13)) is None  # +30 % on 10: chance too


def test_the_same_ratio_on_many_events_is_flagged():
    assert large_change(rate(500, 100_000), rate(500, 76_923)) is not None


def test_zeros_give_an_answer_and_no_crash():
    assert large_change(children(0), children(0)) is None  # nothing happened
    up = large_change(children(0), children(20))
    assert up is not None and up.percent is None and up.high == math.inf
    assert large_change(children(20), children(0)) is not None  # down to 0: -100 %
    assert large_change(children(0), children(2)) is None  # 0 → 2: chance
    assert large_change(rate(0, 1e5), rate(0, 1e5)) is None
    assert up.to_dict()["ratio_high"] is None  # strict JSON: no Infinity


def test_the_threshold_applies():
    assert large_change(children(100), children(140), threshold=50) is None
    assert large_change(children(100), children(140), threshold=25) is not None
    assert large_change(children(100), children(122), threshold=25) is None  # significant, small


def test_a_share_is_compared_on_its_numerators_and_denominators():
    before = Figure("9", "%", 28.0, 60, 214)
    after = Figure("9", "%", 58.5, 113, 193)
    change = large_change(before, after)
    assert change is not None and change.method == "rate_ratio"
    assert large_change(Figure("9", "%", 28.0, 6, 21), Figure("9", "%", 50.0, 10, 20)) is None


def test_what_cannot_be_judged_is_not_flagged():
    suppressed = Figure("2", "per 100,000 children", 10.0, None, 1e5)
    assert large_change(suppressed, rate(100, 1e5)) is None
    answers = Figure("14", "answer", "partial"), Figure("14", "answer", "yes")
    assert large_change(*answers) is None
    assert large_change(Figure("2", "children", 12, 12), Figure("2", "deaths", 85, 85)) is None


def test_durations_are_compared_by_their_intervals_when_they_have_them():
    median = "days (median)"
    assert large_change(Figure("4", median, 28), Figure("4", median, 60)) is None  # no intervals
    apart = Figure("4", median, 28, None, 454, 25, 31), Figure("4", median, 60, None, 400, 52, 66)
    change = large_change(*apart)
    assert change is not None and change.method == "intervals"
    overlap = Figure("4", median, 28, None, 50, 20, 45), Figure("4", median, 40, None, 50, 30, 55)
    assert large_change(*overlap) is None


def test_changes_between_two_periods_match_headlines_by_label():
    before = [{"indicator": "2", "unit": "children", "value": 12, "numerator": 12},
              {"indicator": "12(b)", "unit": "% of places", "value": 10.0, "numerator": 2,
               "denominator": 20}]  # fmt: skip
    after = [{"indicator": "2", "unit": "children", "value": 85, "numerator": 85},
             {"indicator": "12(b)", "unit": "% of places", "value": 15.0, "numerator": 3,
              "denominator": 20}]  # fmt: skip
    found = changes_between(before, after, PERIODS, country="Exampleland")
    assert [(c.indicator, c.before, c.after, c.country) for c in found] == [
        ("2", *PERIODS, "Exampleland")]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Indicator 2 (Children in detention) went from 12 children (2024) to 85 children "
            "(2025), +608 %: a change this large is unlikely to be chance."),
     ("fr", "L'indicateur 2 (Enfants en détention) est passé de 12 enfants (2024) à 85 enfants "
            "(2025), +608 % : une variation aussi forte a peu de chances d'être due au hasard."),
     ("es", "El indicador 2 (Niños en detención) pasó de 12 niños (2024) a 85 niños (2025), "
            "+608 %: es poco probable que una variación tan grande se deba al azar.")],
)  # fmt: skip
def test_the_warning_names_the_indicator_both_periods_and_both_figures(lang, expected):
    change = large_change(children(12), children(85))
    assert change is not None
    from dataclasses import replace

    issue = change_issue(replace(change, before=PERIODS[0], after=PERIODS[1]))
    assert issue.code is Code.LARGE_CHANGE and issue.severity == "warning"
    assert CATALOGUE[Code.LARGE_CHANGE].severity == "warning"
    assert issue.text("message", lang) == expected
    assert "publi" in issue.text("hint", lang)  # explain it before publishing


def test_figures_are_written_in_the_readers_language():
    change = Change("9", "%", ("2024-07-01", "2025-06-30"), ("2025-01-01", "2025-12-31"), 1234.5,
                    0.0, -100.0, "rate_ratio", 0.0, 0.1)  # fmt: skip
    assert "1\u202f234,5 %" in change_issue(change).text("message", "fr")
    assert "2024-07-01 to 2025-06-30" in change_issue(change).message
    assert "-100 %" in change_issue(change).message
    from_zero = Change("2", "children", *PERIODS, 0, 20, None, "rate_ratio", 4.9, math.inf)
    assert "up from zero" in change_issue(from_zero).message
