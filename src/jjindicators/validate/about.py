"""The `about` sheet: merge the key/value rows of every file, apply overrides, check the period."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from jjindicators.catalogue import Code
from jjindicators.forms.about import About
from jjindicators.forms.types import normalise_token, to_text
from jjindicators.forms.version import TEMPLATE_CHANGES, TEMPLATE_VERSION
from jjindicators.issue_params import AboutKey, Joined, Phrase, SheetName, did_you_mean
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read import RawTable
from jjindicators.read.tables import FIELD_LOOKUP, header_key
from jjindicators.validate.fields import error_to_issue, field_adapter

# An about key as written → the key: its code, its label in any language, an alias (the same
# lookup the record forms' headers use, `read.tables.field_lookup`).
ABOUT_KEYS = FIELD_LOOKUP["about"]


@dataclass(frozen=True)
class AboutResult:
    """The merged `about` values (None when they could not be read) and where each key was."""

    about: About | None
    values: dict[str, Any]
    where: dict[str, Where]
    issues: list[Issue]
    # What the record checks can still use when `about` is invalid: the readable values, when the
    # period is among them (so that one bad key does not silence the period and census checks).
    for_checks: About | None = None


def _entries(table: RawTable) -> list[tuple[str, Any, Where, Where]]:
    """Each row's key, value, and the places of its value cell and of its key cell."""
    key_col, value_col = table.column_for("key"), table.column_for("value")
    if key_col is None:
        return []
    k, v = table.columns.index(key_col), table.columns.index(value_col) if value_col else None
    entries = []
    for excel_row, values in table.rows:
        if values[k] is None:
            continue
        cell = value_col or key_col
        where = Where(file=table.file, sheet=table.sheet, row=excel_row, column=cell.header,
                      cell=f"{cell.letter}{excel_row}", form="about")  # fmt: skip
        key_where = replace(where, column=key_col.header, cell=f"{key_col.letter}{excel_row}")
        entries.append((to_text(values[k]), values[v] if v is not None else None, where, key_where))
    return entries


def merge_about(
    tables: list[RawTable],
    overrides: dict[str, Any],
    defaults: Mapping[str, Any] | None = None,
    defaults_from: str = "",
) -> AboutResult:
    """One set of `about` values from every file's about sheet; command-line overrides win.
    `defaults` (a mapping profile's `[about]`, read from `defaults_from`) fill the keys that no
    sheet gives."""
    values: dict[str, Any] = {}
    where: dict[str, Where] = {}
    issues: list[Issue] = []
    for table in tables:
        seen_here: dict[str, int | None] = {}
        for key_text, value, place, key_place in _entries(table):
            key = ABOUT_KEYS.get(header_key(key_text))
            if key is None:
                close = difflib.get_close_matches(header_key(key_text), list(ABOUT_KEYS), 1, 0.7)
                choice = AboutKey(ABOUT_KEYS[close[0]]) if close else None
                keys = Joined(tuple(AboutKey(k) for k in About.model_fields))
                issues.append(make_issue(Code.ABOUT_UNKNOWN_KEY, key_place, key=key_text,
                                         keys=keys, suggestion=did_you_mean(choice),
                                         about=SheetName("about", table.sheet)))  # fmt: skip
                continue
            place = Where(**{**place.__dict__, "field": key})
            if key in seen_here:
                issues.append(make_issue(Code.ABOUT_DUPLICATE_KEY, place, value, key=key_text,
                                         first_row=seen_here[key],
                                         about=SheetName("about", table.sheet)))  # fmt: skip
                continue
            seen_here[key] = place.row
            if key in values and _same(values[key]) != _same(value):
                issues.append(
                    make_issue(
                        Code.ABOUT_CONFLICT,
                        place,
                        value,
                        key=AboutKey(key),
                        other=to_text(values[key]),
                        other_file=where[key].file,
                    )
                )
                continue
            values.setdefault(key, value)
            where.setdefault(key, place)
    for key, value in (defaults or {}).items():
        if key not in values:
            values[key] = value
            where[key] = Where(file=defaults_from or "(mapping profile)", field=key, form="about")
    for key, value in overrides.items():
        if value is not None:
            values[key] = value
            where[key] = Where(file="(command line)", field=key, form="about")
    values = {k: v for k, v in values.items() if v is not None}
    # A key with no row points at the (first) about sheet, or at no sheet when there is none.
    sheet = Where(file=tables[0].file, sheet=tables[0].sheet, form="about") if tables else None
    about, more = _check(values, where, sheet or Where(form="about"))
    return AboutResult(about, values, where, issues + more, about or _partial(values))


def _partial(values: dict[str, Any]) -> About | None:
    """The about values that can be read on their own, when both period dates are among them."""
    context = {"date_order": values.get("date_order")}
    good: dict[str, Any] = {}
    for name in About.model_fields:
        if name in values:
            try:
                good[name] = field_adapter("about", name).validate_python(
                    values[name], context=context
                )
            except ValidationError:
                continue
    if "period_start" not in good or "period_end" not in good:
        return None
    defaults = {n: f.get_default() for n, f in About.model_fields.items() if not f.is_required()}
    return About.model_construct(**{"country": "", **defaults, **good})


def _same(value: Any) -> str:
    return normalise_token(to_text(value)) if value is not None else ""


def _check(
    values: dict[str, Any], where: dict[str, Where], sheet: Where
) -> tuple[About | None, list[Issue]]:
    context = {"date_order": values.get("date_order")}
    issues: list[Issue] = []
    try:
        about = About.model_validate(values, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0])
            if error["type"] == "missing" and sheet.sheet is None:
                continue  # no about sheet at all: `missing-required-form` says so, once
            place = where.get(key, replace(sheet, field=key))
            issues.append(error_to_issue(error, "about", place))
        return None, issues
    start, end = about.period_start, about.period_end
    if end < start:
        about_sheet = SheetName("about", where["period_end"].sheet)
        issues.append(make_issue(Code.PERIOD_ORDER, where["period_end"], end, start=start,
                                 end=end, about=about_sheet, period_start=AboutKey("period_start"),
                                 period_end=AboutKey("period_end")))  # fmt: skip
    elif end != _year_after(start) - dt.timedelta(days=1):
        days = (end - start).days + 1
        issues.append(make_issue(Code.PERIOD_NOT_A_YEAR, where["period_end"], end, start=start,
                                 end=end, days=days, period_start=AboutKey("period_start"),
                                 period_end=AboutKey("period_end")))  # fmt: skip
    found = about.template_version
    if found is not None and _version(found) != _version(TEMPLATE_VERSION):
        issues.append(make_issue(Code.TEMPLATE_VERSION, where["template_version"], found,
                                 found=found, current=TEMPLATE_VERSION,
                                 changes=template_changes_since(found)))  # fmt: skip
    return about, issues


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 3, 1)


def _version(text: str) -> tuple[int, ...] | str:
    """A version to compare: `1.0` typed in an Excel cell is read back as the number 1, so
    trailing `.0` parts do not count (`1` == `1.0` == `1.0.0`)."""
    parts = text.strip().split(".")
    if not all(p.isdigit() for p in parts):
        return text.strip()
    numbers = [int(p) for p in parts]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def template_changes_since(version: str) -> Phrase:
    """What changed in the template after `version` (or that the version is unknown). Each
    version's note is quoted as `forms/version.py` writes it."""
    versions = list(TEMPLATE_CHANGES)
    known = [v for v in versions if _version(v) == _version(version)]
    if not known:
        return Phrase.of("phrase.template_unknown", versions=", ".join(versions))
    later = versions[versions.index(known[0]) + 1 :]
    notes = " ".join(f"{v}: {TEMPLATE_CHANGES[v]}" for v in later)
    return Phrase.of("phrase.template_changes", changes=notes)
