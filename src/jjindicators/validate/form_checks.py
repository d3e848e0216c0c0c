"""The checks one form has and others don't, by name: a form's spec lists its own
(`FormSpec.checks`), and validation runs them after the checks every record form has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from jjindicators.forms.about import About
from jjindicators.issues import Issue
from jjindicators.validate import crossform, records
from jjindicators.validate.records import FormFrame
from jjindicators.validate.reference import Record


@dataclass(frozen=True)
class FormContext:
    """What a form's checks may need besides its rows: the about values (None when they could
    not be read), today's date, and the sources (None when the submission sent none)."""

    about: About | None
    today: dt.date
    sources: dict[str, Record] | None


def _census_children(ff: FormFrame, context: FormContext) -> list[Issue]:
    national = context.about is not None and context.about.child_ref_scope == "national"
    return crossform.check_census_children(ff, national)


def _transfer_sources(ff: FormFrame, context: FormContext) -> list[Issue]:
    if context.sources is None:
        return []
    return crossform.check_transfer_sources(ff, context.sources)


FormCheck = Callable[[FormFrame, FormContext], list[Issue]]

# Each check a form's spec may name (`FormSpec.checks`).
FORM_CHECKS: dict[str, FormCheck] = {
    "census": lambda ff, context: records.check_census(ff, context.about),
    "census_children": _census_children,
    "register": lambda ff, context: records.check_register(ff),
    "transfer_sources": _transfer_sources,
}


def run_form_checks(ff: FormFrame, names: tuple[str, ...], context: FormContext) -> list[Issue]:
    """The issues of the checks `names` (a form's `FormSpec.checks`) on its rows."""
    return [issue for name in names for issue in FORM_CHECKS[name](ff, context)]
