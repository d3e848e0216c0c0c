"""What a cell says besides its numbers, as codes: its part, its flags and its note.

A result carries no sentence, nor does its reference (`Reference`): the renderers
(`render/words.py`) turn these codes into words in the reader's language (`report.part_*`,
`report.flag_*`, `report.note_*`, `report.reference_*` in `locales/<lang>.toml`).
The flat tables (`indicators.csv`, the JSON) write them as stable text (`str()`): a part as
`headline`, `median`, `band:0-7`, `held_so_far:band:366-`; a flag or a note as its code followed
by its parameters, `legal_status_not_stated(count=3,total=10)`,
`not_computable(reason=denominator_0)` (`docs/report.md`, "indicators.csv").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Band = tuple[int, int | None]  # a duration band's days, both ends included; None: open

DURATION_STATS = ("median", "mean", "p25", "p75", "max")
# The duration family of an indicator's own cohort: its parts are written by their statistic or
# band alone (`median`, `band:0-7`); other families put their code first (`held_so_far:median`).
DURATIONS = "durations"
_PLAIN = re.compile(r"[\w.\- /%<>–]*")


@dataclass(frozen=True)
class Part:
    """Which figure of an indicator a cell holds: a part code (`headline`, `a`, `b`,
    `pre_sentence_share`...), and for a duration the family code with its `statistic` or `band`.

    >>> str(Part("held_so_far", band=(0, 7))), str(Part(DURATIONS, "median")), str(HEADLINE)
    ('held_so_far:band:0-7', 'median', 'headline')
    """

    code: str = "headline"
    statistic: str | None = None
    band: Band | None = None

    @property
    def is_duration(self) -> bool:
        """True for a duration's statistic or band."""
        return self.statistic is not None or self.band is not None

    @property
    def family(self) -> Part:
        """The part without its statistic or band: what a duration row's cells share."""
        return Part(self.code)

    def __str__(self) -> str:
        if not self.is_duration:
            return self.code
        prefix = "" if self.code == DURATIONS else f"{self.code}:"
        if self.band is not None:
            low, high = self.band
            return f"{prefix}band:{low}-{'' if high is None else high}"
        return f"{prefix}{self.statistic}"


HEADLINE = Part("headline")


class Unit(StrEnum):
    """The unit of an indicator's or a cell's figures: a code whose value is the `unit` column's
    text (`indicators.csv`, `summary.csv`), put into words by `render/words.Words.unit`."""

    PERCENT = "%"
    PERCENT_OF_PLACES = "% of places"
    ANSWER = "answer"
    DAYS = "days"
    EPISODES = "episodes"
    PER_1000_DETAINED = "per 1,000 children detained"
    PER_100000 = "per 100,000 children"
    CHILDREN = "children"
    DEATHS = "deaths"
    PERSONS = "persons"
    RELEASES = "releases"


# The units of a rate per children (per 100,000, per 1,000 detained), of a percentage (of
# children, of places) and of a count of children or events: how intervals (`reliability.py`),
# rounding (`rounding.py`) and the year-on-year check (`changes.py`) treat a figure.
RATES = frozenset({Unit.PER_100000, Unit.PER_1000_DETAINED})
PERCENTAGES = frozenset({Unit.PERCENT, Unit.PERCENT_OF_PLACES})
COUNTS = frozenset({Unit.CHILDREN, Unit.DEATHS, Unit.EPISODES, Unit.PERSONS, Unit.RELEASES})


# The splits a figure needs stated (`evidence.not_stated`, durations): a figure resting on children
# some of whom did not state it is flagged `<split>_not_stated(count=…,total=…)`.
SPLITS = ("legal_status", "separation", "family_contact", "aftercare", "duration",
          "complaints_system", "last_independent_inspection")  # fmt: skip
NOT_STATED_FLAGS = frozenset(f"{split}_not_stated" for split in SPLITS)


def not_stated_flag(split: str, count: float, total: float) -> Flag:
    """`<split>_not_stated(count=…,total=…)`: `count` of the `total` children did not state it."""
    if split not in SPLITS:
        raise ValueError(f"Not a split of codes.SPLITS: {split!r}")
    return Flag.of(f"{split}_not_stated", count=count, total=total)


def summary_label(number: str, part: str | None = None) -> str:
    """The summary's `indicator` of a headline: its number, and the part for an indicator with
    several headline parts (`12(a)`, `12(b)`)."""
    return number if part is None else f"{number}({part})"


def label_number(label: str) -> str:
    """The indicator number of a summary `indicator` (`summary_label`), as `batch` reads its own
    `summary.csv` back: `12(b)` is indicator 12's."""
    return label.partition("(")[0]


def summary_unit(unit: str, statistic: str | None) -> str:
    """The summary's `unit` of a headline: a duration's says its statistic, `days (median)`."""
    return unit if statistic is None else f"{unit} ({statistic})"


@dataclass(frozen=True)
class Reference:
    """What an indicator's figures refer to: the reporting period (`start`–`end`), the census
    date (`end`, and `start` the same), or the policy answers as reported (no dates). Put into
    words by `render/words.Words.reference`; `str()` is the summary's `reference` column.

    >>> str(Reference.period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    '2025-01-01 to 2025-12-31'
    >>> str(Reference.census(dt.date(2025, 12, 31))), str(AS_REPORTED)
    ('census date 2025-12-31', 'as reported')
    """

    kind: Literal["period", "census", "as_reported"]
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def period(cls, start: dt.date, end: dt.date) -> Reference:
        """The reporting period, both ends included."""
        return cls("period", start, end)

    @classmethod
    def census(cls, date: dt.date) -> Reference:
        """The census date."""
        return cls("census", date, date)

    def __str__(self) -> str:
        # The machine text of the `reference` column (`docs/report.md`): the same in every
        # language, never read back.
        if self.start is None or self.end is None:
            return "as reported"
        if self.kind == "census":
            return f"census date {self.end.isoformat()}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


AS_REPORTED = Reference("as_reported")  # a policy indicator's answers


@dataclass(frozen=True)
class Coded:
    """A code and its parameters: what a flag or a note says, in no language."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def __getitem__(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)

    def __str__(self) -> str:
        if not self.params:
            return self.code
        return f"{self.code}({','.join(f'{k}={_text(v)}' for k, v in self.params)})"


@dataclass(frozen=True)
class Flag(Coded):
    """Something a figure rests on, or why there is none (`report.flag_<code>`).

    >>> str(Flag.of("legal_status_not_stated", count=3, total=10))
    'legal_status_not_stated(count=3,total=10)'
    """

    @classmethod
    def of(cls, code: str, **params: Param) -> Flag:
        """The flag `code` with its parameters, in the order given."""
        return cls(code, tuple(params.items()))


@dataclass(frozen=True)
class Note(Coded):
    """What a cell's figure needs said beside it, or why it has none (`report.note_<code>`).

    >>> str(not_computable(Note.of("no_sheet", forms=("deaths",))))
    'not_computable(reason=no_sheet(forms=[deaths]))'
    """

    @classmethod
    def of(cls, code: str, **params: Param) -> Note:
        """The note `code` with its parameters, in the order given."""
        return cls(code, tuple(params.items()))

    @property
    def reason(self) -> Note | None:
        """A `not computable` note's reason; None for any other note."""
        if self.code != NOT_COMPUTABLE:
            return None
        found = self["reason"]
        return found if isinstance(found, Note) else None


# A parameter of a flag or a note: a count, a text (a code, a form, an area), codes (`forms`), or
# the note a `not computable` gives as its reason.
Param = str | int | float | tuple[str, ...] | Note

# The one way of saying that a cell or an indicator has no figure, and why (issue #16).
NOT_COMPUTABLE = "not_computable"


# The notes that say "not computable" themselves (a headline without a figure shows them alone).
SAYS_NOT_COMPUTABLE = (NOT_COMPUTABLE, "not_from_bands")


def not_computable(reason: Note) -> Note:
    """The note of a cell that has no figure: `not computable`, and `reason` (a note itself)."""
    return reason if reason.code == NOT_COMPUTABLE else Note.of(NOT_COMPUTABLE, reason=reason)


def not_computable_flag(reason: Note) -> Flag:
    """The flag of an indicator whose headline has no figure: `not computable`, and why."""
    return Flag.of(NOT_COMPUTABLE, reason=reason.reason or reason)


# Flags every part of the package sets or reads.
PARTIAL = Flag("partial")
FROM_COUNTS = Flag("from_counts")
LOWER_BOUND = Flag("lower_bound")
ESTIMATED_FROM_BANDS = Flag("estimated_from_bands")
CENSUS_FALLBACK = Flag("census_fallback")
# The flags of a cell blanked by small-cell suppression (`collation.md`, "Data protection"):
# below the threshold itself, or hidden so that such a cell can't be worked out from totals.
SUPPRESSED = Flag("suppressed")
SUPPRESSED_COMPLEMENTARY = Flag("suppressed_complementary")
# A figure resting on too few children, or whose 95 % interval is too wide (`reliability.py`).
UNRELIABLE = Flag("unreliable")


def _text(value: Param) -> str:
    """A parameter as stable text: a number as it is, a list in brackets, a text quoted when it
    holds characters that would make the whole ambiguous."""
    if isinstance(value, Coded):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ",".join(_text(v) for v in value) + "]"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, int):
        return str(value)
    return value if _PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)
