"""`run_batch`: each submission into its folder, failures reported not fatal, the comparison's
numbers equal each country's own report, and the files written do not depend on --jobs."""

from __future__ import annotations

import csv
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import TODAY, country_folder
from jjindicators.batch import SKIPPED, run_batch
from jjindicators.batch_cache import CACHE_NAME
from jjindicators.compare import COMPARISON_COLUMNS
from jjindicators.errors import UsageError
from jjindicators.folder_names import MAX_NAME_BYTES, folder_name
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.validate import ValidateOptions

CHECKS = ValidateOptions(today=TODAY)


@pytest.fixture(scope="module")
def runs(countries: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The same batch run with one job and with two."""
    found = {}
    for jobs in (1, 2):
        out = tmp_path_factory.mktemp(f"jobs{jobs}")
        found[jobs] = (out, run_batch(countries, out, None, CHECKS, jobs=jobs))
    return found


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_each_submission_goes_to_its_country_folder_and_failures_do_not_stop_the_batch(runs):
    out, result = runs[1]
    assert [(e.country, e.folder, e.status) for e in result.entries] == [
        ("Ruritania", "Ruritania", "ok"),
        ("Freedonia", "Freedonia", "ok"),
        ("Elbonia", "Elbonia", "ok"),
        ("", "corrupt", "unreadable"),
        ("Exampleland", "Exampleland", "errors"),
    ]
    assert not result.succeeded
    for folder in ("Ruritania", "Freedonia", "Elbonia"):
        assert {"report.xlsx", CACHE_NAME, *CSV_FILES} <= {p.name for p in (out / folder).iterdir()}
    for folder in ("corrupt", "Exampleland"):
        assert {p.name for p in (out / folder).iterdir()} == {"issues.xlsx", "issues.csv"}
    faulty = result.entries[4]
    assert (faulty.errors, faulty.indicators) == (4, 0)
    assert result.entries[0].indicators == 15 and result.entries[0].coverage == 100.0


def test_the_summary_csv_lists_every_submission(runs):
    out, result = runs[1]
    summary = rows(out / "batch-summary.csv")
    assert [r["status"] for r in summary] == [e.status for e in result.entries]
    assert summary[4]["errors"] == "4" and summary[0]["indicators"] == "15"


def test_the_comparison_equals_each_countrys_own_report(runs):
    out, _ = runs[1]
    compared = rows(out / "comparison.csv")
    assert {r["country"] for r in compared} == {"Ruritania", "Freedonia", "Elbonia"}
    assert [r["indicator"] for r in compared[:12]] == ["2"] * 3 + ["3"] * 3 + ["9"] * 3 + ["10"] * 3
    for country in ("Ruritania", "Freedonia", "Elbonia"):
        own = {r["indicator"]: r for r in rows(out / country / "summary.csv")}
        mine = [r for r in compared if r["country"] == country]
        assert len(mine) == len(own)
        for row in mine:
            for column in ("value", "numerator", "denominator", "reference", "coverage", "flags"):
                assert row[column] == own[row["indicator"]][column], (country, row, column)


def test_the_comparison_says_where_options_differ(runs):
    _, result = runs[1]
    from jjindicators.compare import compare
    from jjindicators.render.comparison import differs
    from jjindicators.render.words import Words

    notes = compare(result.figures).notes
    assert len(notes) == 1
    assert (notes[0].aspect, notes[0].option) == ("option", "age_breaks")
    assert ("12, 14, 16", ("Elbonia",)) in notes[0].values
    said = differs(notes[0], Words())
    assert said.startswith("The option age_breaks differs, so these figures are not comparable")
    assert "12, 14, 16: Elbonia" in said
    assert "L'option age_breaks diffère" in differs(notes[0], Words("fr"))


def test_the_comparison_workbook_has_a_chart_per_core_indicator(runs):
    import openpyxl

    out, _ = runs[1]
    book = openpyxl.load_workbook(out / "comparison.xlsx")
    assert book.sheetnames == ["Comparison", "Details", "Charts"]
    assert len(book["Charts"]._charts) == 4  # indicators 2, 3, 9 and 10
    values = list(book["Comparison"].iter_rows(values_only=True))
    head = next(r for r in values if r[0] == "Indicator")
    # Every submission has its column, a failed one empty with its status (issue #20).
    assert head[4:] == ("Ruritania", "Freedonia", "Elbonia", "corrupt", "Exampleland")
    assert any("not comparable like for like" in str(r[0]) for r in values)
    details = list(book["Details"].iter_rows(values_only=True))
    assert details[0] == COMPARISON_COLUMNS


def test_one_job_and_two_jobs_write_the_same_files(runs):
    (one, first), (two, second) = runs[1], runs[2]
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for name in names:
        if name.name == "batch-summary.csv":  # seconds differ from run to run
            drop = [{k: v for k, v in r.items() if k != "seconds"} for r in rows(one / name)]
            assert drop == [{k: v for k, v in r.items() if k != "seconds"}
                            for r in rows(two / name)]  # fmt: skip
        else:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name
    strip = [e.to_dict() | {"seconds": 0} for e in first.entries]
    assert strip == [e.to_dict() | {"seconds": 0} for e in second.entries]


def test_resume_skips_unchanged_submissions_and_recomputes_changed_ones(runs, countries, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(runs[1][0], out)
    seen = []
    result = run_batch(countries, out, None, CHECKS, resume=True, progress=seen.append)
    assert [e.status for e in result.entries] == [SKIPPED] * 3 + ["unreadable", "errors"]
    assert len(seen) == 5
    assert (out / "comparison.csv").read_bytes() == (runs[1][0] / "comparison.csv").read_bytes()
    changed = run_batch(countries, out, {"age_breaks": (13,)}, CHECKS, resume=True)
    assert [e.status for e in changed.entries][:3] == ["ok"] * 3


def test_a_country_given_twice_gets_a_numbered_folder(countries, tmp_path):
    result = run_batch([countries[0], countries[0]], tmp_path / "out", None, CHECKS)
    assert [e.folder for e in result.entries] == ["Ruritania", "Ruritania-2"]
    assert result.succeeded


def test_inputs_inside_the_output_folder_are_refused(countries, tmp_path):
    inside = tmp_path / "out" / "in.xlsx"
    inside.parent.mkdir()
    shutil.copy(countries[0], inside)
    with pytest.raises(UsageError, match="inside the output folder"):
        run_batch([inside], tmp_path / "out")


@pytest.mark.parametrize(
    ("country", "fallback", "expected"),
    [
        ("Côte d'Ivoire", "x", "Côte-d-Ivoire"),
        ("../../etc", "x", "etc"),
        ("..", "ruritania-2025", "ruritania-2025"),
        ("CON", "con-2025", "con-2025"),
        ("", "", "submission"),
        (".hidden", "x", "hidden"),
        ("Ruritania 😀", "x", "Ruritania"),
        ("😀" * 80, "ruritania-😀", "ruritania"),
        ("हिन्दी", "x", "हिन्दी"),  # the vowel signs are combining marks: kept with their letter
        ("Ruritanix\u0301 ✓", "x", "Ruritanix\u0301"),
        ("✓\u0301x", "x", "x"),  # a mark left alone by a dropped character goes with it
    ],
)
def test_folder_names_are_safe(country, fallback, expected):
    assert folder_name(country, fallback) == expected


EXT_B = "\U00020000"  # a CJK letter of 4 bytes in UTF-8


@pytest.mark.parametrize(
    ("country", "chars"),
    [
        (EXT_B * 80, 50),  # 320 bytes: over the 255 a file system allows
        ("中" * 100, 66),  # 3 bytes each: 198 bytes
        ("Ruritania" * 20, 80),  # plain letters: 80 characters, as before
        ("x\u0301\u0302" * 70, 78),  # a letter and two accents: never parted
    ],
)
def test_folder_names_are_bounded_in_bytes_and_cut_between_characters(country, chars):
    name = folder_name(country, "x")
    assert len(name) == chars
    assert len(name.encode()) <= MAX_NAME_BYTES < 255 - len("-999.tmp-12345678")
    assert country.startswith(name)
    assert not unicodedata.category(country[len(name)]).startswith("M")  # no accent left behind
    assert folder_name(country, "y") == name  # deterministic


@pytest.mark.parametrize("jobs", [1, 2])
def test_long_names_of_4_byte_characters_get_folders_that_stay_distinct(tmp_path, jobs):
    """80 characters of 4 bytes stopped the whole batch (a name over 255 bytes); two names that
    differ only after the cut, and a third given twice, each get their own folder."""
    inputs = [country_folder(tmp_path, "a", EXT_B * 80 + "A"),
              country_folder(tmp_path, "b", EXT_B * 80 + "B"),
              country_folder(tmp_path, "c", "中" * 90 + "C"),
              country_folder(tmp_path, "d", "中" * 90 + "C")]  # fmt: skip
    out = tmp_path / "out"
    result = run_batch(inputs, out, None, CHECKS, jobs=jobs)
    assert [e.status for e in result.entries] == ["ok"] * 4
    folders = [e.folder for e in result.entries]
    assert folders == [EXT_B * 50, EXT_B * 49 + "-2", "中" * 66, "中" * 66 + "-2"]
    assert all(len(f.encode()) <= MAX_NAME_BYTES for f in folders)
    for entry in result.entries:
        assert (out / entry.folder / "report.xlsx").is_file()
    # The comparison names a country in full; one given twice by its folder.
    countries = {r["country"] for r in rows(out / "comparison.csv")}
    assert countries == {EXT_B * 80 + "A", EXT_B * 80 + "B", "中" * 66, "中" * 66 + "-2"}
    again = run_batch(inputs, tmp_path / "again", None, CHECKS, jobs=3 - jobs)
    assert [e.folder for e in again.entries] == folders


@pytest.mark.parametrize("jobs", [1, 2])
def test_emoji_in_the_input_path_and_the_country(tmp_path, countries, jobs):
    """An emoji (4 bytes in UTF-8) in a folder of submissions, a sub-folder, a file's name and a
    country's name: each submission is computed; the emoji is left out of the folder's name."""
    parent = tmp_path / "envois 📂"
    parent.mkdir()
    country_folder(parent, "sub 🎉", "Exampleland 😀")
    shutil.copy(countries[0], parent / "ruritania 😀.xlsx")
    country_folder(tmp_path, "😀", "😀😀")
    result = run_batch([parent, tmp_path / "😀"], tmp_path / "out 😀", None, CHECKS, jobs=jobs)
    assert [(e.country, e.folder, e.status) for e in result.entries] == [
        ("Ruritania", "Ruritania", "ok"),
        ("Exampleland 😀", "Exampleland", "ok"),
        ("😀😀", "submission", "ok"),
    ]
    assert result.entries[1].input == str(parent / "sub 🎉")
    assert (tmp_path / "out 😀" / "Exampleland" / "report.xlsx").is_file()
