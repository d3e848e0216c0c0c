"""The synthetic country of the scale benchmark: its reference forms, arrests and decisions.

Everything is drawn with numpy from one generator, column by column, so a million rows take
seconds; `generate.py` puts the forms together and writes them. Benchland, its sources and
children are invented. Proportions follow `examples/make_examples.py` where it has them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from jjindicators.forms import FORMS
from jjindicators.forms.policy import HEADLINE_ITEMS, POLICY_ITEMS
from jjindicators.forms.version import TEMPLATE_VERSION

DEFAULT_SEED = 6
PERIOD_START, PERIOD_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
CENSUS = PERIOD_END
# The "today" of the checks (`jjind ... --today`): every generated date lies before it.
TODAY = dt.date(2026, 6, 30)

# fmt: off
ARREST_AGES = {10: 1, 11: 2, 12: 5, 13: 10, 14: 16, 15: 21, 16: 24, 17: 21, 18: 0.15}
COURT_AGES = {12: 2, 13: 8, 14: 15, 15: 22, 16: 28, 17: 25, 18: 0.1}
DETENTION_AGES = {12: 2, 13: 6, 14: 14, 15: 24, 16: 29, 17: 25}
SEX = {"M": 85, "F": 14.5, "U": 0.5}
OFFENCES = {"theft": 30, "shoplifting": 10, "burglary": 10, "assault": 12, "robbery": 6,
            "drug possession": 9, "criminal damage": 8, "public order offence": 7,
            "traffic offence": 3, "carrying a weapon": 3, "sexual offence": 1, "other": 1}
OUTCOMES = {"released": 38, "charged": 27, "diverted": 16, "detained": 10, "other": 4, "unknown": 5}
DECISIONS = {  # deciding body → decision weights
    "court": {"custodial_sentence": 18, "non_custodial_sentence": 47, "diversion": 9,
              "acquittal": 11, "dismissal": 11, "other": 4},
    "prosecutor": {"diversion": 62, "dismissal": 33, "other": 5},
    "police": {"diversion": 70, "dismissal": 25, "other": 5},
    "other": {"diversion": 92, "other": 8},
}
PLACE_TYPES = {"juvenile_institution": 30, "pre_trial_centre": 30, "police_lockup": 20,
               "adult_prison": 15, "other": 5}
SENTENCE_MONTHS = {2: 5, 3: 12, 4: 8, 6: 22, 9: 12, 12: 20, 18: 10, 24: 8, 36: 3}
NOTE = "Synthetic projection from a fictional census"
BANDS = [(0, 9, 0.56), (10, 13, 0.225), (14, 15, 0.108), (16, 17, 0.107)]
# fmt: on


def pick(rng: np.random.Generator, weights: dict[Any, float], n: int) -> np.ndarray:
    """n keys of `weights`, drawn in proportion to their weights."""
    p = np.array(list(weights.values()), dtype=float)
    return np.array(list(weights), dtype=object)[rng.choice(len(p), size=n, p=p / p.sum())]


def days(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "D")


def uniform_days(rng: np.random.Generator, low: dt.date, high: dt.date, n: int) -> np.ndarray:
    return days(low) + rng.integers(0, (high - low).days + 1, size=n).astype("timedelta64[D]")


def completed_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Age in completed years between two arrays of days (`forms.md`: completed years)."""
    b, o = pd.DatetimeIndex(born), pd.DatetimeIndex(on)
    before = (o.month < b.month) | ((o.month == b.month) & (o.day < b.day))
    return np.asarray(o.year - b.year - before.astype(int))


def blank(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """A copy of `values` with about `share` of them left blank (None)."""
    out = values.astype(object)
    out[rng.random(len(out)) < share] = None
    return out


def born_at(rng: np.random.Generator, on: np.ndarray, ages: dict[int, float]) -> np.ndarray:
    """Dates of birth of children aged `ages` (completed years, by weight) on the days `on`."""
    n = len(on)
    target = pick(rng, ages, n).astype(int)
    born = on - np.floor((target + rng.random(n)) * 365.2425).astype("timedelta64[D]")
    late = completed_years(born, on) > target  # on a birthday's edge: a day later fixes it
    born[late] += np.timedelta64(2, "D")
    return born


def people(
    rng: np.random.Generator, on: np.ndarray, born: np.ndarray, sex: np.ndarray | None = None
) -> dict[str, Any]:
    """sex, date_of_birth, age, age_estimated of children born on `born`, as rows dated `on` show.

    A date of birth only (most rows), the age only (15 %, a third of them estimated), both (7 %),
    or neither (0.1 %: the `age-unknown` warning).
    """
    n = len(on)
    age = completed_years(born, on)
    u = rng.random(n)
    show_age, show_dob = u < 0.22, (u >= 0.15) & (u < 0.999)
    estimated = np.where(show_age & ~show_dob & (rng.random(n) < 0.33), "yes", None)
    estimated = np.where(show_age & show_dob & (rng.random(n) < 0.1), "no", estimated)
    return {
        "sex": pick(rng, SEX, n) if sex is None else sex,
        "date_of_birth": np.where(show_dob, born, np.datetime64("NaT")),
        "age": np.where(show_age, age, -1),
        "age_estimated": estimated,
    }


def refs(frame: pd.DataFrame, date: str, fmt: str, child: str | None = None) -> pd.Series:
    """child_ref numbered per source in the order the sorted rows first show each child."""
    key = frame[child] if child else pd.Series(np.arange(len(frame)), index=frame.index)
    first = ~key.duplicated()
    seq = frame[first].groupby("source_id").cumcount() + 1
    numbers = key.map(pd.Series(seq.values, index=key[first].values)).tolist()
    years = pd.DatetimeIndex(frame[date]).year.tolist()
    made = [fmt.format(s=s, y=y, n=n)
            for s, y, n in zip(frame["source_id"], years, numbers, strict=True)]  # fmt: skip
    return pd.Series(made, index=frame.index, dtype=object)


def finish(form: str, columns: dict[str, Any], sort: list[str]) -> pd.DataFrame:
    """A form's rows in the model's field order, sorted like a register, blanks as None/NA."""
    frame = pd.DataFrame({k: v for k, v in columns.items() if not k.startswith("_")})
    if sort:
        frame = frame.sort_values(sort, kind="stable")
    frame = frame.reset_index(drop=True)
    fields = list(FORMS[form].fields)
    out = pd.DataFrame(index=frame.index)
    for name in fields:
        values = frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)
        if "date" in str(FORMS[form].fields[name].annotation):
            values = pd.to_datetime(values).astype("datetime64[s]")
        elif name in ("age", "age_from", "age_to", "population", "year"):
            values = values.astype("Int64").mask(values.astype("Int64") < 0)
        else:
            values = values.astype(object).where(values.notna(), None)
        out[name] = values
    return out


# -- the reference forms --------------------------------------------------------------------------
def reference_forms(rng: np.random.Generator, records: int) -> dict[str, pd.DataFrame]:
    """about, areas, sources, population and policy for a country of `records` record rows."""
    k = math.sqrt(records / 1000)
    regions = [f"R{r:02d}" for r in range(1, min(30, max(3, round(0.8 * k))) + 1)]
    districts = [(f"{r}D{d:02d}", r) for r in regions for d in range(1, rng.integers(3, 8) + 1)]
    areas = pd.DataFrame(
        [("NAT", "Benchland", None)]
        + [(r, f"Region {r[1:]}", "NAT") for r in regions]
        + [(d, f"District {d}", r) for d, r in districts],
        columns=["area_code", "name", "parent_code"],
    )
    district_codes = np.array([d for d, _ in districts], dtype=object)
    size = dict(zip(district_codes, rng.lognormal(0, 0.6, len(district_codes)), strict=True))

    def located(n: int) -> np.ndarray:
        p = np.array([size[d] for d in district_codes])
        return district_codes[rng.choice(len(p), size=n, p=p / p.sum())]

    counts = {"police": max(8, round(8 * k)), "place_of_detention": max(6, round(2 * k)),
              "court": max(3, round(1.2 * k)), "prosecutor": max(1, round(0.4 * k)),
              "diversion_programme": max(1, round(0.2 * k))}  # fmt: skip
    rows: list[dict[str, Any]] = []
    for i, area in enumerate(located(counts["police"]), 1):
        rows.append({"source_id": f"POL{i:04d}", "name": f"Police station {i}",
                     "source_type": "police", "area_code": area})  # fmt: skip
    kinds = list(PLACE_TYPES) + list(pick(rng, PLACE_TYPES, counts["place_of_detention"]))
    for i, area in enumerate(located(counts["place_of_detention"]), 1):
        kind = kinds[i - 1]
        adults = {"adult_prison": "yes", "police_lockup": "yes", "juvenile_institution": "no"}.get(
            kind, str(rng.choice(["yes", "no"]))
        )
        seen = rng.random() < 0.7
        rows.append({
            "source_id": f"DET{i:03d}", "name": f"Place of detention {i}",
            "source_type": "place_of_detention", "area_code": area, "place_type": kind,
            "holds_adults": adults, "held_children_in_period": "yes" if i % 4 else None,
            "last_independent_inspection":
                uniform_days(rng, dt.date(2023, 1, 1), PERIOD_END, 1)[0] if seen else None,
            "inspecting_body": "National Preventive Mechanism (synthetic)" if seen else None,
            "complaints_system": str(pick(rng, {"yes": 6, "no": 3, "unknown": 1}, 1)[0]),
        })  # fmt: skip
    for body, prefix, label in (("court", "CRT", "Juvenile court"),
                                ("prosecutor", "PRO", "Prosecutor's office"),
                                ("diversion_programme", "DIV", "Diversion programme")):  # fmt: skip
        kind = "diversion_programme" if body == "diversion_programme" else "competent_authority"
        for i, area in enumerate(located(counts[body]), 1):
            rows.append({"source_id": f"{prefix}{i:03d}", "name": f"{label} {i}",
                         "source_type": kind, "area_code": area})  # fmt: skip
    sources = pd.DataFrame(rows)
    sources["_body"] = [
        "" if t != "competent_authority" else ("court" if s.startswith("CRT") else "prosecutor")
        for t, s in zip(sources["source_type"], sources["source_id"], strict=True)
    ]

    population = []
    children = 90 * records  # about 500 arrests per 100,000 children
    shares = np.array([size[d] for d in district_codes])
    for d, share in zip(district_codes, shares / shares.sum(), strict=True):
        for sex, half in (("F", 0.488), ("M", 0.512)):
            for low, high, band in BANDS:
                value = int(round(children * share * half * band * rng.uniform(0.98, 1.02), -1))
                note = NOTE if rng.random() < 0.8 else None
                population.append((d, sex, low, high, value, 2025, note))
    about = pd.DataFrame(
        [("country", "Benchland"), ("period_start", PERIOD_START), ("period_end", PERIOD_END),
         ("census_date", CENSUS), ("child_ref_scope", "source"), ("date_order", "DMY"),
         ("prepared_by", "National Statistics Office (synthetic benchmark)"),
         ("template_version", TEMPLATE_VERSION)],
        columns=["key", "value"],
    )  # fmt: skip
    answers = dict(zip(POLICY_ITEMS, pick(rng, {"yes": 5, "partial": 2, "no": 2, "unknown": 1},
                                          len(POLICY_ITEMS)), strict=True))  # fmt: skip
    for item in HEADLINE_ITEMS:  # the headline answer sums up its checklist
        given = {a for code, a in answers.items() if code.startswith(f"{item}.")}
        answers[item] = given.pop() if len(given) == 1 and given <= {"yes", "no"} else "partial"
    policy = pd.DataFrame({
        "item": list(answers),
        "answer": list(answers.values()),
        "evidence": blank(rng, np.array(["Children's Justice Act 2019 (fictional)"] *
                                         len(POLICY_ITEMS)), 0.4),
        "notes": blank(rng, np.array(["Synthetic answer."] * len(POLICY_ITEMS)), 0.7),
    })  # fmt: skip
    return {
        "about": about,
        "areas": finish("areas", areas.to_dict("series"), []),
        "sources": sources,
        "population": finish(
            "population",
            pd.DataFrame(
                population,
                columns=[
                    "area_code",
                    "sex",
                    "age_from",
                    "age_to",
                    "population",
                    "year",
                    "source_note",
                ],
            ).to_dict("series"),
            [],
        ),
        "policy": finish("policy", policy.to_dict("series"), []),
    }


# -- the record forms -----------------------------------------------------------------------------
def weighted_sources(rng: np.random.Generator, ids: np.ndarray, n: int, sigma: float = 0.8,
                      boost: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """n source ids, some sources much busier than others (log-normal sizes)."""
    p = rng.lognormal(0, sigma, len(ids)) * (1 if boost is None else boost)
    return ids[rng.choice(len(ids), size=n, p=p / p.sum())]


def event_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Days in the period; 0.2 % in December 2024 (entered late: the `outside-period` notice)."""
    days = uniform_days(rng, PERIOD_START, PERIOD_END, n)
    early = rng.random(n) < 0.002
    days[early] = uniform_days(rng, dt.date(2024, 12, 1), dt.date(2024, 12, 31), int(early.sum()))
    return days


def arrests(rng: np.random.Generator, n: int, sources: pd.DataFrame) -> pd.DataFrame:
    """n arrests by police stations; 13 % re-arrests of a child the same station arrested before."""
    police = sources.loc[sources["source_type"] == "police", "source_id"].to_numpy()
    repeat = rng.random(n) < 0.13
    first = np.flatnonzero(~repeat)
    station = np.empty(n, dtype=object)
    station[first] = weighted_sources(rng, police, len(first))
    day = np.empty(n, dtype="datetime64[D]")
    day[first] = event_days(rng, len(first))
    born = np.empty(n, dtype="datetime64[D]")
    born[first] = born_at(rng, day[first], ARREST_AGES)
    sex = np.empty(n, dtype=object)
    sex[first] = pick(rng, SEX, len(first))
    child = np.arange(n)
    parent = first[rng.integers(0, len(first), size=int(repeat.sum()))]
    again = np.flatnonzero(repeat)
    later = day[parent] + rng.integers(7, 151, size=len(parent)).astype("timedelta64[D]")
    left = (days(PERIOD_END) - day[parent]).astype(int)
    soon = day[parent] + np.floor(rng.random(len(parent)) * (left + 1)).astype("timedelta64[D]")
    day[again] = np.where(later > days(PERIOD_END), soon, later)
    for column in (station, born, sex, child):
        column[again] = column[parent]
    no_refs = set(police[:: max(2, len(police) // 3)][:3][1:])  # small posts keep no child_ref
    columns = {"source_id": station, **people(rng, day, born, sex), "arrest_date": day,
               "arresting_body": blank(rng, pick(rng, {"police": 96, "security": 3,
                                                         "military": 1}, n), 0.08),
               "offence": blank(rng, pick(rng, OFFENCES, n), 0.03),
               "outcome": blank(rng, pick(rng, OUTCOMES, n), 0.12), "_child": child}  # fmt: skip
    frame = pd.DataFrame(columns).sort_values(["source_id", "arrest_date", "_child"], kind="stable")
    frame["arrest_date"] = frame["arrest_date"].astype("datetime64[s]")
    frame["child_ref"] = refs(frame, "arrest_date", "{s}-{n:05d}", "_child")
    frame.loc[frame["source_id"].isin(no_refs), "child_ref"] = None
    return finish("arrests", frame.to_dict("series"), [])


def decisions(rng: np.random.Generator, n: int, sources: pd.DataFrame) -> pd.DataFrame:
    """n decisions: courts 60 %, prosecutors 25 %, police 10 %, diversion programmes 5 %."""
    body = pick(rng, {"court": 60, "prosecutor": 25, "police": 10, "other": 5}, n)
    source = np.empty(n, dtype=object)
    decision = np.empty(n, dtype=object)
    for name, ids in (("court", sources["_body"] == "court"),
                      ("prosecutor", sources["_body"] == "prosecutor"),
                      ("police", sources["source_type"] == "police"),
                      ("other", sources["source_type"] == "diversion_programme")):  # fmt: skip
        rows = np.flatnonzero(body == name)
        source[rows] = weighted_sources(rng, sources.loc[ids, "source_id"].to_numpy(), len(rows))
        decision[rows] = pick(rng, DECISIONS[name], len(rows))
    day = event_days(rng, n)
    columns = {"source_id": source, **people(rng, day, born_at(rng, day, COURT_AGES)),
               "decision_date": day, "deciding_body": blank(rng, body, 0.1),
               "decision": decision}  # fmt: skip
    frame = pd.DataFrame(columns).sort_values(["source_id", "decision_date"], kind="stable")
    frame["decision_date"] = frame["decision_date"].astype("datetime64[s]")
    frame["child_ref"] = refs(frame, "decision_date", "{s}-{n:06d}")
    return finish("decisions", frame.to_dict("series"), [])
