"""`detention_register`: detention episodes during the period → indicators 4, 5, 6, 11."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormModel, FormSpec, RecordBase, info
from jjindicators.forms.common import LegalStatus
from jjindicators.forms.counts import DurationBand
from jjindicators.forms.types import Date, Text, YesNoUnknown, coded

ReleaseType = Annotated[str, coded(
    Literal[
        "end_of_sentence", "early_release", "released_before_sentence",
        "transfer", "death", "escape", "other",
    ]
)]  # fmt: skip

# Release types that end a detention without releasing the child (`indicators.md`, indicator 4).
NOT_RELEASES = frozenset({"transfer", "death", "escape"})


class Episode(RecordBase):
    """One continuous period of detention that overlaps the reporting period."""

    admission_date: Date = info("Admission date", "First day of this continuous detention.")
    sentence_date: Date | None = info(
        "Sentence date", "Date of the sentence, if the child was sentenced.", default=None
    )
    release_date: Date | None = info(
        "Release date", "Last day of this detention; blank if still held.", default=None
    )
    release_type: ReleaseType | None = info(
        "Release type",
        "end_of_sentence, early_release, released_before_sentence, transfer, death, escape or "
        "other; required when there is a release date.",
        default=None,
    )
    aftercare: YesNoUnknown | None = info(
        "Aftercare",
        "Releases only: did a planned aftercare programme start at or soon after release?",
        default=None,
    )
    transferred_from: Text | None = info(
        "Transferred from",
        "When this detention continues one in another place (the child came by transfer): that "
        "place's source_id, with child_ref the child's reference there, so that the child's "
        "whole time in detention is measured.",
        aliases=("transfer from", "previous place"),
        default=None,
    )


# What a register count line counts: pre_sentence_ended → indicator 4, sentenced_released → 5,
# detained → 6, released → 11 (`docs/counts.md`).
Counted = Annotated[
    str, coded(Literal["pre_sentence_ended", "sentenced_released", "released", "detained"])
]
BANDED = ("pre_sentence_ended", "sentenced_released")  # lines given per duration band


class EpisodeCounts(FormModel):
    """The columns only the register's count variant has."""

    counted: Counted = info(
        "Counted",
        "What the line counts: pre_sentence_ended (children whose pre-sentence detention ended "
        "in the period, indicator 4), sentenced_released (released from sentenced detention, 5), "
        "detained (children detained at any time in the period, 6), released (releases, 11).",
    )
    duration_band: DurationBand | None = info(
        "Duration band",
        "pre_sentence_ended and sentenced_released lines: the band of days held, as the report "
        "shows it (0-7 days ... over 365 days), or unknown.",
        aliases=("band", "duration"),
        default=None,
    )
    legal_status: LegalStatus | None = info(
        "Legal status",
        "released lines, optional: pre_sentence, sentenced or unknown when released.",
        default=None,
    )


SPEC = FormSpec(
    name="detention_register",
    model=Episode,
    kind="record",
    title="Detention register",
    description="One row per continuous period of detention that overlaps the reporting period.",
    indicators=("4", "5", "6", "11"),
    source_types=("place_of_detention",),
    reference_date="admission_date",
    aliases=("register", "episodes"),
    count_fields=("aftercare",),
    count_extra=EpisodeCounts,
    count_what=("counted",),
    checks=("register", "transfer_sources"),
)
