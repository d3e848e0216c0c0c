"""The forms of the Manual's data collection: one pydantic model each, in one registry."""

from __future__ import annotations

from jjindicators.forms import (
    about,
    areas,
    arrests,
    deaths,
    decisions,
    detention_census,
    detention_register,
    policy,
    population,
    sources,
)
from jjindicators.forms.base import FormModel, FormSpec, RecordBase
from jjindicators.forms.counts import count_spec

# The registry: one line per form, in the order of the template's sheets.
FORMS: dict[str, FormSpec] = {
    spec.name: spec
    for spec in (
        about.SPEC,
        areas.SPEC,
        sources.SPEC,
        population.SPEC,
        arrests.SPEC,
        detention_census.SPEC,
        detention_register.SPEC,
        deaths.SPEC,
        decisions.SPEC,
        policy.SPEC,
    )
}

# The forms themselves, without the count variants: the template's sheets by default.
MAIN_FORMS: tuple[str, ...] = tuple(FORMS)

# The count (tally) variant of each record form (`forms/counts.py`), after the forms themselves:
# `jjind template --counts` adds their sheets.
FORMS.update(
    {c.name: c for c in (count_spec(s) for s in list(FORMS.values()) if s.kind == "record")}
)

__all__ = ["FORMS", "MAIN_FORMS", "FormModel", "FormSpec", "RecordBase"]
