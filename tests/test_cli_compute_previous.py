"""`jjind compute --previous OLD/indicators.csv`: large changes since a previous report are warnings
in this report (console, Issues sheet, issues.csv, JSON); exit stays 0; a file that is not a
report's indicators.csv is a usage error naming it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLES_DIR, TODAY
from jjindicators.cli import app

SERIES = EXAMPLES_DIR / "series"
FIXED = ["--today", TODAY.isoformat()]
runner = CliRunner()
MESSAGE = ("Indicator 9 (Custodial sentencing) went from 28.0 % (2024) to 58.5 % (2025), +109 %: "
           "a change this large is unlikely to be chance.")  # fmt: skip


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250"})


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2024's CSV report."""
    folder = tmp_path_factory.mktemp("previous") / "2024"
    done = invoke("compute", SERIES / "exampleland-2024.xlsx", "-o", folder, "--format", "csv",
                  *FIXED)  # fmt: skip
    assert done.exit_code == 0, done.output
    return folder / "indicators.csv"


def test_a_large_change_since_the_previous_report_is_a_warning_everywhere(previous, tmp_path):
    report = tmp_path / "report.xlsx"
    result = invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", previous,
                    "-o", report, *FIXED)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert MESSAGE in result.stdout and "[large-change]" in result.stdout
    assert "Explain the change before publishing" in result.stdout
    sheet = load_workbook(report, read_only=True)["Issues"]
    found = [r for r in sheet.iter_rows(values_only=True) if "large-change" in r]
    assert len(found) == 1 and found[0][0] == "warning" and MESSAGE in found[0]
    folder = tmp_path / "csv"
    invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", previous.parent, "-o",
           folder, "--format", "csv", *FIXED)  # fmt: skip
    with (folder / "issues.csv").open(encoding="utf-8", newline="") as handle:
        issues = [r for r in csv.DictReader(handle) if r["code"] == "large-change"]
    assert [(r["severity"], r["message"]) for r in issues] == [("warning", MESSAGE)]


def test_the_json_lists_the_warning_and_the_stable_headlines_are_not_flagged(previous):
    result = invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", previous,
                    "--format", "json", *FIXED)  # fmt: skip
    assert result.exit_code == 0
    issues = json.loads(result.stdout)["validation"]["issues"]
    assert [i["message"] for i in issues if i["code"] == "large-change"] == [MESSAGE]
    steady = invoke("compute", SERIES / "exampleland-2024.xlsx", "--previous", previous,
                    "--format", "json", *FIXED)  # fmt: skip
    assert not [i for i in json.loads(steady.stdout)["validation"]["issues"]
                if i["code"] == "large-change"]  # fmt: skip


def test_the_threshold_and_the_language(previous):
    high = invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", previous,
                  "--change-threshold", "150", *FIXED)  # fmt: skip
    assert high.exit_code == 0 and "large-change" not in high.stdout
    french = invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", previous,
                    "--lang", "fr", *FIXED)  # fmt: skip
    assert "L'indicateur 9 (Condamnation à une peine privative de liberté) est passé de 28,0 %" in (
        french.stdout
    )


@pytest.mark.parametrize("name", ["summary.csv", "about.csv", "missing.csv", "binary.csv"])
def test_a_file_that_is_not_a_reports_indicators_csv_is_a_usage_error(previous, tmp_path, name):
    path = previous.parent / name
    if name == "binary.csv":
        path = tmp_path / name
        path.write_bytes(b"\xff\xfe\x00garbage")
    result = invoke("compute", SERIES / "exampleland-2025.xlsx", "--previous", path, *FIXED)
    assert result.exit_code == 2, result.output
    assert str(path) in result.stderr.replace("\n", "")
    assert "indicators.csv" in result.stderr and "Traceback" not in result.output
