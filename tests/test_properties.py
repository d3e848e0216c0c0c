"""Invariants of the indicators on small random valid submissions (hypothesis).

Every submission has a three-level area tree (NAT > R1 > D1, NAT > R2) with sources attached at
every level, NAT included, and random rows in every record form. Checked on the tidy table
(`cells_frame()`):

- percentages: numerator ≤ denominator and the value within 0–100;
- every breakdown adds up to the total; an area's count is its child areas' counts plus the units
  of the sources attached to the area itself;
- shuffling the rows of every form changes no number;
- splitting the submission into one folder per source changes no number.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_csv
from jjindicators.compute import ComputeResult, compute
from jjindicators.validate import ValidateOptions

TODAY = dt.date(2026, 6, 30)
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)  # the period; census on END
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)  # fmt: skip

AREAS = [("NAT", ""), ("R1", "NAT"), ("R2", "NAT"), ("D1", "R1")]
POLICE = {"POL1": "D1", "POL2": "R1", "POL3": "R2", "POL4": "NAT"}
PLACES = {  # code: area, place type, holds adults
    "DET1": ("D1", "juvenile_institution", "no"), "DET2": ("R1", "pre_trial_centre", "yes"),
    "DET3": ("R2", "adult_prison", "yes"), "DET4": ("NAT", "police_lockup", "yes"),
}  # fmt: skip
COURTS = {"CRT1": "D1", "CRT2": "R2", "CRT3": "NAT"}
FIELDS = {
    "arrests": ["source_id", "child_ref", "sex", "date_of_birth", "age", "arrest_date",
                "arresting_body"],
    "detention_census": ["source_id", "child_ref", "sex", "date_of_birth", "age",
                         "admission_date", "legal_status", "sentence_date", "detention_basis",
                         "separated_from_adults", "family_contact_3_months"],
    "detention_register": ["source_id", "child_ref", "sex", "date_of_birth", "age",
                           "admission_date", "sentence_date", "release_date", "release_type",
                           "aftercare"],
    "deaths": ["source_id", "child_ref", "sex", "date_of_birth", "age", "date_of_death",
               "legal_status", "cause"],
    "decisions": ["source_id", "child_ref", "sex", "date_of_birth", "age", "decision_date",
                  "deciding_body", "decision"],
}  # fmt: skip
SHARED = ("about", "areas", "sources", "population", "policy")
YNU = ("yes", "no", "unknown")
Rows = list[dict[str, Any]]

# -- strategies -----------------------------------------------------------------------------------


def days(low: dt.date, high: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=low, max_value=high)


@st.composite
def person(draw: st.DrawFn, refs: st.SearchStrategy[str]) -> dict[str, Any]:
    """source-free person cells: a child_ref (or none), sex, and a birth date, an age or neither."""
    how = draw(st.sampled_from(["dob", "dob", "age", "none"]))
    return {
        "child_ref": draw(refs),
        "sex": draw(st.sampled_from(["F", "M", "M", "U"])),
        "date_of_birth": draw(days(dt.date(2006, 1, 1), dt.date(2015, 12, 31)))
        if how == "dob" else "",
        "age": draw(st.integers(9, 19)) if how == "age" else "",
    }  # fmt: skip


REFS = st.sampled_from(["", "K1", "K2", "K3", "K4", "K5"])


@st.composite
def arrests(draw: st.DrawFn) -> Rows:
    # distinct dates: a child's first arrest never ties with another (see the module docstring)
    dates = draw(st.lists(days(dt.date(2024, 11, 1), dt.date(2026, 1, 31)), max_size=12,
                          unique=True))  # fmt: skip
    return [{"source_id": draw(st.sampled_from(sorted(POLICE))), **draw(person(REFS)),
             "arrest_date": d,
             "arresting_body": draw(st.sampled_from(["police", "security", "other", ""]))}
            for d in dates]  # fmt: skip


@st.composite
def census(draw: st.DrawFn) -> Rows:
    rows = []
    for i in range(draw(st.integers(0, 8))):
        admitted = draw(days(dt.date(2024, 6, 1), END))
        status = draw(st.sampled_from(["pre_sentence", "sentenced"]))
        rows.append({
            "source_id": draw(st.sampled_from(sorted(PLACES))),
            **draw(person(st.just(f"C{i}"))),  # one child per row, in every place
            "admission_date": admitted, "legal_status": status,
            "sentence_date": draw(days(admitted, END)) if status == "sentenced" else "",
            "detention_basis": draw(st.sampled_from(["criminal", "criminal", "", "administrative",
                                                     "other"])),
            "separated_from_adults": draw(st.sampled_from(YNU)),
            "family_contact_3_months": draw(st.sampled_from(YNU)),
        })  # fmt: skip
    return rows


@st.composite
def register(draw: st.DrawFn) -> Rows:
    admissions = draw(st.lists(days(dt.date(2024, 1, 1), dt.date(2026, 1, 10)), max_size=10,
                               unique=True))  # fmt: skip
    rows = []
    for admitted in admissions:
        sentenced = draw(st.one_of(st.just(None), days(admitted, dt.date(2026, 1, 20))))
        released = draw(st.one_of(st.just(None), days(sentenced or admitted, TODAY)))
        kinds = (
            ["end_of_sentence", "early_release"] if sentenced else ["released_before_sentence"]
        ) + ["transfer", "death", "escape", "other"]
        kind = draw(st.sampled_from(kinds)) if released else ""
        release = kind not in ("", "transfer", "death", "escape")
        rows.append({
            "source_id": draw(st.sampled_from(sorted(PLACES))), **draw(person(REFS)),
            "admission_date": admitted, "sentence_date": sentenced or "",
            "release_date": released or "", "release_type": kind,
            "aftercare": draw(st.sampled_from(YNU)) if release else "",
        })  # fmt: skip
    return rows


@st.composite
def deaths(draw: st.DrawFn) -> Rows:
    return [{"source_id": draw(st.sampled_from(sorted(PLACES))), **draw(person(REFS)),
             "date_of_death": draw(days(dt.date(2024, 12, 1), dt.date(2026, 1, 10))),
             "legal_status": draw(st.sampled_from(["pre_sentence", "sentenced"])),
             "cause": draw(st.sampled_from(["illness", "suicide", "other"]))}
            for _ in range(draw(st.integers(0, 3)))]  # fmt: skip


@st.composite
def decisions(draw: st.DrawFn) -> Rows:
    kinds = ["custodial_sentence", "non_custodial_sentence", "diversion", "acquittal", "dismissal"]
    return [{"source_id": draw(st.sampled_from(sorted(COURTS))), **draw(person(REFS)),
             "decision_date": draw(days(dt.date(2024, 12, 1), dt.date(2026, 1, 10))),
             "deciding_body": draw(st.sampled_from(["court", "prosecutor", "police"])),
             "decision": draw(st.sampled_from(kinds))}
            for _ in range(draw(st.integers(0, 10)))]  # fmt: skip


@st.composite
def submissions(draw: st.DrawFn) -> dict[str, Rows]:
    """Every form of a valid submission, as rows (record forms may be empty)."""
    scope = draw(st.sampled_from(["source", "national"]))
    about = [{"key": k, "value": v} for k, v in (
        ("country", "Propertyland"), ("period_start", START), ("period_end", END),
        ("census_date", END), ("child_ref_scope", scope))]  # fmt: skip
    areas = [{"area_code": c, "name": c, "parent_code": p} for c, p in AREAS]
    sources = [{"source_id": s, "name": s, "source_type": "police", "area_code": a}
               for s, a in POLICE.items()]  # fmt: skip
    sources += [{"source_id": s, "name": s, "source_type": "place_of_detention", "area_code": a,
                 "place_type": t, "holds_adults": adults,
                 "held_children_in_period": draw(st.sampled_from(["yes", ""])),
                 "last_independent_inspection": draw(st.one_of(
                     st.just(""), days(dt.date(2024, 6, 1), END))),
                 "complaints_system": draw(st.sampled_from([*YNU, ""]))}
                for s, (a, t, adults) in PLACES.items()]  # fmt: skip
    sources += [{"source_id": s, "name": s, "source_type": "competent_authority", "area_code": a}
                for s, a in COURTS.items()]  # fmt: skip
    bands = [(0, 13), (14, 15), (16, 17)]
    counts = {(a, s, b): draw(st.integers(1, 50_000)) for a in ("D1", "R2") for s in "FM"
              for b in bands}  # fmt: skip
    for s in "FM":  # R1 holds D1 and more
        for b in bands:
            counts[("R1", s, b)] = counts[("D1", s, b)] + draw(st.integers(0, 50_000))
    population = [{"area_code": a, "sex": s, "age_from": b[0], "age_to": b[1], "population": n,
                   "year": 2025} for (a, s, b), n in counts.items()]  # fmt: skip
    policy = [{"item": i, "answer": draw(st.sampled_from(["yes", "partial", "no", "unknown"]))}
              for i in ("12a", "13a", "14", "15", "14.law", "15.funded")]  # fmt: skip
    return {"about": about, "areas": areas, "sources": sources, "population": population,
            "policy": policy, "arrests": draw(arrests()), "detention_census": draw(census()),
            "detention_register": draw(register()), "deaths": draw(deaths()),
            "decisions": draw(decisions())}  # fmt: skip


# -- writing and computing ------------------------------------------------------------------------


def write_form(folder: Path, form: str, rows: Rows) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if rows:
        write_csv(folder / f"{form}.csv", rows)
    else:  # the form sent as an empty sheet: a report of zero
        (folder / f"{form}.csv").write_text(",".join(FIELDS[form]) + "\n", encoding="utf-8")


def compute_folders(folders: list[Path]) -> ComputeResult:
    result = compute(folders, validate_options=ValidateOptions(today=TODAY))
    errors = [(i.code, i.sheet, i.row, i.message) for i in result.validation.issues
              if i.severity == "error"]  # fmt: skip
    assert not errors, errors
    assert result.computed
    return result


def compute_one(sub: dict[str, Rows], root: Path) -> ComputeResult:
    for form, rows in sub.items():
        write_form(root, form, rows)
    return compute_folders([root])


KEY = ["indicator", "part", "dimension", "category", "area"]
NUMBERS = ["numerator", "denominator", "value"]


def numbers(result: ComputeResult) -> pd.DataFrame:
    """The numbers of the tidy table, one row per cell, in a stable order."""
    frame = result.cells_frame()[KEY + NUMBERS].copy()
    assert not frame.duplicated(KEY).any(), frame[frame.duplicated(KEY, keep=False)]
    for column in NUMBERS:  # None and NaN alike: not computable
        frame[column] = frame[column].map(lambda v: None if _missing(v) else v).astype(object)
    return frame.sort_values(KEY).reset_index(drop=True)


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _num(v: Any) -> float:
    return 0.0 if _missing(v) else float(v)


# -- the invariants -------------------------------------------------------------------------------


def check_percentages(frame: pd.DataFrame) -> None:
    percent = frame[frame.unit.isin(["%", "% of places"])]
    assert len(percent)
    for row in percent.itertuples():
        if _missing(row.value):
            continue
        assert row.numerator <= row.denominator, row
        assert 0 <= row.value <= 100, row
        assert math.isclose(row.value, row.numerator / row.denominator * 100), row


def _adds_up(parts: list[Any], whole: float, where: tuple[Any, ...]) -> None:
    """The parts add up to the whole; where some part is not computable (a source that did not
    report, an area with 0 % coverage: issue #16), those present add up to no more than it."""
    found = sum(_num(v) for v in parts)
    if any(_missing(v) for v in parts):
        assert found <= whole + 1e-9, where
    else:
        assert math.isclose(found, whole), where


def check_breakdowns_add_up(frame: pd.DataFrame) -> None:
    """Each dimension's categories add up to the total; areas add up through the tree."""
    children = defaultdict(list)
    for code, parent in AREAS:
        if parent:
            children[parent].append(code)
    home = {**POLICE, **{s: a for s, (a, _, _) in PLACES.items()}, **COURTS}
    for (indicator, part), group in frame.groupby(["indicator", "part"]):
        totals = group[group.dimension == "total"]
        if len(totals) != 1 or group.unit.iloc[0] == "answer":
            continue
        total = totals.iloc[0]
        # rates: only the counts add up (populations of sex "U" or age "unknown" do not exist);
        # durations: the cohort sizes (denominators) add up
        columns = (
            ["numerator"] if total.multiplier in (100_000, 1_000) else ["numerator", "denominator"]
        )
        if total.unit == "days":
            columns = ["denominator"]
        if _missing(total[columns[0]]):
            continue  # a form not sent: nothing to add up
        for dimension, cells in group[group.dimension != "total"].groupby("dimension"):
            if dimension == "area":
                continue
            for column in columns:
                _adds_up(list(cells[column]), total[column], (indicator, part, dimension, column))
        by_area = {"NAT": total, **{r.category: r for r in group[group.dimension == "area"]
                                    .itertuples()}}  # fmt: skip
        by_source = {r.category: r for r in group[group.dimension == "source"].itertuples()}
        if not by_source:
            continue
        for area in ("NAT", "R1", "R2", "D1"):
            for column in columns:
                got = by_area[area][column] if area == "NAT" else getattr(by_area[area], column)
                if _missing(got):
                    continue  # the area's coverage is 0 %: no figure to add up to
                own = [getattr(r, column) for s, r in by_source.items() if home[s] == area]
                below = [getattr(by_area[c], column) for c in children[area] if c in by_area]
                _adds_up(own + below, got, (indicator, part, area, column))


def check_deaths_by_cause(frame: pd.DataFrame) -> None:
    six = frame[frame.indicator == "6"]
    head = six[(six.part == "headline") & (six.dimension == "total")].iloc[0]
    for dimension in ("cause", "legal_status"):
        causes = six[(six.part == "deaths") & (six.dimension == dimension)]
        assert causes.numerator.sum() == _num(head.numerator)


@SETTINGS
@given(sub=submissions())
def test_percentages_and_breakdowns(sub):
    with tempfile.TemporaryDirectory() as tmp:
        result = compute_one(sub, Path(tmp))
    frame = result.cells_frame()
    check_percentages(frame)
    check_breakdowns_add_up(frame)
    check_deaths_by_cause(frame)
    # The rates are recomputed at each level, never averaged: value = numerator / denominator.
    rates = frame[frame.unit.str.startswith("per ") & frame.value.notna()]
    for row in rates.itertuples():
        assert math.isclose(row.value, row.numerator / row.denominator * row.multiplier), row


def split_by_source(sub: dict[str, Rows], root: Path) -> list[Path]:
    """One folder per source with its own rows; the shared forms, and any record form with no
    row at all (sent as an empty sheet), in the first folder."""
    shared = root / "shared"
    for form in SHARED:
        write_form(shared, form, sub[form])
    folders = [shared]
    by_source: dict[str, dict[str, Rows]] = defaultdict(lambda: defaultdict(list))
    for form in FIELDS:
        if not sub[form]:
            write_form(shared, form, [])
        for row in sub[form]:
            by_source[row["source_id"]][form].append(row)
    for source, forms in sorted(by_source.items()):
        for form, rows in forms.items():
            write_form(root / source, form, rows)
        folders.append(root / source)
    return folders


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)  # fmt: skip
@given(sub=submissions(), seed=st.integers(0, 2**16))
def test_row_order_and_splitting_by_source_change_no_number(sub, seed):
    with tempfile.TemporaryDirectory() as tmp:
        base = numbers(compute_one(sub, Path(tmp) / "one"))
        rng = random.Random(seed)
        shuffled = {form: rng.sample(rows, len(rows)) for form, rows in sub.items()}
        pd.testing.assert_frame_equal(numbers(compute_one(shuffled, Path(tmp) / "shuffled")), base)
        split = numbers(compute_folders(split_by_source(sub, Path(tmp) / "split")))
        pd.testing.assert_frame_equal(split, base)
