"""One pipeline (issue #18): each command's `--format json` is exactly what its library call
returns, and the library's `validate` runs every check `jjind validate` runs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import TODAY, example_rows, submission, write_csv
from jjindicators import validate
from jjindicators.cli import app
from jjindicators.validate import ValidateOptions

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def normalised(data: object) -> object:
    """As JSON reads it back: tuples as lists, dates as text."""
    return json.loads(json.dumps(data, default=str))


def _counts_by_other_groups(tmp_path: Path) -> Path:
    """The worked example with POL1's arrests sent as counts by an age group of its own."""
    arrests = [r for r in example_rows("arrests") if r["source_id"] != "POL1"]
    folder = submission(tmp_path, arrests=arrests)
    write_csv(folder / "arrests_counts.csv",
              [{"source_id": "POL1", "sex": "M", "age_group": "12-15", "count": 1}])  # fmt: skip
    return folder


def test_the_library_validate_checks_the_counts_groups_as_jjind_validate_does(tmp_path):
    folder = _counts_by_other_groups(tmp_path)
    report = validate([folder], ValidateOptions(today=TODAY))
    assert not report.valid
    assert [i.code for i in report.issues if i.severity == "error"] == ["count-age-groups-differ"]
    printed = invoke("validate", folder, *FIXED, "--format", "json")
    assert printed.exit_code == 1, printed.output
    assert json.loads(printed.stdout) == normalised(report.to_dict())


def test_the_counts_groups_issues_are_in_order_and_under_the_cap(tmp_path):
    folder = _counts_by_other_groups(tmp_path)
    everything = validate([folder], ValidateOptions(today=TODAY))
    # arrests_counts.csv is read before decisions.csv, whose notices come after
    assert everything.issues[0].code == "count-age-groups-differ"
    assert len(everything.issues) == 5 and not everything.capped
    capped = validate([folder], ValidateOptions(today=TODAY, max_issues=2))
    assert capped.capped
    assert [i.code for i in capped.issues] == [
        "count-age-groups-differ",
        "outside-period",
        "issue-cap-reached",
    ]
