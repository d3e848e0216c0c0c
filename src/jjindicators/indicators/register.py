"""Detention episodes (the register, indicators 4, 5, 6, 11): what counts as a release."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.forms.detention_register import NOT_RELEASES
from jjindicators.indicators import breakdowns, count_lines, transfers
from jjindicators.indicators.codes import Flag

SOURCES = ("place_of_detention",)
DIMENSIONS = (*breakdowns.BASE_DIMENSIONS, "place_type")


def episodes(data: Collated) -> pd.DataFrame:
    """The register's detentions — episodes linked by a transfer chained into one
    (`transfers.chain`) — with `is_release`: a release date whose type is a release, anything
    but a transfer, a death or an escape (`indicators.md`, indicator 4)."""
    return data.shared("episodes", lambda: _episodes(data))


def _episodes(data: Collated) -> pd.DataFrame:
    chained = transfers.chain(data.forms["detention_register"], data.child_ref_scope == "national")
    data.derived["unfollowed_transfers"] = chained.unfollowed
    frame = chained.frame
    frame["is_release"] = frame["release_date"].notna() & ~frame["release_type"].isin(
        list(NOT_RELEASES)
    )
    return frame


def unfollowed_flags(data: Collated, sentenced: bool) -> tuple[Flag, ...]:
    """`transfers not followed: 3 (durations may be understated)`: episodes ending in a transfer
    in the period that no episode of the child follows (`transfers.chain`) — before sentence
    for indicator 4 (`sentenced` False), after it for indicator 5: only those can shorten it."""
    episodes(data)  # chains the register, and keeps the transfers it could not follow
    found = data.derived["unfollowed_transfers"]
    after = found["sentence_date"].notna() & (found["sentence_date"] <= found["release_date"])
    count = int((breakdowns.in_period(found["release_date"], data) & (after == sentenced)).sum())
    return (Flag.of("transfers_not_followed", count=count),) if count else ()


def with_ages_on(frame: pd.DataFrame, on: pd.Series, data: Collated) -> pd.DataFrame:
    """The breakdown columns, with the age taken on the dates `on`."""
    rows = breakdowns.with_dims(frame, breakdowns.child_age(frame, on), data)
    rows["unit"] = breakdowns.row_ids(rows)
    return rows


def status_at_release(frame: pd.DataFrame) -> pd.Series:
    """Legal status when released: `sentenced` with a sentence date, else `pre_sentence`."""
    return frame["sentence_date"].notna().map({True: "sentenced", False: "pre_sentence"})


def lines(data: Collated, counted: str) -> pd.DataFrame:
    """The register's count lines that count `counted` (all of them: for coverage)."""
    frame = data.forms.get("detention_register_counts")
    if frame is None or not len(frame):
        return pd.DataFrame(columns=["source_id", "count"])
    return frame[frame["counted"] == counted]


def counted_units(data: Collated, counted: str) -> pd.DataFrame:
    """The count lines of `counted` with a figure, as units (`count_lines.count_units`); a banded
    line's `band` is its duration band (indicators 4 and 5)."""
    units = count_lines.count_units(data, "detention_register", lines(data, counted))
    units["band"] = units.get("duration_band")
    return units
