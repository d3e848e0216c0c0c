"""The trace: every counted unit and the row it came from (`collation.md`, trace)."""

from __future__ import annotations

import pandas as pd

from jjindicators.indicators.base import IndicatorMeta
from jjindicators.indicators.count_lines import weights
from jjindicators.indicators.transfers import explode


def trace(units: pd.DataFrame, meta: IndicatorMeta, part: str, role: str) -> pd.DataFrame:
    """The trace rows of `units`: which row each counted unit came from (every episode of a
    chain of transfers, `transfers.explode`)."""
    units = explode(units)
    return pd.DataFrame({
        "indicator": meta.number,
        "part": part,
        "role": role,
        "unit": units["unit"] if "unit" in units else units.index.astype(str),
        "source_file": units["_file"],
        "sheet": units["_sheet"],
        "row": units["_row"],
        "source_id": units["source_id"],
        "child_ref": units["child_ref"],
        "count": weights(units).astype(int),
    })  # fmt: skip


def ratio_trace(units: pd.DataFrame, meta: IndicatorMeta, part: str) -> pd.DataFrame:
    """The trace of a ratio: its numerator's rows, then its denominator's."""
    return pd.concat([trace(units[units["num"] > 0], meta, part, "numerator"),
                      trace(units[units["den"] > 0], meta, part, "denominator")],
                     ignore_index=True)  # fmt: skip
