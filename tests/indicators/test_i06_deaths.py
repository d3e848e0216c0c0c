"""Indicator 6 — child deaths in detention per 1,000 children detained during the period
(`indicators.md`, 6).

Denominator: distinct children of the register detained at any time in 2025 (admitted on or
before 2025-12-31, not released before 2025-01-01), under 18 on the episode's first day in the
period; distinct per child_ref within a source (or the country with scope national); rows without
child_ref one each. A place that sent no register counts its census instead (flagged).
"""

from __future__ import annotations

import pytest
from indicator_helpers import HEADER, by_category, coverage, flags, nums, runner, traced, value

from conftest import example_rows
from jjindicators.options import ComputeOptions

run = runner("6")


def episode(place, ref, admitted, released="", kind="", dob="2010-01-01"):
    if released and not kind:
        kind = "released_before_sentence"
    aftercare = "no" if kind and kind not in ("transfer", "death", "escape") else ""
    return {"source_id": place, "child_ref": ref, "sex": "M", "date_of_birth": dob,
            "admission_date": admitted, "release_date": released, "release_type": kind,
            "aftercare": aftercare}  # fmt: skip


def death(place, ref, died, dob="2010-01-01", status="pre_sentence", cause="illness"):
    return {"source_id": place, "child_ref": ref, "sex": "M", "date_of_birth": dob,
            "date_of_death": died, "legal_status": status, "cause": cause}  # fmt: skip


REGISTER = [
    episode("DET1", "K1", "2025-02-01", "2025-03-01"),  # K1 at DET1 ...
    episode("DET1", "K1", "2025-05-01"),  # ... twice: one child
    episode("DET2", "K1", "2025-06-01"),  # K1 at DET2: another child (scope source)
    episode("DET1", "", "2025-04-01"),  # no child_ref: one each
    episode("DET1", "", "2025-04-01"),
    episode("DET2", "K2", "2024-06-01", dob="2007-01-01"),  # 18 on 2025-01-01: out
    episode("DET2", "K3", "2024-06-01", dob="2007-01-02"),  # 17 on 2025-01-01: in
    episode("DET2", "K4", "2024-06-01", "2025-01-01"),  # released on the first day: in
    episode("DET2", "K5", "2024-06-01", "2024-12-31"),  # released the day before: out
    episode("DET1", "K6", "2025-07-01", "2025-08-08", "death"),  # died: in
    episode("DET1", "K7", "2025-12-31"),  # admitted on the last day: in
    episode("DET1", "K8", "2026-01-01"),  # admitted after the period: out
]
DEATHS = [
    death("DET1", "K6", "2025-08-08"),  # in
    death("DET2", "Z1", "2025-05-05", dob="2007-05-05"),  # 18 that day: out
    death("DET2", "Z2", "2024-12-31"),  # before the period: out
    death("DET2", "Z3", "2025-01-01", status="sentenced", cause="suicide"),  # in
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run(tmp_path_factory.mktemp("i06"), detention_register=REGISTER, deaths=DEATHS)


def test_deaths_and_detained_children(result):
    # deaths: K6, Z3 = 2; detained: K1@DET1, K1@DET2, two rows without ref, K3, K4, K6, K7 = 8
    assert nums(result, "6") == (2, 8, 2 / 8 * 1_000)
    assert traced(result, "6") == ["K6", "Z3"]
    assert traced(result, "6", "denominator") == ["K1", "K1", "K3", "K4", "K6", "K7", None, None]


def test_national_scope_counts_k1_once(tmp_path):
    result = run(tmp_path, ComputeOptions(child_ref_scope="national"),
                 detention_register=REGISTER, deaths=DEATHS)  # fmt: skip
    assert nums(result, "6") == (2, 7, 2 / 7 * 1_000)


def test_breakdowns(result):
    # R1 = DET1: deaths K6; detained K1, two without ref, K6, K7 = 5. R2 = DET2: Z3; K1, K3, K4.
    assert nums(result, "6", "headline", "area", "R1") == (1, 5, 1 / 5 * 1_000)
    assert nums(result, "6", "headline", "area", "R2") == (1, 3, 1 / 3 * 1_000)
    assert by_category(result, "6", "source", column="denominator") == {"DET1": 5, "DET2": 3}
    assert by_category(result, "6", "cause", "deaths") == {"illness": 1, "suicide": 1}
    assert by_category(result, "6", "legal_status", "deaths") == {"pre_sentence": 1,
                                                                  "sentenced": 1}  # fmt: skip
    # K3's age is taken on 2025-01-01, the first day of the episode in the period: 17
    assert by_category(result, "6", "age_group", column="denominator") == {
        "<14": 0, "14–15": 7, "16–17": 1, "unknown": 0}  # fmt: skip


def test_census_fallback_for_a_place_without_register(tmp_path):
    register = {4: None, 5: None, 6: None}  # drop r3, r4, r5: DET2 sent no register rows
    result = run(tmp_path / "on", detention_register=register)
    # DET1: r1, r2, r7 (r6 left in 2024) + DET2's census: c3 (c4 is 18, c5 administrative)
    assert nums(result, "6") == (1, 3 + 1, 1 / 4 * 1_000)
    assert "denominator: census fallback" in flags(result, "6")
    assert "C3" in traced(result, "6", "denominator")
    # DET2, counted through its census, has reported (docs/rules.md): covered, not missing
    assert coverage(result, "6")["NAT"] == (2, 2, 100.0, "")
    assert "partial" not in flags(result, "6")
    off = run(tmp_path / "off", ComputeOptions(census_fallback=False), detention_register=register)
    assert nums(off, "6") == (1, 3, 1 / 3 * 1_000)
    assert "denominator: census fallback" not in flags(off, "6")
    assert coverage(off, "6")["NAT"] == (2, 1, 50.0, "DET2")


def test_no_census_fallback_when_every_place_sent_a_register(tmp_path):
    result = run(tmp_path)
    assert nums(result, "6") == (1, 6, 1 / 6 * 1_000)
    assert "denominator: census fallback" not in flags(result, "6")


def test_no_register_at_all_falls_back_to_the_census(tmp_path):
    result = run(tmp_path / "on", detention_register=None)
    assert nums(result, "6") == (1, 3, 1 / 3 * 1_000)  # R7's death / c1, c2, c3
    assert flags(result, "6")[0] == "denominator: census fallback"
    off = run(tmp_path / "off", ComputeOptions(census_fallback=False), detention_register=None)
    assert nums(off, "6") == (None, None, None)
    assert flags(off, "6")[0] == "not computable: no detention_register sheet"


def test_deaths_sheet_empty_or_missing(tmp_path):
    empty = run(tmp_path / "empty", deaths=HEADER["deaths"])
    assert nums(empty, "6") == (0, 6, 0.0)
    missing = run(tmp_path / "missing", deaths=None)
    assert nums(missing, "6") == (None, None, None)
    assert flags(missing, "6") == ("not computable: no deaths sheet",)
    assert value(missing, "6", "headline", "area", "R1") is None


def test_no_detained_child_is_not_computable(tmp_path):
    rows = [r for r in example_rows("detention_register") if r["child_ref"] == "R6"]  # 2024 only
    result = run(tmp_path, detention_register=rows, detention_census=HEADER["detention_census"],
                 deaths=HEADER["deaths"])  # fmt: skip
    assert nums(result, "6") == (0, 0, None)
    assert "not computable: not computable: the denominator is 0" not in flags(result, "6")
    assert flags(result, "6")[0] == "not computable: the denominator is 0"


def test_census_fallback_does_not_count_a_child_twice_with_national_scope(tmp_path):
    # C3 was first held in DET1 (register), then moved to DET2, which sent no register: its
    # census lists C3 again. With national references that is one child.
    register = {4: None, 5: None, 6: None,  # DET2 sent no register rows
                9: {"source_id": "DET1", "child_ref": "C3", "sex": "M",
                    "date_of_birth": "2008-02-02", "admission_date": "2025-09-01",
                    "release_date": "2025-10-10", "release_type": "transfer"}}  # fmt: skip
    scoped = run(tmp_path / "source", detention_register=register)
    assert nums(scoped, "6")[:2] == (1, 3 + 1 + 1)  # R1, R2, R7, C3@DET1 + census C3@DET2
    national = run(tmp_path / "national", ComputeOptions(child_ref_scope="national"),
                   detention_register=register)  # fmt: skip
    assert nums(national, "6")[:2] == (1, 3 + 1)  # R1, R2, R7, C3
    assert "denominator: census fallback" in flags(national, "6")


def test_every_traced_death_has_a_unit(result):
    trace = result.trace_frame()
    died = trace[(trace.indicator == "6") & (trace.role == "numerator")]
    assert len(died) == 2 and died.unit.notna().all() and died.unit.nunique() == 2
