"""Indicator 1 — children in conflict with the law: arrests per 100,000 children."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import common, results
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule

META = IndicatorMeta(
    number="1",
    name="Children in conflict with the law",
    core=False,
    kind="rate",
    unit="per 100,000 children",
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
DIMENSIONS = (*common.BASE_DIMENSIONS, "arresting_body")


def compute(data: Collated) -> IndicatorResult:
    """Children arrested in the period and under 18 then, per 100,000 children (`I1 = A / CP`)."""
    frame = data.forms["arrests"]
    cov = common.coverage(data, META, "arrests", SOURCES)
    ages = common.child_age(frame, frame["arrest_date"])
    keep = common.in_period(frame["arrest_date"], data) & ~(ages >= 18)
    rows = common.with_dims(frame[keep], ages[keep], data)
    rows["unit"] = common.distinct_children(rows, data)
    counted = common.count_units(data, "arrests")
    units = common.with_counts(common.first_per_unit(rows, "arrest_date"), counted)
    cells = common.rate_cells(META, "headline", units, data, DIMENSIONS, SOURCES,
                              flags=common.partial_flags(cov))  # fmt: skip
    with_ref = rows["child_ref"].notna()
    counting = "children" if with_ref.all() else "arrest events" if not with_ref.any() else "mixed"
    if len(counted):  # a count line counts children or arrests as its source counts them
        counting = "as counted by the sources" if not len(rows) else "mixed"
    unit_flag = (f"counting unit: {counting}",) if len(rows) or len(counted) else ()
    return results.finish(
        META,
        data,
        cells,
        cov,
        common.trace(common.with_counts(rows, counted), META, "headline", "numerator"),
        "arrests",
        *unit_flag,
        *common.counts_flag(counted),
    )
