"""The words of the reports and the console, in English, and the same in another language.

`TEXTS` holds every text the Excel report and the terminal views write around the numbers;
`i18n` files each under `report.<name>`, and `locales/<language>.toml` translates it
(`docs/languages.md`). `Words(lang)` gives them in one language, with the indicators' names,
definitions and rules (`indicator.<number>.*`), and `localise_result` puts a result's indicator
texts and issues into that language before it is written.

What is a value for machines stays as it is in every language: codes, field names, the columns
of the flat tables (trace, coverage, issues) and of the CSV report, and the data themselves.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.i18n import ENGLISH, catalogue, lookup, translate

if TYPE_CHECKING:
    from jjindicators.compute import ComputeResult
    from jjindicators.indicators.base import IndicatorMeta


@cache
def text_pattern(template: str) -> re.Pattern[str]:
    """A pattern that takes a text made from `template` back apart: each `{placeholder}` a
    named group (until cells carry codes: issue #18)."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


# The texts of the reports and the console are the catalogues' `report.<name>` keys
# (`locales/en.toml`).
TEXTS = {k.removeprefix("report."): v for k, v in catalogue(ENGLISH).items()
         if k.startswith("report.")}  # fmt: skip

# Which of the texts above translate a value of the results (a unit, a dimension...): the
# English text → its name, by family. `VALUE_PATTERNS` are those with a `{placeholder}`, as
# patterns that take the English back apart.
_FAMILIES = ("unit", "dim", "stat", "part", "flag", "counting", "band", "answer", "note",
             "reference", "category")  # fmt: skip
VALUE_TEXTS = {
    family: {text: name for name, text in TEXTS.items()
             if name.startswith(family + "_") and "{" not in text}
    for family in _FAMILIES
}  # fmt: skip


VALUE_PATTERNS = {
    family: [(name, text_pattern(text)) for name, text in TEXTS.items()
             if name.startswith(family + "_") and "{" in text]
    for family in _FAMILIES
}  # fmt: skip
_POLICY_LABELS = {text: item for item, text in POLICY_ITEMS.items()}


class Words:
    """The report's and the console's texts in one language (`TEXTS`, English where missing)."""

    def __init__(self, lang: str = ENGLISH) -> None:
        self.lang = lang

    def __call__(self, text: str, /, **params: Any) -> str:
        """The text `report.<text>` in the language, its `{placeholders}` filled."""
        return translate(f"report.{text}", self.lang, **params)

    def _value(self, family: str, text: str) -> str:
        """A value of the results (a unit, a flag, a note...) in the language: a text of the
        family as it is, or one of its patterns with the parts put into the language too; any
        other text (data, a reason not in `TEXTS`) as it is."""
        name = VALUE_TEXTS[family].get(text)
        if name is not None:
            return self(name)
        for name, pattern in VALUE_PATTERNS[family]:
            if match := pattern.fullmatch(text):
                return self(name, **{k: self._part_of(k, v) for k, v in match.groupdict().items()})
        return text

    def _part_of(self, name: str, value: str) -> str:
        """A placeholder's value in the language, where it is a value of a family itself."""
        if name == "dimension":
            return self.dimension(value)
        if name == "band":
            return self.band(value)
        if name == "stat":
            return self.stat(value)
        if name == "reason":
            return self.note(value)
        if name == "unit":
            return self._value("counting", value)
        if name == "form":
            return self.form(value)
        return value

    def unit(self, unit: str) -> str:
        return self._value("unit", unit)

    def dimension(self, dimension: str) -> str:
        return self._value("dim", dimension.replace("_", " "))

    def category(self, category: str) -> str:
        """A breakdown's category: `all` in the language, `unknown` as "not stated" (issue
        #16); a code or a name as it is."""
        if category == "unknown":
            return self("category_not_stated")
        return self._value("category", category)

    def form(self, form: str) -> str:
        """A form: its code in English (as the docs name it), its title in another language."""
        return form if self.lang == ENGLISH else lookup(f"form.{form}.title", self.lang)

    def stat(self, stat: str) -> str:
        return self._value("stat", stat)

    def band(self, band: str) -> str:
        """A duration band's label: `0–7 days`, `over 365 days`."""
        return self._value("band", band)

    def answer(self, value: str) -> str:
        """A policy answer (`yes`, `partial`...) as its label; `not answered`."""
        if value in VALUE_TEXTS["answer"]:
            return self._value("answer", value)
        try:
            return lookup(f"code.answer.{value}", self.lang)
        except KeyError:
            return value

    def note(self, note: str) -> str:
        """A cell's note: a note jjind writes, or a policy item's question, in the language."""
        item = _POLICY_LABELS.get(note)
        if item is not None:
            return lookup(f"code.item.{item}", self.lang)
        if note in VALUE_TEXTS["note"] or any(p.fullmatch(note) for _, p in VALUE_PATTERNS["note"]):
            return self._value("note", note)
        return self._value("flag", note)  # `not computable: why`, as the flag says it

    def part(self, part: str) -> str:
        """A part in the language: a known part, or a known prefix and its statistic or band."""
        if part in VALUE_TEXTS["part"]:
            return self._value("part", part)
        if part in VALUE_TEXTS["stat"]:  # a duration's headline: `median`
            return self.stat(part)
        for text, name in VALUE_TEXTS["part"].items():
            if text.endswith(" ") and part.startswith(text):
                rest = part[len(text) :]
                return self(name) + (self.band(rest[5:]) if rest.startswith("band:")
                                     else self.stat(rest))  # fmt: skip
        return part

    def flag(self, flag: str) -> str:
        """A flag in the language: a known one, `not computable: ...`, `counting unit: ...`."""
        if flag in VALUE_TEXTS["note"] or any(p.fullmatch(flag) for _, p in VALUE_PATTERNS["note"]):
            return self.note(flag)  # `not computable from duration bands (mean)`
        return self._value("flag", flag)

    def flags(self, flags: str | tuple[str, ...] | list[str]) -> str:
        """Flags joined with `; ` (a `; `-joined text is split first)."""
        items = flags.split("; ") if isinstance(flags, str) else list(flags)
        return "; ".join(self.flag(f) for f in items if f)

    def count(self, n: int, what: str, family: str = "console") -> str:
        """`1 error`, `3 errors`: `<family>_<what>_one` for 1, `_many` for any other number."""
        return self(f"{family}_{what}_{'one' if n == 1 else 'many'}", n=self.number(f"{n:,}"))

    def span(self, text: str) -> str:
        """An indicator's reference — `2025-01-01 to 2025-12-31`, `census date 2025-12-31`,
        `as reported` — in the language; any other text as it is."""
        start, sep, end = text.partition(" to ")
        if sep:
            return self("span", start=start, end=end)
        return self._value("reference", text)

    def number(self, text: str) -> str:
        """A number written in English (`12,345.6`) with the language's separators."""
        marks = {",": self("number_thousands"), ".": self("number_decimal")}
        return "".join(marks.get(c, c) for c in text)


def indicator_texts(meta: IndicatorMeta, lang: str) -> IndicatorMeta:
    """The indicator's name, definition and rules in `lang` (`indicator.<number>.*`)."""
    if lang == ENGLISH:
        return meta
    key = f"indicator.{meta.number}"
    return replace(
        meta,
        name=lookup(f"{key}.name", lang),
        definition=lookup(f"{key}.definition", lang),
        rules=tuple(
            replace(rule, text=lookup(f"{key}.rule.{k}", lang))
            for k, rule in enumerate(meta.rules, start=1)
        ),
    )


def localise_result(result: ComputeResult, lang: str) -> ComputeResult:
    """The result with its indicators' names, definitions and rules in `lang` (its issues'
    messages and hints are written in `result.lang` when read); every number, code and column
    as it was. A result already in `lang` comes back as it is (the command line localises once,
    then writes and shows it)."""
    if lang == result.lang:
        return result
    if result.lang != ENGLISH:
        raise ValueError(f"A result is put into another language from English, not {result.lang}.")
    results = tuple(replace(r, meta=indicator_texts(r.meta, lang)) for r in result.results)
    return replace(result, results=results, lang=lang)  # the issues are read in `lang` too
