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

__all__ = ["FORMS", "FormModel", "FormSpec", "RecordBase"]
