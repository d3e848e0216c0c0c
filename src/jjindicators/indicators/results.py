"""An indicator's result put together: no number where the data do not support one
(`evidence.py`), the indicator's flags, its reference and its trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import evidence
from jjindicators.indicators.base import Cell, Coverage, IndicatorMeta, IndicatorResult
from jjindicators.indicators.codes import (
    Flag,
    Note,
    Reference,
    not_computable,
    not_computable_flag,
)
from jjindicators.indicators.coverage import partial_flags


def finish(
    meta: IndicatorMeta, data: Collated, cells: list[Cell], cov: tuple[Coverage, ...],
    trace: pd.DataFrame, counted: str, *extra: Flag, needs: tuple[str, ...] = (),
) -> IndicatorResult:  # fmt: skip
    """The result of an indicator counted from the form `counted`: no numbers where its sources
    did not report (`evidence.covered`), where a sheet of it has no column for a field the
    indicator `needs` (`evidence.lacking`), or when it was not sent at all (`unsent`) — the
    most basic reason last, so that it is the one given; the flags (`result_flags`, and a word
    where an empty sheet was read as a report of zero), the reference and the trace."""
    cells = checked_cells(cells, cov, data, counted, needs)
    empty = evidence.empty_sheet_flags(data, counted, cov)
    flags = result_flags(data, cells, cov, meta.forms, *extra, *empty)
    return IndicatorResult(meta, reference(data, meta), tuple(cells), cov, flags, trace)


def checked_cells(
    cells: list[Cell], cov: Sequence[Coverage], data: Collated, form: str,
    needs: tuple[str, ...] = (),
) -> list[Cell]:  # fmt: skip
    """`cells` counted from `form`, with no number where the data do not support one: sources
    that did not report, a column the indicator `needs` missing, the form not sent (`finish`)."""
    cells = evidence.covered(cells, cov, data)
    cells = evidence.lacking(cells, data, form, *needs)
    return unsent(cells, data, (form,))


def result_flags(
    data: Collated,
    cells: list[Cell],
    cov: tuple[Coverage, ...],
    forms: Sequence[str],
    *extra: Flag,
) -> tuple[Flag, ...]:
    """An indicator's flags: forms missing, or why it is not computable; then `extra`; then
    what the headline rests on (`lower bound`, `… not stated: n of m`); then `partial` when
    national coverage is below 100 % and there is a headline (else the reason says it all)."""
    missing = missing_flags(data, *forms)
    reason = () if missing else not_computable_flags(cells)
    partial = partial_flags(cov).get(data.areas.root, ()) if cells[0].value is not None else ()
    return (*missing, *reason, *extra, *evidence.headline_flags(cells), *partial)


def unsent(cells: list[Cell], data: Collated, forms: Sequence[str]) -> list[Cell]:
    """The cells without numbers when a form they count from was not sent at all: not reporting
    is not reporting zero (`collation.md`, "Coverage"), so no 0 is shown for it."""
    missing = [f for f in forms if f not in data.sent]
    if not missing:
        return cells
    note = not_computable(no_sheet(*missing))
    return [replace(c, numerator=None, denominator=None, value=None, note=note) for c in cells]


def not_computable_flags(cells: list[Cell]) -> tuple[Flag, ...]:
    """`not computable` when the headline has no value, with its reason."""
    head = cells[0]
    if head.value is not None:
        return ()
    return (not_computable_flag(head.note or Note("no_data")),)


def missing_flags(data: Collated, *forms: str) -> tuple[Flag, ...]:
    """`not computable: no <form> sheet` for each of `forms` the submission did not send."""
    return tuple(not_computable_flag(no_sheet(f)) for f in data.missing(*forms))


def no_sheet(*forms: str) -> Note:
    """The reason a figure counted from `forms` has no number: the submission has no such sheet."""
    return Note.of("no_sheet", forms=forms)


def reference(data: Collated, meta: IndicatorMeta) -> Reference:
    """The period or the census date the indicator refers to."""
    return Reference.period(*data.period) if meta.period else Reference.census(data.census_date)
