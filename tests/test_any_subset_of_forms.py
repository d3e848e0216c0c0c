"""Any subset of forms computes what it can and never crashes (issue #16, point 2).

Hypothesis builds submissions from the worked example: each record form absent, as rows, as
counts, as rows for one source and counts for the others, as an empty sheet (its header only),
as blank counts, or as the rows of one source while the others say nothing, with optional
columns dropped; the population national only, by region or missing; the policy
sheet there or not. `jjind compute --exclude-invalid --format json` must exit 0 or 1, never on an
internal error; every indicator has a value or says why it is not computable; and no headline
cell of an area whose sources did not report (coverage 0 %) shows a number.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE, example_rows, write_csv
from jjindicators.cli import app

RECORD_FORMS = ("arrests", "detention_census", "detention_register", "deaths", "decisions")
SOURCES = {"arrests": ("POL1", "POL2"), "detention_census": ("DET1", "DET2"),
           "detention_register": ("DET1", "DET2"), "deaths": ("DET1", "DET2"),
           "decisions": ("CRT1",)}  # fmt: skip
# Columns a sheet may lack (several at once where one needs the others).
OPTIONAL: dict[str, list[tuple[str, ...]]] = {
    "arrests": [("child_ref",), ("date_of_birth",), ("age",)],
    "detention_census": [("child_ref",), ("date_of_birth",), ("sentence_date",),
                         ("detention_basis",)],
    "detention_register": [("child_ref",), ("date_of_birth",), ("sentence_date",), ("aftercare",),
                           ("release_date", "release_type", "aftercare")],
    "deaths": [("child_ref",), ("legal_status",), ("cause",), ("date_of_birth",)],
    "decisions": [("child_ref",), ("deciding_body",), ("date_of_birth",), ("age",)],
}  # fmt: skip
AGE_GROUPS = ("<14", "14-15", "16-17", "unknown")
COUNTS = st.one_of(st.integers(0, 9), st.sampled_from(["", "n/a"]))
# Each count form's category columns and the codes a line may take (`unknown` included).
CATEGORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "arrests": {"arresting_body": ("police", "unknown", "")},
    "detention_census": {"legal_status": ("pre_sentence", "sentenced", "unknown"),
                         "detention_basis": ("criminal", "", "administrative"),
                         "separated_from_adults": ("yes", "no", "unknown"),
                         "family_contact_3_months": ("yes", "no", "unknown")},
    "deaths": {"legal_status": ("pre_sentence", "unknown", ""),
               "cause": ("illness", "unknown", "")},
    "decisions": {"deciding_body": ("court", "unknown", ""),
                  "decision": ("custodial_sentence", "non_custodial_sentence", "diversion",
                               "acquittal")},
}  # fmt: skip
# How a form is sent: not at all; as rows; as counts; rows for its first source and counts for the
# others; an empty sheet; counts all blank ("not available"); rows of its first source only, the
# others silent.
MODES = ("absent", "records", "counts", "mixed", "empty", "blank", "first only")
REGISTER_LINES = {  # counted → the bands it is given in
    "pre_sentence_ended": ("0-7 days", "8-30 days", "over 365 days", "unknown"),
    "sentenced_released": ("0-91 days", "183-365 days", "unknown"),
    "detained": ("",),
    "released": ("",),
}


@st.composite
def count_lines(draw: st.DrawFn, form: str, sources: tuple[str, ...]) -> list[dict[str, Any]]:
    """One to three count lines per source, with random categories and counts."""
    lines = []
    for source in sources:
        for _ in range(draw(st.integers(1, 3))):
            line: dict[str, Any] = {"source_id": source, "sex": draw(st.sampled_from("FMU")),
                                    "age_group": draw(st.sampled_from(AGE_GROUPS))}  # fmt: skip
            if form == "detention_register":
                counted = draw(st.sampled_from(sorted(REGISTER_LINES)))
                line["counted"] = counted
                line["duration_band"] = draw(st.sampled_from(REGISTER_LINES[counted]))
                aftercare = ("yes", "no", "unknown") if counted == "released" else ("",)
                line["aftercare"] = draw(st.sampled_from(aftercare))
            else:
                for column, codes in CATEGORIES[form].items():
                    line[column] = draw(st.sampled_from(codes))
            line["count"] = draw(COUNTS)
            lines.append(line)
    return lines


@st.composite
def submissions(draw: st.DrawFn) -> dict[str, Any]:
    """What each form of the submission is: absent, rows, counts, both, or an empty sheet."""
    plan: dict[str, Any] = {}
    for form in RECORD_FORMS:
        mode = draw(st.sampled_from(MODES))
        drop = draw(st.lists(st.sampled_from(OPTIONAL[form]), max_size=2, unique=True))
        sources = SOURCES[form]
        counted = sources if mode in ("counts", "blank") else sources[1:] if mode == "mixed" else ()
        lines = draw(count_lines(form, counted)) if counted else []
        if mode == "blank":  # the sources could not tell: every figure is blank
            lines = [{**line, "count": ""} for line in lines]
        plan[form] = (mode, [c for group in drop for c in group], lines)
    plan["population"] = draw(st.sampled_from(["absent", "national", "regions"]))
    plan["policy"] = draw(st.booleans())
    return plan


def write(folder: Path, plan: dict[str, Any]) -> Path:
    folder.mkdir()
    for name in ("about", "areas", "sources"):
        write_csv(folder / f"{name}.csv", example_rows(name))
    if plan["population"] == "regions":
        write_csv(folder / "population.csv", example_rows("population"))
    elif plan["population"] == "national":
        write_csv(folder / "population.csv", [{"area_code": "NAT", "sex": "all", "age_from": 0,
                                               "age_to": 17, "population": 140_000}])  # fmt: skip
    if plan["policy"]:
        write_csv(folder / "policy.csv", example_rows("policy"))
    for form in RECORD_FORMS:
        mode, drop, lines = plan[form]
        rows = [{k: v for k, v in row.items() if k not in drop} for row in example_rows(form)]
        if mode in ("mixed", "first only"):
            rows = [row for row in rows if row["source_id"] == SOURCES[form][0]]
        if mode in ("records", "mixed", "first only"):
            write_csv(folder / f"{form}.csv", rows)
        if mode == "empty":  # the header row only: a report of zero
            header = [c for c in (WORKED_EXAMPLE / f"{form}.csv").read_text().splitlines()[0]
                      .split(",") if c not in drop]  # fmt: skip
            (folder / f"{form}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        if lines:
            write_csv(folder / f"{form}_counts.csv", lines)
    return folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=submissions())
def test_any_subset_of_forms_computes_what_it_can(plan: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(Path(tmp) / "submission", plan)
        done = CliRunner().invoke(app, ["compute", str(folder), "--exclude-invalid", "--format",
                                        "json", "--today", TODAY.isoformat()])  # fmt: skip
    assert done.exit_code in (0, 1), (done.exit_code, done.output[-2000:])
    result = json.loads(done.stdout)
    assert result["computed"], result["validation"]["issues"][:5]
    for row in result["summary"]:
        why = [f for f in row["flags"].split("; ") if f.startswith("not_computable")]
        assert row["value"] is not None or why, row
        if row["value"] is None:  # a reason is given
            assert all(f.startswith("not_computable(reason=") for f in why), row
    silent = {(c["indicator"], c["area"]) for c in result["coverage"]
              if c["expected"] and not c["reported"]}  # fmt: skip
    for cell in result["indicators"]:
        if (
            (cell["indicator"], cell["area"]) in silent
            and cell["dimension"] != "source"
            and (cell["part"] in ("headline", "median", "mean"))
        ):
            assert cell["value"] is None, cell
