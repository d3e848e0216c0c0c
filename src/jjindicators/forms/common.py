"""Codes used by more than one form."""

from __future__ import annotations

from typing import Literal

from jjindicators.forms.types import coded

LegalStatus = coded(
    Literal["pre_sentence", "sentenced"],
    {"presentence": "pre_sentence", "pre_trial": "pre_sentence", "remand": "pre_sentence"},
)
