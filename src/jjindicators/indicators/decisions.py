"""Decisions of competent authorities in the period (indicators 9 and 10)."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import common

SOURCES = ("competent_authority",)
DIMENSIONS = (*common.BASE_DIMENSIONS, "deciding_body")
SENTENCES = ("custodial_sentence", "non_custodial_sentence")


def decisions(data: Collated) -> pd.DataFrame:
    """Decisions in the period about children under 18 on the decision date; one unit each (the
    unit is the decision, a jjind rule)."""
    frame = data.forms["decisions"]
    ages = common.child_age(frame, frame["decision_date"])
    keep = common.in_period(frame["decision_date"], data) & ~(ages >= 18)
    rows = common.with_dims(frame[keep], ages[keep], data)
    rows["unit"] = (
        "row "
        + rows["_file"].astype(str)
        + "#"
        + rows["_sheet"].astype(str)
        + ":"
        + rows["_row"].astype(str)
    )
    return rows
