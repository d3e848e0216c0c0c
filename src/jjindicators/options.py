"""The options of a computation: every *jjind rule* the spec marks as configurable, in one place.

Options come from, in rising priority: the defaults here, a `jjind.toml` beside the data, and the
command line. Every report states the options in force (`ComputeOptions.describe`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from jjindicators.errors import UsageError

CONFIG_NAME = "jjind.toml"
DURATION_HEADLINES = ("median", "mean")  # the headline statistics of indicators 4 and 5


@dataclass(frozen=True)
class ComputeOptions:
    """How to compute the indicators (`indicators.md`; each default is a jjind rule).

    - `age_breaks`: lower bounds of the age groups after the first: (14, 16) → <14, 14–15, 16–17.
    - `pre_sentence_bands` / `sentenced_bands`: upper bounds (days, inclusive) of the duration bands
      of indicators 4 and 5; the last band is open ("over ...").
    - `census_date`, `child_ref_scope`: override `about`.
    - `census_fallback`: indicator 6 uses a place's census count when it sent no register.
    - `duration_headline`: the statistic that is the headline of indicators 4 and 5, `median`
      or `mean` (the Manual's draft speaks of the average); both are always shown.
    - `exclude_invalid`: compute on the valid rows instead of stopping on errors.
    """

    age_breaks: tuple[int, ...] = (14, 16)
    pre_sentence_bands: tuple[int, ...] = (7, 30, 90, 180, 365)
    sentenced_bands: tuple[int, ...] = (91, 182, 365, 730)
    census_date: dt.date | None = None
    child_ref_scope: Literal["source", "national"] | None = None
    census_fallback: bool = True
    duration_headline: Literal["median", "mean"] = "median"
    exclude_invalid: bool = False

    def __post_init__(self) -> None:
        for name in ("age_breaks", "pre_sentence_bands", "sentenced_bands"):
            values = getattr(self, name)
            if list(values) != sorted(set(values)) or any(v < 0 for v in values):
                raise UsageError(f"{name} must be increasing whole numbers, not {list(values)}.")
        if any(not 0 < b <= 17 for b in self.age_breaks):
            raise UsageError(f"age_breaks must lie between 1 and 17, not {list(self.age_breaks)}.")
        if self.duration_headline not in DURATION_HEADLINES:
            raise UsageError(
                f"duration_headline must be {' or '.join(DURATION_HEADLINES)}, "
                f"not {self.duration_headline!r}."
            )

    def describe(self) -> dict[str, Any]:
        """The options as plain data, for reports."""
        data = asdict(self)
        data["census_date"] = self.census_date.isoformat() if self.census_date else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


TRACE_MODES = ("full", "none", "pseudonymised")
MIN_SALT = 8  # characters: a short salt could be guessed, and with it every child_ref


@dataclass(frozen=True)
class PublicationOptions:
    """How to make a report fit for publication (`collation.md`, "Data protection"); applied to
    a computed result by `jjindicators.protect.protect`.

    - `trace`: `full` (child_ref shown), `none` (no trace at all) or `pseudonymised` (child_ref
      replaced by a keyed hash made with `salt`, which is never written anywhere).
    - `suppress_below`: counts from 1 to N - 1 are suppressed, with complementary suppression;
      it needs `trace="none"`, since the trace would let the suppressed cells be counted back.

    >>> PublicationOptions(trace="none", suppress_below=5).describe()
    {'trace': 'none', 'suppress_below': 5}
    """

    trace: Literal["full", "none", "pseudonymised"] = "full"
    salt: str | None = field(default=None, repr=False, compare=False)
    suppress_below: int | None = None

    def __post_init__(self) -> None:
        if self.trace not in TRACE_MODES:
            raise UsageError(f"trace must be one of {', '.join(TRACE_MODES)}, not {self.trace!r}.")
        if self.trace == "pseudonymised" and not self.salt:
            raise UsageError(
                "--pseudonymise-trace needs a salt: give --salt TEXT, or set the JJIND_SALT "
                "environment variable (it then stays out of your shell history)."
            )
        if self.trace == "pseudonymised" and len(self.salt or "") < MIN_SALT:
            raise UsageError(
                f"The salt must have at least {MIN_SALT} characters, or the pseudonyms could be "
                'reversed by guessing it; a random one: python -c "import secrets; '
                'print(secrets.token_hex(16))".'
            )
        if self.suppress_below is not None:
            if self.suppress_below < 2:
                raise UsageError(
                    "--suppress-below takes a whole number of 2 or more, "
                    f"not {self.suppress_below}."
                )
            if self.trace != "none":
                raise UsageError(
                    "--suppress-below needs --no-trace: the trace lists every counted child with "
                    "its source, so the suppressed cells could be counted back from it."
                )

    @property
    def active(self) -> bool:
        """True when the report is changed at all."""
        return self.trace != "full" or self.suppress_below is not None

    def describe(self) -> dict[str, Any]:
        """The options as plain data, for reports: never the salt."""
        return {"trace": self.trace, "suppress_below": self.suppress_below}


def age_groups(breaks: tuple[int, ...]) -> list[tuple[str, int, int]]:
    """Label and inclusive age range of each group: (14, 16) → <14 (0–13), 14–15, 16–17.

    >>> age_groups((14, 16))
    [('<14', 0, 13), ('14–15', 14, 15), ('16–17', 16, 17)]
    """
    bounds = [0, *breaks, 18]
    groups = []
    for low, high in itertools.pairwise(bounds):
        label = f"<{high}" if low == 0 else (f"{low}" if low == high - 1 else f"{low}–{high - 1}")
        groups.append((label, low, high - 1))
    return groups


def band_labels(bounds: tuple[int, ...]) -> list[tuple[str, int, int | None]]:
    """Label and inclusive day range of each duration band; the last is open.

    >>> band_labels((7, 30))
    [('0–7 days', 0, 7), ('8–30 days', 8, 30), ('over 30 days', 31, None)]
    """
    bands: list[tuple[str, int, int | None]] = []
    low = 0
    for high in bounds:
        bands.append((f"{low}–{high} days", low, high))
        low = high + 1
    bands.append((f"over {bounds[-1]} days" if bounds else "all", low, None))
    return bands


def load_options(paths: list[Path], **given: Any) -> ComputeOptions:
    """Options from `jjind.toml` beside the first input (its `[compute]` table), then `given`
    (the command line; None means "not given")."""
    values: dict[str, Any] = {}
    first = Path(paths[0]) if paths else None
    if first is not None:
        folder = first if first.is_dir() else first.parent
        config = folder / CONFIG_NAME
        if config.is_file():
            values.update(_read_config(config))
    values.update({k: v for k, v in given.items() if v is not None})
    known = {f.name for f in fields(ComputeOptions)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise UsageError(
            f"Unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
    try:
        for name in ("age_breaks", "pre_sentence_bands", "sentenced_bands"):
            if name in values:
                values[name] = tuple(int(v) for v in values[name])
        if isinstance(values.get("census_date"), str):
            values["census_date"] = dt.date.fromisoformat(values["census_date"])
    except (TypeError, ValueError) as exc:
        raise UsageError(
            f"Invalid option value ({exc}): age_breaks and the bands are lists of whole numbers, "
            "census_date a date such as 2025-12-31."
        ) from None
    return replace(ComputeOptions(), **values)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not valid TOML: {exc}") from None
    table = data.get("compute", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [compute] must be a table of options.")
    return {k.replace("-", "_"): v for k, v in table.items()}
