"""The reports and the console in French and Spanish (`render/words.py`): the same numbers in
the same cells as in English, every label in the language, the machine columns unchanged."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE, submission
from jjindicators.batch import run_batch
from jjindicators.cli import app
from jjindicators.compute import ComputeResult, compute
from jjindicators.i18n import lookup
from jjindicators.indicators.codes import Note
from jjindicators.render.report_csv import write_report_csv
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import TEXTS, Words, localise_result
from jjindicators.validate import ValidateOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "exampleland-2025.xlsx"
CHECKS = ValidateOptions(today=TODAY)
LANGS = ["fr", "es"]
runner = CliRunner()


@pytest.fixture(scope="module")
def example() -> ComputeResult:
    """The shipped example: every indicator, bands, answers, notes, warnings."""
    return compute([EXAMPLE], validate_options=CHECKS)


@pytest.fixture(scope="module")
def english(example, tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("en") / "report.xlsx"
    return openpyxl.load_workbook(write_report_xlsx(example, path))


def _values(book: openpyxl.Workbook) -> list[dict[str, Any]]:
    return [
        {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}
        for sheet in book.worksheets
    ]


def _texts(book: openpyxl.Workbook) -> set[str]:
    """The texts of the sheets for people: the summary, the indicators' sheets and About (the
    flat tables — trace, coverage, issues — hold values for machines: codes, parts, roles)."""
    found = set(book.sheetnames)
    flat = {n for n in book.sheetnames if book[n].auto_filter.ref}
    for name, sheet in zip(book.sheetnames, _values(book), strict=True):
        if name not in flat:
            found |= {v for v in sheet.values() if isinstance(v, str)}
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_excel_report_has_the_english_numbers_in_the_same_cells(
    example, english, tmp_path, lang
):
    local = openpyxl.load_workbook(write_report_xlsx(example, tmp_path / "r.xlsx", lang))
    assert len(local.sheetnames) == len(english.sheetnames)
    for theirs, ours in zip(_values(english), _values(local), strict=True):
        assert theirs.keys() == ours.keys()
        numbers = {k: v for k, v in theirs.items() if not isinstance(v, str)}
        assert numbers == {k: ours[k] for k in numbers}
        assert all(isinstance(ours[k], str) for k in theirs if k not in numbers)


@pytest.mark.parametrize("lang", LANGS)
def test_the_excel_report_speaks_the_language(example, english, tmp_path, lang):
    local = openpyxl.load_workbook(write_report_xlsx(example, tmp_path / "r.xlsx", lang))

    def text(name: str, **params: Any) -> str:
        return Words(lang)(name, **params)

    summary = local.worksheets[0]
    assert local.sheetnames[0] == text("sheet_summary")
    assert local.sheetnames[-1] == text("sheet_about")
    assert summary["A1"].value == text("title", country="Exampleland")
    assert summary["A2"].value == text(
        "title_period", period=text("span", start="2025-01-01", end="2025-12-31")
    )
    header = [c.value for c in summary[6]]
    assert header[:4] == [text(f"col_{c}") for c in ("indicator", "name", "core", "value")]
    names = {row[0]: row[1] for row in summary.iter_rows(min_row=7, max_row=21, values_only=True)}
    assert names["1"] == lookup("indicator.1.name", lang)
    assert names["12(a)"] == lookup("indicator.12.name", lang)
    assert local.sheetnames[1].startswith(f"I1 {lookup('indicator.1.name', lang)[:10]}")
    rules = [r[1] for r in local[text("sheet_about")].iter_rows(values_only=True)]
    assert lookup("indicator.3.rule.1", lang) in rules
    # No text of the report's frame is left in English where the language has its own; the
    # child_ref scope (`source`) is a code, shown as the about sheet has it, and so is the value
    # of the option duration_headline (`median`), as jjind.toml has it.
    ours = _texts(local) - {example.child_ref_scope, example.options.duration_headline}
    left = [
        english_text
        for name, english_text in TEXTS.items()
        if "{" not in english_text
        and english_text in _texts(english)
        and lookup(f"report.{name}", lang) != english_text
        and english_text in ours
    ]
    assert left == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_report_keeps_its_columns_and_values_for_machines(example, tmp_path, lang):
    def read(folder: Path, name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    write_report_csv(example, tmp_path / "en")
    write_report_csv(example, tmp_path / lang, lang)
    for name in ("indicators.csv", "coverage.csv", "trace.csv", "about.csv"):
        assert read(tmp_path / "en", name) == read(tmp_path / lang, name), name
    theirs, ours = read(tmp_path / "en", "summary.csv"), read(tmp_path / lang, "summary.csv")
    assert [{**r, "name": ""} for r in theirs] == [{**r, "name": ""} for r in ours]
    assert ours[0]["name"] == lookup("indicator.1.name", lang)
    theirs, ours = read(tmp_path / "en", "issues.csv"), read(tmp_path / lang, "issues.csv")
    assert [r["code"] for r in theirs] == [r["code"] for r in ours] and ours
    assert all(a["message"] != b["message"] for a, b in zip(theirs, ours, strict=True))


class _Marked(Words):
    """Words that show which texts they translate: every text of `TEXTS` comes out as `<name>`."""

    def __call__(self, text: str, /, **params: Any) -> str:
        assert text in TEXTS, text  # a key every catalogue has
        return f"<{text}>"


@pytest.mark.parametrize("path", [EXAMPLE, WORKED_EXAMPLE], ids=["example", "worked"])
def test_every_unit_breakdown_part_flag_and_note_of_a_result_is_translated(path):
    """What the indicators write into their cells — units, breakdowns, parts, duration bands,
    flags, notes, answers — is among the texts a catalogue translates; only the data
    themselves (here the evidence of the policy answers) stay as they are."""
    result = compute([path], validate_options=CHECKS)
    words = _Marked("fr")
    left = set()

    def said(text: str) -> bool:
        return "<" in text

    for indicator in result.results:
        left |= {("flag", str(f)) for f in indicator.flags if not said(words.flag(f))}
        for cell in indicator.cells:
            checks = [
                ("unit", cell.unit, said(words.unit(cell.unit))),
                ("dimension", cell.dimension, said(words.dimension(cell.dimension))),
                *(("flag", str(f), said(words.flag(f))) for f in cell.flags),
            ]
            if len(cell.part.code) > 1:  # `a`, `b`: the lettered parts of 12-15
                checks.append(("part", str(cell.part), said(words.part(cell.part))))
            # the evidence of a policy answer is data; a checklist item is its question
            if cell.note is not None and cell.note.code not in ("evidence", "checklist_item"):
                checks.append(("note", str(cell.note), said(words.note(cell.note))))
            if isinstance(cell.value, str):
                checks.append(("answer", cell.value, words.answer(cell.value) != cell.value))
            left |= {(kind, text) for kind, text, ok in checks if not ok}
    assert not left, left


def test_a_result_is_localised_once():
    """English stays the same object, and a result already in the language is not localised
    again by the writers it is handed to (the command line, batch)."""
    result = compute([WORKED_EXAMPLE], validate_options=CHECKS)
    assert localise_result(result, "en") is result
    french = localise_result(result, "fr")
    assert french.lang == "fr" and french.results[0].meta.name == lookup("indicator.1.name", "fr")
    assert localise_result(french, "fr") is french
    with pytest.raises(ValueError, match="from English"):
        localise_result(french, "es")


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "no age column in arrests (data.xlsx, sheet Arrests 2025)"),
     ("fr", "pas de colonne age dans {form} (data.xlsx, feuille Arrests 2025)"),
     ("es", "no hay columna age en {form} (data.xlsx, hoja Arrests 2025)")],
)  # fmt: skip
def test_a_missing_column_says_where_in_the_language(lang, said):
    """Where a sheet lacks a column is a file and a sheet, put into words when read; a CSV file
    is its name alone."""
    words = Words(lang)
    note = Note.of("no_column", column="age", form="arrests", file="data.xlsx",
                   sheet="Arrests 2025")  # fmt: skip
    assert words.note(note) == said.format(form=words.form("arrests"))
    csv_note = Note.of("no_column", column="age", form="arrests", file="arrests.csv")
    assert words.note(csv_note).endswith("(arrests.csv)")
    assert str(note) == "no_column(column=age,form=arrests,file=data.xlsx,sheet=Arrests 2025)"


# -- the command line -----------------------------------------------------------------------------
def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250", **(env or {})})


def test_compute_shows_the_summary_in_spanish_and_writes_a_spanish_report(tmp_path):
    out = tmp_path / "informe.xlsx"
    ran = invoke("compute", WORKED_EXAMPLE, "--today", TODAY, "--lang", "es", "-o", out)
    assert ran.exit_code == 0, ran.output
    words = Words("es")
    assert words("console_indicator") in ran.stdout
    assert lookup("indicator.1.name", "es") in ran.stdout
    assert words("span", start="2025-01-01", end="2025-12-31") in ran.stdout
    assert words("console_written", path=out) in ran.stderr.replace("\n", "")
    assert openpyxl.load_workbook(out).sheetnames[0] == words("sheet_summary")


def test_compute_takes_the_language_of_the_locale():
    ran = invoke("compute", WORKED_EXAMPLE, "--today", TODAY, env={"LANG": "fr_FR.UTF-8"})
    assert ran.exit_code == 0, ran.output
    assert lookup("indicator.9.name", "fr") in ran.stdout


def test_validate_shows_its_table_and_summary_line_in_french(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    ran = invoke("validate", folder, "--today", TODAY, "--lang", "fr")
    words = Words("fr")
    assert words("console_problem") in ran.stdout
    assert words("console_severity_error") in ran.stdout
    assert words.count(1, "error") in ran.stdout and "✗" in ran.stdout


def test_the_issues_file_in_french_names_its_sheets_and_headings_in_french(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    out = tmp_path / "problemes.xlsx"
    invoke("validate", folder, "--today", TODAY, "--lang", "fr", "-o", out)
    book = openpyxl.load_workbook(out)
    words = Words("fr")
    assert book.sheetnames[0] == words("sheet_issues")
    copy = book.worksheets[1]
    assert [copy["A1"].value, copy["B1"].value, copy["C1"].value] == [
        words("issues_row"), words("issues_col_message"), words("issues_col_hint")]  # fmt: skip
    assert copy["B2"].value.startswith(words("console_severity_error").upper())


def test_batch_writes_every_report_and_the_comparison_in_the_language(tmp_path):
    out = tmp_path / "out"
    result = run_batch([WORKED_EXAMPLE], out, None, CHECKS, lang="es")
    assert result.succeeded
    words = Words("es")
    report = openpyxl.load_workbook(out / "Exampleland" / "report.xlsx")
    assert report.sheetnames[0] == words("sheet_summary")
    comparison = openpyxl.load_workbook(out / "comparison.xlsx")
    assert comparison.sheetnames == [words("comparison_sheet"),
                                     words("comparison_sheet_details"),
                                     words("comparison_sheet_charts")]  # fmt: skip
    assert comparison.worksheets[0]["A1"].value == words("comparison_title")
    # the language is part of what a resumed batch compares: French is computed again
    again = run_batch([WORKED_EXAMPLE], out, None, CHECKS, resume=True, lang="fr")
    assert [e.status for e in again.entries] == ["ok"]
    same = run_batch([WORKED_EXAMPLE], out, None, CHECKS, resume=True, lang="fr")
    assert [e.status for e in same.entries] == ["skipped (unchanged)"]
