"""Indicator 1 — children in conflict with the law: arrests per 100,000 children."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import breakdowns, count_lines, coverage, rates, results, tracing
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import HEADLINE, Flag, Unit

META = IndicatorMeta(
    number="1",
    name="Children in conflict with the law",
    core=False,
    kind="rate",
    unit=Unit.PER_100000,
    definition="Children arrested during a 12-month period per 100,000 child population.",
    period=True,
    forms=("arrests", "population"),
    formula=(
        "I1 = A / CP × 100,000, where A = children arrested in the period and under 18 on "
        "the arrest date, CP = the child population aged 0–17."
    ),
    options=("age_breaks", "child_ref_scope"),
    rules=(
        Rule.jjind(
            "A child arrested several times in the period by the same source counts once "
            "(distinct child_ref per source; across sources only with child_ref_scope = "
            "national); rows without child_ref count one arrest each."
        ),
        Rule.jjind(
            "Age on the arrest date; the child's first arrest in the period gives sex, age and "
            "area."
        ),
    ),
)
SOURCES = ("police",)
DIMENSIONS = (*breakdowns.BASE_DIMENSIONS, "arresting_body")


def compute(data: Collated) -> IndicatorResult:
    """Children arrested in the period and under 18 then, per 100,000 children (`I1 = A / CP`)."""
    frame = data.forms["arrests"]
    cov = coverage.coverage(data, META, "arrests", SOURCES)
    ages = breakdowns.child_age(frame, frame["arrest_date"])
    keep = breakdowns.in_period(frame["arrest_date"], data) & ~(ages >= 18)
    rows = breakdowns.with_dims(frame[keep], ages[keep], data)
    rows["unit"] = breakdowns.distinct_children(rows, data)
    counted = count_lines.count_units(data, "arrests")
    units = count_lines.with_counts(breakdowns.first_per_unit(rows, "arrest_date"), counted)
    cells = rates.rate_cells(META, HEADLINE, units, data, DIMENSIONS, SOURCES,
                              flags=coverage.partial_flags(cov))  # fmt: skip
    with_ref = rows["child_ref"].notna()
    counting = "children" if with_ref.all() else "arrest_events" if not with_ref.any() else "mixed"
    if len(counted):  # a count line counts children or arrests as its source counts them
        counting = "as_counted" if not len(rows) else "mixed"
    unit_flag = (Flag.of("counting_unit", unit=counting),) if len(rows) or len(counted) else ()
    return results.finish(
        META,
        data,
        cells,
        cov,
        tracing.trace(count_lines.with_counts(rows, counted), META, "headline", "numerator"),
        "arrests",
        *unit_flag,
        *count_lines.counts_flag(counted),
    )
