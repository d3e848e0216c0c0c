"""Languages: every text a person reads, under a stable key, in `locales/<language>.toml`.

The ground floor of the package: it imports nothing from jjindicators, so any module may use it.
Each language is one TOML file of the same keys (`docs/languages.md`), English included
(`locales/en.toml`, which every other file translates):

    language.name                          the language's own name
    form.<form>.title|description          a form
    field.<field>.label|note               a field whose text is the same in every form with it,
    field.<form>.<field>.label|note        otherwise per form (`forms/labels.py`)
    code.<group>.<code>                    a code of a coded field (`code.yesno.<code>` for every
                                           yes/no/unknown field)
    issue.<code>.title|message|hint        an issue of the catalogue (`catalogue.py`)
    indicator.<number>.name|definition     an indicator
    indicator.<number>.rule.<k>            its k-th rule (from 1)
    phrase.<name>                          a phrase put into an issue's message
    input.<name>                           words jjind reads in a cell or a header, `|`-separated
    template.<name>                        a text of the blank template
    report.<name>                          a text of the reports and the console

The forms', codes' and indicators' English is also in their models (`forms/`, the indicators'
`META`), which define them: `tests/test_i18n.py` checks that `en.toml` says the same. Adding a
language is adding a file (issue #7); `tests/test_i18n.py` names every key it lacks. A key a file
lacks is shown in English.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "ENGLISH", "catalogue", "default_language", "fold", "languages", "lookup", "spellings",
    "translate", "translations", "words",
]  # fmt: skip

ENGLISH = "en"
LOCALES = Path(__file__).parent / "locales"


@cache
def languages() -> tuple[str, ...]:
    """The languages there is a catalogue for: English, then every other `locales/*.toml`.

    >>> languages()
    ('en', 'es', 'fr')
    """
    found = sorted(p.stem for p in LOCALES.glob("*.toml") if p.stem != ENGLISH)
    return (ENGLISH, *found)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """One language's texts by key, as its file has them."""
    if lang not in languages():
        raise ValueError(f"No catalogue for the language {lang!r}: use one of {languages()}.")
    with (LOCALES / f"{lang}.toml").open("rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}


def lookup(key: str, lang: str = ENGLISH) -> str:
    """The text of `key` in `lang`, or in English where the catalogue lacks it (KeyError for a
    key that is not in English either).

    >>> lookup("form.arrests.title", "fr")
    'Arrestations'
    """
    text = catalogue(lang).get(key)
    return text if text is not None else catalogue(ENGLISH)[key]


def translate(key: str, lang: str = ENGLISH, **params: Any) -> str:
    """The text of `key` in `lang` (English where missing), its `{placeholders}` filled.

    >>> translate("issue.future-date.message", "es", field="arrest_date", value="2030-01-01",
    ...           today="2026-01-15")
    'arrest_date (2030-01-01) es posterior a hoy (2026-01-15).'
    """
    text = lookup(key, lang)
    return text.format(**params) if params else text


def translations(key: str) -> tuple[str, ...]:
    """The text of `key` in every language, English first, each once."""
    return tuple(dict.fromkeys(lookup(key, lang) for lang in languages()))


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the environment's locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as
    POSIX reads them) when there is a catalogue for it; English otherwise.

    >>> default_language({"LANG": "fr_FR.UTF-8"}), default_language({"LANG": "C.UTF-8"})
    ('fr', 'en')
    """
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            lang = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return lang if lang in languages() else ENGLISH
    return ENGLISH


# -- input in any language -----------------------------------------------------------------------
def fold(text: str) -> str:
    """Without accents, typographic apostrophes as `'`: `Référence de l’enfant` →
    `Reference de l'enfant`."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(key: str) -> tuple[str, ...]:
    """The text of `key` in every language, each also without accents and with either kind of
    apostrophe: what a sheet name or a header may be written as (`read/tables.py`)."""
    texts = [*translations(key), *(fold(t) for t in translations(key))]
    curly = [t.replace("'", "\u2019") for t in texts]
    straight = [t.replace("\u2019", "'") for t in texts]
    return tuple(dict.fromkeys([*texts, *straight, *curly]))


def words(key: str) -> tuple[str, ...]:
    """The `|`-separated spellings of `key` (`input.<name>`) in every language, English first,
    each once: the words jjind reads in a cell or a header, whatever the workbook's language.

    >>> words("input.about_value")
    ('value', 'valor', 'valeur')
    """
    found = (w.strip() for lang in languages() for w in lookup(key, lang).split("|"))
    return tuple(dict.fromkeys(w for w in found if w))
