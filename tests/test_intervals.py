"""Confidence intervals (issue #19): each checked against published worked values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import beta

from jjindicators.intervals import LEVEL, Interval, garwood, unreliable, wilson


def clopper_pearson(successes: float, trials: float, level: float = LEVEL) -> Interval:
    """The exact (Clopper–Pearson) interval of a proportion, from the beta distribution: an
    independent check on `wilson`, which is never far from it."""
    alpha = 1 - level
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, trials - successes + 1))
    high = (1.0 if successes == trials
            else float(beta.ppf(1 - alpha / 2, successes + 1, trials - successes)))  # fmt: skip
    return Interval(low, high, level)


# Exact Poisson 95 % limits for 0, 2 and 10 events, as tabled by Garwood (1936) and in the
# Public Health England technical guide ("Confidence intervals", Byar/exact table).
@pytest.mark.parametrize("events, low, high", [(0, 0.0, 3.689), (2, 0.2422, 7.2247),
                                               (10, 4.7954, 18.3904)])  # fmt: skip
def test_garwood_gives_the_tabled_limits(events, low, high):
    found = garwood(events)
    assert found.low == pytest.approx(low, abs=5e-4)
    assert found.high == pytest.approx(high, abs=5e-4)


# Wilson 95 % limits: 0 of 20 is [0, 0.1611] and 3 of 10 is [0.1078, 0.6032] (Newcombe 1998,
# Table I; Brown, Cai and DasGupta 2001).
@pytest.mark.parametrize("successes, trials, low, high", [(0, 20, 0.0, 0.1611),
                                                          (3, 10, 0.1078, 0.6032)])  # fmt: skip
def test_wilson_gives_the_published_limits(successes, trials, low, high):
    found = wilson(successes, trials)
    assert found.low == pytest.approx(low, abs=5e-4)
    assert found.high == pytest.approx(high, abs=5e-4)


@given(st.integers(0, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n + 1))))
def test_wilson_holds_the_proportion_and_stays_near_the_exact_interval(case):
    successes, trials = case
    found, exact = wilson(successes, trials), clopper_pearson(successes, trials)
    assert 0 <= found.low <= successes / trials <= found.high <= 1
    assert exact.low - 0.1 <= found.low and found.high <= exact.high + 0.1


@given(st.integers(0, 10_000))
def test_garwood_holds_the_count(events):
    found = garwood(events)
    assert found.low <= events <= found.high


def test_a_rate_is_the_count_interval_scaled():
    rate = garwood(2).scaled(1000 / 858)
    assert rate.high == pytest.approx(7.2247 * 1000 / 858, rel=1e-4)


def test_unreliable_follows_the_nchs_rules():
    assert unreliable(2, 2.3, garwood(2).scaled(1000 / 858))  # indicator 6's 2 deaths
    assert unreliable(9, 50.0, Interval(45, 55))  # fewer than 10 events
    assert unreliable(12, 1.0, Interval(0.1, 2.0))  # wider than 160 % of the figure
    assert not unreliable(180, 12.0, Interval(10.3, 13.9))


def test_nonsense_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        garwood(-1)
    with pytest.raises(ValueError, match="trials"):
        wilson(3, 2)
