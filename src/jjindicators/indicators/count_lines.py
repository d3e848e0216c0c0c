"""Count lines (`docs/counts.md`) as units weighing their figure in children, beside the records'
units of one child each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jjindicators.collate import Collated
from jjindicators.forms.counts import NOT_APPLICABLE, count_name
from jjindicators.indicators.breakdowns import UNKNOWN
from jjindicators.indicators.codes import FROM_COUNTS, Flag


def count_units(data: Collated, form: str, lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """The count lines of `<form>_counts` that have a figure, as units weighing `weight` children
    (`docs/counts.md`): `age_group` as sent (the configured groups: checked before), no age, no
    child_ref; `unit` names the line. `lines` narrows them (the register's `counted`)."""
    frame = data.forms.get(count_name(form)) if lines is None else lines
    if frame is None or not len(frame):
        return pd.DataFrame(columns=["weight", "unit", "age", "age_group", "child_ref"])
    figure = frame["count"].map(count_kind) == "figure"
    rows = frame[figure].copy()
    rows["weight"] = rows["count"].astype(float)
    rows["age"] = np.nan
    rows["age_group"] = rows["age_group"].fillna(UNKNOWN)
    rows["sex"] = rows["sex"].fillna("U")
    rows["child_ref"] = None
    places = zip(*(rows[c].astype(str).tolist() for c in ("_file", "_sheet", "_row")), strict=True)
    rows["unit"] = [f"counts {f}#{s}:{r}" for f, s, r in places]
    return rows


def count_kind(value: object) -> str:
    """A count cell's kind: a figure (0 included), not applicable, or not available (blank)."""
    if value == NOT_APPLICABLE:
        return "not applicable"
    return "not available" if value is None or value != value else "figure"


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


def counts_flag(*frames: pd.DataFrame) -> tuple[Flag, ...]:
    """`from counts` when some of the units are count lines with children in them."""
    for frame in frames:
        if "weight" in frame and (frame["weight"].fillna(0) > 0).any():
            return (FROM_COUNTS,)
    return ()
