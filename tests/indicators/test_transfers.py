"""Episodes linked by a transfer are one detention of the child (issue #16, `docs/rules.md`,
"Transfers"): indicators 4 and 5 measure the child's time, 6 counts the child once, 11 its
release; the trace shows every episode; a transfer no episode follows is counted.

The worked example's r5 (DET2, R5, admitted 2025-03-01, transferred 2025-03-15) is followed
here by r8: DET1 admits R5 the same day, sentences the child on 2025-04-14 and releases them at
the end of the sentence on 2025-10-11, with aftercare.
"""

from __future__ import annotations

import pytest
from indicator_helpers import cell, flags, nums, run

from conftest import example_rows
from jjindicators.options import ComputeOptions

R8 = {"source_id": "DET1", "child_ref": "R5", "sex": "M", "date_of_birth": "2010-10-10",
      "admission_date": "2025-03-15", "sentence_date": "2025-04-14", "release_date": "2025-10-11",
      "release_type": "end_of_sentence", "aftercare": "yes"}  # fmt: skip
NOT_FOLLOWED = "transfers not followed: 1 (durations may be understated)"


def register(**r8):
    return [*example_rows("detention_register"), {**R8, **r8}]


@pytest.fixture(scope="module")
def chained(tmp_path_factory):
    return run(tmp_path_factory.mktemp("chain"),
               detention_register=register(transferred_from="DET2"))  # fmt: skip


@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    return run(tmp_path_factory.mktemp("apart"), detention_register=register())


def test_the_pre_sentence_phase_runs_from_the_first_admission(chained, apart):
    # chain: 2025-04-14 − 2025-03-01 = 44 days; cohort r2 0, r1 30, chain 44, r3 60
    assert cell(chained, "4", "median").value == 37  # (30 + 44) / 2
    assert cell(chained, "4", "mean").value == pytest.approx(134 / 4)
    assert NOT_FOLLOWED not in flags(chained, "4")
    # not chained: r8 alone counts 2025-04-14 − 2025-03-15 = 30 days; r5's transfer is flagged
    assert cell(apart, "4", "median").value == 30
    assert NOT_FOLLOWED in flags(apart, "4")
    # r5 was transferred before any sentence: it cannot shorten a sentenced stay (5)
    assert not any(f.startswith("transfers not followed") for f in flags(apart, "5"))


def test_a_transfer_after_sentence_that_no_episode_follows_is_flagged_on_5(tmp_path):
    # r3 (DET2, sentenced 2025-01-19) is transferred on 2025-12-19 instead of released early
    result = run(tmp_path, detention_register={4: {"release_type": "transfer", "aftercare": ""}})
    assert NOT_FOLLOWED in flags(result, "5")
    assert NOT_FOLLOWED.replace("1", "2") not in flags(result, "4")  # r5 alone there
    assert NOT_FOLLOWED in flags(result, "4")


def test_the_chain_counts_where_it_was_sentenced(chained):
    # r8 was sentenced in DET1 (R1): the chain's pre-sentence phase ended there
    four = cell(chained, "4", "median", "source", "DET1")
    assert four.denominator == 3  # r1, r2 and the chain
    assert cell(chained, "4", "median", "source", "DET2").denominator == 1  # r3


def test_the_sentenced_time_and_the_release_are_the_chains(chained):
    # chain: 2025-10-11 − max(2025-04-14, 2025-03-01) = 180 days; r1 184, r3 334
    assert cell(chained, "5", "median").value == 184
    assert cell(chained, "5", "mean").value == pytest.approx((184 + 334 + 180) / 3)
    # releases: r1 yes, r2 no, the chain yes (r3 not stated)
    assert nums(chained, "11")[:2] == (2, 3)


def test_the_child_is_detained_once(chained, apart):
    # r1, r2, r3, r4, the chain (r5 and r8), r7; apart, R5 in DET1 is another child
    assert nums(chained, "6")[:2] == (1, 6)
    assert nums(apart, "6")[:2] == (1, 7)


def test_the_trace_has_every_episode_of_the_chain(chained):
    trace = chained.trace_frame()
    four = trace[(trace.indicator == "4") & (trace.child_ref == "R5")]
    assert sorted(zip(four.source_id, four.row, strict=True)) == [("DET1", 9), ("DET2", 6)]
    assert four.unit.nunique() == 1  # one unit: the child's detention


def test_national_references_and_the_same_place_are_followed_without_transferred_from(tmp_path):
    national = run(tmp_path / "n", ComputeOptions(child_ref_scope="national"),
                   detention_register=register())  # fmt: skip
    assert cell(national, "4", "median").value == 37
    same_place = run(tmp_path / "s", detention_register=register(source_id="DET2"))
    assert cell(same_place, "4", "median").value == 37
    late = run(
        tmp_path / "l",
        detention_register=register(transferred_from="DET2", admission_date="2025-03-17"),
    )  # two days later: not the same
    assert cell(late, "4", "median").value == 29  # r8 alone: 28 days; (28 + 30) / 2
    assert NOT_FOLLOWED in flags(late, "4")
