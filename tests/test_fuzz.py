"""Fuzzing with hypothesis: random damage to a valid submission always gives issues, never a crash.

Each example takes the worked example (valid: no errors), applies one random mutation that must
make it invalid — a required column dropped, a type swapped (text in a date, number or code
field), dates put out of order, an unknown source — and checks that `validate` lists an error
for it and that `jjind compute` stops with exit 1 and no traceback.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY, example_rows, submission
from jjindicators import ValidateOptions, validate
from jjindicators.cli import app
from jjindicators.forms import FORMS
from jjindicators.schemas import field_entries

RECORD_FORMS = [n for n, s in FORMS.items() if s.kind == "record"]
TABLE_FORMS = [n for n, s in FORMS.items() if s.kind in ("record", "reference", "policy")]
ADMITTED = dt.date(2025, 6, 30)
BAD_TEXT = st.sampled_from(["zzz", "n/a", "??", "2025-13-45", "31.02.2025", "many", "-"])


def _fields(form: str, kind: str) -> list[str]:
    entries = field_entries(form)
    if kind == "date":
        return [e["name"] for e in entries if e["type"] == "date"]
    if kind == "number":
        return [e["name"] for e in entries if e["type"] == "whole number"]
    return [e["name"] for e in entries if e["allowed"]]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A description and the `submission(...)` edits of one damaging mutation."""
    kind = draw(st.sampled_from(["drop", "date", "number", "code", "order", "source"]))
    if kind == "drop":
        form = draw(st.sampled_from(TABLE_FORMS))
        field = draw(st.sampled_from(list(FORMS[form].required_fields)))
        rows = [{k: v for k, v in r.items() if k != field} for r in example_rows(form)]
        return f"drop {form}.{field}", {form: rows}
    if kind in ("date", "number", "code"):
        form = draw(st.sampled_from([f for f in TABLE_FORMS if _fields(f, kind)]))
        rows = example_rows(form)
        field = draw(st.sampled_from(_fields(form, kind)))
        line = draw(st.integers(2, len(rows) + 1))
        bad = draw(BAD_TEXT) if kind != "number" else draw(st.sampled_from(["many", "1.5", "x"]))
        if kind == "date" and bad in ("-", "n/a"):
            bad = "someday"
        return f"{form}.{field} line {line} = {bad!r}", {form: {line: {field: bad}}}
    if kind == "order":
        line = draw(st.integers(2, len(example_rows("detention_register")) + 1))
        days = draw(st.integers(1, 400))
        # a release before the admission date: admission_date ≤ release_date is broken
        released = (ADMITTED - dt.timedelta(days=days)).isoformat()
        change = {"admission_date": ADMITTED.isoformat(), "release_date": released,
                  "release_type": "released_before_sentence", "sentence_date": "",
                  "aftercare": "no"}  # fmt: skip
        return f"register line {line} released on {released}", {"detention_register":
                                                                 {line: change}}  # fmt: skip
    form = draw(st.sampled_from(RECORD_FORMS))
    line = draw(st.integers(2, len(example_rows(form)) + 1))
    return f"{form} line {line} from an unknown source", {form: {line: {"source_id": "NOPE9"}}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_a_damaged_submission_always_gets_errors_never_a_traceback(mutation):
    what, edits = mutation
    with tempfile.TemporaryDirectory() as folder:
        path = submission(Path(folder), **edits)
        report = validate([path], ValidateOptions(today=TODAY))
        errors = [i for i in report.issues if i.severity == "error"]
        assert errors, f"no error for: {what}"
        assert all(i.message and i.hint for i in report.issues)
        result = CliRunner().invoke(app, ["compute", str(path), "--today", TODAY.isoformat()])
        assert result.exit_code == 1, (what, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), what
        assert "Traceback" not in result.output
