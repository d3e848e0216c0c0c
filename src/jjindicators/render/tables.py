"""Which tables an indicator's section shows, and their titles: the same for the Excel report and
the HTML report, which only lay them out (issue #20)."""

from __future__ import annotations

from dataclasses import dataclass

from jjindicators.indicators.base import Cell, IndicatorResult
from jjindicators.indicators.codes import HEADLINE, Part
from jjindicators.render.words import Words


@dataclass(frozen=True)
class Breakdown:
    """A table of cells of one part by one dimension: its title (`by sex`, `(b) by area`), the
    heading of its first column (`Sex`), and its cells."""

    title: str
    label: str
    part: Part
    dimension: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Plan:
    """An indicator's cells as its section shows them: the duration cells (wide tables of their
    own), the totals (one row per part), then one `Breakdown` per part and dimension."""

    durations: tuple[Cell, ...]
    totals: tuple[Cell, ...]
    breakdowns: tuple[Breakdown, ...]


def plan(result: IndicatorResult, words: Words) -> Plan:
    """The tables of `result`'s section, in the order shown, titled in `words`' language."""
    is_duration = [result.meta.kind == "duration" and c.part.is_duration for c in result.cells]
    durations = tuple(c for c, d in zip(result.cells, is_duration, strict=True) if d)
    others = [c for c, d in zip(result.cells, is_duration, strict=True) if not d]
    groups: dict[tuple[Part, str], list[Cell]] = {}
    for cell in others:
        if cell.dimension != "total":
            groups.setdefault((cell.part, cell.dimension), []).append(cell)
    breakdowns = []
    for (part, dimension), cells in groups.items():
        by = words.dimension(dimension)
        title = (words("by", dimension=by) if part == HEADLINE
                 else words("part_by", part=part_name(part, words), dimension=by))  # fmt: skip
        breakdowns.append(Breakdown(title, upper_first(by), part, dimension, tuple(cells)))
    totals = tuple(c for c in others if c.dimension == "total")
    return Plan(durations, totals, tuple(breakdowns))


def part_name(part: Part, words: Words) -> str:
    """`(a)` for the lettered parts of the policy indicators, else the part in words."""
    return f"({part.code})" if len(part.code) == 1 else words.part(part)


def upper_first(text: str) -> str:
    """`text` with its first letter a capital: a heading made from a phrase."""
    return text[:1].upper() + text[1:]
