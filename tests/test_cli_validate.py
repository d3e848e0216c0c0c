"""`jjind validate` as a user runs it: exit codes, the messages on screen, JSON, issue files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from conftest import WORKED_EXAMPLE, run, submission
from jjindicators.cli import app

runner = CliRunner()
TODAY = ["--today", "2026-01-15"]


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def test_clean_submission_exits_0_with_summary():
    result = invoke("validate", WORKED_EXAMPLE, *TODAY)
    assert result.exit_code == 0, result.output
    assert (
        "✓ No errors: 0 errors, 3 warnings, 3 notices in 10 files (50 rows read)." in result.stdout
    )
    assert "not-a-child" in result.stdout and "D5" in result.stdout
    assert (
        "Rows outside the reporting period (not counted): arrests 1, decisions 1, "
        "detention_register 1." in result.stdout
    )


def test_errors_exit_1_and_name_the_cell(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    result = invoke("validate", folder, *TODAY)
    assert result.exit_code == 1
    assert "'Mael' is not an allowed value for sex." in result.stdout
    assert "C3" in result.stdout
    assert "did you mean 'M'?" in result.stdout
    assert "✗ 1 error, 3 warnings, 3 notices" in result.stdout


def test_fail_on_warning_makes_warnings_count():
    assert invoke("validate", WORKED_EXAMPLE, *TODAY, "--fail-on", "warning").exit_code == 1
    assert invoke("validate", WORKED_EXAMPLE, *TODAY, "--fail-on", "error").exit_code == 0


def test_json_is_exactly_the_library_report(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    result = invoke("validate", folder, *TODAY, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == json.loads(json.dumps(run(folder).to_dict(), default=str))


def test_usage_problems_exit_2(tmp_path):
    missing = invoke("validate", "nope.xlsx")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    unknown = invoke("validate", WORKED_EXAMPLE, "--no-such-option")
    assert unknown.exit_code == 2
    assert "No such option" in unknown.output


def test_output_may_not_overwrite_an_input(tmp_path):
    folder = submission(tmp_path)
    result = invoke("validate", folder / "arrests.csv", "-o", folder / "arrests.csv")
    assert result.exit_code == 2
    assert "it is one of the input files" in result.output


def test_issues_xlsx_holds_the_original_rows_beside_their_issues(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    out = tmp_path / "issues.xlsx"
    assert invoke("validate", folder, *TODAY, "-o", out).exit_code == 1
    book = openpyxl.load_workbook(out)
    issues = list(book["Issues"].values)
    header = issues[0]
    first = dict(zip(header, issues[1], strict=True))
    assert {"Severity", "Issue code", "Sheet", "Row", "Cell", "Problem", "How to fix it"} <= set(
        header
    )
    assert len(issues) - 1 == len(run(folder).issues)
    arrests = list(book["arrests"].values)
    assert arrests[0][:5] == ("Row in original", "Problem", "How to fix it", "source_id",
                              "child_ref")  # fmt: skip
    bad = next(r for r in arrests if r[0] == 3)
    assert "ERROR C3: 'Mael' is not an allowed value for sex." in bad[1]
    assert bad[3:7] == ("POL1", "K1", "Mael", "2009-05-10")
    assert first["Severity"] in ("error", "warning", "notice")


def test_issues_csv_is_the_flat_table_with_the_original_row(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael", "child_ref": "=cmd()"}})
    out = tmp_path / "issues.csv"
    assert invoke("validate", folder, *TODAY, "-o", out).exit_code == 1
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    bad = next(r for r in rows if r["code"] == "bad-code")
    assert (bad["sheet"], bad["row"], bad["cell"], bad["value"]) == (
        "arrests.csv",
        "3",
        "C3",
        "Mael",
    )
    assert bad["child_ref"] == "'=cmd()"  # neutralised: never a formula in a spreadsheet
    assert "sex: Mael" in bad["original_row"]


def test_a_carriage_return_in_a_cell_stays_inside_its_field_of_issues_csv(tmp_path):
    """A value with a bare carriage return (a note typed on a Mac, a cell pasted from another
    program) is quoted: csv readers and spreadsheets would otherwise start a new row there."""
    folder = submission(tmp_path, arrests={3: {"sex": "Mael", "offence": "theft\rof a bike"}})
    out = tmp_path / "issues.csv"
    invoke("validate", folder, *TODAY, "-o", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bad = next(r for r in rows if r["code"] == "bad-code")
    assert "offence: theft\rof a bike" in bad["original_row"]
    assert all(r["severity"] in ("error", "warning", "notice") for r in rows)


def test_long_lists_are_capped_on_screen_not_in_files(tmp_path):
    rows = {n: {"sex": "X"} for n in range(2, 10)}
    folder = submission(tmp_path, arrests=rows)
    out = tmp_path / "issues.csv"
    result = invoke("validate", folder, *TODAY, "--max-shown", "3", "-o", out)
    assert "more issues not shown" in result.stdout
    with out.open(encoding="utf-8") as handle:
        assert sum(1 for r in csv.DictReader(handle) if r["code"] == "bad-code") == 8


def test_unreadable_file_is_an_issue_not_a_traceback(tmp_path):
    fake = tmp_path / "data.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    result = invoke("validate", fake)
    assert result.exit_code == 1
    assert "not an Excel workbook" in result.stdout
    assert "Traceback" not in result.output
    # One clear issue, not a list of every form "missing" because nothing could be read.
    assert "✗ 1 error, 0 warnings, 0 notices in 1 file (0 rows read)." in result.stdout


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "jjindicators", "--version"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("jjind ")


# -- sheets under other names, and forms missing (issue #16) ---------------------------------------
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "exampleland-2025.xlsx"


def example_changed(tmp_path: Path, change) -> Path:
    """The shipped example workbook, changed by `change(book)`."""
    book = openpyxl.load_workbook(EXAMPLE)
    change(book)
    path = tmp_path / "exampleland.xlsx"
    book.save(path)
    return path


def test_a_sheet_named_arrests_2025_is_read_as_arrests(tmp_path):
    def rename(book):
        book["arrests"].title = "Arrests 2025"

    path = example_changed(tmp_path, rename)
    result = invoke("validate", path, *TODAY, "--max-shown", "-1")
    assert result.exit_code == 0, result.output
    assert "Read sheet 'Arrests 2025' as arrests (by its name)." in result.stdout
    assert "[sheet-read-as]" in result.stdout and "unknown-sheet" not in result.stdout
    assert "cannot be computed" not in result.stdout
    report = json.loads(invoke("validate", path, *TODAY, "--format", "json").stdout)
    original = json.loads(invoke("validate", EXAMPLE, *TODAY, "--format", "json").stdout)
    assert report["rows_read"] == original["rows_read"]


def test_without_the_register_the_closing_line_names_the_indicators_lost(tmp_path):
    path = example_changed(tmp_path, lambda book: book.remove(book["detention_register"]))
    result = invoke("validate", path, *TODAY)
    assert result.exit_code == 0, result.output
    last = " ".join(result.stdout.split("\n✓ ", 1)[1].split())  # the closing line, unwrapped
    assert last.startswith("No errors: 0 errors,")
    # 6 is not among them: its denominator falls back on the census (docs/rules.md)
    assert last.endswith("read). Indicators 4, 5, 11 cannot be computed: no detention_register.")
    french = invoke("validate", path, *TODAY, "--lang", "fr")
    assert french.exit_code == 0
    assert (
        "Les indicateurs 4, 5, 11 ne peuvent pas être calculés : formulaire « Registre des "
        "détentions » absent." in " ".join(french.stdout.split())
    )
    data = json.loads(invoke("validate", path, *TODAY, "--format", "json").stdout)
    assert data["missing_forms"] == [{"form": "detention_register", "indicators": ["4", "5", "11"]}]


def test_each_missing_form_has_its_sentence_errors_or_not(tmp_path):
    folder = submission(tmp_path, population=None, deaths=None, arrests={3: {"sex": "Mael"}})
    result = invoke("validate", folder, *TODAY)
    assert result.exit_code == 1
    assert (
        "✗ 1 error, 5 warnings, 3 notices in 8 files (45 rows read). Rates per child population "
        "(indicators 1, 2, 3) cannot be computed: no population. Indicator 6 cannot be computed: "
        "no deaths." in " ".join(result.stdout.split())
    )


def test_two_sheets_of_one_form_exit_1_naming_both(tmp_path):
    def copy(book):
        book.copy_worksheet(book["arrests"]).title = "arrests (2)"

    path = example_changed(tmp_path, copy)
    result = invoke("validate", path, *TODAY, "--max-shown", "-1")
    assert result.exit_code == 1
    assert "[form-in-two-sheets]" in result.stdout and "missing-form" not in result.stdout
    data = json.loads(invoke("validate", path, *TODAY, "--format", "json").stdout)
    (error,) = [i for i in data["issues"] if i["code"] == "form-in-two-sheets"]
    expected = "hold the arrests form: 'arrests', 'arrests (2)'. None of them was read"
    assert expected in error["message"]
    assert (error["severity"], error["form"], data["missing_forms"]) == ("error", "arrests", [])
