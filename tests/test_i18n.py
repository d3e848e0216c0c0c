"""Languages (issue #7): every key of the code in every catalogue, placeholders kept, issues in
French and Spanish, sheet names, headers and codes read in any language, `validate --lang`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE, example_sheets, run, submission, write_xlsx
from jjindicators import i18n
from jjindicators.catalogue import CATALOGUE, Code
from jjindicators.cli import app
from jjindicators.forms import FORMS, types
from jjindicators.forms.labels import code_key, coded_fields, field_key, model_english
from jjindicators.forms.types import code_for_label
from jjindicators.i18n import ENGLISH, catalogue, default_language, languages, lookup, translate
from jjindicators.indicators import INDICATORS
from jjindicators.issue_params import (
    Allowed,
    CodeName,
    FieldName,
    Joined,
    Phrase,
    SheetName,
    did_you_mean,
)
from jjindicators.issues import ISSUE_COLUMNS, Where, make_issue
from jjindicators.protect import withhold_child_ref
from jjindicators.read.tables import FIELD_LOOKUP, form_for_sheet, header_key
from jjindicators.validate import ValidateOptions, check_submission
from jjindicators.validate.fields import field_adapter

OTHERS = [lang for lang in languages() if lang != ENGLISH]


def test_french_and_spanish_are_there():
    assert {"en", "fr", "es"} <= set(languages())


# -- the catalogues against the code -------------------------------------------------------------
def english() -> dict[str, str]:
    return catalogue(ENGLISH)


def test_english_says_what_the_models_say():
    """The forms' and indicators' English is defined in their models; `en.toml` holds the same
    texts under their keys (fix a difference in en.toml)."""
    keys = english()
    wrong = [f"{k}: {keys.get(k)!r} ≠ {text!r}" for k, text in model_english().items()
             if keys.get(k) != text]  # fmt: skip
    for number, module in INDICATORS.items():
        meta = module.META
        texts = {"name": meta.name, "definition": meta.definition}
        texts |= {f"rule.{k}": r.text for k, r in enumerate(meta.rules, start=1)}
        for k, text in texts.items():
            key = f"indicator.{number}.{k}"
            if keys.get(key) != text:
                wrong.append(f"{key}: {keys.get(key)!r} ≠ {text!r}")
        stray = [k for k in keys if k.startswith(f"indicator.{number}.rule.")
                 and int(k.rsplit(".", 1)[1]) > len(meta.rules)]  # fmt: skip
        wrong += [f"{k}: no such rule" for k in stray]
    assert not wrong, "locales/en.toml differs from the models:\n" + "\n".join(wrong)


def test_the_keys_come_from_the_code():
    keys = english()
    for name, spec in FORMS.items():
        assert keys[f"form.{name}.title"] == spec.title
        for field, info in spec.fields.items():
            assert keys[field_key(name, field)] == info.title
            assert keys[field_key(name, field, "note")] == info.description
    for code in CATALOGUE:
        assert {f"issue.{code}.{part}" for part in ("title", "message", "hint")} <= set(keys)
    for (form, field), codes in coded_fields().items():
        assert all(code_key(form, field, c) in keys for c in codes)
    assert keys["indicator.1.name"] == "Children in conflict with the law"


@pytest.mark.parametrize("lang", OTHERS)
def test_every_key_is_in_the_catalogue_and_no_other(lang):
    have = catalogue(lang)
    missing = [key for key in english() if key not in have]
    stray = [key for key in have if key not in english()]
    assert not missing, f"locales/{lang}.toml lacks {len(missing)} key(s): " + ", ".join(missing)
    assert not stray, f"locales/{lang}.toml has keys the code does not: " + ", ".join(stray)


@pytest.mark.parametrize("lang", OTHERS)
def test_a_catalogue_is_one_flat_table_of_texts(lang):
    with (i18n.LOCALES / f"{lang}.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    # a text may be a space only where it is a separator: French writes 12 345,6
    spaces = {"report.number_thousands"}
    assert all(isinstance(v, str) and (v.strip() or k in spaces) for k, v in raw.items()), [
        k for k, v in raw.items() if not isinstance(v, str) or not (v.strip() or k in spaces)
    ]


def _placeholders(text: str) -> Counter[tuple[str, str | None, str]]:
    return Counter(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_are_kept_exactly(lang):
    wrong = [
        f"{key}: {sorted(_placeholders(catalogue(lang)[key]))} ≠ {sorted(_placeholders(text))}"
        for key, text in english().items()
        if key in catalogue(lang) and _placeholders(catalogue(lang)[key]) != _placeholders(text)
    ]
    assert not wrong, f"locales/{lang}.toml:\n" + "\n".join(wrong)


def test_lookup_falls_back_to_english_and_refuses_unknown_languages():
    assert lookup("form.arrests.title", "fr") == "Arrestations"
    assert lookup("form.arrests.title", "es") == "Arrestos"
    assert lookup("form.arrests.title") == "Arrests"
    with pytest.raises(ValueError, match="No catalogue"):
        lookup("form.arrests.title", "xx")
    with pytest.raises(KeyError):
        lookup("form.nope.title", "fr")


@pytest.fixture
def fourth_language(tmp_path, monkeypatch):
    """The catalogues with a fourth language beside them that has one key only."""
    folder = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, folder)
    (folder / "ar.toml").write_text('"form.arrests.title" = "الاعتقالات"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", folder)
    for cached in (i18n.languages, i18n.catalogue, types._code_labels):
        cached.cache_clear()
    yield "ar"
    monkeypatch.undo()
    for cached in (i18n.languages, i18n.catalogue, types._code_labels):
        cached.cache_clear()


def test_a_fourth_language_is_a_file(fourth_language):
    assert fourth_language in languages()
    assert lookup("form.arrests.title", fourth_language) == "الاعتقالات"
    assert lookup("form.deaths.title", fourth_language) == "Deaths in detention"  # English
    missing = [key for key in english() if key not in catalogue(fourth_language)]
    assert "issue.bad-code.message" in missing and "form.arrests.title" not in missing


# -- issues in another language ------------------------------------------------------------------
def test_an_issue_is_written_in_french_and_spanish_when_read():
    where = Where(form="arrests", field="sex", column="sex")
    issue = make_issue(Code.BAD_CODE, where, "Z", allowed=Allowed("arrests", "sex"),
                       suggestion=did_you_mean(CodeName("arrests", "sex", "F")))  # fmt: skip
    assert issue.text("message", "fr") == "'Z' n'est pas une valeur autorisée pour sex."
    assert issue.text("hint", "fr") == (
        "Utilisez l'une des valeurs suivantes : féminin, masculin, non enregistré "
        "(vouliez-vous dire 'féminin' ?)."
    )
    assert issue.text("message", "es") == "'Z' no es un valor permitido para sex."
    assert issue.text("hint", "es") == (
        "Utilice uno de estos valores: femenino, masculino, no registrado "
        "(¿quiso decir 'femenino'?)."
    )
    assert issue.hint == "Use one of: F, M, U (did you mean 'F'?)."  # English: the codes
    assert issue.to_dict("fr")["hint"] == issue.text("hint", "fr")


def test_params_are_not_a_column_and_are_part_of_an_issue():
    where = Where(form="arrests", field="arrest_date", column="Date of arrest")
    issue = make_issue(Code.FUTURE_DATE, where, dt.date(2030, 1, 1), today=dt.date(2026, 1, 15))
    assert dict(issue.params) == {
        "today": dt.date(2026, 1, 15),
        "field": FieldName("arrests", "arrest_date", "Date of arrest"),
        "value": "2030-01-01",
    }
    assert issue.message == "Date of arrest (2030-01-01) is after today (2026-01-15)."
    assert list(issue.to_dict()) == list(ISSUE_COLUMNS)
    assert issue == make_issue(Code.FUTURE_DATE, where, "2030-01-01", today=dt.date(2026, 1, 15))


def test_a_code_written_wrong_fails_at_import():
    assert Code.BAD_CODE == "bad-code" and set(CATALOGUE) == set(Code)
    with pytest.raises(AttributeError):
        Code.BAD_KODE  # noqa: B018


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_withheld_child_ref_is_withheld_in_every_language(lang):
    """`protect.withhold_child_ref` takes the reference out of the issue's parameters, so the
    issue is still written in any language without it."""
    where = Where(form="detention_census", field="child_ref", column="child_ref", child_ref="K7")
    issue = make_issue(Code.DUPLICATE_CHILD_IN_CENSUS, where, "K7", source="DET1", first_row=3)
    hidden = withhold_child_ref(issue)
    row = hidden.to_dict(lang)
    assert "K7" not in json.dumps(row, ensure_ascii=False)
    assert lookup("phrase.withheld", lang) in row["message"]
    assert row["value"] == lookup("phrase.withheld", lang) and row["child_ref"] is None
    assert row["message"] != hidden.to_dict("en" if lang != "en" else "fr")["message"]
    assert "K7" in issue.to_dict(lang)["message"]


def test_every_issue_of_a_faulty_submission_comes_in_french_and_spanish(tmp_path):
    folder = submission(
        tmp_path,
        arrests={3: {"sex": "Mael", "age": "x", "arrest_date": "31/02/2025"}, 4: {"age": "30"}},
        detention_register=lambda rows: rows[0].update(release_type="", release_date="2025-06-01"),
        decisions={2: {"source_id": ""}},
        deaths=None,
    )
    report = run(folder)
    assert len(report.issues) > 8
    english = report.to_dict()["issues"]
    for lang in ("fr", "es"):
        local = report.to_dict(lang)["issues"]
        for before, after in zip(english, local, strict=True):
            assert after["message"] != before["message"], (lang, before["code"], after["message"])
            assert after["hint"] != before["hint"], (lang, before["code"])
            assert [after[c] for c in ("code", "cell")] == [before[c] for c in ("code", "cell")]
            text = after["message"] + after["hint"]
            for english_phrase in ("did you mean", "cannot be computed", "whole number",
                                   "there is a", "in the calendar", "Source ID"):  # fmt: skip
                assert english_phrase not in text, (lang, before["code"], text)
    french = report.to_dict("fr")["issues"]
    # the user's own column, as headed in the sheet
    assert any(i["message"].startswith("source_id est obligatoire") for i in french)
    assert any("Décès en détention" in i["message"] for i in french)  # the form's title


# -- input in any language -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_label_reads_as_another_code(lang):
    """A code's label, in every language and without its accents, reads as that code and no
    other (Spanish `M` would be mujer, but M is male: no catalogue may make such a label)."""
    wrong = []
    for (form, field), codes in coded_fields().items():
        adapter = field_adapter(form, field)
        for code in codes:
            label = translate(code_key(form, field, code), lang)
            for text in (label, i18n.fold(label).upper()):
                try:
                    read = adapter.validate_python(text)
                except ValueError:
                    read = None
                if read != code:
                    wrong.append(f"{code_key(form, field, code)} = {text!r} reads as {read!r}")
    assert not wrong, f"locales/{lang}.toml:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_title_and_label_is_read_as_its_own_form_and_field(lang):
    wrong = [
        f"form.{name}.title = {lookup(f'form.{name}.title', lang)!r}"
        for name in FORMS
        if form_for_sheet(lookup(f"form.{name}.title", lang)) != name
    ]
    for name, spec in FORMS.items():
        for field in spec.fields:
            label = lookup(field_key(name, field), lang)
            if FIELD_LOOKUP[name].get(header_key(label)) != field:
                wrong.append(f"{field_key(name, field)} = {label!r} in {name}")
    assert not wrong, f"locales/{lang}.toml:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", languages())
def test_every_title_can_name_an_excel_sheet(lang):
    """The template's sheets will be named by the titles: Excel allows 31 characters, not all."""
    wrong = [
        f"form.{name}.title = {title!r}"
        for name in FORMS
        if len(title := lookup(f"form.{name}.title", lang)) > 31 or set(title) & set("[]:*?/\\")
    ]
    assert not wrong, f"{lang}: titles too long for a sheet name, or with []:*?/\\:\n" + "\n".join(
        wrong
    )


def test_code_for_label_ignores_case_and_accents():
    assert code_for_label(("F", "M", "U"), "FEMENINO") == "F"
    assert code_for_label(("F", "M", "U"), "feminin") == "F"
    assert code_for_label(("yes", "no", "unknown"), "Si") == "yes"
    assert code_for_label(("F", "M", "U"), "mujer") is None


ABOUT_HEADERS = {"fr": {"key": "Clé", "value": "Valeur"},
                 "es": {"key": "Clave", "value": "Valor"}}  # fmt: skip


def _translated(sheets: dict[str, list[dict]], lang: str) -> dict[str, list[dict]]:
    """The worked example as a workbook written in `lang`: sheet names, headers and codes."""
    out = {}
    for form, rows in sheets.items():
        codes = {f: c for (name, f), c in coded_fields().items() if name == form}
        new_rows = []
        for row in rows:
            new = {}
            for field, value in row.items():
                if form == "about":  # a cover sheet in `lang`: its headers and its keys
                    header = ABOUT_HEADERS[lang][field]
                    if field == "key":
                        value = lookup(field_key("about", value), lang)
                    new[header] = value
                    continue
                header = lookup(field_key(form, field), lang)
                if field in codes and value in codes[field]:
                    value = lookup(code_key(form, field, value), lang)
                new[header] = value
            new_rows.append(new)
        out[lookup(f"form.{form}.title", lang)] = new_rows
    return out


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_workbook_in_french_or_spanish_validates_like_the_english_one(tmp_path, lang):
    sheets = example_sheets()
    sheets["arrests"][1]["sex"] = "Mael"  # one error, on the same cell in both
    english_book = write_xlsx(tmp_path / "en.xlsx", sheets)
    local_book = write_xlsx(tmp_path / f"{lang}.xlsx", _translated(sheets, lang))
    options = ValidateOptions(today=TODAY)
    expected = check_submission([english_book], options)
    got = check_submission([local_book], options)
    found = {(i.code, i.form, i.cell) for i in got.report.issues}
    assert found == {(i.code, i.form, i.cell) for i in expected.report.issues}
    assert got.report.rows_read == expected.report.rows_read
    assert ("bad-code", "arrests", "C3") in found
    sheet = {i.sheet for i in got.report.issues if i.code == "bad-code"}
    assert sheet == {lookup("form.arrests.title", lang)}


# -- the language of the environment and of the command ------------------------------------------
@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "es_MX"}, "es"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "es_ES", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "es"}, "es"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_default_language_from_the_locale(environ, lang):
    assert default_language(environ) == lang


runner = CliRunner()
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, "COLUMNS": "120"}


def test_validate_lang_es_prints_spanish(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    args = ["validate", str(folder), "--today", "2026-01-15", "--lang", "es"]
    result = runner.invoke(app, args, env=NO_LOCALE)
    assert result.exit_code == 1
    assert "'Mael' no es un valor permitido para sex." in result.stdout
    # as the Spanish drop-down says it (the table may wrap the line)
    assert "femenino, masculino" in result.stdout and "'masculino'?)" in result.stdout
    assert "[bad-code]" in result.stdout  # the code stays as it is


def test_validate_takes_the_language_of_the_locale(tmp_path):
    args = ["validate", str(WORKED_EXAMPLE), "--today", "2026-01-15"]
    french = runner.invoke(app, args, env={**NO_LOCALE, "LANG": "fr_FR.UTF-8"})
    assert french.exit_code == 0
    assert "La personne avait" in french.stdout
    english_run = runner.invoke(app, [*args, "--lang", "en"], env={**NO_LOCALE, "LANG": "fr_FR"})
    assert "The person was" in english_run.stdout


def test_validate_json_in_french_is_the_localised_library_report(tmp_path):
    folder = submission(tmp_path, arrests={3: {"sex": "Mael"}})
    args = ["validate", str(folder), "--today", "2026-01-15", "--format", "json", "--lang", "fr"]
    result = runner.invoke(app, args, env=NO_LOCALE)
    assert result.exit_code == 1
    expected = run(folder).to_dict("fr")
    assert json.loads(result.stdout) == json.loads(json.dumps(expected, default=str))
    assert any("vouliez-vous dire" in i["hint"] for i in expected["issues"])


def test_an_unknown_language_is_a_usage_error():
    result = runner.invoke(app, ["validate", str(WORKED_EXAMPLE), "--lang", "xx"], env=NO_LOCALE)
    assert result.exit_code == 2


def test_catalogue_files_are_package_data():
    text = Path(__file__).parents[1].joinpath("pyproject.toml").read_text(encoding="utf-8")
    assert '"locales/*.toml"' in text


def test_an_episodes_dates_and_a_list_of_source_types_come_in_the_language():
    """The parts of these two messages that jjind writes itself — an episode's dates, the source
    types a form comes from — are in the language; the dates themselves stay ISO."""
    span = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    dates = Phrase.of("phrase.episode_dates", start=dt.date(2024, 3, 1), end=dt.date(2024, 12, 20))
    episode = make_issue(Code.OUTSIDE_PERIOD, None, dates, what=Phrase("phrase.what_episode"),
                         **span)  # fmt: skip
    assert episode.text("message", "fr").startswith(
        "La période de détention (du 2024-03-01 au 2024-12-20) est en dehors"
    )
    assert episode.to_dict()["value"] == "2024-03-01 to 2024-12-20"
    open_episode = Phrase.of("phrase.episode_open", start=dt.date(2026, 2, 1))
    still_held = make_issue(Code.OUTSIDE_PERIOD, None, open_episode,
                            what=Phrase("phrase.what_episode"), **span)  # fmt: skip
    assert "(desde el 2026-02-01)" in still_held.text("message", "es")
    types = tuple(CodeName("sources", "source_type", t) for t in ("place_of_detention", "other"))
    police = CodeName("sources", "source_type", "police")
    wrong = make_issue(
        Code.WRONG_SOURCE_TYPE,
        None,
        "POL1",
        source_type=police,
        form=SheetName("detention_census"),
        expected=Joined(types, "or"),
        type_field=FieldName("sources", "source_type"),
    )
    message, hint = wrong.text("message", "fr"), wrong.text("hint", "fr")
    assert f"de type {lookup('code.source_type.police', 'fr')}," in message
    assert lookup("form.detention_census.title", "fr") in message
    expected = [lookup(f"code.source_type.{t}", "fr") for t in ("place_of_detention", "other")]
    assert f"de type {expected[0]} ou {expected[1]} ;" in hint


def test_words_read_in_cells_and_headers_come_from_every_catalogue():
    """The words jjind reads in input (`input.*`) are the catalogues' `|`-separated spellings, of
    every language; no module writes French or Spanish words of its own (issue #18)."""
    assert i18n.words("input.about_key") == ("key", "field", "item", "clave", "campo", "clé", "cle",
                                             "champ")  # fmt: skip
    for lang in languages():
        for word in lookup("input.not_applicable", lang).split("|"):
            assert word in i18n.words("input.not_applicable")
    from jjindicators.forms.counts import NOT_APPLICABLE, _count, parse_range

    assert _count("sans objet") == _count("No procede") == NOT_APPLICABLE
    assert _count("no disponible") is None
    assert parse_range("moins de 14 ans") == parse_range("menos de 14 años") == (0, 13)
    assert parse_range("366 et plus") == parse_range("más de 365 días") == (366, None)
    source = Path(i18n.__file__).parent
    for path in [*source.glob("read/*.py"), *source.glob("forms/*.py")]:
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith(("#", ">>>")))  # fmt: skip
        for word in ("inconnu", "desconocido", "effectif", "cantidad", "valeur", "apellido"):
            assert f'"{word}' not in code, (path.name, word)


@pytest.mark.parametrize("lang", languages())
def test_a_missing_form_names_its_sheet_once(tmp_path, lang):
    """The template names a sheet by the form's code in English (`'arrests' (Arrests)`), by its
    title in French and Spanish: the title is not said twice (`'Arrestos' (Arrestos)`)."""
    report = run(submission(tmp_path, arrests=None))
    issue = next(i for i in report.issues if i.code == "missing-form" and i.form == "arrests")
    title = lookup("form.arrests.title", lang)
    message = issue.text("message", lang)
    assert message.count(title) == 1, message
    if lang == ENGLISH:
        assert "'arrests' sheet (Arrests);" in message


def _local_book(tmp_path: Path, lang: str, change) -> list:
    """The worked example as a workbook in `lang`, `change`d, validated: its issues."""
    sheets = example_sheets()
    change(sheets)
    book = write_xlsx(tmp_path / f"{lang}.xlsx", _translated(sheets, lang))
    return check_submission([book], ValidateOptions(today=TODAY)).report.issues


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_sentenced_row_without_date_names_the_users_own_columns(tmp_path, lang):
    """Messages name the columns as the user's sheet heads them (issue #18), not `sentence_date`
    or `legal_status`: here headers in capitals, which jjind reads as the template's labels."""
    status_label = lookup(field_key("detention_census", "legal_status"), lang)
    date_label = lookup(field_key("detention_census", "sentence_date"), lang)

    def change(sheets):
        sheets["detention_census"][0].update(legal_status="sentenced", sentence_date=None)
        sheets["detention_census"][1].update(legal_status="pre_sentence",
                                             sentence_date=dt.date(2025, 11, 20))  # fmt: skip

    def shout(sheets):
        change(sheets)
        for row in sheets["detention_census"]:
            row[date_label.upper()] = row.pop("sentence_date")
            row[status_label.upper()] = row.pop("legal_status")

    issues = _local_book(tmp_path, lang, change)
    assert _local_book(tmp_path, lang, change) == issues
    without = next(i for i in issues if i.code == "sentenced-without-date")
    assert date_label in without.text("message", lang) and date_label in without.text("hint", lang)
    pre = next(i for i in issues if i.code == "pre-sentence-with-sentence-date")
    text = pre.text("message", lang) + pre.text("hint", lang)
    assert status_label in text and date_label in text
    assert lookup("code.legal_status.pre_sentence", lang) in text
    assert lookup("code.legal_status.sentenced", lang) in text
    for english in ("sentence_date", "legal_status", "pre_sentence", "'sentenced'"):
        assert english not in without.text("message", lang) + text, english
    # the user's own headers, as written
    sheets = example_sheets()
    shout(sheets)
    translated = _translated(
        {k: v for k, v in sheets.items() if k != "detention_census"}, lang
    ) | {lookup("form.detention_census.title", lang): [
        {(h if h.isupper() else lookup(field_key("detention_census", h), lang)):
         (lookup(f"code.legal_status.{v}", lang) if h == status_label.upper() else v)
         for h, v in row.items()} for row in sheets["detention_census"]]}  # fmt: skip
    book = write_xlsx(tmp_path / f"{lang}-upper.xlsx", translated)
    found = check_submission([book], ValidateOptions(today=TODAY)).report.issues
    without = next(i for i in found if i.code == "sentenced-without-date")
    assert date_label.upper() in without.text("message", lang)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_sheets_and_columns_of_other_forms_are_named_in_the_language(tmp_path, lang):
    def change(sheets):
        sheets["arrests"][0]["source_id"] = "POL9"
        sheets["sources"][0].update(source_type="place_of_detention", place_type=None)

    issues = _local_book(tmp_path, lang, change)
    sources_title = lookup("form.sources.title", lang)
    unknown = next(i for i in issues if i.code == "unknown-source")
    assert f"{sources_title!r}" in unknown.text("message", lang)
    assert lookup(field_key("arrests", "source_id"), lang) in unknown.text("hint", lang)
    place = next(i for i in issues if i.code == "place-type-missing")
    assert lookup(field_key("sources", "place_type"), lang) in place.text("message", lang)
    for issue in (unknown, place):
        text = issue.text("message", lang) + issue.text("hint", lang)
        assert "source_id" not in text and "place_type" not in text and "sources sheet" not in text


@pytest.mark.parametrize("lang", languages())
def test_no_forms_names_the_sheets_as_the_template_does(tmp_path, lang):
    book = write_xlsx(tmp_path / "nothing.xlsx", {"Feuil1": [{"a": 1}]})
    issue = next(i for i in run(book).issues if i.code == "no-forms")
    hint = issue.text("hint", lang)
    assert all(
        lookup(f"form.{f}.title", lang) in hint for f in ("about", "sources", "arrests")
    ) or (lang == ENGLISH and "about, sources, arrests..." in hint)


def test_a_missing_policy_answer_lists_the_answers_as_the_drop_down_shows_them(tmp_path):
    from jjindicators.forms.policy import HEADLINE_ITEMS

    def drop_first(rows):
        rows[:] = [r for r in rows if r["item"] != HEADLINE_ITEMS[0]]

    report = run(submission(tmp_path, policy=drop_first))
    issue = next(i for i in report.issues if i.code == "policy-item-missing")
    assert "(oui, partiellement, non, inconnu)" in issue.text("hint", "fr")
    assert "(sí, parcialmente, no, desconocido)" in issue.text("hint", "es")
    assert "(yes, partial, no, unknown)" in issue.hint


def test_an_unknown_template_version_is_said_in_spanish(tmp_path):
    report = run(submission(tmp_path, about={7: {"key": "template_version", "value": "0.3"}}))
    issue = next(i for i in report.issues if i.code == "template-version")
    message = issue.text("message", "es")
    assert "No es una versión de la plantilla de jjind (conocidas: 1.0)." in message
    assert lookup(field_key("about", "template_version"), "es") in message
    assert "template_version" not in message and "not a jjind" not in message
