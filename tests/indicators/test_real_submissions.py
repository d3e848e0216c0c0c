"""Submissions shaped like the world's (issue #16): national totals with no breakdown, splits
partly unknown, forms or columns missing, sources that did not report — a right number or
"not computable" with the reason, never a crash and never a number without data."""

from __future__ import annotations

import json

import pytest
from indicator_helpers import TODAY, by_category, cell, coverage, flags, nums, run
from typer.testing import CliRunner

from conftest import example_rows, submission, write_csv
from jjindicators import compute
from jjindicators.cli import app
from jjindicators.indicators.codes import Part
from jjindicators.options import ComputeOptions
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

CHECKS = ValidateOptions(today=TODAY)
EN = Words()
CENSUS_LINE = {"source_id": "PRISONS", "sex": "U", "age_group": "unknown",
               "legal_status": "unknown", "detention_basis": "", "separated_from_adults": "unknown",
               "family_contact_3_months": "unknown", "count": 87}  # fmt: skip


def national_totals(folder, *lines):
    """A ministry's figures: the prison administration's count of children held on the census
    date (`lines` of detention_census_counts), the child population aged 0–17 as one figure."""
    folder.mkdir(parents=True)
    write_csv(folder / "about.csv", [
        {"key": "country", "value": "Totalia"}, {"key": "period_start", "value": "2025-01-01"},
        {"key": "period_end", "value": "2025-12-31"},
    ])  # fmt: skip
    write_csv(folder / "sources.csv", [
        {"source_id": "PRISONS", "name": "Prison administration",
         "source_type": "place_of_detention", "area_code": "NAT", "place_type": "other",
         "holds_adults": "yes"},
    ])  # fmt: skip
    write_csv(folder / "population.csv", [
        {"area_code": "NAT", "sex": "all", "age_from": 0, "age_to": 17, "population": 1_200_000},
    ])  # fmt: skip
    write_csv(folder / "detention_census_counts.csv", list(lines) or [CENSUS_LINE])
    return folder


def summary(folder):
    """Exit code and summary rows by indicator of `jjind compute FOLDER --format json`."""
    done = CliRunner().invoke(app, ["compute", str(folder), "--format", "json",
                                    "--today", TODAY.isoformat()])  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    return done.exit_code, {row["indicator"]: row for row in json.loads(done.stdout)["summary"]}


# -- 1. totals and partial breakdowns ----------------------------------------------------------


def test_national_totals_only_give_indicator_2_and_say_why_for_every_other(tmp_path):
    code, rows = summary(national_totals(tmp_path / "totalia"))
    assert code == 0
    assert rows["2"]["value"] == pytest.approx(87 / 1_200_000 * 100_000)
    assert (rows["2"]["numerator"], rows["2"]["denominator"]) == (87, 1_200_000)
    assert rows["3"]["value"] is None
    # the JSON's flags are codes (`indicators/codes.py`), the same whatever the language
    assert rows["3"]["flags"].startswith(
        "not_computable(reason=legal_status_none_stated(total=87))"
    )
    reasons = {
        "1": "no_sheet(forms=[arrests])", "4": "no_sheet(forms=[detention_register])",
        "5": "no_sheet(forms=[detention_register])", "6": "no_sheet(forms=[deaths])",
        "7": "separation_none_stated(total=87)", "8": "family_contact_none_stated(total=87)",
        "9": "no_sheet(forms=[decisions])", "10": "no_sheet(forms=[decisions])",
        "11": "no_sheet(forms=[detention_register])",
        "12(b)": "no_column(column=last_independent_inspection,form=sources,file=sources.csv)",
        "13(b)": "no_column(column=complaints_system,form=sources,file=sources.csv)",
    }  # fmt: skip
    for number, why in reasons.items():
        assert rows[number]["value"] is None, number
        assert f"not_computable(reason={why})" in rows[number]["flags"], (number, rows[number])
    for number in ("12(a)", "13(a)", "14", "15"):  # no policy sheet: nothing answered
        assert rows[number]["value"] == "not answered"
        assert "not_computable(reason=no_sheet(forms=[policy]))" in rows[number]["flags"]


def test_a_guessed_split_computes_instead_of_crashing(tmp_path):
    guessed = {**CENSUS_LINE, "legal_status": "pre_sentence"}
    code, rows = summary(national_totals(tmp_path / "totalia", guessed))
    assert code == 0
    assert rows["3"]["value"] == pytest.approx(87 / 1_200_000 * 100_000)
    assert rows["4"]["value"] is None  # no register: held-so-far needs admission dates


def test_a_partly_stated_legal_status_gives_a_lower_bound(tmp_path):
    lines = [{**CENSUS_LINE, "legal_status": "pre_sentence", "count": 60},
             {**CENSUS_LINE, "legal_status": "sentenced", "count": 15},
             {**CENSUS_LINE, "count": 12}]  # fmt: skip
    result = compute([national_totals(tmp_path / "t", *lines)], validate_options=CHECKS)
    three = next(r for r in result.results if r.meta.number == "3")
    head = three.headline
    assert (head.numerator, head.value) == (60, pytest.approx(5.0))
    assert EN.flags(head.flags) == "lower bound; legal status not stated: 12 of 87"
    assert "lower bound; legal status not stated: 12 of 87" in EN.flags(three.flags)
    share = next(c for c in three.cells if c.part == Part("pre_sentence_share")
                 and c.dimension == "total")  # fmt: skip
    assert (share.numerator, share.denominator) == (60, 87)
    assert "legal status not stated: 12 of 87" in EN.flags(share.flags)
    two = next(r for r in result.results if r.meta.number == "2")
    by_status = {c.category: c.numerator for c in two.cells if c.dimension == "legal_status"}
    assert by_status == {"pre_sentence": 60, "sentenced": 15, "unknown": 12}  # all in D
    # count lines count children only: how many persons of 18 or over are held is not known
    aged = next(c for c in two.cells if c.part == Part("aged_18"))
    assert (aged.value, EN.note(aged.note)) == (None, "not computable: count lines count children "
                                                      "under 18 only")  # fmt: skip


def test_every_breakdown_of_a_count_line_takes_unknown_but_not_what_is_counted(tmp_path):
    folder = submission(tmp_path, arrests=[], decisions=[])
    write_csv(folder / "arrests_counts.csv", [
        {"source_id": "POL1", "sex": "U", "age_group": "unknown", "arresting_body": "unknown",
         "outcome": "unknown", "count": 4},
        {"source_id": "POL2", "sex": "M", "age_group": "14-15", "arresting_body": "not stated",
         "outcome": "", "count": 1},
    ])  # fmt: skip
    write_csv(folder / "decisions_counts.csv", [
        {"source_id": "CRT1", "sex": "U", "age_group": "unknown", "deciding_body": "unknown",
         "decision": "custodial_sentence", "count": 2},
        {"source_id": "CRT1", "sex": "U", "age_group": "unknown", "deciding_body": "unknown",
         "decision": "non_custodial_sentence", "count": 6},
    ])  # fmt: skip
    result = compute([folder], validate_options=CHECKS)
    assert result.computed, [i.message for i in result.validation.issues if i.severity == "error"]
    one = next(r for r in result.results if r.meta.number == "1")
    assert one.headline.numerator == 5
    assert {c.category: c.numerator for c in one.cells
            if c.dimension == "arresting_body"} == {"unknown": 5}  # fmt: skip
    nine = next(r for r in result.results if r.meta.number == "9")
    assert (nine.headline.numerator, nine.headline.denominator) == (2, 8)
    refused = submission(tmp_path / "refused", decisions=[])
    write_csv(refused / "decisions_counts.csv", [
        {"source_id": "CRT1", "sex": "U", "age_group": "unknown", "deciding_body": "",
         "decision": "unknown", "count": 2},
    ])  # fmt: skip
    write_csv(
        refused / "detention_census_counts.csv",
        [{**CENSUS_LINE, "source_id": "DET1", "detention_basis": "unknown", "count": 1}],
    )
    report = compute([refused], validate_options=CHECKS).validation
    bad = {(i.code, i.field) for i in report.issues if i.severity == "error"}
    assert ("bad-code", "decision") in bad and ("bad-code", "detention_basis") in bad


def test_a_census_row_may_say_its_legal_status_is_unknown(tmp_path):
    result = run(tmp_path, detention_census={3: {"legal_status": "unknown",
                                                 "sentence_date": ""}})  # fmt: skip
    # c2 (DET1, sentenced) now unknown: D = c1, c2, c3 = 3; P = c1, c3 = 2 stated
    assert nums(result, "2")[:2] == (3, 140_000)
    assert nums(result, "3")[0] == 2
    assert "legal status not stated: 1 of 3" in flags(result, "3")
    assert by_category(result, "2", "legal_status") == {"pre_sentence": 2, "unknown": 1}


def test_durations_whose_band_is_unknown_are_counted_apart(tmp_path):
    folder = submission(tmp_path, detention_register=None)
    lines = [("0-7 days", 2), ("8-30 days", 2), ("unknown", 3)]
    write_csv(folder / "detention_register_counts.csv", [
        {"source_id": "DET1", "sex": "M", "age_group": "16-17", "counted": "pre_sentence_ended",
         "duration_band": band, "count": n} for band, n in lines
    ])  # fmt: skip
    four = next(r for r in compute([folder], validate_options=CHECKS).results
                if r.meta.number == "4")  # fmt: skip
    head = four.headline
    assert head.denominator == 4  # the median rests on the 4 children whose band is known
    assert head.value == pytest.approx(8.0)  # 2 in 0–7 days: the median is the top of the band
    assert "duration not stated: 3 of 7" in EN.flags(head.flags)
    alone = submission(tmp_path / "alone", detention_register=None)
    write_csv(alone / "detention_register_counts.csv", [
        {"source_id": "DET1", "sex": "M", "age_group": "16-17", "counted": "pre_sentence_ended",
         "duration_band": "unknown", "count": 3}])  # fmt: skip
    four = next(r for r in compute([alone], validate_options=CHECKS).results
                if r.meta.number == "4")  # fmt: skip
    assert four.headline.value is None
    assert EN.note(four.headline.note) == (
        "not computable: duration not stated for any of the 3 children"
    )
    totals = [c for c in four.cells if str(c.part).startswith("band:") and c.dimension == "total"]
    assert totals and all(c.value is None for c in totals)  # no band is known: not even a 0


# -- 3. no number without data ------------------------------------------------------------------


def _blank_counts(folder, form, columns, sources):
    """Count lines for `sources` whose figures are all blank: the sources could not tell."""
    write_csv(folder / f"{form}_counts.csv",
              [{"source_id": s, "sex": "U", "age_group": "unknown", **columns, "count": ""}
               for s in sources])  # fmt: skip


UNKNOWN_CENSUS = {"legal_status": "unknown", "separated_from_adults": "unknown",
                  "family_contact_3_months": "unknown"}  # fmt: skip
BLANK = {  # indicator: (form sent only as blank counts, the count columns, its sources)
    "1": ("arrests", {}, ("POL1", "POL2")),
    "2": ("detention_census", UNKNOWN_CENSUS, ("DET1", "DET2")),
    "3": ("detention_census", UNKNOWN_CENSUS, ("DET1", "DET2")),
    "7": ("detention_census", UNKNOWN_CENSUS, ("DET1", "DET2")),
    "8": ("detention_census", UNKNOWN_CENSUS, ("DET1", "DET2")),
    "9": ("decisions", {"decision": "custodial_sentence"}, ("CRT1",)),
    "10": ("decisions", {"decision": "diversion"}, ("CRT1",)),
    "4": ("detention_register", {"counted": "pre_sentence_ended", "duration_band": "0-7"},
          ("DET1", "DET2")),
    "5": ("detention_register", {"counted": "sentenced_released", "duration_band": "0-91"},
          ("DET1", "DET2")),
    "6": ("detention_register", {"counted": "detained"}, ("DET1", "DET2")),
    "11": ("detention_register", {"counted": "released", "aftercare": "yes"}, ("DET1", "DET2")),
}  # fmt: skip


@pytest.mark.parametrize("number", list(BLANK), ids=[f"i{n}" for n in BLANK])
def test_no_source_reported_no_number(tmp_path, number):
    """A form whose every source sent only blank counts ("not available"): coverage is 0 %,
    and no cell of the indicator shows a number — not a 0, not a 0.0."""
    form, columns, sources = BLANK[number]
    folder = submission(tmp_path, **{form: None})
    _blank_counts(folder, form, columns, sources)
    options = ComputeOptions(census_fallback=False)
    result = compute([folder], options, validate_options=CHECKS)
    assert result.computed
    found = next(r for r in result.results if r.meta.number == number)
    root = next(c for c in found.coverage if c.area == "NAT")
    assert root.ratio == 0
    head = found.headline
    assert head.value is None and head.numerator is None, head
    assert EN.note(head.note) == "not computable: no source reported (coverage 0 %)"
    figures = [c for c in found.cells if c.value is not None]
    # what is left rests on another form (indicator 4's census "held so far", 6's deaths)
    assert all(c.part.code in ("held_so_far", "deaths") for c in figures), figures
    assert "not computable: no source reported (coverage 0 %)" in EN.flags(found.flags)


def test_an_area_and_a_source_that_did_not_report_show_no_number(tmp_path):
    arrests = [r for r in example_rows("arrests") if r["source_id"] != "POL2"]
    result = run(tmp_path, arrests=arrests)  # POL2 (R2) sent no row, POL1 (R1) did
    assert coverage(result, "1")["R2"][:3] == (1, 0, 0.0)
    assert nums(result, "1", dimension="area", category="R2") == (None, 58_000, None)
    assert cell(result, "1", dimension="area", category="R2").note == (
        "not computable: no source reported (coverage 0 %)"
    )
    assert nums(result, "1", dimension="source", category="POL2")[0] is None
    assert cell(result, "1", dimension="source", category="POL2").note == (
        "not computable: the source did not report"
    )
    assert nums(result, "1", dimension="area", category="R1")[0] == 2  # R1 reported: its figure


def test_without_a_register_the_census_fallback_covers_indicator_6(tmp_path):
    result = run(tmp_path, detention_register=None)
    assert coverage(result, "6")["NAT"] == (2, 2, 100.0, "")
    assert nums(result, "6")[:2] == (1, 3)  # R7's death / c1, c2, c3
    assert "denominator: census fallback" in flags(result, "6")
    off = run(tmp_path / "off", ComputeOptions(census_fallback=False), detention_register=None)
    assert nums(off, "6") == (None, None, None)
    assert flags(off, "6")[0] == "not computable: no detention_register sheet"


def test_an_empty_deaths_sheet_is_a_report_of_zero_that_says_so(tmp_path):
    header = "source_id,child_ref,sex,date_of_birth,date_of_death,legal_status,cause\n"
    result = run(tmp_path, deaths=header)
    assert nums(result, "6")[:2] == (0, 6)
    assert "empty deaths sheet: read as nothing to report for DET1, DET2" in flags(result, "6")
    assert not any(
        f.startswith("empty")
        for f in flags(
            run(
                tmp_path / "rows",
            ),
            "6",
        )
    )


def test_a_sheet_without_a_needed_column_names_it(tmp_path):
    def drop(*names):
        return lambda rows: [row.pop(n) for row in rows for n in names]

    # releases need aftercare and sentenced ones a sentence date: the rows are errors, so these
    # are computed with --exclude-invalid; the sheet still says nothing of the field
    keep = ComputeOptions(exclude_invalid=True)
    result = run(tmp_path / "a", keep, errors_ok=True, detention_register=drop("aftercare"))
    why = "not computable: no aftercare column in detention_register (detention_register.csv)"
    assert nums(result, "11")[::2] == (None, None)
    assert flags(result, "11")[0] == why
    result = run(tmp_path / "b", keep, errors_ok=True, detention_register=drop("sentence_date"))
    why = "not computable: no sentence_date column in detention_register (detention_register.csv)"
    for number in ("4", "5"):
        assert cell(result, number, "median").value is None
        assert flags(result, number)[0] == why, number
    result = run(tmp_path / "c", sources=drop("complaints_system"))
    assert nums(result, "13", "b")[2] is None
    assert cell(result, "13", "b").note == (
        "not computable: no complaints_system column in sources (sources.csv)"
    )


def test_places_whose_answer_is_not_stated(tmp_path):
    sources = example_rows("sources")
    sources[2]["complaints_system"] = "unknown"  # DET1: yes → unknown
    result = run(tmp_path / "a", sources=sources)
    assert nums(result, "13", "b") == (0, 2, 0.0)  # DET2 says no; DET1 not stated
    assert "lower bound" in cell(result, "13", "b").flags
    assert "complaints system not stated: 1 of 2" in cell(result, "13", "b").flags
    for row in sources:
        row["last_independent_inspection"] = ""
    result = run(tmp_path / "b", sources=sources)
    assert cell(result, "12", "b").note == (
        "not computable: last independent inspection not stated for any of the 2 places"
    )
    summary_row = next(r for r in result.summary() if r["indicator"] == "12(b)")
    assert summary_row["flags"] == (  # not 12(a)'s flags
        "not_computable(reason=last_independent_inspection_none_stated(total=2))"
    )


# -- 6. a row with only an age -------------------------------------------------------------------


def test_a_row_with_only_an_age_is_used_as_given_and_flagged(tmp_path):
    # r1 (DET1, born 2010-01-01): admitted 2025-02-01, sentenced 2025-03-03, released 2025-09-03
    result = run(tmp_path, detention_register={2: {"date_of_birth": "", "age": "15"}})
    assert nums(result, "5", "median")[1] == 2  # r1 still in the cohort, at the age given
    assert "rows with the age taken from the age column: 1" in flags(result, "5")
    assert "rows with the age taken from the age column: 1" in flags(result, "11")
    assert not any("age column" in f for f in flags(result, "4"))  # admission: the form's date
