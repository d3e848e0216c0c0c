"""Small-cell suppression: counts below a threshold are hidden, with complementary suppression so
that no hidden count can be worked out from the published ones (`collation.md`, "Data protection").

A report's counts add up: each breakdown (by sex, age group, source...) adds up to its total, the
areas below an area add up to it (with what was counted at the area itself), the sources of an
area add up to it, and the duration bands of a row add up to its number of episodes. Each of these
is an *equation* `margin = sum(members)`. Counts from 1 to N - 1 are suppressed (*primary*); then
other counts are suppressed (*complementary*) until no suppressed count is fixed by the published
ones: first so that no equation has exactly one suppressed count, then by solving the equations
together (a suppressed count whose value every solution shares could be worked out).

Population denominators (the child population of rates per 100,000) are public and stay.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

import numpy as np

from jjindicators.indicators.base import Cell, IndicatorResult
from jjindicators.indicators.codes import SUPPRESSED, SUPPRESSED_COMPLEMENTARY, Flag, Part

K = TypeVar("K", bound=Hashable)
PRIMARY, COMPLEMENTARY = "primary", "complementary"
POPULATION_MULTIPLIER = 100_000  # rates per 100,000 children: the denominator is a population
# A count cell's key: (role, part or duration family, dimension, category, area).
Key = tuple[str, Part, str, str, str]


def suppress(
    values: Mapping[K, float], equations: Sequence[tuple[K, Sequence[K]]], threshold: int
) -> dict[K, str]:
    """Which counts to suppress, and why: `primary` (from 1 to `threshold` - 1) or
    `complementary` (so that no suppressed count follows from the published ones). `equations`
    are `(margin, members)` with margin = sum of members; keys not in `values` are ignored.

    >>> suppress({"T": 5, "F": 1, "M": 4, "U": 0}, [("T", ("F", "M", "U"))], 3)
    {'F': 'primary', 'M': 'complementary'}
    """
    order = {k: i for i, k in enumerate(values)}
    status: dict[K, str] = {k: PRIMARY for k, v in values.items() if 0 < v < threshold}
    kept = [(m, tuple(x for x in members if x in values)) for m, members in equations
            if m in values]  # fmt: skip
    eqs = [(m, members) for m, members in kept if members]
    while True:
        _no_single(values, eqs, status, order)
        fixed = _determined(eqs, status, order)
        if not fixed or not _free(values, eqs, status, order, fixed):
            return status


def _no_single(
    values: Mapping[K, float], eqs: list[tuple[K, tuple[K, ...]]], status: dict[K, str],
    order: Mapping[K, int],
) -> None:  # fmt: skip
    """Until no equation has exactly one suppressed count (total - others would reveal it),
    suppress one more count in each such equation."""
    changed = True
    while changed:
        changed = False
        for margin, members in eqs:
            if sum(k in status for k in (margin, *members)) == 1:
                pick = _complement(values, margin, members, status, order)
                if pick is not None:
                    status[pick] = COMPLEMENTARY
                    changed = True


def _complement(
    values: Mapping[K, float], margin: K, members: tuple[K, ...], status: Mapping[K, str],
    order: Mapping[K, int],
) -> K | None:  # fmt: skip
    """The count to hide beside a suppressed one: the smallest non-zero published member, else
    the margin; zeros only as a last resort (a hidden zero beside a primary count can betray it)."""
    open_members = sorted(
        (k for k in members if k not in status), key=lambda k: (values[k], order[k])
    )
    non_zero = [k for k in open_members if values[k] > 0]
    margin_open = [margin] if margin not in status else []
    for group in (non_zero, [k for k in margin_open if values[k] > 0], open_members, margin_open):
        if group:
            return group[0]
    return None


def _determined(
    eqs: list[tuple[K, tuple[K, ...]]], status: Mapping[K, str], order: Mapping[K, int]
) -> list[K]:
    """The suppressed counts that the equations fix, published counts known: those on which
    every solution of the equations agrees (a zero row of the null space)."""
    unknown = sorted({k for m, ms in eqs for k in (m, *ms) if k in status}, key=order.__getitem__)
    if not unknown:
        return []
    column = {k: j for j, k in enumerate(unknown)}
    rows = []
    for margin, members in eqs:
        row = np.zeros(len(unknown))
        for key, sign in ((margin, 1.0), *((m, -1.0) for m in members)):
            if key in column:
                row[column[key]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(matrix.shape)).sum())
    null = vt[rank:].T  # columns: a basis of the solutions' freedom
    if null.size == 0:
        return list(unknown)
    return [k for k in unknown if np.abs(null[column[k]]).max() < 1e-9]


def _free(
    values: Mapping[K, float], eqs: list[tuple[K, tuple[K, ...]]], status: dict[K, str],
    order: Mapping[K, int], fixed: list[K],
) -> bool:  # fmt: skip
    """Suppress one more count beside each fixed one, in the equation offering the smallest;
    False when nothing is left to suppress."""
    added = False
    for key in fixed:
        offers = [_complement(values, m, ms, status, order) for m, ms in eqs if key in (m, *ms)]
        picks = sorted(
            (k for k in offers if k is not None),
            key=lambda k: (values[k] == 0, values[k], order[k]),
        )
        if picks:
            status[picks[0]] = COMPLEMENTARY
            added = True
    return added


def suppress_results(
    results: Sequence[IndicatorResult],
    threshold: int,
    area_parents: Mapping[str, str | None],
    source_areas: Mapping[str, str],
) -> tuple[IndicatorResult, ...]:
    """Every indicator with its small counts suppressed: numbers blanked, cells flagged
    `suppressed` / `suppressed (complementary)`, and the indicator flagged. Policy indicators
    (answers about institutions) are left as they are."""
    done = []
    for result in results:
        if result.meta.kind == "policy":
            done.append(result)
            continue
        values = _counts(result)
        root = _root(result, area_parents)
        status = suppress(values, _equations(values, root, area_parents, source_areas), threshold)
        cells = tuple(_blank(result, cell, status) for cell in result.cells)
        flags = result.flags
        if status:
            flags = (*flags, Flag.of("small_counts_suppressed", below=threshold))
        done.append(replace(result, cells=cells, flags=flags))
    return tuple(done)


def _keys(result: IndicatorResult, cell: Cell) -> tuple[Key | None, Key | None]:
    """The keys of a cell's counts: its numerator, and its denominator unless that is a child
    population. A duration row's cells share one denominator (its number of episodes)."""
    if isinstance(cell.value, str):
        return None, None
    where = (cell.dimension, cell.category, cell.area)
    numerator = None if _missing(cell.numerator) else ("numerator", cell.part, *where)
    family = cell.part
    if result.meta.kind == "duration" and cell.part.is_duration:
        family = cell.part.family
    population = cell.multiplier == POPULATION_MULTIPLIER
    denominator = None
    if not population and not _missing(cell.denominator):
        denominator = ("denominator", family, *where)
    return numerator, denominator


def _missing(value: float | None) -> bool:
    return value is None or value != value  # NaN


def _counts(result: IndicatorResult) -> dict[Key, float]:
    values: dict[Key, float] = {}
    for cell in result.cells:
        numerator, denominator = _keys(result, cell)
        if numerator is not None:
            values[numerator] = float(cell.numerator or 0)
        if denominator is not None:
            values.setdefault(denominator, float(cell.denominator or 0))
    return values


def _root(result: IndicatorResult, area_parents: Mapping[str, str | None]) -> str:
    roots = [a for a, p in area_parents.items() if p is None]
    return roots[0] if len(roots) == 1 else result.headline.area


def _ancestors(area: str, parents: Mapping[str, str | None]) -> list[str]:
    chain = [area]
    while (up := parents.get(chain[-1])) is not None and up not in chain:
        chain.append(up)
    return chain


def _equations(
    values: Mapping[Key, float], root: str, parents: Mapping[str, str | None],
    source_areas: Mapping[str, str],
) -> list[tuple[Key, tuple[Key, ...]]]:  # fmt: skip
    """What adds up to what, for each count family (role × part): each breakdown to its total;
    the areas below an area to it (what was counted at the area itself is taken as known); the
    sources of an area to it; and each duration row's bands to its number of episodes."""
    eqs: list[tuple[Key, tuple[Key, ...]]] = []
    families = list(dict.fromkeys(k[:2] for k in values))
    sources_in = {area: [s for s, a in source_areas.items() if area in _ancestors(a, parents)]
                  for area in parents}  # fmt: skip
    children_of = {area: [c for c, p in parents.items() if p == area] for area in parents}
    for role, part in families:
        keys = [k for k in values if k[:2] == (role, part)]
        total: Key = (role, part, "total", "all", root)

        def area_key(area: str, role: str = role, part: Part = part) -> Key:
            return (role, part, "total", "all", root) if area == root else (
                role, part, "area", area, area)  # fmt: skip

        for dimension in dict.fromkeys(k[2] for k in keys if k[2] not in ("total", "area")):
            eqs.append((total, tuple(k for k in keys if k[2] == dimension)))
        for area in parents:
            eqs.append((area_key(area), tuple(area_key(c) for c in children_of[area])))
            inside = tuple((role, part, "source", s, root) for s in sources_in[area])
            if area != root:
                eqs.append((area_key(area), inside))
    for role, family, *where in values:
        if role == "denominator":
            bands = tuple(k for k in values if k[0] == "numerator" and k[1].band is not None
                          and k[1].family == family and list(k[2:]) == where)  # fmt: skip
            eqs.append((("denominator", family, *where), bands))  # type: ignore[arg-type]
    return eqs


def _blank(result: IndicatorResult, cell: Cell, status: Mapping[Key, str]) -> Cell:
    """The cell with its suppressed numbers blanked (and its value and interval, which would
    reveal them)."""
    numerator, denominator = _keys(result, cell)
    found = [status[k] for k in (numerator, denominator) if k is not None and k in status]
    if not found:
        return cell
    changes: dict[str, object] = {"value": None, "ci_low": None, "ci_high": None}
    if numerator in status:
        changes["numerator"] = None
    if denominator in status:
        changes["denominator"] = None
    flag = SUPPRESSED if PRIMARY in found else SUPPRESSED_COMPLEMENTARY
    return replace(cell, flags=(*cell.flags, flag), **changes)  # type: ignore[arg-type]
