"""`about`: the submission's cover sheet, read as `key` / `value` rows (`forms.md`, "about")."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormModel, FormSpec, info
from jjindicators.forms.types import Date, Text, coded

Scope = Annotated[str, coded(Literal["source", "national"])]
DateOrder = Annotated[
    str,
    coded(
        Literal["DMY", "MDY"],
        {"dd/mm/yyyy": "DMY", "day first": "DMY", "mm/dd/yyyy": "MDY", "month first": "MDY"},
    ),
]


class About(FormModel):
    """The submission: which country and which 12-month reporting period it covers."""

    country: Text = info("Country", "The country the submission covers.")
    period_start: Date = info(
        "Period start", "First day of the 12-month reporting period (inclusive)."
    )
    period_end: Date = info("Period end", "Last day of the reporting period (inclusive).")
    census_date: Date | None = info(
        "Census date",
        "The day places of detention count the children they hold; blank means the period end.",
        default=None,
    )
    child_ref_scope: Scope = info(
        "Child reference scope",
        "source: the same child reference means the same child only within one source; "
        "national: across all sources.",
        default="source",
    )
    date_order: DateOrder | None = info(
        "Date order",
        "DMY or MDY: how to read text dates such as 03/04/2025. Blank if all dates are real "
        "Excel dates or ISO text (2025-04-03).",
        default=None,
    )
    prepared_by: Text | None = info(
        "Prepared by",
        "The role or office that prepared the submission (not a person's name).",
        default=None,
    )
    template_version: Text | None = info(
        "Template version",
        "The jjind template version this workbook was made from. Leave as is.",
        default=None,
    )


SPEC = FormSpec(
    name="about",
    model=About,
    kind="keyvalue",
    title="About the submission",
    description="Country, reporting period, census date and how to read the workbook.",
    required=True,
    aliases=("cover", "submission"),
)
