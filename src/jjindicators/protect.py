"""Reports fit for publication: the trace left out or pseudonymised, child_ref withheld from the
issues, small counts suppressed, counts rounded (`collation.md`, "Data protection")."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

import pandas as pd

from jjindicators.compute import ComputeResult
from jjindicators.indicators.base import TRACE_COLUMNS, child_in_unit, pseudonymous_unit
from jjindicators.intervals import MIN_EVENTS
from jjindicators.issue_params import WITHHELD, replace_param
from jjindicators.issues import Issue
from jjindicators.options import PublicationOptions
from jjindicators.rounding import Rounding, round_results
from jjindicators.suppress import suppress_results

PSEUDONYM_LENGTH = 16  # hex digits of the HMAC kept: 64 bits, no collision in any real report
# The columns of the rows left out by --exclude-invalid that a report shows (never the values).
EXCLUDED_COLUMNS = ("_file", "_sheet", "_row", "form")


def protect(result: ComputeResult, options: PublicationOptions) -> ComputeResult:
    """The result made fit for publication by `options`; it records them (never the salt).

    - `trace="none"`: no trace; `"pseudonymised"`: each `child_ref` (and each trace unit made
      from one) replaced by `pseudonym(salt, scope/child_ref)`, the same child getting the same
      pseudonym throughout the report. Either way the issues lose their `child_ref`.
    - `suppress_below=N`: counts from 1 to N - 1 suppressed, with complementary suppression.
    - `round_to=N` / `random_round=3`: the counts left rounded to multiples of N, to the nearest
      or at random (RR3), after suppression (`rounding.py`).

    >>> options = PublicationOptions("none", suppress_below=5)
    >>> safe = protect(compute(["data.xlsx"]), options)  # doctest: +SKIP
    >>> safe.trace_frame().empty  # doctest: +SKIP
    True
    """
    if not options.active:
        return result
    results = result.results
    if options.suppress_below is not None:
        results = suppress_results(results, options.suppress_below, result.area_parents,
                                   result.source_areas)  # fmt: skip
    if options.rounding is not None:
        base, seed = options.rounding
        min_events = getattr(result.options, "unreliable_below", MIN_EVENTS)
        results = round_results(results, Rounding(base, seed), min_events)
    if options.trace == "none":
        empty = pd.DataFrame(columns=list(TRACE_COLUMNS))
        results = tuple(replace(r, trace=empty) for r in results)
    elif options.trace == "pseudonymised":
        national = result.child_ref_scope == "national"
        salt = options.salt or ""
        results = tuple(replace(r, trace=pseudonymise_trace(r.trace, salt, national))
                        for r in results)  # fmt: skip
    issues = tuple(withhold_child_ref(i) for i in result.validation.issues)
    excluded = result.excluded[[c for c in EXCLUDED_COLUMNS if c in result.excluded.columns]]
    return replace(result, results=results, validation=replace(result.validation, issues=issues),
                   excluded=excluded, publication=options.describe())  # fmt: skip


def pseudonym(salt: str, key: str) -> str:
    """The pseudonym of a child: HMAC-SHA-256 of `scope/child_ref` keyed by the salt, shortened.
    Without the salt it can't be reversed, nor linked to another report's pseudonyms.

    >>> pseudonym("a salt of the user's", "POL1/K1")
    'p-1521a347d21cbf65'
    """
    digest = hmac.new(salt.encode("utf-8"), key.encode("utf-8"), hashlib.sha256).hexdigest()
    return "p-" + digest[:PSEUDONYM_LENGTH]


def pseudonymise_trace(trace: pd.DataFrame, salt: str, national: bool) -> pd.DataFrame:
    """The trace with `child_ref` pseudonymised, and units `child <scope>/<child_ref>` too.

    The scope is the source (or `*` when `child_ref_scope = national`), as in the unit ids, so a
    child's pseudonym is the same in `child_ref` and in `unit`, and two sources' K1 differ."""
    if trace.empty:
        return trace
    out = trace.copy()
    scopes = ["*"] * len(out) if national else out["source_id"].tolist()
    out["child_ref"] = [
        None if ref is None or ref != ref else pseudonym(salt, f"{scope}/{ref}")  # NaN: none
        for scope, ref in zip(scopes, out["child_ref"].tolist(), strict=True)
    ]
    units = out["unit"].astype(str).tolist()
    children = [child_in_unit(unit) for unit in units]
    out["unit"] = [
        unit if child is None else pseudonymous_unit(pseudonym(salt, child))
        for unit, child in zip(units, children, strict=True)
    ]
    return out


def withhold_child_ref(issue: Issue) -> Issue:
    """The issue without its child_ref: the column emptied, and the reference taken out of the
    value and of the parameters its message and hint quote (e.g. a child listed twice), so that
    they still read in every language, `(withheld)` in its place."""
    ref = issue.child_ref
    if not ref:
        return issue
    return replace(
        issue,
        child_ref=None,
        value=WITHHELD if issue.value == ref else issue.value,
        params=tuple((k, replace_param(v, ref, WITHHELD)) for k, v in issue.params),
    )
