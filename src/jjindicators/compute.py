"""Compute every indicator of a submission: validate, stop or exclude on errors, collate."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from jjindicators.collate import Collated, collate
from jjindicators.indicators import INDICATORS
from jjindicators.indicators.base import (
    CELL_COLUMNS,
    COVERAGE_COLUMNS,
    SUPPRESSED,
    SUPPRESSED_COMPLEMENTARY,
    TRACE_COLUMNS,
    Cell,
    IndicatorResult,
)
from jjindicators.indicators.codes import (
    NOT_COMPUTABLE,
    UNRELIABLE,
    Flag,
    Part,
    not_computable_flag,
    summary_label,
    summary_unit,
)
from jjindicators.indicators.reliability import with_intervals
from jjindicators.issues import ValidationReport
from jjindicators.memory import without_gc
from jjindicators.options import ComputeOptions
from jjindicators.validate import CheckedSubmission, ValidateOptions, check_submission

# The summary table: one row per indicator (`collation.md`, "Reports").
SUMMARY_COLUMNS = (
    "indicator", "name", "core", "value", "ci_low", "ci_high", "unit", "numerator",
    "denominator", "reference", "coverage", "flags",
)  # fmt: skip


@dataclass(frozen=True)
class ComputeResult:
    """The indicators of one submission, with what they rest on.

    `computed` is False when validation found errors and `exclude_invalid` was not asked for: then
    `results` is empty and `validation` says why.
    """

    validation: ValidationReport
    options: ComputeOptions
    computed: bool
    country: str = ""
    period: tuple[str, str] = ("", "")
    census_date: str = ""
    child_ref_scope: str = ""
    inputs: tuple[tuple[str, str | None], ...] = ()  # (file, SHA-256, None when not read)
    results: tuple[IndicatorResult, ...] = ()
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    version: str = ""
    # The names of areas and sources by (dimension, code), for people-facing reports.
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    # The area tree (area → parent) and each source's area: what small-cell suppression needs
    # to know which cells add up to which (`protect.py`).
    area_parents: dict[str, str | None] = field(default_factory=dict)
    source_areas: dict[str, str] = field(default_factory=dict)
    # The publication options applied by `protect` (`PublicationOptions.describe`: never the salt).
    publication: dict[str, Any] = field(
        default_factory=lambda: {"trace": "full", "suppress_below": None}
    )
    # The mapping profile the submission was read with (file and SHA-256), if any.
    mapping: dict[str, str] = field(default_factory=dict)
    # The language of its indicators' texts and issues' messages (`render/words.localise_result`).
    lang: str = "en"

    def label(self, dimension: str, code: str) -> str:
        """`Midvale (MID)` for an area or source with a name; the code itself otherwise."""
        name = self.names.get((dimension, code))
        return f"{name} ({code})" if name and name != code else code

    def summary_cells(self) -> list[tuple[IndicatorResult, Cell]]:
        """The indicator and cell behind each summary row: the headline, then the total of each
        of its `summary_parts` (12(b), 13(b))."""
        pairs = []
        for result in self.results:
            extra = [next(c for c in result.cells if c.part == Part(p) and c.dimension == "total")
                     for p in result.meta.summary_parts]  # fmt: skip
            pairs += [(result, cell) for cell in (result.headline, *extra)]
        return pairs

    def summary(self) -> list[dict[str, Any]]:
        """One row per indicator: the headline value and what it rests on."""
        return [self._summary_row(result, cell) for result, cell in self.summary_cells()]

    @staticmethod
    def summary_flags(result: IndicatorResult, head: Cell) -> tuple[Flag, ...]:
        """The flags of a summary row: the indicator's, and the headline's small-cell suppression
        and unreliability;
        for a part with a row of its own (12(b), 13(b)) the part's own flags, and why it is not
        computable."""
        if head is not result.headline:  # 12(b), 13(b): the part's own flags, not (a)'s
            note = head.note
            why = note is not None and head.value is None and note.code == NOT_COMPUTABLE
            return (*head.flags, *((not_computable_flag(note),) if why and note else ()))
        hidden = [f for f in head.flags if f in (SUPPRESSED, SUPPRESSED_COMPLEMENTARY, UNRELIABLE)]
        return (*result.flags, *hidden)

    @classmethod
    def _summary_row(cls, result: IndicatorResult, head: Cell) -> dict[str, Any]:
        """A summary row; indicators with several headline parts are numbered `12(a)`, `12(b)`."""
        number = summary_label(
            result.meta.number, head.part.code if result.meta.summary_parts else None
        )
        root = next((c for c in result.coverage if c.area == head.area), None)
        percent = None if root is None or root.ratio is None else round(root.ratio * 100, 1)
        # A duration's headline says which statistic it is: `days (median)`, `days (mean)`.
        unit = summary_unit(head.unit, head.part.statistic)
        return {
            "indicator": number,
            "name": result.meta.name,
            "core": result.meta.core,
            "value": _clean(head.value),
            "ci_low": _clean(head.ci_low),
            "ci_high": _clean(head.ci_high),
            "unit": unit,
            "numerator": _clean(head.numerator),
            "denominator": _clean(head.denominator),
            "reference": str(result.reference),
            "coverage": percent,
            "flags": "; ".join(str(f) for f in cls.summary_flags(result, head)),
        }

    def cells_frame(self) -> pd.DataFrame:
        """Every cell of every indicator: the tidy long table (`indicators.csv`)."""
        frames = [r.cells_frame() for r in self.results]
        return (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CELL_COLUMNS)
        )

    def trace_frame(self) -> pd.DataFrame:
        """Every counted unit and the row it came from (`trace.csv`)."""
        frames = [r.trace for r in self.results if len(r.trace)]
        if not frames:
            return pd.DataFrame(columns=list(TRACE_COLUMNS))
        return pd.concat(frames, ignore_index=True)[list(TRACE_COLUMNS)]

    def coverage_frame(self) -> pd.DataFrame:
        """Coverage of every indicator by area."""
        rows = [c.to_dict() for r in self.results for c in r.coverage]
        return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))

    def about(self) -> dict[str, Any]:
        """What the report rests on: inputs with SHA-256, options, version, period."""
        return {
            "country": self.country,
            "period_start": self.period[0],
            "period_end": self.period[1],
            "census_date": self.census_date,
            "child_ref_scope": self.child_ref_scope,
            "inputs": [{"file": f, "sha256": h} for f, h in self.inputs],
            "mapping": dict(self.mapping),
            "options": self.options.describe(),
            "publication": dict(self.publication),
            "jjind_version": self.version,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what `jjind compute --format json` prints. Strict JSON: no NaN, a value
        that is not known is None (`json_ready`)."""
        data = {
            "computed": self.computed,
            "about": self.about(),
            "summary": self.summary(),
            "indicators": self.cells_frame().to_dict(orient="records"),
            # the rows themselves: a frame would turn a coverage of None into NaN
            "coverage": [c.to_dict() for r in self.results for c in r.coverage],
            "validation": self.validation.to_dict(self.lang),
            "excluded_rows": len(self.excluded),
        }
        return json_ready(data)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def json_ready(data: Any) -> Any:
    """`data` with every float that JSON has no word for (NaN, infinities) as None, in dicts,
    lists and tuples at any depth: strict JSON, which `jq` and `JSON.parse` read.

    >>> json_ready({"a": [1.5, float("nan")], "b": (float("inf"),)})
    {'a': [1.5, None], 'b': [None]}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: json_ready(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_ready(v) for v in data]
    return data


def compute_collated(data: Collated) -> tuple[IndicatorResult, ...]:
    """Every registered indicator on collated data, in the registry's order; an indicator whose
    forms lost rows to `--exclude-invalid` says how many (`excluded` flag)."""
    left_out = data.excluded["form"].value_counts() if len(data.excluded) else pd.Series()
    results = []
    for module in INDICATORS.values():
        result = with_intervals(module.compute(data), data.options.unreliable_below)
        count = int(sum(left_out.get(form, 0) for form in result.meta.forms))
        if count:
            flag = Flag.of("excluded", count=count)
            result = replace(result, flags=(*result.flags, flag))
        results.append(result)
    return tuple(results)


@without_gc
def compute(
    paths: list[str | Path],
    options: ComputeOptions | None = None,
    validate_options: ValidateOptions | None = None,
) -> ComputeResult:
    """Validate, collate and compute every indicator of one submission.

    >>> result = compute(["examples/exampleland-2025.xlsx"])  # doctest: +SKIP
    >>> result.summary()[1]["value"]  # doctest: +SKIP
    """
    options = options or ComputeOptions()
    # counts by other age groups or bands than the options' are errors
    checked = check_submission(paths, validate_options, options)
    return compute_checked(checked, options, validate_options)


def compute_checked(
    checked: CheckedSubmission,
    options: ComputeOptions | None = None,
    validate_options: ValidateOptions | None = None,
) -> ComputeResult:
    """`compute` on a submission already read and validated (`check_submission`, with the same
    `options`): collate and compute every indicator, unless validation stops it.

    >>> checked = check_submission(["data.xlsx"], None, options)  # doctest: +SKIP
    >>> compute_checked(checked, options).computed  # doctest: +SKIP
    True
    """
    from jjindicators.version import __version__

    options = options or ComputeOptions()
    report = checked.report
    profile = validate_options.mapping if validate_options else None
    mapping = profile.describe() if profile else {}
    if checked.about is None or (not report.valid and not options.exclude_invalid):
        return ComputeResult(report, options, computed=False, version=__version__,
                             mapping=mapping)  # fmt: skip
    data = collate(checked, options)
    return ComputeResult(
        validation=report,
        options=options,
        computed=True,
        country=data.about.country,
        period=(data.period[0].isoformat(), data.period[1].isoformat()),
        census_date=data.census_date.isoformat(),
        child_ref_scope=data.child_ref_scope,
        inputs=tuple(data.inputs),
        results=compute_collated(data),
        excluded=data.excluded,
        version=__version__,
        names={("area", c): n for c, n in data.areas.names.items()}
        | {("source", str(s)): str(n) for s, n in data.sources["name"].dropna().items()},
        area_parents=dict(data.areas.parent),
        source_areas={str(s): str(a) for s, a in data.sources["area"].items()},
        mapping=mapping,
    )
