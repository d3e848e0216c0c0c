"""One pipeline (issue #18): each command's `--format json` is exactly what its library call
returns, and the library's `validate` runs every check `jjind validate` runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, example_rows, submission, write_csv
from jjindicators import run_batch, validate
from jjindicators.cli import app
from jjindicators.options import PublicationOptions, load_options
from jjindicators.pipeline import run_compute, run_validate
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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHIPPED = EXAMPLES / "exampleland-2025.xlsx"
FAULTY = EXAMPLES / "exampleland-2025-faulty.xlsx"
CHECKS = ValidateOptions(today=TODAY)


@pytest.mark.parametrize(("book", "code"), [(SHIPPED, 0), (FAULTY, 1)], ids=["shipped", "faulty"])
def test_validate_json_is_the_library_result(tmp_path, book, code):
    printed = invoke("validate", book, *FIXED, "--format", "json", "-o", tmp_path / "a.xlsx")
    assert printed.exit_code == code, printed.output
    report = run_validate([book], CHECKS, load_options([book]), issues_file=tmp_path / "b.xlsx")
    assert json.loads(printed.stdout) == normalised(report.to_dict())
    assert (tmp_path / "a.xlsx").is_file() and (tmp_path / "b.xlsx").is_file()


@pytest.mark.parametrize(("book", "code"), [(SHIPPED, 0), (FAULTY, 1)], ids=["shipped", "faulty"])
def test_compute_json_is_the_library_result(book, code):
    args = ["--format", "json", "--no-trace", "--suppress-below", "3", "--lang", "fr"]
    printed = invoke("compute", book, *FIXED, *args)
    assert printed.exit_code == code, printed.output
    result = run_compute([book], load_options([book]), CHECKS,
                         PublicationOptions("none", None, 3), lang="fr")  # fmt: skip
    assert result.computed is (code == 0)
    assert json.loads(printed.stdout) == normalised(result.to_dict())


def test_batch_json_is_the_library_result(tmp_path):
    printed = invoke("batch", SHIPPED, FAULTY, "-o", tmp_path / "a", "-f", "json", "-j", "1",
                     "--duration-headline", "mean", *FIXED)  # fmt: skip
    assert printed.exit_code == 1, printed.output
    direct = run_batch([SHIPPED, FAULTY], tmp_path / "b", {"duration_headline": "mean"}, CHECKS,
                       jobs=1).to_dict()  # fmt: skip
    shown = json.loads(printed.stdout)
    assert [e["status"] for e in shown["submissions"]] == ["ok", "errors"]
    for data in (shown, direct):
        data.pop("outdir"), data.pop("seconds")
        for entry in data["submissions"]:
            entry.pop("seconds")
    assert shown == normalised(direct)
    # the failing submission was read once, and its issues written beside its rows
    assert (tmp_path / "a" / "Exampleland-2" / "issues.xlsx").is_file()


def test_batch_reads_and_validates_a_failing_submission_once(tmp_path, monkeypatch):
    from jjindicators.validate import run as validation

    read: list[object] = []
    reader = validation.read_inputs

    def counted(paths, *args, **kwargs):
        read.append(paths)
        return reader(paths, *args, **kwargs)

    monkeypatch.setattr(validation, "read_inputs", counted)
    result = run_batch([SHIPPED, FAULTY], tmp_path / "out", None, CHECKS, jobs=1)
    assert [e.status for e in result.entries] == ["ok", "errors"]
    assert [list(map(str, paths)) for paths in read] == [[str(SHIPPED)], [str(FAULTY)]]
    assert {p.name for p in (tmp_path / "out" / "Exampleland-2").iterdir()} >= {
        "issues.xlsx",
        "issues.csv",
    }
