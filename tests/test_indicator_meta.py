"""Every indicator module has the same interface and complete metadata."""

from __future__ import annotations

from dataclasses import fields

import openpyxl
import pytest

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators.compute import compute
from jjindicators.forms import FORMS
from jjindicators.i18n import lookup
from jjindicators.indicators import INDICATORS
from jjindicators.indicators.base import MANUAL_CORE, MANUAL_PERIOD, ORIGINS, Rule
from jjindicators.indicators.docs import indicator_page
from jjindicators.options import ComputeOptions
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

# What is the Manual's (`shared/spec/README.md`, "How sure each statement is"): the titles and
# definitions of the indicators, the core flags of 2, 3, 9 and 10, the split into 11
# quantitative and 4 policy indicators, and the indicators that need a completed 12-month
# period. Everything else is a jjind rule.
README_CORE = {"2", "3", "9", "10"}
README_PERIOD = {"1", "4", "5", "6", "9", "10", "11"}


def test_the_registry_holds_the_fifteen_indicators_in_order():
    assert list(INDICATORS) == [str(n) for n in range(1, 16)]
    assert {n for n, m in INDICATORS.items() if m.META.core} == {"2", "3", "9", "10"}
    assert [n for n, m in INDICATORS.items() if m.META.kind != "policy"] == [
        str(n) for n in range(1, 12)
    ]


def test_metadata_is_complete_and_names_real_forms_and_options():
    options = {f.name for f in fields(ComputeOptions)}
    for number, module in INDICATORS.items():
        meta = module.META
        assert meta.number == number and meta.name and meta.definition and meta.formula
        assert meta.rules, number
        assert set(meta.forms) <= set(FORMS), number
        assert set(meta.options) <= options, number
        assert callable(module.compute)


def test_the_manuals_flags_are_those_the_spec_readme_lists():
    assert {n for n, m in INDICATORS.items() if m.META.core} == README_CORE
    assert {n for n, m in INDICATORS.items() if m.META.period} == README_PERIOD
    assert sum(m.META.kind != "policy" for m in INDICATORS.values()) == 11


def test_every_rule_has_an_origin_and_only_the_manuals_statements_are_the_manuals():
    """Each rule is a `Rule` marked `manual` or `jjind`. The Manual's are only what the spec
    README lists (core flag, 12-month period; the definition is shown as the Manual's apart):
    every rule an indicator states itself is jjind's, so a rule can't pass for the Manual's."""
    for number, module in INDICATORS.items():
        meta = module.META
        in_force = meta.rules_in_force()
        assert all(isinstance(r, Rule) and r.origin in ORIGINS for r in in_force), number
        assert all(r.origin == "jjind" for r in meta.rules), number
        manual = [r.text for r in in_force if r.origin == "manual"]
        assert manual == [MANUAL_CORE] * (number in README_CORE) + [MANUAL_PERIOD] * (
            number in README_PERIOD
        ), number
        # the origin is data, never words in the text
        assert not any("jjind rule" in r.text or "(Manual)" in r.text for r in in_force), number


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("2", "detention_basis = criminal"),  # only children held under criminal law
        ("4", "median"),  # the headline (the Manual's draft speaks of the average)
        ("5", "median"),
        ("6", "census fallback"),
        ("7", "holds_adults = no"),  # a place without adults separates by definition
        ("8", "phone calls and letters"),
        ("11", "left out of the denominator"),  # aftercare unknown
        ("12", "one year before the census date"),  # 12(b)'s 12-month window
        ("12", "disagree"),
        ("13", "unknown or blank counts as not operating"),  # 13(b)
        ("14", "checklist"),
        ("15", "checklist"),
    ],
)
def test_the_rules_issue_16_names_are_jjind_rules(number, words):
    [rule] = [r for r in INDICATORS[number].META.rules if words in r.text]
    assert rule.origin == "jjind"


def test_the_docs_pages_mark_each_rules_origin():
    for number, module in INDICATORS.items():
        page = indicator_page(module.META)
        rules = page.split("## Rules", 1)[1].split("## Options", 1)[0]
        listed = [line for line in rules.splitlines() if line.startswith("- ")]
        marks = {"manual": "- **Manual:** ", "jjind": "- **jjind rule:** "}
        expected = [marks[r.origin] + r.text for r in module.META.rules_in_force()]
        assert listed == expected, number
        assert f"**Definition (Manual):** {module.META.definition}" in page


@pytest.fixture(scope="module")
def worked():
    return compute([WORKED_EXAMPLE], validate_options=ValidateOptions(today=TODAY))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_about_sheet_shows_each_rules_source(worked, tmp_path, lang):
    words = Words(lang)
    book = openpyxl.load_workbook(write_report_xlsx(worked, tmp_path / "r.xlsx", lang))
    rows = list(book[words("sheet_about")].iter_rows(values_only=True))
    top = rows.index((words("col_indicator"), words("about_rule"), words("about_origin")))
    rules = rows[top + 1 : rows.index((None, None, None), top)]
    manual, jjind = words("origin_manual"), words("origin_jjind")
    assert {source for _, _, source in rules} == {manual, jjind}
    by_text = {text: source for _, text, source in rules}
    for number, module in INDICATORS.items():
        definition = lookup(f"indicator.{number}.definition", lang)
        assert by_text[words("definition", text=definition)] == manual
        for k in range(1, len(module.META.rules) + 1):
            assert by_text[lookup(f"indicator.{number}.rule.{k}", lang)] == jjind, (number, k)
    assert by_text[words("rule_core")] == by_text[words("rule_period")] == manual
    two = [(text, source) for name, text, source in rules if name.startswith("2 · ")]
    assert two[1] == (words("rule_core"), manual)  # 2: core, not over a period
