"""Decisions of competent authorities in the period (indicators 9 and 10)."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import common, results
from jjindicators.indicators.base import IndicatorMeta, IndicatorResult

SOURCES = ("competent_authority",)
DIMENSIONS = (*common.BASE_DIMENSIONS, "deciding_body")
SENTENCES = ("custodial_sentence", "non_custodial_sentence")


def decisions(data: Collated) -> pd.DataFrame:
    """Decisions in the period about children under 18 on the decision date; one unit each (the
    unit is the decision, a jjind rule); then the count lines of `decisions_counts`."""
    return data.shared("decisions", lambda: _decisions(data))


def _decisions(data: Collated) -> pd.DataFrame:
    frame = data.forms["decisions"]
    ages = common.child_age(frame, frame["decision_date"])
    keep = common.in_period(frame["decision_date"], data) & ~(ages >= 18)
    rows = common.with_dims(frame[keep], ages[keep], data)
    rows["unit"] = common.row_ids(rows)
    return common.with_counts(rows, common.count_units(data, "decisions"))


def decision_share(
    meta: IndicatorMeta, data: Collated, numerator: tuple[str, ...], denominator: tuple[str, ...]
) -> IndicatorResult:
    """Decisions of the `numerator` kinds among those of the `denominator` kinds, × 100."""
    cov = common.coverage(data, meta, "decisions", SOURCES)
    rows = decisions(data)
    units = rows.assign(num=rows["decision"].isin(list(numerator)).astype(int),
                        den=rows["decision"].isin(list(denominator)).astype(int))  # fmt: skip
    cells = common.ratio_cells(meta, "headline", units, data, DIMENSIONS, SOURCES,
                               flags=common.partial_flags(cov))  # fmt: skip
    return results.finish(
        meta, data, cells, cov, common.ratio_trace(units, meta, "headline"), "decisions",
        *common.counts_flag(units),
    )  # fmt: skip
