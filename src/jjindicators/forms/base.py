"""What every form shares: the field helper, the form description and the record conventions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from jjindicators.forms.types import Age, Date, Sex, Text, YesNoUnknown

FormKind = Literal["keyvalue", "reference", "record", "counts", "policy"]


def info(label: str, note: str, *, aliases: tuple[str, ...] = (), default: Any = ...) -> Any:
    """A form field with its human label (the template's header), a note and accepted aliases."""
    extra: dict[str, JsonValue] | None = {"aliases": list(aliases)} if aliases else None
    return Field(default, title=label, description=note, json_schema_extra=extra)


class FormModel(BaseModel):
    """Base of every form model: unknown columns are dropped (the reader reports them)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


class RecordBase(FormModel):
    """Fields every record form carries (`forms.md`, "Conventions for every record form")."""

    source_id: Text = info(
        "Source ID",
        "The information source that recorded this row; must be listed in the sources sheet.",
        aliases=("source", "source code"),
    )
    child_ref: Text | None = info(
        "Child reference",
        "A pseudonymous reference for the child, stable within the source. Never a name.",
        aliases=("child id", "ref", "child reference number"),
        default=None,
    )
    sex: Sex = info(
        "Sex",
        "F (female/girl), M (male/boy) or U (not recorded).",
        aliases=("gender",),
    )
    date_of_birth: Date | None = info(
        "Date of birth",
        "Optional. Give either the date of birth or the age.",
        aliases=("dob", "birth date"),
        default=None,
    )
    age: Age | None = info(
        "Age",
        "Completed years on the form's reference date (0-25); used when there is no date of birth.",
        aliases=("age in years", "age years"),
        default=None,
    )
    age_estimated: YesNoUnknown | None = info(
        "Age estimated",
        "yes if the age or date of birth is an estimate.",
        aliases=("estimated age",),
        default=None,
    )


@dataclass(frozen=True)
class FormSpec:
    """One form of the Manual's data collection, as jjind reads it.

    `reference_date` names the field whose date a child's age is taken on (or `census_date` from
    `about`); `event_date` the field that must fall in the reporting period. Both are jjind rules
    written down in `docs/rules.md`.
    """

    name: str
    model: type[FormModel]
    kind: FormKind
    title: str
    description: str
    indicators: tuple[str, ...] = ()
    required: bool = False
    source_types: tuple[str, ...] = ()
    reference_date: str | None = None
    event_date: str | None = None
    aliases: tuple[str, ...] = field(default=())
    # Columns the template adds for the reader's eyes only, by their catalogue key: a header
    # with that text in any language is left out without a warning (issue #20).
    template_columns: tuple[str, ...] = ()
    # Fields the template fills in: a row holding nothing else is blank (a question not
    # answered), not a row with its answer missing.
    prefilled: tuple[str, ...] = ()
    # Record forms: the category columns their count variant keeps (`forms/counts.py`), and a
    # model of columns only the count variant has (the register's `counted`, `duration_band`).
    count_fields: tuple[str, ...] = ()
    count_extra: type[FormModel] | None = None
    # The count variant's columns that say what is counted (`decision`, the register's
    # `counted`): they cannot be `unknown`, while every other breakdown column can (issue #16).
    count_what: tuple[str, ...] = ()
    # Columns a sheet must have although their cells may be blank (`count`: blank = not available).
    columns_required: tuple[str, ...] = ()
    # The checks of this form's own (`validate/form_checks.py`, `FORM_CHECKS`), by name, run
    # after the checks every record form has.
    checks: tuple[str, ...] = ()

    @property
    def fields(self) -> dict[str, Any]:
        """The model's fields, in template order."""
        return dict(self.model.model_fields)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Fields that must have a column (and a value on every row)."""
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Fields that must have a column: the required ones and `columns_required`."""
        return (*self.required_fields, *self.columns_required)
