"""One-line views of a computed submission for the per-indicator tests: a cell of the tidy table,
its (numerator, denominator, value), the trace, coverage and flags of one indicator.

Every test starts from the worked example (`tests/data/worked-example`, see `conftest.submission`)
with a few rows or forms changed, computed with today = 2026-01-15.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from conftest import Edit, example_rows, submission
from jjindicators.collate import collate
from jjindicators.compute import ComputeResult, compute
from jjindicators.indicators import INDICATORS
from jjindicators.options import ComputeOptions
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions, check_submission

TODAY = dt.date(2026, 1, 15)
CP = 140_000  # the worked example's child population: 40,000 + 42,000 + 28,000 + 30,000
CP_R1, CP_R2 = 82_000, 58_000  # 40,000 + 42,000; 28,000 + 30,000
CP_F, CP_M = 68_000, 72_000  # 40,000 + 28,000; 42,000 + 30,000
HEADER = {  # header-only CSV text: the form sent as an empty sheet (a report of zero)
    "arrests": "source_id,child_ref,sex,date_of_birth,age,arrest_date\n",
    "detention_census": "source_id,child_ref,sex,date_of_birth,admission_date,legal_status,"
    "sentence_date,detention_basis,separated_from_adults,family_contact_3_months\n",
    "detention_register": "source_id,child_ref,sex,date_of_birth,admission_date,sentence_date,"
    "release_date,release_type,aftercare\n",
    "deaths": "source_id,child_ref,sex,date_of_birth,date_of_death,legal_status,cause\n",
    "decisions": "source_id,child_ref,sex,date_of_birth,age,decision_date,deciding_body,decision\n",
}


def runner(*numbers: str) -> Callable[..., ComputeResult]:
    """`run`, computing only the indicators `numbers` (all when none is named) to keep tests fast.

    >>> run = runner("1")  # doctest: +SKIP
    >>> run(tmp_path, ComputeOptions(age_breaks=(12, 15)), arrests=[...])  # doctest: +SKIP
    """

    def run(
        tmp_path: Path, options: ComputeOptions | None = None, *, errors_ok: bool = False,
        **forms: Edit,
    ) -> ComputeResult:  # fmt: skip
        """Compute the worked example with some forms changed; it must validate without errors
        (unless `errors_ok`). The same steps as `compute()`: check, collate, compute."""
        folder = submission(tmp_path, **forms)
        options = options or ComputeOptions()
        checked = check_submission([folder], ValidateOptions(today=TODAY))
        found = [(i.code, i.sheet, i.row) for i in checked.report.issues if i.severity == "error"]
        if found and not errors_ok:
            raise AssertionError(f"the test data has errors: {found}")
        if not numbers:
            return compute([folder], options, ValidateOptions(today=TODAY))
        data = collate(checked, options)
        results = tuple(INDICATORS[n].compute(data) for n in numbers)
        return ComputeResult(checked.report, options, computed=True, results=results)

    return run


run = runner()
ENGLISH = Words()


def cells(result: ComputeResult, indicator: str, part: str = "headline") -> pd.DataFrame:
    """The cells of one part of one indicator."""
    frame = result.cells_frame()
    return frame[(frame.indicator == indicator) & (frame.part == part)]


def cell(
    result: ComputeResult, indicator: str, part: str = "headline", dimension: str = "total",
    category: str = "all",
) -> SimpleNamespace:  # fmt: skip
    """Exactly one cell of the tidy table, its columns as attributes (NaN as None); its flags
    and note as an English reader reads them (`render/words.Words`)."""
    found = [c for r in result.results for c in r.cells if (r.meta.number, str(c.part),
             c.dimension, c.category) == (indicator, part, dimension, category)]  # fmt: skip
    assert len(found) == 1, (indicator, part, dimension, category, len(found))
    row = {k: _none(v) for k, v in found[0].to_dict().items()}
    row |= {"flags": ENGLISH.flags(found[0].flags), "note": ENGLISH.note(found[0].note)}
    return SimpleNamespace(**row)


def nums(result: ComputeResult, indicator: str, part: str = "headline", dimension: str = "total",
         category: str = "all") -> tuple[Any, Any, Any]:  # fmt: skip
    """(numerator, denominator, value) of one cell; missing numbers as None."""
    c = cell(result, indicator, part, dimension, category)
    return c.numerator, c.denominator, c.value


def value(result: ComputeResult, indicator: str, part: str = "headline", dimension: str = "total",
          category: str = "all") -> Any:  # fmt: skip
    """The value of one cell (None when not computable)."""
    return cell(result, indicator, part, dimension, category).value


def by_category(
    result: ComputeResult, indicator: str, dimension: str, part: str = "headline",
    column: str = "numerator",
) -> dict[str, Any]:  # fmt: skip
    """{category: column} of one dimension."""
    frame = cells(result, indicator, part)
    frame = frame[frame.dimension == dimension]
    return {c: _none(v) for c, v in zip(frame.category, frame[column], strict=True)}


def flags(result: ComputeResult, indicator: str) -> tuple[str, ...]:
    """The flags of one indicator's result, as an English reader reads them."""
    return tuple(ENGLISH.flag(f) for r in result.results if r.meta.number == indicator
                 for f in r.flags)  # fmt: skip


def coverage(result: ComputeResult, indicator: str) -> dict[str, tuple[int, int, Any, str]]:
    """{area: (expected, reported, coverage %, missing sources)} of one indicator."""
    frame = result.coverage_frame()
    frame = frame[frame.indicator == indicator]
    return {
        a: (int(e), int(r), _none(c), m)
        for a, e, r, c, m in zip(
            frame.area, frame.expected, frame.reported, frame.coverage, frame.missing, strict=True
        )
    }


def traced(result: ComputeResult, indicator: str, role: str = "numerator") -> list[Any]:
    """The child_ref of every traced row of one role, sorted (None for rows without one)."""
    frame = result.trace_frame()
    frame = frame[(frame.indicator == indicator) & (frame.role == role)]
    return sorted((_none(v) for v in frame.child_ref), key=lambda v: (v is None, str(v)))


def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def close(a: Any, b: float, tol: float = 1e-9) -> bool:
    """a equals b within a relative tolerance (a value of None never does)."""
    return a is not None and math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def decision(source, ref, decided, kind, body="court", age="15", dob="", sex="M"):
    """A row of the `decisions` form."""
    return {"source_id": source, "child_ref": ref, "sex": sex, "date_of_birth": dob,
            "age": "" if dob else age, "decision_date": decided, "deciding_body": body,
            "decision": kind}  # fmt: skip


# Decisions for indicators 9 and 10: CRT1 (R1, in the worked example) and CRT2 (R2, added by
# `DECISION_SOURCES`). Each row says whether it counts.
DECISIONS = [
    decision("CRT1", "D1", "2025-01-01", "custodial_sentence"),  # the first day: in
    decision("CRT1", "D2", "2025-12-31", "custodial_sentence", dob="2008-01-01", sex="F"),  # 17
    decision("CRT1", "D3", "2025-04-04", "custodial_sentence", dob="2007-04-04"),  # 18: out
    decision("CRT1", "D4", "2025-05-05", "non_custodial_sentence", age="14", sex="F"),
    decision("CRT1", "D5", "2025-06-06", "diversion", body="prosecutor", age="13"),
    decision("CRT1", "D6", "2025-07-07", "diversion", body="police", age="16"),
    decision("CRT1", "D7", "2025-08-08", "acquittal"),  # in neither part
    decision("CRT1", "D8", "2025-09-09", "dismissal", body="prosecutor"),  # in neither part
    decision("CRT1", "D9", "2025-09-10", "other"),  # in neither part
    decision("CRT1", "D10", "2024-12-31", "custodial_sentence"),  # before the period
    decision("CRT1", "D11", "2026-01-01", "custodial_sentence"),  # after the period
    decision("CRT1", "D1", "2025-10-10", "non_custodial_sentence"),  # D1 again: a 2nd decision
    decision("CRT2", "D12", "2025-02-02", "non_custodial_sentence"),
    decision("CRT2", "D13", "2025-03-03", "diversion"),  # decided by a court
]


def decision_sources(*extra: str) -> list[dict[str, str]]:
    """The worked example's sources with CRT2 (competent authority, R2) and `extra` ones in R2."""
    rows = example_rows("sources")
    for code in ("CRT2", *extra):
        rows.append({"source_id": code, "name": code, "source_type": "competent_authority",
                     "area_code": "R2"})  # fmt: skip
    return rows
