"""A series: each country's headlines period by period, with its breaks in comparability and its
large changes (issue #19; `docs/rules.md`, "Series and year-on-year changes").

`jjind batch` makes one from the submissions it computed: those of one country (compared as
`submissions` compares them: ignoring case and spacing) are its periods, sorted by start. Each
period's headlines are flagged where the series breaks, against the country's previous period:
`break_options` (a compute option that changes the indicator differs), `break_census_date` (the
census date's month and day moved), `break_counting_unit` (count sheets instead of records, or
indicator 1's counting unit changed); and `large_change` where the year-on-year check
(`changes.py`) finds one. The headline's own flags (`partial`...) are kept beside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jjindicators.changes import DEFAULT_THRESHOLD, Change, changes_between
from jjindicators.compare import CountryFigures, option_shown
from jjindicators.forms.types import normalise_token
from jjindicators.indicators import INDICATORS
from jjindicators.indicators.codes import FROM_COUNTS, Flag, label_number

# `series.csv`: one row per country × period × summary headline.
SERIES_COLUMNS = (
    "country", "indicator", "part", "period_start", "period_end", "value", "numerator",
    "denominator", "ci_low", "ci_high", "flags",
)  # fmt: skip
# The series' own flags (`report.flag_<code>` in the catalogues).
BREAK_OPTIONS = "break_options"
BREAK_CENSUS_DATE = "break_census_date"
BREAK_COUNTING_UNIT = "break_counting_unit"
LARGE_CHANGE = Flag("large_change")
SERIES_FLAGS = (BREAK_OPTIONS, BREAK_CENSUS_DATE, BREAK_COUNTING_UNIT, LARGE_CHANGE.code)
_COUNTING_UNIT = re.compile(r"counting_unit\(unit=([^)]*)\)")


@dataclass(frozen=True)
class Series:
    """Each country's periods (sorted by start) and its `series.csv` rows (`SERIES_COLUMNS`), and
    the large changes between consecutive periods.

    >>> series = build_series(result.figures)  # doctest: +SKIP
    >>> series.periods  # doctest: +SKIP
    (('Exampleland', (('2023-01-01', '2023-12-31'), ('2024-01-01', '2024-12-31'))),)
    """

    periods: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    changes: tuple[Change, ...] = ()
    # The series' own flags of each headline that has some: (country, period, label, flags).
    marks: tuple[tuple[str, tuple[str, str], str, tuple[Flag, ...]], ...] = ()

    @property
    def trends(self) -> bool:
        """True when some country has two periods or more: a series to chart."""
        return any(len(periods) > 1 for _, periods in self.periods)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        periods = [{"country": c, "periods": [list(p) for p in ps]} for c, ps in self.periods]
        changes = [c.to_dict() for c in self.changes]
        return {"periods": periods, "rows": list(self.rows), "changes": changes}


def build_series(figures: Sequence[CountryFigures], threshold: float = DEFAULT_THRESHOLD) -> Series:
    """The series of the computed submissions `figures`: countries in the order first given,
    each one's periods by start. Two submissions of one country and period: the first given is
    the series' (the other stays in the comparison, under its folder).

    >>> build_series([f2025, f2024]).periods  # doctest: +SKIP
    (('Exampleland', (('2024-01-01', '2024-12-31'), ('2025-01-01', '2025-12-31'))),)
    """
    groups: dict[str, list[CountryFigures]] = {}
    for figure in figures:
        groups.setdefault(normalise_token(figure.country), []).append(figure)
    periods, rows, changes, marks = [], [], [], []
    for members in groups.values():
        kept: dict[tuple[str, str], CountryFigures] = {}
        for figure in sorted(members, key=_period):
            kept.setdefault(_period(figure), figure)
        country = members[0].country
        previous: CountryFigures | None = None
        for figure in kept.values():
            found: list[Change] = []
            if previous is not None:
                pair = (_period(previous), _period(figure))
                found = changes_between(previous.rows, figure.rows, pair, threshold, country)
            changed = {c.indicator for c in found}
            for row in figure.rows:
                label = str(row["indicator"])
                own = breaks(previous, figure, row) + ([LARGE_CHANGE] if label in changed else [])
                if own:
                    marks.append((country, _period(figure), label, tuple(own)))
                rows.append(_row(country, figure, row, [*_split(row.get("flags")), *map(str, own)]))
            changes += found
            previous = figure
        periods.append((country, tuple(kept)))
    return Series(tuple(periods), tuple(rows), tuple(changes), tuple(marks))


def breaks(
    previous: CountryFigures | None, current: CountryFigures, row: dict[str, Any]
) -> list[Flag]:
    """Where the series of one headline (`row`, of `current`) breaks against `previous`, the
    country's period before: the options that change the indicator, the census date's month
    and day (for an indicator on a census date), the counting unit."""
    if previous is None:
        return []
    label = str(row["indicator"])
    module = INDICATORS.get(label_number(label))
    options = module.META.options if module is not None else ()
    found = []
    # The census date's year moves with the period: its month and day are the census's rule.
    shown = [(o, option_shown(previous.options.get(o)), option_shown(current.options.get(o)))
             for o in options if o != "census_date"]  # fmt: skip
    differ = tuple(o for o, before, after in shown if before != after)
    if differ:
        found.append(Flag.of(BREAK_OPTIONS, options=differ))
    on_census = "census_date" in options or str(row.get("reference", "")).startswith("census")
    before, after = previous.census_date[5:], current.census_date[5:]
    if on_census and before != after:
        found.append(Flag.of(BREAK_CENSUS_DATE, before=before, after=after))
    earlier = next((r for r in previous.rows if str(r["indicator"]) == label), None)
    if earlier is not None and _has_value(earlier) and _has_value(row):
        units = _counting(earlier), _counting(row)
        if units[0] != units[1]:
            found.append(Flag.of(BREAK_COUNTING_UNIT, unit_before=units[0], unit_after=units[1]))
    return found


def _counting(row: dict[str, Any]) -> str:
    """What a headline counts from: indicator 1's counting unit when it says one, else
    `counts` (some count sheets) or `records`."""
    flags = str(row.get("flags") or "")
    found = _COUNTING_UNIT.search(flags)
    if found:
        return found.group(1)
    codes = {f.partition("(")[0] for f in _split(flags)}
    return "counts" if FROM_COUNTS.code in codes else "records"


def _period(figure: CountryFigures) -> tuple[str, str]:
    return figure.period[0], figure.period[1]


def _has_value(row: dict[str, Any]) -> bool:
    value = row.get("value")
    return value is not None and value == value and value != ""


def _split(flags: Any) -> list[str]:
    return [f for f in str(flags or "").split("; ") if f]


def _row(country: str, figure: CountryFigures, row: dict[str, Any], flags: list[str]
         ) -> dict[str, Any]:  # fmt: skip
    """A `series.csv` row: the summary label `12(b)` as indicator `12`, part `b`; a headline's
    part is `headline`."""
    label = str(row["indicator"])
    number = label_number(label)
    part = label[len(number) :].strip("()") or "headline"
    return {"country": country, "indicator": number, "part": part,
            "period_start": figure.period[0], "period_end": figure.period[1],
            "value": row.get("value"), "numerator": row.get("numerator"),
            "denominator": row.get("denominator"), "ci_low": row.get("ci_low"),
            "ci_high": row.get("ci_high"), "flags": "; ".join(flags)}  # fmt: skip
