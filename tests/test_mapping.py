"""Mapping profiles (issue #7): a submission in a country's own format, validated and computed as
it arrived, to the same numbers as the same data in jjind's template."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from jjindicators.compute import compute
from jjindicators.mapping import UNRESOLVED, ProfileError, load_profile
from jjindicators.mapping.suggest import suggest_profile
from jjindicators.validate import ValidateOptions, check_submission

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = EXAMPLES / "exampleland-2025.xlsx"
FRENCH = EXAMPLES / "exampleland-2025-fr.xlsx"
PROFILE = EXAMPLES / "exampleland-fr.toml"
SPANISH = EXAMPLES / "exampleland-2025-es.xlsx"
SPANISH_PROFILE = EXAMPLES / "exampleland-es.toml"
TODAY = dt.date(2026, 6, 30)


def profile_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def mistakes(tmp_path: Path, text: str) -> str:
    with pytest.raises(ProfileError) as caught:
        load_profile(profile_file(tmp_path, text))
    return str(caught.value)


# -- loading and checking a profile ---------------------------------------------------------------


def test_profile_keys_are_matched_as_the_forms_match_headers(tmp_path):
    profile = load_profile(profile_file(tmp_path, """
[sheets]
"Arrestations" = "arrests"
"Notes du service" = ""
[columns.arrests]
"Date d'arrestation" = "arrest_date"
"Commentaire" = ""
[codes.sex]
"H" = "M"
[codes."*"]
"oui" = "yes"
[about]
country = "Francophonia"
period_start = 2025-01-01
"""))  # fmt: skip
    assert profile.form_for("ARRESTATIONS") == "arrests"
    assert profile.form_for("notes-du_service") == ""  # skipped
    assert profile.form_for("Arrests") is None  # not named: the forms' own names still apply
    lookup = profile.lookup("arrests", {"sex": "sex"})
    assert lookup["dated'arrestation"] == "arrest_date" and lookup["sex"] == "sex"
    assert lookup["commentaire"] == ""
    assert profile.recode("sex", ["H", " h ", "F", None, 3.0]) == ["M", "M", "F", None, 3.0]
    assert profile.recode("aftercare", ["Oui", "non"]) == ["yes", "non"]  # "*" codes
    assert profile.recode("offence", ["oui"]) == ["oui"]  # free text is never recoded
    assert profile.about == {"country": "Francophonia", "period_start": dt.date(2025, 1, 1)}
    assert len(profile.sha256) == 64


def test_every_mistake_of_a_profile_is_listed_with_its_table_and_key(tmp_path):
    message = mistakes(tmp_path, """
[sheets]
"Arrestations" = "arrest"
[columns.arrests]
"Sexe" = "gender"
[columns.detentions]
"X" = "sex"
[codes.sex]
"H" = "homme"
"G" = "male"
[codes.offence]
"vol" = "theft"
[about]
pays = "Francophonia"
[extra]
a = "b"
""")  # fmt: skip
    assert "profile.toml cannot be used" in message
    assert "[sheets] 'Arrestations' = 'arrest': 'arrest' is not a form" in message
    assert "(did you mean 'arrests'?)" in message
    assert "[columns.arrests] 'Sexe' = 'gender': arrests has no field 'gender'" in message
    assert "[columns.detentions]: 'detentions' is not a form" in message
    assert "[codes.sex] 'H' = 'homme': not allowed (use one of: F, M, all, U)" in message
    assert "[codes.sex] 'G' = 'male': jjind reads it as 'M': write the code itself, 'M'" in message
    assert "[codes.offence]: 'offence' is not a field of codes" in message
    assert "[about] 'pays' is not an about key" in message
    assert "[extra] is not a table of a profile" in message


def test_a_draft_line_left_at_question_mark_is_refused(tmp_path):
    message = mistakes(tmp_path, '[columns.arrests]\n"Remarques" = "?"\n')
    assert "[columns.arrests] 'Remarques' is still '?'" in message
    assert "write what it stands for, or delete the line" in message


def test_an_about_value_of_the_wrong_kind_is_shown_as_written(tmp_path):
    message = mistakes(tmp_path, '[about]\ncountry = ["Francophonia"]\nperiod_end = true\n')
    assert "[about] 'country' must be text, a number or a date" in message
    assert "not ['Francophonia']" in message and "not True" in message


def test_broken_toml_names_the_line_and_how_to_write_it(tmp_path):
    message = mistakes(tmp_path, "[sheets]\nArrestations = arrests\n")
    assert "is not valid TOML" in message and "line 2" in message
    assert 'one "name" = "value" per line' in message


def test_a_code_valid_in_one_form_is_accepted(tmp_path):
    # sex is F/M/U in the record forms and F/M/all in population
    profile = load_profile(profile_file(tmp_path, '[codes.sex]\n"ensemble" = "all"\n"I" = "U"\n'))
    assert profile.recode("sex", ["ensemble", "I"]) == ["all", "U"]


# -- the French and Spanish examples: same data, own format ---------------------------------------


@dataclass(frozen=True)
class Mapped:
    """The example in one country's own format: its workbook, its profile and its names."""

    workbook: Path
    profile: Path
    arrests: str  # the arrests sheet, as the country names it
    sex: str  # the sex header
    adult: set[str]  # the date of birth and age headers (where a not-a-child issue points)
    traced: set[str]  # the sheets the trace names


MAPPED = {
    "fr": Mapped(FRENCH, PROFILE, "Arrestations", "Sexe", {"Date de naissance", "Âge"},
                 {"Arrestations", "Recensement", "Registre des détentions", "Décès", "Décisions",
                  "Sources d'information", "Politiques"}),
    "es": Mapped(SPANISH, SPANISH_PROFILE, "Detenciones policiales", "Sexo",
                 {"Fecha de nacimiento", "Edad"},
                 {"Detenciones policiales", "Censo de internos", "Registro de ingresos",
                  "Fallecimientos", "Resoluciones", "Fuentes", "Políticas"}),
}  # fmt: skip


def summary_numbers(paths, options):
    result = compute(paths, validate_options=options)
    assert result.computed, [i.message for i in result.validation.issues if i.severity == "error"]
    return result, [(r["indicator"], r["value"], r["numerator"], r["denominator"])
                    for r in result.summary()]  # fmt: skip


@pytest.fixture(scope="module")
def template():
    return summary_numbers([CLEAN], ValidateOptions(today=TODAY))


@pytest.mark.parametrize("lang", MAPPED)
def test_mapped_example_computes_to_the_template_numbers(template, lang):
    example = MAPPED[lang]
    original_result, expected = template
    profile = load_profile(example.profile)
    options = ValidateOptions(today=TODAY, mapping=profile)
    mapped, numbers = summary_numbers([example.workbook], options)
    assert numbers == expected
    assert mapped.cells_frame().equals(original_result.cells_frame())
    trace, original = mapped.trace_frame(), original_result.trace_frame()
    assert len(trace) == len(original)
    assert (trace["row"] == original["row"]).all()  # the same rows counted, row for row
    assert set(trace["sheet"]) == example.traced  # the user's own sheet names
    assert mapped.about()["mapping"] == {"file": str(example.profile), "sha256": profile.sha256}


@pytest.mark.parametrize("lang", MAPPED)
def test_issues_on_mapped_data_point_at_the_users_sheet_cell_and_header(lang):
    example = MAPPED[lang]
    options = ValidateOptions(today=TODAY, mapping=load_profile(example.profile))
    report = check_submission([example.workbook], options).report
    expected = check_submission([CLEAN], ValidateOptions(today=TODAY)).report
    assert report.counts == expected.counts
    mapped = {(i.code, i.cell) for i in report.issues}
    assert mapped == {(i.code, i.cell) for i in expected.issues}
    adult = next(i for i in report.issues if i.code == "not-a-child")
    assert adult.sheet == example.arrests
    assert adult.column in example.adult


@pytest.mark.parametrize("lang", MAPPED)
def test_without_the_profile_the_mapped_workbook_is_not_read_as_forms(lang):
    report = check_submission([MAPPED[lang].workbook], ValidateOptions(today=TODAY)).report
    assert "unknown-sheet" in {i.code for i in report.issues}
    assert not report.valid


def test_the_m_for_mujer_trap_needs_its_line_in_the_profile(tmp_path):
    """The Spanish example writes sex as H (hombre) and M (mujer), and M is jjind's code for
    male: without `"M" = "F"` the girls are read as boys. In the record sheets nothing would
    show it; only the population sheet, now with two rows of boys per area and age, does."""
    text = SPANISH_PROFILE.read_text(encoding="utf-8")
    assert '\n"M" = "F"\n' in text
    profile = load_profile(profile_file(tmp_path, text.replace('\n"M" = "F"\n', "\n")))
    report = check_submission([SPANISH], ValidateOptions(today=TODAY, mapping=profile)).report
    assert {i.code for i in report.issues if i.severity == "error"} == {"population-overlap"}
    assert {i.sheet for i in report.issues if i.code == "population-overlap"} == {"Población"}


@pytest.mark.parametrize("lang", MAPPED)
def test_a_mapped_code_error_shows_the_value_as_sent(tmp_path, lang):
    import openpyxl

    example = MAPPED[lang]
    spoilt = tmp_path / f"{lang}.xlsx"
    shutil.copy(example.workbook, spoilt)
    book = openpyxl.load_workbook(spoilt)
    sheet = book[example.arrests]
    column = next(c.column_letter for c in sheet[1] if c.value == example.sex)
    sheet[f"{column}5"] = "Z"
    book.save(spoilt)
    options = ValidateOptions(today=TODAY, mapping=load_profile(example.profile))
    report = check_submission([spoilt], options)
    bad = [i for i in report.report.issues if i.code == "bad-code"]
    assert [(i.sheet, i.cell, i.column, i.value) for i in bad] == [
        (example.arrests, f"{column}5", example.sex, "Z")
    ]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The workbooks `make_mapped_example.py` writes by default (every format), by path."""
    out = tmp_path_factory.mktemp("mapped")
    script = EXAMPLES / "make_mapped_example.py"
    done = subprocess.run([sys.executable, script, "--out", out], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return {Path(line).name: Path(line) for line in done.stdout.splitlines()}


@pytest.mark.parametrize("lang", MAPPED)
def test_the_example_workbook_is_what_its_script_writes(written, lang):
    import openpyxl

    committed = MAPPED[lang].workbook
    new = openpyxl.load_workbook(written[committed.name])
    old = openpyxl.load_workbook(committed)
    assert new.sheetnames == old.sheetnames
    for name in old.sheetnames:
        assert [list(r) for r in new[name].iter_rows(values_only=True)] == [
            list(r) for r in old[name].iter_rows(values_only=True)
        ], name


# -- drafting a profile ---------------------------------------------------------------------------


def test_suggest_matches_what_it_can_and_marks_the_rest(tmp_path):
    draft = suggest_profile([FRENCH])
    lines = {(ln.table, ln.sent): (ln.target, ln.how) for ln in draft.lines}
    assert ("sheets", "Population") not in lines  # already a form's name: nothing to map
    assert lines[("sheets", "LISEZMOI")] == ("", "looks like notes: no header row")
    # French form titles are read as they are (docs/languages.md): nothing to map
    assert ("sheets", "Décisions") not in lines and ("sheets", "Arrestations") not in lines
    assert lines[("sheets", "Décès")] == ("deaths", "by its headers (8 of 9 fields)")
    # source_id and sex are in every record form: they tell no form apart
    assert lines[("sheets", "Recensement")] == ("?", "not matched")
    assert lines[("columns.decisions", "Code source")] == ("source_id", "close to 'source'")
    assert lines[("columns.decisions", "Instance")] == ("?", "not matched")
    assert ("codes.decision", "acquittement") not in lines  # a French code label: read as is
    assert ("codes.decision", "classement sans suite") not in lines  # French for dismissal
    text = draft.to_toml(today=dt.date(2026, 12, 4))
    assert text.startswith("# jjind mapping profile, drafted by `jjind map suggest`")
    assert '"Recensement" = "?"  # not matched' in text
    assert '# The sheet "Recensement" could not be matched to a form.' in text
    assert '# "Date d\'entrée" = "?"' in text  # its headers, ready to map
    assert '[about]\n# country = "?"' not in text or not draft.about_found
    with pytest.raises(ProfileError, match="is still '\\?'"):
        load_profile(profile_file(tmp_path, text))


def test_suggest_writes_each_header_once_per_form(tmp_path):
    """Two sheets of one form with the same headers (one per source, say) give one line each,
    so that the draft stays valid TOML (a key twice in a table is an error)."""
    import openpyxl

    book = openpyxl.load_workbook(CLEAN)
    copy = book.copy_worksheet(book["decisions"])
    copy.title = "decisiones 2"
    path = tmp_path / "two.xlsx"
    book.save(path)
    text = suggest_profile([path]).to_toml()
    import tomllib

    tomllib.loads(text)  # no duplicate keys
    assert text.count('"decisiones 2" = "decisions"') == 1


def test_suggest_on_template_headers_with_foreign_codes(tmp_path):
    """A workbook with the template's sheets and headers but the country's codes: the codes
    close to ours are matched, the others marked, and the corrected draft validates clean."""
    import openpyxl

    book = openpyxl.load_workbook(CLEAN)
    sheet = book["arrests"]
    sex = next(c.column for c in sheet[1] if c.value == "sex")
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, sex)
        cell.value = {"M": "H", "F": "Femme"}.get(cell.value, cell.value)
    path = tmp_path / "codes.xlsx"
    book.save(path)
    draft = suggest_profile([path])
    lines = {(ln.table, ln.sent): ln.target for ln in draft.lines}
    assert lines[("codes.sex", "Femme")] == "F"  # close to female
    assert lines[("codes.sex", "H")] == "?"
    text = draft.to_toml().replace('"H" = "?"', '"H" = "M"')
    profile = load_profile(profile_file(tmp_path, text))
    report = check_submission([path], ValidateOptions(today=TODAY, mapping=profile)).report
    expected = check_submission([CLEAN], ValidateOptions(today=TODAY)).report
    assert report.counts == expected.counts


def corrected(table: str, sent: str) -> str | None:
    """What the hand-corrected Spanish profile says for `sent` in `table` ("codes.sex")."""
    node = tomllib.loads(SPANISH_PROFILE.read_text(encoding="utf-8"))
    for part in table.split("."):
        node = node.get(part, {})
    return node.get(sent)


def test_the_spanish_draft_is_a_real_start():
    """`exampleland-es.toml` is the draft of `map suggest`, corrected by hand: every line the
    draft matched is there as drafted, and the lines it marked "?" are those written by hand."""
    draft = suggest_profile([SPANISH])
    matched = {(ln.table, ln.sent): ln.target for ln in draft.lines if ln.target != UNRESOLVED}
    assert {key: corrected(*key) for key in matched} == matched
    # The register's "Trasladado desde" (jjind's Spanish label of transferred_from, a field only
    # the register has) places "Registro de ingresos" by its headers: its 12 headers are drafted,
    # 7 matched and 5 marked, where the sheet alone was marked before.
    assert len(matched) == 37  # LÉAME skipped, 6 sheets placed by their headers, 30 headers
    marked = {(ln.table, ln.sent) for ln in draft.lines if ln.target == UNRESOLVED}
    assert marked == {
        ("sheets", "Datos generales"), ("sheets", "Censo de internos"),
        ("sheets", "Resoluciones"),
        ("columns.areas", "Denominación"), ("columns.areas", "Zona superior"),
        ("columns.sources", "Código fuente"), ("columns.sources", "Denominación"),
        ("columns.sources", "Tipo de centro"), ("columns.sources", "Alberga adultos"),
        ("columns.sources", "Internó menores en el periodo"),
        ("columns.sources", "Órgano inspector"), ("columns.sources", "Sistema de quejas"),
        ("columns.population", "Habitantes"), ("columns.population", "Fuente de los datos"),
        ("columns.arrests", "Código fuente"), ("columns.arrests", "Edad aproximada"),
        ("columns.arrests", "Fecha de detención"), ("columns.arrests", "Cuerpo actuante"),
        ("columns.deaths", "Código fuente"), ("columns.deaths", "Edad aproximada"),
        ("columns.deaths", "Fecha de fallecimiento"), ("columns.deaths", "Situación procesal"),
        ("columns.detention_register", "Código fuente"),
        ("columns.detention_register", "Edad aproximada"),
        ("columns.detention_register", "Fecha de salida"),
        ("columns.detention_register", "Motivo de salida"),
        ("columns.detention_register", "Seguimiento posterior"),
        ("columns.policy", "Norma de referencia"),
        ("codes.source_type", "centro de internamiento"),
        ("codes.source_type", "autoridad judicial"),
        ("codes.sex", "H"), ("codes.sex", "M"), ("codes.sex", "no consta"),
    }  # fmt: skip
    assert all(corrected(*key) not in (None, UNRESOLVED) for key in marked)
    assert {key: corrected(*key) for key in marked if key[0] == "codes.sex"} == {
        ("codes.sex", "H"): "M", ("codes.sex", "M"): "F", ("codes.sex", "no consta"): "U",
    }  # fmt: skip
    # The sheets it could not place are listed with their headers; each header is mapped.
    assert [sheet for sheet, _ in draft.unknown_sheets] == [
        "Datos generales", "Censo de internos", "Resoluciones",
    ]  # fmt: skip
    for sheet, headers in draft.unknown_sheets:
        form = corrected("sheets", sheet)
        assert all(corrected(f"columns.{form}", header) for header in headers), sheet


@pytest.mark.parametrize("male", ["H", "V"])
def test_suggest_marks_m_beside_h_or_v_as_perhaps_mujer(tmp_path, male):
    """M is a valid code (male), so it would pass unseen; beside H or V (hombre, varón) and
    without F, it is most likely mujer, and the draft says so."""
    import openpyxl

    book = openpyxl.load_workbook(CLEAN)
    sheet = book["arrests"]
    sex = next(c.column for c in sheet[1] if c.value == "sex")
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, sex)
        cell.value = {"M": male, "F": "M"}.get(cell.value, cell.value)
    path = tmp_path / "hm.xlsx"
    book.save(path)
    lines = {(ln.table, ln.sent): ln for ln in suggest_profile([path]).lines}
    assert lines[("codes.sex", "M")].target == UNRESOLVED
    assert "it may be mujer: F (in arrests!sex)" in lines[("codes.sex", "M")].how
    assert lines[("codes.sex", male)].target == UNRESOLVED
    # With F in the column, M is the male code as usual.
    assert not [ln for ln in suggest_profile([CLEAN]).lines if ln.table == "codes.sex"]


# -- the command line -----------------------------------------------------------------------------


def cli(*args):
    from typer.testing import CliRunner

    from jjindicators.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_cli_validate_and_compute_with_a_mapping(tmp_path):
    done = cli("validate", FRENCH, "--mapping", PROFILE, "--today", TODAY)
    assert done.exit_code == 0, done.output
    assert "0 errors, 7 warnings, 11 notices" in done.stdout
    report = tmp_path / "fr"
    done = cli("compute", FRENCH, "-m", PROFILE, "-o", report, "--today", TODAY)
    assert done.exit_code == 0, done.output
    about = (report / "about.csv").read_text(encoding="utf-8")
    assert f"mapping {PROFILE},sha256:" in about


def test_cli_refuses_a_profile_with_mistakes_with_exit_2(tmp_path):
    bad = profile_file(tmp_path, '[sheets]\n"Arrestations" = "arrest"\n')
    done = cli("validate", FRENCH, "--mapping", bad)
    assert done.exit_code == 2
    assert "cannot be used" in done.output and "did you mean 'arrests'?" in done.output


def test_cli_batch_takes_a_mapping(tmp_path):
    done = cli("batch", FRENCH, "-o", tmp_path / "out", "--mapping", PROFILE, "--today", TODAY,
               "--jobs", "1")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert list((tmp_path / "out").glob("*/report.xlsx"))


def test_cli_map_suggest_writes_the_draft_and_counts_what_is_left(tmp_path):
    target = tmp_path / "draft.toml"
    done = cli("map", "suggest", FRENCH, "-o", target)
    assert done.exit_code == 0, done.output
    assert target.read_text(encoding="utf-8").startswith("# jjind mapping profile")
    assert 'could not be matched ("?")' in done.output
    again = cli("map", "suggest", FRENCH, "-o", target)
    assert again.exit_code == 2 and "already exists" in again.output
    printed = cli("map", "suggest", CLEAN)
    assert printed.exit_code == 0 and "[profile]" in printed.stdout
