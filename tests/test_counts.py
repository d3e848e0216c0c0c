"""Count (tally) sheets (`docs/counts.md`): read, checked, collated with records into the same
indicators; figures resting on counts say so; medians from bands are estimates."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import added, example_rows, find, run, submission, write_csv
from jjindicators import compute
from jjindicators.cli import app
from jjindicators.indicators.codes import (
    ESTIMATED_FROM_BANDS,
    FROM_COUNTS,
    PARTIAL,
    Flag,
    Note,
    Part,
)
from jjindicators.indicators.durations import band_quantile
from jjindicators.options import ComputeOptions, band_labels
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

TODAY = ValidateOptions(today=dt.date(2026, 1, 15))

# POL2's three arrests in the worked example, as counts: two boys of 14 (no child_ref, one unit
# each) and K1, a boy of 16 on 2025-08-01.
POL2_ARRESTS = [
    {"source_id": "POL2", "sex": "M", "age_group": "14-15", "arresting_body": "", "count": 2},
    {"source_id": "POL2", "sex": "M", "age_group": "16-17", "arresting_body": "", "count": 1},
]
# CRT1's decisions in the period for children under 18, as counts (E7 is outside the period,
# E8 was 18 on the decision date: neither is in the counts).
CRT1_DECISIONS = [
    ("M", "14-15", "court", "custodial_sentence"),
    ("F", "16-17", "court", "non_custodial_sentence"),
    ("M", "<14", "court", "non_custodial_sentence"),
    ("M", "14-15", "prosecutor", "diversion"),
    ("F", "16-17", "police", "diversion"),
    ("M", "16-17", "court", "acquittal"),
]


def _by_result(result):
    return {r.meta.number: r for r in result.results}


def _numbers(result, number):
    """Every cell's numbers of an indicator, without flags (counts add `from counts`)."""
    return [(str(c.part), c.dimension, c.category, c.area, c.numerator, c.denominator, c.value)
            for c in _by_result(result)[number].cells]  # fmt: skip


def test_records_and_counts_together_give_the_numbers_of_the_records(tmp_path):
    baseline = compute([submission(tmp_path / "a")], validate_options=TODAY)
    arrests = [r for r in _rows("arrests") if r["source_id"] != "POL2"]
    folder = submission(tmp_path / "b", arrests=arrests, decisions=[])
    write_csv(folder / "arrests_counts.csv", POL2_ARRESTS)
    write_csv(folder / "decisions_counts.csv", [
        {"source_id": "CRT1", "sex": s, "age_group": a, "deciding_body": b, "decision": d,
         "count": 1} for s, a, b, d in CRT1_DECISIONS
    ])  # fmt: skip
    mixed = compute([folder], validate_options=TODAY)
    assert mixed.computed, [i.message for i in mixed.validation.issues if i.severity == "error"]
    for number in ("1", "9", "10"):
        assert _numbers(mixed, number) == _numbers(baseline, number), number
        assert FROM_COUNTS in _by_result(mixed)[number].flags
        assert FROM_COUNTS not in _by_result(baseline)[number].flags
    assert FROM_COUNTS not in _by_result(mixed)["2"].flags  # the census is all records
    trace = mixed.trace_frame()
    line = trace[(trace["indicator"] == "1") & (trace["source_id"] == "POL2")]
    assert sorted(zip(line["sheet"], line["row"], line["count"], strict=True)) == [
        ("arrests_counts.csv", 2, 2),
        ("arrests_counts.csv", 3, 1),
    ]
    assert Flag.of("counting_unit", unit="mixed") in _by_result(mixed)["1"].flags
    summary = {row["indicator"]: row for row in mixed.summary()}
    assert "from_counts" in summary["9"]["flags"].split("; ")


def _rows(form):
    return example_rows(form)


def _register_counts(folder, lines):
    write_csv(folder / "detention_register_counts.csv", [
        {"source_id": s, "sex": "M", "age_group": "16-17", "counted": c, "duration_band": b,
         "aftercare": a, "count": n} for s, c, b, a, n in lines
    ])  # fmt: skip


def test_durations_from_bands_are_estimated_and_flagged(tmp_path):
    folder = submission(tmp_path, detention_register=None)
    _register_counts(folder, [
        ("DET1", "pre_sentence_ended", "0-7 days", "", 2),
        ("DET1", "pre_sentence_ended", "8-30 days", "", 4),
        ("DET1", "pre_sentence_ended", "31-90 days", "", 2),
        ("DET1", "released", "", "yes", 3),
        ("DET1", "released", "", "no", 1),
        ("DET1", "released", "", "unknown", 1),
        ("DET2", "pre_sentence_ended", "0-7 days", "", ""),  # not available
        ("DET2", "released", "", "yes", "n/a"),  # not applicable
    ])  # fmt: skip
    result = compute([folder], validate_options=TODAY)
    assert result.computed
    i4, i11 = _by_result(result)["4"], _by_result(result)["11"]
    cells = {(str(c.part), c.dimension): c for c in i4.cells if c.area == "NAT"}
    # N = 8: the median (4th) lies in 8–30 days, after 2: 8 + (4 − 2) / 4 × 23 = 19.5
    assert cells[("median", "total")].value == pytest.approx(19.5)
    assert cells[("p25", "total")].value == pytest.approx(8.0)  # 0 + 2 / 2 × 8
    assert cells[("p75", "total")].value == pytest.approx(31.0)  # 8 + 4 / 4 × 23
    assert ESTIMATED_FROM_BANDS in cells[("median", "total")].flags
    assert cells[("mean", "total")].value is None
    assert Words().note(cells[("mean", "total")].note) == (
        "not computable from duration bands (mean)"
    )
    assert cells[("band:8-30", "total")].value == 4
    assert FROM_COUNTS in i4.flags
    # 11: 3 with aftercare of 4 known; 1 not stated
    assert i11.headline.value == pytest.approx(75.0)
    stated = next(c for c in i11.cells if c.part == Part("aftercare_not_stated"))
    assert (stated.value, stated.denominator) == (1, 5)
    # Coverage tells the three apart: DET1 reported by counts; DET2's blank line is "not
    # available" (expected, missing); its "not applicable" line leaves it out of 11's expected.
    cov4 = next(c for c in i4.coverage if c.area == "NAT")
    assert cov4.from_counts == ("DET1",) and cov4.not_available == ("DET2",)
    assert cov4.missing == ("DET2",) and PARTIAL in i4.flags
    cov11 = next(c for c in i11.coverage if c.area == "NAT")
    assert cov11.expected == ("DET1",) and cov11.not_applicable == ("DET2",)


def test_band_quantile_in_the_open_band_is_not_placed():
    bands = [(low, high) for _, low, high in band_labels((7, 30))]
    value, note = band_quantile(bands, [1, 1, 5], 0.5)
    assert value is None and note == Note.of("open_band", low=31)
    assert Words().note(note) == "estimated from bands: in the open band (over 30 days)"
    assert band_quantile(bands, [4, 0, 0], 0.5) == (4.0, None)  # 0 + 2 / 4 × 8


def test_count_cells_checked(tmp_path):
    folder = submission(tmp_path)
    write_csv(folder / "decisions_counts.csv", [
        {"source_id": "CRT9", "sex": "F", "age_group": "18-20", "decision": "diversion",
         "count": "-3"},
        {"source_id": "CRT9", "sex": "F", "age_group": "<14", "decision": "diversion",
         "count": "lots"},
        {"source_id": "CRT9", "sex": "M", "age_group": "<14", "decision": "diversion",
         "count": ""},
        {"source_id": "CRT9", "sex": "M", "age_group": "<14", "decision": "diversion",
         "count": "2"},
    ])  # fmt: skip
    _register_counts(folder, [("DET1", "pre_sentence_ended", "", "", 3),
                              ("DET1", "pre_sentence_ended", "a week", "", 3)])  # fmt: skip
    report = run(folder)
    assert find(report, "bad-age-group", "row", "value") == [(2, "18-20")]
    assert find(report, "bad-count", "row", "value") == [(2, "-3"), (3, "lots")]
    assert find(report, "count-not-available", "row") == [(4,)]
    assert find(report, "count-repeated", "row") == [(5,)]
    assert find(report, "count-band-missing", "row") == [(2,)]
    assert find(report, "bad-band", "row", "value") == [(3, "a week")]
    assert find(report, "unknown-source", "row") == [(2,), (3,), (4,), (5,)]
    assert find(report, "record-and-count", "value") == [("DET1",)]


def test_counts_by_other_groups_or_bands_are_refused_with_what_differs(tmp_path):
    folder = submission(tmp_path, detention_register=None)
    _register_counts(folder, [("DET1", "pre_sentence_ended", "0-14 days", "", 3)])
    write_csv(folder / "arrests_counts.csv",
              [{"source_id": "POL1", "sex": "M", "age_group": "12-15", "count": 1}])  # fmt: skip
    folder_arrests = folder / "arrests.csv"
    write_csv(folder_arrests, [r for r in _rows("arrests") if r["source_id"] != "POL1"])
    result = compute([folder], validate_options=TODAY)
    assert not result.computed
    differ = find(result.validation, "count-age-groups-differ", "row", "value")
    assert differ == [(2, "12–15")]
    message = next(i for i in result.validation.issues if i.code == "count-age-groups-differ")
    assert "<14, 14–15, 16–17, unknown" in message.message
    bands = find(result.validation, "count-bands-differ", "value")
    assert bands == [("0–14 days",)]
    regrouped = compute([folder], ComputeOptions(age_breaks=(12, 16),
                        pre_sentence_bands=(14, 30)), validate_options=TODAY)  # fmt: skip
    assert regrouped.computed


def test_a_submission_of_counts_only_computes(tmp_path):
    folder = submission(tmp_path, arrests=None)
    write_csv(folder / "arrests_counts.csv", [
        {"source_id": "POL1", "sex": "F", "age_group": "<14", "count": 0},
        {"source_id": "POL2", "sex": "M", "age_group": "16-17", "count": 5},
    ])  # fmt: skip
    result = compute([folder], validate_options=TODAY)
    i1 = _by_result(result)["1"]
    assert i1.headline.numerator == 5 and FROM_COUNTS in i1.flags
    assert Words().flags(i1.flags) == "counting unit: as counted by the sources; from counts"
    cov = next(c for c in i1.coverage if c.area == "NAT")
    assert cov.reported == ("POL1", "POL2")  # a 0 is a report of zero
    assert added(run(folder)) == {}


def test_a_place_sending_counts_beside_places_sending_records_computes_every_indicator(tmp_path):
    """Done-when 1 of issue #7: DET2 sends counts for its census, register and deaths, every
    other source records; every quantitative indicator has a headline, and the ones resting on
    DET2's counts say so, on the summary of the Excel report too."""
    census = [r for r in _rows("detention_census") if r["source_id"] != "DET2"]
    register = [r for r in _rows("detention_register") if r["source_id"] != "DET2"]
    folder = submission(tmp_path, detention_census=census, detention_register=register)
    # C3 and C5 as counts (C4 is 18 on the census date): both 16-17, not separated from adults
    write_csv(folder / "detention_census_counts.csv", [
        {"source_id": "DET2", "sex": "M", "age_group": "16-17", "legal_status": "pre_sentence",
         "detention_basis": d, "separated_from_adults": "no", "family_contact_3_months": f,
         "count": 1} for d, f in (("criminal", "yes"), ("administrative", "no"))
    ])  # fmt: skip
    write_csv(folder / "detention_register_counts.csv", [
        {"source_id": "DET2", "sex": "M", "age_group": a, "counted": c, "duration_band": b,
         "aftercare": k, "legal_status": "", "count": 1}
        for a, c, b, k in (("16-17", "pre_sentence_ended", "31-90 days", ""),
                           ("16-17", "sentenced_released", "183-365 days", ""),
                           ("16-17", "released", "", "unknown"),
                           ("14-15", "pre_sentence_ended", "8-30 days", ""),
                           ("14-15", "released", "", "no"))
    ])  # fmt: skip
    write_csv(folder / "deaths_counts.csv", [
        {"source_id": "DET2", "sex": "M", "age_group": "16-17", "legal_status": "pre_sentence",
         "cause": "", "count": 0},
    ])  # fmt: skip
    result = compute([folder], validate_options=TODAY)
    assert result.computed, [i.message for i in result.validation.issues if i.severity == "error"]
    indicators = _by_result(result)
    for number in map(str, range(1, 12)):
        assert indicators[number].headline.value is not None, number
    with_counts = {n for n, r in indicators.items() if FROM_COUNTS in r.flags}
    # 6 too: DET2 counted no deaths, but its counted children are in the denominator
    assert with_counts == {"2", "3", "4", "5", "6", "7", "8", "11"}
    # the census as counts gives the census records' numbers, breakdowns included (C5 is in
    # administrative detention: counted apart, as its record is); only C4, 18 on the census
    # date, is not in the counts' "aged 18 or over" (a count sheet holds children only), and
    # 8's "held_fewer_than_91" rests on the census records only (counts have no dates)
    baseline = compute([submission(tmp_path / "records")], validate_options=TODAY)
    apart = {"aged_18", "held_fewer_than_91"}
    for number in ("2", "3", "7", "8"):
        ours, theirs = _numbers(result, number), _numbers(baseline, number)
        assert [c for c in ours if c[0] not in apart] == [c for c in theirs if c[0] not in apart]
    assert ESTIMATED_FROM_BANDS in indicators["4"].headline.flags
    summary = write_report_xlsx(result, tmp_path / "report.xlsx")
    rows = openpyxl.load_workbook(summary)["Summary"].iter_rows(min_row=7, values_only=True)
    flagged = {row[0] for row in rows if row[0] and "from counts" in (row[11] or "")}
    assert flagged == with_counts


def test_jjind_validate_checks_the_counts_groups_against_jjind_toml(tmp_path):
    """`jjind validate` reports counts by other age groups or bands as compute would, with the
    options of a jjind.toml beside the data (the defaults without one)."""
    folder = submission(tmp_path, arrests=[r for r in _rows("arrests") if r["source_id"] != "POL1"])
    write_csv(folder / "arrests_counts.csv",
              [{"source_id": "POL1", "sex": "M", "age_group": "12-15", "count": 1}])  # fmt: skip

    def codes() -> list[str]:
        ran = CliRunner().invoke(app, ["validate", str(folder), "--format", "json",
                                       "--today", "2026-01-15"])  # fmt: skip
        return [i["code"] for i in json.loads(ran.stdout)["issues"] if i["severity"] == "error"]

    assert codes() == ["count-age-groups-differ"]
    (folder / "jjind.toml").write_text("[compute]\nage_breaks = [12, 16]\n", encoding="utf-8")
    assert codes() == []
