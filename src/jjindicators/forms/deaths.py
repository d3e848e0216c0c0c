"""`deaths`: deaths of children deprived of liberty → indicator 6."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormSpec, RecordBase, info
from jjindicators.forms.common import LegalStatus
from jjindicators.forms.types import Date, coded

Cause = Annotated[
    str, coded(Literal["illness", "suicide", "violence", "accident", "other", "unknown"])
]


class Death(RecordBase):
    """One death of a child in detention (in hospital or in transfer while in custody included)."""

    date_of_death: Date = info("Date of death", "The day the child died.")
    legal_status: LegalStatus | None = info(
        "Legal status", "pre_sentence, sentenced or unknown at the time of death.", default=None
    )
    cause: Cause | None = info(
        "Cause", "illness, suicide, violence, accident, other or unknown.", default=None
    )


SPEC = FormSpec(
    name="deaths",
    model=Death,
    kind="record",
    title="Deaths in detention",
    description="One row per child who died while deprived of liberty.",
    indicators=("6",),
    source_types=("place_of_detention",),
    reference_date="date_of_death",
    event_date="date_of_death",
    count_fields=("legal_status", "cause"),
)
