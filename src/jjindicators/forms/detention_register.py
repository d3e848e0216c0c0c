"""`detention_register`: detention episodes during the period → indicators 4, 5, 6, 11."""

from __future__ import annotations

from typing import Literal

from jjindicators.forms.base import FormSpec, RecordBase, info
from jjindicators.forms.types import Date, YesNoUnknown, coded

ReleaseType = coded(
    Literal[
        "end_of_sentence", "early_release", "released_before_sentence",
        "transfer", "death", "escape", "other",
    ]
)  # fmt: skip

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
)
