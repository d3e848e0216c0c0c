"""Collation: the checked forms of every file → one data set per country (`collation.md`).

Valid rows of each record form become one table with the trace columns (`_file`, `_sheet`,
`_row`) and their source's area and type; the area tree and the child population are ready for
roll-ups; who reported what is known for coverage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from jjindicators.digest import sha256
from jjindicators.forms import FORMS
from jjindicators.forms.about import About
from jjindicators.forms.counts import base_form
from jjindicators.options import ComputeOptions
from jjindicators.read.grids import CSV_SUFFIXES
from jjindicators.validate import CheckedSubmission
from jjindicators.validate.records import FormFrame

NATIONAL = "national"  # the one area of a submission without an `areas` form (`forms.md`)
TRACE = ["_file", "_sheet", "_row"]


@dataclass(frozen=True)
class AreaTree:
    """The areas as a tree: each area's parent, name, depth and ancestors (itself first)."""

    root: str
    parent: dict[str, str | None]
    names: dict[str, str]

    @classmethod
    def build(
        cls, areas: dict[str, dict[str, Any]], fallback_name: str, national_code: str = NATIONAL
    ) -> AreaTree:
        """The tree of the `areas` form, or one national area (`national_code`) without it."""
        roots = [c for c, r in areas.items() if r.get("parent_code") is None]
        if len(roots) != 1:
            return cls(national_code, {national_code: None}, {national_code: fallback_name})
        parent = {c: r.get("parent_code") for c, r in areas.items()}
        names = {c: r.get("name") or c for c, r in areas.items()}
        return cls(roots[0], parent, names)

    def ancestors(self, code: str) -> list[str]:
        """`code`, its parent, ... up to the root; an unknown code belongs to the root only."""
        if code not in self.parent:
            return [self.root]
        chain = [code]
        while (up := self.parent.get(chain[-1])) is not None and up not in chain:
            chain.append(up)
        return chain

    @cached_property
    def _chains(self) -> dict[str, tuple[str, ...]]:
        return {code: tuple(self.ancestors(code)) for code in self.parent}

    @cached_property
    def subtrees(self) -> dict[str, frozenset[str]]:
        """Each area → the areas it counts: itself and every area below it."""
        below: dict[str, set[str]] = {code: set() for code in self.parent}
        for code, chain in self._chains.items():
            for up in chain:
                below[up].add(code)
        return {code: frozenset(inside) for code, inside in below.items()}

    def depth(self, code: str) -> int:
        """0 for the root, 1 for its children..."""
        chain = self._chains.get(code)
        return len(chain) - 1 if chain is not None else len(self.ancestors(code)) - 1

    def children(self, code: str) -> list[str]:
        """The areas directly below `code`, sorted."""
        return sorted(c for c, p in self.parent.items() if p == code)

    def ordered(self) -> list[str]:
        """Every area, root first, then depth by depth, each level sorted."""
        return sorted(self.parent, key=lambda c: (self.depth(c), c))

    def area_of(self, code: str | None) -> str:
        """The area a source's code stands for in this tree (the root when unknown)."""
        return code if code in self.parent else self.root


@dataclass
class Collated:
    """One country's data, ready for the indicators."""

    about: About
    census_date: dt.date
    child_ref_scope: str
    options: ComputeOptions
    areas: AreaTree
    sources: pd.DataFrame  # one row per source, indexed by source_id, with `area` (tree code)
    population: pd.DataFrame
    forms: dict[str, pd.DataFrame]
    reported: dict[str, set[str]]
    policy: dict[str, dict[str, Any]]
    sent: set[str] = field(default_factory=set)  # the forms the submission has (empty or not)
    # For each form, the fields each of its tables with rows has a column for, by table (file,
    # sheet): an optional column left out of a sheet makes what needs it not computable.
    columns: dict[str, dict[tuple[str, str], frozenset[str]]] = field(default_factory=dict)
    # Sources taken as reporting zero only because a form came as an empty sheet in their file
    # (`_reported`), by form: the report says so, so that a blank template sheet is never read
    # silently as "no deaths" (issue #16).
    empty_sheet: dict[str, set[str]] = field(default_factory=dict)
    # (file, sha256); None for a file refused unread (too large, a device...): never hashed
    inputs: list[tuple[str, str | None]] = field(default_factory=list)
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Child population figures already worked out, by (area, sex, ages) (`indicators/population`).
    population_cache: dict[tuple[Any, ...], tuple[float | None, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )

    # Frames several indicators derive alike (the census rows, the register's episodes), by name.
    derived: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def shared(self, name: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame `name`, built once by `build`; each caller gets its own shallow copy, which
        pandas' copy-on-write keeps from changing the one kept here."""
        if name not in self.derived:
            self.derived[name] = build()
        return self.derived[name].copy(deep=False)

    @cached_property
    def population_by_area(self) -> dict[str, list[tuple[str, int, int, float]]]:
        """The population rows of each area: (sex, age_from, age_to, population)."""
        rows: dict[str, list[tuple[str, int, int, float]]] = {}
        columns = ("area_code", "sex", "age_from", "age_to", "population")
        for area, *row in zip(*(self.population[c].tolist() for c in columns), strict=True):
            rows.setdefault(area, []).append(tuple(row))
        return rows

    def missing(self, *forms: str) -> tuple[str, ...]:
        """The `forms` the submission did not send."""
        return tuple(f for f in forms if f not in self.sent)

    def lacking(self, form: str, *names: str) -> tuple[tuple[str, str, str | None], ...]:
        """(field, file, sheet) for each of the fields `names` that a sheet of `form` with rows
        has no column for — the file's name, and its sheet (None for a CSV file,
        `sheet_in_file`): its rows cannot say what the field says, so what needs it is not
        computable."""
        tables = self.columns.get(form, {})
        return tuple(
            (name, *sheet_in_file(*where))
            for name in names
            for where in [next((w for w, found in tables.items() if name not in found), None)]
            if where is not None
        )

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The reporting period, both ends inclusive."""
        return self.about.period_start, self.about.period_end


def sheet_in_file(file: str, sheet: str) -> tuple[str, str | None]:
    """(`arrests.csv`, None) or (`data.xlsx`, `register`): where a table is, as a person names
    it — the file's name, and the sheet of a workbook (`render/words.Words.where` says it)."""
    name = Path(file).name
    return (name, None) if Path(file).suffix.lower() in CSV_SUFFIXES else (name, sheet)


def collate(checked: CheckedSubmission, options: ComputeOptions) -> Collated:
    """Collate a checked submission. It must have a valid `about` (the caller stops otherwise).

    Rows with error-level issues are dropped (and listed in `excluded`) — the caller only gets
    here with such rows when the user asked for `--exclude-invalid`.
    """
    about = checked.about
    assert about is not None, "collate needs a valid about sheet"
    # Without `areas`, the one national area takes the code the population uses, when it uses
    # exactly one, so that its figures are the national denominators (docs/rules.md).
    codes = {str(r["area_code"]) for r in checked.population if r.get("area_code") is not None}
    national = codes.pop() if not checked.areas and len(codes) == 1 else NATIONAL
    tree = AreaTree.build(checked.areas, about.country, national)
    sources = _sources(checked, tree)
    bad = {(i.file, i.sheet, i.row) for i in checked.report.issues if i.severity == "error"}
    refused = set(checked.read.refused)  # not read, so not hashed: a 2 GB file would take 19 s
    forms: dict[str, pd.DataFrame] = {}
    excluded = []
    record_forms = [n for n, spec in FORMS.items() if spec.kind in ("record", "counts")]
    for name in record_forms:
        frame = _record_frame(name, checked.frames.get(name), sources)
        drop = _marked(frame, bad) | ~frame["_ok"]
        excluded.append(frame.loc[drop, TRACE].assign(form=name))
        forms[name] = frame.loc[~drop].reset_index(drop=True)
    reported, empty = _reported(checked, forms, sources)
    population = pd.DataFrame.from_records(
        [{k: r.get(k) for k in FORMS["population"].fields} for r in checked.population
         if (r["_table"].file, r["_table"].sheet, r["_row"]) not in bad],
        columns=list(FORMS["population"].fields),
    )  # fmt: skip
    return Collated(
        about=about,
        census_date=options.census_date or about.census_date or about.period_end,
        child_ref_scope=options.child_ref_scope or about.child_ref_scope,
        options=options,
        areas=tree,
        sources=sources,
        population=population,
        forms=forms,
        reported=reported,
        sent=_sent(checked),
        columns=_columns(checked),
        empty_sheet=empty,
        policy=checked.policy,
        inputs=[(f, None if f in refused else sha256(f)) for f in checked.report.inputs],
        excluded=pd.concat(excluded, ignore_index=True) if excluded else pd.DataFrame(),
    )


def _sources(checked: CheckedSubmission, tree: AreaTree) -> pd.DataFrame:
    columns = list(FORMS["sources"].fields)
    frame = pd.DataFrame.from_records(
        [{**{k: r.get(k) for k in columns}, "_file": r["_table"].file,
          "_sheet": r["_table"].sheet, "_row": r["_row"]} for r in checked.sources.values()],
        columns=[*columns, *TRACE],
    )  # fmt: skip
    frame["last_independent_inspection"] = pd.to_datetime(frame["last_independent_inspection"])
    frame["area"] = [tree.area_of(a) for a in frame["area_code"]]
    return frame.set_index("source_id", drop=False)


def _record_frame(form: str, ff: FormFrame | None, sources: pd.DataFrame) -> pd.DataFrame:
    """A form's checked rows with their source's area and place type."""
    if ff is None:
        ff = FormFrame.build(form, [])
    frame = ff.frame.copy()
    known = frame["source_id"].isin(sources.index)
    frame["area"] = frame["source_id"].map(sources["area"]).where(known, None)
    frame["place_type"] = frame["source_id"].map(sources["place_type"]).where(known, None)
    return frame


def _marked(frame: pd.DataFrame, rows: set[tuple[str | None, str | None, int | None]]) -> pd.Series:
    """True for the rows of `frame` whose (file, sheet, row) is in `rows`."""
    marked = pd.Series(False, index=frame.index)
    by_sheet: dict[tuple[str | None, str | None], list[int | None]] = {}
    for file, sheet, row in rows:
        by_sheet.setdefault((file, sheet), []).append(row)
    for (file, sheet), numbers in by_sheet.items():
        marked |= (
            (frame["_file"] == file)
            & (frame["_sheet"] == sheet)
            & frame["_row"].isin([n for n in numbers if n is not None])
        )
    return marked


def _reported(
    checked: CheckedSubmission, forms: dict[str, pd.DataFrame], sources: pd.DataFrame
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Who reported each form: sources with rows, and — for a form sent as an empty sheet (a
    report of zero, `collation.md`) — the sources named elsewhere in that same file (for CSV
    files: the same folder, which plays the part of the workbook). Second, by form, the sources
    that reported only through such an empty sheet."""
    with_rows = {name: set(frame["source_id"].dropna().unique()) for name, frame in forms.items()}
    reported = {name: set(found) for name, found in with_rows.items()}
    by_file: dict[str, set[str]] = {}
    for frame in forms.values():
        for file, ids in frame.groupby("_file", sort=False)["source_id"]:
            by_file.setdefault(_container(str(file)), set()).update(ids.dropna().unique())
    for table in checked.read.tables:
        if table.form in FORMS and FORMS[table.form].kind == "record" and not len(table):
            # An empty count sheet says nothing: a zero is a line with the figure 0.
            where = _container(table.file)
            named = set(by_file.get(where, set()))
            named |= {s for s in sources.index
                      if _container(checked.sources[s]["_table"].file) == where}  # fmt: skip
            reported.setdefault(table.form, set()).update(named)
    empty = {form: found - with_rows.get(form, set()) for form, found in reported.items()}
    return reported, {form: found for form, found in empty.items() if found}


def _columns(checked: CheckedSubmission) -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    """The fields each table with rows has a column for, by form and (file, sheet)."""
    found: dict[str, dict[tuple[str, str], frozenset[str]]] = {}
    for table in checked.read.tables:
        if len(table):
            fields = frozenset(c.field for c in table.columns if c.field)
            found.setdefault(table.form, {})[table.file, table.sheet] = fields
    return found


def _container(file: str) -> str:
    """The unit a sheet was sent in: its workbook, or for a CSV file (one form per file) its
    folder — an empty `arrests.csv` beside `sources.csv` is a report of zero, as an empty sheet
    in a workbook is."""
    path = Path(file)
    return str(path.parent) if path.suffix.lower() in CSV_SUFFIXES else file


def _sent(checked: CheckedSubmission) -> set[str]:
    """The forms the submission has, empty or not; a form sent as counts only is sent too."""
    sent = {n for n in FORMS if checked.read.tables_of(n)}
    return sent | {base for n in sent if (base := base_form(n)) is not None}
