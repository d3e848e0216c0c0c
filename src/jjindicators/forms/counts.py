"""Count (tally) forms: for each record form, a `<form>_counts` variant (`collation.md`, "Count
(tally) submissions").

A source that can only send counts fills one row per breakdown cell: `source_id`, `sex`,
`age_group`, the record form's category columns (`FormSpec.count_fields`, plus the columns of
`FormSpec.count_extra`) and `count`. The models are generated here from the record models, so a
category column has the same codes, label and note in both.

`count` tells three things apart (`docs/counts.md`): a whole number (0 included) is a figure; a
blank cell is "not available" (the source could not tell); `not applicable` (`n/a`) means the cell
does not apply to the source. Age groups and duration bands are written as the report writes them
(`<14`, `14-15`, `0-7 days`, `over 365 days`); they are matched to the configured groups and bands
at compute time (`validate/counts.py`).
"""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, create_model
from pydantic_core import PydanticCustomError

from jjindicators.forms.base import FormModel, FormSpec, RecordBase, info
from jjindicators.forms.common import UNKNOWN_SYNONYMS
from jjindicators.forms.types import coded, field_codes, read_child_count, to_text
from jjindicators.i18n import words

COUNT_SUFFIX = "_counts"
NOT_APPLICABLE = "not applicable"
UNKNOWN_AGE = "unknown"
UNKNOWN_CODE = "unknown"  # a breakdown not known for the children of a line (issue #16)


def _squash(value: Any) -> str:
    """Lower case without spaces and underscores (hyphens kept: `14-15` is a range)."""
    return re.sub(r"[\s_]+", "", to_text(value).lower())


# Spellings of "not applicable", "not available" and "unknown" in a count cell, in every
# language (`input.*` in the catalogues), squashed as `_squash` does; and the signs that say so.
_NOT_APPLICABLE = {_squash(w) for w in words("input.not_applicable")}
_NOT_AVAILABLE = {"..", *(_squash(w) for w in words("input.not_available"))}
_UNKNOWN = {"?", *(_squash(w) for w in words("input.unknown"))}


def _count(value: Any) -> int | str | None:
    """A count cell: a whole number ≥ 0, `not applicable`, or None (not available)."""
    if isinstance(value, str):
        token = _squash(value)
        if token in _NOT_APPLICABLE:
            return NOT_APPLICABLE
        if token in _NOT_AVAILABLE:
            return None
    try:
        number = read_child_count(value)  # as every form reads whole numbers, bounded
    except PydanticCustomError as error:
        if error.type == "implausible-count":
            raise
        number = -1
    if number < 0:
        raise PydanticCustomError("bad-count", "{value} is not a count", {"value": to_text(value)})
    return number


CountCell = Annotated[int | Literal["not applicable"] | None, BeforeValidator(_count)]


def _any(*keys: str) -> str:
    """A regex alternation of the words of `input.<key>` in every language, squashed."""
    found = {_squash(w) for key in keys for w in words(f"input.{key}")}
    return "|".join(re.escape(w) for w in sorted(found, key=lambda w: (-len(w), w)))


# Read after `parse_range` has squashed the text and made every dash a hyphen; the words of every
# language (`input.range_to`, `input.days`...) from the catalogues.
_DAYS, _YEARS = _any("days"), _any("years")
_RANGE = re.compile(rf"^(\d+)(?:(?:-|{_any('range_to')})(\d+))?(?:{_DAYS}|{_YEARS})?$")
_BELOW = re.compile(rf"^(?:<|{_any('below')})(\d+)(?:{_YEARS})?$")
_OVER = re.compile(rf"^(?:>|{_any('over')})(\d+)(?:{_DAYS})?$")
_FROM = re.compile(rf"^(\d+)(?:\+|{_any('or_more')})(?:{_DAYS})?$")


def parse_range(value: Any) -> tuple[int, int | None] | None:
    """An age group or duration band as typed → (low, high) inclusive, high None when open;
    None when it is not a range. `<14` → (0, 13); `14-15` → (14, 15); `16` → (16, 16);
    `over 365 days` → (366, None); `366+` → (366, None)."""
    text = _squash(value).replace("–", "-").replace("—", "-")
    if m := _BELOW.match(text):
        return (0, int(m[1]) - 1) if int(m[1]) > 0 else None
    if m := _OVER.match(text):
        return int(m[1]) + 1, None
    if m := _FROM.match(text):
        return int(m[1]), None
    if m := _RANGE.match(text):
        low, high = int(m[1]), int(m[2] if m[2] is not None else m[1])
        return (low, high) if low <= high else None
    return None


def range_label(low: int, high: int | None, unit: str) -> str:
    """The label the report uses: ages `<14`, `14–15`, `16`; days `0–7 days`, `over 365 days`."""
    if unit == "days":
        return f"over {low - 1} days" if high is None else f"{low}–{high} days"
    if low == 0 and high is not None:
        return f"<{high + 1}"
    return f"{low}" if low == high else f"{low}–{high}"


def _age_group(value: Any) -> str:
    if _squash(value) in _UNKNOWN:
        return UNKNOWN_AGE
    found = parse_range(value)
    if found is None or found[1] is None or found[1] > 17:
        raise PydanticCustomError(
            "bad-age-group", "{value} is not an age group", {"value": to_text(value)}
        )
    return range_label(found[0], found[1], "years")


def _band(value: Any) -> str:
    if _squash(value) in _UNKNOWN:
        return UNKNOWN_CODE  # children whose duration is not known (issue #16)
    found = parse_range(value)
    if found is None:
        raise PydanticCustomError(
            "bad-band", "{value} is not a duration band", {"value": to_text(value)}
        )
    return range_label(found[0], found[1], "days")


AgeGroup = Annotated[str, BeforeValidator(_age_group)]
DurationBand = Annotated[str, BeforeValidator(_band)]


def count_name(form: str) -> str:
    """`arrests` → `arrests_counts`."""
    return form + COUNT_SUFFIX


def base_form(form: str) -> str | None:
    """`arrests_counts` → `arrests`; None for a form that is not a count form."""
    return form.removesuffix(COUNT_SUFFIX) if form.endswith(COUNT_SUFFIX) else None


def _field(model: type[FormModel], name: str) -> tuple[Any, Any]:
    fi = copy.copy(model.model_fields[name])
    return fi.annotation, fi


def _breakdown_field(model: type[FormModel], name: str) -> tuple[Any, Any]:
    """A breakdown column of a count form: the record field, taking `unknown` too where its
    codes do not (issue #16: a total whose breakdown is not known is a line with `unknown`)."""
    annotation, fi = _field(model, name)
    codes = field_codes(fi)
    if codes is None or UNKNOWN_CODE in codes:
        return annotation, fi
    kind = Annotated[str, coded(Literal.__getitem__((*codes, UNKNOWN_CODE)), UNKNOWN_SYNONYMS)]
    required = fi.is_required()
    extra = fi.json_schema_extra if isinstance(fi.json_schema_extra, dict) else {}
    return (kind if required else kind | None), info(
        fi.title or name,
        fi.description or "",
        aliases=tuple(extra.get("aliases", ())),
        default=... if required else fi.default,
    )


def count_spec(spec: FormSpec) -> FormSpec:
    """The count variant of a record form: its model generated from the record model."""
    fields: dict[str, Any] = {
        "source_id": _field(RecordBase, "source_id"),
        "sex": _field(RecordBase, "sex"),
        "age_group": (AgeGroup, info(
            "Age group",
            "The children's age group as the report shows it: <14, 14-15, 16-17 (the configured "
            "groups), or unknown.",
            aliases=("age band", "ages"),
        )),
    }  # fmt: skip
    for name in spec.count_fields:
        keep = name in spec.count_what
        fields[name] = (_field if keep else _breakdown_field)(spec.model, name)
    if spec.count_extra is not None:
        for name in spec.count_extra.model_fields:
            keep = name in spec.count_what
            fields[name] = (_field if keep else _breakdown_field)(spec.count_extra, name)
    fields["count"] = (CountCell, info(
        "Count",
        "How many. 0 = none; blank = not available (the source cannot tell); 'not applicable' "
        "(n/a) = this line does not apply to the source.",
        aliases=words("input.count_header"),
        default=None,
    ))  # fmt: skip
    model = create_model(
        spec.model.__name__ + "Counts",
        __base__=FormModel,
        __doc__=f"Counts of {spec.name}.",
        **fields,
    )
    return FormSpec(
        name=count_name(spec.name),
        model=model,
        kind="counts",
        title=f"{spec.title} (counts)",
        description=(
            f"Counts instead of rows for the {spec.name} form: one row per source and breakdown "
            "cell, with how many."
        ),
        indicators=spec.indicators,
        source_types=spec.source_types,
        columns_required=("count",),
        aliases=(f"{spec.name} counts", f"{spec.title} counts"),
    )
