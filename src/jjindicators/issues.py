"""Issues and the validation report: plain frozen data that every renderer reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from jjindicators.catalogue import CATALOGUE, SEVERITIES, Severity

# The flat issue table's columns, in order (documented in docs/issue-codes.md).
ISSUE_COLUMNS = (
    "severity", "code", "file", "sheet", "row", "column", "cell", "child_ref", "value",
    "message", "hint", "form", "field",
)  # fmt: skip


@dataclass(frozen=True)
class Where:
    """Where an issue is: file, sheet, Excel row, the column as headed, its cell and the record."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    form: str | None = None
    field: str | None = None
    child_ref: str | None = None


@dataclass(frozen=True)
class Issue:
    """One problem found in a submission, with where it is and how to fix it."""

    code: str
    severity: Severity
    message: str
    hint: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    child_ref: str | None = None
    value: str | None = None
    form: str | None = None
    field: str | None = None
    # The catalogue parameters the message and hint were filled from, as text, so that they can
    # be written again in another language (`jjindicators.i18n.localise_issue`). Not a column of
    # the flat table, and not part of an issue's identity. (`dataclasses.field`: `field` above is
    # the issue's field.)
    params: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The issue as a JSON-ready dict with the documented columns."""
        return {k: getattr(self, k) for k in ISSUE_COLUMNS}


# The most of a cell's value an issue quotes (and of any other text it is made from): a cell of
# 30,000 characters (or the rest of a line after a stray quote) would otherwise fill the screen
# and the issue files, once per issue.
QUOTED, QUOTED_PARAM = 500, 2000


def _text(value: Any, limit: int = QUOTED_PARAM) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text):,} characters)"
    return text


def make_issue(code: str, where: Where | None = None, value: Any = None, **params: Any) -> Issue:
    """Build an issue from the catalogue, filling the message and hint from `params`.

    >>> make_issue("bad-number", value="x", field="age").message
    "'x' in age is not a whole number."
    """
    kind = CATALOGUE[code]
    where = where or Where()
    text = {k: _text(v) if v is not None else "" for k, v in params.items()}
    text.setdefault("field", where.field or "")
    if value is not None:
        text.setdefault("value", _text(value, QUOTED))
    return Issue(
        code=code,
        severity=kind.severity,
        message=kind.message.format(**text),
        hint=kind.hint.format(**text),
        value=_text(value, QUOTED) if value is not None else None,
        **asdict(where),
        params=tuple(text.items()),
    )


@dataclass(frozen=True)
class MissingForm:
    """A form the submission does not send (neither its rows nor its counts), and the
    indicators that cannot be computed without it (`FormSpec.indicators`)."""

    form: str
    indicators: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """`{"form": "detention_register", "indicators": ["4", "5", "6", "11"]}`."""
        return {"form": self.form, "indicators": list(self.indicators)}


@dataclass(frozen=True)
class ValidationReport:
    """What `validate` found: the inputs read and every issue, in file/sheet/row order.

    `missing_forms` are the forms with indicators that the submission does not send, each with
    the indicators it stops (each also has its `missing-form` warning); empty when a file could
    not be read, since the forms may be in it.
    """

    inputs: tuple[str, ...]
    issues: tuple[Issue, ...]
    rows_read: dict[str, int] = field(default_factory=dict)
    capped: bool = False
    missing_forms: tuple[MissingForm, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Number of issues by severity (every severity present, zero included)."""
        found = Counter(i.severity for i in self.issues)
        return {s: found.get(s, 0) for s in SEVERITIES}

    @property
    def valid(self) -> bool:
        """True when there is no error-level issue."""
        return self.counts["error"] == 0

    @property
    def outside_period(self) -> dict[str, int]:
        """Rows not counted because their event is outside the reporting period, per form
        (`forms.md`: "the count of such rows is reported per form")."""
        found = Counter(i.form for i in self.issues if i.code == "outside-period" and i.form)
        return dict(sorted(found.items()))

    def failed(self, fail_on: Severity = "error") -> bool:
        """True when any issue is at least as severe as `fail_on`."""
        worst = SEVERITIES.index(fail_on)
        return any(SEVERITIES.index(i.severity) <= worst for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: what `--format json` prints."""
        return {
            "valid": self.valid,
            "counts": self.counts,
            "inputs": list(self.inputs),
            "rows_read": dict(self.rows_read),
            "outside_period": self.outside_period,
            "capped": self.capped,
            "missing_forms": [m.to_dict() for m in self.missing_forms],
            "issues": [i.to_dict() for i in self.issues],
        }
