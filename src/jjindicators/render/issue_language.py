"""Issues in another language: each issue's message and hint written again from its parameters.

(To be replaced by issues that carry their code and parameters and are put into words only when
read: issue #18.)
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from functools import cache

from jjindicators.catalogue import CATALOGUE, PHRASES
from jjindicators.forms import FORMS
from jjindicators.forms.labels import code_key, coded_fields, field_key
from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.i18n import ENGLISH, lookup, translate
from jjindicators.issues import Issue, ValidationReport

_PHRASE_PARAMS = frozenset(
    {"suggestion", "range", "detail", "effect", "rule", "condition", "allowed", "problem", "what",
     "how"}
)  # fmt: skip


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
