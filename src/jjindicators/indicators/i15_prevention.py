"""Indicator 15 — prevention: the policy answer and its checklist."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import policy, results
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import AS_REPORTED, HEADLINE, Unit

META = IndicatorMeta(
    number="15",
    name="Prevention",
    core=False,
    kind="policy",
    unit=Unit.ANSWER,
    definition="Existence of a national plan for the prevention of child involvement in crime.",
    period=False,
    forms=("policy",),
    formula=("The answer to question 15 (yes, partial, no, unknown) with its checklist."),
    options=(),
    rules=(
        Rule.jjind(
            "From the policy form: the answer to 15 and its checklist (the plan exists, is "
            "adopted, funded and monitored), flagged when they disagree (yes with a checklist "
            "item no, or no with every answered item yes)."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """The answer to question 15, its checklist, and whether they agree."""
    cells, flags = policy.answer_cells(META, data, "15", HEADLINE)
    return IndicatorResult(
        META,
        AS_REPORTED,
        tuple(cells),
        (),
        (*results.missing_flags(data, "policy"), *flags),
        policy.policy_trace(META, data, "15", HEADLINE),
    )
