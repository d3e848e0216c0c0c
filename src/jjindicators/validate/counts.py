"""Checks of count (tally) sheets (`docs/counts.md`): blank counts, repeated lines, the register's
duration bands; and, at compute time, that age groups and bands are the configured ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.counts import UNKNOWN_AGE, UNKNOWN_CODE, base_form, parse_range
from jjindicators.forms.detention_register import BANDED
from jjindicators.issue_params import CodeName
from jjindicators.issues import Issue, make_issue
from jjindicators.options import ComputeOptions, age_groups, band_labels
from jjindicators.validate.records import FormFrame, at
from jjindicators.validate.reference import Record, where_of

# Which configured bands each banded register line is matched to.
BAND_OPTIONS = {"pre_sentence_ended": "pre_sentence_bands", "sentenced_released": "sentenced_bands"}


def breakdown(form: str) -> list[str]:
    """The columns that make one line of a count form (every column but `count`)."""
    return [n for n in FORMS[form].fields if n != "count"]


def _bands_differ(counted: str, bands: list[str], option: str) -> Callable[..., Issue]:
    """`count-bands-differ` of a register line counted as `counted`."""

    def make(r: Record, row: object) -> Issue:
        return make_issue(Code.COUNT_BANDS_DIFFER, where_of(r, "duration_band"), r["duration_band"],
                          counted=counted, bands=", ".join(bands), option=option)  # fmt: skip

    return make


def check_counts(ff: FormFrame) -> list[Issue]:
    """Blank counts (not available), lines repeating another line's breakdown, and register
    lines that need a duration band."""
    frame = ff.frame
    ok = frame["_ok"]
    issues = ff.emit(
        ok & frame["count"].isna(),
        lambda r, row: make_issue(Code.COUNT_NOT_AVAILABLE, where_of(r, "count"),
                                  source=r["source_id"]),
    )  # fmt: skip
    if ff.form == "detention_register_counts":
        issues += ff.emit(
            ok & frame["counted"].isin(BANDED) & frame["duration_band"].isna(),
            lambda r, row: make_issue(Code.COUNT_BAND_MISSING, where_of(r, "duration_band"),
                                      counted=CodeName(ff.form, "counted", r["counted"])),
        )  # fmt: skip
    keys = frame[breakdown(ff.form)].astype(object)
    keys = keys.where(keys.notna(), "").map(str)
    repeated = ok & keys.duplicated(keep=False)
    if repeated.any():
        line = keys.agg("|".join, axis=1)
        first_row = frame["_row"].where(repeated).groupby(line).transform("min")
        issues += ff.emit(
            repeated & (frame["_row"] != first_row),
            lambda r, row: make_issue(Code.COUNT_REPEATED, where_of(r, "count"),
                                      first_row=int(cast(int, first_row.iat[at(row)])),
                                      source=r["source_id"]),
        )  # fmt: skip
    return issues


def check_groups(frames: dict[str, FormFrame], options: ComputeOptions) -> list[Issue]:
    """Age groups and duration bands of the counts that are not the configured ones: counts
    cannot be split or merged into other groups, so they are errors that say which differ."""
    groups = [g[0] for g in age_groups(options.age_breaks)] + [UNKNOWN_AGE]
    breaks = _breaks_for(frames)
    issues: list[Issue] = []
    for name, ff in frames.items():
        if base_form(name) is None:
            continue
        frame = ff.frame
        issues += ff.emit(
            frame["_ok"] & frame["age_group"].notna() & ~frame["age_group"].isin(groups),
            lambda r, row: make_issue(Code.COUNT_AGE_GROUPS_DIFFER, where_of(r, "age_group"),
                                      r["age_group"], groups=", ".join(groups), breaks=breaks),
        )  # fmt: skip
        if name != "detention_register_counts":
            continue
        for counted, option in BAND_OPTIONS.items():
            bands = [b[0] for b in band_labels(getattr(options, option))]
            issues += ff.emit(
                frame["_ok"] & frame["counted"].eq(counted) & frame["duration_band"].notna()
                & ~frame["duration_band"].isin([*bands, UNKNOWN_CODE]),
                _bands_differ(counted, bands, option),
            )  # fmt: skip
    return issues


def _breaks_for(frames: dict[str, FormFrame]) -> str:
    """The `age_breaks` that would make the counts' groups the configured ones, if any."""
    found: set[tuple[int, int]] = set()
    for name, ff in frames.items():
        if base_form(name) is not None:
            for label in ff.frame["age_group"].dropna().unique():
                span = parse_range(label) if label != UNKNOWN_AGE else None
                if span is not None and span[1] is not None:
                    found.add((span[0], span[1]))
    lows = sorted({low for low, _ in found} - {0})
    return f"age_breaks = {lows}" if lows else "age_breaks as the counts' groups start"


__all__ = ["breakdown", "check_counts", "check_groups"]
