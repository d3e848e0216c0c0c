"""Cell types shared by every form: codes with synonyms, yes/no, dates, whole numbers and text.

Each type normalises what people actually type into spreadsheets (spec `forms.md`, "Conventions for
every record form") and raises a `PydanticCustomError` whose type is one of our issue codes, so the
validator can turn it into a catalogued issue without guessing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BeforeValidator, Field, GetCoreSchemaHandler, ValidationInfo
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, core_schema

from jjindicators.i18n import ENGLISH, catalogue, fold, translations

# Excel's day 0 for the 1900 date system (the 1900 leap-year bug makes this the right epoch for
# serials >= 61, which is every date a child's record can hold).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Numeric cells in a date column are read as Excel serials only in this window (1950-01-01 ..
# 2099-12-31): outside it a number is far more likely a mistake than an unformatted date.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050
# Dates outside these years are typing mistakes in a child's record (`0205-03-01`, `2205-03-01`);
# the dates of options (`--census-date`) are held to them too (`options.check_date`).
YEARS = range(1900, 2101)

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")


def normalise_token(value: str) -> str:
    """Lower-case a code, spaces and hyphens to underscores: `Pre-sentence` → `pre_sentence`."""
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def is_blank(value: Any) -> bool:
    """True for None and for text that is empty once stripped."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: Any) -> str:
    """Text as typed; whole numbers read back from Excel lose their `.0` (`123.0` → `"123"`)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class CodeList:
    """A coded type's codes and how a cell is read as one of them (`coded`). It is the metadata of
    the type's annotation, `Annotated[str, coded(...)]`, so that pydantic validates with it and
    the catalogues (`forms/labels.py`) find and label each code."""

    values: tuple[str, ...]
    check: Callable[[Any], str] = field(compare=False, repr=False)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            self.check, core_schema.literal_schema(list(self.values))
        )


def field_codes(info: FieldInfo) -> tuple[str, ...] | None:
    """The codes of a coded field (a `coded` type, optional or not); None for other fields."""
    stack: list[Any] = [info.annotation, *info.metadata]
    while stack:
        item = stack.pop()
        if isinstance(item, CodeList):
            return item.values
        if get_origin(item) in (Annotated, Union, UnionType):
            stack.extend(get_args(item))
    return None


@cache
def _code_labels(allowed: tuple[str, ...]) -> dict[str, str]:
    """Folded label → code, from every language's labels (`code.<group>.<code>` keys of the
    catalogues) of the groups that have every code of `allowed`. A label two codes share is left
    out: it cannot say which (tests/test_i18n.py checks that no catalogue has one)."""
    groups: dict[str, set[str]] = {}
    for key in catalogue(ENGLISH):
        if key.startswith("code."):
            _, group, code = key.split(".", 2)
            groups.setdefault(group, set()).add(code)
    found: dict[str, set[str]] = {}
    for group, codes in groups.items():
        if not set(allowed) <= codes:
            continue
        for code in allowed:
            for text in translations(f"code.{group}.{code}"):
                found.setdefault(normalise_token(fold(text)), set()).add(code)
    return {token: next(iter(codes)) for token, codes in found.items() if len(codes) == 1}


def code_for_label(allowed: tuple[str, ...], text: str) -> str | None:
    """The code of a `coded` type with codes `allowed` whose label, in any language, is `text`
    (issue #7: codes in any language are accepted).

    >>> code_for_label(("F", "M", "U"), "Féminin"), code_for_label(("yes", "no", "unknown"), "sí")
    ('F', 'yes')
    """
    return _code_labels(allowed).get(normalise_token(fold(text)))


def coded(literal: Any, synonyms: Mapping[str, str] | None = None) -> CodeList:
    """The codes of a coded type, `Annotated[str, coded(Literal[...])]`: the allowed values of
    `literal`, matched case-insensitively, plus synonyms and the codes' labels in every language
    of the catalogues (`féminin`, `sí`).

    >>> from pydantic import TypeAdapter
    >>> Status = Annotated[str, coded(Literal["pre_sentence", "sentenced"])]
    >>> TypeAdapter(Status).validate_python("Pre-sentence")
    'pre_sentence'
    """
    allowed: tuple[str, ...] = get_args(literal)
    lookup = {normalise_token(a): a for a in allowed}
    lookup.update({normalise_token(k): v for k, v in (synonyms or {}).items()})

    exact = frozenset(allowed)

    def check(value: Any) -> str:
        if value in exact:  # the common case, without normalising
            return str(value)
        token = normalise_token(to_text(value))
        if token in lookup:
            return lookup[token]
        if (labelled := code_for_label(allowed, token)) is not None:
            return labelled
        close = difflib.get_close_matches(token, list(lookup), n=1, cutoff=0.6)
        raise PydanticCustomError(
            "bad-code",
            "{value} is not an allowed value",
            {
                "value": to_text(value),
                "allowed": ", ".join(allowed),
                "suggestion": lookup[close[0]] if close else "",
            },
        )

    return CodeList(allowed, check)


Sex = Annotated[
    str,
    coded(
        Literal["F", "M", "U"],
        {"female": "F", "girl": "F", "male": "M", "boy": "M", "unknown": "U", "not recorded": "U"},
    ),
]
# Every yes/no field also takes `unknown` (`forms.md`: yes/no/unknown and the usual spellings).
YesNoUnknown = Annotated[str, coded(
    Literal["yes", "no", "unknown"],
    {
        "y": "yes", "true": "yes", "1": "yes", "n": "no", "false": "no", "0": "no",
        "unk": "unknown", "u": "unknown", "not known": "unknown", "don't know": "unknown",
    },
)]  # fmt: skip


def _date_error(kind: str, value: Any, detail: str = "", **more: Any) -> PydanticCustomError:
    """A date problem; `detail` names what is wrong beyond "not a date" (`time`, `serial`,
    `two_digit_year`, `year`, `no_such_day`: the issue says it in words)."""
    return PydanticCustomError(
        kind, "{value} is not a date", {"value": to_text(value), "detail": detail, **more}
    )


def parse_date(value: Any, date_order: str | None = None) -> dt.date:
    """Read a date cell: a real Excel date, an Excel serial number, ISO text, or day/month text.

    Day/month text (`03/04/2025`) is read with `date_order` (`DMY` or `MDY`); without it only when
    unambiguous (`25/03/2025`). A two-digit year is never guessed. (`forms.md`, dates.)

    >>> parse_date("2025-03-31")
    datetime.date(2025, 3, 31)
    >>> parse_date("31/03/2025")
    datetime.date(2025, 3, 31)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _date_error("bad-date", value)
    if isinstance(value, dt.time):  # calamine's reading of a date cell before 1900 (or a time)
        raise _date_error("bad-date", value, "time")
    if isinstance(value, int | float):
        if float(value).is_integer() and _SERIAL_MIN <= value <= _SERIAL_MAX:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise _date_error("bad-date", value, "serial")
    text = to_text(value)
    if m := _ISO.match(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _DAY_MONTH.match(text):
        first, second, year_text = int(m[1]), int(m[2]), m[3]
        if len(year_text) == 2:
            raise _date_error("bad-date", value, "two_digit_year")
        year = int(year_text)
        order = (date_order or "").upper()
        if order == "DMY":
            return _make_date(year, second, first, value)
        if order == "MDY":
            return _make_date(year, first, second, value)
        if first > 12 >= second:
            return _make_date(year, second, first, value)
        if second > 12 >= first:
            return _make_date(year, first, second, value)
        if first == second:
            return _make_date(year, first, second, value)
        raise _date_error("ambiguous-date", value)
    raise _date_error("bad-date", value)


_YEARS = YEARS


def _make_date(year: int, month: int, day: int, original: Any) -> dt.date:
    if year not in _YEARS:
        raise _date_error("bad-date", original, "year", year=year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _date_error("bad-date", original, "no_such_day") from None


def _date_from_cell(value: Any, info: ValidationInfo) -> dt.date:
    context = info.context or {}
    return parse_date(value, context.get("date_order"))


Date = Annotated[dt.date, BeforeValidator(_date_from_cell)]


def read_whole_number(value: Any) -> int:
    """A whole number as typed in a cell (`14`, `14.0`, `"1,200"`), or a `bad-number` error."""
    if isinstance(value, bool):
        raise PydanticCustomError("bad-number", "{value} is not a whole number", {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = to_text(value).replace(",", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    raise PydanticCustomError(
        "bad-number", "{value} is not a whole number", {"value": to_text(value)}
    )


# More children than any country has: India, the most populous, has about 440 million people under
# 18 (UN World Population Prospects 2024). A population or a count above this bound is a typing
# mistake (`1e26`, digits pasted twice), never a figure: the cell is an error (`implausible-count`).
MAX_CHILDREN = 1_000_000_000


def read_child_count(value: Any) -> int:
    """A count of children: a whole number (`read_whole_number`) of at most `MAX_CHILDREN`, or an
    `implausible-count` error."""
    number = read_whole_number(value)
    if number > MAX_CHILDREN:
        raise PydanticCustomError(
            "implausible-count", "{value} is more children than any country has",
            {"value": to_text(value)},
        )  # fmt: skip
    return number


# A whole number cell (`14`, `14.0`, `"1,200"`), within bounds where it has them.
WholeNumber = Annotated[int, BeforeValidator(read_whole_number)]
Age = Annotated[int, Field(ge=0, le=25), BeforeValidator(read_whole_number)]
Count = Annotated[int, Field(ge=0, le=MAX_CHILDREN), BeforeValidator(read_child_count)]
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[-1]), BeforeValidator(read_whole_number)]
Text = Annotated[str, Field(min_length=1), BeforeValidator(to_text)]


def is_text(hint: Any) -> bool:
    """True for a field typed `Text` or `Text | None`: text that the reader has already stripped
    (never empty) validates to itself, so a column of such text needs no call per cell."""
    return bool(hint == Text or hint == (Text | None))
