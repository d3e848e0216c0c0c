"""Indicator 4 — duration of pre-sentence detention (median or mean days, the headline)."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import (
    breakdowns,
    census,
    count_lines,
    coverage,
    durations,
    evidence,
    register,
    results,
    tracing,
    transfers,
)
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="4",
    name="Duration of pre-sentence detention",
    core=False,
    kind="duration",
    unit=Unit.DAYS,
    definition="Time spent in detention by children before sentencing.",
    period=True,
    forms=("detention_register",),
    formula=(
        "The median and mean (one of them the headline: duration_headline, the median by "
        "default), the 25th and 75th percentiles (type 7), the maximum and the band counts of "
        "the days from admission to the end of the pre-sentence phase."
    ),
    options=("duration_headline", "pre_sentence_bands", "age_breaks", "census_date"),
    rules=(
        Rule.jjind(
            "Cohort: episodes whose pre-sentence phase ended in the period, by sentence "
            "(sentence_date) or by a release with no sentence_date, for children under 18 at "
            "admission."
        ),
        Rule.jjind(
            "Releases exclude transfers, deaths and escapes. Duration = end − admission_date, in "
            "days (0 = released the same day)."
        ),
        Rule.jjind(
            "An episode sentenced before admission (sentenced at liberty) has no pre-sentence "
            "phase in detention and is not in the cohort."
        ),
        Rule.jjind(
            "Supplementary: days held so far by the children in pre-sentence detention on the "
            "census date."
        ),
        Rule.jjind(
            "Episodes of one child linked by a transfer (in the same place, through "
            "transferred_from, or anywhere with child_ref_scope = national) are one detention, "
            "measured from its first admission and counted where the child was sentenced; "
            "transfers no episode follows are flagged (durations may be understated)."
        ),
        Rule.jjind(durations.HEADLINE_RULE),
    ),
)
NEEDS = ("sentence_date", "release_date")  # the register's columns the cohort needs


def cohort(data: Collated) -> pd.DataFrame:
    """Episodes whose pre-sentence phase ended in the period, with `days`."""
    frame = register.episodes(data)
    end = frame["sentence_date"].where(
        frame["sentence_date"].notna(), frame["release_date"].where(frame["is_release"])
    )
    rows = register.with_ages_on(frame, frame["admission_date"], data)
    keep = breakdowns.in_period(end, data) & (end >= rows["admission_date"]) & ~(rows["age"] >= 18)
    rows = rows[keep].copy()
    rows["days"] = (end[keep] - rows["admission_date"]).dt.days
    # A chain of transfers counts where its pre-sentence phase ended: where it was sentenced.
    for column in transfers.SENTENCED:
        rows[column] = rows[f"sentenced_{column}"]
    return rows


def compute(data: Collated) -> IndicatorResult:
    """Median, mean (one of them the headline), quartiles, maximum and bands of the
    pre-sentence durations."""
    lines = register.lines(data, "pre_sentence_ended")
    cov = coverage.coverage(data, META, "detention_register", register.SOURCES, lines)
    flags_by_area = coverage.partial_flags(cov)
    rows = count_lines.with_counts(cohort(data), register.counted_units(data, "pre_sentence_ended"))
    bands = data.options.pre_sentence_bands
    cells = durations.duration_cells(META, rows, data, register.DIMENSIONS, register.SOURCES, bands,
                                  flags=flags_by_area)  # fmt: skip
    # Without sentence dates (or release dates) the cohort would hold only the children
    # released before sentence (or only those sentenced): a biased figure, so none.
    cells = results.checked_cells(cells, cov, data, "detention_register", NEEDS)
    held = census.detained(data)
    held = held[~count_lines.is_count_line(held)]  # count lines carry no admission dates
    waiting = held[held["legal_status"] == "pre_sentence"].copy()
    waiting["days"] = (pd.Timestamp(data.census_date) - waiting["admission_date"]).dt.days
    cells += results.unsent(
        durations.duration_cells(META, waiting, data, (), census.SOURCES, bands,
                              family="held_so_far"),
        data, ("detention_census",),
    )  # fmt: skip
    empty = evidence.empty_sheet_flags(data, "detention_register", cov)
    unfollowed = register.unfollowed_flags(data, sentenced=False)
    flags = results.result_flags(data, cells, cov, META.forms, *count_lines.counts_flag(rows),
                                 *empty, *unfollowed)  # fmt: skip
    return IndicatorResult(
        META,
        results.reference(data, META),
        tuple(cells),
        cov,
        flags,
        tracing.trace(rows, META, data.options.duration_headline, "cohort"),
    )
