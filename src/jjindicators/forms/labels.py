"""The catalogue keys of the forms' fields and codes: which key holds a field's label or note, and
a code's label (`i18n.py` lists the keys)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import get_args

from jjindicators.forms import FORMS
from jjindicators.forms.types import CodeList, YesNoUnknown, field_codes

YES_NO = "yesno"  # the fields of the shared yes/no/unknown type share their codes' labels
_YES_NO_CODES: tuple[str, ...] = next(
    m.values for m in get_args(YesNoUnknown)[1:] if isinstance(m, CodeList)
)


@cache
def _field_keys() -> dict[tuple[str, str, str], str]:
    """(form, field, `label` or `note`) → key. The text most forms with the field have (the
    first form's on a tie) is `field.<field>.<part>`; a form whose text differs has its own key,
    `field.<form>.<field>.<part>`. So a form that copies a field adds no key."""
    texts: dict[tuple[str, str], dict[str, str]] = {}
    for form, spec in FORMS.items():
        for name, info in spec.fields.items():
            texts.setdefault((name, "label"), {})[form] = info.title or name
            texts.setdefault((name, "note"), {})[form] = info.description or ""
    keys = {}
    for (name, part), by_form in texts.items():
        shared = Counter(by_form.values()).most_common(1)[0][0]
        for form, text in by_form.items():
            keys[form, name, part] = (
                f"field.{name}.{part}" if text == shared else f"field.{form}.{name}.{part}"
            )
    return keys


def field_key(form: str, field: str, part: str = "label") -> str:
    """The key of a field's `label` (its header) or `note`.

    >>> field_key("arrests", "sex")
    'field.sex.label'
    """
    return _field_keys()[form, field, part]


def code_key(form: str, field: str, code: str) -> str:
    """The key of one code's label.

    >>> code_key("arrests", "sex", "F"), code_key("detention_census", "separated_from_adults", "no")
    ('code.sex.F', 'code.yesno.no')
    """
    codes = field_codes(FORMS[form].fields[field])
    return f"code.{YES_NO if codes == _YES_NO_CODES else field}.{code}"


@cache
def coded_fields() -> dict[tuple[str, str], tuple[str, ...]]:
    """(form, field) → its codes, for every coded field of every form."""
    return {
        (form, name): codes
        for form, spec in FORMS.items()
        for name, info in spec.fields.items()
        if (codes := field_codes(info)) is not None
    }


def model_english() -> dict[str, str]:
    """The English the forms' models give: forms' titles and descriptions, fields' labels and
    notes (each key once); and every code key of a coded field (its label is the catalogue's)."""
    found = {}
    for form, spec in FORMS.items():
        found[f"form.{form}.title"] = spec.title
        found[f"form.{form}.description"] = spec.description
    for (form, name, part), key in _field_keys().items():
        info = FORMS[form].fields[name]
        text = (info.title or name) if part == "label" else info.description
        if text:
            found.setdefault(key, text)
    return found
