"""`decisions`: decisions of competent authorities on children's cases → indicators 9, 10."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormSpec, RecordBase, info
from jjindicators.forms.types import Date, coded

DecidingBody = Annotated[str, coded(Literal["court", "prosecutor", "police", "other"])]
Decision = Annotated[str, coded(
    Literal[
        "custodial_sentence", "non_custodial_sentence", "diversion",
        "acquittal", "dismissal", "other",
    ]
)]  # fmt: skip


class CaseDecision(RecordBase):
    """One decision on a child's case."""

    decision_date: Date = info("Decision date", "The day of the decision.")
    deciding_body: DecidingBody | None = info(
        "Deciding body", "court, prosecutor, police or other.", default=None
    )
    decision: Decision = info(
        "Decision",
        "custodial_sentence, non_custodial_sentence, diversion, acquittal, dismissal or other.",
    )


SPEC = FormSpec(
    name="decisions",
    model=CaseDecision,
    kind="record",
    title="Decisions",
    description="One row per decision of a court, prosecutor or other competent authority.",
    indicators=("9", "10"),
    source_types=("competent_authority", "police", "diversion_programme", "other"),
    reference_date="decision_date",
    event_date="decision_date",
    count_fields=("deciding_body", "decision"),
    count_what=("decision",),
)
