"""Why a file was not read, in the reader's language (issue #18): the details of
`file-unreadable`, `zip-bomb`, `file-type-unsupported`, `sheet-too-large` and `bad-value` are
phrases of the catalogues, not English sentences put into a French or Spanish message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, WORKED_EXAMPLE, checked
from jjindicators import ValidateOptions, check_submission
from jjindicators.i18n import lookup
from jjindicators.issues import Issue

BAD = Path(__file__).parent / "data" / "bad"
# English words of the details jjind wrote into these messages before they were phrases.
ENGLISH = ("would unpack", "times more", "real workbooks", "Or raise", " rows", " cells",
           "the file is empty", "damaged", "renamed", "Open it", "an Excel workbook",
           "is not known", "more than", "cut short", "String should", "it is empty")  # fmt: skip


def _issues(paths: list[Path], code: str, **options: object) -> list[Issue]:
    report = check_submission(paths, ValidateOptions(today=TODAY, **options)).report  # type: ignore[arg-type]
    found = [i for i in report.issues if i.code == code]
    assert found, [i.code for i in report.issues]
    return found


def _no_english(issue: Issue, lang: str) -> str:
    text = issue.text("message", lang) + " " + issue.text("hint", lang)
    assert not [w for w in ENGLISH if w in text], text
    return text


@pytest.mark.parametrize(
    ("name", "code", "spanish", "french"),
    [
        ("zip-bomb.xlsx", "zip-bomb", "a 150 MB, 1,027 veces más", "en 150 MB, soit 1,027 fois"),
        ("zip-bomb-1gb.xlsx", "zip-bomb", "a 1.2 GB", "en 1.2 GB"),
        ("sparse-bomb.xlsx", "sheet-too-large", "17,179,869,184 celdas", "17,179,869,184 cellules"),
        ("zero-byte.xlsx", "file-unreadable", "está vacío (0 bytes)", "est vide (0 octet)"),
        ("truncated.xlsx", "file-unreadable", "dañado o incompleto", "endommagé ou incomplet"),
        ("xls-renamed.xlsx", "file-unreadable", "guárdelo como .xlsx", "enregistrez-le au format"),
        ("text-renamed.xlsx", "file-unreadable", "archivo de texto", "fichier texte"),
        ("ods-renamed.xlsx", "file-type-unsupported", "aquí llamado .xlsx", "ici nommé .xlsx"),
        ("book.ods", "file-type-unsupported", "Ábralo en LibreOffice", "Ouvrez-le dans"),
    ],
)
def test_a_refused_file_says_why_in_spanish_and_french(name, code, spanish, french):
    issue = _issues([BAD / name], code)[0]
    assert spanish in _no_english(issue, "es")
    assert french in _no_english(issue, "fr")


def test_a_zip_bomb_in_spanish_has_no_english_sentence():
    issue = _issues([BAD / "zip-bomb.xlsx"], "zip-bomb")[0]
    message = _no_english(issue, "es")
    assert "El libro no se abrió: su parte" in message
    assert "ValidateOptions(max_zip_ratio=...)" in issue.text("hint", "es")  # the option's name
    assert "times more" in issue.message  # English is still English


def test_an_unknown_encoding_and_a_too_small_limit_in_french(tmp_path):
    paths = sorted(WORKED_EXAMPLE.glob("*.csv"))
    unknown = _issues(paths, "file-unreadable", encoding="klingon")[0]
    assert "l'encodage 'klingon' est inconnu" in _no_english(unknown, "fr")
    large = _issues(paths, "sheet-too-large", max_rows=2)[0]
    assert "plus de 2 lignes" in _no_english(large, "fr")
    assert "más de 2 filas" in _no_english(large, "es")


def test_pydantic_words_become_phrases(tmp_path):
    issue = next(i for i in checked(tmp_path, {"country": ""}).report.issues
                 if i.code == "bad-value")  # fmt: skip
    assert issue.message.endswith("was not accepted: it is empty.")
    assert _no_english(issue, "es").startswith(f"'' en {lookup('field.country.label', 'es')}")
    assert "está vacío" in issue.text("message", "es")
    assert "elle est vide" in issue.text("message", "fr")
