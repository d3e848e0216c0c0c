"""Indicator 10 (CORE) — percentage of children diverted or sentenced who enter diversion."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import common, decisions
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult

META = IndicatorMeta(
    number="10",
    name="Pre-sentence diversion",
    core=True,
    kind="percentage",
    unit="%",
    definition="Percentage of children diverted or sentenced who enter a pre-sentence diversion "
    "scheme.",
    period=True,
    forms=("decisions",),
    formula=("I10 = diversions / (diversions + custodial + non-custodial sentences) × 100."),
    options=("age_breaks",),
    rules=(
        "Diversions decided by police, prosecutor or court count; all from the decisions form.",
        "The arrests form's outcome is descriptive only and never feeds this indicator, so that a "
        "diversion is not counted twice.",
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I10 = diversions / (diversions + custodial + non-custodial sentences) × 100`."""
    cov = common.coverage(data, META, "decisions", decisions.SOURCES)
    rows = decisions.decisions(data)
    counted = ("diversion", *decisions.SENTENCES)
    units = rows.assign(num=rows["decision"].eq("diversion").astype(int),
                        den=rows["decision"].isin(counted).astype(int))  # fmt: skip
    cells = common.ratio_cells(META, "headline", units, data, decisions.DIMENSIONS,
                               decisions.SOURCES, flags=common.partial_flags(cov))  # fmt: skip
    cells = common.unsent(cells, data, ("decisions",))
    flags = common.result_flags(data, cells, cov, META.forms)
    return IndicatorResult(
        META,
        common.reference(data, META),
        tuple(cells),
        cov,
        flags,
        common.ratio_trace(units, META, "headline"),
    )
