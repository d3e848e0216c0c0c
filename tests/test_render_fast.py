"""The column-wise writers of the big flat tables give exactly what the value-by-value rules give:
`csv_texts` equals `csv_text` on every cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from jjindicators.render.report_csv import csv_text, csv_texts

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)

# Every kind of value a table of the library can hold, and a few it should never hold.
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
FORMULA_LIKE = st.builds(lambda c, t: c + t, st.sampled_from("=+-@\t\r'#"), TEXT)
SCALARS = st.one_of(
    st.none(), st.just(float("nan")), st.just(pd.NaT), st.just(pd.NA), st.booleans(),
    st.integers(), st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.floats(), st.floats(width=32).map(np.float32), st.floats().map(np.float64),
    st.sampled_from([0.0, -0.0, 1e16, -1e16, 9999999999999998.0, 1e15 + 0.5, 5.0, 1e20]),
    TEXT, FORMULA_LIKE, st.booleans().map(np.bool_), st.dates(), st.datetimes(),
    st.decimals(allow_nan=True), st.lists(st.integers() | TEXT, max_size=3),
)  # fmt: skip


@SETTINGS
@given(st.lists(SCALARS, max_size=40))
def test_csv_texts_equal_csv_text_on_mixed_columns(values):
    column = pd.Series(values, dtype=object)
    assert csv_texts(column) == [csv_text(v) for v in values]


@SETTINGS
@given(st.lists(st.floats(), min_size=1, max_size=40), st.lists(TEXT, min_size=1, max_size=40))
def test_csv_texts_equal_csv_text_on_typed_columns(floats, texts):
    for column in (pd.Series(floats), pd.Series(floats).round(), pd.Series(texts, dtype="str"),
                   pd.Series([*texts, None], dtype="str"), pd.Series(range(len(texts))),
                   pd.Series([t.startswith("a") for t in texts]),
                   pd.Series(pd.to_datetime(["2025-01-02", None]))):  # fmt: skip
        assert csv_texts(column) == [csv_text(v) for v in column.astype(object)], column.dtype


def test_csv_texts_of_an_empty_column():
    assert csv_texts(pd.Series([], dtype=object)) == []
    assert csv_texts(pd.Series([dt.date(2025, 1, 2), Decimal("1.5")])) == ["2025-01-02", "1.5"]
