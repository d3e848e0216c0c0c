"""Policy answers (indicators 12–15) and the places-of-detention shares of 12(b) and 13(b)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.indicators import evidence, rates, results, tracing
from jjindicators.indicators.base import Cell, IndicatorMeta, IndicatorResult
from jjindicators.indicators.codes import Flag, Note, Part, Reference, Unit

PLACES = ("place_of_detention",)
PLACE_DIMENSIONS = ("area", "place_type", "source")
NOT_ANSWERED = "not answered"


def answer_cells(meta: IndicatorMeta, data: Collated, item: str, part: Part
                 ) -> tuple[list[Cell], tuple[Flag, ...]]:  # fmt: skip
    """The answer (headline), each checklist item's answer, and a flag when they disagree: `yes`
    with a checklist item `no`, or `no` with every item `yes` (jjind rule). The answer's note is
    its evidence, as the source wrote it; a checklist item's, the item (its question)."""
    root = data.areas.root
    record = data.policy.get(item)
    answer = record["answer"] if record else None
    evidence = (record.get("evidence") or "") if record else ""
    note = Note.of("evidence", text=evidence) if evidence else None if record else (
        Note("not_answered"))  # fmt: skip
    cells = [
        Cell(
            indicator=meta.number,
            part=part,
            area=root,
            value=answer or NOT_ANSWERED,
            unit=Unit.ANSWER,
            note=note,
        )
    ]
    items = [code for code in POLICY_ITEMS if code.startswith(f"{item}.")]
    answers = {}
    for code in items:
        found = data.policy.get(code)
        answers[code] = found["answer"] if found else NOT_ANSWERED
        cells.append(Cell(indicator=meta.number, part=part, dimension="checklist",
                          category=code, area=root, value=answers[code], unit=Unit.ANSWER,
                          note=Note.of("checklist_item", item=code)))  # fmt: skip
    flags: tuple[Flag, ...] = () if answer else (Flag.of("not_answered", item=item),)
    given = [a for a in answers.values() if a != NOT_ANSWERED]
    if (answer == "yes" and "no" in given) or (answer == "no" and given and
                                                 all(a == "yes" for a in given)):  # fmt: skip
        flags += (Flag.of("disagree", item=item),)
    return cells, flags


def policy_trace(meta: IndicatorMeta, data: Collated, item: str, part: Part) -> pd.DataFrame:
    """The policy rows behind an answer and its checklist."""
    rows = [r for code, r in data.policy.items() if code == item or code.startswith(f"{item}.")]
    frame = pd.DataFrame({
        "_file": [r["_table"].file for r in rows], "_sheet": [r["_table"].sheet for r in rows],
        "_row": [r["_row"] for r in rows], "source_id": None, "child_ref": None,
        "unit": [r["item"] for r in rows],
    })  # fmt: skip
    return tracing.trace(frame, meta, str(part), "answer")


def places(data: Collated, test: Callable[[pd.DataFrame, dt.date], pd.Series]) -> pd.DataFrame:
    """Places of detention that held children in the period, `num` = 1 where `test` holds."""
    frame = data.sources[data.sources["source_type"].isin(PLACES)
                         & (data.sources["held_children_in_period"] != "no")]  # fmt: skip
    frame = frame.reset_index(drop=True).assign(child_ref=None, den=1)
    frame["num"] = test(frame, data.census_date).astype(int)
    frame["unit"] = frame["source_id"]
    return frame


def answer_and_places(
    meta: IndicatorMeta,
    data: Collated,
    item: str,
    test: Callable[[pd.DataFrame, dt.date], pd.Series],
    column: str,
    stated: Callable[[pd.DataFrame], pd.Series],
    blank_means_no: bool = False,
) -> IndicatorResult:
    """(a) the answer to `item` with its checklist; (b) the % of places of detention (that held
    children in the period) where `test` holds, from the sources' `column`.

    (b) is not computable when the sources sheet has no such column, or when no place states
    it (`stated`); places that do not state it count as not having it: a lower bound, flagged
    as such unless `blank_means_no` (`evidence.not_stated`)."""
    cells, flags = answer_cells(meta, data, item, Part("a"))
    units = places(data, test)
    places_cells = rates.ratio_cells(meta, Part("b"), units, data, PLACE_DIMENSIONS, PLACES,
                                      unit=Unit.PERCENT_OF_PLACES)  # fmt: skip
    places_cells = evidence.not_stated(
        places_cells,
        units,
        stated(units),
        data,
        PLACE_DIMENSIONS,
        PLACES,
        column,
        parts=(Part("b"),),
        blank_means_no=blank_means_no,
    )
    places_cells = evidence.lacking(places_cells, data, "sources", column)
    cells += places_cells
    trace = pd.concat([policy_trace(meta, data, item, Part("a")),
                       tracing.ratio_trace(units, meta, "b")], ignore_index=True)  # fmt: skip
    return IndicatorResult(meta, Reference.census(data.census_date), tuple(cells),
                           (), (*results.missing_flags(data, "policy"), *flags), trace)  # fmt: skip
