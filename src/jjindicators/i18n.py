"""Languages: every text a person reads, under a stable key, in English and in `locales/*.toml`.

English is written once, in the code that uses it: the forms' field labels and notes (`info`), the
forms' titles and descriptions (`FormSpec`), the issue catalogue (`catalogue.py`), the indicators'
names (`IndicatorMeta.name`), and here the English labels of codes and of a few phrases that the
checks put into messages. `english()` collects them under stable keys (`docs/languages.md`):

    language.name                          the language's own name
    form.<form>.title|description          a form
    field.<field>.label|note               a field whose text is the same in every form with it,
    field.<form>.<field>.label|note        otherwise per form
    code.<field>.<code>                    a code of a coded field (`code.yesno.<code>` for every
                                           yes/no/unknown field)
    issue.<code>.title|message|hint        an issue of the catalogue
    indicator.<number>.name|definition     an indicator
    indicator.<number>.rule.<k>            its k-th rule (from 1)
    phrase.<name>                          a phrase of an issue's parameters
    template.<name>                        a text of the blank template (`template.TEXTS`)
    report.<name>                          a text of the reports and the console
                                           (`render/words.py`)

Each other language is one TOML file of the same keys, `locales/<language>.toml`: adding a
language is adding a file (issue #7), and `tests/test_i18n.py` names every key it lacks. A key a
file lacks is shown in English. Input in any language is read: `read/tables.py` takes the forms'
titles and the fields' labels in every language as sheet names and headers, and `coded` types
take the codes' labels (`code_for_label`).
"""

from __future__ import annotations

import os
import re
import string
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, get_args

from jjindicators.catalogue import CATALOGUE
from jjindicators.forms import FORMS
from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.forms.types import CodeList, YesNoUnknown, field_codes, normalise_token
from jjindicators.issues import Issue, ValidationReport

__all__ = [
    "ENGLISH", "code_for_label", "code_key", "default_language", "english", "field_key",
    "languages", "localise_issue", "localise_report", "lookup", "spellings", "text_pattern",
    "translate", "translations",
]  # fmt: skip

ENGLISH = "en"
LOCALES = Path(__file__).parent / "locales"
YES_NO = "yesno"  # the fields of the shared yes/no/unknown type share their codes' labels
_YES_NO_CODES: tuple[str, ...] = next(
    m.values for m in get_args(YesNoUnknown)[1:] if isinstance(m, CodeList)
)

# English labels of the codes that do not read well as written; any other code's label is the
# code with spaces for underscores (`diversion_programme` → `diversion programme`).
CODE_LABELS: dict[str, Mapping[str, str]] = {
    "sex": {"F": "female", "M": "male", "U": "not recorded", "all": "all"},
    "date_order": {"DMY": "day/month/year", "MDY": "month/day/year"},
    "legal_status": {"pre_sentence": "pre-sentence"},
    "arresting_body": {"intelligence": "intelligence services"},
    "decision": {"non_custodial_sentence": "non-custodial sentence"},
    "place_type": {"pre_trial_centre": "pre-trial centre", "police_lockup": "police lock-up"},
    "item": POLICY_ITEMS,
}

# Phrases that the checks write into an issue's parameters (`validate/`, `forms/types.py`), in
# English as they write them: a parameter that is exactly one of them is put into the issue's
# language too. Only these parameters can hold one (a cell's value never is translated).
PHRASES: dict[str, str] = {
    "did_you_mean": " (did you mean {choice}?)",
    "range_from_to": "a whole number from {low} to {high}",
    "range_at_least": "a whole number of {low} or more",
    "range_any": "a whole number",
    "date_time_of_day": " (a time of day, or a date before 1900)",
    "date_not_serial": " (a number that is not an Excel date)",
    "date_two_digit_year": " (a two-digit year cannot be read safely)",
    "date_implausible_year": " (the year {year} is not plausible)",
    "date_no_such_day": " (no such day in the calendar)",
    "effect_indicator": "indicator {numbers} cannot be computed",
    "effect_indicators": "indicators {numbers} cannot be computed",
    "effect_rates": "rates per child population (indicators {numbers}) cannot be computed",
    "rule_date_order": "{early} must be on or before {late}",
    "condition_release_date": "there is a release date",
    "condition_release_type": "there is a release type",
    "condition_released": "the child was released",
    "allowed_date": "a date",
    "allowed_yes_no_unknown": "yes, no or unknown",
    "problem_needs_sentence_date": "needs a sentence_date, which is empty",
    "problem_no_sentence": "means no sentence, but sentence_date is given",
    "what_episode": "The detention episode",
    "episode_dates": "{start} to {end}",
    "episode_open": "from {start}",
    "or": " or ",
    "how_name": "by its name",
    "how_headers": "by its header row: {count} of the form's fields",
}
_PHRASE_PARAMS = frozenset(
    {"suggestion", "range", "detail", "effect", "rule", "condition", "allowed", "problem", "what",
     "how"}
)  # fmt: skip


# -- the keys and their English ------------------------------------------------------------------
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


def _code_label(group: str, code: str) -> str:
    return CODE_LABELS.get(group, {}).get(code) or code.replace("_", " ")


@cache
def english() -> dict[str, str]:
    """Every key and its English text, from the code (in the order of the catalogue files)."""
    # The indicators and the template only here: they import the reader, which reads sheet
    # names and headers in every language through this module (`_english_core` is enough).
    from jjindicators.indicators import INDICATORS
    from jjindicators.render.words import TEXTS as REPORT
    from jjindicators.template import TEXTS as TEMPLATE

    found = dict(_english_core())
    for number, module in INDICATORS.items():
        found[f"indicator.{number}.name"] = module.META.name
        found[f"indicator.{number}.definition"] = module.META.definition
        for k, rule in enumerate(module.META.rules, start=1):
            found[f"indicator.{number}.rule.{k}"] = rule.text
    found.update({f"phrase.{name}": text for name, text in PHRASES.items()})
    found.update({f"template.{name}": text for name, text in TEMPLATE.items()})
    found.update({f"report.{name}": text for name, text in REPORT.items()})
    return found


@cache
def _english_core() -> dict[str, str]:
    """The keys and English of the forms, codes and issues (all but the indicators)."""
    found = {"language.name": "English"}
    for form, spec in FORMS.items():
        found[f"form.{form}.title"] = spec.title
        found[f"form.{form}.description"] = spec.description
    for (form, name, part), key in _field_keys().items():
        info = FORMS[form].fields[name]
        text = (info.title or name) if part == "label" else info.description
        if text:
            found.setdefault(key, text)
    for (form, name), codes in coded_fields().items():
        for code in codes:
            key = code_key(form, name, code)
            found.setdefault(key, _code_label(key.split(".")[1], code))
    for code, kind in CATALOGUE.items():
        found[f"issue.{code}.title"] = kind.title
        found[f"issue.{code}.message"] = kind.message
        found[f"issue.{code}.hint"] = kind.hint
    return found


# -- the catalogues ------------------------------------------------------------------------------
@cache
def languages() -> tuple[str, ...]:
    """The languages there is a catalogue for: English, then every `locales/<language>.toml`.

    >>> languages()
    ('en', 'es', 'fr')
    """
    found = sorted(p.stem for p in LOCALES.glob("*.toml") if p.stem != ENGLISH)
    return (ENGLISH, *found)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """One language's texts by key, as its file has them (English: `english()`)."""
    if lang == ENGLISH:
        return english()
    path = LOCALES / f"{lang}.toml"
    if lang not in languages():
        raise ValueError(f"No catalogue for the language {lang!r}: use one of {languages()}.")
    with path.open("rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}


def lookup(key: str, lang: str = ENGLISH) -> str:
    """The text of `key` in `lang`, or in English where the catalogue lacks it (KeyError for a
    key that is not in English either).

    >>> lookup("form.arrests.title", "fr")
    'Arrestations'
    """
    text = catalogue(lang).get(key) if lang != ENGLISH else None
    if text is None:
        text = _english_core().get(key)
    return text if text is not None else english()[key]


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
def _fold(text: str) -> str:
    """Without accents, typographic apostrophes as `'`: `Référence de l’enfant` →
    `Reference de l'enfant`."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(key: str) -> tuple[str, ...]:
    """The text of `key` in every language, each also without accents and with either kind of
    apostrophe: what a sheet name or a header may be written as (`read/tables.py`)."""
    texts = [*translations(key), *(_fold(t) for t in translations(key))]
    curly = [t.replace("'", "\u2019") for t in texts]
    straight = [t.replace("\u2019", "'") for t in texts]
    return tuple(dict.fromkeys([*texts, *straight, *curly]))


@cache
def _code_labels(allowed: tuple[str, ...]) -> dict[str, str]:
    """Folded label → code, from every language's labels of the fields coded with `allowed`.
    A label two codes share is left out: it cannot say which (tests/test_i18n.py checks that no
    catalogue has one)."""
    found: dict[str, set[str]] = {}
    for (form, name), codes in coded_fields().items():
        if codes != allowed:
            continue
        for code in codes:
            for text in translations(code_key(form, name, code)):
                found.setdefault(normalise_token(_fold(text)), set()).add(code)
    return {token: next(iter(codes)) for token, codes in found.items() if len(codes) == 1}


def code_for_label(allowed: tuple[str, ...], text: str) -> str | None:
    """The code of a `coded` type with codes `allowed` whose label, in any language, is `text`.

    >>> code_for_label(("F", "M", "U"), "Féminin"), code_for_label(("yes", "no", "unknown"), "sí")
    ('F', 'yes')
    """
    return _code_labels(allowed).get(normalise_token(_fold(text)))


# -- issues in another language ------------------------------------------------------------------
@cache
def text_pattern(template: str) -> re.Pattern[str]:
    """A pattern that takes a text made from `template` back apart: each `{placeholder}` a
    named group.

    >>> text_pattern("{start} to {end}").fullmatch("2025-01-01 to 2025-03-01")["end"]
    '2025-03-01'
    """
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


# Phrases that are parts of one issue's value or parameter, put into the language by that issue's
# own rule in `_localise_param`, never by the search through the phrase parameters (`x to y`
# could be any text).
_OWN_PHRASES = {"episode_dates", "episode_open", "or"}


@cache
def _phrase_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((f"phrase.{n}", text_pattern(t)) for n, t in PHRASES.items()
                 if n not in _OWN_PHRASES)  # fmt: skip


def _localise_param(name: str, text: str, issue: Issue, params: dict[str, str], lang: str) -> str:
    """A parameter in `lang`: a field's label, a form's title, a policy question, a source type's
    label, or a phrase."""
    if issue.code == "outside-period" and name == "value":  # an episode's dates
        for key in ("phrase.episode_dates", "phrase.episode_open"):
            if match := text_pattern(lookup(key)).fullmatch(text):
                return translate(key, lang, **match.groupdict())
    if issue.code == "wrong-source-type" and name in ("source_type", "expected"):
        types = coded_fields()["sources", "source_type"]
        labels = [lookup(code_key("sources", "source_type", t), lang) if t in types else t
                  for t in text.split(PHRASES["or"])]  # fmt: skip
        return lookup("phrase.or", lang).join(labels)
    if issue.code == "wrong-source-type" and name == "form" and text in FORMS:
        return lookup(f"form.{text}.title", lang)
    if name == "label" and issue.form in FORMS and issue.field in FORMS[issue.form].fields:
        return lookup(field_key(issue.form, issue.field), lang)
    if name == "title" and params.get("form") in FORMS:
        return lookup(f"form.{params['form']}.title", lang)
    if name == "title" and params.get("item") in POLICY_ITEMS:
        return lookup(f"code.item.{params['item']}", lang)
    if name in _PHRASE_PARAMS and text:
        for key, pattern in _phrase_patterns():
            if match := pattern.fullmatch(text):
                return translate(key, lang, **match.groupdict())
    return text


def localise_issue(issue: Issue, lang: str) -> Issue:
    """The issue with its message and hint in `lang`, written again from its parameters. Its code,
    place and value are unchanged. An issue that was changed after it was made (a withheld child
    reference, `protect.py`) or made without parameters keeps its English: writing it again from
    the parameters would undo the change.

    >>> from jjindicators.issues import make_issue
    >>> localise_issue(make_issue("bad-number", value="x", field="age"), "fr").message
    "'x' dans age n'est pas un nombre entier."
    """
    kind = CATALOGUE.get(issue.code)
    if lang == ENGLISH or kind is None or (not issue.params and "{" in kind.message + kind.hint):
        return issue
    params = dict(issue.params)
    try:
        if (kind.message.format(**params), kind.hint.format(**params)) != (
            issue.message,
            issue.hint,
        ):
            return issue
        local = {k: _localise_param(k, v, issue, params, lang) for k, v in params.items()}
        message = translate(f"issue.{issue.code}.message", lang, **local)
        hint = translate(f"issue.{issue.code}.hint", lang, **local)
    except (KeyError, IndexError, ValueError):
        return issue  # a catalogue whose placeholders do not match: the English stays
    return replace(issue, message=message, hint=hint)


def localise_report(report: ValidationReport, lang: str) -> ValidationReport:
    """The report with every issue's message and hint in `lang` (`localise_issue`)."""
    if lang == ENGLISH:
        return report
    return replace(report, issues=tuple(localise_issue(i, lang) for i in report.issues))
