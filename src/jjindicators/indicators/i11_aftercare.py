"""Indicator 11 — percentage of children released from detention who receive aftercare."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import (
    breakdowns,
    count_lines,
    coverage,
    evidence,
    rates,
    register,
    results,
    tracing,
)
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import HEADLINE, Part, Unit

META = IndicatorMeta(
    number="11",
    name="Aftercare",
    core=False,
    kind="percentage",
    unit=Unit.PERCENT,
    definition="Percentage of children released from detention who receive aftercare.",
    period=True,
    forms=("detention_register",),
    formula=(
        "I11 = releases with aftercare = yes / releases with aftercare known (yes or no) × 100."
    ),
    options=("age_breaks",),
    rules=(
        Rule.jjind(
            "Cohort: releases in the period (not transfers, deaths or escapes) of children "
            "under 18 on the release date."
        ),
        Rule.jjind(
            "Releases whose aftercare is unknown (or blank) are left out of the denominator and "
            "reported as 'not stated': I11 = releases with aftercare = yes / releases with "
            "aftercare known × 100; stated for none, not computable."
        ),
        Rule.jjind(
            "By legal status at release: sentenced when the episode has a sentence_date, else "
            "pre_sentence."
        ),
    ),
)


def compute(data: Collated) -> IndicatorResult:
    """`I11 = aftercare yes / aftercare known × 100`."""
    counted = register.lines(data, "released")
    cov = coverage.coverage(data, META, "detention_register", register.SOURCES, counted)
    frame = register.episodes(data)
    rows = register.with_ages_on(frame, frame["release_date"], data)
    keep = (
        rows["is_release"] & breakdowns.in_period(rows["release_date"], data) & ~(rows["age"] >= 18)
    )
    rows = rows[keep].assign(legal_status=register.status_at_release)
    # A row with only `age` (on its admission) uses that age at release too: say how many.
    given = evidence.age_as_given(rows, rows["release_date"], rows["admission_date"])
    rows = count_lines.with_counts(rows, register.counted_units(data, "released"))
    units = rows.assign(num=rows["aftercare"].eq("yes").astype(int),
                        den=rows["aftercare"].isin(["yes", "no"]).astype(int))  # fmt: skip
    cells = rates.ratio_cells(META, HEADLINE, units, data, (*register.DIMENSIONS,
                               "legal_status"), register.SOURCES,
                               flags=coverage.partial_flags(cov))  # fmt: skip
    # Releases whose aftercare is not stated are left out of the denominator: the share is of
    # those stated, flagged with how many were not (issue #16).
    dims = (*register.DIMENSIONS, "legal_status")
    cells = evidence.not_stated(cells, units, units["den"].eq(1), data, dims, register.SOURCES,
                                "aftercare", bound=False)  # fmt: skip
    unknown = float((count_lines.weights(units) * (units["den"] == 0).to_numpy()).sum())
    cells.append(rates.count_cell(META, data, Part("aftercare_not_stated"), unknown, Unit.RELEASES,
                                   of=count_lines.total(units)))  # fmt: skip
    return results.finish(
        META, data, cells, cov, tracing.ratio_trace(units, META, "headline"), "detention_register",
        *count_lines.counts_flag(units), *given, needs=("release_date", "aftercare"),
    )  # fmt: skip
