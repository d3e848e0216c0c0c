"""Durations (indicators 4 and 5): median, mean, quartiles, maximum and band counts of days, for
every breakdown slice, from records and from count lines given per duration band
(`indicators.md`, 4 and 5; `docs/counts.md`, "Medians from bands").

A slice's days are a `Sample`: the exact days of its records, and how many children fall in each
band (records and count lines together). Every statistic reads the sample the same way: from the
exact days when the slice has no count line (`_exact`), else estimated from the band counts
(`_from_bands`), where a mean or a maximum cannot be known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import quantile_test

from jjindicators.collate import Collated
from jjindicators.indicators.base import Cell, IndicatorMeta
from jjindicators.indicators.breakdowns import UNKNOWN, level, slices
from jjindicators.indicators.codes import (
    DURATION_STATS,
    DURATIONS,
    ESTIMATED_FROM_BANDS,
    Band,
    Flag,
    Note,
    Part,
    Unit,
    not_computable,
    not_stated_flag,
)
from jjindicators.indicators.count_lines import weights
from jjindicators.options import band_labels

HEADLINE_RULE = (
    "The headline is the median number of days, or the mean with duration_headline = mean (the "
    "Manual's draft speaks of the average time); both are always shown, with the quartiles, the "
    "maximum and the bands. A mean is not computable from count lines, which give only bands."
)
_EXACT: dict[str, Callable[[np.ndarray], float]] = {
    "median": lambda v: float(np.median(v)),
    "mean": lambda v: float(np.mean(v)),
    "p25": lambda v: quantile(v, 0.25),
    "p75": lambda v: quantile(v, 0.75),
    "max": lambda v: float(np.max(v)),
}
_QUANTILES = {"median": 0.5, "p25": 0.25, "p75": 0.75}  # what band counts can estimate


def quantile(values: np.ndarray, q: float) -> float:
    """The "type 7" quantile (linear interpolation), as `indicators.md` asks."""
    return float(np.quantile(values, q, method="linear"))


@dataclass(frozen=True)
class Sample:
    """The days of one slice: `days` of its records, `counts` of children per band (records and
    count lines), `banded` when some children are known only by their band (count lines), and
    `unstated` children of count lines whose band is `unknown` (in no band, no statistic)."""

    days: np.ndarray
    counts: list[float]
    banded: bool
    unstated: float

    @property
    def size(self) -> float:
        """How many children the statistics rest on."""
        return float(sum(self.counts)) if self.banded else float(len(self.days))

    def statistic(self, stat: str, bands: Sequence[Band]) -> tuple[float | None, Note | None]:
        """The statistic `stat` of a sample with children in it, and a note where it has none
        or where it was estimated."""
        if not self.banded:
            return _EXACT[stat](self.days), None
        if stat not in _QUANTILES:
            return None, Note.of("not_from_bands", stat=stat)
        return band_quantile(bands, self.counts, _QUANTILES[stat])

    def median_interval(self) -> tuple[float, float] | None:
        """The 95 % interval of the median of exact days: the distribution-free interval between
        two order statistics (`scipy.stats.quantile_test`); None for days estimated from bands,
        or fewer than 6 children, too few for any such interval to reach 95 %.

        >>> Sample(np.arange(1.0, 11.0), [10.0], False, 0.0).median_interval()
        (2.0, 9.0)
        """
        if self.banded or len(self.days) == 0:
            return None
        found = quantile_test(self.days, q=float(np.median(self.days)), p=0.5)
        ends: Any = found.confidence_interval(confidence_level=0.95)  # (low, high); stubs: float
        low, high = float(ends.low), float(ends.high)
        return None if np.isnan(low) or np.isnan(high) else (low, high)


def samples(
    units: pd.DataFrame, data: Collated, dimensions: Sequence[str], source_types: Sequence[str],
    bands: Sequence[Band], labels: Sequence[str],
) -> list[tuple[str, str, str, Sample]]:  # fmt: skip
    """(dimension, category, area, sample) of each breakdown slice (`breakdowns.slices`): records
    have `days`; count lines a `band` (its label, `labels`) and a `weight` (`docs/counts.md`)."""
    nothing = np.full(len(units), np.nan)
    all_days = units["days"].to_numpy(dtype=float) if "days" in units else nothing
    weight = weights(units)
    banded = units["band"].to_numpy(dtype=object) if "band" in units else np.full(len(units), None)
    is_line = pd.notna(banded)  # count lines: a band and a weight, no days
    # Count lines whose band is `unknown` (issue #16): in no band and in no statistic; each
    # slice says how many such children it has.
    unstated_line = is_line & (banded == UNKNOWN)
    found = []
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        lines = (is_line & ~unstated_line)[rows]
        days = all_days[rows][~is_line[rows]]
        line_bands, line_weights = banded[rows][lines], weight[rows][lines]
        counts = []
        for label, (low, high) in zip(labels, bands, strict=True):
            inside = (days >= low) & (days <= (high if high is not None else np.inf))
            counts.append(float(inside.sum() + line_weights[line_bands == label].sum()))
        unstated = float(weight[rows][unstated_line[rows]].sum())
        found.append((dimension, category, area, Sample(days, counts, bool(lines.any()), unstated)))
    return found


def duration_cells(
    meta: IndicatorMeta,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    bounds: tuple[int, ...],
    flags: dict[str, tuple[Flag, ...]] | None = None,
    family: str = DURATIONS,
) -> list[Cell]:
    """Median, mean, quartiles, maximum and band counts of `days`, for each slice; the total's
    `duration_headline` statistic (the median by default) comes first, as the headline.

    Parts are `Part(family, statistic)` and `Part(family, band=(low, high))`. A slice holding
    count lines has its median and quartiles estimated from the band counts (`band_quantile`),
    flagged `estimated from bands`; its mean and maximum cannot be known from bands and are
    left blank."""
    labelled = band_labels(bounds)
    bands = [(low, high) for _, low, high in labelled]
    cells: list[Cell] = []
    headline: list[Cell] = []
    found = samples(units, data, dimensions, source_types, bands, [b[0] for b in labelled])
    for dimension, category, area, sample in found:
        n = sample.size
        flag = (flags or {}).get(area, ())
        empty = Note("no_episodes")
        if sample.unstated:
            of = int(n + sample.unstated)
            if n:
                flag = (*flag, not_stated_flag("duration", sample.unstated, of))
            empty = not_computable(Note.of("duration_none_stated", total=of))
        where: dict[str, Any] = {"dimension": dimension, "category": category, "area": area,
                                 "area_level": level(data, area)}  # fmt: skip
        for stat in DURATION_STATS:
            value, note = sample.statistic(stat, bands) if n else (None, empty)
            cell_flags = (*flag, ESTIMATED_FROM_BANDS) if n and sample.banded and (
                stat in _QUANTILES) else flag  # fmt: skip
            low, high = (sample.median_interval() if stat == "median" and n else None) or (
                None, None)  # fmt: skip
            cell = Cell(indicator=meta.number, part=Part(family, stat), **where, denominator=n,
                        value=value, ci_low=low, ci_high=high, unit=Unit.DAYS, flags=cell_flags,
                        note=note)  # fmt: skip
            is_headline = (stat, dimension) == (data.options.duration_headline, "total")
            (headline if is_headline else cells).append(cell)
        for band, count in zip(bands, sample.counts, strict=True):
            known = count if n or not sample.unstated else None  # no band known: no 0 either
            cells.append(Cell(indicator=meta.number, part=Part(family, band=band), **where,
                              numerator=known, denominator=n, value=known, unit=Unit.EPISODES,
                              flags=flag, note=None if known is not None else empty))  # fmt: skip
    return headline + cells


def band_quantile(
    bands: Sequence[Band], counts: Sequence[float], q: float
) -> tuple[float | None, Note | None]:
    """The `q` quantile of days from counts per band, interpolated within its band (the grouped
    median of textbooks): `low + (q·N − before) / in_band × width`, a band of whole days
    `low`–`high` spanning `low` to `high + 1`. In the open last band it cannot be placed: None,
    with the reason.

    >>> band_quantile([(0, 7), (8, None)], [2.0, 2.0], 0.25)
    (4.0, None)
    """
    n = sum(counts)
    target, before = q * n, 0.0
    for (low, high), count in zip(bands, counts, strict=True):
        if count and before + count >= target:
            if high is None:
                return None, Note.of("open_band", low=low)
            return low + (target - before) / count * (high - low + 1), None
        before += count
    return None, Note("no_episodes")
