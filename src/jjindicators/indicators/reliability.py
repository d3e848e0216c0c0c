"""Each rate's, percentage's and median's 95 % interval, and whether it is reliable (issue #19).

The jjind rules (`docs/rules.md`, "Intervals and reliability"):

- A rate per 100,000 children or per 1,000 children detained: the exact Poisson interval
  (Garwood) of its numerator, times `multiplier / denominator` — the denominator taken as exact,
  as official rates are.
- A percentage (of children, of places): the Wilson score interval of numerator / denominator.
- A median of days from records: the distribution-free interval of the order statistics
  (`durations.py`, which has the days). A median estimated from bands, a mean, a quartile, a
  maximum, a count and an answer have none.
- Unreliable: a figure resting on fewer than `unreliable_below` children or events (a rate: its
  numerator; a percentage: its denominator, the children it is a share of; a median: the
  children with a duration), or whose interval is wider than 160 % of it (NCHS). A figure of 0
  has no width to compare: the first rule alone decides.
"""

from __future__ import annotations

from dataclasses import replace

from jjindicators.indicators.base import Cell, IndicatorResult
from jjindicators.indicators.codes import PERCENTAGES, RATES, UNRELIABLE
from jjindicators.intervals import Interval, garwood, unreliable, wilson


def with_intervals(result: IndicatorResult, min_events: int) -> IndicatorResult:
    """The result with an interval on each of its rate and percentage cells (a median's is set
    by `durations.py`), and each rate, percentage and median flagged unreliable when it is."""
    return replace(result, cells=tuple(checked(cell, min_events) for cell in result.cells))


def checked(cell: Cell, min_events: int) -> Cell:
    """`cell` with its interval (`interval`) and, if it is unreliable, the flag."""
    found = interval(cell)
    if found is not None:
        cell = replace(cell, ci_low=found.low, ci_high=found.high)
    events = rests_on(cell)
    if events is None or not isinstance(cell.value, float | int):
        return cell
    known = cell.ci_low is not None and cell.ci_high is not None
    shown = Interval(cell.ci_low, cell.ci_high) if known else None  # type: ignore[arg-type]
    if unreliable(events, float(cell.value), shown, min_events) and UNRELIABLE not in cell.flags:
        cell = replace(cell, flags=(*cell.flags, UNRELIABLE))
    return cell


def interval(cell: Cell) -> Interval | None:
    """The 95 % interval of a rate or percentage cell with a figure, in its unit; None for any
    other cell (a median's comes from its days, `durations.py`).

    >>> from jjindicators.indicators.codes import Part, Unit
    >>> c = Cell(indicator="6", part=Part("headline"), numerator=2.0, denominator=870.0,
    ...          multiplier=1000, value=2.3, unit=Unit.PER_1000_DETAINED)
    >>> [round(x, 2) for x in (interval(c).low, interval(c).high)]
    [0.28, 8.3]
    """
    num, den, multiplier = cell.numerator, cell.denominator, cell.multiplier
    if cell.value is None or num is None or not den or multiplier is None or num < 0:
        return None
    if cell.unit in RATES:
        return garwood(num).scaled(multiplier / den)
    if cell.unit in PERCENTAGES:  # a rounded numerator may pass its denominator: 100 %
        return wilson(min(num, den), den).scaled(multiplier)
    return None


def rests_on(cell: Cell) -> float | None:
    """How many children or events a figure rests on (the module's rules); None for a cell that
    is neither a rate, a percentage nor a median."""
    if cell.unit in RATES:
        return cell.numerator
    if cell.unit in PERCENTAGES or cell.part.statistic == "median":
        return cell.denominator
    return None
