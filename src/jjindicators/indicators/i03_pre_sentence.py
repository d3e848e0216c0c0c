"""Indicator 3 (CORE) — children in pre-sentence detention per 100,000 children."""

from __future__ import annotations

from jjindicators.collate import Collated
from jjindicators.indicators import (
    census,
    count_lines,
    coverage,
    evidence,
    rates,
    results,
    tracing,
)
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import HEADLINE, Part, Unit

META = IndicatorMeta(
    number="3",
    name="Children in pre-sentence detention",
    core=True,
    kind="rate",
    unit=Unit.PER_100000,
    definition="Children in pre-sentence detention per 100,000 child population.",
    period=False,
    forms=("detention_census", "population"),
    formula=(
        "I3 = P / CP × 100,000, where P = the children of D in pre-sentence detention; "
        "beside it, P / D × 100."
    ),
    options=("age_breaks", "census_date", "child_ref_scope"),
    rules=(
        Rule.jjind(
            "The children of indicator 2 with legal_status = pre_sentence (P ≤ D always). Children "
            "whose legal status is not stated stay in D: P is then a lower bound, flagged with how "
            "many were not stated; stated for none, not computable."
        ),
        Rule.jjind("Supplementary: P / D × 100, the share of detained children not yet sentenced."),
    ),
)

SHARE = Part("pre_sentence_share")


def compute(data: Collated) -> IndicatorResult:
    """`I3 = P / CP × 100,000`, and the pre-sentence share `P / D × 100` beside it."""
    cov = coverage.coverage(data, META, "detention_census", census.SOURCES)
    flags_by_area = coverage.partial_flags(cov)
    held = census.detained(data)
    pre = held[held["legal_status"] == "pre_sentence"]
    cells = rates.rate_cells(META, HEADLINE, pre, data, census.DIMENSIONS, census.SOURCES,
                              flags=flags_by_area)  # fmt: skip
    share = held.assign(num=(held["legal_status"] == "pre_sentence").astype(int), den=1)
    dims = [d for d in census.DIMENSIONS if d != "legal_status"]
    cells += rates.ratio_cells(
        META,
        SHARE,
        share,
        data,
        dims,
        census.SOURCES,
        unit=Unit.PERCENT,
        flags=flags_by_area,
    )
    # Children whose legal status is not stated are in D but not in P: P is a lower bound, and
    # nothing at all where no child's status is stated (issue #16).
    stated = held["legal_status"].ne("unknown").to_numpy()
    cells = evidence.not_stated(cells, held, stated, data, census.DIMENSIONS, census.SOURCES,
                                "legal_status", parts=(HEADLINE, SHARE))  # fmt: skip
    return results.finish(
        META, data, cells, cov, tracing.trace(pre, META, "headline", "numerator"),
        "detention_census", *count_lines.counts_flag(held),
    )  # fmt: skip
