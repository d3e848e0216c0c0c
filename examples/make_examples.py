"""Write the synthetic Exampleland submission and a copy with planted mistakes (see README.md).

Everything here is invented: Exampleland, its regions, institutions and children do not exist.
The numbers are drawn from a fixed seed, so running the script again writes the same workbooks:

    python examples/make_examples.py                      # examples/exampleland-2025*.xlsx
    python examples/make_examples.py --seed 7 --scale 0.2 --out /tmp/ex
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import math
import random
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

DEFAULT_SEED = 2025
PERIOD_START, PERIOD_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
CENSUS = PERIOD_END
PREPARED_BY = "National Statistics Office (synthetic example)"
TEMPLATE_VERSION = "1.0"
# A fixed timestamp for the workbook's properties and zip entries: same inputs, same bytes.
STAMP = dt.datetime(2026, 1, 15, 9, 0, 0)
DAY = dt.timedelta(days=1)

# fmt: off
# Regions: code, name, child population 0-17 (roughly), share of the country's cases.
REGIONS = [("NTH", "Northshire", 390_000, 0.50), ("MID", "Midvale", 260_000, 0.33),
           ("STH", "Southmarsh", 115_000, 0.17)]
POLICE = [  # source_id, name, area, relative size within its region
    ("POL01", "Northshire Central Police Station", "NTH", 3.0),
    ("POL02", "Oakhollow Police Station", "NTH", 1.5),
    ("POL03", "Brindlemoor Police Station", "NTH", 1.2),
    ("POL04", "Tarnwick Police Station", "NTH", 1.0),
    ("POL05", "Fenmoor Police Station", "NTH", 0.8),
    ("POL06", "Midvale Central Police Station", "MID", 3.0),
    ("POL07", "Quillfield Police Station", "MID", 1.4),
    ("POL08", "Lindenmere Police Station", "MID", 1.0),
    ("POL09", "Corvale Police Station", "MID", 0.8),
    ("POL10", "Southmarsh Central Police Station", "STH", 2.5),
    ("POL11", "Saltreach Police Station", "STH", 1.0),
    ("POL12", "Reedholm Police Post", "STH", 0.6),
]
NO_CHILD_REF = "POL12"  # a small post that keeps no child reference: its rows count as events
NPM = "National Preventive Mechanism (synthetic)"
PLACES = [  # source_id, name, area, place_type, holds_adults, last inspection, by, complaints
    ("DET01", "Northshire Juvenile Rehabilitation Centre", "NTH", "juvenile_institution", "no",
     dt.date(2025, 6, 12), NPM, "yes"),
    ("DET02", "Midvale Remand Home for Children", "MID", "pre_trial_centre", "no",
     dt.date(2024, 9, 18), NPM, "yes"),
    ("DET03", "Southmarsh District Prison", "STH", "adult_prison", "yes",
     dt.date(2023, 11, 2), "Office of the Ombudsman (synthetic)", "no"),
    ("DET04", "Northshire Central Police Lock-up", "NTH", "police_lockup", "yes",
     None, None, "unknown"),
    ("DET05", "Midvale Girls' Residential Centre", "MID", "juvenile_institution", "no",
     dt.date(2025, 3, 26), NPM, "yes"),
    ("DET06", "Northshire Pre-trial Detention Centre (juvenile wing)", "NTH", "pre_trial_centre",
     "yes", dt.date(2024, 5, 14), NPM, "no"),
]
BOYS_INSTITUTION, GIRLS_INSTITUTION, ADULT_PRISON, LOCKUP = "DET01", "DET05", "DET03", "DET04"
# Where a child waits for the decision: boys from Southmarsh in the adult prison (no other place).
PRE_TRIAL = {"NTH": "DET06", "MID": "DET02", "STH": ADULT_PRISON}
AUTHORITIES = [  # source_id, name, area, deciding body, share of decisions
    ("CRT01", "Northshire Juvenile Court", "NTH", "court", 0.35),
    ("CRT02", "Midvale District Court, Children's Chamber", "MID", "court", 0.23),
    ("CRT03", "Southmarsh District Court", "STH", "court", 0.12),
    ("PRO01", "Office of the Public Prosecutor, Juvenile Unit", "MID", "prosecutor", 0.30),
]

ARREST_AGES = {10: 1, 11: 2, 12: 5, 13: 10, 14: 16, 15: 21, 16: 24, 17: 21}
COURT_AGES = {12: 2, 13: 8, 14: 15, 15: 22, 16: 28, 17: 25}
OFFENCES = {"theft": 30, "shoplifting": 10, "burglary": 10, "assault": 12, "robbery": 6,
            "drug possession": 9, "criminal damage": 8, "public order offence": 7,
            "traffic offence": 3, "carrying a weapon": 3, "sexual offence": 1, "other": 1}
OUTCOMES = {"released": 38, "charged": 27, "diverted": 16, "detained": 10, "other": 4, "unknown": 5}
COURT_DECISIONS = {"custodial_sentence": 18, "non_custodial_sentence": 47, "diversion": 9,
                   "acquittal": 11, "dismissal": 11, "other": 4}
PROSECUTOR_DECISIONS = {"diversion": 62, "dismissal": 33, "other": 5}
SENTENCE_MONTHS = {2: 5, 3: 12, 4: 8, 6: 22, 9: 12, 12: 20, 18: 10, 24: 8, 36: 3}
ACT = "Children's Justice Act 2019 (fictional)"
PLAN = "National Plan for Safe Childhoods 2024-2028 (fictional)"
POLICY = [  # item, answer, evidence, notes
    ("12a", "partial", f"{ACT}, s. 41", "Inspections are required but visits are announced."),
    ("12a.law", "yes", f"{ACT}, s. 41", None),
    ("12a.independent", "yes", "National Preventive Mechanism Decree 2020 (fictional)", None),
    ("12a.unannounced", "no", None, "Visits are notified a week ahead."),
    ("12a.private_interviews", "yes", f"{ACT}, s. 42", None),
    ("12a.published", "partial", None, "Summaries only."),
    ("13a", "partial", "Detention Rules 2021 (fictional), r. 17", None),
    ("13a.informed", "yes", "Detention Rules 2021 (fictional), r. 17", None),
    ("13a.confidential", "partial", None, "Sealed boxes in two of six places."),
    ("13a.independent_body", "no", None, None),
    ("13a.time_limit", "no", None, None),
    ("14", "partial", ACT, "No separate places for children in Southmarsh."),
    ("14.law", "yes", ACT, None),
    ("14.police", "partial", None, "Juvenile desks in the central stations only."),
    ("14.prosecutors", "yes", "Prosecution Service Circular 4/2020 (fictional)", None),
    ("14.courts", "yes", f"{ACT}, part 3", None),
    ("14.legal_aid", "partial", None, None),
    ("14.detention", "partial", None, "Boys from Southmarsh are held in the district prison."),
    ("14.social_work", "yes", None, None),
    ("15", "partial", PLAN, None),
    ("15.exists", "yes", PLAN, None),
    ("15.adopted", "yes", "Cabinet decision of 2024-02-06 (fictional)", None),
    ("15.funded", "no", None, "No budget line yet."),
    ("15.monitored", "unknown", None, None),
]
# The sheets in workbook order, with their columns (the canonical field names of `forms.md`).
PERSON = ["source_id", "child_ref", "sex", "date_of_birth", "age", "age_estimated"]
HEADERS = {
    "about": ["key", "value"],
    "areas": ["area_code", "name", "parent_code"],
    "sources": ["source_id", "name", "source_type", "area_code", "place_type", "holds_adults",
                "held_children_in_period", "last_independent_inspection", "inspecting_body",
                "complaints_system"],
    "population": ["area_code", "sex", "age_from", "age_to", "population", "year", "source_note"],
    "arrests": [*PERSON, "arrest_date", "arresting_body", "offence", "outcome"],
    "detention_census": [*PERSON, "admission_date", "legal_status", "sentence_date",
                         "detention_basis", "separated_from_adults", "family_contact_3_months"],
    "detention_register": [*PERSON, "admission_date", "sentence_date", "release_date",
                           "release_type", "aftercare", "transferred_from"],
    "deaths": [*PERSON, "date_of_death", "legal_status", "cause"],
    "decisions": [*PERSON, "decision_date", "deciding_body", "decision"],
    "policy": ["item", "answer", "evidence", "notes"],
}
# fmt: on
Sheets = dict[str, list[list[Any]]]


def pick(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    """One key of `weights`, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def completed_years(born: dt.date, on: dt.date) -> int:
    """Age in completed years, as `forms.md` defines it."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def day_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A day from `low` to `high`, both included."""
    return low + dt.timedelta(days=rng.randrange((high - low).days + 1))


def dob_for_age(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A date of birth that makes the child exactly `age` (completed years) on `on`."""
    born = day_between(rng, years_before(on, age + 1) + DAY, years_before(on, age))
    assert completed_years(born, on) == age
    return born


def in_2025(rng: random.Random) -> dt.date:
    return day_between(rng, PERIOD_START, PERIOD_END)


def row(sheet: str, **cells: Any) -> list[Any]:
    """A sheet's row from its cells by column name (missing cells are blank)."""
    assert set(cells) <= set(HEADERS[sheet]), set(cells) - set(HEADERS[sheet])
    return [cells.get(column) for column in HEADERS[sheet]]


def renumber(rows: list[list[Any]], ref: Any, by_year: bool = False) -> list[list[Any]]:
    """Number child_ref (column B) in the order the sorted rows first show each child, per source
    (and year of the date in column G), as a register would; a repeated child keeps one number."""
    new: dict[Any, str] = {}
    count: dict[Any, int] = {}
    for r in rows:
        if r[1] is not None and r[1] not in new:
            key = (r[0], r[6].year if by_year else None)
            count[key] = count.get(key, 0) + 1
            new[r[1]] = ref(r, count[key])
        r[1] = new.get(r[1])
    return rows


@dataclass
class Child:
    """The person behind a row; `style` says which of date of birth and age the source records."""

    sex: str
    born: dt.date
    style: str  # dob, age, both or none
    estimated: bool = False

    def cells(self, on: dt.date) -> dict[str, Any]:
        """sex, date_of_birth, age, age_estimated as a row shows them on the date `on`."""
        age = completed_years(self.born, on) if self.style in ("age", "both") else None
        return {
            "sex": self.sex,
            "date_of_birth": self.born if self.style in ("dob", "both") else None,
            "age": age,
            "age_estimated": "yes" if self.estimated and age is not None else None,
        }


def new_child(rng: random.Random, sex: str, born: dt.date, p_age: float) -> Child:
    """A child whose source records the age only (share `p_age`), both (5 %) or the birth date."""
    u = rng.random()
    style = "age" if u < p_age else "both" if u < p_age + 0.05 else "dob"
    return Child(sex, born, style, estimated=style == "age" and rng.random() < 0.3)


# -- the reference sheets -------------------------------------------------------------------------
def reference_sheets(rng: random.Random, country: str) -> Sheets:
    """about, areas, sources, population and policy."""
    about: list[list[Any]] = [
        ["country", country], ["period_start", PERIOD_START], ["period_end", PERIOD_END],
        ["census_date", CENSUS], ["child_ref_scope", "source"], ["prepared_by", PREPARED_BY],
        ["template_version", TEMPLATE_VERSION],
    ]  # fmt: skip
    areas = [["NAT", country, None]] + [[code, name, "NAT"] for code, name, _, _ in REGIONS]
    sources = [row("sources", source_id=s, name=n, source_type="police", area_code=a)
               for s, n, a, _ in POLICE]  # fmt: skip
    sources += [
        row("sources", source_id=s, name=n, source_type="place_of_detention", area_code=a,
            place_type=kind, holds_adults=adults, held_children_in_period="yes",
            last_independent_inspection=seen, inspecting_body=body, complaints_system=complaints)
        for s, n, a, kind, adults, seen, body, complaints in PLACES
    ]  # fmt: skip
    sources += [row("sources", source_id=s, name=n, source_type="competent_authority", area_code=a)
                for s, n, a, _, _ in AUTHORITIES]  # fmt: skip
    # Regions only: the national population is the sum of its regions'.
    population = []
    note = "Synthetic projection from a fictional 2020 census"
    for code, _, total, _ in REGIONS:
        for sex, share in (("F", 0.488), ("M", 0.512)):
            for low, high, band in ((0, 13, 0.785), (14, 15, 0.108), (16, 17, 0.107)):
                value = int(round(total * share * band * rng.uniform(0.98, 1.02), -1))
                population.append([code, sex, low, high, value, 2025, note])
    policy = [list(answer) for answer in POLICY]
    return {"about": about, "areas": areas, "sources": sources, "population": population,
            "policy": policy}  # fmt: skip


# -- arrests --------------------------------------------------------------------------------------
def arrests(rng: random.Random, scale: float) -> list[list[Any]]:
    """About 1,500 arrests by the police stations in 2025, some of them re-arrests."""
    share = {code: s for code, _, _, s in REGIONS}
    size = {code: sum(w for _, _, a, w in POLICE if a == code) for code in share}
    weights = {s: share[a] * w / size[a] for s, _, a, w in POLICE}
    seq = dict.fromkeys(weights, 0)
    rows: list[list[Any]] = []

    def next_ref(station: str) -> str | None:
        seq[station] += 1
        return None if station == NO_CHILD_REF else f"{station}-{seq[station]:05d}"

    def add(station: str, ref: str | None, child: Child, day: dt.date) -> None:
        rows.append(row(
            "arrests", source_id=station, child_ref=ref, **child.cells(day), arrest_date=day,
            arresting_body=pick(rng, {"police": 96, "security": 3, "military": 1}),
            offence=pick(rng, OFFENCES) if rng.random() > 0.03 else None,
            outcome=pick(rng, OUTCOMES),
        ))  # fmt: skip

    def sex() -> str:
        return pick(rng, {"M": 85, "F": 14.5, "U": 0.5})

    target = round(1500 * scale)
    while len(rows) < target:
        station, day = pick(rng, weights), in_2025(rng)
        child = new_child(rng, sex(), dob_for_age(rng, pick(rng, ARREST_AGES), day), p_age=0.2)
        ref = next_ref(station)
        for _ in range(pick(rng, {1: 85, 2: 11, 3: 3, 4: 1})):  # re-arrests keep the child_ref
            add(station, ref, child, day)
            day += dt.timedelta(days=rng.randint(7, 150))
            if ref is None or day > PERIOD_END or completed_years(child.born, day) >= 18:
                break
    # Rows every real file has: young adults (warnings: not children), children whose age was not
    # recorded (warnings) and arrests of late 2024 entered with 2025's (notices: not counted).
    odd = [(18, "dob", 0), (18, "age", 0), (18, "dob", 0), (18, "age", 0), (15, "none", 0),
           (16, "none", 0), (14, "none", 0), (16, "dob", 9), (15, "dob", 4), (17, "age", 12),
           (14, "dob", 2), (16, "dob", 15), (17, "dob", 6)]  # fmt: skip
    for age, style, days_before in odd:
        station = pick(rng, weights)
        day = PERIOD_START - dt.timedelta(days=days_before) if days_before else in_2025(rng)
        add(station, next_ref(station), Child(sex(), dob_for_age(rng, age, day), style), day)
    rows.sort(key=lambda r: (r[0], r[6], r[1] or ""))
    return renumber(rows, lambda r, n: f"{r[0]}-{n:05d}")


# -- detention: journeys through places, the register, the census and deaths ---------------------
@dataclass
class Episode:
    """One continuous detention in one place: a row of the register."""

    journey: int
    place: str
    admission: dt.date
    sentence: dt.date | None
    release: dt.date | None
    release_type: str | None
    ref: str = ""
    came_from: Episode | None = None  # the stay the child was transferred from, if recorded


Journeys = dict[int, tuple[str, dt.date, list[Episode]]]  # sex, first admission, episodes


def served(
    rng: random.Random, j: int, place: str, admitted: dt.date, sentenced: dt.date
) -> Episode:
    """A sentenced stay: to the end of the sentence, or shorter (early release, escape...)."""
    length = round(pick(rng, SENTENCE_MONTHS) * 30.44)
    kind = pick(rng, {"end_of_sentence": 67, "early_release": 30, "escape": 1.5, "other": 1.5})
    share = {"end_of_sentence": 1.0, "early_release": rng.uniform(0.5, 0.8)}.get(kind)
    days = round(length * share) if share else rng.randint(1, length)
    return Episode(j, place, admitted, sentenced, sentenced + dt.timedelta(days=days), kind)


def journey(rng: random.Random, j: int, start: dt.date, region: str, sex: str) -> list[Episode]:
    """A child's way through detention: lock-up, pre-trial, then (if sentenced) custody.

    A child sentenced in a pre-trial centre is transferred the same day to serve the sentence, so
    the new episode's admission is its sentence date (never a sentence before admission). The
    juvenile institution records where the child came from (`came_from`); the pre-trial centre
    does not record the lock-up the child came from.
    """
    out, day = [], start
    if region == "NTH" and rng.random() < 0.45:
        end = day + dt.timedelta(days=pick(rng, {0: 50, 1: 35, 2: 15}))
        if rng.random() < 0.5:
            return [Episode(j, LOCKUP, day, None, end, "released_before_sentence")]
        out.append(Episode(j, LOCKUP, day, None, end, "transfer"))
        day = end
    place = "DET02" if (region, sex) == ("STH", "F") else PRE_TRIAL[region]
    end = day + dt.timedelta(days=min(420, max(1, round(rng.lognormvariate(math.log(35), 0.9)))))
    u = rng.random()
    if u < 0.55:
        kind = "released_before_sentence" if u < 0.51 else "escape" if u < 0.52 else "other"
        return [*out, Episode(j, place, day, None, end, kind)]
    if place == ADULT_PRISON:  # sentenced, and serves the sentence where they waited for it
        return [*out, served(rng, j, place, day, end)]
    out.append(Episode(j, place, day, end, end, "transfer"))
    institution = GIRLS_INSTITUTION if sex == "F" else BOYS_INSTITUTION
    stay = served(rng, j, institution, end, end)
    stay.came_from = out[-1]
    return [*out, stay]


def as_at_census(episodes: list[Episode]) -> list[Episode]:
    """The journey as the register knows it on the census date, cut to episodes overlapping 2025."""
    kept = []
    for ep in episodes:
        if ep.admission > CENSUS:
            break
        if ep.sentence and ep.sentence > CENSUS:
            ep.sentence = None
        kept.append(ep)
        if ep.release and ep.release > CENSUS:
            ep.release, ep.release_type = None, None  # still held on the census date
            break
    return [ep for ep in kept if ep.release is None or ep.release >= PERIOD_START]


def simulate(rng: random.Random, scale: float) -> Journeys:
    """Children entering detention from mid-2022 on, so that long stays reach into 2025."""
    first, per_day = dt.date(2022, 7, 1), 1.3 * scale
    n = round((CENSUS - first).days * per_day)
    regions = {code: share for code, _, _, share in REGIONS}
    journeys: Journeys = {}
    for j in range(n):
        start, sex = day_between(rng, first, CENSUS), pick(rng, {"M": 90, "F": 10})
        kept = as_at_census(journey(rng, j, start, pick(rng, regions), sex))
        if kept:
            journeys[j] = (sex, start, kept)
    # Every place held children on the census date, so every place sends census rows.
    held = {ep.place for _, _, eps in journeys.values() for ep in eps if ep.release is None}
    for place, *_ in PLACES:
        if place not in held:
            j = n + len(journeys)
            day = CENSUS - dt.timedelta(days=0 if place == LOCKUP else rng.randint(3, 30))
            sentence = day if place in (BOYS_INSTITUTION, GIRLS_INSTITUTION) else None
            sex = "F" if place == GIRLS_INSTITUTION else "M"
            journeys[j] = (sex, day, [Episode(j, place, day, sentence, None, None)])
    return journeys


def choose_deaths(rng: random.Random, journeys: Journeys) -> dict[int, str]:
    """Two children die in custody in 2025, one in the adult prison: their episodes end in death."""
    causes: dict[int, str] = {}
    for places, cause in (((ADULT_PRISON,), "suicide"), (("DET01", "DET02", "DET06"), "illness")):
        candidates = []
        for j, (_, _, eps) in sorted(journeys.items()):
            last = eps[-1]
            low = max(last.admission + dt.timedelta(days=5), dt.date(2025, 1, 10))
            high = min((last.release or CENSUS) - DAY, dt.date(2025, 12, 20))
            if last.place in places and j not in causes and (high - low).days >= 20:
                candidates.append((j, low, high))
        if not candidates:
            continue
        j, low, high = rng.choice(candidates)
        last = journeys[j][2][-1]
        last.release, last.release_type = day_between(rng, low, high), "death"
        if last.sentence and last.sentence > last.release:
            last.sentence = None
        causes[j] = cause
    return causes


def journey_child(rng: random.Random, sex: str, start: dt.date, eps: list[Episode]) -> Child:
    """A child aged 12 or more when first detained and under 18 on every date a form uses."""
    ends = [ep.release if ep.release and ep.release_type == "death" else ep.admission for ep in eps]
    if any(ep.release is None for ep in eps):
        ends.append(CENSUS)
    low, high = years_before(max(ends), 18) + DAY, years_before(start, 12)
    age = pick(rng, COURT_AGES)
    lo, hi = max(low, years_before(start, age + 1) + DAY), min(high, years_before(start, age))
    born = day_between(rng, lo, hi) if lo <= hi else day_between(rng, low, high)
    return new_child(rng, sex, born, p_age=0.10)


def census_row(rng: random.Random, ep: Episode, child: Child) -> list[Any]:
    """The child's row in the census of the place that held them on the census date."""
    status = "sentenced" if ep.sentence else "pre_sentence"
    basis = "criminal"
    if status == "pre_sentence" and ep.place != LOCKUP:
        basis = pick(rng, {"criminal": 92, "administrative": 6, "other": 2})
    holds_adults = next(p[4] for p in PLACES if p[0] == ep.place) == "yes"
    separated = "yes"  # places for children only separate them by definition
    if ep.place == ADULT_PRISON:
        separated = pick(rng, {"no": 75, "yes": 15, "unknown": 10})
    elif holds_adults:
        separated = pick(rng, {"yes": 88, "no": 8, "unknown": 4})
    visited = 0.45 if ep.place == ADULT_PRISON else 0.68
    return row("detention_census", source_id=ep.place, child_ref=ep.ref, **child.cells(CENSUS),
               admission_date=ep.admission, legal_status=status, sentence_date=ep.sentence,
               detention_basis=basis, separated_from_adults=separated,
               family_contact_3_months=pick(rng, {"yes": visited, "no": 0.95 - visited,
                                                  "unknown": 0.05}))  # fmt: skip


def in_order(ep: Episode) -> tuple[str, dt.date, int]:
    """The order of a register: by place, then admission (then journey, to break ties)."""
    return ep.place, ep.admission, ep.journey


def detention(rng: random.Random, scale: float) -> Sheets:
    """The register, the census and the deaths, all drawn from the same simulated journeys.

    The census is exactly the register's episodes with no release date, with the same child_ref.
    A juvenile institution's episode that continues a pre-trial stay names that place in
    `transferred_from` and keeps the child's reference there (`docs/rules.md`, "Transfers"); the
    lock-up's transfers are not recorded, so the pre-trial centres number those children anew.
    """
    journeys = simulate(rng, scale)
    causes = choose_deaths(rng, journeys)
    episodes = sorted((ep for _, _, eps in journeys.values() for ep in eps), key=in_order)
    # References are numbered by place and year of admission. A pre-trial stay that ended before
    # 2025 is not in the register, but it has its number all the same: the institution episode
    # that continues it carries that number on.
    listed = {id(ep) for ep in episodes}
    earlier = [ep.came_from for ep in episodes
               if ep.came_from is not None and id(ep.came_from) not in listed]  # fmt: skip
    seq: dict[tuple[str, int], int] = {}
    for ep in sorted([*(ep for ep in episodes if ep.came_from is None), *earlier], key=in_order):
        key = (ep.place, ep.admission.year)
        seq[key] = seq.get(key, 0) + 1
        ep.ref = f"{ep.place}-{ep.admission.year}-{seq[key]:04d}"
    for ep in episodes:
        if ep.came_from is not None:
            ep.ref = ep.came_from.ref
    children = {j: journey_child(rng, sex, start, eps) for j, (sex, start, eps) in journeys.items()}
    register, census, deaths = [], [], []
    for ep in episodes:
        child = children[ep.journey]
        aftercare = None
        if ep.release_type not in (None, "transfer", "death", "escape"):
            good = 0.25 if ep.place == ADULT_PRISON else 0.5
            aftercare = pick(rng, {"yes": good, "no": 0.85 - good, "unknown": 0.15})
        register.append(row(
            "detention_register", source_id=ep.place, child_ref=ep.ref,
            **child.cells(ep.admission), admission_date=ep.admission, sentence_date=ep.sentence,
            release_date=ep.release, release_type=ep.release_type, aftercare=aftercare,
            transferred_from=ep.came_from.place if ep.came_from else None,
        ))  # fmt: skip
        if ep.release is None:
            census.append(census_row(rng, ep, child))
        if ep.release_type == "death" and ep.release:
            deaths.append(row(
                "deaths", source_id=ep.place, child_ref=ep.ref, **child.cells(ep.release),
                date_of_death=ep.release, cause=causes[ep.journey],
                legal_status="sentenced" if ep.sentence else "pre_sentence",
            ))  # fmt: skip
    census.sort(key=lambda r: (r[0], r[1]))
    return {"detention_census": census, "detention_register": register, "deaths": deaths}


# -- decisions ------------------------------------------------------------------------------------
def decisions(rng: random.Random, scale: float) -> list[list[Any]]:
    """About 900 decisions of the courts and the prosecutor, five of them from late 2024."""
    shares = {a[0]: a[4] for a in AUTHORITIES}
    bodies = {a[0]: a[3] for a in AUTHORITIES}
    seq = dict.fromkeys(shares, 0)
    rows = []
    total = round(900 * scale)
    for i in range(total + 5):
        source = pick(rng, shares)
        day = in_2025(rng) if i < total else PERIOD_START - dt.timedelta(days=rng.randint(1, 20))
        born = dob_for_age(rng, pick(rng, COURT_AGES), day)
        child = new_child(rng, pick(rng, {"M": 86, "F": 14}), born, p_age=0.3)
        seq[source] += 1
        table = COURT_DECISIONS if bodies[source] == "court" else PROSECUTOR_DECISIONS
        rows.append(row(
            "decisions", source_id=source, child_ref=f"{source}-{day:%y}-{seq[source]:04d}",
            **child.cells(day), decision_date=day, deciding_body=bodies[source],
            decision=pick(rng, table),
        ))  # fmt: skip
    rows.sort(key=lambda r: (r[0], r[6], r[1]))
    return renumber(rows, lambda r, n: f"{r[0]}-{r[6]:%y}-{n:04d}", by_year=True)


# -- the planted mistakes -------------------------------------------------------------------------
AMBIGUOUS_TEXT = "03/04/2025"  # 3 April or 4 March? Only about.date_order could say.


def plant_mistakes(rng: random.Random, sheets: Sheets) -> tuple[Sheets, list[dict[str, Any]]]:
    """A copy of the sheets with five mistakes of the kinds people make, and where each is.

    Each goes in a row chosen so that it trips exactly one check (the test checks that too).
    """
    faulty = copy.deepcopy(sheets)
    planted: list[dict[str, Any]] = []

    def plant(sheet: str, column: str, fits: Any, new: Any, problem: str, code: str,
              severity: str = "error", prefer: Any = None) -> None:  # fmt: skip
        records = [dict(zip(HEADERS[sheet], r, strict=True)) for r in faulty[sheet]]
        taken = {p["row"] - 2 for p in planted if p["sheet"] == sheet}
        choices = [i for i, r in enumerate(records) if i not in taken and fits(r)]
        best = [i for i in choices if prefer(records[i])] if prefer else []
        i = rng.choice(best or choices)
        j = HEADERS[sheet].index(column)
        was = faulty[sheet][i][j]
        faulty[sheet][i][j] = new(records[i]) if callable(new) else new
        planted.append({
            "sheet": sheet, "cell": f"{get_column_letter(j + 1)}{i + 2}", "row": i + 2,
            "column": column, "was": _show(was), "now": _show(faulty[sheet][i][j]),
            "problem": problem, "code": code, "severity": severity,
        })  # fmt: skip

    # A release before sentence (no sentence date) admitted and released mid-2025: moving the
    # release before the admission breaks the date order and nothing else.
    plant("detention_register", "release_date",
          lambda r: r["release_type"] == "released_before_sentence"
          and dt.date(2025, 3, 1) <= r["admission_date"] <= dt.date(2025, 10, 31),
          lambda r: r["admission_date"] - dt.timedelta(days=12),
          "release date 12 days before the admission date", "date-order")  # fmt: skip
    plant("arrests", "age",
          lambda r: r["arrest_date"] >= PERIOD_START and r["date_of_birth"] is None
          and r["age"] is not None and r["age"] < 18,
          19, "a 19-year-old among the arrested children", "not-a-child", "warning")  # fmt: skip
    plant("arrests", "arrest_date",
          lambda r: r["arrest_date"] >= PERIOD_START and r["date_of_birth"] is not None
          and r["age"] is None,
          AMBIGUOUS_TEXT, "text date that reads two ways, and about has no date_order",
          "ambiguous-date", prefer=lambda r: r["arrest_date"] == dt.date(2025, 4, 3))  # fmt: skip
    plant("detention_census", "sex", lambda r: r["sex"] == "M", "Mael", "misspelled sex code",
          "bad-code")  # fmt: skip
    plant("decisions", "source_id", lambda r: r["decision_date"] >= PERIOD_START, None,
          "source_id left empty", "required-missing")  # fmt: skip
    planted.sort(key=lambda p: (list(HEADERS).index(p["sheet"]), p["row"]))
    return faulty, planted


def _show(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# -- writing --------------------------------------------------------------------------------------
def readme_lines(country: str, seed: int, scale: float, planted: list[dict[str, Any]]) -> list[str]:
    """The README sheet: says loudly that the data are synthetic (the reader skips this sheet)."""
    lines = [
        f"SYNTHETIC EXAMPLE - NOT REAL DATA. {country} is a fictional country.",
        "Every region, institution, child reference and number in this workbook was drawn at "
        "random by examples/make_examples.py in the jjind repository.",
        f"Made with --seed {seed} --scale {scale:g}; running the script again gives the same "
        "workbook.",
        f"Reporting period {PERIOD_START} to {PERIOD_END}; census date {CENSUS}.",
        "jjind reads the sheets named after its forms (about, areas, sources...), not this one.",
    ]
    if planted:
        lines.append(f"This copy has {len(planted)} planted mistakes, for trying `jjind validate`:")
        lines += [f"  {p['sheet']}!{p['cell']} ({p['column']}): {p['problem']} -> {p['code']}"
                  for p in planted]  # fmt: skip
    return lines


def write_workbook(path: Path, sheets: Sheets, notes: list[str], title: str) -> None:
    """The workbook: a README sheet, then one sheet per form with its header row frozen."""
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for line in notes:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 110
    for name, header in HEADERS.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for values in sheets[name]:
            ws.append(values)
        for j, head in enumerate(header, start=1):
            ws.cell(1, j).font = Font(bold=True)
            width = max([len(head)] + [len(str(r[j - 1])) for r in sheets[name][:200]]) + 2
            ws.column_dimensions[get_column_letter(j)].width = min(width, 60)
        ws.freeze_panes = "A2"
    wb.properties.title = title
    wb.properties.creator = PREPARED_BY
    save_fixed(wb, path, STAMP)


def save_fixed(book: Workbook, path: Path, stamp: dt.datetime) -> None:
    """Save with fixed times, so the same content gives the same bytes: openpyxl's save() stamps
    `modified` with the time now, and zip entries carry the time too, so write through
    ExcelWriter and re-pack the entries dated `stamp`."""
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))


def build(out: Path, seed: int = DEFAULT_SEED, scale: float = 1.0,
          country: str = "Exampleland") -> dict[str, Any]:  # fmt: skip
    """Write the clean and the faulty workbook into `out`; return paths, row counts and mistakes."""
    rng = random.Random(seed)
    sheets = reference_sheets(rng, country)
    sheets["arrests"] = arrests(rng, scale)
    sheets.update(detention(rng, scale))
    sheets["decisions"] = decisions(rng, scale)
    faulty, planted = plant_mistakes(rng, sheets)
    slug = re.sub(r"[^a-z0-9]+", "-", country.lower()).strip("-")
    out.mkdir(parents=True, exist_ok=True)
    clean_path, faulty_path = out / f"{slug}-2025.xlsx", out / f"{slug}-2025-faulty.xlsx"
    title = f"{country} 2025 - synthetic example submission"
    write_workbook(clean_path, sheets, readme_lines(country, seed, scale, []), title)
    write_workbook(faulty_path, faulty, readme_lines(country, seed, scale, planted),
                   f"{title}, with planted mistakes")  # fmt: skip
    return {"clean": str(clean_path), "faulty": str(faulty_path),
            "rows": {name: len(sheets[name]) for name in HEADERS}, "planted": planted}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (%(default)s)")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the numbers of arrests, detentions and decisions",
    )
    parser.add_argument("--country", default="Exampleland", help="the fictional country's name")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder to write into (default: this script's folder)",
    )
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.seed, args.scale, args.country), indent=2))


if __name__ == "__main__":
    main()
