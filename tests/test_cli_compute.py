"""`jjind compute` as a user runs it: exit codes, the summary on screen, JSON, the reports."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.main import get_command
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE, submission
from jjindicators.cli import app
from jjindicators.compute import compute
from jjindicators.indicators import INDICATORS
from jjindicators.indicators.base import CELL_COLUMNS
from jjindicators.options import load_options
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.validate import ValidateOptions

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_computed_exits_0_and_shows_every_indicator():
    result = invoke("compute", WORKED_EXAMPLE, *FIXED)
    assert result.exit_code == 0, result.output
    for module in INDICATORS.values():
        assert module.META.name in result.stdout, module.META.name
    assert "Exampleland · 2025-01-01 to 2025-12-31 · census date 2025-12-31" in result.stdout
    assert "CORE" in result.stdout
    assert "3.6" in result.stdout and "5 / 140,000" in result.stdout  # indicator 1
    assert "166.7" in result.stdout and "n = 3" in result.stdout  # indicators 6 and 4
    assert "✓ No errors: 0 errors, 3 warnings, 3 notices" in result.stdout


def test_errors_stop_it_exit_1_and_nothing_is_written(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    out = tmp_path / "report.xlsx"
    result = invoke("compute", folder, *FIXED, "-o", out)
    assert result.exit_code == 1
    assert "'Mael' is not an allowed value for sex." in result.stdout
    assert "No indicators computed" in result.stderr and "--exclude-invalid" in result.stderr
    assert not out.exists()


def test_exclude_invalid_computes_on_the_valid_rows_and_still_exits_1(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    out = tmp_path / "report.xlsx"
    result = invoke("compute", folder, *FIXED, "-o", out, "--exclude-invalid")
    assert result.exit_code == 1  # the data have errors; the report is written all the same
    assert "1 row with errors left out (--exclude-invalid)" in result.stdout
    assert f"Report written to {out}" in result.stderr
    book = openpyxl.load_workbook(out)
    assert list(book["Excluded"].values)[1][1:] == ("arrests.csv", 3, "arrests")
    # The indicators resting on arrests say so; the others don't.
    flags = {row[0]: row[-1] for row in book["Summary"].values if row and row[0] in ("1", "2")}
    assert "excluded: 1 row with errors left out" in flags["1"]
    assert "excluded" not in (flags["2"] or "")


def test_json_is_exactly_the_library_result():
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "--format", "json", "--age-breaks", "12,16")
    assert result.exit_code == 0, result.output
    options = load_options([WORKED_EXAMPLE], age_breaks=(12, 16))
    library = compute([WORKED_EXAMPLE], options, ValidateOptions(today=TODAY)).to_dict()
    assert json.loads(result.stdout) == json.loads(json.dumps(library, default=str))
    assert json.loads(result.stdout)["about"]["options"]["age_breaks"] == [12, 16]


def test_json_when_stopped_says_so(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    result = invoke("compute", folder, *FIXED, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["computed"] is False and data["validation"]["counts"]["error"] == 1


def test_the_shipped_example_computes(tmp_path):
    out = tmp_path / "exampleland.xlsx"
    result = invoke("compute", EXAMPLES / "exampleland-2025.xlsx", *FIXED, "-o", out)
    assert result.exit_code == 0, result.output
    assert "1,327 / 760,960" in result.stdout and out.exists()


def test_writes_the_excel_report(tmp_path):
    out = tmp_path / "report.xlsx"
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Report written to {out}" in result.stderr
    names = openpyxl.load_workbook(out).sheetnames
    assert names[0] == "Summary" and names[-4:] == ["Trace", "Coverage", "Issues", "About"]
    assert len(names) == 15 + 5


def test_writes_the_csv_tables_into_a_folder(tmp_path):
    for args in (["-o", tmp_path / "csv", "--format", "csv"], ["-o", tmp_path / "plain"]):
        result = invoke("compute", WORKED_EXAMPLE, *FIXED, *args)
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in Path(args[1]).iterdir()) == sorted(CSV_FILES)
        assert "Children in detention" in result.stdout  # the summary is still shown


def test_csv_without_output_prints_the_indicators_table():
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(CELL_COLUMNS)
    assert lines[1].startswith("1,headline,total,all,NAT,0,5,140000,100000,3.5714285714285716,")


def test_options_come_from_jjind_toml_and_the_command_line_wins(tmp_path):
    folder = submission(tmp_path)
    (folder / "jjind.toml").write_text("[compute]\nage_breaks = [15]\n", encoding="utf-8")
    from_file = json.loads(invoke("compute", folder, *FIXED, "-f", "json").stdout)
    assert from_file["about"]["options"]["age_breaks"] == [15]
    given = invoke("compute", folder, *FIXED, "-f", "json", "--age-breaks", "13",
                   "--census-date", "2025-06-30", "--child-ref-scope", "national",
                   "--no-census-fallback")  # fmt: skip
    about = json.loads(given.stdout)["about"]
    assert about["options"]["age_breaks"] == [13] and about["options"]["census_fallback"] is False
    assert (about["census_date"], about["child_ref_scope"]) == ("2025-06-30", "national")


def test_duration_headline_from_the_command_line_and_jjind_toml(tmp_path):
    """Indicators 4 and 5 show the median by default, the mean with --duration-headline mean;
    the value on screen says which (`docs/rules.md`)."""
    default = invoke("compute", WORKED_EXAMPLE, *FIXED)
    assert "30.0 days (median)" in default.stdout and "259.0 days (median)" in default.stdout
    mean = invoke("compute", WORKED_EXAMPLE, *FIXED, "--duration-headline", "mean")
    assert mean.exit_code == 0, mean.output
    assert "30.0 days (mean)" in mean.stdout and "259.0 days (mean)" in mean.stdout
    assert "(median)" not in mean.stdout
    french = invoke(
        "compute", WORKED_EXAMPLE, *FIXED, "--duration-headline", "mean", "--lang", "fr"
    )
    assert "30,0 jours (moyenne)" in french.stdout
    folder = submission(tmp_path)
    (folder / "jjind.toml").write_text('[compute]\nduration_headline = "mean"\n', encoding="utf-8")
    printed = json.loads(invoke("compute", folder, *FIXED, "-f", "json").stdout)
    assert printed["about"]["options"]["duration_headline"] == "mean"
    four = next(row for row in printed["summary"] if row["indicator"] == "4")
    assert (four["value"], four["unit"]) == (30, "days (mean)")
    given = json.loads(invoke("compute", folder, *FIXED, "-f", "json",
                              "--duration-headline", "median").stdout)  # fmt: skip
    assert given["about"]["options"]["duration_headline"] == "median"
    (folder / "jjind.toml").write_text('[compute]\nduration_headline = "mode"\n', encoding="utf-8")
    wrong = invoke("compute", folder, *FIXED)
    assert wrong.exit_code == 2
    assert "duration_headline must be median or mean, not 'mode'" in wrong.output


def test_usage_problems_exit_2(tmp_path):
    folder = submission(tmp_path)
    workbook = tmp_path / "data.xlsx"
    workbook.write_bytes((EXAMPLES / "exampleland-2025.xlsx").read_bytes())
    for onto_input, message in (
        (invoke("compute", workbook, "-o", workbook), "it is one of the input files"),
        (invoke("compute", folder, "-o", folder), "a folder given as input"),
    ):
        assert onto_input.exit_code == 2
        assert message in onto_input.output
    untouched = sorted(p.name for p in WORKED_EXAMPLE.iterdir())
    assert sorted(p.name for p in folder.iterdir()) == untouched
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    for args, message in (
        (["--age-breaks", "14,x"], "--age-breaks takes whole numbers"),
        (["--age-breaks", "16,14"], "age_breaks must be increasing"),
        (["-o", tmp_path / "report.txt"], "-o takes report.xlsx, or a folder"),
        (["-o", tmp_path / "notes"], "-o takes report.xlsx, or a folder"),
        (["-o", tmp_path / "r.xlsx", "--format", "csv"], "give -o a folder name"),
        (["--census-date", "31/12/2025"], "Invalid value"),
        (["--duration-headline", "average"], "Invalid value"),
        (["--no-such-option"], "No such option"),
    ):
        result = invoke("compute", WORKED_EXAMPLE, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert invoke("compute", tmp_path / "nope.xlsx").exit_code == 2
    assert not list(tmp_path.glob("r*"))


def test_help_ends_with_an_example():
    command = get_command(app).commands["compute"]  # type: ignore[attr-defined]
    assert command.help.strip().splitlines()[-1].startswith("Example:  jjind compute ")


def test_csv_report_states_inputs_and_options(tmp_path):
    import csv
    import hashlib

    out = tmp_path / "out"
    assert (
        invoke("compute", WORKED_EXAMPLE, *FIXED, "-o", out, "--age-breaks", "12,15").exit_code == 0
    )
    with (out / "about.csv").open(encoding="utf-8") as handle:
        about = dict(csv.reader(handle))
    arrests = WORKED_EXAMPLE / "arrests.csv"
    digest = hashlib.sha256(arrests.read_bytes()).hexdigest()
    assert about[f"input {arrests}"] == f"sha256:{digest}"
    assert about["option age_breaks"] == "12, 15"
    assert about["country"] == "Exampleland"


def test_a_sheet_named_arrests_2025_gives_indicator_1_as_the_original(tmp_path):
    """Issue #16: the example with its `arrests` sheet renamed `Arrests 2025` computes
    indicator 1 as the original does (it was "not computable")."""
    book = openpyxl.load_workbook(EXAMPLES / "exampleland-2025.xlsx")
    book["arrests"].title = "Arrests 2025"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)

    def headline(path: Path) -> dict:
        result = invoke("compute", path, *FIXED, "--format", "json")
        assert result.exit_code == 0, result.output
        return next(r for r in json.loads(result.stdout)["summary"] if r["indicator"] == "1")

    original, read = headline(EXAMPLES / "exampleland-2025.xlsx"), headline(renamed)
    assert read == original
    assert round(read["value"], 1) == 174.4
    assert "174.4" in invoke("compute", renamed, *FIXED).stdout
