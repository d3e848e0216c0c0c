"""Indicator 10 (CORE) — percentage of children diverted or sentenced who enter diversion."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import decisions
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="10",
    name="Pre-sentence diversion",
    core=True,
    kind="percentage",
    unit=Unit.PERCENT,
    definition="Percentage of children diverted or sentenced who enter a pre-sentence diversion "
    "scheme.",
    period=True,
    forms=("decisions",),
    formula=("I10 = diversions / (diversions + custodial + non-custodial sentences) × 100."),
    options=("age_breaks",),
    rules=(
        Rule.jjind(
            "Diversions decided by police, prosecutor or court count; all from the decisions form."
        ),
        Rule.jjind(
            "The arrests form's outcome is descriptive only and never feeds this indicator, so "
            "that a diversion is not counted twice."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I10 = diversions / (diversions + custodial + non-custodial sentences) × 100`."""
    return decisions.decision_share(META, data, ("diversion",), ("diversion", *decisions.SENTENCES))
