"""The `about` sheet and the forms a submission must have (`forms.md`, "about").

Worked-example `about.csv` lines: 2 country, 3 period_start, 4 period_end, 5 census_date,
6 child_ref_scope; column A key, B value.
"""

from __future__ import annotations

import importlib

import pytest

from conftest import (
    added,
    check,
    checked,
    codes,
    example_rows,
    find,
    issues,
    run,
    submission,
    write_csv,
    write_xlsx,
)
from jjindicators.forms.version import TEMPLATE_VERSION
from jjindicators.issues import MissingForm


def about_row(key: str, value: str) -> dict[int, dict[str, str]]:
    """A new about row on line 7."""
    return {7: {"key": key, "value": value}}


def test_required_key_missing(tmp_path):
    r = check(tmp_path, about={2: None})
    assert find(r, "required-missing", "severity", "sheet", "row", "field") == [
        ("error", "about.csv", None, "country")
    ]


def test_required_key_without_a_value(tmp_path):
    r = check(tmp_path, about={2: {"value": ""}})
    assert find(r, "required-missing", "severity", "sheet", "row", "cell", "field") == [
        ("error", "about.csv", 2, "B2", "country")
    ]


def test_required_key_given_as_an_option(tmp_path):
    result = checked(tmp_path, {"country": "Exampleland"}, about={2: None})
    assert (result.about.country, added(result.report)) == ("Exampleland", {})


def test_option_overrides_the_sheet(tmp_path):
    result = checked(tmp_path, {"census_date": "2025-12-30"})
    assert str(result.about.census_date) == "2025-12-30"


def test_unknown_key(tmp_path):
    # The issue points at the misspelled key itself (column A), not at its value.
    r = check(tmp_path, about=about_row("contry", "Exampleland"))
    assert find(r, "about-unknown-key", "severity", "sheet", "row", "cell") == [
        ("warning", "about.csv", 7, "A7")
    ]
    assert "did you mean 'country'?" in issues(r, "about-unknown-key")[0].hint


def test_one_bad_about_value_does_not_silence_the_record_checks(tmp_path):
    # country is missing, but the period is readable: events outside it are still noticed.
    rows = [r for r in example_rows("about") if r["key"] != "country"]
    result = checked(tmp_path, about=rows)
    assert result.about is None
    assert find(result.report, "required-missing", "severity", "field") == [("error", "country")]
    assert codes(result.report)["outside-period"] == 3


def test_keys_match_their_labels(tmp_path):
    r = check(tmp_path, about=about_row("Date order", "dmy"))
    assert added(r) == {}


def test_key_given_twice(tmp_path):
    r = check(tmp_path, about=about_row("country", "Otherland"))
    assert find(r, "about-duplicate-key") == [("error", "about.csv", 7, "B7", None, "Otherland")]
    assert "first on row 2" in issues(r, "about-duplicate-key")[0].message


def test_two_files_that_disagree(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other / "about.csv", [{"key": "country", "value": "Otherland"}])
    r = run(submission(tmp_path), other)
    assert find(r, "about-conflict", "severity", "file", "row", "cell", "value") == [
        ("error", str(other / "about.csv"), 2, "B2", "Otherland")
    ]


def test_two_files_that_agree(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other / "about.csv", [{"key": "Country", "value": "exampleland"},
                                    {"key": "period_end", "value": "2025-12-31"}])  # fmt: skip
    assert added(run(submission(tmp_path), other)) == {}


def test_period_ends_before_it_starts(tmp_path):
    r = check(tmp_path, about={4: {"value": "2024-12-31"}})
    assert find(r, "period-order") == [("error", "about.csv", 4, "B4", None, "2024-12-31")]


@pytest.mark.parametrize("end", ["2025-06-30", "2026-01-01"])
def test_period_not_a_year(tmp_path, end):
    r = check(tmp_path, about={4: {"value": end}})
    assert find(r, "period-not-a-year") == [("warning", "about.csv", 4, "B4", None, end)]


@pytest.mark.parametrize(("start", "end"), [("2024-01-01", "2024-12-31"),
                                            ("2024-07-01", "2025-06-30")])  # fmt: skip
def test_any_twelve_months_are_a_year(tmp_path, start, end):
    r = check(tmp_path, about={3: {"value": start}, 4: {"value": end}})
    assert find(r, "period-not-a-year") == []


def test_census_date_defaults_to_the_period_end(tmp_path):
    result = checked(tmp_path, about={5: None})
    assert (result.about.census_date, added(result.report)) == (None, {})


def test_child_ref_scope_not_allowed(tmp_path):
    r = check(tmp_path, about={6: {"value": "everywhere"}})
    assert find(r, "bad-code") == [("error", "about.csv", 6, "B6", None, "everywhere")]


def test_unknown_template_version(tmp_path):
    r = check(tmp_path, about=about_row("template_version", "0.3"))
    assert find(r, "template-version") == [("warning", "about.csv", 7, "B7", None, "0.3")]
    assert "not a jjind template version" in issues(r, "template-version")[0].message


def test_older_template_version(tmp_path, monkeypatch):
    about = importlib.import_module("jjindicators.validate.about")
    changes = {"0.9": "Draft.", TEMPLATE_VERSION: "Added the policy sheet."}
    monkeypatch.setattr(about, "TEMPLATE_CHANGES", changes)
    r = check(tmp_path, about=about_row("template_version", "0.9"))
    assert find(r, "template-version", "severity", "row", "value") == [("warning", 7, "0.9")]
    message = issues(r, "template-version")[0].message
    assert f"Changes since: {TEMPLATE_VERSION}: Added the policy sheet." in message


def test_current_template_version(tmp_path):
    r = check(tmp_path, about=about_row("template_version", TEMPLATE_VERSION))
    assert added(r) == {}


def test_current_template_version_typed_as_a_number_in_excel(tmp_path):
    about = [{"key": "country", "value": "Exampleland"},
             {"key": "period_start", "value": "2025-01-01"},
             {"key": "period_end", "value": "2025-12-31"},
             {"key": "template_version", "value": float(TEMPLATE_VERSION)}]  # fmt: skip
    book = write_xlsx(tmp_path / "about.xlsx", {"about": about})
    r = run(submission(tmp_path, about=None), book)
    assert find(r, "template-version") == []


# -- forms that must be there --------------------------------------------------------------------
def test_no_about_sheet(tmp_path):
    r = check(tmp_path, about=None)
    assert find(r, "missing-required-form", "severity", "sheet", "form") == [
        ("error", None, "about")
    ]
    assert added(r) == {"missing-required-form": 1}  # not also "Country ... the cell is empty"


def test_no_about_sheet_and_some_options(tmp_path):
    r = run(submission(tmp_path, about=None), overrides={"country": "Exampleland"})
    assert added(r) == {"missing-required-form": 1}


def test_no_about_sheet_but_the_options_say_it_all(tmp_path):
    folder = submission(tmp_path, about=None)
    r = run(folder, overrides={"country": "Exampleland", "period_start": "2025-01-01",
                               "period_end": "2025-12-31"})  # fmt: skip
    assert added(r) == {}


def test_no_sources_sheet(tmp_path):
    r = check(tmp_path, sources=None)
    assert find(r, "missing-required-form", "severity", "form") == [("error", "sources")]
    assert "unknown-source" not in added(r)


@pytest.mark.parametrize(
    ("form", "effect", "indicators"),
    [
        ("deaths", "indicator 6 cannot", ("6",)),
        ("population", "rates per child population", ("1", "2", "3")),
        ("policy", "indicators 12a, 13a, 14, 15", ("12a", "13a", "14", "15")),
        # with a census, 6's denominator falls back on it: the register stops 4, 5 and 11
        ("detention_register", "indicators 4, 5, 11", ("4", "5", "11")),
    ],
)
def test_optional_form_missing(tmp_path, form, effect, indicators):
    r = check(tmp_path, **{form: None})
    assert find(r, "missing-form", "severity", "form") == [("warning", form)]
    assert effect in issues(r, "missing-form")[0].message
    assert r.missing_forms == (MissingForm(form, indicators),)
    assert r.to_dict()["missing_forms"] == [{"form": form, "indicators": list(indicators)}]


def test_without_register_and_census_indicator_6_is_lost_too(tmp_path):
    r = check(tmp_path, detention_register=None, detention_census=None)
    assert r.missing_forms == (
        MissingForm("detention_census", ("2", "3", "7", "8")),
        MissingForm("detention_register", ("4", "5", "6", "11")),
    )


def test_forms_sent_as_counts_are_not_missing(tmp_path):
    counts = "source_id,sex,age_group,count\nPOL1,F,14-15,3\n"
    folder = submission(tmp_path, arrests=None, deaths=None)
    (folder / "arrests_counts.csv").write_text(counts, encoding="utf-8")
    r = run(folder)
    assert [m.form for m in r.missing_forms] == ["deaths"]
    assert r.valid


def test_nothing_is_missing_when_a_file_could_not_be_read(tmp_path):
    folder = submission(tmp_path, deaths=None)
    (folder / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    r = run(folder)
    assert (r.missing_forms, find(r, "missing-form")) == ((), [])


def test_empty_form_with_its_header_is_not_missing(tmp_path):
    r = check(tmp_path, deaths="source_id,child_ref,sex,date_of_death\n")
    assert added(r) == {}
