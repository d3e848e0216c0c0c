"""The year-on-year check: a headline whose change is both large and unlikely by chance (issue #19).

The UN crime-trends survey asks countries to explain large changes from the year before. jjind
flags a change between two periods of one headline (`docs/rules.md`, "Series and year-on-year
changes") when both hold:

- it is **large**: the value moved by more than `threshold` % (25 by default) of the earlier
  one, or away from 0;
- it is **unlikely by chance**: the 95 % interval of the rate ratio excludes 1. The interval is
  exact, conditional on the sum of the two counts: given k1 + k2 events, k2 is binomial with
  p = λ2·e2 / (λ1·e1 + λ2·e2), whose exact (Clopper-Pearson) interval from `scipy.stats.binomtest`
  gives the ratio λ2/λ1 = p / (1 − p) · e1 / e2. The exposures e are the denominators for rates
  and percentages, equal for counts.

A duration (median or mean days) is compared by its own 95 % intervals when both figures have one
(the order-statistic interval of a median from records): unlikely by chance when they do not
overlap; a duration without intervals, a policy answer and a figure without its numerator or
denominator (suppressed) are not checked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from scipy.stats import binomtest

from jjindicators.catalogue import Code
from jjindicators.folder_names import period_label
from jjindicators.indicators.codes import COUNTS, PERCENTAGES, RATES, Unit, label_number
from jjindicators.issue_params import Number, Param, Phrase
from jjindicators.issues import Issue, Where, make_issue

DEFAULT_THRESHOLD = 25.0  # percent of the earlier value (`--change-threshold`)
LEVEL = 0.95
Kind = Literal["rate", "share", "count", "duration", "answer"]
Method = Literal["rate_ratio", "intervals"]


def kind_of(unit: str) -> Kind:
    """How a headline of `unit` is compared: a rate or a share by its rate ratio, a count with
    equal exposures, a duration (`days (median)`) by its intervals; anything else is an answer
    (not compared)."""
    if unit in RATES:
        return "rate"
    if unit in PERCENTAGES:
        return "share"
    if unit in COUNTS:
        return "count"
    if unit.startswith(Unit.DAYS):
        return "duration"
    return "answer"


@dataclass(frozen=True)
class Figure:
    """One headline as the check needs it: its summary label (`9`, `12(b)`), unit, value, the
    counts it rests on and its 95 % interval (None where it has none)."""

    indicator: str
    unit: str
    value: float | str | None
    numerator: float | None = None
    denominator: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Figure:
        """A summary row's headline (`ComputeResult.summary()`, `summary.csv` read back)."""
        return cls(str(row["indicator"]), str(row.get("unit") or ""), _number(row.get("value")),
                   _float(row.get("numerator")), _float(row.get("denominator")),
                   _float(row.get("ci_low")), _float(row.get("ci_high")))  # fmt: skip


@dataclass(frozen=True)
class Change:
    """A large change between two periods of one headline that is unlikely by chance.

    `percent` is the change from the earlier value (None from 0); `low`–`high` the 95 % interval
    of the rate ratio (`rate_ratio`), or of nothing (`intervals`: the two figures' own intervals
    do not overlap). `earlier` names where the earlier figure came from when its period is not
    known (a previous report without `about.csv`).
    """

    indicator: str
    unit: str
    before: tuple[str, str]
    after: tuple[str, str]
    value_before: float
    value_after: float
    percent: float | None
    method: Method
    low: float | None = None
    high: float | None = None
    country: str = ""
    earlier: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what `jjind batch --format json` lists under `changes`."""
        return {"country": self.country, "indicator": self.indicator, "unit": self.unit,
                "period_before": list(self.before), "period_after": list(self.after),
                "value_before": self.value_before, "value_after": self.value_after,
                "percent": self.percent, "method": self.method, "ratio_low": _finite(self.low),
                "ratio_high": _finite(self.high)}  # fmt: skip


def rate_ratio_interval(
    k1: float, e1: float, k2: float, e2: float, level: float = LEVEL
) -> tuple[float, float] | None:
    """The exact `level` interval of the rate ratio (k2/e2) / (k1/e1), conditional on k1 + k2
    (None without any event: nothing to compare). `math.inf` when k1 is 0.

    >>> low, high = rate_ratio_interval(12, 1.0, 85, 1.0)
    >>> round(low, 2), round(high, 2)
    (3.85, 14.25)
    """
    n = round(k1) + round(k2)
    if n == 0 or e1 <= 0 or e2 <= 0:
        return None
    ci = binomtest(round(k2), n).proportion_ci(confidence_level=level, method="exact")
    scale = e1 / e2
    low = ci.low / (1 - ci.low) * scale if ci.low < 1 else math.inf
    high = ci.high / (1 - ci.high) * scale if ci.high < 1 else math.inf
    return float(low), float(high)


def large_change(
    before: Figure, after: Figure, threshold: float = DEFAULT_THRESHOLD
) -> Change | None:
    """The change from `before` to `after` of one headline when it is both larger than
    `threshold` % and unlikely by chance; None otherwise, and when it cannot be judged (an
    answer, a figure suppressed or missing, units that differ).

    >>> large_change(Figure("2", "children", 12, 12), Figure("2", "children", 85, 85)).percent
    608.3333333333333
    >>> large_change(Figure("2", "children", 180, 180), Figure("2", "children", 172, 172))
    """
    v1, v2 = before.value, after.value
    kind = kind_of(after.unit)
    if kind == "answer" or before.unit != after.unit:
        return None
    if not isinstance(v1, int | float) or not isinstance(v2, int | float):
        return None
    percent = None if v1 == 0 else (v2 - v1) / abs(v1) * 100
    if v1 == v2 or (percent is not None and abs(percent) <= threshold):
        return None
    if kind == "duration":
        return _by_intervals(before, after, float(v1), float(v2), percent)
    found = _counts(before, kind), _counts(after, kind)
    if found[0] is None or found[1] is None:
        return None
    ratio = rate_ratio_interval(*found[0], *found[1])
    if ratio is None or ratio[0] <= 1 <= ratio[1]:
        return None
    return Change(after.indicator, after.unit, ("", ""), ("", ""), float(v1), float(v2),
                  percent, "rate_ratio", *ratio)  # fmt: skip


def _counts(figure: Figure, kind: Kind) -> tuple[float, float] | None:
    """The events and the exposure of a figure: (numerator, denominator) for a rate or share,
    (count, 1) for a count; None when not known."""
    if kind == "count":
        events = figure.numerator if figure.numerator is not None else figure.value
        return (float(events), 1.0) if isinstance(events, int | float) else None
    if figure.numerator is None or not figure.denominator:
        return None
    return figure.numerator, figure.denominator


def _by_intervals(
    before: Figure, after: Figure, v1: float, v2: float, percent: float | None
) -> Change | None:
    """A duration's change, when both figures' intervals are known and do not overlap."""
    bounds = (before.ci_low, before.ci_high, after.ci_low, after.ci_high)
    if any(b is None for b in bounds):
        return None
    low1, high1, low2, high2 = (float(b) for b in bounds if b is not None)
    if low2 <= high1 and low1 <= high2:  # they overlap: it may be chance
        return None
    return Change(after.indicator, after.unit, ("", ""), ("", ""), v1, v2, percent, "intervals")


def changes_between(
    before: Sequence[Mapping[str, Any]],
    after: Sequence[Mapping[str, Any]],
    periods: tuple[tuple[str, str], tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
    country: str = "",
) -> list[Change]:
    """The large changes between two periods' summary rows, matched by their label (`9`,
    `12(b)`), in `after`'s order.

    >>> changes_between(rows_2024, rows_2025, (p2024, p2025))  # doctest: +SKIP
    [Change(indicator='9', ...)]
    """
    earlier = {str(row["indicator"]): Figure.from_row(row) for row in before}
    found = []
    for row in after:
        figure = Figure.from_row(row)
        if figure.indicator not in earlier:
            continue
        change = large_change(earlier[figure.indicator], figure, threshold)
        if change is not None:
            found.append(replace(change, before=periods[0], after=periods[1], country=country))
    return found


def change_issue(change: Change) -> Issue:
    """The warning `large-change` of a change: the indicator, both periods and both figures, and
    the hint to explain it before publishing.

    >>> issue = change_issue(Change("2", "children", ("2024-01-01", "2024-12-31"),
    ...     ("2025-01-01", "2025-12-31"), 12, 85, 608.3, "rate_ratio", 3.9, 13.0))
    >>> issue.message[:75]
    'Indicator 2 (Children in detention) went from 12 children (2024) to 85 chil'
    """
    name = Phrase(f"indicator.{label_number(change.indicator)}.name")
    return make_issue(
        Code.LARGE_CHANGE,
        Where(),
        None,
        indicator=change.indicator,
        name=name,
        before=_figure(change.value_before, change.unit),
        after=_figure(change.value_after, change.unit),
        period_before=_period(change.before, change.earlier),
        period_after=_period(change.after, ""),
        change=_percent(change.percent),
    )


def _figure(value: float, unit: str) -> Phrase:
    return Phrase.of("phrase.change_figure", value=Number(value), unit=unit_phrase(unit))


def unit_phrase(unit: str) -> Param:
    """A unit of the summary in the reader's language (`report.unit_*`), as `render/words`
    names it: `days (median)` is `unit_days_median`."""
    base, _, stat = unit.partition(" (")
    try:
        name = Unit(base).name.lower()
    except ValueError:
        return unit
    return Phrase(f"report.unit_{name}" + (f"_{stat.rstrip(')')}" if stat else ""))


def _period(period: tuple[str, str], earlier: str) -> Param:
    """A period as the series names it (`2025`, or its span), or where an earlier figure came
    from when its period is not known."""
    start, end = period
    if not start or not end:
        return earlier
    label = period_label(start, end)
    return label if "_" not in label else Phrase.of("report.span", start=start, end=end)


def _percent(percent: float | None) -> Param:
    if percent is None:
        return Phrase("phrase.change_from_zero")
    return Phrase.of("phrase.change_percent", change=Number(percent, 0, signed=True))


def _finite(value: float | None) -> float | None:
    """A bound as JSON has it: an infinite one (from a count of 0) as None."""
    return value if value is None or math.isfinite(value) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def _number(value: Any) -> float | str | None:
    if isinstance(value, str):
        return value
    return _float(value)
