"""Codes used by more than one form."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.types import coded

# Spellings of "not stated" that every code list with `unknown` reads (issue #16: a total whose
# breakdown is not known is entered with `unknown`).
UNKNOWN_SYNONYMS = {
    "not stated": "unknown", "not known": "unknown", "unk": "unknown", "n/k": "unknown",
    "?": "unknown",
}  # fmt: skip

# `unknown`: the legal status was not recorded (a national total with no split, issue #16). A
# child found guilty and awaiting sentence is `pre_sentence` (spec README: a sentence is the
# final decision that orders measures).
LegalStatus = Annotated[str, coded(
    Literal["pre_sentence", "sentenced", "unknown"],
    {"presentence": "pre_sentence", "pre_trial": "pre_sentence", "remand": "pre_sentence",
     **UNKNOWN_SYNONYMS},
)]  # fmt: skip
