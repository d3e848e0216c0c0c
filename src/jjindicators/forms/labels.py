"""The forms' words in each language, from one place: the catalogue keys of the fields and codes
(`i18n.py` lists the keys), and the labels that the template, the issues' messages and the reports
show for a form's sheet, a field's column and a coded value."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import get_args

from jjindicators.forms import FORMS
from jjindicators.forms.types import CodeList, YesNoUnknown, field_codes
from jjindicators.i18n import ENGLISH, lookup

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


def sheet_label(form: str, lang: str = ENGLISH) -> str:
    """A form's sheet as the template names it: the form's code in English, its title in another
    language.

    >>> sheet_label("about"), sheet_label("about", "es")
    ('about', 'Acerca del envío')
    """
    return form if lang == ENGLISH else lookup(f"form.{form}.title", lang)


def field_label(form: str, field: str, lang: str = ENGLISH) -> str:
    """A field's label in `lang`: its column's header in the template; the field's own name when
    the form has no such field.

    >>> field_label("arrests", "sex", "es")
    'Sexo'
    """
    if form not in FORMS or field not in FORMS[form].fields:
        return field
    return lookup(field_key(form, field), lang)


def field_note(form: str, field: str, lang: str = ENGLISH) -> str:
    """A field's note in `lang` ("" for a field without one)."""
    try:
        return lookup(field_key(form, field, "note"), lang)
    except KeyError:  # a field without a note has no key
        return ""


def about_key(field: str, lang: str = ENGLISH) -> str:
    """An about sheet's key as the template writes it: the field's name in English, its label in
    another language."""
    return field if lang == ENGLISH else field_label("about", field, lang)


def code_label(form: str, field: str, code: str, lang: str = ENGLISH) -> str:
    """A coded value as the template's drop-down offers it: the code in English, its label in
    another language (the code itself where the catalogues have no label for it).

    >>> code_label("arrests", "sex", "F"), code_label("arrests", "sex", "F", "es")
    ('F', 'femenino')
    """
    if lang == ENGLISH or (form, field) not in coded_fields():
        return code
    try:
        return lookup(code_key(form, field, code), lang)
    except KeyError:
        return code


def code_labels(form: str, field: str, lang: str = ENGLISH) -> tuple[str, ...]:
    """Every value of a coded field as the template's drop-down offers it, in its order.

    >>> code_labels("arrests", "sex", "es")
    ('femenino', 'masculino', 'no registrado')
    """
    return tuple(code_label(form, field, c, lang) for c in coded_fields().get((form, field), ()))


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
