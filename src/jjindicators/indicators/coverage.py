"""Coverage: the sources expected to report an indicator in each area, and those that did
(`collation.md`, "Coverage")."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from jjindicators.collate import Collated
from jjindicators.forms.counts import count_name
from jjindicators.indicators.base import Coverage, IndicatorMeta
from jjindicators.indicators.codes import PARTIAL, Flag
from jjindicators.indicators.count_lines import count_kind


def coverage(
    data: Collated,
    meta: IndicatorMeta,
    form: str,
    source_types: Sequence[str],
    counted: pd.DataFrame | None = None,
    also: set[str] | None = None,
) -> tuple[Coverage, ...]:
    """Expected and reporting sources of `form` for every area (`collation.md`, "Coverage").

    Places of detention are expected only when they held children in the period. A source
    reports by counts when one of its count lines (`counted`: the lines this indicator counts;
    all of `<form>_counts` by default) has a figure, 0 included; when all its lines are blank it
    is "not available" (still expected); when all say "not applicable" it is not expected.
    `also` names sources that reported in another way (a place counted through its census for
    indicator 6's denominator)."""
    sources = data.sources[data.sources["source_type"].isin(source_types)]
    if "place_of_detention" in source_types:
        sources = sources[sources["held_children_in_period"] != "no"]
    reported = set(data.reported.get(form, set())) | set(also or ())
    lines = data.forms.get(count_name(form)) if counted is None else counted
    by_counts: set[str] = set()
    blank: set[str] = set()
    inapplicable: set[str] = set()
    if lines is not None and len(lines):
        kinds = lines["count"].map(count_kind)
        for key, found in kinds.groupby(lines["source_id"].astype(str), sort=False):
            source, seen = str(key), set(found)
            if "figure" in seen:
                by_counts.add(source)
            elif seen == {"not applicable"}:
                inapplicable.add(source)
            elif "not available" in seen:
                blank.add(source)
    inapplicable -= reported
    blank -= reported
    reported |= by_counts
    sources = sources[~sources.index.isin(list(inapplicable))]
    set_aside = data.sources.loc[data.sources.index.isin(list(inapplicable)), "area"]
    by_area: dict[str, list[str]] = {}
    for source, area in zip(sources.index.tolist(), sources["area"].tolist(), strict=True):
        by_area.setdefault(area, []).append(source)
    result = []
    for area in data.areas.ordered():
        inside = (s for a in data.areas.subtrees[area] for s in by_area.get(a, ()))
        expected = tuple(sorted(inside))
        below = data.areas.subtrees[area]
        result.append(Coverage(
            meta.number, area, expected, tuple(s for s in expected if s in reported),
            tuple(s for s in expected if s in by_counts),
            tuple(s for s in expected if s in blank),
            tuple(sorted(str(s) for s, a in set_aside.items() if a in below)),
        ))  # fmt: skip
    return tuple(result)


def partial_flags(cov: tuple[Coverage, ...]) -> dict[str, tuple[Flag, ...]]:
    """`partial` for each area whose coverage is below 100 %."""
    return {c.area: (PARTIAL,) for c in cov if c.ratio is not None and c.ratio < 1}
