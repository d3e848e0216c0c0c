"""Which form a sheet holds when its name is not a form's: a name close to one, or its header row.

`jjind validate` reads such a sheet as the form it finds, with a notice (`sheet-read-as`); `jjind
map suggest` writes it into the draft profile. Both use the rules here (`docs/rules.md`, "Which
sheets are forms?"): the reader asks more of a header row, because nobody checks its guess before
the sheet is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jjindicators.forms import FORMS, RecordBase
from jjindicators.forms.types import is_blank
from jjindicators.read.locate import HEADER_SEARCH_ROWS
from jjindicators.read.tables import FORM_BY_KEY, header_key

__all__ = [
    "MIN_FIELDS", "SHEET_CUTOFF", "HeaderFit", "best_fit", "field_of", "form_by_name",
    "header_fits", "header_row", "sheet_key",
]  # fmt: skip

SHEET_CUTOFF = 0.85  # how close a sheet name must be to a form's name, title or alias
MIN_FIELDS = 2  # headers that must match a form's fields for a sheet to be taken as that form

# Words a sender adds to a sheet's name that do not change its form: copies (Excel's
# `arrests (2)`, LibreOffice's `arrests_2`, `Copy of arrests`) and periods (`Arrests 2025`,
# `Décisions T1 2024`, `arrests FY2025`, `Census year`). Numbers go too: no form has one.
COPY_WORDS = frozenset({"copy", "copie", "copia"})
PERIOD_WORDS = frozenset({
    "year", "years", "annual", "period", "quarter", "month", "semester",
    "annee", "annees", "annuel", "annuelle", "periode", "trimestre", "semestre", "mois",
    "ano", "anos", "anual", "periodo", "mes",
})  # fmt: skip
_COPY_OF = re.compile(r"^(?:copy of|copie de|copia de)\s+")
_PERIOD = re.compile(r"^(?:\d+|fy\d*|[qtsh][1-4]|(?:19|20)\d\d[qtsh][1-4])$")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: spaces, punctuation, `_` and `-` split words


def sheet_key(name: str) -> str:
    """A sheet name without what does not change its form: case, accents, spaces and
    punctuation, copy marks, numbers, years and period words.

    >>> sheet_key("Arrests 2025"), sheet_key("arrests (2)"), sheet_key("Décisions T1-2024")
    ('arrests', 'arrests', 'decisions')
    """
    text = unicodedata.normalize("NFKD", str(name).strip().lower())
    text = _COPY_OF.sub("", "".join(c for c in text if not unicodedata.combining(c)))
    words = _WORD.findall(text)
    return "".join(w for w in words if w not in COPY_WORDS | PERIOD_WORDS and not _PERIOD.match(w))


@cache
def _name_keys() -> dict[str, str]:
    """`sheet_key` of every form's name, title (in every language) and alias → the form."""
    keys: dict[str, str] = {}
    for key, form in FORM_BY_KEY.items():
        keys.setdefault(sheet_key(key), form)
    keys.pop("", None)
    return keys


def form_by_name(name: str) -> tuple[str | None, str]:
    """The form a sheet name stands for once `sheet_key` has cleaned it, or that it is close to
    (`SHEET_CUTOFF`), and the key of the form's name it matched; `(None, "")` when none.

    >>> form_by_name("ARRESTS 2025"), form_by_name("Arests")
    (('arrests', 'arrests'), ('arrests', 'arrests'))
    """
    key = sheet_key(name)
    keys = _name_keys()
    if not key:
        return None, ""
    if key in keys:
        return keys[key], key
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=SHEET_CUTOFF)
    return (keys[close[0]], close[0]) if close else (None, "")


# -- header rows ---------------------------------------------------------------------------------
def field_of(
    text: str, lookup: Mapping[str, str], cutoff: float | None = None
) -> tuple[str, str] | None:
    """The field a header stands for in `lookup` and how it was found: as written ("recognised"),
    or, with a `cutoff`, close to a field's name, label or alias."""
    key = header_key(text)
    if lookup.get(key):
        return lookup[key], "recognised"
    if cutoff is not None:
        close = difflib.get_close_matches(key, [k for k, v in lookup.items() if v], 1, cutoff)
        if close:
            return lookup[close[0]], f"close to {close[0]!r}"
    return None


def header_row(
    cells: list[list[Any]], lookup: Mapping[str, str], cutoff: float | None = None
) -> tuple[int | None, dict[int, tuple[str, str]]]:
    """The row among the first `HEADER_SEARCH_ROWS` that matches most fields, and each of its
    columns' field and how it matched (`field_of`)."""
    best: int | None = None
    best_matched: dict[int, tuple[str, str]] = {}
    for i, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        matched = {}
        for j, cell in enumerate(row):
            if is_blank(cell) or isinstance(cell, int | float | dt.date):
                continue
            found = field_of(str(cell), lookup, cutoff)
            if found:
                matched[j] = found
        if len({t for t, _ in matched.values()}) > len({t for t, _ in best_matched.values()}):
            best, best_matched = i, matched
    return best, best_matched


@dataclass(frozen=True)
class HeaderFit:
    """How well a sheet's header row fits a form: the fields it has, and how many of them tell
    this form apart from the others (`own`)."""

    form: str
    found: frozenset[str]
    own: int

    @property
    def score(self) -> tuple[int, int]:
        """Fits compare by their own fields first, then by every field found."""
        return self.own, len(self.found)

    @property
    def complete(self) -> bool:
        """The header row has every column the form requires."""
        return set(FORMS[self.form].required_columns) <= self.found


def header_fits(
    cells: list[list[Any]], lookups: Mapping[str, Mapping[str, str]], cutoff: float | None = None
) -> list[HeaderFit]:
    """The forms a sheet's header row may hold: at least `MIN_FIELDS` of the form's fields and
    one of its own among them. The fields every record form shares (`source_id`, `sex`...) tell
    no form apart, and a count sheet is told by its `count` column. The about sheet (`key`,
    `value`) is never guessed from headers. `lookups` gives each form's header → field table."""
    shared = set(RecordBase.model_fields)
    fits = []
    for form, spec in FORMS.items():
        if spec.kind == "keyvalue":
            continue
        _, matched = header_row(cells, lookups[form], cutoff)
        found = frozenset(target for target, _ in matched.values())
        if spec.kind == "counts" and "count" not in found:
            continue
        own = (len(found - shared - {"age_group", "count"}) if spec.kind in ("record", "counts")
               else len(found))  # fmt: skip
        if own and len(found) >= MIN_FIELDS:
            fits.append(HeaderFit(form, found, own))
    return fits


def best_fit(fits: list[HeaderFit]) -> tuple[HeaderFit | None, list[str]]:
    """The fit with the best score, or None and the forms that tie for it (left to a person)."""
    if not fits:
        return None, []
    best = max(fit.score for fit in fits)
    tied = [fit for fit in fits if fit.score == best]
    if len(tied) > 1:
        return None, [fit.form for fit in tied]
    return tied[0], []
