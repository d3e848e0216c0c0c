"""The arithmetic every indicator shares: ages, breakdown slices, rates, percentages, coverage,
what a result rests on, and the trace (`indicators.md`, "Breakdowns"; `collation.md`);
durations are in `durations.py`, the rules for "no number without data" in `evidence.py`, and an
indicator's result is put together in `results.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from jjindicators.collate import Collated
from jjindicators.forms.counts import NOT_APPLICABLE, count_name
from jjindicators.indicators.base import Cell, Coverage, IndicatorMeta
from jjindicators.indicators.population import population_for
from jjindicators.indicators.transfers import explode
from jjindicators.options import age_groups
from jjindicators.validate.records import completed_years

UNKNOWN = "unknown"
SEXES = ("F", "M", "U")
# Breakdowns of every quantitative indicator (`indicators.md`); indicators add their own.
BASE_DIMENSIONS = ("sex", "age_group", "area", "source")
RELEASE_EXCLUDED = ("transfer", "death", "escape")  # not releases (indicator 4)


def child_age(frame: pd.DataFrame, on: pd.Series | dt.date) -> pd.Series:
    """Completed years on `on` from the date of birth, or the `age` field when there is none."""
    ref = on if isinstance(on, pd.Series) else pd.Series(pd.Timestamp(on), index=frame.index)
    computed = completed_years(frame["date_of_birth"], ref)
    return computed.where(frame["date_of_birth"].notna(), frame["age"].astype("float"))


def age_group_of(ages: pd.Series, data: Collated) -> pd.Series:
    """Each age's group label, `unknown` where the age is unknown."""
    labels = pd.Series(UNKNOWN, index=ages.index, dtype=object)
    for label, low, high in age_groups(data.options.age_breaks):
        labels[(ages >= low) & (ages <= high)] = label
    return labels


def in_period(dates: pd.Series, data: Collated) -> pd.Series:
    """Dates within the reporting period (both ends included)."""
    start, end = (pd.Timestamp(d) for d in data.period)
    return (dates >= start) & (dates <= end)


def categories(dimension: str, units: pd.DataFrame, data: Collated, source_types: Sequence[str]
               ) -> list[str]:  # fmt: skip
    """The categories a breakdown shows: fixed code lists (zeros included), else what occurs."""
    if dimension == "sex":
        return list(SEXES)
    if dimension == "age_group":
        return [g[0] for g in age_groups(data.options.age_breaks)] + [UNKNOWN]
    if dimension == "source":
        expected = data.sources.index[data.sources["source_type"].isin(source_types)]
        return sorted(set(expected) | set(units["source_id"].dropna().unique()))
    column = units["source_id" if dimension == "source" else dimension]
    return sorted(str(v) for v in column.fillna(UNKNOWN).unique())


def slices(
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
) -> Iterator[tuple[str, str, str, np.ndarray]]:
    """(dimension, category, area, positions of the units in it): the total, then each
    dimension's categories; the area dimension runs over every area of the tree, each counting
    its whole subtree. Positions are in the units' order."""
    root = data.areas.root
    yield "total", "all", root, np.arange(len(units))
    none = np.empty(0, dtype=np.intp)
    for dimension in dimensions:
        # Rows are grouped once per dimension (not filtered once per category: a country can
        # have hundreds of sources and areas), keeping the units' order within each slice.
        if dimension == "area":
            at = units.groupby(units["area"].astype(object), sort=False).indices
            for area in data.areas.ordered():
                if area == root:
                    continue
                parts = [at[a] for a in data.areas.subtrees[area] if a in at]
                yield "area", area, area, np.sort(np.concatenate(parts)) if parts else none
            continue
        column = units["source_id" if dimension == "source" else dimension]
        at = units.groupby(column.fillna(UNKNOWN).astype(str), sort=False).indices
        for category in categories(dimension, units, data, source_types):
            yield dimension, category, root, at.get(category, none)


def coverage(
    data: Collated,
    meta: IndicatorMeta,
    form: str,
    source_types: Sequence[str],
    counted: pd.DataFrame | None = None,
    also: set[str] | None = None,
) -> tuple[Coverage, ...]:
    """Expected and reporting sources of `form` for every area (`collation.md`, "Coverage").

    Places of detention are expected only when they held children in the period. A source
    reports by counts when one of its count lines (`counted`: the lines this indicator counts;
    all of `<form>_counts` by default) has a figure, 0 included; when all its lines are blank it
    is "not available" (still expected); when all say "not applicable" it is not expected.
    `also` names sources that reported in another way (a place counted through its census for
    indicator 6's denominator)."""
    sources = data.sources[data.sources["source_type"].isin(source_types)]
    if "place_of_detention" in source_types:
        sources = sources[sources["held_children_in_period"] != "no"]
    reported = set(data.reported.get(form, set())) | set(also or ())
    lines = data.forms.get(count_name(form)) if counted is None else counted
    by_counts: set[str] = set()
    blank: set[str] = set()
    inapplicable: set[str] = set()
    if lines is not None and len(lines):
        kinds = lines["count"].map(_count_kind)
        for source, found in kinds.groupby(lines["source_id"].astype(str), sort=False):
            seen = set(found)
            if "figure" in seen:
                by_counts.add(source)
            elif seen == {"not applicable"}:
                inapplicable.add(source)
            elif "not available" in seen:
                blank.add(source)
    inapplicable -= reported
    blank -= reported
    reported |= by_counts
    sources = sources[~sources.index.isin(list(inapplicable))]
    set_aside = data.sources.loc[data.sources.index.isin(list(inapplicable)), "area"]
    by_area: dict[str, list[str]] = {}
    for source, area in zip(sources.index.tolist(), sources["area"].tolist(), strict=True):
        by_area.setdefault(area, []).append(source)
    result = []
    for area in data.areas.ordered():
        inside = (s for a in data.areas.subtrees[area] for s in by_area.get(a, ()))
        expected = tuple(sorted(inside))
        below = data.areas.subtrees[area]
        result.append(Coverage(
            meta.number, area, expected, tuple(s for s in expected if s in reported),
            tuple(s for s in expected if s in by_counts),
            tuple(s for s in expected if s in blank),
            tuple(sorted(s for s, a in set_aside.items() if a in below)),
        ))  # fmt: skip
    return tuple(result)


def _count_kind(value: object) -> str:
    """A count cell's kind: a figure (0 included), not applicable, or not available (blank)."""
    if value == NOT_APPLICABLE:
        return "not applicable"
    return "not available" if value is None or value != value else "figure"


def count_units(data: Collated, form: str, lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """The count lines of `<form>_counts` that have a figure, as units weighing `weight` children
    (`docs/counts.md`): `age_group` as sent (the configured groups: checked before), no age, no
    child_ref; `unit` names the line. `lines` narrows them (the register's `counted`)."""
    frame = data.forms.get(count_name(form)) if lines is None else lines
    if frame is None or not len(frame):
        return pd.DataFrame(columns=["weight", "unit", "age", "age_group", "child_ref"])
    figure = frame["count"].map(_count_kind) == "figure"
    rows = frame[figure].copy()
    rows["weight"] = rows["count"].astype(float)
    rows["age"] = np.nan
    rows["age_group"] = rows["age_group"].fillna(UNKNOWN)
    rows["sex"] = rows["sex"].fillna("U")
    rows["child_ref"] = None
    places = zip(*(rows[c].astype(str).tolist() for c in ("_file", "_sheet", "_row")), strict=True)
    rows["unit"] = [f"counts {f}#{s}:{r}" for f, s, r in places]
    return rows


def with_counts(units: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    """Record units (one child each) and count units (`weight` children each), together."""
    if not len(counted):
        return units
    if not len(units):
        # Keep the records' columns (a submission of counts only has no rows, but the
        # indicators still read `admission_date`...), their dates as dates.
        columns = list(dict.fromkeys([*units.columns, *counted.columns]))
        frame = counted.reindex(columns=columns).reset_index(drop=True)
        for name in units.columns.difference(counted.columns):
            if pd.api.types.is_datetime64_any_dtype(units[name]):
                frame[name] = pd.to_datetime(frame[name])
        return frame
    return pd.concat([units, counted], ignore_index=True)


def is_count_line(units: pd.DataFrame) -> pd.Series:
    """True for the units that are count lines (no dates, no ages: only their breakdown)."""
    if "weight" not in units:
        return pd.Series(False, index=units.index)
    return units["weight"].notna()


def weights(units: pd.DataFrame) -> np.ndarray:
    """How many children each unit stands for: 1 for a record, the figure of a count line."""
    if "weight" not in units:
        return np.ones(len(units))
    return units["weight"].to_numpy(dtype=float, na_value=1.0)


def total(units: pd.DataFrame) -> float:
    """How many children `units` stand for."""
    return float(weights(units).sum())


def counts_flag(*frames: pd.DataFrame) -> tuple[str, ...]:
    """`from counts` when some of the units are count lines with children in them."""
    for frame in frames:
        if "weight" in frame and (frame["weight"].fillna(0) > 0).any():
            return ("from counts",)
    return ()


def partial_flags(cov: tuple[Coverage, ...]) -> dict[str, tuple[str, ...]]:
    """`partial` for each area whose coverage is below 100 %."""
    return {c.area: ("partial",) for c in cov if c.ratio is not None and c.ratio < 1}


def level(data: Collated, area: str) -> int:
    """An area's depth in the tree: 0 for the country."""
    return data.areas.depth(area)


def rate_cells(
    meta: IndicatorMeta,
    part: str,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    multiplier: int = 100_000,
    flags: dict[str, tuple[str, ...]] | None = None,
) -> list[Cell]:
    """Counts per child population of the same area, sex and age group (`indicators.md`)."""
    cells = []
    weight = weights(units)
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        count = float(weight[rows].sum())
        population, reason = population_for(data, dimension, category, area)
        value = count / population * multiplier if population else None
        note = reason if population is None else ("" if population else "child population is 0")
        cells.append(Cell(meta.number, part, dimension, category, area, level(data, area), count,
                          population, multiplier, value, meta.unit,
                          (flags or {}).get(area, ()), note))  # fmt: skip
    return cells


def ratio_cells(
    meta: IndicatorMeta,
    part: str,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    multiplier: int = 100,
    unit: str | None = None,
    flags: dict[str, tuple[str, ...]] | None = None,
) -> list[Cell]:
    """Numerator / denominator × multiplier, from the units' `num` and `den` columns."""
    cells = []
    nums, dens = units["num"].to_numpy(dtype=float), units["den"].to_numpy(dtype=float)
    nums, dens = nums * weights(units), dens * weights(units)
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        num, den = float(nums[rows].sum()), float(dens[rows].sum())
        value = num / den * multiplier if den else None
        note = "" if den else "not computable: the denominator is 0"
        cells.append(Cell(meta.number, part, dimension, category, area, level(data, area), num,
                          den, multiplier, value, unit or meta.unit,
                          (flags or {}).get(area, ()), note))  # fmt: skip
    return cells


def trace(units: pd.DataFrame, meta: IndicatorMeta, part: str, role: str) -> pd.DataFrame:
    """The trace rows of `units`: which row each counted unit came from (every episode of a
    chain of transfers, `transfers.explode`)."""
    units = explode(units)
    return pd.DataFrame({
        "indicator": meta.number,
        "part": part,
        "role": role,
        "unit": units["unit"] if "unit" in units else units.index.astype(str),
        "source_file": units["_file"],
        "sheet": units["_sheet"],
        "row": units["_row"],
        "source_id": units["source_id"],
        "child_ref": units["child_ref"],
        "count": weights(units).astype(int),
    })  # fmt: skip


def ratio_trace(units: pd.DataFrame, meta: IndicatorMeta, part: str) -> pd.DataFrame:
    """The trace of a ratio: its numerator's rows, then its denominator's."""
    return pd.concat([trace(units[units["num"] > 0], meta, part, "numerator"),
                      trace(units[units["den"] > 0], meta, part, "denominator")],
                     ignore_index=True)  # fmt: skip


def reference(data: Collated, meta: IndicatorMeta) -> str:
    """The period or the census date the indicator refers to."""
    if meta.period:
        return f"{data.period[0].isoformat()} to {data.period[1].isoformat()}"
    return f"census date {data.census_date.isoformat()}"


def count_cell(
    meta: IndicatorMeta, data: Collated, part: str, count: float, unit: str,
    of: float | None = None,
) -> Cell:  # fmt: skip
    """A national count reported beside the headline (never inside it), out of `of` if given."""
    return Cell(meta.number, part, "total", "all", data.areas.root, 0, float(count),
                None if of is None else float(of), None, float(count), unit)  # fmt: skip


def distinct_children(frame: pd.DataFrame, data: Collated) -> pd.Series:
    """A unit id per row: rows with the same `child_ref` (within a source, or in the whole country
    when `child_ref_scope = national`) share one; rows without a reference are one each."""
    national = data.child_ref_scope == "national"
    refs = frame["child_ref"].astype(object).where(frame["child_ref"].notna(), None).tolist()
    scopes = ["*"] * len(frame) if national else frame["source_id"].astype(str).tolist()
    # Text built in Python: pandas' own string concatenation is several times slower here.
    ids = [None if r is None else f"child {s}/{r}" for s, r in zip(scopes, refs, strict=True)]
    units = pd.Series(ids, index=frame.index, dtype=object)
    without = units.isna()
    if without.any():
        units[without] = row_ids(frame[without])
    return units.astype(str)


def row_ids(frame: pd.DataFrame) -> pd.Series:
    """A unit id naming each row's place: `row <file>#<sheet>:<row>` (one unit per row)."""
    columns = (frame["_file"].astype(str), frame["_sheet"].astype(str), frame["_row"])
    ids = [f"row {f}#{s}:{r}" for f, s, r in zip(*(c.tolist() for c in columns), strict=True)]
    return pd.Series(ids, index=frame.index, dtype="str")


def first_per_unit(frame: pd.DataFrame, order: str) -> pd.DataFrame:
    """One row per `unit`: the earliest by `order` (ties: the first in the files)."""
    ranked = frame.sort_values([order, "_file", "_sheet", "_row"], kind="stable")
    return ranked.drop_duplicates("unit", keep="first").sort_index()


def with_dims(frame: pd.DataFrame, ages: pd.Series, data: Collated) -> pd.DataFrame:
    """Add the breakdown columns every indicator uses: `age`, `age_group` (sex, area, source_id,
    place_type are already there)."""
    out = frame.copy()
    out["age"] = ages
    out["age_group"] = age_group_of(ages, data)
    out["sex"] = out["sex"].fillna("U")
    return out
