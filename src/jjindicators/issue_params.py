"""The typed parameters of an issue, and how each is put into words in the reader's language.

A check gives an issue its parameters as values — text as typed, numbers, dates, or one of the
structured values below — never as English sentences. `param_text` writes one of them in a
language when a person reads the issue (`issues.Issue.text`): a field as the user's own column or
the template's label, a form's sheet as the user's own sheet or the template's name, a coded value
as the template's drop-down offers it, a phrase from the catalogues (`phrase.<name>`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeAlias

from jjindicators.forms.labels import about_key, code_label, code_labels, field_label, sheet_label
from jjindicators.i18n import ENGLISH, lookup

# The most of any text an issue's parameter quotes: a cell of 30,000 characters (or the rest of a
# line after a stray quote) would otherwise fill the screen and the issue files, once per issue.
QUOTED, QUOTED_PARAM = 500, 2000


@dataclass(frozen=True)
class Phrase:
    """A text of the catalogues (`phrase.did_you_mean`, `form.about.title`...) with its own
    parameters, written in the reader's language."""

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Param) -> Phrase:
        """`Phrase.of("phrase.episode_open", start=day)`."""
        return cls(key, tuple(params.items()))


@dataclass(frozen=True)
class FieldName:
    """A field of a form: the column as the user's sheet heads it (`header`) when there is one,
    otherwise the field's label in the reader's language (the template's header)."""

    form: str | None
    field: str
    header: str | None = None


@dataclass(frozen=True)
class SheetName:
    """A form's sheet: the user's own sheet (`sheet`) when there is one, otherwise the sheet's
    name in the template of the reader's language."""

    form: str
    sheet: str | None = None


@dataclass(frozen=True)
class FormTitle:
    """A form's title after its sheet's name, ` (Arrests)` after `'arrests'`
    (`phrase.form_title`), where the template of the reader's language names the sheet
    otherwise; nothing where the sheet is named by the title (French, Spanish)."""

    form: str


@dataclass(frozen=True)
class AboutKey:
    """A key of the about sheet, as the template writes it in the reader's language."""

    field: str


@dataclass(frozen=True)
class CodeName:
    """A value of a coded field, as the template's drop-down offers it in the reader's
    language."""

    form: str
    field: str
    code: str


@dataclass(frozen=True)
class Allowed:
    """The values of a coded field, as the template's drop-down offers them, `, `-joined: all
    of them, or `codes`."""

    form: str
    field: str
    codes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Joined:
    """Several values joined: with `, `, or with the catalogue's `phrase.<joiner>` (` or `)."""

    items: tuple[Param, ...]
    joiner: str | None = None


@dataclass(frozen=True)
class Number:
    """A number in the reader's language (`12,345.6`, `12 345,6`): with `decimals` places, or,
    when None, as a count (no decimals when whole, else one); `signed` writes `+` before a
    positive one."""

    value: float
    decimals: int | None = None
    signed: bool = False


class Withheld:
    """What stands for a child's reference taken out of an issue (`protect.py`): `phrase.withheld`
    in the reader's language, never quoted."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()

# A parameter: text as typed, a number, a date, or one of the structured values above.
Param: TypeAlias = (
    str | int | float | dt.date | Phrase | FieldName | SheetName | FormTitle | AboutKey | CodeName
    | Allowed | Joined | Number | Withheld | None
)  # fmt: skip


class _Bare(str):
    """Text that `{x!r}` writes without quotes: a withheld reference reads `(withheld)`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def did_you_mean(choice: Param) -> Param:
    """The one phrase that suggests a value: ` (did you mean 'x'?)`, or nothing without a
    choice."""
    return Phrase.of("phrase.did_you_mean", choice=choice) if choice else ""


def quoted_text(value: object, limit: int = QUOTED_PARAM) -> str:
    """A value as an issue quotes it: a date as ISO, a whole float without `.0`, a long text cut
    with its length."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text):,} characters)"
    return text


def param_text(value: Param, lang: str = ENGLISH) -> str:
    """A parameter in words, in `lang`.

    >>> param_text(CodeName("arrests", "sex", "F"), "es"), param_text(SheetName("about"), "fr")
    ('femenino', 'À propos de la transmission')
    """
    if value is None:
        return ""
    if isinstance(value, Phrase):
        return fill(value.key, value.params, lang)
    if isinstance(value, FieldName):
        if value.header is not None:
            return value.header
        return field_label(value.form, value.field, lang) if value.form else value.field
    if isinstance(value, SheetName):
        return value.sheet if value.sheet is not None else sheet_label(value.form, lang)
    if isinstance(value, FormTitle):
        title = lookup(f"form.{value.form}.title", lang)
        if title == sheet_label(value.form, lang):
            return ""
        return lookup("phrase.form_title", lang).format(title=title)
    if isinstance(value, AboutKey):
        return about_key(value.field, lang)
    if isinstance(value, CodeName):
        return code_label(value.form, value.field, value.code, lang)
    if isinstance(value, Allowed):
        if value.codes is None:
            return ", ".join(code_labels(value.form, value.field, lang))
        return ", ".join(code_label(value.form, value.field, c, lang) for c in value.codes)
    if isinstance(value, Joined):
        joiner = ", " if value.joiner is None else lookup(f"phrase.{value.joiner}", lang)
        return joiner.join(param_text(v, lang) for v in value.items)
    if isinstance(value, Withheld):
        return lookup("phrase.withheld", lang)
    if isinstance(value, Number):
        text = number_text(value.value, lang, value.decimals)
        return "+" + text if value.signed and value.value > 0 else text
    return quoted_text(value)


def number_text(value: float, lang: str = ENGLISH, decimals: int | None = None) -> str:
    """`value` written with the separators of `lang` (`report.number_thousands`,
    `report.number_decimal`): with `decimals` places, or, when None, as a count (no decimals
    when whole, else one).

    >>> number_text(12345.67, "fr", 1)
    '12\u202f345,7'
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    english = f"{value:,.{decimals}f}"
    marks = {",": lookup("report.number_thousands", lang),
             ".": lookup("report.number_decimal", lang)}  # fmt: skip
    return "".join(marks.get(c, c) for c in english)


def _formatted(value: Param, lang: str) -> str:
    """The parameter's words, as `str.format` fills a template with them (`{x!r}` quotes them,
    a withheld reference excepted)."""
    text = param_text(value, lang)
    return _Bare(text) if isinstance(value, Withheld) else text


def fill(template_key: str, params: tuple[tuple[str, Param], ...], lang: str) -> str:
    """The catalogue text `template_key` in `lang`, filled with `params` in that language."""
    return lookup(template_key, lang).format(**{k: _formatted(v, lang) for k, v in params})


def replace_param(value: Param, old: str, new: Param) -> Param:
    """`value` with every text equal to `old` replaced by `new`, inside structured values too."""
    if isinstance(value, str) and value == old:
        return new
    if isinstance(value, Phrase):
        return Phrase(value.key, tuple((k, replace_param(v, old, new)) for k, v in value.params))
    if isinstance(value, Joined):
        return Joined(tuple(replace_param(v, old, new) for v in value.items), value.joiner)
    return value
