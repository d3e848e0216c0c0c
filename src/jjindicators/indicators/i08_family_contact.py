"""Indicator 8 — percentage of detained children visited by (or visiting) family in 3 months."""

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
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import HEADLINE, Note, Part, Unit

META = IndicatorMeta(
    number="8",
    name="Contact with parents and family",
    core=False,
    kind="percentage",
    unit=Unit.PERCENT,
    definition="Percentage of children in detention visited by, or who visited, parents, a "
    "guardian or an adult family member in the last 3 months.",
    period=False,
    forms=("detention_census",),
    formula=(
        "I8 = children of D visited by, or who visited, family in the 3 months before the "
        "census date / D × 100."
    ),
    options=("age_breaks", "census_date"),
    rules=(
        Rule.jjind(
            "A visit in the 3 months before the census date; phone calls and letters alone do "
            "not count."
        ),
        Rule.jjind(
            "Children whose contact is unknown stay in the denominator and are reported as 'not "
            "stated': the share is then a lower bound, flagged; stated for none, not computable."
        ),
        Rule.jjind(
            "Supplementary: how many of the detained children had been held fewer than 91 days "
            "on the census date (a 3-month window they may not have completed)."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I8 = children of D with family contact / D × 100`."""
    cov = coverage.coverage(data, META, "detention_census", census.SOURCES)
    held = census.detained(data)
    units = held.assign(num=held["family_contact_3_months"].eq("yes").astype(int), den=1)
    cells = rates.ratio_cells(META, HEADLINE, units, data, census.DIMENSIONS, census.SOURCES,
                               flags=coverage.partial_flags(cov))  # fmt: skip
    # Unknown answers stay in D, so the share with contact is a lower bound (issue #16).
    cells = evidence.not_stated(cells, held, held["family_contact_3_months"].ne("unknown"), data,
                                census.DIMENSIONS, census.SOURCES, "family_contact")  # fmt: skip
    weight = count_lines.weights(held)
    unknown = (weight * held["family_contact_3_months"].eq("unknown").to_numpy()).sum()
    records = held[~count_lines.is_count_line(held)]
    days = (pd.Timestamp(data.census_date) - records["admission_date"]).dt.days
    short = rates.count_cell(META, data, Part("held_fewer_than_91"), (days < 91).sum(),
                              Unit.CHILDREN, of=len(records))  # fmt: skip
    if len(records) < len(held):  # count lines carry no admission dates
        short = replace(short, note=Note("census_rows_only"))
    cells += [
        rates.count_cell(META, data, Part("contact_not_stated"), unknown, Unit.CHILDREN,
                          of=count_lines.total(held)),
        short,
    ]  # fmt: skip
    return results.finish(
        META, data, cells, cov, tracing.ratio_trace(units, META, "headline"), "detention_census",
        *count_lines.counts_flag(held),
    )  # fmt: skip
