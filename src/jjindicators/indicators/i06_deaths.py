"""Indicator 6 — child deaths in detention per 1,000 children detained during the period."""

from __future__ import annotations

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.indicators import (
    breakdowns,
    census,
    count_lines,
    coverage,
    evidence,
    rates,
    register,
    results,
    tracing,
)
from jjindicators.indicators.base import Cell, IndicatorMeta, IndicatorResult, Rule
from jjindicators.indicators.codes import CENSUS_FALLBACK, HEADLINE, Flag, Part, Unit

META = IndicatorMeta(
    number="6",
    name="Child deaths in detention",
    core=False,
    kind="rate",
    unit=Unit.PER_1000_DETAINED,
    definition="Child deaths in detention during a 12-month period per 1,000 children detained.",
    period=True,
    forms=("deaths", "detention_register"),
    formula=(
        "I6 = deaths of children in detention in the period / distinct children detained "
        "during the period × 1,000."
    ),
    options=("census_fallback", "child_ref_scope", "age_breaks"),
    rules=(
        Rule.jjind(
            "Numerator: deaths with date_of_death in the period of children under 18 that day, "
            "whatever the cause."
        ),
        Rule.jjind(
            "Denominator: distinct children detained at any time in the period (register "
            "episodes with admission_date ≤ period_end and no release_date or release_date ≥ "
            "period_start), under 18 on the episode's first day in the period; distinct by "
            "child_ref within a source (the country with child_ref_scope = national), rows "
            "without child_ref one each."
        ),
        Rule.jjind(
            "A place of detention that sent no register counts with its census instead, flagged "
            "'denominator: census fallback' (--no-census-fallback turns it off); such a place "
            "counts as covered."
        ),
        Rule.jjind(
            "A child whose episodes are linked by a transfer (as in indicator 4) is counted once."
        ),
    ),
)
DIMENSIONS = breakdowns.BASE_DIMENSIONS


def detained_in_period(data: Collated) -> tuple[pd.DataFrame, set[str], tuple[Flag, ...]]:
    """Distinct children detained during the period (the denominator), the places counted
    through their census instead of a register (the census fallback), and the flag saying how
    many register rows gave only an age, taken on the first day in the period."""
    start, end = (pd.Timestamp(d) for d in data.period)
    frame = register.episodes(data)
    overlap = (frame["admission_date"] <= end) & (
        frame["release_date"].isna() | (frame["release_date"] >= start)
    )
    frame = frame[overlap]
    counted = register.counted_units(data, "detained")
    first_day = frame["admission_date"].where(frame["admission_date"] > start, start)
    rows = breakdowns.with_dims(frame, breakdowns.child_age(frame, first_day), data)
    rows = rows[~(rows["age"] >= 18)].copy()
    rows["unit"] = breakdowns.distinct_children(rows, data)
    first = breakdowns.first_per_unit(rows, "admission_date")
    given = evidence.age_as_given(first, first_day.loc[first.index], first["admission_date"])
    units = count_lines.with_counts(first, counted)
    used: set[str] = set()
    if data.options.census_fallback:
        with_register = set(data.reported.get("detention_register", set()))
        with_register |= set(register.lines(data, "detained")["source_id"].dropna().astype(str))
        held = census.detained(data)
        extra = held[~held["source_id"].isin(with_register)]
        if len(extra):
            used = set(extra["source_id"].dropna().astype(str))
            # A child already counted from a register (child_ref_scope = national) counts once.
            extra = extra[~extra["unit"].isin(units["unit"])]
            units = pd.concat([units, extra], ignore_index=True)
    return units, used, given


def compute(data: Collated) -> IndicatorResult:
    """`I6 = deaths / detained × 1,000`, with the deaths by cause and by legal status beside."""
    detained, fallback, given = detained_in_period(data)
    # A place counted through its census has reported for the denominator (docs/rules.md).
    cov = coverage.coverage(data, META, "detention_register", register.SOURCES,
                          register.lines(data, "detained"), also=fallback)  # fmt: skip
    flags_by_area = coverage.partial_flags(cov)
    deaths = data.forms["deaths"]
    ages = breakdowns.child_age(deaths, deaths["date_of_death"])
    keep = breakdowns.in_period(deaths["date_of_death"], data) & ~(ages >= 18)
    died = breakdowns.with_dims(deaths[keep], ages[keep], data)
    died["unit"] = breakdowns.row_ids(died)
    died = count_lines.with_counts(died, count_lines.count_units(data, "deaths"))
    units = pd.concat([died.assign(num=1, den=0), detained.assign(num=0, den=1)],
                      ignore_index=True)  # fmt: skip
    cells = rates.ratio_cells(META, HEADLINE, units, data, DIMENSIONS, register.SOURCES,
                               multiplier=1000, flags=flags_by_area)  # fmt: skip
    root = data.areas.root
    for dimension in ("cause", "legal_status"):
        kinds = died[dimension].fillna(breakdowns.UNKNOWN)
        counts = pd.Series(count_lines.weights(died), index=died.index).groupby(kinds).sum()
        cells += [Cell(indicator=META.number, part=Part("deaths"), dimension=dimension,
                       category=str(k), area=root, numerator=float(v), value=float(v),
                       unit=Unit.DEATHS) for k, v in counts.items()]  # fmt: skip
    extra: tuple[Flag, ...] = (CENSUS_FALLBACK,) if fallback else ()
    extra += count_lines.counts_flag(units) + given
    # With the census fallback, a submission with no register at all still has a denominator.
    needed = ("deaths",) if fallback else META.forms
    cells = results.unsent(evidence.covered(cells, cov, data, (HEADLINE,)), data, needed)
    extra += evidence.empty_sheet_flags(data, "deaths", cov)
    extra += evidence.empty_sheet_flags(data, "detention_register", cov)
    flags = results.result_flags(data, cells, cov, needed, *extra)
    return IndicatorResult(
        META,
        results.reference(data, META),
        tuple(cells),
        cov,
        flags,
        tracing.ratio_trace(units, META, "headline"),
    )
