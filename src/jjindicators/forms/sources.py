"""`sources`: the map of information sources (`forms.md`, "sources"; Manual chapter 3)."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormModel, FormSpec, info
from jjindicators.forms.types import Date, Text, YesNoUnknown, coded

SourceType = Annotated[str, coded(
    Literal["police", "place_of_detention", "competent_authority", "diversion_programme", "other"],
    {"detention": "place_of_detention", "court": "competent_authority",
     "diversion": "diversion_programme", "diversion_program": "diversion_programme"},
)]  # fmt: skip
PlaceType = Annotated[
    str,
    coded(
        Literal[
            "police_lockup", "pre_trial_centre", "juvenile_institution", "adult_prison", "other"
        ],
        {"pre_trial_center": "pre_trial_centre", "police_lock_up": "police_lockup"},
    ),
]


class Source(FormModel):
    """One information source: a police station, place of detention, court, programme..."""

    source_id: Text = info("Source ID", "A short unique code for the source.", aliases=("source",))
    name: Text | None = info(
        "Institution name", "The institution's name (never a person's).", default=None
    )
    source_type: SourceType = info(
        "Source type",
        "police, place_of_detention, competent_authority, diversion_programme or other.",
        aliases=("type",),
    )
    area_code: Text = info("Area code", "The area the source is in.", aliases=("area",))
    place_type: PlaceType | None = info(
        "Type of place",
        "Places of detention only: police_lockup, pre_trial_centre, juvenile_institution, "
        "adult_prison or other.",
        default=None,
    )
    holds_adults: YesNoUnknown | None = info(
        "Holds adults", "Places of detention only: does it also hold adults?", default=None
    )
    held_children_in_period: YesNoUnknown = info(
        "Held children in period",
        "Places of detention only: did it hold any child during the period? (default yes)",
        default="yes",
    )
    last_independent_inspection: Date | None = info(
        "Last independent inspection",
        "Places of detention only: date of the last visit by a body independent of the "
        "detaining authority.",
        default=None,
    )
    inspecting_body: Text | None = info(
        "Inspecting body", "Places of detention only: who made that visit.", default=None
    )
    complaints_system: YesNoUnknown | None = info(
        "Complaints system",
        "Places of detention only: can children there actually use a complaints system?",
        default=None,
    )


SPEC = FormSpec(
    name="sources",
    model=Source,
    kind="reference",
    title="Information sources",
    description="Every police station, place of detention, competent authority and programme.",
    required=True,
    aliases=("information sources",),
)
