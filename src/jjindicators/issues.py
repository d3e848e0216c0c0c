"""Issues and the validation report: plain frozen data that every renderer reads."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from jjindicators.catalogue import CATALOGUE, SEVERITIES, Code, Severity
from jjindicators.i18n import ENGLISH
from jjindicators.issue_params import (
    QUOTED,
    AboutKey,
    FieldName,
    Param,
    Phrase,
    Withheld,
    fill,
    param_text,
    quoted_text,
)

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
    """One problem found in a submission: its code, where it is, the value concerned and the
    parameters of its message; the message and hint are written from the catalogue in the
    reader's language only when read (`text`, `to_dict`).

    >>> from jjindicators.issue_params import Allowed
    >>> issue = make_issue(Code.BAD_CODE, Where(form="arrests", field="sex", column="Sexo"), "X",
    ...                    allowed=Allowed("arrests", "sex"), suggestion="")
    >>> issue.text("hint", "es")
    'Utilice uno de estos valores: femenino, masculino, no registrado.'
    """

    code: Code
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    child_ref: str | None = None
    value: str | Phrase | Withheld | None = None  # as quoted text, or in words (`to_dict`)
    form: str | None = None
    field: str | None = None
    # The catalogue parameters the message and hint are written from (`issue_params.py`).
    # (`dataclasses.field`: `field` above is the issue's field.)
    params: tuple[tuple[str, Param], ...] = dataclasses.field(default=(), repr=False)

    def text(self, part: Literal["message", "hint"], lang: str = ENGLISH) -> str:
        """Its `message` or `hint` in `lang`, from the catalogue's `issue.<code>.<part>`."""
        return fill(f"issue.{self.code}.{part}", self.params, lang)

    @property
    def message(self) -> str:
        """Its message in English."""
        return self.text("message")

    @property
    def hint(self) -> str:
        """Its hint in English."""
        return self.text("hint")

    def to_dict(self, lang: str = ENGLISH) -> dict[str, Any]:
        """The issue as a JSON-ready dict with the documented columns, its words in `lang`."""
        found = {k: getattr(self, k) for k in ISSUE_COLUMNS if k not in ("message", "hint")}
        found["code"] = str(self.code)
        found["value"] = None if self.value is None else param_text(self.value, lang)
        found["message"], found["hint"] = self.text("message", lang), self.text("hint", lang)
        return {k: found[k] for k in ISSUE_COLUMNS}


def make_issue(
    code: Code, where: Where | None = None, value: Any = None, /, **params: Param
) -> Issue:
    """Build an issue of the catalogue: its severity, its place, its value (as text, cut when
    long) and the parameters of its message and hint. `field` defaults to the issue's own
    field, named as the user's column heads it; `value` to its value, as text.

    >>> make_issue(Code.BAD_NUMBER, Where(form="arrests", field="age", column="Age"), "x").message
    "'x' in Age is not a whole number."
    """
    where = where or Where()
    if "field" not in params and where.field is not None and where.form == "about":
        params["field"] = AboutKey(where.field)  # the key, not the column `value`
    elif "field" not in params:
        params["field"] = (
            None if where.field is None else FieldName(where.form, where.field, where.column)
        )
    text = (
        value
        if value is None or isinstance(value, Phrase | Withheld)
        else quoted_text(value, QUOTED)
    )
    if text is not None and "value" not in params:
        params["value"] = text
    return Issue(
        code=code,
        severity=CATALOGUE[code].severity,
        value=text,
        **asdict(where),
        params=tuple(params.items()),
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
        found = Counter(i.form for i in self.issues if i.code is Code.OUTSIDE_PERIOD and i.form)
        return dict(sorted(found.items()))

    def failed(self, fail_on: Severity = "error") -> bool:
        """True when any issue is at least as severe as `fail_on`."""
        worst = SEVERITIES.index(fail_on)
        return any(SEVERITIES.index(i.severity) <= worst for i in self.issues)

    def to_dict(self, lang: str = ENGLISH) -> dict[str, Any]:
        """The report as JSON-ready data, the issues' words in `lang`: what `--format json`
        prints."""
        return {
            "valid": self.valid,
            "counts": self.counts,
            "inputs": list(self.inputs),
            "rows_read": dict(self.rows_read),
            "outside_period": self.outside_period,
            "capped": self.capped,
            "missing_forms": [m.to_dict() for m in self.missing_forms],
            "issues": [i.to_dict(lang) for i in self.issues],
        }
