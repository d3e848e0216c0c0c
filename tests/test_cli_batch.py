"""`jjind batch` as a user runs it: exit codes, the summary table, JSON parity, usage errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import TODAY
from jjindicators.batch import run_batch
from jjindicators.cli import app
from jjindicators.validate import ValidateOptions

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def test_a_batch_with_failures_exits_1_and_shows_every_submission(countries, tmp_path):
    result = invoke("batch", *countries, "-o", tmp_path / "out", "--jobs", "2", *FIXED)
    assert result.exit_code == 1, result.output
    for text in ("Ruritania", "Freedonia", "Elbonia", "? (corrupt)", "unreadable", "errors"):
        assert text in result.stdout, text
    assert "✗ 5 submissions" in result.stdout and "3 computed, 2 with errors" in result.stdout
    assert "comparison.xlsx" in result.stderr
    assert (tmp_path / "out" / "comparison.xlsx").is_file()


def test_a_clean_batch_exits_0(countries, tmp_path):
    result = invoke("batch", *countries[:2], "-o", tmp_path / "out", "--jobs", "1", *FIXED)
    assert result.exit_code == 0, result.output
    assert "✓ 2 submissions" in result.stdout


def test_duration_headline_applies_to_every_submission(countries, tmp_path):
    result = invoke("batch", *countries[:2], "-o", tmp_path / "out", "--jobs", "1",
                    "--duration-headline", "mean", *FIXED)  # fmt: skip
    assert result.exit_code == 0, result.output
    for summary in sorted((tmp_path / "out").glob("*/summary.csv")):
        with summary.open(encoding="utf-8", newline="") as handle:
            rows = {row["indicator"]: row for row in csv.DictReader(handle)}
        assert rows["4"]["unit"] == rows["5"]["unit"] == "days (mean)", summary
    assert len(list((tmp_path / "out").glob("*/summary.csv"))) == 2


def test_json_is_what_the_library_returns(countries, tmp_path):
    result = invoke("batch", countries[0], countries[3], "-o", tmp_path / "a", "-f", "json",
                    "-j", "1", *FIXED)  # fmt: skip
    assert result.exit_code == 1, result.output
    printed = json.loads(result.stdout)
    direct = run_batch([countries[0], countries[3]], tmp_path / "b", None,
                       ValidateOptions(today=TODAY), jobs=1).to_dict()  # fmt: skip
    for data in (printed, direct):
        data.pop("outdir"), data.pop("seconds")
        for entry in data["submissions"]:
            entry.pop("seconds")
    assert printed == direct


def test_an_output_that_is_a_file_is_a_usage_error(countries, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = invoke("batch", countries[0], "-o", target)
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_resume_says_skipped(countries, tmp_path):
    invoke("batch", countries[0], "-o", tmp_path / "out", *FIXED)
    result = invoke("batch", countries[0], "-o", tmp_path / "out", "--resume", *FIXED)
    assert result.exit_code == 0, result.output
    assert "skipped (unchanged)" in result.stdout
