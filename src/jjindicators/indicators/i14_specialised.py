"""Indicator 14 — specialized juvenile justice system: the policy answer and its checklist."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import policy, results
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import AS_REPORTED, HEADLINE, Unit

META = IndicatorMeta(
    number="14",
    name="Specialized juvenile justice system",
    core=False,  # "CORE (to verify)" in the spec: not among the Manual's core flags
    kind="policy",
    unit=Unit.ANSWER,
    definition="Existence of a specialized juvenile justice system.",
    period=False,
    forms=("policy",),
    formula=("The answer to question 14 (yes, partial, no, unknown) with its checklist."),
    options=(),
    rules=(
        Rule.jjind(
            "From the policy form: the answer to 14 and its checklist (specific legislation, "
            "police, prosecutors, courts, legal aid, separate detention, social work), flagged "
            "when they disagree (yes with a checklist item no, or no with every answered item "
            "yes)."
        ),
        Rule.jjind(
            "Not marked core: the spec lists it as 'CORE (to verify)', and the Manual's core "
            "flags available to us are those of indicators 2, 3, 9 and 10."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """The answer to question 14, its checklist, and whether they agree."""
    cells, flags = policy.answer_cells(META, data, "14", HEADLINE)
    return IndicatorResult(
        META,
        AS_REPORTED,
        tuple(cells),
        (),
        (*results.missing_flags(data, "policy"), *flags),
        policy.policy_trace(META, data, "14", HEADLINE),
    )
