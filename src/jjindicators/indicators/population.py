"""Child population for a rate's denominator: the same area, sex and age group (`indicators.md`).

A figure is built only from rows that tile the ages asked for exactly; an area with no rows of its
own takes the sum of its areas when every one of them has the figure (`docs/rules.md`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jjindicators.indicators.codes import Note
from jjindicators.options import age_groups

if TYPE_CHECKING:
    from jjindicators.collate import Collated

CHILD_AGES = (0, 17)


def population_for(
    data: Collated, dimension: str, category: str, area: str
) -> tuple[float | None, Note | None]:
    """The child population matching one breakdown cell, or None and the reason."""
    sex: str | None = None
    low, high = CHILD_AGES
    if dimension == "sex":
        if category not in ("F", "M"):
            return None, Note("no_population_sex")
        sex = category
    elif dimension == "age_group":
        match = [g for g in age_groups(data.options.age_breaks) if g[0] == category]
        if not match:
            return None, Note("no_population_age")
        low, high = match[0][1], match[0][2]
    elif dimension not in ("total", "area"):
        return None, Note.of("no_population_by", dimension=dimension)
    return lookup(data, area, sex, low, high)


def lookup(
    data: Collated, area: str, sex: str | None, low: int, high: int
) -> tuple[float | None, Note | None]:
    """Children of `area` (and `sex`; None = both) aged `low`..`high`.

    Each figure is worked out once per submission: every indicator asks for the same ones."""
    key = (area, sex, low, high)
    if key not in data.population_cache:
        data.population_cache[key] = _lookup(data, area, sex, low, high)
    return data.population_cache[key]


Row = tuple[str, int, int, float]  # sex, age_from, age_to, population


def _lookup(
    data: Collated, area: str, sex: str | None, low: int, high: int
) -> tuple[float | None, Note | None]:
    rows = data.population_by_area.get(area, [])
    if not rows:
        children = data.areas.children(area)
        if not children:
            return None, Note.of("no_population_area", area=area)
        parts = [lookup(data, c, sex, low, high) for c in children]
        missing = [(c, why) for c, (v, why) in zip(children, parts, strict=True) if v is None]
        if missing:
            # The first area's own reason says what is lacking (e.g. no breakdown by sex).
            names = tuple(c for c, _ in missing)
            assert missing[0][1] is not None  # an area without a figure says why
            return None, Note.of(
                "no_population_parts", area=area, areas=names, reason=missing[0][1]
            )
        return sum(v for v, _ in parts if v is not None), None
    sexes = {r[0] for r in rows}

    def of(code: str) -> list[Row]:
        return [r for r in rows if r[0] == code]

    if sex is not None:
        if sex not in sexes and "all" in sexes:
            return None, Note.of("population_not_by_sex", area=area)
        return _tile(of(sex), low, high, f"{area} {sex}")
    total, reason = _tile(of("all"), low, high, f"{area}")
    if total is not None:
        return total, None
    girls, why_f = _tile(of("F"), low, high, f"{area} F")
    boys, why_m = _tile(of("M"), low, high, f"{area} M")
    if girls is None or boys is None:
        return None, reason if "all" in sexes else (why_f or why_m)
    return girls + boys, None


def _tile(rows: list[Row], low: int, high: int, what: str) -> tuple[float | None, Note | None]:
    """Sum rows whose ages lie within low..high when together they cover every such age once."""
    if not rows:
        return None, Note.of("no_population_for", what=what)
    inside = [r for r in rows if r[1] >= low and r[2] <= high]
    straddle = [r for r in rows if r[1] <= high and r[2] >= low]
    if len(straddle) > len(inside):
        return None, Note.of("population_not_by_ages", what=what, low=low, high=high)
    covered = {a for _, f, t, _ in inside for a in range(int(f), int(t) + 1)}
    if covered != set(range(low, high + 1)):
        return None, Note.of("population_not_all_ages", what=what, low=low, high=high)
    return float(sum(r[3] for r in inside if r[3] == r[3])), None  # NaN (blank) left out
