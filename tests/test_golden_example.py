"""Golden headline values of the synthetic `examples/exampleland-2025.xlsx`.

Two checks that do not lean on each other:

1. the code's rows of dimension `total` equal `tests/golden/exampleland-2025-indicators.csv`
   (by value, floats within a tolerance): the test fails when the output drifts;
2. the golden numbers are recomputed here, straight from the workbook with openpyxl and plain
   Python written from `shared/spec/indicators.md` (none of jjindicators' indicator code), for
   indicators 1–11, 12(b) and 13(b). The register's episodes linked by a transfer are one
   detention (issue #16, `docs/rules.md`, "Transfers"): `detentions` below joins them, written
   from the rule's words, not from `indicators/transfers.py`.

After a deliberate change of the rules, check the new numbers by hand, then rewrite the golden file
with `JJIND_UPDATE_GOLDEN=1 pytest tests/test_golden_example.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jjindicators.compute import ComputeResult, compute
from jjindicators.indicators.codes import Flag
from jjindicators.validate import ValidateOptions

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "examples" / "exampleland-2025.xlsx"
GOLDEN = Path(__file__).parent / "golden" / "exampleland-2025-indicators.csv"
OPTIONS = ValidateOptions(today=dt.date(2026, 11, 25))
COLUMNS = ("indicator", "part", "numerator", "denominator", "value")
NOT_RELEASES = {"transfer", "death", "escape"}  # indicators.md, 4: "release" excludes these


@pytest.fixture(scope="module")
def result() -> ComputeResult:
    out = compute([WORKBOOK], validate_options=OPTIONS)
    assert out.computed
    return out


def total_rows(result: ComputeResult) -> list[dict[str, Any]]:
    """The code's rows of dimension `total` (every part), as text like the golden file."""
    frame = result.cells_frame()
    frame = frame[frame.dimension == "total"]
    return [{k: _text(row[k]) for k in COLUMNS} for row in frame.to_dict(orient="records")]


def headline_keys(result: ComputeResult) -> set[tuple[str, str]]:
    """(indicator, part) of each indicator's headline and of its summary parts (12(b), 13(b))."""
    keys = set()
    for r in result.results:
        keys.add((r.meta.number, str(r.headline.part)))
        keys |= {(r.meta.number, p) for p in r.meta.summary_parts}
    return keys


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return repr(float(v)) if isinstance(v, int | float) else str(v)


def golden() -> dict[tuple[str, str], dict[str, str]]:
    with GOLDEN.open(newline="", encoding="utf-8") as handle:
        return {(r["indicator"], r["part"]): r for r in csv.DictReader(handle)}


def same(a: str, b: str) -> bool:
    """Golden cells compare by value: numbers within 1e-9 (relative), text exactly."""
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        return a == b


def test_the_output_matches_the_golden_file(result):
    rows = total_rows(result)
    if os.environ.get("JJIND_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        with GOLDEN.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    expected = golden()
    got = {(r["indicator"], r["part"]): r for r in rows}
    missing = sorted(set(expected) - set(got))
    assert not missing, f"rows of {GOLDEN.name} the code no longer gives: {missing}"
    unlisted = sorted(headline_keys(result) - set(expected))
    assert not unlisted, f"headline rows missing from {GOLDEN.name}: {unlisted}"
    drift = [
        f"{key[0]} / {key[1]} / {column}: golden {expected[key][column]!r}, "
        f"now {got[key][column]!r}"
        for key in sorted(expected)
        for column in ("numerator", "denominator", "value")
        if not same(expected[key][column], got[key][column])
    ]
    assert not drift, "the output drifted from the golden file:\n" + "\n".join(drift)


# -- an independent recomputation from the workbook -----------------------------------------------


def sheet(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    out = []
    for row in rows[1:]:
        if any(v is not None for v in row):
            record = dict(zip(header, row, strict=False))
            out.append({k: v.date() if isinstance(v, dt.datetime) else v
                        for k, v in record.items()})  # fmt: skip
    return out


def age_on(row: dict[str, Any], day: dt.date) -> int | None:
    """Completed years on `day` from the date of birth, else the `age` column, else unknown."""
    born = row["date_of_birth"]
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return row["age"]


def child(row: dict[str, Any], day: dt.date) -> bool:
    age = age_on(row, day)
    return age is None or age < 18


@dataclass
class Detention:
    """Register episodes of one child linked by transfers: one detention (a lone episode is one
    too). `rows` are the episodes in order, `ends` its row numbers (index in the register)."""

    rows: list[dict[str, Any]]
    ends: list[int]

    @property
    def first(self) -> dict[str, Any]:
        return self.rows[0]

    @property
    def last(self) -> dict[str, Any]:
        return self.rows[-1]

    @property
    def admission(self) -> dt.date:
        return self.first["admission_date"]

    @property
    def sentence(self) -> dt.date | None:
        return next((r["sentence_date"] for r in self.rows if r["sentence_date"]), None)

    @property
    def person(self) -> dict[str, Any]:
        """What the ages are taken from: the first date of birth given, else the age given at
        the first admission."""
        born = next((r["date_of_birth"] for r in self.rows if r["date_of_birth"]), None)
        return {"date_of_birth": born, "age": self.first["age"]}


def detentions(register: list[dict[str, Any]], national: bool) -> tuple[list[Detention], list[int]]:
    """The register's detentions, and the row numbers of the transfers no episode follows.

    The rule (issue #16, point 6): an episode whose release type is `transfer` is followed by
    the episode of the same child admitted on the day of the transfer or the day after — in the
    same place with the same child_ref, in a place whose `transferred_from` names the first
    place with the child_ref the child had there, or anywhere with the same child_ref when
    references are national. A detention runs from its first episode to its last.
    """
    follower: dict[int, int] = {}
    for i, r in enumerate(register):
        if r["release_type"] != "transfer" or not r["release_date"] or not r["child_ref"]:
            continue
        candidates = [
            j for j, n in enumerate(register)
            if j != i and n["child_ref"] == r["child_ref"]
            and 0 <= (n["admission_date"] - r["release_date"]).days <= 1
            and (n["source_id"] == r["source_id"] or national
                 or n.get("transferred_from") == r["source_id"])
        ]  # fmt: skip
        # In this example a transfer has at most one episode that can follow it: no tie to break.
        assert len(candidates) <= 1, (i, candidates)
        if candidates:
            follower[i] = candidates[0]
    assert len(set(follower.values())) == len(follower)  # each episode follows one transfer
    inside = set(follower.values())
    chains = []
    for i in range(len(register)):
        if i in inside:
            continue
        path = [i]
        while path[-1] in follower:
            path.append(follower[path[-1]])
        chains.append(Detention([register[j] for j in path], path))
    assert sorted(j for c in chains for j in c.ends) == list(range(len(register)))
    unfollowed = [i for i, r in enumerate(register) if r["release_type"] == "transfer"
                  and r["release_date"] and i not in follower]  # fmt: skip
    return chains, unfollowed


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@pytest.fixture(scope="module")
def by_hand() -> dict[tuple[str, str], tuple[float | None, float | None, float]]:
    """(numerator, denominator, value) of the headlines, from indicators.md and the workbook."""
    book = openpyxl.load_workbook(WORKBOOK, read_only=True)
    about = {r["key"]: r["value"] for r in sheet(book, "about")}
    start, end = about["period_start"], about["period_end"]
    census_day = about.get("census_date") or end
    assert about["child_ref_scope"] == "source"

    def in_period(day: dt.date | None) -> bool:
        return day is not None and start <= day <= end

    cp = sum(r["population"] for r in sheet(book, "population"))  # regions × sex × ages 0–17
    sources = {r["source_id"]: r for r in sheet(book, "sources")}
    out: dict[tuple[str, str], tuple[float | None, float | None, float]] = {}

    # 1: distinct (source, child_ref) arrested in the period under 18; no child_ref: one each
    units = set()
    for i, r in enumerate(sheet(book, "arrests")):
        if in_period(r["arrest_date"]) and child(r, r["arrest_date"]):
            units.add((r["source_id"], r["child_ref"]) if r["child_ref"] else ("row", i))
    out[("1", "headline")] = (len(units), cp, len(units) / cp * 100_000)

    # 2, 3, 7, 8: D = census rows under 18 on the census date with a criminal basis
    d = [r for r in sheet(book, "detention_census")
         if child(r, census_day)
         and (r["detention_basis"] or "criminal") == "criminal"]  # fmt: skip
    assert len({(r["source_id"], r["child_ref"]) for r in d}) == len(d)  # one row per child
    pre = sum(r["legal_status"] == "pre_sentence" for r in d)
    apart = sum(r["separated_from_adults"] == "no" for r in d)  # "no" is never made "yes"
    family = sum(r["family_contact_3_months"] == "yes" for r in d)
    out[("2", "headline")] = (len(d), cp, len(d) / cp * 100_000)
    out[("3", "headline")] = (pre, cp, pre / cp * 100_000)
    out[("3", "pre_sentence_share")] = (pre, len(d), pre / len(d) * 100)
    out[("7", "headline")] = (apart, len(d), apart / len(d) * 100)
    out[("8", "headline")] = (family, len(d), family / len(d) * 100)

    register = sheet(book, "detention_register")
    chains, _ = detentions(register, national=False)

    def released(c: Detention) -> bool:
        return c.last["release_date"] is not None and c.last["release_type"] not in NOT_RELEASES

    # 4: pre-sentence phase ended in the period (by sentence, or by a release without one),
    # under 18 at admission; days = end − admission (a detention: its first admission, its
    # first sentence, its last release)
    waits = []
    for c in chains:
        stop = c.sentence or (c.last["release_date"] if released(c) else None)
        if in_period(stop) and stop >= c.admission and child(c.person, c.admission):
            waits.append((stop - c.admission).days)
    out[("4", "median")] = (None, len(waits), statistics.median(waits))
    out[("4", "mean")] = (None, len(waits), statistics.fmean(waits))

    # 5: sentenced detentions released in the period, under 18 at sentence
    stays = [(c.last["release_date"] - max(c.sentence, c.admission)).days
             for c in chains
             if c.sentence and released(c) and in_period(c.last["release_date"])
             and child(c.person, c.sentence)]  # fmt: skip
    out[("5", "median")] = (None, len(stays), statistics.median(stays))
    out[("5", "mean")] = (None, len(stays), statistics.fmean(stays))

    # 6: deaths in the period under 18 / distinct children detained during the period, under 18
    # on the detention's first day in the period (every place sent a register: no census
    # fallback); a detention counts where it ended, by the child_ref of its first episode
    deaths = sum(in_period(r["date_of_death"]) and child(r, r["date_of_death"])
                 for r in sheet(book, "deaths"))  # fmt: skip
    first_day: dict[Any, dt.date] = {}
    for c in chains:
        release = c.last["release_date"]
        if c.admission <= end and (release is None or release >= start):
            ref = c.first["child_ref"]
            key = (c.last["source_id"], ref) if ref else ("row", c.ends[0])
            day = max(c.admission, start)
            if child(c.person, day):
                first_day[key] = min(first_day.get(key, day), day)
    assert {r["source_id"] for r in register} >= {
        s for s, r in sources.items() if r["source_type"] == "place_of_detention"}  # fmt: skip
    out[("6", "headline")] = (deaths, len(first_day), deaths / len(first_day) * 1_000)

    # 9, 10: decisions in the period, under 18 on the decision date; the unit is the decision
    kinds = Counter(r["decision"] for r in sheet(book, "decisions")
                    if in_period(r["decision_date"]) and child(r, r["decision_date"]))  # fmt: skip
    sentences = kinds["custodial_sentence"] + kinds["non_custodial_sentence"]
    custodial, diverted = kinds["custodial_sentence"], kinds["diversion"]
    out[("9", "headline")] = (custodial, sentences, custodial / sentences * 100)
    out[("10", "headline")] = (diverted, diverted + sentences,
                               diverted / (diverted + sentences) * 100)  # fmt: skip

    # 11: releases in the period under 18 on the release date; aftercare yes / yes or no
    care = Counter(c.last["aftercare"] for c in chains
                   if released(c) and in_period(c.last["release_date"])
                   and child(c.person, c.last["release_date"]))  # fmt: skip
    known = care["yes"] + care["no"]
    out[("11", "headline")] = (care["yes"], known, care["yes"] / known * 100)
    out[("11", "aftercare_not_stated")] = (care["unknown"], sum(care.values()), care["unknown"])

    # 12(b), 13(b): places of detention that held children in the period
    places = [r for r in sources.values() if r["source_type"] == "place_of_detention"
              and r["held_children_in_period"] != "no"]  # fmt: skip
    window = (year_before(census_day), census_day)
    seen = sum(
        r["last_independent_inspection"] is not None
        and window[0] < r["last_independent_inspection"] <= window[1]
        for r in places
    )
    complaints = sum(r["complaints_system"] == "yes" for r in places)
    out[("12", "b")] = (seen, len(places), seen / len(places) * 100)
    out[("13", "b")] = (complaints, len(places), complaints / len(places) * 100)
    return out


def test_the_golden_file_agrees_with_a_recomputation_from_the_workbook(by_hand):
    expected = golden()
    wrong = []
    for key, numbers in sorted(by_hand.items()):
        assert key in expected, f"{key} is not in {GOLDEN.name}"
        for column, mine in zip(("numerator", "denominator", "value"), numbers, strict=True):
            theirs = expected[key][column]
            if not same(theirs, "" if mine is None else repr(float(mine))):
                wrong.append(f"{key[0]} / {key[1]} / {column}: golden {theirs}, by hand {mine}")
    assert not wrong, "\n".join(wrong)


def test_the_transfers_no_episode_follows_are_flagged(result):
    """Indicators 4 and 5 say how many transfers of the period no episode follows (their
    durations may be understated): the same number as `detentions` finds."""
    book = openpyxl.load_workbook(WORKBOOK, read_only=True)
    about = {r["key"]: r["value"] for r in sheet(book, "about")}
    register = sheet(book, "detention_register")
    chains, unfollowed = detentions(register, national=False)
    in_period = [
        i
        for i in unfollowed
        if about["period_start"] <= register[i]["release_date"] <= about["period_end"]
    ]
    # a transfer before sentence can shorten a wait for sentence (4), one after it a sentenced
    # stay (5)
    after = [i for i in in_period if register[i]["sentence_date"] is not None
             and register[i]["sentence_date"] <= register[i]["release_date"]]  # fmt: skip
    n = len(in_period) - len(after)
    flags = {r.meta.number: r.flags for r in result.results}
    assert Flag.of("transfers_not_followed", count=n) in flags["4"]
    assert not after and not any(f.code == "transfers_not_followed" for f in flags["5"])
    # The juvenile institutions record where a child came from (transferred_from): each of the
    # 160 transfers from a pre-trial place is followed. The pre-trial places do not record the
    # lock-up's 56 (examples/README.md).
    joined = [c for c in chains if len(c.rows) > 1]
    assert len(joined) == 160 and all(len(c.rows) == 2 for c in joined)
    assert {(c.first["source_id"], c.last["transferred_from"]) for c in joined} == {
        ("DET02", "DET02"), ("DET06", "DET06")}  # fmt: skip
    assert Counter(register[i]["source_id"] for i in unfollowed) == {"DET04": 56}
    assert n == 56


def test_the_headlines_by_hand(by_hand):
    # A few numbers, to read the example at a glance (examples/README.md tells the story).
    assert by_hand[("1", "headline")][:2] == (1327, 760_960)
    assert by_hand[("2", "headline")][:2] == (189, 760_960)
    # A child sentenced in a pre-trial place and moved to an institution that day is one
    # detention, not a second one of 0 days: 160 fewer in 4's cohort and in 6's denominator.
    assert by_hand[("4", "median")][1:] == (454, 28)
    assert by_hand[("6", "headline")][:2] == (2, 698)
    assert by_hand[("12", "b")][:2] == (2, 6)  # DET01, DET05; DET02/03/06 too old, DET04 never
    assert by_hand[("13", "b")][:2] == (3, 6)  # DET01, DET02, DET05
