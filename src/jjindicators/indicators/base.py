"""What every indicator returns: metadata, tidy result cells, coverage and the trace.

Results are plain frozen data; the renderers (`render/`) only lay them out. The flat tables have
fixed, documented columns (`CELL_COLUMNS`, `TRACE_COLUMNS`, `COVERAGE_COLUMNS`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from jjindicators.i18n import lookup
from jjindicators.indicators.codes import (
    DURATION_STATS,
    SUPPRESSED,
    SUPPRESSED_COMPLEMENTARY,
    Flag,
    Note,
    Part,
    Reference,
    Unit,
)

Kind = Literal["rate", "percentage", "duration", "policy"]
# Whose a rule is (`shared/spec/README.md`, "How sure each statement is").
Origin = Literal["manual", "jjind"]
ORIGINS: tuple[Origin, ...] = ("manual", "jjind")

# The tidy long table: one row per indicator × part × breakdown cell (`collation.md`, CSV).
CELL_COLUMNS = (
    "indicator", "part", "dimension", "category", "area", "area_level", "numerator",
    "denominator", "multiplier", "value", "ci_low", "ci_high", "unit", "flags", "note",
)  # fmt: skip
# Every counted unit and the row it came from (`collation.md`, trace); `count` is 1 for a row of
# a record form and the figure of a count line (`docs/counts.md`).
TRACE_COLUMNS = (
    "indicator", "part", "role", "unit", "source_file", "sheet", "row", "source_id", "child_ref",
    "count",
)  # fmt: skip
# The trace's unit of a child (`unit` column): `child <scope>/<child_ref>`, the scope its source or
# `*` for a national child_ref (`breakdowns.distinct_children`). Made by `child_unit` and read
# only by `child_in_unit` (the trace's pseudonymisation, `protect.py`): one place for its format.
_CHILD_UNIT = "child "


def child_unit(scope: str, ref: str) -> str:
    """The trace's unit of the child `ref` within `scope`.

    >>> child_unit("POL1", "K7")
    'child POL1/K7'
    """
    return f"{_CHILD_UNIT}{scope}/{ref}"


def pseudonymous_unit(pseudonym: str) -> str:
    """The unit of a child whose `<scope>/<child_ref>` is replaced by `pseudonym` (`protect.py`)."""
    return f"{_CHILD_UNIT}{pseudonym}"


def child_in_unit(unit: str) -> str | None:
    """`<scope>/<child_ref>` of a unit `child_unit` made; None for any other unit (a row's).

    >>> child_in_unit("child POL1/K7"), child_in_unit("row a.xlsx#arrests:3")
    ('POL1/K7', None)
    """
    return unit[len(_CHILD_UNIT) :] if unit.startswith(_CHILD_UNIT) else None


COVERAGE_COLUMNS = (
    "indicator", "area", "expected", "reported", "coverage", "missing", "from_counts",
    "not_available", "not_applicable",
)  # fmt: skip
__all__ = ["DURATION_STATS", "SUPPRESSED", "SUPPRESSED_COMPLEMENTARY", "Cell", "Coverage",
           "IndicatorMeta", "IndicatorResult", "Rule"]  # fmt: skip
# What the Manual says of an indicator besides its title and definition (`shared/spec/README.md`):
# whether it is core, and whether it needs a completed 12-month period (`IndicatorMeta.manual`).
MANUAL_CORE = lookup("report.rule_core")
MANUAL_PERIOD = lookup("report.rule_period")


@dataclass(frozen=True)
class Rule:
    """A rule an indicator follows, and whose it is.

    `manual`: the Manual's own statement — only an indicator's definition, its core flag, the
    split into 11 quantitative and 4 policy indicators, and whether it needs a completed 12-month
    period (`shared/spec/README.md`). `jjind`: everything else, jjind's own precise reading of
    the Manual, which a country's practice or the Manual's full text may change.

    >>> Rule.jjind("Rows without child_ref count one each.").origin
    'jjind'
    """

    text: str
    origin: Origin

    @classmethod
    def manual(cls, text: str) -> Rule:
        """A statement of the Manual."""
        return cls(text, "manual")

    @classmethod
    def jjind(cls, text: str) -> Rule:
        """A rule of jjind's own."""
        return cls(text, "jjind")


@dataclass(frozen=True)
class IndicatorMeta:
    """An indicator's identity: number, name, core flag, kind, unit and the Manual's definition.

    `period` says whether it needs the completed 12-month period (else a census-date snapshot).
    `rules` lists the rules it follows, each marked as the Manual's or jjind's own (`Rule`);
    `manual()` adds what the Manual says of it. Reports and docs show both, with their origin.
    """

    number: str
    name: str
    core: bool
    kind: Kind
    unit: Unit
    definition: str
    period: bool
    forms: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    summary_parts: tuple[str, ...] = ()  # parts with a summary row of their own, e.g. 12(b)
    formula: str = ""
    options: tuple[str, ...] = ()  # the ComputeOptions that change this indicator

    def manual(self, core: str = MANUAL_CORE, period: str = MANUAL_PERIOD) -> tuple[Rule, ...]:
        """What the Manual says of the indicator besides its definition, as rules: that it is
        core, that it needs a completed 12-month period (`core`, `period`: those texts in the
        reader's language).

        >>> from jjindicators.indicators.i09_custodial import META  # core, over a period
        >>> [r.text[:20] for r in META.manual()]
        ['A core indicator.', 'Needs a completed 12']
        """
        return tuple(
            Rule.manual(text) for text, says in ((core, self.core), (period, self.period)) if says
        )

    def rules_in_force(self, core: str = MANUAL_CORE, period: str = MANUAL_PERIOD
                       ) -> tuple[Rule, ...]:  # fmt: skip
        """The Manual's statements (`manual`), then the indicator's own rules."""
        return (*self.manual(core, period), *self.rules)


@dataclass(frozen=True, kw_only=True)
class Cell:
    """One number (or answer) of an indicator, for one part and one breakdown category: its part,
    flags and note are codes (`codes.py`), put into words only by the renderers.

    >>> str(Cell(indicator="7", part=Part("headline"), value=50.0, unit="%").note)
    'None'
    """

    indicator: str
    part: Part
    dimension: str = "total"
    category: str = "all"
    area: str = ""
    area_level: int = 0
    numerator: float | None = None
    denominator: float | None = None
    multiplier: int | None = None
    value: float | str | None = None
    # The 95 % confidence interval of `value`, in its unit (`indicators/reliability.py`); None
    # for a figure that has none (a count, an answer, a mean, an estimate from bands).
    ci_low: float | None = None
    ci_high: float | None = None
    unit: Unit | str = ""  # a `Unit`; "" for none
    flags: tuple[Flag, ...] = ()
    note: Note | None = None

    @property
    def suppressed(self) -> bool:
        """True when small-cell suppression blanked some of the cell's numbers."""
        return SUPPRESSED in self.flags or SUPPRESSED_COMPLEMENTARY in self.flags

    def to_dict(self) -> dict[str, Any]:
        """The cell as a row of the tidy table: part, flags (joined with `; `) and note as their
        stable codes (`codes.py`)."""
        row = {k: getattr(self, k) for k in CELL_COLUMNS}
        row["part"] = str(self.part)
        row["flags"] = "; ".join(str(f) for f in self.flags)
        row["note"] = "" if self.note is None else str(self.note)
        for key in ("numerator", "denominator", "value", "ci_low", "ci_high"):
            if isinstance(row[key], float) and math.isnan(row[key]):
                row[key] = None
        return row


@dataclass(frozen=True)
class Coverage:
    """For one indicator and area: the sources expected to report, and those that did."""

    indicator: str
    area: str
    expected: tuple[str, ...]
    reported: tuple[str, ...]
    # Count sheets (`docs/counts.md`): sources that reported by counts; sources whose counts are
    # all blank ("not available": expected, not reported); sources whose counts all say "not
    # applicable" (not expected, so left out of `expected`).
    from_counts: tuple[str, ...] = ()
    not_available: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """Expected sources that sent nothing."""
        return tuple(s for s in self.expected if s not in self.reported)

    @property
    def ratio(self) -> float | None:
        """Share of expected sources that reported (None when none was expected)."""
        return len(self.reported) / len(self.expected) if self.expected else None

    def to_dict(self) -> dict[str, Any]:
        """The coverage as a row of the coverage table."""
        return {
            "indicator": self.indicator,
            "area": self.area,
            "expected": len(self.expected),
            "reported": len(self.reported),
            "coverage": None if self.ratio is None else round(self.ratio * 100, 1),
            "missing": ", ".join(self.missing),
            "from_counts": ", ".join(self.from_counts),
            "not_available": ", ".join(self.not_available),
            "not_applicable": ", ".join(self.not_applicable),
        }


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator computed: every cell (the headline first), coverage, flags and the trace."""

    meta: IndicatorMeta
    reference: Reference  # the period, the census date, or the answers as reported
    cells: tuple[Cell, ...]
    coverage: tuple[Coverage, ...] = ()
    flags: tuple[Flag, ...] = ()
    trace: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TRACE_COLUMNS))

    @property
    def headline(self) -> Cell:
        """The headline cell: the first cell (the total of the main part)."""
        return self.cells[0]

    def cells_frame(self) -> pd.DataFrame:
        """The cells as the tidy table."""
        return pd.DataFrame([c.to_dict() for c in self.cells], columns=list(CELL_COLUMNS))
