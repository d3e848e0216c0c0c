"""A previous report's headlines (`jjind compute --previous OLD/indicators.csv`), checked against
this period's for large changes (`changes.py`; `docs/rules.md`, "Series and year-on-year
changes")."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jjindicators.changes import DEFAULT_THRESHOLD, Change, Figure, change_issue, large_change
from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.i18n import ENGLISH, translate

# The columns of `indicators.csv` the check reads (`indicators/base.CELL_COLUMNS`).
NEEDED = ("indicator", "part", "dimension", "category", "area_level", "numerator", "denominator",
          "value", "unit")  # fmt: skip
MAX_BYTES = 200 * 1024 * 1024  # a report's indicators.csv is a few MB; a larger file is not one


@dataclass(frozen=True)
class PreviousReport:
    """The headline cells of an earlier report (the national total of each part), by
    (indicator, part), and its period from the `about.csv` beside it (("", "") when absent)."""

    path: str
    period: tuple[str, str] = ("", "")
    cells: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeCheck:
    """The year-on-year check of `jjind compute --previous`: the earlier report and the
    threshold (% of the earlier value) above which a change unlikely by chance is a warning."""

    previous: PreviousReport
    threshold: float = DEFAULT_THRESHOLD


def read_previous(path: str | Path, lang: str = ENGLISH) -> PreviousReport:
    """The headlines of a report's `indicators.csv` (or of the folder holding it), as `jjind
    compute -o FOLDER` writes it. A file that is not one is a `UsageError` naming it.

    >>> read_previous("reports/2024/indicators.csv").period  # doctest: +SKIP
    ('2024-01-01', '2024-12-31')
    """
    path = Path(path)
    if path.is_dir():
        path = path / "indicators.csv"
    rows = _rows(path, lang)
    if not rows or not set(NEEDED) <= set(rows[0]):
        missing = sorted(set(NEEDED) - set(rows[0])) if rows else list(NEEDED)
        raise UsageError(translate("report.previous_not_a_report", lang, path=path,
                                   columns=", ".join(missing)))  # fmt: skip
    national = [r for r in rows if r["area_level"] == "0"]  # the root area: national figures
    cells = {(r["indicator"], r["part"]): r for r in national
             if r["dimension"] == "total" and r["category"] == "all"}  # fmt: skip
    about = {r.get("key", ""): r.get("value", "") for r in _rows(path.parent / "about.csv", lang,
                                                                  missing_ok=True)}  # fmt: skip
    period = (about.get("period_start", ""), about.get("period_end", ""))
    return PreviousReport(str(path), period, cells)


def _rows(path: Path, lang: str, missing_ok: bool = False) -> list[dict[str, str]]:
    """A CSV file's rows as text; a file that can't be read as CSV is a `UsageError` (none at
    all when `missing_ok` and it is not there)."""
    try:
        if missing_ok and not path.is_file():
            return []
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("too large")
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        text = translate("report.previous_unreadable", lang, path=path, why=why)
        raise UsageError(text) from None


def changes_since(
    previous: PreviousReport, result: ComputeResult, threshold: float = DEFAULT_THRESHOLD
) -> list[Change]:
    """The large changes of `result`'s headlines since `previous`, matched by indicator and part
    (a headline whose unit differs, such as a median then a mean, is not compared).

    >>> changes_since(read_previous("old/indicators.csv"), result)  # doctest: +SKIP
    [Change(indicator='2', ...)]
    """
    found = []
    for (indicator, cell), row in zip(result.summary_cells(), result.summary(), strict=True):
        old = previous.cells.get((indicator.meta.number, str(cell.part)))
        if old is None or old["unit"] != str(cell.unit):
            continue
        before = Figure(str(row["indicator"]), str(row["unit"]), _value(old["value"]),
                        _float(old["numerator"]), _float(old["denominator"]),
                        _float(old.get("ci_low", "")), _float(old.get("ci_high", "")))  # fmt: skip
        change = large_change(before, Figure.from_row(row), threshold)
        if change is not None:
            earlier = Path(previous.path).name
            found.append(replace(change, before=previous.period, after=result.period,
                                 country=result.country, earlier=earlier))  # fmt: skip
    return found


def with_changes(result: ComputeResult, check: ChangeCheck) -> ComputeResult:
    """`result` with a `large-change` warning among its issues for each large change since
    `check.previous` (the report's Issues sheet, `issues.csv`, the console and the JSON show
    them)."""
    if not result.computed:
        return result
    found = changes_since(check.previous, result, check.threshold)
    issues = tuple(change_issue(c) for c in found)
    if not issues:
        return result
    report = result.validation
    return replace(result, validation=replace(report, issues=(*report.issues, *issues)))


def _float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _value(text: str) -> float | str | None:
    number = _float(text)
    return number if number is not None else (text or None)
