"""Durations (indicators 4 and 5): median, mean, quartiles, maximum and band counts of days, for
every breakdown slice, from records and from count lines given per duration band
(`indicators.md`, 4 and 5; `docs/counts.md`, "Medians from bands")."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators.base import Cell, IndicatorMeta
from jjindicators.indicators.common import UNKNOWN, level, slices, weights
from jjindicators.options import band_labels

HEADLINE_RULE = (
    "The headline is the median number of days, or the mean with duration_headline = mean (the "
    "Manual's draft speaks of the average time); both are always shown, with the quartiles, the "
    "maximum and the bands. A mean is not computable from count lines, which give only bands."
)


def quantile(values: np.ndarray, q: float) -> float:
    """The "type 7" quantile (linear interpolation), as `indicators.md` asks."""
    return float(np.quantile(values, q, method="linear"))


def duration_cells(
    meta: IndicatorMeta,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    bands: tuple[int, ...],
    flags: dict[str, tuple[str, ...]] | None = None,
    prefix: str = "",
) -> list[Cell]:
    """Median, mean, quartiles, maximum and band counts of `days`, for each slice; the total's
    `duration_headline` statistic (the median by default) comes first, as the headline.

    Parts are named `median`, `mean`, `p25`, `p75`, `max` and `band:<label>`, after `prefix`.
    A slice holding count lines (`band` and `weight`, no `days`: `docs/counts.md`) has its
    median and quartiles estimated from the band counts (`band_quantile`), flagged `estimated
    from bands`; its mean and maximum cannot be known from bands and are left blank."""
    summary: list[tuple[str, Callable[[np.ndarray], float]]] = [
        ("median", lambda v: float(np.median(v))),
        ("mean", lambda v: float(np.mean(v))),
        ("p25", lambda v: quantile(v, 0.25)),
        ("p75", lambda v: quantile(v, 0.75)),
        ("max", lambda v: float(np.max(v))),
    ]
    estimates = {"median": 0.5, "p25": 0.25, "p75": 0.75}
    labels = band_labels(bands)
    cells: list[Cell] = []
    headline: list[Cell] = []
    nothing = np.full(len(units), np.nan)
    all_days = units["days"].to_numpy(dtype=float) if "days" in units else nothing
    weight = weights(units)
    banded = units["band"].to_numpy(dtype=object) if "band" in units else np.full(len(units), None)
    is_line = pd.notna(banded)  # count lines: a band and a weight, no days
    # Count lines whose band is `unknown` (issue #16): in no band and in no statistic; each
    # slice says how many such children it has.
    unstated_line = is_line & (banded == UNKNOWN)
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        lines = (is_line & ~unstated_line)[rows]
        days = all_days[rows][~is_line[rows]]
        line_bands, line_weights = banded[rows][lines], weight[rows][lines]
        unstated = float(weight[rows][unstated_line[rows]].sum())
        counts = []
        for label, low, high in labels:
            inside = (days >= low) & (days <= (high if high is not None else np.inf))
            counts.append(float(inside.sum() + line_weights[line_bands == label].sum()))
        n = float(sum(counts)) if lines.any() else float(len(days))
        flag = (flags or {}).get(area, ())
        empty = "no episodes in the cohort"
        if unstated:
            of = f"{int(n + unstated)}"
            flag = (*flag, f"duration not stated: {unstated:g} of {of}") if n else flag
            empty = f"not computable: duration not stated for any of the {of} children"
        depth = level(data, area)
        for part, function in summary:
            note = "" if n else empty
            cell_flags = flag
            if not n:
                value = None
            elif not lines.any():
                value = function(days)
            elif part in estimates:
                value, why = band_quantile(labels, counts, estimates[part])
                note, cell_flags = why, (*flag, "estimated from bands")
            else:
                value, note = None, f"not computable from duration bands ({part})"
            cell = Cell(meta.number, prefix + part, dimension, category, area, depth, None, n,
                        None, value, "days", cell_flags, note)  # fmt: skip
            is_headline = (part, dimension) == (data.options.duration_headline, "total")
            (headline if is_headline else cells).append(cell)
        for (label, _, _), count in zip(labels, counts, strict=True):
            part = f"{prefix}band:{label}"
            known = count if n or not unstated else None  # no band is known: no 0 either
            why = "" if known is not None else empty
            cells.append(Cell(meta.number, part, dimension, category, area, depth, known, n, None,
                              known, "episodes", flag, why))  # fmt: skip
    return headline + cells


def band_quantile(
    labels: list[tuple[str, int, int | None]], counts: list[float], q: float
) -> tuple[float | None, str]:
    """The `q` quantile of days from counts per band, interpolated within its band (the grouped
    median of textbooks): `low + (q·N − before) / in_band × width`, a band of whole days
    `low`–`high` spanning `low` to `high + 1`. In the open last band it cannot be placed: None,
    with the reason."""
    n = sum(counts)
    target, before = q * n, 0.0
    for (label, low, high), count in zip(labels, counts, strict=True):
        if count and before + count >= target:
            if high is None:
                return None, f"estimated from bands: in the open band ({label})"
            return low + (target - before) / count * (high - low + 1), ""
        before += count
    return None, "no episodes in the cohort"
