"""The fifteen indicators: one module each, with `META` and a pure `compute(data)`, in one dict."""

from __future__ import annotations

from types import ModuleType

from jjindicators.indicators import (
    i01_arrests,
    i02_detention,
    i03_pre_sentence,
    i04_pre_sentence_duration,
    i05_sentenced_duration,
    i06_deaths,
    i07_separation,
    i08_family_contact,
    i09_custodial,
    i10_diversion,
    i11_aftercare,
    i12_inspection,
    i13_complaints,
    i14_specialised,
    i15_prevention,
)

# The registry, in the Manual's order. A new indicator is one module and one line here.
INDICATORS: dict[str, ModuleType] = {
    module.META.number: module
    for module in (
        i01_arrests, i02_detention, i03_pre_sentence, i04_pre_sentence_duration,
        i05_sentenced_duration, i06_deaths, i07_separation, i08_family_contact, i09_custodial,
        i10_diversion, i11_aftercare, i12_inspection, i13_complaints, i14_specialised,
        i15_prevention,
    )
}  # fmt: skip

__all__ = ["INDICATORS"]
