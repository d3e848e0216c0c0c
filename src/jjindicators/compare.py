"""The cross-country comparison: each computed submission's headline figures, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jjindicators.compute import ComputeResult

# One row per indicator × country (`comparison.csv`); core indicators first, then the Manual's
# order; countries in the order their submissions were given.
COMPARISON_COLUMNS = (
    "indicator", "name", "core", "country", "value", "ci_low", "ci_high", "unit", "numerator",
    "denominator", "reference", "period_start", "period_end", "coverage", "flags",
)  # fmt: skip


@dataclass(frozen=True)
class CountryFigures:
    """What the comparison needs of one computed submission: its summary rows and what they rest
    on (period, census date, options, version). Plain data; `batch` reads it back from the
    submission's own `summary.csv` and `about.csv` (`batch_cache.read_figures`).

    >>> CountryFigures.from_result(compute(["data.xlsx"]), "Exampleland")  # doctest: +SKIP
    """

    country: str
    folder: str
    period: tuple[str, str]
    census_date: str
    options: dict[str, Any]
    version: str
    rows: tuple[dict[str, Any], ...]

    @classmethod
    def from_result(cls, result: ComputeResult, folder: str) -> CountryFigures:
        """The figures of a computed result, to be published in `folder`."""
        return cls(result.country, folder, result.period, result.census_date,
                   result.options.describe(), result.version, tuple(result.summary()))  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"country": self.country, "folder": self.folder, "period": list(self.period),
                "census_date": self.census_date, "options": self.options,
                "version": self.version, "rows": list(self.rows)}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CountryFigures:
        """Back from `to_dict`."""
        return cls(data["country"], data["folder"], tuple(data["period"]), data["census_date"],
                   dict(data["options"]), data["version"], tuple(data["rows"]))  # fmt: skip


@dataclass(frozen=True)
class Failed:
    """A submission of the batch that has no figures to compare: its country (empty when its
    about sheet could not be read), its folder and its batch status (`errors`, `unreadable`,
    `internal error`). The comparison gives it a column all the same, saying why it is empty.
    """

    country: str
    folder: str
    status: str


# What differs between countries (`Differs.aspect`).
Aspect = Literal["period", "census_date", "version", "option"]
# A value that differs: a period (start, end), a census date, a version or an option's value as
# `about.csv` writes it (a list as `14, 16`, `` for none); None for an option not set (its
# default, from the about sheet).
Shown = str | tuple[str, str] | None


@dataclass(frozen=True)
class Differs:
    """A note on comparability: the countries' `aspect` (the `option` named, for an option)
    differs, so their figures are not comparable like for like; `values` are each value and the
    countries that have it, in the countries' order. Put into words by `render/comparison.py`
    (`report.comparison_differs_<aspect>`).

    >>> who = (("14, 16", ("Ruritania",)), ("12, 15", ("Elbonia",)))
    >>> Differs("option", who, "age_breaks").to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'aspect': 'option', 'option': 'age_breaks',
     'values': [{'value': '14, 16', 'countries': ['Ruritania']},
                {'value': '12, 15', 'countries': ['Elbonia']}]}
    """

    aspect: Aspect
    values: tuple[tuple[Shown, tuple[str, ...]], ...]
    option: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: a period as `[start, end]`, an option not set as null."""
        return {"aspect": self.aspect, "option": self.option,
                "values": [{"value": list(v) if isinstance(v, tuple) else v, "countries": list(who)}
                           for v, who in self.values]}  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """Indicators × countries, with notes on what makes the figures not comparable like for like.

    `rows` follow `COMPARISON_COLUMNS`; `countries` are the column labels, failed submissions'
    too, in the batch's order (a country named twice gets its folder name); `failed` the label,
    folder and batch status of each submission without figures (its column stays empty);
    `indicators` the indicator labels in row order, with name and core.
    """

    countries: tuple[str, ...] = ()
    indicators: tuple[tuple[str, str, bool], ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    notes: tuple[Differs, ...] = field(default_factory=tuple)
    failed: tuple[tuple[str, str, str], ...] = ()

    def status(self, country: str) -> tuple[str, str] | None:
        """The folder and batch status of a column without figures; None for a computed one."""
        return next(((folder, status) for label, folder, status in self.failed
                     if label == country), None)  # fmt: skip

    def value(self, indicator: str, country: str) -> Any:
        """The value of one indicator for one country (None when absent)."""
        for row in self.rows:
            if row["indicator"] == indicator and row["country"] == country:
                return row["value"]
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"countries": list(self.countries), "notes": [n.to_dict() for n in self.notes],
                "rows": list(self.rows),
                "failed": [{"country": c, "folder": f, "status": s}
                           for c, f, s in self.failed]}  # fmt: skip


def compare(entries: Sequence[CountryFigures | Failed]) -> Comparison:
    """Put the headline figures of several countries side by side; a `Failed` submission gets
    its column, empty, with its status, in its place among the others.

    >>> compare([CountryFigures.from_result(r, r.country) for r in results])  # doctest: +SKIP
    """
    every = _labels(entries)
    figures = [e for e in entries if isinstance(e, CountryFigures)]
    labels = [label for label, e in zip(every, entries, strict=True)
              if isinstance(e, CountryFigures)]  # fmt: skip
    failed = tuple((label, e.folder, e.status) for label, e in zip(every, entries, strict=True)
                   if isinstance(e, Failed))  # fmt: skip
    order: dict[str, tuple[str, bool]] = {}
    for country in figures:
        for row in country.rows:
            order.setdefault(row["indicator"], (row["name"], bool(row["core"])))
    # Core indicators first (the Manual's core set), each group in the Manual's order.
    indicators = sorted(order, key=lambda k: (not order[k][1], list(order).index(k)))
    rows = []
    for indicator in indicators:
        for label, country in zip(labels, figures, strict=True):
            found = next((r for r in country.rows if r["indicator"] == indicator), None)
            if found is None:
                continue
            period = {"period_start": country.period[0], "period_end": country.period[1]}
            rows.append({c: found.get(c) for c in COMPARISON_COLUMNS} | period | {"country": label})
    return Comparison(
        countries=tuple(every),
        indicators=tuple((k, *order[k]) for k in indicators),
        rows=tuple(rows),
        notes=tuple(comparability_notes(figures, labels)),
        failed=failed,
    )


def comparability_notes(figures: Sequence[CountryFigures], labels: Sequence[str]) -> list[Differs]:
    """Where the countries' periods, census dates, options or jjind versions differ: their
    figures are then not comparable like for like (each note names who has what)."""
    aspects: list[tuple[Aspect, str | None, list[Shown]]] = [
        ("period", None, [f.period for f in figures]),
        ("census_date", None, [f.census_date for f in figures]),
        ("version", None, [f.version for f in figures]),
    ]
    names = list(dict.fromkeys(k for f in figures for k in f.options))
    for name in names:
        aspects.append(("option", name, [option_shown(f.options.get(name)) for f in figures]))
    notes = []
    for aspect, option, values in aspects:
        if len(set(values)) <= 1:
            continue
        groups: dict[Shown, list[str]] = {}
        for label, value in zip(labels, values, strict=True):
            groups.setdefault(value, []).append(label)
        shown = tuple((value, tuple(who)) for value, who in groups.items())
        notes.append(Differs(aspect, shown, option))
    return notes


def _labels(figures: Sequence[CountryFigures | Failed]) -> list[str]:
    """Country names as column labels; a name given by two submissions (or none) is told apart
    by folder."""
    seen: dict[str, int] = {}
    for f in figures:
        seen[f.country] = seen.get(f.country, 0) + 1
    return [f.country if seen[f.country] == 1 and f.country else f.folder for f in figures]


def option_shown(value: Any) -> str | None:
    """An option's value as the notes compare it: a list as its text (`14, 16`, `` for none),
    None when not set."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return None if value is None else str(value)
