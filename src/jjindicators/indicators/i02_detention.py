"""Indicator 2 (CORE) — children in detention per 100,000 children, on the census date."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import (
    census,
    count_lines,
    coverage,
    evidence,
    rates,
    results,
    tracing,
)
from jjindicators.indicators.base import Cell, IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import HEADLINE, Note, Part, Unit

META = IndicatorMeta(
    number="2",
    name="Children in detention",
    core=True,
    kind="rate",
    unit=Unit.PER_100000,
    definition="Children in detention per 100,000 child population.",
    period=False,
    forms=("detention_census", "population"),
    formula=(
        "I2 = D / CP × 100,000, where D = children under 18 held on the census date "
        "because in conflict with the law."
    ),
    options=("age_breaks", "census_date", "child_ref_scope"),
    rules=(
        Rule.jjind(
            "Counts only the children held because in conflict with the law (detention_basis = "
            "criminal, the default when blank), under 18 on the census date, in any place of "
            "detention, adult prisons included."
        ),
        Rule.jjind(
            "Reported beside, never added in: children held under administrative or other "
            "detention; persons aged 18 or over held in places for children (every place_type "
            "but adult_prison; a place with no place_type counts as a place for children)."
        ),
    ),
)


def supplementary(data: Collated, rows: pd.DataFrame) -> list[Cell]:
    """Counts reported beside the headline: other detention bases, and persons 18 and over held
    in places for children (`indicators.md`, 2): every place but an adult prison, a place with
    no place_type included (`docs/rules.md`)."""
    under = ~(rows["age"] >= 18)
    other = rows[under & (rows["detention_basis"] != "criminal")]
    adults = rows[(rows["age"] >= 18) & (rows["place_type"] != "adult_prison")]
    aged = rates.count_cell(META, data, Part("aged_18"), count_lines.total(adults), Unit.PERSONS)
    # Count lines count children only: persons of 18 or over come from the census rows alone,
    # and from none when there are no rows (a 0 would be a number without data).
    lines = count_lines.is_count_line(rows)
    if lines.all() and len(rows):
        aged = evidence.nothing(aged, Note("counts_children_only"))
    elif lines.any():
        aged = replace(aged, note=Note("census_rows_children"))
    return [
        rates.count_cell(
            META, data, Part("administrative"), count_lines.total(other), Unit.CHILDREN
        ),
        aged,
    ]


def compute(data: Collated) -> IndicatorResult:
    """`I2 = D / CP × 100,000`."""
    cov = coverage.coverage(data, META, "detention_census", census.SOURCES)
    units = census.detained(data)
    cells = rates.rate_cells(META, HEADLINE, units, data, census.DIMENSIONS, census.SOURCES,
                              flags=coverage.partial_flags(cov))  # fmt: skip
    rows = census.census_rows(data)
    cells += supplementary(data, rows)
    return results.finish(
        META,
        data,
        cells,
        cov,
        tracing.trace(units, META, "headline", "numerator"),
        "detention_census",
        *count_lines.counts_flag(units),
    )
