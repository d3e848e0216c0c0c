"""Breakdowns every indicator shares: ages, the reporting period, the slices of a breakdown (total,
each dimension's categories, every area of the tree) and the unit each row counts as
(`indicators.md`, "Breakdowns")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from jjindicators.ages import completed_years
from jjindicators.collate import Collated
from jjindicators.indicators.base import child_unit
from jjindicators.options import age_groups

UNKNOWN = "unknown"
SEXES = ("F", "M", "U")
# Breakdowns of every quantitative indicator (`indicators.md`); indicators add their own.
BASE_DIMENSIONS = ("sex", "age_group", "area", "source")


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
            yield dimension, category, root, np.asarray(at.get(category, none))


def level(data: Collated, area: str) -> int:
    """An area's depth in the tree: 0 for the country."""
    return data.areas.depth(area)


def with_dims(frame: pd.DataFrame, ages: pd.Series, data: Collated) -> pd.DataFrame:
    """Add the breakdown columns every indicator uses: `age`, `age_group` (sex, area, source_id,
    place_type are already there)."""
    out = frame.copy()
    out["age"] = ages
    out["age_group"] = age_group_of(ages, data)
    out["sex"] = out["sex"].fillna("U")
    return out


def distinct_children(frame: pd.DataFrame, data: Collated) -> pd.Series:
    """A unit id per row: rows with the same `child_ref` (within a source, or in the whole country
    when `child_ref_scope = national`) share one; rows without a reference are one each."""
    national = data.child_ref_scope == "national"
    refs = frame["child_ref"].astype(object).where(frame["child_ref"].notna(), None).tolist()
    scopes = ["*"] * len(frame) if national else frame["source_id"].astype(str).tolist()
    # Text built in Python: pandas' own string concatenation is several times slower here.
    ids = [None if r is None else child_unit(s, r) for s, r in zip(scopes, refs, strict=True)]
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
