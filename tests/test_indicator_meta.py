"""Every indicator module has the same interface and complete metadata."""

from __future__ import annotations

from dataclasses import fields

from jjindicators.forms import FORMS
from jjindicators.indicators import INDICATORS
from jjindicators.options import ComputeOptions


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
