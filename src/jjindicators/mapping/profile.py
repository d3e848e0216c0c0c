"""Mapping profiles: a country's own sheet names, headers and codes mapped onto jjind's forms.

A profile is a small TOML file (`docs/mapping.md`) that lets a submission be validated and computed
as it arrived, without editing it:

    [sheets]                      # sheet (or CSV file) name as sent → form ("" skips it)
    "Arrestations" = "arrests"
    [columns.arrests]             # header as sent → field; "" leaves the column out, unreported
    "Date d'arrestation" = "arrest_date"
    [codes.sex]                   # value as sent → code, in every form with that field
    H = "M"
    [codes."*"]                   # codes for every coded field (a field's own codes win)
    oui = "yes"
    [about]                       # about values the submission does not give itself
    country = "Francophonia"

Names, headers and codes are matched as the forms match them (case, spaces, hyphens and
underscores ignored). Only what the profile names changes: the rest is read as without it, and
every issue still points at the user's own sheet, cell and header. A profile is checked whole when
it is loaded; each mistake is named with its table and key (`ProfileError`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from jjindicators.errors import UsageError
from jjindicators.forms import FORMS
from jjindicators.forms.about import About
from jjindicators.forms.types import normalise_token, to_text
from jjindicators.read.tables import header_key
from jjindicators.validate.fields import field_adapter

__all__ = [
    "IGNORE", "UNRESOLVED", "Profile", "ProfileError", "coded_fields", "fields_of", "load_profile",
]  # fmt: skip

IGNORE = ""  # a column mapped to "" is left out without an unknown-column warning
EVERY_FIELD = "*"  # [codes."*"]: codes for every coded field (oui = yes, autre = other)
UNRESOLVED = "?"  # what `jjind map suggest` writes where it could not match: to be filled in
_TABLES = ("profile", "sheets", "columns", "codes", "about")
# The about sheet is a key/value table: its headers map to these, its keys are its `key` codes.
ABOUT_COLUMNS = ("key", "value")
MAX_PROFILE_BYTES = 1_000_000


class ProfileError(UsageError):
    """A mapping profile that cannot be used as written; the message lists every mistake."""


@dataclass(frozen=True)
class Profile:
    """A loaded, checked mapping profile (keys already normalised as the forms match them)."""

    path: str = ""
    sha256: str = ""
    name: str = ""
    sheets: dict[str, str] = field(default_factory=dict)  # header_key(sheet) → form
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # form → key → field
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # field → token → code
    about: dict[str, Any] = field(default_factory=dict)  # about key → value

    def form_for(self, sheet_name: str) -> str | None:
        """The form the profile gives a sheet or CSV file name, if it names it."""
        return self.sheets.get(header_key(sheet_name))

    def lookup(self, form: str, base: dict[str, str]) -> dict[str, str]:
        """Header key → field for `form`: the profile's headers over the forms' own names."""
        mapped = self.columns.get(form)
        return {**base, **mapped} if mapped else base

    def recode(self, field_name: str, values: list[Any]) -> list[Any]:
        """`values` of a column feeding `field_name`, the profile's codes put in (others as
        read); the same list when the profile has no codes for the field."""
        table = self.codes.get(field_name)
        shared = self.codes.get(EVERY_FIELD) if field_name in coded_fields() else None
        if shared:
            table = {**shared, **(table or {})}  # the field's own codes win
        if not table:
            return values
        out: list[Any] = []
        for value in values:
            if value is None:
                out.append(None)
                continue
            code = table.get(normalise_token(to_text(value)))
            out.append(value if code is None else code)
        return out

    def describe(self) -> dict[str, str]:
        """What a report's `about` records of the profile: file and SHA-256 (never its body)."""
        return {"file": self.path, "sha256": self.sha256} if self.path else {}


def fields_of(form: str) -> list[str]:
    """The fields a profile can map a header of `form` to (an about sheet: key and value)."""
    return list(ABOUT_COLUMNS) if FORMS[form].kind == "keyvalue" else list(FORMS[form].fields)


def _close(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@functools.cache
def coded_fields() -> dict[str, list[TypeAdapter[Any]]]:
    """Every coded field of the forms → a validator per form that has it (a code must be one
    of them); `key` is the about sheet's key column, whose codes are about's keys."""
    found: dict[str, list[TypeAdapter[Any]]] = {}
    for form, spec in FORMS.items():
        if spec.kind == "keyvalue":
            continue
        schema = spec.model.model_json_schema()["properties"]
        for name in spec.fields:
            options = schema[name].get("anyOf", [schema[name]])
            if any("enum" in o or "const" in o for o in options):
                found.setdefault(name, []).append(field_adapter(form, name))
    return found


def _schema_codes(adapter: TypeAdapter[Any]) -> list[str]:
    """The codes a coded field takes, in order, from its JSON schema (`enum`, `const`)."""
    schema = adapter.json_schema()
    found: list[str] = []
    for option in schema.get("anyOf", [schema]):
        found += [str(c) for c in option.get("enum", [])]
        found += [str(option["const"])] if "const" in option else []
    return found


def _check_code(field_name: str, code: str, adapters: list[TypeAdapter[Any]]) -> str | None:
    """None when `code` is a value `field_name` takes as it is in some form (sex is F/M/U in
    the records and F/M/all in population); otherwise what is wrong."""
    if field_name == "key":
        keys = list(About.model_fields)
        return None if code in keys else f"not an about key{_close(code, keys)}"
    synonym, other = "", ""
    allowed: dict[str, None] = {}
    for adapter in adapters:
        try:
            read = adapter.validate_python(code)
        except ValidationError as exc:
            allowed |= dict.fromkeys(_schema_codes(adapter))  # the schema, not a message
            other = other or exc.errors()[0]["msg"]
            continue
        if read == code:
            return None
        synonym = synonym or f"jjind reads it as {read!r}: write the code itself, {read!r}"
    if synonym:
        return synonym
    return f"not allowed (use one of: {', '.join(allowed)})" if allowed else other


class _Checker:
    """Collects every mistake of a profile, each named by its table and key."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.problems.append(f'[{name}] must be a table of "name" = "value" lines.')
            return {}
        return value

    def text(self, where: str, key: str, value: Any) -> str | None:
        if not isinstance(value, str):
            self.problems.append(f"{where} {key!r} must be text in quotes, not {value!r}.")
            return None
        if value.strip() == UNRESOLVED:
            self.problems.append(
                f"{where} {key!r} is still {UNRESOLVED!r} (jjind map suggest could not match "
                "it): write what it stands for, or delete the line."
            )
            return None
        return value.strip()


def load_profile(path: str | Path) -> Profile:
    """Read and check a mapping profile; every mistake is listed in one `ProfileError`.

    >>> profile = load_profile("examples/exampleland-fr.toml")  # doctest: +SKIP
    >>> profile.form_for("Arrestations")  # doctest: +SKIP
    'arrests'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(
            f"Cannot read the mapping profile {path}: {exc.strerror or exc}."
        ) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(f"The mapping profile {path} is larger than 1 MB; is it the right file?")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ProfileError(
            f"The mapping profile {path} is not UTF-8 text; save it as UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(
            f"The mapping profile {path} is not valid TOML: {exc}. Put names and values in double "
            'quotes, one "name" = "value" per line, under headings such as [sheets].'
        ) from None
    check = _Checker()
    for name in data:
        if name not in _TABLES:
            check.problems.append(
                f"[{name}] is not a table of a profile{_close(name, list(_TABLES))}"
                f"; use {', '.join(f'[{t}]' for t in _TABLES)}."
            )
    meta = check.table(data, "profile")
    sheets = _sheets(check, check.table(data, "sheets"))
    columns = _columns(check, check.table(data, "columns"))
    codes = _codes(check, check.table(data, "codes"))
    about = _about(check, check.table(data, "about"))
    if check.problems:
        listed = "\n".join(f"  - {p}" for p in check.problems)
        raise ProfileError(f"The mapping profile {path} cannot be used:\n{listed}")
    return Profile(
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        name=str(meta.get("name", "")),
        sheets=sheets,
        columns=columns,
        codes=codes,
        about=about,
    )


def _sheets(check: _Checker, table: dict[str, Any]) -> dict[str, str]:
    sheets: dict[str, str] = {}
    for sheet, value in table.items():
        form = check.text("[sheets]", sheet, value)
        if form is None:
            continue
        if form != IGNORE and form not in FORMS:
            check.problems.append(
                f"[sheets] {sheet!r} = {form!r}: {form!r} is not a form"
                f"{_close(form, list(FORMS))}; forms: {', '.join(FORMS)}."
            )
            continue
        sheets[header_key(sheet)] = form
    return sheets


def _columns(check: _Checker, table: dict[str, Any]) -> dict[str, dict[str, str]]:
    columns: dict[str, dict[str, str]] = {}
    for form, headers in table.items():
        if form not in FORMS:
            check.problems.append(
                f"[columns.{form}]: {form!r} is not a form{_close(form, list(FORMS))}."
            )
            continue
        if not isinstance(headers, dict):
            check.problems.append(f'[columns.{form}] must be a table of "header" = "field".')
            continue
        fields = fields_of(form)
        for header, value in headers.items():
            name = check.text(f"[columns.{form}]", header, value)
            if name is None:
                continue
            if name != IGNORE and name not in fields:
                check.problems.append(
                    f"[columns.{form}] {header!r} = {name!r}: {form} has no field {name!r}"
                    f'{_close(name, fields)}; its fields: {", ".join(fields)} (or "" to leave '
                    "the column out)."
                )
                continue
            columns.setdefault(form, {})[header_key(header)] = name
    return columns


def _codes(check: _Checker, table: dict[str, Any]) -> dict[str, dict[str, str]]:
    coded = coded_fields()
    every = [a for adapters in coded.values() for a in adapters]
    codes: dict[str, dict[str, str]] = {}
    for field_name, pairs in table.items():
        if field_name not in coded and field_name not in ("key", EVERY_FIELD):
            names = sorted(coded)
            check.problems.append(
                f"[codes.{field_name}]: {field_name!r} is not a field of codes"
                f'{_close(field_name, names)}; fields of codes: {", ".join(names)}, and "*" '
                "for every one of them."
            )
            continue
        if not isinstance(pairs, dict):
            check.problems.append(f'[codes.{field_name}] must be a table of "as sent" = "code".')
            continue
        for sent, value in pairs.items():
            code = check.text(f"[codes.{field_name}]", sent, value)
            if code is None:
                continue
            wrong = _check_code(field_name, code, every if field_name == EVERY_FIELD
                                else coded.get(field_name, []))  # fmt: skip
            if wrong:
                check.problems.append(f"[codes.{field_name}] {sent!r} = {code!r}: {wrong}.")
                continue
            codes.setdefault(field_name, {})[normalise_token(sent)] = code
    return codes


def _about(check: _Checker, table: dict[str, Any]) -> dict[str, Any]:
    keys = list(About.model_fields)
    about: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            check.problems.append(
                f"[about] {key!r} is not an about key{_close(key, keys)}; keys: {', '.join(keys)}."
            )
            continue
        if not isinstance(value, str | int | dt.date) or isinstance(value, bool):
            check.problems.append(
                f"[about] {key!r} must be text, a number or a date (2025-12-31), not {value!r}."
            )
            continue
        about[key] = value
    return about
