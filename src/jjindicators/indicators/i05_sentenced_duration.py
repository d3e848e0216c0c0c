"""Indicator 5 — duration of sentenced detention (median or mean days, the headline)."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import (
    breakdowns,
    count_lines,
    coverage,
    durations,
    evidence,
    register,
    results,
    tracing,
)
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import Unit

META = IndicatorMeta(
    number="5",
    name="Duration of sentenced detention",
    core=False,
    kind="duration",
    unit=Unit.DAYS,
    definition="Time spent in detention by children after sentencing.",
    period=True,
    forms=("detention_register",),
    formula=(
        "The median and mean (one of them the headline: duration_headline, the median by "
        "default), quartiles, maximum and band counts of release_date − max(sentence_date, "
        "admission_date), in days."
    ),
    options=("duration_headline", "sentenced_bands", "age_breaks"),
    rules=(
        Rule.jjind(
            "Cohort: episodes released from sentenced detention in the period (sentence_date "
            "present, release_date in the period, a release: not a transfer, death or escape), "
            "children under 18 at sentence."
        ),
        Rule.jjind("Duration = release_date − max(sentence_date, admission_date), in days."),
        Rule.jjind(durations.HEADLINE_RULE),
        Rule.jjind(
            "Episodes of one child linked by a transfer are one detention (as in indicator 4), "
            "released on its last release; transfers no episode follows are flagged."
        ),
    ),
)


def cohort(data: Collated) -> pd.DataFrame:
    """Sentenced episodes released in the period, with `days`."""
    frame = register.episodes(data)
    rows = register.with_ages_on(frame, frame["sentence_date"], data)
    keep = (rows["sentence_date"].notna() & rows["is_release"]
            & breakdowns.in_period(rows["release_date"], data) & ~(rows["age"] >= 18))  # fmt: skip
    rows = rows[keep].copy()
    start = rows[["sentence_date", "admission_date"]].max(axis=1)
    rows["days"] = (rows["release_date"] - start).dt.days
    return rows


def compute(data: Collated) -> IndicatorResult:
    """Median, mean (one of them the headline), quartiles, maximum and bands of the sentenced
    durations."""
    lines = register.lines(data, "sentenced_released")
    cov = coverage.coverage(data, META, "detention_register", register.SOURCES, lines)
    records = cohort(data)
    # A row with only `age` (on its admission) uses that age at sentence too: say how many.
    given = evidence.age_as_given(records, records["sentence_date"], records["admission_date"])
    rows = count_lines.with_counts(records, register.counted_units(data, "sentenced_released"))
    cells = durations.duration_cells(META, rows, data, register.DIMENSIONS, register.SOURCES,
                                  data.options.sentenced_bands,
                                  flags=coverage.partial_flags(cov))  # fmt: skip
    return results.finish(
        META, data, cells, cov, tracing.trace(rows, META, data.options.duration_headline, "cohort"),
        "detention_register", *count_lines.counts_flag(rows), *given,
        *register.unfollowed_flags(data, sentenced=True), needs=("sentence_date", "release_date"),
    )  # fmt: skip
