"""`jjind compute` and `jjind batch` with the publication options: --no-trace,
--pseudonymise-trace (--salt or JJIND_SALT) and --suppress-below (`collation.md`, "Data
protection")."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE, example_rows
from jjindicators import PublicationOptions, protect
from jjindicators.cli import app
from jjindicators.compute import compute
from jjindicators.validate import ValidateOptions

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]
SALT = "a long secret salt"
FORMS = ("arrests", "deaths", "decisions", "detention_census", "detention_register")


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})


@pytest.fixture(autouse=True)
def no_salt_in_the_environment(monkeypatch):
    monkeypatch.delenv("JJIND_SALT", raising=False)


def trace_refs(folder: Path) -> set[str]:
    with (folder / "trace.csv").open(encoding="utf-8") as handle:
        return {r["child_ref"] for r in csv.DictReader(handle) if r["child_ref"]}


def about(folder: Path) -> dict[str, str]:
    with (folder / "about.csv").open(encoding="utf-8") as handle:
        return dict(csv.reader(handle))


def test_no_trace_writes_no_trace(tmp_path):
    out = tmp_path / "out"
    assert invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", out).exit_code == 0
    assert (out / "trace.csv").exists()  # a full report first: its trace.csv must go
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", out, "--no-trace")
    assert result.exit_code == 0, result.output
    assert not (out / "trace.csv").exists()
    assert about(out)["publication trace"] == "left out (--no-trace)"
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", tmp_path / "r.xlsx", "--no-trace")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert "Trace" not in book.sheetnames
    issues = list(book["Issues"].iter_rows(values_only=True))
    column = issues[0].index("child_ref")
    assert [r[column] for r in issues[1:]] == [None] * (len(issues) - 1)


def test_pseudonymised_trace_with_the_salt_from_the_environment(tmp_path):
    refs = {r["child_ref"] for f in FORMS for r in example_rows(f) if r["child_ref"]}
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", tmp_path / "a",
                    "--pseudonymise-trace", env={"JJIND_SALT": SALT})  # fmt: skip
    assert result.exit_code == 0, result.output
    first = trace_refs(tmp_path / "a")
    assert first and not first & refs and all(r.startswith("p-") for r in first)
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "a").glob("*.csv"))
    assert SALT not in text
    assert about(tmp_path / "a")["publication trace"] == (
        "pseudonymised with a salt supplied by the user"
    )
    same = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", tmp_path / "b",
                  "--pseudonymise-trace", "--salt", SALT)  # fmt: skip
    assert same.exit_code == 0 and trace_refs(tmp_path / "b") == first
    other = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", tmp_path / "c",
                   "--pseudonymise-trace", "--salt", "another long salt")  # fmt: skip
    assert other.exit_code == 0 and not trace_refs(tmp_path / "c") & first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pseudonymise-trace"], "needs a salt"),
        (["--pseudonymise-trace", "--salt", "abc"], "at least 8 characters"),
        (["--no-trace", "--pseudonymise-trace", "--salt", SALT], "not both"),
        (["--suppress-below", "3"], "needs --no-trace"),
        (["--no-trace", "--suppress-below", "1"], "2 or more"),
    ],
)
def test_unsafe_or_incomplete_publication_options_are_usage_errors(tmp_path, args, message):
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", tmp_path / "r.xlsx", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_suppressed_report_on_screen_in_csv_and_json(tmp_path):
    args = ["compute", WORKED_EXAMPLE, *FIXED, "--no-trace", "--suppress-below", "3"]
    shown = invoke(*args)
    assert shown.exit_code == 0, shown.output
    assert "suppressed" in shown.stdout  # indicator 6: 1 death
    out = tmp_path / "out"
    assert invoke(*args, "-o", out, "-f", "csv").exit_code == 0
    with (out / "indicators.csv").open(encoding="utf-8") as handle:
        rows = {(r["indicator"], r["dimension"], r["category"]): r for r in csv.DictReader(handle)}
    female = rows[("1", "sex", "F")]
    assert (female["numerator"], female["denominator"], female["value"], female["flags"]) == (
        "", "68000", "", "unreliable; suppressed",
    )  # fmt: skip
    assert (female["ci_low"], female["ci_high"]) == ("", "")  # an interval would reveal it
    assert rows[("1", "sex", "M")]["flags"] == "unreliable; suppressed_complementary"
    assert about(out)["publication suppression"].startswith("counts from 1 to 2 suppressed")
    printed = json.loads(invoke(*args, "-f", "json").stdout)
    direct = protect(compute([WORKED_EXAMPLE], validate_options=ValidateOptions(today=TODAY)),
                     PublicationOptions("none", suppress_below=3))  # fmt: skip
    assert printed == json.loads(json.dumps(direct.to_dict(), default=str))
    assert printed["about"]["publication"] == {"trace": "none", "suppress_below": 3}


def test_batch_publishes_every_country_safely(countries, tmp_path):
    out = tmp_path / "out"
    result = invoke("batch", *countries[:2], "-o", out, "-j", "1", *FIXED, "--no-trace",
                    "--suppress-below", "5")  # fmt: skip
    assert result.exit_code == 0, result.output
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(folders) == 2
    for folder in folders:
        assert not (folder / "trace.csv").exists()
        assert "Trace" not in openpyxl.load_workbook(folder / "report.xlsx").sheetnames
        assert about(folder)["publication suppression"].startswith("counts from 1 to 4")
    again = invoke("batch", *countries[:2], "-o", out, "-j", "1", *FIXED, "--no-trace",
                   "--suppress-below", "5", "--resume")  # fmt: skip
    assert again.exit_code == 0 and "skipped" in again.stdout
    salted = invoke("batch", countries[0], "-o", tmp_path / "p", "-j", "1", *FIXED,
                    "--pseudonymise-trace", env={"JJIND_SALT": SALT})  # fmt: skip
    assert salted.exit_code == 0, salted.output
    (folder,) = [p for p in (tmp_path / "p").iterdir() if p.is_dir()]
    assert all(r.startswith("p-") for r in trace_refs(folder))
    assert not (folder / ".jjind-cache.json").exists()  # no resume across salts
    refused = invoke("batch", countries[0], "-o", tmp_path / "q", "--pseudonymise-trace")
    assert refused.exit_code == 2 and "needs a salt" in refused.stderr
