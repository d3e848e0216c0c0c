"""`jjind batch` as a user runs it: exit codes, the summary table, JSON parity, usage errors."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, example_sheets, write_xlsx
from jjindicators.batch import run_batch
from jjindicators.cli import app
from jjindicators.validate import ValidateOptions

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


@pytest.fixture
def folder(countries, tmp_path) -> Path:
    """A consultant's folder: the three generated countries' workbooks side by side."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for book in (countries[0], countries[1], countries[2] / "elbonia-2025.xlsx"):
        shutil.copy(book, folder / book.name)
    return folder


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


def test_a_folder_of_three_workbooks_writes_three_country_folders(folder, tmp_path):
    result = invoke("batch", folder, "-o", tmp_path / "out", "-j", "2", *FIXED)
    assert result.exit_code == 0, result.output
    assert "✓ 3 submissions" in result.stdout and "3 computed, 0 with errors" in result.stdout
    for country in ("Elbonia", "Freedonia", "Ruritania"):
        assert country in result.stdout
        assert (tmp_path / "out" / country / "report.xlsx").is_file()


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "no about sheet gives their country and period"),
     ("fr", "aucune feuille about n'en donne le pays"),
     ("es", "ninguna hoja about indica su país")],
)  # fmt: skip
def test_a_file_without_about_among_several_countries_exits_2_naming_it(
    folder, tmp_path, lang, text
):
    write_xlsx(folder / "police-arrests.xlsx", {"arrests": example_sheets()["arrests"]})
    result = invoke("batch", folder, "-o", tmp_path / "out", "--lang", lang, *FIXED)
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert message.startswith("Error: police-arrests.xlsx")
    assert text in message
    assert "Elbonia 2025-01-01 – 2025-12-31" in message and "(country, period_start" in message
    assert not (tmp_path / "out").exists()


def test_json_of_a_folder_is_what_the_library_returns(folder, tmp_path):
    shutil.copy(Path(__file__).parent / "data" / "bad" / "truncated.xlsx", folder)
    result = invoke("batch", folder, "-o", tmp_path / "a", "-f", "json", "-j", "1", *FIXED)
    assert result.exit_code == 1, result.output
    printed = json.loads(result.stdout)
    direct = run_batch([folder], tmp_path / "b", None, ValidateOptions(today=TODAY)).to_dict()
    for data in (printed, direct):
        data.pop("outdir"), data.pop("seconds"), data.pop("jobs")
        for entry in data["submissions"]:
            entry.pop("seconds")
    assert printed == direct
    assert [(e["folder"], e["status"]) for e in printed["submissions"]] == [
        ("Elbonia", "ok"), ("Freedonia", "ok"), ("Ruritania", "ok"), ("truncated", "unreadable")
    ]  # fmt: skip


def test_help_shows_both_layouts():
    result = invoke("batch", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "each sub-folder is one submission" in text
    assert "grouped by the country and period of their about sheets" in text
    assert "FILES given by name are one submission each" in text
    assert "jjind batch ruritania.xlsx freedonia.xlsx -o reports" in text
    assert "Example: jjind batch submissions/ -o reports --jobs 4" in text
