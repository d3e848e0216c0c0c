"""Indicator 1 — children arrested in the period per 100,000 children (`indicators.md`, 1).

Sources of the worked example: POL1 (police, R1) and POL2 (police, R2); the child population is
R1 F 40,000, R1 M 42,000, R2 F 28,000, R2 M 30,000 (140,000).
"""

from __future__ import annotations

import pytest
from indicator_helpers import (
    CP,
    CP_F,
    CP_M,
    CP_R1,
    CP_R2,
    HEADER,
    by_category,
    cell,
    close,
    coverage,
    flags,
    nums,
    runner,
    traced,
    value,
)

from conftest import example_rows
from jjindicators.options import ComputeOptions

run = runner("1")


def arrest(source, ref, sex, arrest_date, dob="", age="", body="", outcome=""):
    return {"source_id": source, "child_ref": ref, "sex": sex, "date_of_birth": dob, "age": age,
            "arrest_date": arrest_date, "arresting_body": body, "outcome": outcome}  # fmt: skip


# Each row says whether it counts under child_ref_scope = source.
ARRESTS = [
    arrest("POL1", "A1", "M", "2025-01-01", dob="2010-06-15", body="police"),  # 14; first day: in
    arrest("POL1", "A1", "M", "2025-03-10", dob="2010-06-15", body="security"),  # A1 again: once
    arrest("POL1", "A2", "F", "2025-12-31", dob="2007-12-31", body="police"),  # 18 today: out
    arrest("POL1", "A3", "F", "2025-12-31", dob="2008-01-01", body="police"),  # 17, last day: in
    arrest("POL1", "A4", "M", "2024-12-31", dob="2011-01-01", body="police"),  # before the period
    arrest("POL2", "A5", "M", "2026-01-01", age="13", body="police"),  # after the period
    arrest("POL2", "", "U", "2025-05-05", body="military"),  # no age, sex not recorded: in
    arrest("POL2", "", "M", "2025-05-05", age="16", body="police"),  # no child_ref: one arrest
    arrest("POL2", "", "M", "2025-05-05", age="16", body="other"),  # the same again: one more
    arrest("POL2", "A1", "M", "2025-07-01", dob="2010-06-15", body="police"),  # A1 at POL2: in
]


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i01"), arrests=ARRESTS)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i01n"), ComputeOptions(child_ref_scope="national"),
               arrests=ARRESTS)  # fmt: skip


def test_cohort_who_is_in_and_out(scoped):
    # In: A1@POL1 (two arrests, one child), A3, the U child, two rows without child_ref,
    # A1@POL2 = 6. Out: A2 (18 on the arrest date), A4 (2024-12-31), A5 (2026-01-01).
    assert nums(scoped, "1") == (6, CP, 6 / 140_000 * 100_000)
    rows = traced(scoped, "1")
    assert "A2" not in rows and "A4" not in rows and "A5" not in rows
    assert rows == ["A1", "A1", "A1", "A3", None, None, None]  # both A1@POL1 rows are traced


def test_a_child_arrested_twice_by_one_source_is_one_unit(scoped):
    trace = scoped.trace_frame()
    a1 = trace[(trace.indicator == "1") & (trace.child_ref == "A1")]
    assert a1.groupby("source_id").unit.nunique().to_dict() == {"POL1": 1, "POL2": 1}
    assert a1.unit.nunique() == 2  # scope = source: A1 at POL2 is another child


def test_child_ref_scope_national_counts_a_child_once_across_sources(national):
    # A1 at POL1 and at POL2 is one child: 6 − 1 = 5
    assert nums(national, "1") == (5, CP, 5 / 140_000 * 100_000)
    # A1's first arrest in the period (2025-01-01, POL1 in R1) places the child.
    assert by_category(national, "1", "area") == {"R1": 2, "R2": 3}
    assert by_category(national, "1", "source") == {"POL1": 2, "POL2": 3}


def test_the_about_sheet_can_declare_the_national_scope(tmp_path):
    result = run(tmp_path, about={6: {"value": "national"}})  # worked example: K1 at POL1, POL2
    assert nums(result, "1")[0] == 4  # 5 − 1


def test_counting_unit_is_stated(tmp_path, scoped):
    assert "counting unit: mixed" in flags(scoped, "1")  # rows with and without child_ref
    refs = [r for r in ARRESTS if r["child_ref"]]
    assert "counting unit: children" in flags(run(tmp_path / "a", arrests=refs), "1")
    events = [r for r in ARRESTS if not r["child_ref"]]
    assert "counting unit: arrest events" in flags(run(tmp_path / "b", arrests=events), "1")


def test_breakdown_by_sex_rates_use_the_population_of_that_sex(scoped):
    # M: A1@POL1, two rows without ref, A1@POL2 = 4; F: A3 = 1; U: 1
    assert nums(scoped, "1", "headline", "sex", "M") == (4, CP_M, 4 / 72_000 * 100_000)
    assert nums(scoped, "1", "headline", "sex", "F") == (1, CP_F, 1 / 68_000 * 100_000)
    u = cell(scoped, "1", "headline", "sex", "U")
    assert (u.numerator, u.value) == (1, None)  # counted, but no population of sex "U"
    assert u.note == "no child population for sex not recorded"


def test_breakdown_by_age_group_with_unknown_ages(scoped):
    # A1@POL1 14 on 2025-01-01 (born 2010-06-15); A3 17; the U child has no age; the two rows
    # without ref are 16; A1@POL2 15 on 2025-07-01.
    assert by_category(scoped, "1", "age_group") == {"<14": 0, "14–15": 2, "16–17": 3,
                                                     "unknown": 1}  # fmt: skip
    # The population is by sex only, 0–17: no rate for an age group, and the note says why.
    g = cell(scoped, "1", "headline", "age_group", "14–15")
    assert g.value is None and "not broken down by ages 14–15" in g.note
    assert cell(scoped, "1", "headline", "age_group", "unknown").note == (
        "no child population for age unknown"
    )


def test_breakdown_by_area_source_and_arresting_body(scoped):
    # R1 = POL1: A1, A3; R2 = POL2: U child, two rows without ref, A1@POL2
    assert nums(scoped, "1", "headline", "area", "R1") == (2, CP_R1, 2 / 82_000 * 100_000)
    assert nums(scoped, "1", "headline", "area", "R2") == (4, CP_R2, 4 / 58_000 * 100_000)
    assert by_category(scoped, "1", "source") == {"POL1": 2, "POL2": 4}
    # A1@POL1 is counted with its first arrest (police), not the second (security).
    assert by_category(scoped, "1", "arresting_body") == {"military": 1, "other": 1, "police": 4}
    assert value(scoped, "1", "headline", "arresting_body", "police") is None  # no population


def test_an_arrest_by_intelligence_services_counts(tmp_path):
    """The Manual's arrest includes custody by the military, intelligence or other security
    forces: `intelligence` is a code of its own, read from its label in any language too."""
    rows = [arrest("POL1", "B1", "M", "2025-04-01", age="15", body="intelligence"),
            arrest("POL1", "B2", "F", "2025-04-02", age="16", body="intelligence services"),
            arrest("POL2", "B3", "M", "2025-04-03", age="17", body="services de renseignement"),
            arrest("POL2", "B4", "F", "2025-04-04", age="14", body="servicios de inteligencia"),
            arrest("POL2", "B5", "M", "2025-04-05", age="14", body="security")]  # fmt: skip
    result = run(tmp_path, arrests=rows)
    assert nums(result, "1")[0] == 5
    assert by_category(result, "1", "arresting_body") == {"intelligence": 4, "security": 1}


def test_age_breaks_option_with_a_population_by_age(tmp_path):
    # Population by area × sex × age band 0–11, 12–14, 15–17; each area × sex sums to the
    # worked example's figure (R1 F 20,000 + 8,000 + 12,000 = 40,000, ...).
    bands = {("R1", "F"): (20_000, 8_000, 12_000), ("R1", "M"): (21_000, 9_000, 12_000),
             ("R2", "F"): (14_000, 6_000, 8_000), ("R2", "M"): (15_000, 7_000, 8_000)}  # fmt: skip
    population = [
        {"area_code": a, "sex": s, "age_from": lo, "age_to": hi, "population": n, "year": 2025}
        for (a, s), counts in bands.items()
        for (lo, hi), n in zip([(0, 11), (12, 14), (15, 17)], counts, strict=True)
    ]
    result = run(tmp_path, ComputeOptions(age_breaks=(12, 15)), population=population)
    # Worked example arrests: K1@POL1 15 (2025-02-03), K2 17, a6 and a7 14, K1@POL2 16.
    assert by_category(result, "1", "age_group") == {"<12": 0, "12–14": 2, "15–17": 3,
                                                     "unknown": 0}  # fmt: skip
    pop_12_14 = 8_000 + 9_000 + 6_000 + 7_000
    pop_15_17 = 12_000 + 12_000 + 8_000 + 8_000
    assert nums(result, "1", "headline", "age_group", "12–14") == (
        2, pop_12_14, 2 / 30_000 * 100_000)  # fmt: skip
    assert nums(result, "1", "headline", "age_group", "15–17") == (
        3, pop_15_17, 3 / 40_000 * 100_000)  # fmt: skip
    assert nums(result, "1", "headline", "age_group", "<12") == (0, 70_000, 0.0)
    # the bands still tile 0–17 for each sex
    assert nums(result, "1", "headline", "sex", "F") == (1, CP_F, 1 / 68_000 * 100_000)
    assert nums(result, "1") == (5, CP, 5 / 140_000 * 100_000)


def test_without_population_the_rates_are_not_computable(tmp_path):
    result = run(tmp_path, population=None)
    total = cell(result, "1")
    assert (total.numerator, total.value) == (5, None)  # the count is still shown
    assert "no child population" in total.note
    assert "not computable: no population sheet" in flags(result, "1")
    assert all(v is None for v in by_category(result, "1", "area", column="value").values())


def test_a_population_not_broken_down_by_sex(tmp_path):
    population = [{"area_code": a, "sex": "all", "age_from": 0, "age_to": 17, "population": n,
                   "year": 2025} for a, n in (("R1", 82_000), ("R2", 58_000))]  # fmt: skip
    result = run(tmp_path, population=population)
    assert nums(result, "1") == (5, CP, 5 / 140_000 * 100_000)  # the total is fine
    girls = cell(result, "1", "headline", "sex", "F")
    assert (girls.numerator, girls.value) == (1, None)
    assert "not broken down by sex" in girls.note


def test_area_roll_up_at_every_level_recomputes_the_rate(tmp_path):
    # NAT > R1 > D1, D2; NAT > R2. POL1 in D1, POL3 in D2, POL4 attached to R1 itself, POL2 in
    # R2. Population only for the leaves' areas and R2 (so R1 = D1 + D2, NAT = R1 + R2).
    areas = [*example_rows("areas"), {"area_code": "D1", "name": "D1", "parent_code": "R1"},
             {"area_code": "D2", "name": "D2", "parent_code": "R1"}]  # fmt: skip
    sources = example_rows("sources")
    sources[0]["area_code"] = "D1"  # POL1
    sources += [
        {"source_id": "POL3", "name": "P3", "source_type": "police", "area_code": "D2"},
        {"source_id": "POL4", "name": "P4", "source_type": "police", "area_code": "R1"},
    ]
    population = [
        {"area_code": a, "sex": s, "age_from": 0, "age_to": 17, "population": n, "year": 2025}
        for a, s, n in (("D1", "F", 10_000), ("D1", "M", 10_000), ("D2", "F", 20_000),
                        ("D2", "M", 30_000), ("R2", "F", 28_000), ("R2", "M", 30_000))
    ]  # fmt: skip
    arrests = [
        arrest("POL1", "X1", "M", "2025-02-01", age="15"),
        arrest("POL3", "X2", "F", "2025-02-01", age="15"),
        arrest("POL3", "X3", "F", "2025-02-01", age="15"),
        arrest("POL3", "X4", "M", "2025-02-01", age="15"),
        arrest("POL4", "X5", "M", "2025-02-01", age="15"),
        arrest("POL2", "X6", "M", "2025-02-01", age="15"),
    ]
    result = run(tmp_path, areas=areas, sources=sources, population=population, arrests=arrests)
    d1, d2, r1 = 10_000 + 10_000, 20_000 + 30_000, 20_000 + 50_000
    assert nums(result, "1", "headline", "area", "D1") == (1, d1, 1 / d1 * 100_000)
    assert nums(result, "1", "headline", "area", "D2") == (3, d2, 3 / d2 * 100_000)
    # R1 = D1 + D2 + POL4's own child (attached to R1 directly); the rate is 5 / 70,000, not the
    # mean of the districts' rates (5.0 and 6.0 per 100,000).
    assert nums(result, "1", "headline", "area", "R1") == (1 + 3 + 1, r1, 5 / 70_000 * 100_000)
    assert not close(value(result, "1", "headline", "area", "R1"), (5.0 + 6.0) / 2)
    assert nums(result, "1") == (6, r1 + CP_R2, 6 / 128_000 * 100_000)
    levels = cell(result, "1", "headline", "area", "D1").area_level, cell(
        result, "1", "headline", "area", "R1").area_level  # fmt: skip
    assert levels == (2, 1)
    # Coverage at every level: all four police sources reported.
    assert coverage(result, "1")["R1"] == (3, 3, 100.0, "")


def test_coverage_a_police_station_that_sent_nothing(tmp_path):
    sources = [
        *example_rows("sources"),
        {"source_id": "POL3", "name": "P3", "source_type": "police", "area_code": "R2"},
    ]
    result = run(tmp_path, sources=sources)
    cov = coverage(result, "1")
    assert cov["NAT"] == (3, 2, round(2 / 3 * 100, 1), "POL3")
    assert cov["R2"] == (2, 1, 50.0, "POL3")
    assert cov["R1"] == (1, 1, 100.0, "")
    assert "partial" in flags(result, "1")
    assert cell(result, "1").flags == "partial"
    assert cell(result, "1", "headline", "area", "R2").flags == "partial"
    assert cell(result, "1", "headline", "area", "R1").flags == ""
    assert nums(result, "1")[0] == 5  # nothing imputed for POL3
    summary = next(r for r in result.summary() if r["indicator"] == "1")
    assert summary["coverage"] == round(2 / 3 * 100, 1)


def test_an_empty_arrests_sheet_is_a_report_of_zero(tmp_path):
    result = run(tmp_path, arrests=HEADER["arrests"])
    assert nums(result, "1") == (0, CP, 0.0)
    assert coverage(result, "1")["NAT"] == (2, 2, 100.0, "")
    assert "partial" not in flags(result, "1")


def test_no_arrests_sheet_is_not_a_zero(tmp_path):
    result = run(tmp_path, arrests=None)
    total = cell(result, "1")
    assert (total.numerator, total.value) == (None, None)
    assert total.note == "not computable: no arrests sheet"
    assert flags(result, "1")[0] == "not computable: no arrests sheet"
    assert coverage(result, "1")["NAT"] == (2, 0, 0.0, "POL1, POL2")
