"""Indicator 12 — regular independent inspections: (a) a system exists; (b) places inspected."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import policy
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="12",
    name="Regular independent inspections",
    core=False,
    kind="policy",
    unit=Unit.ANSWER,
    definition="(a) Existence of a system guaranteeing regular independent inspection of places "
    "of detention; (b) percentage of places of detention that received an independent "
    "inspection visit in the last 12 months.",
    period=False,
    forms=("policy", "sources"),
    formula=(
        "(a) the answer to 12a (yes, partial, no, unknown) with its checklist; (b) places "
        "of detention inspected in the 12 months up to the census date / places of "
        "detention that held children in the period × 100."
    ),
    options=("census_date",),
    rules=(
        Rule.jjind(
            "(a) from the policy form: the answer to 12a and its checklist, flagged when they "
            "disagree (yes with a checklist item no, or no with every answered item yes)."
        ),
        Rule.jjind(
            "(b) among places of detention that held children in the period, those whose "
            "last_independent_inspection is after the same calendar day one year before the "
            "census date and not after the census date; a blank date is no inspection on record, "
            "and with no date for any place 12(b) is not computable."
        ),
    ),
    summary_parts=("b",),
)


def inspected(frame: pd.DataFrame, census: dt.date) -> pd.Series:
    """Inspected in the year up to the census date."""
    day = pd.Timestamp(census)
    year_before = day - pd.DateOffset(years=1)
    last = frame["last_independent_inspection"]
    return (last > year_before) & (last <= day)


def compute(data: Collated) -> IndicatorResult:
    """12(a): the answer and checklist; 12(b): % of places inspected in the last 12 months."""
    return policy.answer_and_places(
        META,
        data,
        "12a",
        inspected,
        "last_independent_inspection",
        lambda places: places["last_independent_inspection"].notna(),
        blank_means_no=True,
    )
