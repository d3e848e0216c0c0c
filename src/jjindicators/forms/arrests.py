"""`arrests`: children arrested by police and other arresting bodies → indicator 1."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormSpec, RecordBase, info
from jjindicators.forms.types import Date, Text, coded

# The Manual's arrest includes custody by the military, intelligence or other security forces.
ArrestingBody = Annotated[
    str, coded(Literal["police", "military", "intelligence", "security", "other"])
]
Outcome = Annotated[
    str, coded(Literal["released", "diverted", "charged", "detained", "other", "unknown"])
]


class Arrest(RecordBase):
    """One arrest of a child."""

    arrest_date: Date = info("Arrest date", "The day the child was arrested.")
    arresting_body: ArrestingBody | None = info(
        "Arresting body",
        "police, military (armed forces), intelligence (intelligence services), security (other "
        "security forces) or other. An arrest by any of them counts.",
        default=None,
    )
    offence: Text | None = info("Offence", "The alleged offence (free text).", default=None)
    outcome: Outcome | None = info(
        "Outcome",
        "released, diverted, charged, detained, other or unknown (descriptive only).",
        default=None,
    )


SPEC = FormSpec(
    name="arrests",
    model=Arrest,
    kind="record",
    title="Arrests",
    description="One row per arrest of a child during the period (police and other bodies).",
    indicators=("1",),
    source_types=("police", "other"),
    reference_date="arrest_date",
    event_date="arrest_date",
    count_fields=("arresting_body", "outcome"),
)
