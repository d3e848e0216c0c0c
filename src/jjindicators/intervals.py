"""95 % confidence intervals of counts and proportions, and when a figure is unreliable.

Issue #19 (first part; not yet shown in the reports). The methods are those of official
practice: the exact Poisson interval (Garwood 1936) for a count, and so for a rate whose
denominator is a population taken as exact; the Wilson score interval for a proportion. Both come
from `scipy.stats` distributions; nothing is written by hand but the textbook formulas around
them. A figure is *unreliable* when it rests on fewer than `min_events` events, or when its
interval is wider than `max_width` times the figure (the US NCHS presentation standards: 10
events, 160 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import chi2, norm

LEVEL = 0.95
MIN_EVENTS = 10
MAX_WIDTH = 1.6  # an interval wider than 160 % of the figure


@dataclass(frozen=True)
class Interval:
    """A confidence interval: `low` to `high`, at `level`."""

    low: float
    high: float
    level: float = LEVEL

    def scaled(self, factor: float) -> Interval:
        """The interval times `factor` (a count's interval as a rate per 100,000: `factor` =
        100,000 / population)."""
        return Interval(self.low * factor, self.high * factor, self.level)


def garwood(events: float, level: float = LEVEL) -> Interval:
    """The exact Poisson interval of a count of `events` (Garwood 1936), from the chi-square
    distribution: [χ²(α/2; 2k) / 2, χ²(1 − α/2; 2k + 2) / 2], the low end 0 for no event.

    >>> round(garwood(2).low, 4), round(garwood(2).high, 4)
    (0.2422, 7.2247)
    """
    if events < 0 or math.isnan(events):
        raise ValueError(f"A count of events is 0 or more, not {events}.")
    alpha = 1 - level
    low = 0.0 if events == 0 else float(chi2.ppf(alpha / 2, 2 * events)) / 2
    high = float(chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2
    return Interval(low, high, level)


def wilson(successes: float, trials: float, level: float = LEVEL) -> Interval:
    """The Wilson score interval of the proportion `successes / trials` (Wilson 1927), as a
    proportion from 0 to 1.

    >>> [round(x, 4) for x in (wilson(3, 10).low, wilson(3, 10).high)]
    [0.1078, 0.6032]
    """
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"A proportion needs 0 ≤ successes ≤ trials and trials > 0, "
                         f"not {successes} of {trials}.")  # fmt: skip
    z = float(norm.ppf(1 - (1 - level) / 2))
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials**2))
    # exact at the ends: rounding would leave 1e-18 above 0 for no success
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(low, high, level)


def unreliable(
    events: float, value: float | None, interval: Interval | None,
    min_events: int = MIN_EVENTS, max_width: float = MAX_WIDTH,
) -> bool:  # fmt: skip
    """Whether a figure resting on `events` is unreliable: fewer than `min_events` events, or an
    interval wider than `max_width` times the figure (a figure of 0 with events below the
    minimum is unreliable by the first rule).

    >>> unreliable(2, 2.3, Interval(0.3, 8.3)), unreliable(180, 12.0, Interval(10.3, 13.9))
    (True, False)
    """
    if events < min_events:
        return True
    if value is None or interval is None or value == 0:
        return False
    return (interval.high - interval.low) > max_width * abs(value)
