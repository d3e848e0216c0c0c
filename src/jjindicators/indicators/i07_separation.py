"""Indicator 7 — percentage of detained children not wholly separated from adults."""

from __future__ import annotations

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
from jjindicators.indicators.codes import HEADLINE, Part, Unit

META = IndicatorMeta(
    number="7",
    name="Separation from adults",
    core=False,
    kind="percentage",
    unit=Unit.PERCENT,
    definition="Percentage of children in detention not wholly separated from adults.",
    period=False,
    forms=("detention_census",),
    formula=("I7 = children of D not wholly separated from adults / D × 100."),
    options=("age_breaks", "census_date"),
    rules=(
        Rule.jjind(
            "Wholly separated: no contact with adult detainees in sleeping, living, eating, "
            "recreation or transport areas."
        ),
        Rule.jjind(
            "A place holding only children (holds_adults = no) separates them by definition: an "
            "unknown answer there counts as separated; a row that says 'no' still counts as not "
            "separated."
        ),
        Rule.jjind(
            "Children whose separation is unknown stay in the denominator and are reported as "
            "'not stated': the share is then a lower bound, flagged; stated for none, not "
            "computable."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I7 = children of D not wholly separated / D × 100`."""
    cov = coverage.coverage(data, META, "detention_census", census.SOURCES)
    held = census.detained(data)
    only_children = held["source_id"].map(data.sources["holds_adults"]).eq("no")
    answer = held["separated_from_adults"].where(
        ~(only_children & held["separated_from_adults"].eq("unknown")), "yes"
    )
    units = held.assign(num=answer.eq("no").astype(int), den=1)
    cells = rates.ratio_cells(META, HEADLINE, units, data, census.DIMENSIONS, census.SOURCES,
                               flags=coverage.partial_flags(cov))  # fmt: skip
    # Unknown answers stay in D, so the share not separated is a lower bound (issue #16).
    cells = evidence.not_stated(cells, held, answer.ne("unknown").to_numpy(), data,
                                census.DIMENSIONS, census.SOURCES, "separation")  # fmt: skip
    unknown = float((count_lines.weights(held) * answer.eq("unknown").to_numpy()).sum())
    cells.append(rates.count_cell(META, data, Part("separation_not_stated"), unknown, Unit.CHILDREN,
                                   of=count_lines.total(held)))  # fmt: skip
    return results.finish(
        META, data, cells, cov, tracing.ratio_trace(units, META, "headline"), "detention_census",
        *count_lines.counts_flag(held),
    )  # fmt: skip
