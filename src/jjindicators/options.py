"""The options of a computation: every *jjind rule* the spec marks as configurable, in one place.

Options come from, in rising priority: the defaults here, a `jjind.toml` beside the data, and the
command line. Every report states the options in force (`ComputeOptions.describe`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from jjindicators.errors import UsageError
from jjindicators.forms.types import YEARS

CONFIG_NAME = "jjind.toml"
DURATION_HEADLINES = ("median", "mean")  # the headline statistics of indicators 4 and 5


def option(default: Any, flag: str, help: str = "", metavar: str = "", **more: Any) -> Any:
    """A field of an options dataclass with the command-line flag that sets it (a switch's two:
    `--census-fallback/--no-census-fallback`; two flags: `--no-trace, --pseudonymise-trace`), its
    help and the `metavar` its value is shown by, in the field's metadata (`cli`, `help`,
    `metavar`); `more` as `dataclasses.field` takes it.

    >>> fields(ComputeOptions)[0].metadata["cli"]
    '--age-breaks'
    """
    metadata = {"cli": flag, "help": help, "metavar": metavar}
    return field(default=default, metadata=metadata, **more)


def cli_flags(field_: Any) -> tuple[str, ...]:
    """Every flag that sets an option on the command line; none for a library-only option.

    >>> [cli_flags(f) for f in fields(PublicationOptions)]
    [('--no-trace', '--pseudonymise-trace'), ('--salt',), ('--suppress-below',)]
    """
    flag = field_.metadata.get("cli") or ""
    return tuple(f for part in flag.split(", ") for f in part.split("/") if f)


def cli_flag(field_: Any) -> str | None:
    """The flag a person types to change an option from its default: `--age-breaks`,
    `--no-census-fallback`; None for an option the command line does not take."""
    flag = field_.metadata.get("cli")
    if flag and "/" in flag:
        on, off = flag.split("/")
        return off if field_.default is True else on
    return flag


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

    # Each option's command-line flag and help (`option`): the one definition that `jjind
    # compute` and `jjind batch`, the docs' tables and jjind.toml's keys are made from or checked
    # against (tests/test_options_declared_once.py).
    age_breaks: tuple[int, ...] = option(
        (14, 16), "--age-breaks",
        "Lower bounds of the age groups after the first: 14,16 gives <14, 14–15, 16–17.",
    )  # fmt: skip
    pre_sentence_bands: tuple[int, ...] = option(
        (7, 30, 90, 180, 365), "--pre-sentence-bands",
        "Indicator 4: upper bounds, in days, of the duration bands (comma-separated); the last "
        "band is open. Default: 7,30,90,180,365.",
    )  # fmt: skip
    sentenced_bands: tuple[int, ...] = option(
        (91, 182, 365, 730), "--sentenced-bands",
        "Indicator 5: upper bounds, in days, of the duration bands (comma-separated); the last "
        "band is open. Default: 91,182,365,730.",
    )  # fmt: skip
    census_date: dt.date | None = option(
        None, "--census-date", "Census date, YYYY-MM-DD (overrides about.census_date)."
    )
    child_ref_scope: Literal["source", "national"] | None = option(
        None, "--child-ref-scope",
        "A child_ref identifies a child within its source, or in the whole country "
        "(overrides about.child_ref_scope).",
    )  # fmt: skip
    census_fallback: bool = option(
        True, "--census-fallback/--no-census-fallback",
        "Indicator 6: use a place's census count when it sent no register (default: yes).",
    )  # fmt: skip
    duration_headline: Literal["median", "mean"] = option(
        "median", "--duration-headline",
        "Indicators 4 and 5, time in detention: the headline number of days is the median "
        "(half of the children were held less, half more; a few very long stays do not pull it "
        "up) or the mean (the average, which the Manual's draft speaks of). Both are always in "
        "the report. Default: median.",
    )  # fmt: skip
    exclude_invalid: bool = option(
        False, "--exclude-invalid",
        "Compute on the valid rows; rows with errors are left out and listed in the report.",
    )  # fmt: skip
    unreliable_below: int = option(
        10, "--unreliable-below",
        "A rate, percentage or median resting on fewer than N children (or events) is marked "
        "unreliable, as is one whose 95 % interval is wider than 160 % of it. Default: 10.",
        metavar="N",
    )  # fmt: skip

    def __post_init__(self) -> None:
        for name in ("age_breaks", "pre_sentence_bands", "sentenced_bands"):  # the lists
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
        if self.child_ref_scope not in (None, "source", "national"):
            raise UsageError(
                f"child_ref_scope must be source or national, not {self.child_ref_scope!r}."
            )
        for name in ("census_fallback", "exclude_invalid"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(f"{name} must be true or false, not {getattr(self, name)!r}.")
        if self.census_date is not None:
            check_date(self.census_date, "census_date")
        for name in _WHOLE:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(f"{name} must be a whole number of 1 or more, not {value!r}.")

    def describe(self) -> dict[str, Any]:
        """The options as plain data, for reports."""
        data = asdict(self)
        data["census_date"] = self.census_date.isoformat() if self.census_date else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def check_date(day: Any, name: str) -> None:
    """A date given as an option must be a date of the years data may hold (1900 to 2100, as
    `forms.types` reads dates): `0001-01-01` is a typing mistake, and the arithmetic on dates
    (ages, durations) would overflow on it.

    >>> check_date(dt.date(2025, 12, 31), "census_date")  # fine: no error
    >>> check_date(dt.date(1, 1, 1), "census_date")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    jjindicators.errors.UsageError: census_date must be a date from 1900-01-01 to ..., not 0001-...
    """
    if not isinstance(day, dt.date):
        raise UsageError(f"{name} must be a date such as 2025-12-31, not {day!r}.")
    if day.year not in YEARS:
        raise UsageError(f"{name} must be a date from {YEARS[0]}-01-01 to {YEARS[-1]}-12-31, "
                         f"not {day.isoformat()}.")  # fmt: skip


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

    trace: Literal["full", "none", "pseudonymised"] = option(
        "full", "--no-trace, --pseudonymise-trace"
    )
    salt: str | None = option(None, "--salt", repr=False, compare=False)
    suppress_below: int | None = option(None, "--suppress-below")

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
    (the command line; None means "not given"). A `jjind.toml` that cannot be used is a
    `UsageError` naming the file, and each mistake with its line."""
    values: dict[str, Any] = {}
    first = Path(paths[0]) if paths else None
    if first is not None:
        folder = first if first.is_dir() else first.parent
        config = folder / CONFIG_NAME
        if config.is_file():
            values.update(read_config(config))
    values.update({k: v for k, v in given.items() if v is not None})
    known = {f.name for f in fields(ComputeOptions)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise UsageError(
            f"Unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
    try:
        for name in _LISTS:
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


MAX_CONFIG_BYTES = 1_000_000  # a jjind.toml holds a few lines
# Each option's kind, from its field's type (declared once): lists of whole numbers, switches.
_LISTS = tuple(f.name for f in fields(ComputeOptions) if isinstance(f.default, tuple))
_SWITCHES = tuple(f.name for f in fields(ComputeOptions) if isinstance(f.default, bool))
_WHOLE = tuple(f.name for f in fields(ComputeOptions)
               if isinstance(f.default, int) and not isinstance(f.default, bool))  # fmt: skip


def read_config(path: Path) -> dict[str, Any]:
    """The options of a `jjind.toml`'s `[compute]` table, each checked; every mistake is listed in
    one `UsageError` that names the file, and each mistake's line.

    >>> read_config(Path("data/jjind.toml"))  # doctest: +SKIP
    {'age_breaks': (12, 14, 16)}
    """
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise UsageError(f"{path} is larger than 1 MB: is it the right file? A jjind.toml "
                             "holds a few lines of options.")  # fmt: skip
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path} is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8."
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"{path} is not valid TOML: {exc}. Write each option as name = value under a "
            '[compute] line, text and dates in double quotes (census_date = "2025-12-31").'
        ) from None
    problems: list[str] = []
    for name, value in data.items():
        if name == "compute":
            continue
        where = _line_text(text, name, None)
        if isinstance(value, dict):
            close = difflib.get_close_matches(name, ["compute"], n=1)
            hint = " (did you mean [compute]?)" if close else ""
            problems.append(f"{where}[{name}] is not a table jjind reads{hint}: the options go "
                            "under a [compute] line.")  # fmt: skip
        else:
            problems.append(f"{where}{name} is outside the [compute] table, the only one jjind "
                            "reads: put the options under a [compute] line.")  # fmt: skip
    table = data.get("compute", {})
    if not isinstance(table, dict):
        problems.append(f"{_line_text(text, 'compute', None)}compute must be a table: a "
                        "[compute] line, then one option per line.")  # fmt: skip
        table = {}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        try:
            values[name] = _config_value(name, value)
        except UsageError as exc:
            shown = json.dumps(value, default=str, ensure_ascii=False)
            problems.append(f"{_line_text(text, key, 'compute')}{key} = {shown}: {exc}")
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise UsageError(f"{path} cannot be used:\n{listed}")
    return values


def _config_value(name: str, value: Any) -> Any:
    """One option of a jjind.toml, as `ComputeOptions` takes it; `UsageError` says what is
    wrong with it."""
    known = [f.name for f in fields(ComputeOptions)]
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"not an option{hint}; the options: {', '.join(known)}.")
    if name in _LISTS:
        if not isinstance(value, list) or any(
            isinstance(v, bool) or not isinstance(v, int) for v in value
        ):
            raise UsageError("must be a list of whole numbers in brackets, e.g. [14, 16].")
        value = tuple(value)
    elif name in _SWITCHES:
        if not isinstance(value, bool):
            raise UsageError("must be true or false, without quotes.")
    elif name in _WHOLE:
        if isinstance(value, bool) or not isinstance(value, int):
            raise UsageError("must be a whole number, without quotes.")
    elif name == "census_date":
        try:
            value = value if _is_date(value) else dt.date.fromisoformat(str(value))
        except ValueError:
            raise UsageError('must be a date such as "2025-12-31".') from None
    elif not isinstance(value, str):
        raise UsageError("must be text in double quotes.")
    replace(ComputeOptions(), **{name: value})  # its own checks (a `UsageError` says what)
    return value


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _line_text(text: str, key: str, table: str | None) -> str:
    """`line 3: ` for the line that sets `key` (in `table`, or at the top), or nothing."""
    current = None
    pattern = re.compile(r"""\s*(?:(\w+)\.)?["']?""" + re.escape(key) + r"""["']?\s*(=|\.|\])""")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header and not line.lstrip().startswith("[["):
            if table is None and header[1].split(".")[0].strip("\"'") == key:
                return f"line {number}: "
            current = header[1].strip("\"'")
            continue
        found = pattern.match(line)
        if found and (found[1] or current) == table:
            return f"line {number}: "
    return ""
