"""Rounding for publication: every count about children rounded to a multiple of a base, to the
nearest (`--round N`) or at random (`--random-round 3`, Statistics New Zealand's RR3) (issue #19;
`docs/data-protection.md`, the rules in `docs/rules.md`, "Rounding for publication").

The counts rounded are those suppression looks at (`suppress.py`): each cell's numerator, its
denominator unless it is a child population (public, and not a count of the children counted),
the value of a cell whose unit is a count (children, deaths, episodes, releases, persons: the
duration bands too), and the counts that flags and notes quote (`not stated: 7 of 189`). Each is
rounded on its own, totals too, so breakdowns may not add up to them. Policy indicators (answers
about places and laws, shares of places), durations in days and coverage (sources, not children)
are left as they are.

A rate or percentage is computed from the unrounded counts, then moved by the rounding of its
counts: value × (published numerator / numerator) × (denominator / published denominator). It is
therefore the figure of the published counts, a multiple of N × multiplier / denominator, and
tells nothing the rounded counts do not; its 95 % interval and whether it is unreliable are those
of the published counts too. Any finer precision (a rate rounded to a fixed step) would, beside
the rounded count, narrow the true count down, sometimes to one value.

The random draws are independent of the order of the cells and of the other cells: a count's draw
comes from a numpy Generator seeded with HMAC-SHA-256(seed, where + value), `where` being its
breakdown cell (dimension, category, area). The same count of the same breakdown cell is thus
published the same everywhere in the report (indicator 2's children detained are indicator 7's
denominator), and the same seed gives the same report.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TypeVar

import numpy as np

from jjindicators.indicators.base import Cell, IndicatorResult
from jjindicators.indicators.codes import (
    COUNTS,
    PERCENTAGES,
    RATES,
    UNRELIABLE,
    Coded,
    Note,
    Param,
    not_computable,
)
from jjindicators.indicators.reliability import checked
from jjindicators.intervals import MIN_EVENTS

POPULATION_MULTIPLIER = 100_000  # a rate per 100,000 children: the denominator is a population
COUNT_PARAMS = ("count", "total")  # the parameters of flags and notes that are counts of children
DENOMINATOR_ROUNDED_0 = not_computable(Note.of("denominator_rounded_0"))
# Flags whose counts are not rounded: the rows with errors left out, which the About sheet
# gives exactly (they are rows of the submission, not counted children).
UNROUNDED_FLAGS = frozenset({"excluded"})
Where = tuple[str, str, str]  # a breakdown cell: dimension, category, area
C = TypeVar("C", bound=Coded)


def round_to(value: float, base: int) -> float:
    """`value` rounded to the nearest multiple of `base`, a half up (15 → 20 for 10).

    >>> round_to(7, 3), round_to(8, 5), round_to(15, 10), round_to(0, 3)
    (6.0, 10.0, 20.0, 0.0)
    """
    return float(math.floor(value / base + 0.5) * base)


def probabilities(value: int, base: int) -> tuple[Fraction, Fraction]:
    """RR3's chances of going down and up to the multiples of `base` around `value`: a multiple
    stays (1, 0); otherwise up with probability residue / base, so that the expected value is
    `value` ((value - r)(base - r)/base + (value - r + base) r/base = value).

    >>> probabilities(17, 3), probabilities(16, 3)
    ((Fraction(1, 3), Fraction(2, 3)), (Fraction(2, 3), Fraction(1, 3)))
    """
    residue = value % base
    up = Fraction(residue, base)
    return 1 - up, up


def random_round(value: int, base: int, draw: float) -> int:
    """`value` rounded at random to a multiple of `base`, by a uniform `draw` in [0, 1): down when
    the draw falls below the chance of going down (`probabilities`).

    >>> random_round(17, 3, 0.2), random_round(17, 3, 0.5), random_round(18, 3, 0.99)
    (15, 18, 18)
    """
    down, _ = probabilities(value, base)
    below = value - value % base
    return below if draw < down else below + base


def draw(seed: str, where: Where, value: float) -> float:
    """The uniform draw in [0, 1) of the count `value` of the breakdown cell `where`: from a numpy
    Generator seeded with HMAC-SHA-256(seed, where + value), so that it depends on nothing else.

    >>> where = ("sex", "F", "NAT")
    >>> draw("a secret seed", where, 17) == draw("a secret seed", where, 17)
    True
    """
    key = json.dumps([*where, value], ensure_ascii=False).encode("utf-8")
    digest = hmac.new(seed.encode("utf-8"), key, hashlib.sha256).digest()
    return float(np.random.default_rng(int.from_bytes(digest, "big")).random())


@dataclass(frozen=True)
class Rounding:
    """A rounding for publication: to the nearest multiple of `base`, or at random (RR3) with
    draws made from `seed`.

    >>> Rounding(3).count(7, ("total", "all", "NAT"))
    6.0
    """

    base: int
    seed: str | None = None  # None: to the nearest multiple

    def count(self, value: float, where: Where) -> float:
        """The published count of `value`, a count of the breakdown cell `where`."""
        if self.seed is None or not float(value).is_integer():
            return round_to(value, self.base)
        whole = int(value)
        if whole % self.base == 0:
            return float(whole)
        return float(random_round(whole, self.base, draw(self.seed, where, float(whole))))


def round_results(
    results: Sequence[IndicatorResult], rounding: Rounding, min_events: int = MIN_EVENTS
) -> tuple[IndicatorResult, ...]:
    """Every indicator with its counts rounded (this module's rules); `min_events` is the
    threshold below which a figure is unreliable (`ComputeOptions.unreliable_below`). Policy
    indicators are left as they are.

    >>> round_results(compute(["data.xlsx"]).results, Rounding(3))  # doctest: +SKIP
    """
    done = []
    for result in results:
        if result.meta.kind == "policy":
            done.append(result)
            continue
        head = result.headline
        where = (head.dimension, head.category, head.area)
        cells = tuple(round_cell(cell, rounding, min_events) for cell in result.cells)
        flags = tuple(_coded(f, rounding, where) for f in result.flags)
        done.append(replace(result, cells=cells, flags=flags))
    return tuple(done)


def round_cell(cell: Cell, rounding: Rounding, min_events: int = MIN_EVENTS) -> Cell:
    """The cell as published: its counts rounded, its rate or percentage that of the rounded
    counts (with its interval, and the unreliable flag as they give it).

    >>> from jjindicators.indicators.codes import Part, Unit
    >>> cell = Cell(indicator="7", part=Part("headline"), numerator=29.0, denominator=190.0,
    ...             multiplier=100, value=100 * 29 / 190, unit=Unit.PERCENT)
    >>> shown = round_cell(cell, Rounding(3))
    >>> shown.numerator, shown.denominator, round(shown.value, 4)
    (30.0, 189.0, 15.873)
    """
    if isinstance(cell.value, str):  # an answer
        return cell
    where = (cell.dimension, cell.category, cell.area)
    changes: dict[str, object] = {}
    numerator, denominator = cell.numerator, cell.denominator
    if _known(numerator):
        changes["numerator"] = rounding.count(numerator, where)  # type: ignore[arg-type]
    if _known(denominator) and cell.multiplier != POPULATION_MULTIPLIER:
        changes["denominator"] = rounding.count(denominator, where)  # type: ignore[arg-type]
    value = cell.value
    if cell.unit in COUNTS and _known(value):
        same = value == numerator and "numerator" in changes
        changes["value"] = changes["numerator"] if same else rounding.count(value, where)  # type: ignore[arg-type]
    flags = tuple(_coded(f, rounding, where) for f in cell.flags)
    note = _coded(cell.note, rounding, where) if cell.note is not None else None
    shown = replace(cell, flags=flags, note=note, **changes)  # type: ignore[arg-type]
    if (
        cell.multiplier is not None
        and _known(value)
        and (cell.unit in RATES or cell.unit in PERCENTAGES)
    ):
        shown = _rate(cell, shown, min_events)
    elif cell.part.statistic == "median" and _known(value) and _known(shown.denominator):
        shown = _median(shown, min_events)
    return shown


def _median(shown: Cell, min_events: int) -> Cell:
    """A median's unreliable flag as its published number of episodes gives it (its days and
    their interval are not counts)."""
    return checked(_unflagged(shown), min_events)


def _rate(cell: Cell, shown: Cell, min_events: int) -> Cell:
    """A rate or percentage moved by the rounding of its counts (`round_cell`), with the interval
    and the unreliable flag of the published counts (`reliability.checked`)."""
    num, den = cell.numerator, cell.denominator
    new_num, new_den = shown.numerator, shown.denominator
    if not (_known(num) and _known(den) and _known(new_num) and _known(new_den)):
        return shown
    assert num is not None and den is not None and new_num is not None and new_den is not None
    if new_den == 0:  # a denominator rounded to 0: no figure
        return replace(_unflagged(shown), value=None, note=DENOMINATOR_ROUNDED_0)
    value = float(cell.value)  # type: ignore[arg-type]
    moved = 0.0 if num == 0 else value * (new_num / num) * (den / new_den)
    if cell.unit in PERCENTAGES:  # RR3 may round a numerator above its denominator
        moved = min(moved, 100.0)
    return checked(replace(_unflagged(shown), value=moved, ci_low=None, ci_high=None), min_events)


def _unflagged(cell: Cell) -> Cell:
    """The cell without the unreliable flag, its interval left out for a rate or percentage
    (`checked` works both out again)."""
    flags = tuple(f for f in cell.flags if f != UNRELIABLE)
    if cell.unit in RATES | PERCENTAGES:
        return replace(cell, flags=flags, ci_low=None, ci_high=None)
    return replace(cell, flags=flags)


def _coded(coded: C, rounding: Rounding, where: Where) -> C:
    """A flag or note with the counts it quotes rounded (`not stated: 7 of 189`); a `not
    computable` note's reason too."""
    if coded.code in UNROUNDED_FLAGS:
        return coded
    params: list[tuple[str, Param]] = []
    for name, value in coded.params:
        if name in COUNT_PARAMS and isinstance(value, int | float) and not isinstance(value, bool):
            shown = rounding.count(value, where)
            value = int(shown) if isinstance(value, int) else shown
        elif isinstance(value, Note):
            value = _coded(value, rounding, where)
        params.append((name, value))
    return replace(coded, params=tuple(params))


def _known(value: object) -> bool:
    return isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value))
