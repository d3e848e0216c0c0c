"""Indicator 13 — complaints mechanism: (a) a system exists; (b) places operating one."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import policy
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="13",
    name="Complaints mechanism",
    core=False,
    kind="policy",
    unit=Unit.ANSWER,
    definition="(a) Existence of a complaints system for children in detention; (b) percentage "
    "of places of detention operating a complaints system.",
    period=False,
    forms=("policy", "sources"),
    formula=(
        "(a) the answer to 13a with its checklist; (b) places of detention with "
        "complaints_system = yes / places of detention that held children in the period × "
        "100."
    ),
    options=(),
    rules=(
        Rule.jjind(
            "(a) from the policy form: the answer to 13a and its checklist, flagged when they "
            "disagree (yes with a checklist item no, or no with every answered item yes)."
        ),
        Rule.jjind(
            "(b) among places of detention that held children in the period, those with "
            "complaints_system = yes (unknown or blank counts as not operating one: the share is "
            "then a lower bound, flagged; stated for none, not computable)."
        ),
    ),
    summary_parts=("b",),
)


def operating(frame: pd.DataFrame, census: dt.date) -> pd.Series:
    """Children there can actually use a complaints system."""
    del census
    return frame["complaints_system"].eq("yes")


def compute(data: Collated) -> IndicatorResult:
    """13(a): the answer and checklist; 13(b): % of places with a complaints system."""
    return policy.answer_and_places(
        META,
        data,
        "13a",
        operating,
        "complaints_system",
        lambda places: places["complaints_system"].isin(["yes", "no"]),
    )
