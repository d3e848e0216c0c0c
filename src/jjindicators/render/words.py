"""The words of the reports and the console, in English, and the same in another language.

`TEXTS` holds every text the Excel report and the terminal views write around the numbers;
`i18n` files each under `report.<name>`, and `locales/<language>.toml` translates it
(`docs/languages.md`). `Words(lang)` gives them in one language, and puts the codes a result
carries — a cell's part, flags and note (`indicators/codes.py`), units, dimensions — into words;
`localise_result` puts a result's indicator names, definitions and rules
(`indicator.<number>.*`) and its issues into that language before it is written.

What is a value for machines stays as it is in every language: codes, field names, the columns
of the flat tables (trace, coverage, issues) and of the CSV report, and the data themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from jjindicators.forms.labels import code_key, coded_fields, sheet_label
from jjindicators.i18n import ENGLISH, catalogue, lookup, translate
from jjindicators.indicators.codes import (
    DURATIONS,
    NOT_COMPUTABLE,
    SAYS_NOT_COMPUTABLE,
    Band,
    Flag,
    Note,
    Param,
    Part,
    Reference,
    Unit,
    summary_unit,
)
from jjindicators.indicators.policy import NOT_ANSWERED, POLICY_ITEMS
from jjindicators.issue_params import number_text

if TYPE_CHECKING:
    from jjindicators.compute import ComputeResult
    from jjindicators.indicators.base import IndicatorMeta


# The texts of the reports and the console are the catalogues' `report.<name>` keys
# (`locales/en.toml`).
TEXTS = {k.removeprefix("report."): v for k, v in catalogue(ENGLISH).items()
         if k.startswith("report.")}  # fmt: skip
# The units of the results (`codes.Unit`) and the summary's units of duration headlines
# (`days (median)`, `codes.summary_unit`), each with its text's name: a lookup, never a parse.
UNITS = {unit: f"unit_{unit.name.lower()}" for unit in Unit} | {
    summary_unit(Unit.DAYS, stat): f"unit_days_{stat}" for stat in ("median", "mean")
}


class Words:
    """The report's and the console's texts in one language (`TEXTS`, English where missing);
    the codes of the results (`indicators/codes.py`) put into words."""

    def __init__(self, lang: str = ENGLISH) -> None:
        self.lang = lang

    def __call__(self, text: str, /, **params: Any) -> str:
        """The text `report.<text>` in the language, its `{placeholders}` filled."""
        return translate(f"report.{text}", self.lang, **params)

    def unit(self, unit: str) -> str:
        """A unit of the results (`codes.Unit`, or a summary's `days (median)`) in the language."""
        name = UNITS.get(unit)
        return self(name) if name is not None else unit

    def dimension(self, dimension: str) -> str:
        """A breakdown's dimension (`age_group`) in the language."""
        if f"dim_{dimension}" in TEXTS:
            return self(f"dim_{dimension}")
        return dimension.replace("_", " ")

    def category(self, category: str, dimension: str = "") -> str:
        """A breakdown's category: `all` in the language, `unknown` as "not stated" (issue
        #16); a code of a coded field (`dimension`: `place_type`, `sex`...) as its label in the
        language (`adult_prison` → `adult prison`), a checklist item as its question (issue
        #20); any other (an area, a source, an age group) as it is.

        >>> Words().category("adult_prison", "place_type"), Words("fr").category("F", "sex")
        ('adult prison', 'féminin')
        """
        if category == "unknown":
            return self("category_not_stated")
        if category == "all":
            return self("category_all")
        key = _code_keys().get((dimension, category))
        if key is None:
            return category
        try:
            return lookup(key, self.lang)
        except KeyError:
            return category

    def form(self, form: str) -> str:
        """A form: its code in English (as the docs name it), its title in another language."""
        return sheet_label(form, self.lang)

    def stat(self, stat: str) -> str:
        """A duration's statistic: `median`, `p25`."""
        return self(f"stat_{stat}")

    def band(self, band: Band) -> str:
        """A duration band's label: `0–7 days`, `over 365 days` (the open band after 365)."""
        low, high = band
        if high is None:
            return self("band_over", low=low - 1) if low else self("category_all")
        return self("band_range", low=low, high=high)

    def answer(self, value: str) -> str:
        """A policy answer (`yes`, `partial`...) as its label; `not answered`."""
        if value == NOT_ANSWERED:
            return self("answer_not_answered")
        try:
            return lookup(f"code.answer.{value}", self.lang)
        except KeyError:
            return value

    def part(self, part: Part) -> str:
        """A part in the language: a part of its own, or a duration's statistic or band after
        its family (`held so far on the census date: median`)."""
        if not part.is_duration:
            return self(f"part_{part.code}") if f"part_{part.code}" in TEXTS else part.code
        what = self.band(part.band) if part.band is not None else self.stat(part.statistic or "")
        return self.family(part) + what

    def family(self, part: Part) -> str:
        """The words before a duration family's statistics and bands: none for the indicator's
        own durations, `held so far on the census date: ` for another."""
        return "" if part.code == DURATIONS else self(f"part_{part.code}")

    def flag(self, flag: Flag) -> str:
        """A flag in the language, its parameters too."""
        if flag.code == "excluded":
            count = flag["count"]
            return self(f"flag_excluded_{'one' if count == 1 else 'many'}", count=count)
        if flag.code == NOT_COMPUTABLE and isinstance(reason := flag["reason"], Note) and (
                reason.code in SAYS_NOT_COMPUTABLE):  # fmt: skip
            return self.note(reason)  # `not computable from duration bands (mean)`
        return self(f"flag_{flag.code}", **self._params(flag))

    def flags(self, flags: Iterable[Flag]) -> str:
        """Flags joined with `; `."""
        return "; ".join(self.flag(f) for f in flags)

    def note(self, note: Note | None) -> str:
        """A cell's note in the language: a note of jjind's, a policy answer's evidence as the
        source wrote it, a checklist item's question."""
        if note is None:
            return ""
        if note.code == "evidence":
            return str(note["text"])
        if note.code == "checklist_item":
            return lookup(f"code.item.{note['item']}", self.lang)
        if note.code == NOT_COMPUTABLE:
            return self("flag_not_computable", reason=self.note(note.reason))
        if note.code == "no_sheet":
            forms = note["forms"]
            assert isinstance(forms, tuple)
            return ", ".join(self("note_no_sheet", form=self.form(f)) for f in forms)
        if note.code == "no_column":  # where: `file`, and `sheet` for a workbook's
            params = dict(note.params)
            where = self.where(params.pop("file"), params.pop("sheet", None))
            shown = {name: self._param(name, value) for name, value in params.items()}
            return self("note_no_column", **shown, where=where)
        if note.code == "open_band":
            return self("note_open_band", band=self.band((int(note["low"]), None)))  # type: ignore[arg-type]
        return self(f"note_{note.code}", **self._params(note))

    def _params(self, coded: Flag | Note) -> dict[str, str]:
        return {name: self._param(name, value) for name, value in coded.params}

    def _param(self, name: str, value: Param) -> str:
        """A parameter in the language where it is a code: a dimension, a statistic, a form, a
        counting unit, a reason (a note); a number without separators; any other as it is."""
        if isinstance(value, Note):
            return self.note(value)
        if isinstance(value, float | int):
            return str(int(value)) if float(value).is_integer() else f"{value:g}"
        if isinstance(value, tuple):
            return ", ".join(value)
        if name == "dimension":
            return self.dimension(value)
        if name == "stat":
            return self.stat(value)
        if name == "form":
            return self.form(value)
        if name in ("unit", "unit_before", "unit_after"):  # a series' break (`series.py`)
            return self(f"counting_{value}")
        return value

    def where(self, file: Param, sheet: Param | None = None) -> str:
        """Where a table is, as a person names it: `arrests.csv`, `data.xlsx, sheet register`."""
        return str(file) if sheet is None else self("where_sheet", file=file, sheet=sheet)

    def count(self, n: int, what: str, family: str = "console") -> str:
        """`1 error`, `3 errors`: `<family>_<what>_one` for 1, `_many` for any other number."""
        return self(f"{family}_{what}_{'one' if n == 1 else 'many'}", n=self.number(n))

    def reference(self, reference: Reference) -> str:
        """What an indicator refers to — `2025-01-01 to 2025-12-31`, `census date 2025-12-31`,
        `as reported` (`codes.Reference`) — in the language."""
        start, end = reference.start, reference.end
        if start is None or end is None:
            return self("reference_as_reported")
        if reference.kind == "census":
            return self("reference_census", date=end.isoformat())
        return self("span", start=start.isoformat(), end=end.isoformat())

    def number(self, value: float, decimals: int | None = None) -> str:
        """`value` written with the language's separators (`12,345.6`, `12 345,6`): with
        `decimals` places, or, when None, as a count (no decimals when whole, else one)."""
        return number_text(value, self.lang, decimals)


@cache
def _code_keys() -> dict[tuple[str, str], str]:
    """(field, code) → the catalogue key of its label, for every coded field of every form, and
    (`checklist`, item) → its question: a breakdown's dimension is the field it is taken from."""
    keys = {(field, code): code_key(form, field, code)
            for (form, field), codes in coded_fields().items() for code in codes}  # fmt: skip
    return keys | {("checklist", item): f"code.item.{item}" for item in POLICY_ITEMS}


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
