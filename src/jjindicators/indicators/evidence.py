"""No number without data (issue #16): a cell is "not computable", with the reason, when its
sources did not report, when the split it needs was stated for none of its children, or when a
sheet has no column for what it needs; a figure resting partly on unstated children says how many.

Every function takes the cells an indicator built and returns them with those numbers removed or
flagged, so that each indicator decides what it counts and these rules apply to all alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators.base import Cell, Coverage
from jjindicators.indicators.breakdowns import slices
from jjindicators.indicators.codes import (
    HEADLINE,
    LOWER_BOUND,
    NOT_STATED_FLAGS,
    Flag,
    Note,
    Part,
    not_computable,
    not_stated_flag,
)
from jjindicators.indicators.count_lines import weights


def nothing(cell: Cell, reason: Note) -> Cell:
    """The cell without its figures: "not computable" and why (the denominator, a child
    population or the children a share is taken of, stays: it is data)."""
    return replace(cell, numerator=None, value=None, note=not_computable(reason))


def _has_figure(cell: Cell) -> bool:
    return cell.value is not None or cell.numerator is not None


def covered(
    cells: list[Cell], cov: Sequence[Coverage], data: Collated, parts: Sequence[Part] | None = None
) -> list[Cell]:
    """Cells of an area none of whose expected sources reported (coverage 0 %), and cells of a
    source that was expected and did not report, are not computable: not reporting is not
    reporting zero (`collation.md`, "Coverage"). An area no source is expected in keeps its
    figures (sources of other types may have sent rows for it). `parts` limits this to the
    cells counted from the sources `cov` is about (indicator 6's deaths come from another form)."""
    if not cov:
        return cells
    by_area = {c.area: c for c in cov}
    root = by_area.get(data.areas.root)
    silent = set(root.missing) if root is not None else set()
    result = []
    for cell in cells:
        area = by_area.get(cell.area)
        if parts is not None and cell.part not in parts:
            result.append(cell)
        elif cell.dimension == "source":
            silent_source = cell.category in silent
            result.append(nothing(cell, Note("source_silent")) if silent_source else cell)
        elif area is not None and area.expected and not area.reported:
            result.append(nothing(cell, Note("no_source_reported")))
        else:
            result.append(cell)
    return result


def not_stated(
    cells: list[Cell],
    units: pd.DataFrame,
    stated: np.ndarray | pd.Series,
    data: Collated,
    dimensions: Sequence[str],
    source_types: Sequence[str],
    split: str,
    bound: bool = True,
    parts: Sequence[Part] = (HEADLINE,),
    blank_means_no: bool = False,
) -> list[Cell]:
    """The cells of `parts` where some of `units` (the children the figure is about: every
    child detained for indicator 3) did not state the split the figure needs (`stated` False).

    Stated for none of a cell's children: not computable, with the reason. For some: flagged
    with how many were not stated (`legal_status_not_stated(count=12,total=87)`) and, where `bound`
    (the unstated children count as not having the attribute), `lower bound`. Slices are those
    of `breakdowns.slices` over `units`, matched to the cells by dimension, category and area.

    `blank_means_no`: a blank has a meaning of its own (12(b): no inspection on record), so the
    cells stay as they are unless no unit at all states it (the column was not filled in)."""
    weight = weights(units)
    known = np.asarray(stated, dtype=bool)
    if blank_means_no and known.any():
        return cells
    unknown: dict[tuple[str, str, str], tuple[float, float]] = {}
    for dimension, category, area, rows in slices(units, data, dimensions, source_types):
        total = float(weight[rows].sum())
        unknown[dimension, category, area] = (float(weight[rows][~known[rows]].sum()), total)
    result = []
    for cell in cells:
        count, total = unknown.get((cell.dimension, cell.category, cell.area), (0.0, 0.0))
        if cell.part in parts and count and _has_figure(cell):
            if count >= total:
                cell = nothing(cell, Note.of(f"{split}_none_stated", total=total))
            elif not blank_means_no:
                flags = (*((LOWER_BOUND,) if bound else ()),
                         not_stated_flag(split, count, total))  # fmt: skip
                cell = replace(cell, flags=(*cell.flags, *flags))
        result.append(cell)
    return result


def headline_flags(cells: list[Cell]) -> tuple[Flag, ...]:
    """The headline's flags that say what it rests on (`lower bound`, `… not stated: n of m`),
    for the indicator's own flags (the summary shows those)."""
    head = cells[0]
    return tuple(f for f in head.flags if f == LOWER_BOUND or f.code in NOT_STATED_FLAGS)


def lacking(cells: list[Cell], data: Collated, form: str, *names: str) -> list[Cell]:
    """Every cell not computable, with the first such reason, when a sheet of `form` with rows
    has no column for one of `names` (`Collated.lacking`); else the cells as they are."""
    found = data.lacking(form, *names)
    if not found:
        return cells
    column, file, sheet = found[0]
    where = {"file": file} if sheet is None else {"file": file, "sheet": sheet}
    reason = Note.of("no_column", column=column, form=form, **where)
    return [nothing(c, reason) for c in cells]


def empty_sheet_flags(data: Collated, form: str, cov: Sequence[Coverage]) -> tuple[Flag, ...]:
    """`empty deaths sheet: read as nothing to report for DET01, DET02` when expected sources
    count as reporting only because the form came as an empty sheet (header row, no rows) in
    their file: a blank template sheet is never read silently as zero (issue #16)."""
    root = next((c for c in cov if c.area == data.areas.root), None)
    expected = set(root.expected) if root is not None else None
    found = sorted(s for s in data.empty_sheet.get(form, set())
                   if expected is None or s in expected)  # fmt: skip
    if not found:
        return ()
    return (Flag.of("empty_sheet", form=form, sources=tuple(found)),)


def age_as_given(rows: pd.DataFrame, on: pd.Series, reference: pd.Series) -> tuple[Flag, ...]:
    """`rows with the age taken from the age column: 3` when rows with an age but no date of
    birth were counted on another date than their form's (`on` ≠ `reference`): the age is the one
    given, on the form's date, as `docs/rules.md` says ("A row with only age")."""
    if not len(rows) or "date_of_birth" not in rows:
        return ()
    given = rows["date_of_birth"].isna() & rows["age"].notna() & (on != reference)
    count = int(given.sum())
    return (Flag.of("age_as_given", count=count),) if count else ()
