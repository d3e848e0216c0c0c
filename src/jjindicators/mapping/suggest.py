"""Draft a mapping profile from a submission as it arrived (`jjind map suggest`).

Each sheet is matched to a form by its name or, failing that, by its headers; each header to a
field by the forms' names, template labels and aliases, exactly or closely; each value of a coded
column that the form would refuse to a code, where one is close enough. What cannot be matched
is written as "?", which `load_profile` refuses until a person has written what it stands for:
a draft is never used unread.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jjindicators.forms import FORMS
from jjindicators.forms.about import About
from jjindicators.forms.types import is_blank, normalise_token, to_text
from jjindicators.issues import Issue
from jjindicators.mapping.profile import IGNORE, UNRESOLVED, coded_fields, fields_of
from jjindicators.read import files_of, is_note_sheet
from jjindicators.read.grids import CSV_SUFFIXES, Grid, read_grids
from jjindicators.read.guard import ReadLimits
from jjindicators.read.locate import ABOUT_LOOKUP, HEADER_SEARCH_ROWS, NAME_HEADERS
from jjindicators.read.sheets import best_fit, form_by_name, header_fits, header_row
from jjindicators.read.tables import FIELD_LOOKUP, form_for_sheet, header_key
from jjindicators.validate.about import ABOUT_KEYS
from jjindicators.validate.fields import field_adapter

__all__ = ["Draft", "Line", "suggest_profile"]

HEADER_CUTOFF = 0.75  # how close a header must be to a field's name, label or alias
MAX_VALUES = 200  # distinct values of one coded column looked at (codes are few)


@dataclass(frozen=True)
class Line:
    """One line of the draft: `sent` (as the submission has it) = `target`, and how it was found."""

    table: str  # "sheets", "columns.arrests", "codes.sex"
    sent: str
    target: str  # a form, field or code; "" leaves a column out; "?" not matched
    how: str  # a comment for the person who checks the draft


@dataclass
class Draft:
    """A drafted profile: its lines, and what could not be read while drafting it."""

    sources: list[str]
    lines: list[Line] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    about_found: bool = False
    # Sheets whose form could not be told, with their likely header row: written as comments.
    unknown_sheets: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Line]:
        """The lines a person must still fill in."""
        return [line for line in self.lines if line.target == UNRESOLVED]

    def to_toml(self, today: dt.date | None = None) -> str:
        """The draft as a profile file, every line commented with how it was matched."""
        day = (today or dt.date.today()).isoformat()
        names = ", ".join(Path(s).name for s in self.sources)
        out = [
            f"# jjind mapping profile, drafted by `jjind map suggest` from {names} on {day}.",
            '# Check every line. Replace each "?" by what it stands for (or delete the line),',
            "# then: jjind validate DATA --mapping THIS_FILE   (docs/mapping.md)",
            "",
            "[profile]",
            f"name = {_quote(names)}",
        ]
        tables: dict[str, dict[str, Line]] = {}
        for line in self.lines:  # a header seen on several sheets of one form: written once
            tables.setdefault(line.table, {}).setdefault(header_key(line.sent), line)
        for table, lines in tables.items():
            out += ["", f"[{table}]"]
            if table in _NOTES:
                out.append(f"# {_NOTES[table]}")
            elif table.startswith("columns."):
                form = table.removeprefix("columns.")
                fields = ", ".join(fields_of(form))
                out.append(f'# fields of {form}: {fields}; "" leaves a column out')
            out += [f"{_quote(ln.sent)} = {_quote(ln.target)}  # {ln.how}"
                    for ln in lines.values()]  # fmt: skip
        for sheet, headers in self.unknown_sheets:
            out += [
                "",
                f"# The sheet {_quote(sheet)} could not be matched to a form. Once you",
                "# know which form it holds, map its headers:",
                "# [columns.FORM]",
            ]
            out += [f"# {_quote(h)} = {_quote(UNRESOLVED)}" for h in headers]
        if not self.about_found:
            out += [
                "",
                "# No about sheet was found: give the submission's about values here, or on the",
                "# command line (--date-order). Dates as 2025-12-31.",
                "[about]",
                '# country = "?"',
                '# period_start = "?"',
                '# period_end = "?"',
            ]
        return "\n".join(out) + "\n"


_NOTES = {
    "sheets": f'forms: {", ".join(FORMS)}; "" skips a sheet (notes for readers)',
}


def _quote(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (quotes, backslashes, control characters)."""
    return json.dumps(text, ensure_ascii=False)


def suggest_profile(
    paths: list[str | Path], encoding: str = "utf-8", limits: ReadLimits | None = None
) -> Draft:
    """Draft a mapping profile for a submission in its own format.

    >>> draft = suggest_profile(["envio-2025.xlsx"])  # doctest: +SKIP
    >>> print(draft.to_toml())  # doctest: +SKIP
    """
    draft = Draft(sources=[str(p) for p in paths])
    codes = _Codes()
    for given in paths:
        for file in files_of(Path(given)):
            grids, issues = read_grids(file, str(file), encoding, limits)
            draft.issues += [i for i in issues if i.severity == "error"]
            for grid in grids:
                stem = file.stem if file.suffix.lower() in CSV_SUFFIXES else None
                _sheet(grid, stem or grid.sheet, draft, codes)
    draft.lines += codes.lines()
    return draft


def _sheet(grid: Grid, name: str, draft: Draft, codes: _Codes) -> None:
    if not any(not is_blank(c) for row in grid.cells for c in row):
        return
    form, how = _form_of(name, grid)
    if form is None:
        if is_note_sheet(name):
            return  # skipped without a profile too
        headers = _likely_headers(grid.cells)
        if not headers:
            draft.lines.append(Line("sheets", name, IGNORE, "looks like notes: no header row"))
            return
        draft.lines.append(Line("sheets", name, UNRESOLVED, how or "not matched"))
        draft.unknown_sheets.append((name, headers))
        return
    if how:
        draft.lines.append(Line("sheets", name, form, how))
    if FORMS[form].kind == "keyvalue":
        draft.about_found = True
    lookup = ABOUT_LOOKUP if FORMS[form].kind == "keyvalue" else FIELD_LOOKUP[form]
    at, matched = header_row(grid.cells, lookup, HEADER_CUTOFF)
    if at is None:
        return
    taken: set[str] = set()
    for j, cell in enumerate(grid.cells[at]):
        if is_blank(cell):
            continue
        text = str(cell).strip()
        target, how = matched.get(j, (None, ""))
        if header_key(text) in NAME_HEADERS and FORMS[form].kind == "record":
            continue  # a personal name is never read, whatever the profile says
        if target is None or target in taken:
            how = "not matched" if target is None else f"{target} is taken by another column"
            draft.lines.append(Line(f"columns.{form}", text, UNRESOLVED, how))
            continue
        taken.add(target)
        draft.lines.append(Line(f"columns.{form}", text, target, how))
        values = [row[j] for row in grid.cells[at + 1 :] if j < len(row)]
        codes.add(form, target, values, f"{grid.sheet}!{text}")


def _form_of(name: str, grid: Grid) -> tuple[str | None, str]:
    """The form of a sheet, and how it was found ("" when its name is already a form's): by its
    name (`read.sheets.form_by_name`), or by its headers, matched closely
    (`read.sheets.header_fits`; a tie is left to a person)."""
    form = form_for_sheet(name)
    if form is not None:
        return form, ""
    form, _ = form_by_name(name)
    if form is not None:
        return form, f"name close to {form!r}"
    fit, tied = best_fit(header_fits(grid.cells, FIELD_LOOKUP, HEADER_CUTOFF))
    if fit is None:
        return None, f"its headers fit {' and '.join(tied)} equally" if tied else ""
    return fit.form, f"by its headers ({len(fit.found)} of {len(FORMS[fit.form].fields)} fields)"


def _likely_headers(cells: list[list[Any]]) -> list[str]:
    """The texts of the first row with two or more text cells (a header, most likely)."""
    for row in cells[:HEADER_SEARCH_ROWS]:
        texts = [str(c).strip() for c in row if isinstance(c, str) and c.strip()]
        if len(texts) >= 2:
            return list(dict.fromkeys(texts))
    return []


class _Codes:
    """The values of coded columns that the forms would refuse, with a code where one is close."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], tuple[str, str]] = {}  # (field, value) → (code, how)

    def add(self, form: str, name: str, values: list[Any], where: str) -> None:
        if FORMS[form].kind == "keyvalue":
            if name == "key":
                self._about_keys(values, where)
            return
        if name not in coded_fields():
            return
        adapter = field_adapter(form, name)
        distinct = list(dict.fromkeys(to_text(v) for v in values if not is_blank(v)))
        for value in distinct[:MAX_VALUES]:
            if (name, value) in self.found:
                continue
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                context = exc.errors()[0].get("ctx", {})
                close = context.get("suggestion")
                allowed = context.get("allowed", "")
                self.found[(name, value)] = (
                    (close, f"close to {close!r} (in {where})") if close
                    else (UNRESOLVED, f"not matched (in {where}): one of {allowed}")
                )  # fmt: skip
        if name == "sex":
            self._mujer(distinct, where)

    def _mujer(self, distinct: list[str], where: str) -> None:
        """Spanish H/M (hombre/mujer) or V/M (varón/mujer): M there is F, not jjind's M (male).
        M is a valid code, so it would pass unseen: it is marked for a person to decide."""
        letters = {normalise_token(v): v for v in distinct}
        if "m" in letters and "f" not in letters and letters.keys() & {"h", "v"}:
            self.found.setdefault(("sex", letters["m"]), (
                UNRESOLVED, f"M is jjind's code for male, but beside H or V (hombre, varón) "
                f"it may be mujer: F (in {where})",
            ))  # fmt: skip

    def _about_keys(self, values: list[Any], where: str) -> None:
        keys = ABOUT_KEYS
        for value in dict.fromkeys(to_text(v) for v in values if not is_blank(v)):
            if header_key(value) in keys or ("key", value) in self.found:
                continue
            close = difflib.get_close_matches(header_key(value), list(keys), n=1, cutoff=0.6)
            every = ", ".join(About.model_fields)
            self.found[("key", value)] = (
                (keys[close[0]], f"close to {keys[close[0]]!r} (in {where})") if close
                else (UNRESOLVED, f"not matched (in {where}): one of {every}")
            )  # fmt: skip

    def lines(self) -> list[Line]:
        return [Line(f"codes.{name}", value, code, how)
                for (name, value), (code, how) in self.found.items()]  # fmt: skip
