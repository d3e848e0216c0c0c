"""Indicator 9 (CORE) — percentage of sentenced children who receive a custodial sentence."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import decisions
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="9",
    name="Custodial sentencing",
    core=True,
    kind="percentage",
    unit=Unit.PERCENT,
    definition="Percentage of children sentenced who receive a custodial sentence.",
    period=True,
    forms=("decisions",),
    formula=("I9 = custodial sentences / (custodial + non-custodial sentences) × 100."),
    options=("age_breaks",),
    rules=(
        Rule.jjind(
            "Decisions in the period for children under 18 at the decision date; the unit is "
            "the sentencing decision."
        ),
        Rule.jjind("Acquittals, dismissals and diversions are in neither part."),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I9 = custodial / (custodial + non-custodial sentences) × 100`."""
    return decisions.decision_share(META, data, ("custodial_sentence",), decisions.SENTENCES)
