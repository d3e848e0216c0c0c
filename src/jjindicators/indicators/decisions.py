"""Decisions of competent authorities in the period (indicators 9 and 10)."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import breakdowns, count_lines, coverage, rates, results, tracing
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult
from jjindicators.indicators.codes import HEADLINE

SOURCES = ("competent_authority",)
DIMENSIONS = (*breakdowns.BASE_DIMENSIONS, "deciding_body")
SENTENCES = ("custodial_sentence", "non_custodial_sentence")


def decisions(data: Collated) -> pd.DataFrame:
    """Decisions in the period about children under 18 on the decision date; one unit each (the
    unit is the decision, a jjind rule); then the count lines of `decisions_counts`."""
    return data.shared("decisions", lambda: _decisions(data))


def _decisions(data: Collated) -> pd.DataFrame:
    frame = data.forms["decisions"]
    ages = breakdowns.child_age(frame, frame["decision_date"])
    keep = breakdowns.in_period(frame["decision_date"], data) & ~(ages >= 18)
    rows = breakdowns.with_dims(frame[keep], ages[keep], data)
    rows["unit"] = breakdowns.row_ids(rows)
    return count_lines.with_counts(rows, count_lines.count_units(data, "decisions"))


def decision_share(
    meta: IndicatorMeta, data: Collated, numerator: tuple[str, ...], denominator: tuple[str, ...]
) -> IndicatorResult:
    """Decisions of the `numerator` kinds among those of the `denominator` kinds, × 100."""
    cov = coverage.coverage(data, meta, "decisions", SOURCES)
    rows = decisions(data)
    units = rows.assign(num=rows["decision"].isin(list(numerator)).astype(int),
                        den=rows["decision"].isin(list(denominator)).astype(int))  # fmt: skip
    cells = rates.ratio_cells(meta, HEADLINE, units, data, DIMENSIONS, SOURCES,
                               flags=coverage.partial_flags(cov))  # fmt: skip
    return results.finish(
        meta, data, cells, cov, tracing.ratio_trace(units, meta, "headline"), "decisions",
        *count_lines.counts_flag(units),
    )  # fmt: skip
