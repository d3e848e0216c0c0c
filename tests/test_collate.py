"""Collation choices that are not one indicator's: the national area without an areas sheet."""

from __future__ import annotations

import pandas as pd

from conftest import TODAY, submission
from jjindicators.compute import compute
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

NATIONAL_POPULATION = [
    {"area_code": "NAT", "sex": "F", "age_from": 0, "age_to": 17, "population": 68_000},
    {"area_code": "NAT", "sex": "M", "age_from": 0, "age_to": 17, "population": 72_000},
]


def test_without_areas_the_population_code_is_the_national_area(tmp_path):
    # No areas sheet: one national area (forms.md), coded as the population's only area, NAT.
    folder = submission(tmp_path, areas=None, population=NATIONAL_POPULATION)
    result = compute([folder], validate_options=ValidateOptions(today=TODAY))
    head = result.summary()[0]
    # Indicator 1 as in the worked example: 5 children / (68,000 + 72,000) × 100,000
    assert (head["numerator"], head["denominator"]) == (5, 140_000)
    assert round(head["value"], 4) == 3.5714
    frame = result.cells_frame()
    assert set(frame[frame.indicator == "1"].area) == {"NAT"}


def test_without_areas_or_a_single_population_area_rates_say_why(tmp_path):
    rows = [
        dict(r, area_code=code) for r, code in zip(NATIONAL_POPULATION, ("R1", "R2"), strict=True)
    ]
    folder = submission(tmp_path, areas=None, population=rows)
    result = compute([folder], validate_options=ValidateOptions(today=TODAY))
    head = result.results[0].headline
    assert head.value is None and "no child population for area national" in Words().note(head.note)


def test_frames_shared_between_indicators_do_not_depend_on_the_order(tmp_path):
    """The census rows, episodes and decisions are built once per country and shared: an
    indicator computed after all the others (in reverse) gives what it gives computed alone."""
    from jjindicators.collate import collate
    from jjindicators.indicators import INDICATORS
    from jjindicators.options import ComputeOptions
    from jjindicators.validate import check_submission

    checked = check_submission([submission(tmp_path)], ValidateOptions(today=TODAY))
    shared = collate(checked, ComputeOptions())
    after = {n: INDICATORS[n].compute(shared) for n in reversed(list(INDICATORS))}
    assert {"census_rows", "detained", "episodes", "decisions"} <= set(shared.derived)
    for number, indicator in INDICATORS.items():
        alone = indicator.compute(collate(checked, ComputeOptions()))
        assert after[number].cells == alone.cells, number
        pd.testing.assert_frame_equal(after[number].trace, alone.trace)
