"""Indicator 2 (CORE) — children in detention on the census date per 100,000 children
(`indicators.md`, 2). Census date 2025-12-31; DET1 juvenile_institution in R1, DET2 adult_prison
in R2."""

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
    coverage,
    flags,
    nums,
    runner,
    traced,
    value,
)

from conftest import example_rows
from jjindicators.options import ComputeOptions

run = runner("2")


def held(place, ref, sex, status, dob="", age="", basis="criminal", admitted="2025-06-01",
         sentenced=""):  # fmt: skip
    if status == "sentenced" and not sentenced:
        sentenced = "2025-07-01"
    return {"source_id": place, "child_ref": ref, "sex": sex, "date_of_birth": dob, "age": age,
            "admission_date": admitted, "legal_status": status, "sentence_date": sentenced,
            "detention_basis": basis, "separated_from_adults": "yes",
            "family_contact_3_months": "yes"}  # fmt: skip


CENSUS = [
    held("DET1", "C1", "M", "pre_sentence", dob="2009-01-01"),  # 16: in
    held("DET1", "C2", "F", "sentenced", dob="2010-03-03"),  # 15: in
    held("DET2", "C3", "M", "pre_sentence", dob="2008-02-02"),  # 17, in an adult prison: in
    held("DET2", "C4", "M", "sentenced", dob="2007-12-31"),  # 18 on the census date: out
    held("DET2", "C5", "M", "sentenced", dob="2008-01-01"),  # 17 (18 tomorrow): in
    held("DET2", "C6", "M", "pre_sentence", dob="2009-09-09", basis="administrative"),  # beside
    held("DET1", "C7", "F", "pre_sentence", age="12", basis=""),  # blank basis = criminal: in
    held("DET1", "C8", "M", "pre_sentence"),  # age unknown: in, age group "unknown"
    held("DET2", "C9", "F", "pre_sentence", dob="2011-05-05", basis="other"),  # beside
    held("DET2", "C10", "M", "pre_sentence", age="19", basis="administrative"),  # an adult
    held("DET1", "C11", "F", "sentenced", age="18"),  # an adult in a place for children
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i02"), detention_census=CENSUS)


def test_cohort_under_18_on_the_census_date_and_criminal_basis(result):
    # D = C1, C2, C3, C5, C7, C8 = 6
    assert nums(result, "2") == (6, CP, 6 / 140_000 * 100_000)
    assert traced(result, "2") == ["C1", "C2", "C3", "C5", "C7", "C8"]


def test_supplementary_counts_are_beside_never_added(result):
    # other bases: C6 (administrative), C9 (other); the 18+ held in places for children: C11
    # (DET1, a juvenile institution), not C4 nor C10, held in an adult prison (DET2)
    assert value(result, "2", "administrative") == 2
    assert value(result, "2", "aged_18") == 1
    assert nums(result, "2")[0] == 6


def test_18_or_over_counts_in_every_place_but_an_adult_prison(tmp_path):
    """`indicators.md`, 2: "persons aged 18+ held in places for children" — every place_type but
    adult_prison, and a place with no place_type (docs/rules.md)."""
    sources = example_rows("sources")
    assert [s["place_type"] for s in sources[2:4]] == ["juvenile_institution", "adult_prison"]
    sources[3]["place_type"] = ""  # DET2 without a place type: a place for children
    adults = [held("DET1", "A1", "M", "sentenced", age="18"),
              held("DET2", "A2", "M", "sentenced", age="20", basis="administrative"),
              held("DET2", "A3", "F", "pre_sentence", dob="2007-12-31")]  # fmt: skip
    result = run(tmp_path, detention_census=adults, sources=sources)
    assert value(result, "2", "aged_18") == 3
    assert nums(result, "2")[0] == 0


def test_breakdowns_sex_age_area_source(result):
    assert nums(result, "2", "headline", "sex", "M") == (4, CP_M, 4 / 72_000 * 100_000)
    assert nums(result, "2", "headline", "sex", "F") == (2, CP_F, 2 / 68_000 * 100_000)
    assert cell(result, "2", "headline", "sex", "U").numerator == 0
    # C7 12; C2 15; C1 16, C3 17, C5 17; C8 unknown
    assert by_category(result, "2", "age_group") == {"<14": 1, "14–15": 1, "16–17": 3,
                                                     "unknown": 1}  # fmt: skip
    assert nums(result, "2", "headline", "area", "R1") == (4, CP_R1, 4 / 82_000 * 100_000)
    assert nums(result, "2", "headline", "area", "R2") == (2, CP_R2, 2 / 58_000 * 100_000)
    assert by_category(result, "2", "source") == {"DET1": 4, "DET2": 2}


def test_breakdowns_legal_status_and_place_type(result):
    assert by_category(result, "2", "legal_status") == {"pre_sentence": 4, "sentenced": 2}
    assert by_category(result, "2", "place_type") == {"adult_prison": 2,
                                                      "juvenile_institution": 4}  # fmt: skip
    status = cell(result, "2", "headline", "legal_status", "sentenced")
    assert status.value is None
    assert status.note == "no child population for a breakdown by legal status"


def test_coverage_a_place_that_sent_no_census(tmp_path):
    rows = [r for r in example_rows("detention_census") if r["source_id"] == "DET1"]
    result = run(tmp_path, detention_census=rows)
    assert coverage(result, "2")["NAT"] == (2, 1, 50.0, "DET2")
    assert coverage(result, "2")["R2"] == (1, 0, 0.0, "DET2")
    assert "partial" in flags(result, "2")
    assert nums(result, "2") == (2, CP, 2 / 140_000 * 100_000)  # c1, c2 only; nothing imputed


def test_a_place_that_held_no_children_in_the_period_is_not_expected(tmp_path):
    rows = [r for r in example_rows("detention_census") if r["source_id"] == "DET1"]
    sources = example_rows("sources")
    sources[3]["held_children_in_period"] = "no"  # DET2
    result = run(tmp_path, detention_census=rows, sources=sources)
    assert coverage(result, "2")["NAT"] == (1, 1, 100.0, "")
    assert "partial" not in flags(result, "2")


def test_empty_census_is_zero_and_missing_census_is_not_computable(tmp_path):
    empty = run(tmp_path / "empty", detention_census=HEADER["detention_census"])
    assert nums(empty, "2") == (0, CP, 0.0)
    assert coverage(empty, "2")["NAT"] == (2, 2, 100.0, "")
    none = run(tmp_path / "none", detention_census=None)
    assert nums(none, "2") == (None, None, None)
    assert flags(none, "2")[0] == "not computable: no detention_census sheet"
    assert value(none, "2", "administrative") is None


def test_a_child_in_two_places_censuses_counts_once_only_with_national_scope(tmp_path):
    again = {7: {**example_rows("detention_census")[0], "source_id": "DET2"}}  # c1 also in DET2
    scoped = run(tmp_path / "source", detention_census=again)
    assert nums(scoped, "2")[0] == 3 + 1  # c1 at DET1 and "c1" at DET2 are two children
    national = run(tmp_path / "national", ComputeOptions(child_ref_scope="national"),
                   detention_census=again)  # fmt: skip
    assert nums(national, "2")[0] == 3  # c1, c2, c3
