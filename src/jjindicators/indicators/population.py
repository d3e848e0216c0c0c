"""Child population for a rate's denominator: the same area, sex and age group (`indicators.md`).

A figure is built only from rows that tile the ages asked for exactly; an area with no rows of its
own takes the sum of its areas when every one of them has the figure (`docs/rules.md`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jjindicators.options import age_groups

if TYPE_CHECKING:
    from jjindicators.collate import Collated

CHILD_AGES = (0, 17)


def population_for(
    data: Collated, dimension: str, category: str, area: str
) -> tuple[float | None, str | None]:
    """The child population matching one breakdown cell, or None and the reason."""
    sex: str | None = None
    low, high = CHILD_AGES
    if dimension == "sex":
        if category not in ("F", "M"):
            return None, "no child population for sex not recorded"
        sex = category
    elif dimension == "age_group":
        match = [g for g in age_groups(data.options.age_breaks) if g[0] == category]
        if not match:
            return None, "no child population for age unknown"
        low, high = match[0][1], match[0][2]
    elif dimension not in ("total", "area"):
        return None, f"no child population for a breakdown by {dimension.replace('_', ' ')}"
    return lookup(data, area, sex, low, high)


def lookup(
    data: Collated, area: str, sex: str | None, low: int, high: int
) -> tuple[float | None, str | None]:
    """Children of `area` (and `sex`; None = both) aged `low`..`high`.

    Each figure is worked out once per submission: every indicator asks for the same ones."""
    key = (area, sex, low, high)
    if key not in data.population_cache:
        data.population_cache[key] = _lookup(data, area, sex, low, high)
    return data.population_cache[key]


def _lookup(
    data: Collated, area: str, sex: str | None, low: int, high: int
) -> tuple[float | None, str | None]:
    population = data.population
    rows = population[population["area_code"] == area]
    if rows.empty:
        children = data.areas.children(area)
        if not children:
            return None, f"no child population for area {area}"
        parts = [lookup(data, c, sex, low, high) for c in children]
        missing = [(c, why) for c, (v, why) in zip(children, parts, strict=True) if v is None]
        if missing:
            # The first area's own reason says what is lacking (e.g. no breakdown by sex).
            names = ", ".join(c for c, _ in missing)
            return (
                None,
                f"no child population for area {area} (missing for {names}: {missing[0][1]})",
            )
        return sum(v for v, _ in parts if v is not None), None
    if sex is not None:
        if not rows["sex"].eq(sex).any() and rows["sex"].eq("all").any():
            return None, f"the population of {area} is not broken down by sex"
        return _tile(rows[rows["sex"] == sex], low, high, f"{area} {sex}")
    total, reason = _tile(rows[rows["sex"] == "all"], low, high, f"{area}")
    if total is not None:
        return total, None
    girls, why_f = _tile(rows[rows["sex"] == "F"], low, high, f"{area} F")
    boys, why_m = _tile(rows[rows["sex"] == "M"], low, high, f"{area} M")
    if girls is None or boys is None:
        return None, reason if rows["sex"].eq("all").any() else (why_f or why_m)
    return girls + boys, None


def _tile(rows: pd.DataFrame, low: int, high: int, what: str) -> tuple[float | None, str | None]:
    """Sum rows whose ages lie within low..high when together they cover every such age once."""
    if rows.empty:
        return None, f"no child population for {what}"
    inside = rows[(rows["age_from"] >= low) & (rows["age_to"] <= high)]
    straddle = rows[(rows["age_from"] <= high) & (rows["age_to"] >= low)]
    if len(straddle) > len(inside):
        return None, f"the population of {what} is not broken down by ages {low}–{high}"
    covered = {a for f, t in zip(inside["age_from"], inside["age_to"], strict=True)
               for a in range(int(f), int(t) + 1)}  # fmt: skip
    if covered != set(range(low, high + 1)):
        return None, f"the population of {what} does not cover ages {low}–{high}"
    return float(inside["population"].sum()), None
