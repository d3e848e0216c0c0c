"""The children of the census (`D`, indicators 2, 3, 7, 8) and what is reported beside them."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import breakdowns, count_lines

SOURCES = ("place_of_detention",)
DIMENSIONS = (*breakdowns.BASE_DIMENSIONS, "legal_status", "place_type")


def census_rows(data: Collated) -> pd.DataFrame:
    """Every census row with its age on the census date and the breakdown columns, then the
    count lines of `detention_census_counts` (`weight` children each, `count_lines.count_units`)."""
    return data.shared("census_rows", lambda: _census_rows(data))


def _census_rows(data: Collated) -> pd.DataFrame:
    frame = data.forms["detention_census"]
    ages = breakdowns.child_age(frame, data.census_date)
    rows = breakdowns.with_dims(frame, ages, data)
    rows["unit"] = breakdowns.distinct_children(rows, data)
    return count_lines.with_counts(rows, count_lines.count_units(data, "detention_census"))


def detained(data: Collated) -> pd.DataFrame:
    """`D`: children under 18 on the census date held because in conflict with the law
    (`detention_basis = criminal`), one row per child (a child in two places' censuses counts
    once only when child_ref_scope = national)."""
    return data.shared("detained", lambda: _detained(data))


def _detained(data: Collated) -> pd.DataFrame:
    rows = census_rows(data)
    keep = (rows["detention_basis"] == "criminal") & ~(rows["age"] >= 18)
    return rows[keep].drop_duplicates("unit").copy()
