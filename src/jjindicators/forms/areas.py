"""`areas`: the geography as a tree of area codes (`forms.md`, "areas")."""

from __future__ import annotations

from jjindicators.forms.base import FormModel, FormSpec, info
from jjindicators.forms.types import Text


class Area(FormModel):
    """One area: the national root, a region, a district..."""

    area_code: Text = info("Area code", "A short unique code for the area.", aliases=("area",))
    name: Text | None = info("Area name", "The area's name.", aliases=("area name",), default=None)
    parent_code: Text | None = info(
        "Parent area code",
        "The area this one belongs to; blank for the one national root.",
        aliases=("parent", "parent area"),
        default=None,
    )


SPEC = FormSpec(
    name="areas",
    model=Area,
    kind="reference",
    title="Areas",
    description="The areas (regions, districts) and how they nest; one national root.",
    aliases=("geography", "regions"),
)
