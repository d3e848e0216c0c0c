"""Reading what is broken, hostile or accidental (issue #17): CSV files with an unclosed quote, NUL
bytes, escape sequences, a cell or a line too long, endless bytes, a row of 50,000 columns, files
that are not files. Each ends as an issue naming its file and cell (or as a usage error), with exit
0, 1 or 2, strict JSON, no traceback, bounded time and memory, and the input unchanged
(`docs/rules.md`, "Hostile and broken files")."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from rich.text import Text
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators import ValidateOptions, check_submission
from jjindicators.cli import app
from jjindicators.cli.common import SafeConsole
from jjindicators.read import grids
from jjindicators.read.csvfile import LINE_LIMIT, read_csv
from jjindicators.read.guard import ReadLimits
from test_bad_inputs import make_bad

DAY = ["--today", TODAY.isoformat()]
ARRESTS = (WORKED_EXAMPLE / "arrests.csv").read_bytes()
LINES = ARRESTS.splitlines(keepends=True)  # LINES[3] is row 4: POL1,K2,F,2008-01-15,,2025-03-01
runner = CliRunner()


def spoilt(tmp_path: Path, data: bytes, name: str = "arrests.csv") -> Path:
    """The worked example with one CSV file's bytes replaced."""
    folder = tmp_path / "submission"
    shutil.copytree(WORKED_EXAMPLE, folder)
    (folder / name).write_bytes(data)
    return folder


def with_line(row: int, line: bytes) -> bytes:
    """The worked example's arrests with the line of a row replaced."""
    return b"".join(line if n == row - 1 else old for n, old in enumerate(LINES))


def strict_json(text: str) -> dict:
    """JSON as `jq` and `JSON.parse` read it: no NaN, no Infinity."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.is_symlink()}  # fmt: skip


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def contract(*paths: Path, extra: tuple[str, ...] = ()) -> dict:
    """Validate and compute `paths`: exit 0, 1 or 2, no traceback, strict JSON, the inputs
    unchanged; the validation report."""
    folders = {p if p.is_dir() else p.parent for p in paths}
    before = {f: digest(f) for f in folders}
    checked = invoke("validate", *paths, *DAY, "--format", "json", *extra)
    computed = invoke("compute", *paths, *DAY, "--format", "json", *extra)
    table = invoke("validate", *paths, *DAY, *extra)
    for result in (checked, computed, table):
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert {f: digest(f) for f in folders} == before
    report = strict_json(checked.stdout)
    assert strict_json(computed.stdout)["validation"] == report
    return report


def issue(report: dict, code: str) -> dict:
    found = [i for i in report["issues"] if i["code"] == code]
    assert found, [i["code"] for i in report["issues"]]
    return found[0]


@dataclass(frozen=True)
class Case:
    """A spoilt arrests.csv: its bytes, the issue it must raise, where, and words of it."""

    data: bytes
    code: str
    row: int | None
    cell: str | None
    words: str


CASES = {
    "unclosed-quote": Case(with_line(4, b'POL1,"K2,F,2008-01-15,,2025-03-01\n'),
                           "csv-unclosed-quote", 4, "B4", "the 5 line(s) after it (through row 9)"),
    "quote-closed-later": Case(with_line(4, b'POL1,"K2,F,2008-01-15,,2025-03-01\n')
                               .replace(b"POL2,,M,,14,2025-07-07", b'POL2,",M,,14,2025-07-07'),
                               "csv-unclosed-quote", 4, "B4", "the 3 line(s) after it"),
    "quote-in-last-line": Case(ARRESTS + b'POL2,K9,"M,,15,2025-09-01\n', "csv-unclosed-quote",
                               10, "C10", "the 0 line(s) after it"),
    "cell-of-200000-characters": Case(with_line(3, b"POL1," + b"K" * 200_000
                                                + b",M,2009-05-10,,2025-06-20\n"),
                                      "cell-too-long", 3, "B3", "200,000 characters"),
    "nul-bytes": Case(with_line(4, b"POL1,K2,F\x00x,2008-01-15,,2025-03-01\n"),
                      "control-character", 4, "C4", "U+0000"),
    "escape-sequence": Case(with_line(4, b"POL1,K2\x1b]0;pwned\x07\x1b[2J,F,2008-01-15,,"
                                         b"2025-03-01\n"), "control-character", 4, "B4", "U+001B"),
    "nul-tail": Case(ARRESTS + b"\x00" * 5000, "control-character", 10, "A10", "U+0000"),
    "line-of-2-million-characters": Case(with_line(5, b"x" * 2_000_000 + b"\n"),
                                         "csv-line-too-long", 5, None, f"{LINE_LIMIT:,}"),
    "row-of-50000-columns": Case(with_line(5, b"POL1,K3,M,2006-11-30,,2025-04-04"
                                              + b",1" * 50_000 + b"\n"),
                                 "empty-row-data", None, None, "50000 cell(s)"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_a_spoilt_csv_is_an_issue_on_its_cell(tmp_path, name):
    case = CASES[name]
    folder = spoilt(tmp_path, case.data)
    report = contract(folder)
    found = issue(report, case.code)
    assert Path(found["file"]).name == "arrests.csv"
    assert (found["row"], found["cell"]) == (case.row, case.cell)
    assert case.words in found["message"] + " " + found["hint"]
    assert report["rows_read"]["arrests"] >= 7  # the rest of the file is read


def test_an_unclosed_quote_is_never_computed_past(tmp_path):
    """The quote in B4 swallows rows 5 to 9: each is read on its own with an error, so that
    --exclude-invalid leaves them out (and says so) instead of counting 1 arrest for 5."""
    folder = spoilt(tmp_path, CASES["unclosed-quote"].data)
    stopped = invoke("compute", folder, *DAY, "--format", "json")
    assert (stopped.exit_code, strict_json(stopped.stdout)["computed"]) == (1, False)
    report = check_submission([folder], ValidateOptions(today=TODAY)).report
    after = [i.row for i in report.issues if i.code == "csv-row-after-quote"]
    assert after == [5, 6, 7, 8, 9]
    assert report.rows_read["arrests"] == 8  # every line is a row, as the file shows them
    quote = next(i for i in report.issues if i.code == "csv-unclosed-quote")
    assert (quote.value, quote.severity) == ('"K2', "error")
    # the rest of row 4 is read as the line shows it: only the quote's cell is blamed
    assert [i.code for i in report.issues if i.row == 4 and i.file.endswith("arrests.csv")] == [
        "csv-unclosed-quote"]  # fmt: skip
    excluded = strict_json(invoke("compute", folder, *DAY, "--format", "json",
                                  "--exclude-invalid").stdout)  # fmt: skip
    assert excluded["computed"] and excluded["excluded_rows"] == 6
    first = excluded["summary"][0]
    assert "excluded(count=6)" in first["flags"]


def test_a_cell_over_several_lines_is_still_one_cell(tmp_path):
    """A quoted cell with line breaks (Alt+Enter in Excel) is no stray quote."""
    sources = (WORKED_EXAMPLE / "sources.csv").read_text(encoding="utf-8")
    header, first, *rest = sources.splitlines(keepends=True)
    cells = first.split(",")
    cells[2] = '"Central police\nstation, north wing"'
    folder = spoilt(tmp_path, (header + ",".join(cells) + "".join(rest)).encode(), "sources.csv")
    report = check_submission([folder], ValidateOptions(today=TODAY)).report
    assert not [i for i in report.issues if i.code.startswith("csv-")]
    assert report.rows_read["sources"] == len(rest) + 1


def test_rows_keep_a_spreadsheets_numbers(tmp_path):
    """Blank lines, CR, CRLF and a cell over two lines: the rows are numbered as a spreadsheet
    shows them, so that each issue points at the right cell."""
    text = ARRESTS.decode().replace("\n", "\r\n").replace("POL1,K2,F", '\r\nPOL1,"K2\nbis",F')
    report = check_submission([spoilt(tmp_path, text.encode())], ValidateOptions(today=TODAY))
    cells = [(i.code, i.cell) for i in report.report.issues if i.file.endswith("arrests.csv")]
    assert ("not-a-child", "D6") in cells  # row 5 before the blank line, now row 6


@pytest.mark.parametrize(
    ("data", "rows", "codes"),
    [
        (b"a,b,c\r1,2,3\r4,5,6\r", [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]], []),
        (b'a,b,c\n1,"x\ny",3\n', [["a", "b", "c"], ["1", "x\ny", "3"]], []),
        (b'a;b;c\n1;"2;3\n4;5;6\n', [["a", "b", "c"], ["1", '"2', "3"], ["4", "5", "6"]],
         ["csv-unclosed-quote", "csv-row-after-quote"]),
        (b"a,b\n" + b"\x00" * 3_000_000, [["a", "b"], []], ["csv-line-too-long"]),
        (b"  \n \n", [], []),
    ],
    ids=["carriage-returns", "cell-with-a-line-break", "semicolons", "endless-nul", "blank"],
)  # fmt: skip
def test_csv_records(tmp_path, data, rows, codes):
    path = tmp_path / "arrests.csv"
    path.write_bytes(data)
    found, issues, plain = read_csv(path, "arrests.csv", "utf-8", ReadLimits())
    assert (found, [i.code for i in issues]) == (rows, codes)
    # plain text (no control character, no cell over 32,767 characters) is not looked at again
    assert plain == (b"\x00" not in data and b'"' not in data)  # quoted: over several lines


def test_a_quote_that_swallows_more_than_a_record_may_hold_is_stopped(tmp_path):
    """A quote left open over 100,000 lines stops being a cell there: nothing unbounded is held."""
    path = tmp_path / "arrests.csv"
    path.write_bytes(b'a,b\n1,"x\n' + b"2,3\n" * 150_000)
    rows, issues, _ = read_csv(path, "arrests.csv", "utf-8", ReadLimits())
    assert len(rows) == 150_002
    assert [i.code for i in issues].count("csv-row-after-quote") == 100_000


def test_a_csv_that_grows_past_the_limit_while_read_is_refused(tmp_path):
    """The size is checked before reading; reading stops at the limit too (a file that grows)."""
    path = tmp_path / "arrests.csv"
    path.write_bytes(ARRESTS * 2000)
    rows, issues, _ = read_csv(path, "arrests.csv", "utf-8", ReadLimits(max_file_mb=0.1))
    assert (rows, [i.code for i in issues]) == ([], ["file-too-large"])


def test_a_wide_workbook_row_is_read(tmp_path):
    """A row of 50,000 cells (past Excel's last column, XFD): a notice, no internal error."""
    row = b'<row r="2">' + b"".join(b"<c><v>%d</v></c>" % j for j in range(50_000)) + b"</row>"
    book = make_bad.minimal_book(tmp_path / "wide.xlsx", [make_bad.SHEET_HEAD, make_bad.HEADER_ROW,
                                 row, make_bad.SHEET_TAIL])  # fmt: skip
    report = contract(book)
    assert "49997 cell(s)" in issue(report, "empty-row-data")["message"]


def test_control_characters_in_a_workbook_are_issues(tmp_path):
    row = (b'<row r="2"><c r="A2" t="inlineStr"><is><t>POL_x001B_[31m</t></is></c>'
           b'<c r="B2" t="inlineStr"><is><t>M</t></is></c></row>')  # fmt: skip
    book = make_bad.minimal_book(tmp_path / "ctl.xlsx", [make_bad.SHEET_HEAD, make_bad.HEADER_ROW,
                                 row, make_bad.SHEET_TAIL])  # fmt: skip
    found = issue(contract(book), "control-character")
    assert (found["cell"], found["value"]) == ("A2", "POL\x1b[31m")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_or_a_device_named_csv_is_refused_unread(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / "arrests.csv")  # opening it to read would wait for a writer forever
    (folder / "deaths.csv").symlink_to("/dev/zero")  # never ends
    for name, what in (("arrests.csv", "a pipe (FIFO)"), ("deaths.csv", "a device")):
        found = issue(contract(folder / name), "file-unreadable")
        assert Path(found["file"]).name == name
        assert what in found["message"]


def test_an_empty_folder_is_not_a_valid_submission(tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke("validate", tmp_path / "empty", "--format", "json")
    assert result.exit_code == 1
    assert [i["code"] for i in strict_json(result.stdout)["issues"]] == ["no-forms"]


# -- bounded memory ------------------------------------------------------------------------------
CAP = 1536 * 1024 * 1024  # bytes the process may hold (RLIMIT_AS)


def bounded(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`jjind ARGS` in a process that may hold at most 1.5 GB."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    return subprocess.run(
        [sys.executable, "-m", "jjindicators", *map(str, args)], capture_output=True, text=True,
        timeout=timeout, preexec_fn=limit_memory, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def endless(tmp_path_factory) -> Path:
    """300 MB of NUL bytes with no line end, as arrests.csv (a sparse file: no disk used)."""
    folder = tmp_path_factory.mktemp("endless")
    for path in WORKED_EXAMPLE.iterdir():
        if path.name != "arrests.csv":
            shutil.copy(path, folder / path.name)
    with (folder / "arrests.csv").open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    return folder


def test_endless_bytes_are_read_in_bounded_memory(endless):
    done = bounded("validate", endless, *DAY, "--format", "json", "--max-file-mb", "400")
    assert done.returncode == 1, done.stderr
    found = issue(strict_json(done.stdout), "csv-line-too-long")
    assert (Path(found["file"]).name, found["row"]) == ("arrests.csv", 1)


def test_a_file_refused_for_its_size_is_neither_read_nor_hashed(endless):
    done = bounded("compute", endless, *DAY, "--format", "json", "--max-file-mb", "1",
                   "--exclude-invalid")  # fmt: skip
    result = strict_json(done.stdout)
    assert issue(result["validation"], "file-too-large")["file"].endswith("arrests.csv")
    hashes = {Path(i["file"]).name: i["sha256"] for i in result["about"]["inputs"]}
    assert hashes["arrests.csv"] is None  # not read: "not read" in the report
    assert hashes["sources.csv"] is not None


def test_the_report_says_a_refused_file_was_not_read(endless, tmp_path):
    out = tmp_path / "report"
    args = ("compute", endless, *DAY, "--max-file-mb", "1", "--exclude-invalid", "-o")
    assert bounded(*args, out).returncode == 1
    about = (out / "about.csv").read_text(encoding="utf-8")
    assert f"input {endless / 'arrests.csv'},not read" in about
    assert f"input {endless / 'sources.csv'},sha256:" in about
    assert bounded(*args, tmp_path / "report.xlsx").returncode == 1
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    rows = [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]
    assert [str(endless / "arrests.csv"), "not read (refused unread: see the issues)"] in [
        r[:2] for r in rows]  # fmt: skip


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_in_bounded_memory(tmp_path):
    link = tmp_path / "arrests.csv"
    link.symlink_to("/dev/zero")
    for args in (("validate", link), ("validate", "/dev/zero"), ("compute", link)):
        done = bounded(*args, "--format", "json", timeout=20)
        assert done.returncode == 1, done.stderr
        assert strict_json(done.stdout)


# -- options -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("compute", "--census-date", "0001-01-01"),
        ("compute", "--census-date", "9999-12-31"),
        ("batch", "--census-date", "0001-01-01"),
        ("validate", "--today", "0001-01-01"),
        ("compute", "--today", "9999-12-31"),
        ("validate", "--max-file-mb", "inf"),
    ],
)
def test_an_absurd_option_is_a_usage_error(tmp_path, command, option, value):
    extra = ("-o", tmp_path / "out") if command == "batch" else ()
    result = invoke(command, WORKED_EXAMPLE, option, value, *extra)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert value in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[compute\nage_breaks = [14]\n", "(at line 1, column 9)"),
        ("[compute]\n\nage_breaks = [14, 14]\n", "line 3: age_breaks = [14, 14]: age_breaks must"),
        ('[compute]\nage_breaks = "14,16"\n', "line 2: age_breaks = \"14,16\": must be a list"),
        ('[compute]\ncensus_fallback = "no"\n', "line 2: census_fallback = \"no\": must be true"),
        ("[compute]\ncensus_date = 0001-01-01\n", "line 2: census_date"),
        ('[compute]\ncensus_date = "2025-13-01"\n', "must be a date such as"),
        ('[compute]\nchild_ref_scope = "country"\n', "must be source or national"),
        ("[compute]\nage_brakes = [14]\n", "not an option (did you mean age_breaks?)"),
        ("[compte]\nage_breaks = [14]\n", "line 1: [compte] is not a table jjind reads (did you"),
        ("age_breaks = [14]\n", "line 1: age_breaks is outside the [compute] table"),
        ("compute = 5\n", "compute must be a table"),
        (b"[compute]\nage_breaks = [14] # \xe9\n", "is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_broken_jjind_toml_names_the_file_and_the_line(tmp_path, text, words):
    folder = tmp_path / "data"
    shutil.copytree(WORKED_EXAMPLE, folder)
    config = folder / "jjind.toml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    for command in ("validate", "compute"):
        result = runner.invoke(app, [command, str(folder)], env={"COLUMNS": "300"})
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert str(config) in result.output
        assert words in result.output


def test_a_huge_jjind_toml_is_not_read(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(WORKED_EXAMPLE, folder)
    with (folder / "jjind.toml").open("wb") as handle:
        handle.truncate(2 * 1024 * 1024 * 1024)  # sparse: 2 GB of NUL bytes, no disk used
    result = invoke("validate", folder)
    assert result.exit_code == 2 and "larger than 1 MB" in result.output


# -- what jjind writes and prints: no control character of the data as it is --------------------
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_no_control_character_of_the_data_reaches_the_terminal(tmp_path):
    """An ESC in a cell or a header is written out (`\\x1b`) on screen, however it is printed;
    rich's own colours still pass."""
    header = LINES[0].rstrip(b"\n") + b",note\x1b]0;pwned\x07\x1b[2J\n"
    data = header + b"".join(LINES[1:]).replace(b",K2,", b",K2\x1b[31m\xc2\x9b2J,")
    folder = spoilt(tmp_path, data)
    result = invoke("validate", folder, *DAY)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x9b" not in result.output
    assert "\\x1b]0;pwned" in result.output
    screen = io.StringIO()
    console = SafeConsole(file=screen, force_terminal=True, color_system="standard", width=120)
    console.print(Text("K2\x1b[2J\u202eabc", style="bold red"))
    shown = re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())  # rich's colours
    assert shown == "K2\\x1b[2J\\u202eabc\n"


def test_no_control_character_reaches_a_file(tmp_path):
    """issues.csv, issues.xlsx, the CSV and the Excel report of a submission whose cells hold NUL
    and ESC (computed with --exclude-invalid, so that the rows reach the report)."""
    about = (WORKED_EXAMPLE / "about.csv").read_bytes().replace(b"Exampleland", b"Ex\x1bample")
    folder = spoilt(tmp_path, CASES["nul-bytes"].data)
    (folder / "about.csv").write_bytes(about)
    out = tmp_path / "out"
    out.mkdir()
    for args in (("validate", "-o", out / "issues.csv"), ("validate", "-o", out / "issues.xlsx"),
                 ("compute", "--exclude-invalid", "-o", out / "report.xlsx"),
                 ("compute", "--exclude-invalid", "-o", out / "csv")):  # fmt: skip
        result = invoke(args[0], folder, *DAY, *args[1:])
        assert result.exit_code == 1, result.output
    texts = [p.read_text(encoding="utf-8") for p in [out / "issues.csv", *out.glob("csv/*.csv")]]
    for book in (out / "issues.xlsx", out / "report.xlsx"):
        workbook = openpyxl.load_workbook(book)
        texts += [c.value for sheet in workbook for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, str)]  # fmt: skip
    assert [t for t in texts if CONTROL.search(t)] == []
    assert any("F\\x00x" in t for t in texts) and any("Ex\\x1bample" in t for t in texts)


def test_json_is_strict_and_escapes_what_a_terminal_acts_on(tmp_path):
    data = with_line(4, "POL1,K2\x9b2J\u202e,F,2008-01-15,,2025-03-01\n".encode())
    folder = spoilt(tmp_path, data)
    result = invoke("validate", folder, *DAY, "--format", "json")
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    found = issue(strict_json(result.stdout), "control-character")
    assert found["value"] == "K2\x9b2J\u202e"  # the data, unchanged, once read back


def test_a_csv_named_with_brackets_gets_an_issues_sheet(tmp_path):
    """A mapping profile naming a CSV file `Arrests [2025].csv`: Excel refuses brackets in a
    sheet's name, so issues.xlsx names the copy `Arrests (2025)`."""
    folder = tmp_path / "data"
    shutil.copytree(WORKED_EXAMPLE, folder)
    (folder / "arrests.csv").rename(folder / "Arrests [2025].csv")
    profile = tmp_path / "profile.toml"
    profile.write_text('[sheets]\n"Arrests [2025]" = "arrests"\n', encoding="utf-8")
    result = invoke("validate", folder, *DAY, "--mapping", profile, "-o", tmp_path / "i.xlsx")
    assert result.exit_code == 0, result.output
    assert "Arrests (2025)" in openpyxl.load_workbook(tmp_path / "i.xlsx").sheetnames


# -- implausible values --------------------------------------------------------------------------
def population_book(tmp_path: Path, **cells: object) -> Path:
    """The worked example as a workbook, population figures typed as numbers: {"E3": 1e26}."""

    def change(sheets: dict) -> None:
        for ref, value in cells.items():
            field = {"E": "population", "F": "year"}[ref[0]]
            sheets["population"][int(ref[1:]) - 2][field] = value

    return make_bad.save(make_bad.example_book(tmp_path, change), tmp_path / "book.xlsx")


def test_a_population_above_any_countrys_is_an_error_on_its_cell(tmp_path):
    book = population_book(tmp_path, E3=1e26, E4=-5, E5=12.5, F2=20255)
    report = contract(book)
    found = {(i["code"], i["cell"]) for i in report["issues"] if i["form"] == "population"}
    assert found == {("implausible-count", "E3"), ("out-of-range", "E4"), ("bad-number", "E5"),
                     ("out-of-range", "F2")}  # fmt: skip
    too_many = issue(report, "implausible-count")
    assert too_many["severity"] == "error" and too_many["value"] == "1e+26"
    assert "at most 1,000,000,000" in too_many["message"]
    text = WORKED_EXAMPLE.joinpath("population.csv").read_text().replace("42000", "9" * 27)
    folder = spoilt(tmp_path / "csv", text.encode(), "population.csv")
    assert issue(contract(folder), "implausible-count")["cell"] == "E3"


def test_a_count_line_above_any_countrys_children_is_an_error(tmp_path):
    folder = spoilt(tmp_path, b"".join(LINES[:6]))  # POL2's arrests sent as counts instead
    counts = ("source_id,sex,age_group,arresting_body,count\nPOL2,M,14-15,,2\n"
              "POL2,M,16-17,,20000000000\n")  # fmt: skip
    (folder / "arrests_counts.csv").write_text(counts, encoding="utf-8")
    found = issue(contract(folder), "implausible-count")
    assert (Path(found["file"]).name, found["cell"]) == ("arrests_counts.csv", "E3")


def test_more_counted_than_the_areas_children_is_a_warning_on_its_population(tmp_path):
    """A population typed in thousands: the rates would be above 100,000 per 100,000."""
    text = (WORKED_EXAMPLE / "population.csv").read_text()
    for figure in ("40000", "42000", "28000", "30000"):
        text = text.replace(figure, figure[:-3])  # 40 for 40,000
    folder = spoilt(tmp_path, text.encode(), "population.csv")
    (folder / "population.csv").write_text(text.replace(",40,", ",1,").replace(",42,", ",1,"))
    report = contract(folder)
    warned = [i for i in report["issues"] if i["code"] == "count-above-population"]
    assert {(i["severity"], i["cell"]) for i in warned} == {("warning", "E2")}
    assert any(i["message"].startswith("5 arrests are counted in R1") for i in warned), warned
    assert "more than its child population (2)" in warned[0]["message"]


def test_brackets_in_a_name_are_printed_as_they_are(tmp_path):
    """Rich reads `[/x]` as markup: a path or a form name holding it stopped jjind on
    MarkupError (after writing the file, saying it had not)."""
    draft = tmp_path / "draft[/x].toml"
    for expected in (0, 2):  # written, then refused: it exists
        result = invoke("map", "suggest", WORKED_EXAMPLE, "-o", draft)
        assert result.exit_code == expected, result.output
        assert str(draft) in result.output.replace("\n", "")
    result = invoke("forms", "[/x]")
    assert result.exit_code == 2 and "There is no form '[/x]'" in result.output


def test_batch_json_is_strict(tmp_path):
    result = invoke("batch", WORKED_EXAMPLE, "-o", tmp_path / "out", *DAY, "--format", "json",
                    "--jobs", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert strict_json(result.stdout)["submissions"][0]["status"] == "ok"


def test_a_workbook_that_cannot_be_opened_is_an_issue(tmp_path, monkeypatch):
    """Permission denied (root reads anything, so the refusal is simulated)."""
    book = make_bad.save(make_bad.example_book(tmp_path), tmp_path / "book.xlsx")

    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(grids, "_sniff", refuse)
    report = check_submission([book], ValidateOptions(today=TODAY)).report
    found = [(i.code, i.message) for i in report.issues if i.code == "file-unreadable"]
    assert found == [("file-unreadable", "The file could not be read as an Excel workbook: it "
                      "cannot be read (Permission denied).")]  # fmt: skip


def test_an_issue_quotes_at_most_500_characters_of_a_cell(tmp_path):
    line = b"POL1,K2," + b"F" * 30_000 + b",2008-01-15,,2025-03-01\n"
    folder = spoilt(tmp_path, with_line(4, line))
    found = issue(contract(folder), "bad-code")
    assert found["value"] == "F" * 500 + "… (30,000 characters)"
    assert len(found["message"]) < 700
