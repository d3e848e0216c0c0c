"""Rates per child population, ratios × a multiplier, and counts reported beside a headline, for
every breakdown slice (`indicators.md`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators.base import Cell, IndicatorMeta
from jjindicators.indicators.breakdowns import level, slices
from jjindicators.indicators.codes import Flag, Note, Part, Unit, not_computable
from jjindicators.indicators.count_lines import weights
from jjindicators.indicators.population import population_for


def rate_cells(
    meta: IndicatorMeta,
    part: Part,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    multiplier: int = 100_000,
    flags: dict[str, tuple[Flag, ...]] | None = None,
) -> list[Cell]:
    """Counts per child population of the same area, sex and age group (`indicators.md`)."""
    cells = []
    weight = weights(units)
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        count = float(weight[rows].sum())
        population, reason = population_for(data, dimension, category, area)
        value = count / population * multiplier if population else None
        note = reason if population is None else (None if population else Note("population_0"))
        cells.append(Cell(indicator=meta.number, part=part, dimension=dimension,
                          category=category, area=area, area_level=level(data, area),
                          numerator=count, denominator=population, multiplier=multiplier,
                          value=value, unit=meta.unit, flags=(flags or {}).get(area, ()),
                          note=note))  # fmt: skip
    return cells


def ratio_cells(
    meta: IndicatorMeta,
    part: Part,
    units: pd.DataFrame,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    multiplier: int = 100,
    unit: Unit | None = None,
    flags: dict[str, tuple[Flag, ...]] | None = None,
) -> list[Cell]:
    """Numerator / denominator × multiplier, from the units' `num` and `den` columns."""
    cells = []
    nums, dens = units["num"].to_numpy(dtype=float), units["den"].to_numpy(dtype=float)
    nums, dens = nums * weights(units), dens * weights(units)
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        num, den = float(nums[rows].sum()), float(dens[rows].sum())
        value = num / den * multiplier if den else None
        note = None if den else not_computable(Note("denominator_0"))
        cells.append(Cell(indicator=meta.number, part=part, dimension=dimension,
                          category=category, area=area, area_level=level(data, area),
                          numerator=num, denominator=den, multiplier=multiplier, value=value,
                          unit=unit or meta.unit, flags=(flags or {}).get(area, ()),
                          note=note))  # fmt: skip
    return cells


def count_cell(
    meta: IndicatorMeta, data: Collated, part: Part, count: float, unit: Unit,
    of: float | None = None,
) -> Cell:  # fmt: skip
    """A national count reported beside the headline (never inside it), out of `of` if given."""
    return Cell(
        indicator=meta.number,
        part=part,
        area=data.areas.root,
        numerator=float(count),
        denominator=None if of is None else float(of),
        value=float(count),
        unit=unit,
    )
