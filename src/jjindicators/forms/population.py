"""`population`: the child population by area, sex and age, the denominators of rates."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from jjindicators.forms.base import FormModel, FormSpec, info
from jjindicators.forms.types import Count, Text, Year, coded, read_whole_number

PopulationSex = Annotated[
    str,
    coded(
        Literal["F", "M", "all"],
        {"female": "F", "girl": "F", "male": "M", "boy": "M", "total": "all", "both": "all"},
    ),
]
ChildAge = Annotated[int, Field(ge=0, le=17), BeforeValidator(read_whole_number)]


class Population(FormModel):
    """One population count: an area, a sex (or all) and a range of ages."""

    area_code: Text = info("Area code", "The area counted.", aliases=("area",))
    sex: PopulationSex = info("Sex", "F, M or all.")
    age_from: ChildAge = info("Age from", "Youngest age counted (0-17, inclusive).")
    age_to: ChildAge = info("Age to", "Oldest age counted (0-17, inclusive).")
    population: Count = info(
        "Population", "Number of children (a whole number, 0 or more, at most 1,000,000,000)."
    )
    year: Year | None = info("Year", "The year the figure refers to.", default=None)
    source_note: Text | None = info(
        "Source note", "Where the figure comes from (census, estimate...).", default=None
    )


SPEC = FormSpec(
    name="population",
    model=Population,
    kind="reference",
    title="Child population",
    description="Children aged 0-17 by area, sex and age: the denominators of rates.",
    indicators=("1", "2", "3"),
    aliases=("child population",),
)
