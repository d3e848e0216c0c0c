"""`detention_census`: children held on the census date in each place of detention → 2, 3, 7, 8."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormSpec, RecordBase, info
from jjindicators.forms.common import LegalStatus
from jjindicators.forms.types import Date, YesNoUnknown, coded

DetentionBasis = Annotated[str, coded(Literal["criminal", "administrative", "other"])]


class CensusEntry(RecordBase):
    """One child held on the census date."""

    admission_date: Date = info(
        "Admission date", "Start of the child's current continuous detention."
    )
    legal_status: LegalStatus = info(
        "Legal status",
        "pre_sentence (awaiting a final decision, a child found guilty and awaiting sentence "
        "included), sentenced, or unknown (not recorded).",
    )
    sentence_date: Date | None = info(
        "Sentence date", "Date of the sentence, for sentenced children.", default=None
    )
    detention_basis: DetentionBasis = info(
        "Detention basis",
        "criminal (in conflict with the law; the default), administrative or other.",
        default="criminal",
    )
    separated_from_adults: YesNoUnknown = info(
        "Wholly separated from adults",
        "yes if the child has no contact with adult detainees in sleeping, living, eating, "
        "recreation or transport areas.",
        aliases=("separated",),
    )
    family_contact_3_months: YesNoUnknown = info(
        "Family visit in last 3 months",
        "yes if the child was visited by, or visited, a parent, guardian or adult family member "
        "in the 3 months before the census date (calls and letters do not count).",
        aliases=("family contact",),
    )


SPEC = FormSpec(
    name="detention_census",
    model=CensusEntry,
    kind="record",
    title="Detention census",
    description="One row per child held in the place of detention on the census date.",
    indicators=("2", "3", "7", "8"),
    source_types=("place_of_detention",),
    reference_date="census_date",
    count_fields=(
        "legal_status",
        "detention_basis",
        "separated_from_adults",
        "family_contact_3_months",
    ),
    aliases=("census",),
    # Indicator 2 counts `criminal` only: the basis says whether a line is counted at all (a blank
    # is `criminal`, the form's default), so it is never `unknown`.
    count_what=("detention_basis",),
    checks=("census", "census_children"),
)
