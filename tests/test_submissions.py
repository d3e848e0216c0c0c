"""`find_submissions` and `jjind batch` on a folder (issue #16, point 5): sub-folders are
submissions, a folder's own files are grouped by the country and period of their about sheets,
an unreadable file fails alone, a file without an about sheet joins the only country there is."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import TODAY, WORKED_EXAMPLE, example_sheets, write_xlsx
from jjindicators.batch import SKIPPED, UNREADABLE_CODES, run_batch
from jjindicators.batch_outdir import OWN_FILES, SUMMARY_NAME
from jjindicators.errors import UsageError
from jjindicators.mapping.profile import load_profile
from jjindicators.read import read_inputs
from jjindicators.submissions import OUTPUT_FILES, find_submissions
from jjindicators.validate import ValidateOptions

CHECKS = ValidateOptions(today=TODAY)
BAD = Path(__file__).parent / "data" / "bad"
POLICE = ("about", "arrests")  # one source's workbook: the police send the arrests


def book(path: Path, country: str | None = "Ruritania", year: int = 2025,
         forms: tuple[str, ...] | None = None, drop: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """The worked example as one workbook, for `country` and the 12 months of `year` (its rows
    keep their 2025 dates); only `forms` (default all) and never `drop`; no about sheet when
    `country` is None."""
    sheets: dict[str, Any] = example_sheets()
    about = {"country": country, "period_start": dt.date(year, 1, 1),
             "period_end": dt.date(year, 12, 31), "census_date": dt.date(year, 12, 31)}  # fmt: skip
    sheets["about"] = [{"key": r["key"], "value": about.get(r["key"], r["value"])}
                       for r in sheets["about"]]  # fmt: skip
    keep = [f for f in (sheets if forms is None else forms) if f not in drop
            and (country or f != "about")]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_xlsx(path, {f: sheets[f] for f in keep})


def labels(folder: Path, **options: Any) -> list[tuple[str, ...]]:
    """The submissions found in `folder`, each as the names of its files."""
    return [tuple(Path(i).name for i in s.inputs) for s in find_submissions([folder], **options)]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A consultant's folder: three countries' workbooks."""
    folder = tmp_path_factory.mktemp("three") / "submissions"
    for country in ("Ruritania", "Freedonia", "Elbonia"):
        book(folder / f"{country.lower()}-2025.xlsx", country)
    return folder


def test_a_folder_of_three_countries_workbooks_is_three_submissions(three, tmp_path):
    assert labels(three) == [("elbonia-2025.xlsx",), ("freedonia-2025.xlsx",),
                             ("ruritania-2025.xlsx",)]  # fmt: skip
    result = run_batch([three], tmp_path / "out", None, CHECKS)
    assert [(e.country, e.folder, e.status) for e in result.entries] == [
        ("Elbonia", "Elbonia", "ok"), ("Freedonia", "Freedonia", "ok"),
        ("Ruritania", "Ruritania", "ok"),
    ]  # fmt: skip
    assert result.entries[0].input == str(three / "elbonia-2025.xlsx")
    assert {p.name for p in (tmp_path / "out").iterdir() if p.is_dir()} >= {
        "Elbonia", "Freedonia", "Ruritania"}  # fmt: skip
    assert (tmp_path / "out" / "Ruritania" / "report.xlsx").is_file()


def test_a_country_sent_as_one_workbook_per_source_is_one_submission(tmp_path):
    whole = run_batch([book(tmp_path / "whole.xlsx")], tmp_path / "a", None, CHECKS)
    folder = tmp_path / "submissions"
    book(folder / "ruritania-prisons.xlsx", drop=("arrests",))
    book(folder / "ruritania-police.xlsx", forms=POLICE)
    result = run_batch([folder], tmp_path / "b", None, CHECKS)
    (entry,) = result.entries
    assert (entry.country, entry.status, entry.indicators) == ("Ruritania", "ok", 15)
    assert entry.input == str(folder)  # all of the folder's files: shown as the folder
    split = rows(tmp_path / "b" / "Ruritania" / "summary.csv")
    assert split == rows(tmp_path / "a" / "Ruritania" / "summary.csv")
    assert whole.entries[0].indicators == 15


def test_two_years_of_one_country_are_two_submissions(tmp_path):
    folder = tmp_path / "submissions"
    book(folder / "ruritania-2024.xlsx", year=2024)
    book(folder / "ruritania-2025-police.xlsx", forms=POLICE)
    book(folder / "ruritania-2025.xlsx", drop=("arrests",))
    assert labels(folder) == [("ruritania-2024.xlsx",),
                              ("ruritania-2025-police.xlsx", "ruritania-2025.xlsx")]  # fmt: skip
    result = run_batch([folder], tmp_path / "out", None, CHECKS)
    assert [(e.country, e.folder) for e in result.entries] == [
        ("Ruritania", "Ruritania-2024"), ("Ruritania", "Ruritania-2025")]  # fmt: skip
    assert result.entries[1].input == "; ".join(
        str(folder / n) for n in ("ruritania-2025-police.xlsx", "ruritania-2025.xlsx"))  # fmt: skip
    assert result.entries[1].status == "ok"


def test_a_file_that_cannot_be_read_fails_alone_and_the_others_are_computed(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    for name in ("truncated.xlsx", "password.xlsx", "old.xls", "zip-bomb.xlsx"):
        shutil.copy(BAD / name, folder / name)
    result = run_batch([folder], tmp_path / "out", None, CHECKS, jobs=2)
    assert [(Path(e.input).name, e.folder, e.status) for e in result.entries] == [
        ("elbonia-2025.xlsx", "Elbonia", "ok"),
        ("freedonia-2025.xlsx", "Freedonia", "ok"),
        ("old.xls", "old", "unreadable"),
        ("password.xlsx", "password", "unreadable"),
        ("ruritania-2025.xlsx", "Ruritania", "ok"),
        ("truncated.xlsx", "truncated", "unreadable"),
        ("zip-bomb.xlsx", "zip-bomb", "unreadable"),
    ]
    assert (tmp_path / "out" / "truncated" / "issues.csv").is_file()


def test_a_file_without_about_joins_the_only_country(tmp_path):
    folder = tmp_path / "submissions"
    book(folder / "ruritania.xlsx", drop=("arrests",))
    book(folder / "police.xlsx", None, forms=("arrests",))
    write_xlsx(folder / "notes.xlsx", {"Sent by": [["the ministry"]]})  # no form: it joins too
    assert labels(folder) == [("notes.xlsx", "police.xlsx", "ruritania.xlsx")]
    (entry,) = run_batch([folder], tmp_path / "out", None, CHECKS).entries
    assert (entry.country, entry.status, entry.indicators) == ("Ruritania", "ok", 15)


def test_a_file_without_about_among_several_countries_is_a_usage_error(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    book(folder / "police.xlsx", None, forms=("arrests",))
    book(folder / "census.xlsx", None, forms=("detention_census",))
    with pytest.raises(UsageError) as caught:
        run_batch([folder], tmp_path / "out", None, CHECKS)
    message = str(caught.value)
    assert message.startswith("census.xlsx, police.xlsx: no about sheet gives their country")
    assert "holds the files of 3 submissions (Elbonia 2025-01-01 – 2025-12-31; Freedonia" in message
    assert "sub-folder of their own" in message
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_file_whose_about_gives_only_the_country_joins_that_country(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    write_xlsx(folder / "zz-ruritania-police.xlsx", {"about": [{"key": "country",
               "value": "RURITANIA"}], "arrests": example_sheets()["arrests"]})  # fmt: skip
    assert labels(folder)[2] == ("ruritania-2025.xlsx", "zz-ruritania-police.xlsx")


def test_dates_and_names_written_differently_are_one_country_and_period(tmp_path):
    """about.csv's text dates and a workbook's date cells, `Ruritania` and ` ruritania `."""
    folder = tmp_path / "submissions"
    book(folder / "prisons.xlsx", drop=("arrests",))
    text = (WORKED_EXAMPLE / "about.csv").read_text(encoding="utf-8")
    (folder / "about.csv").write_text(text.replace("Exampleland", " ruritania "), "utf-8")
    shutil.copy(WORKED_EXAMPLE / "arrests.csv", folder / "arrests.csv")
    assert labels(folder) == [("about.csv", "arrests.csv", "prisons.xlsx")]


def test_each_sub_folder_is_one_submission(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    shutil.copytree(WORKED_EXAMPLE, folder / "exampleland")  # one submission as CSV files
    book(folder / "sylvania" / "a.xlsx", "Sylvania", drop=("arrests",))
    book(folder / "sylvania" / "b.xlsx", "Sylvania", 2024, forms=POLICE)  # read as a folder is
    (folder / "empty").mkdir()  # nothing to read: not a submission
    subs = find_submissions([folder], CHECKS)
    assert [(s.label, s.name) for s in subs] == [
        (str(folder / "elbonia-2025.xlsx"), "elbonia-2025"),
        (str(folder / "exampleland"), "exampleland"),
        (str(folder / "freedonia-2025.xlsx"), "freedonia-2025"),
        (str(folder / "ruritania-2025.xlsx"), "ruritania-2025"),
        (str(folder / "sylvania"), "sylvania"),
    ]
    assert subs[1].inputs == tuple(str(p) for p in sorted((folder / "exampleland").iterdir()))
    result = run_batch([folder], tmp_path / "out", None, CHECKS)
    statuses = {e.folder: e.status for e in result.entries}
    assert statuses == {"Elbonia": "ok", "Exampleland": "ok", "Freedonia": "ok",
                        "Ruritania": "ok", "Sylvania": "errors"}  # fmt: skip


def test_files_given_by_name_stay_one_submission_each(tmp_path):
    prisons = book(tmp_path / "ruritania-prisons.xlsx", drop=("arrests",))
    police = book(tmp_path / "ruritania-police.xlsx", forms=POLICE)
    subs = find_submissions([prisons, police], CHECKS)
    assert [s.inputs for s in subs] == [(str(prisons),), (str(police),)]


def test_jjinds_own_outputs_are_never_submissions(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    first = run_batch([folder], folder / "reports", None, CHECKS)  # OUTDIR inside the folder
    shutil.copy(folder / "reports" / "Elbonia" / "report.xlsx", folder / "report.xlsx")
    shutil.copytree(folder / "reports", folder / "last-year")  # an earlier batch's output
    shutil.copytree(folder / "reports" / "Elbonia", folder / "elbonia-report")  # its cache
    again = run_batch([folder], folder / "reports", None, CHECKS, resume=True)
    assert [e.to_dict() | {"seconds": 0} for e in first.entries] == [
        e.to_dict() | {"seconds": 0, "status": "ok"} for e in again.entries]  # fmt: skip
    assert {e.status for e in again.entries} == {SKIPPED}
    assert OWN_FILES - {"about.csv"} | {SUMMARY_NAME, "comparison.xlsx", "comparison.csv"} <= (
        OUTPUT_FILES)  # fmt: skip


def test_resume_covers_every_file_of_a_submission(tmp_path):
    folder = tmp_path / "submissions"
    book(folder / "ruritania-prisons.xlsx", drop=("arrests",))
    police = book(folder / "ruritania-police.xlsx", forms=POLICE)
    run_batch([folder], tmp_path / "out", None, CHECKS)
    again = run_batch([folder], tmp_path / "out", None, CHECKS, resume=True)
    assert [e.status for e in again.entries] == [SKIPPED]
    workbook = openpyxl.load_workbook(police)
    workbook["arrests"].delete_rows(workbook["arrests"].max_row)  # one arrest less
    workbook.save(police)
    changed = run_batch([folder], tmp_path / "out", None, CHECKS, resume=True)
    assert [e.status for e in changed.entries] == ["ok"]


def test_a_mapping_profiles_about_gives_the_country(tmp_path):
    folder = tmp_path / "submissions"
    book(folder / "prisons.xlsx", None, drop=("arrests",))
    book(folder / "police.xlsx", None, forms=("arrests",))
    profile = tmp_path / "country.toml"
    profile.write_text('[profile]\nname = "Ruritania"\n\n[about]\ncountry = "Ruritania"\n'
                       "period_start = 2025-01-01\nperiod_end = 2025-12-31\n", "utf-8")  # fmt: skip
    checks = ValidateOptions(today=TODAY, mapping=load_profile(profile))
    (entry,) = run_batch([folder], tmp_path / "out", None, checks).entries
    assert (entry.country, entry.status, entry.input) == ("Ruritania", "ok", str(folder))


def test_reading_in_several_processes_groups_the_same(three, tmp_path):
    folder = tmp_path / "submissions"
    shutil.copytree(three, folder)
    book(folder / "ruritania-police.xlsx", forms=POLICE)
    shutil.copy(BAD / "truncated.xlsx", folder / "truncated.xlsx")
    assert find_submissions([folder], CHECKS, jobs=2) == find_submissions([folder], CHECKS)


def test_a_folder_without_any_submission_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here", "utf-8")
    with pytest.raises(UsageError, match="holds no submission"):
        find_submissions([tmp_path])


def test_every_refusal_of_the_reader_makes_a_submission_unreadable():
    refused = [p for p in sorted(BAD.iterdir()) if p.is_file() and read_inputs([p]).refused]
    assert len(refused) >= 10
    for path in refused:
        assert {i.code for i in read_inputs([path]).issues} & UNREADABLE_CODES, path.name
