"""The cache of `batch --resume`: keys and hashes only; what a skipped submission shows is read back
from the files jjind wrote in its folder, once they match the hashes.

A computed country folder holds `.jjind-cache.json`: the key of what its reports rest on (the
inputs' SHA-256, the options, the language, the jjind version), the SHA-256 of each file written
there and the batch summary's coverage (which no report file holds). It holds no figure of an
indicator and nothing of a child. A cache is trusted only when it is a small regular file (at most
`MAX_CACHE_BYTES`, checked before it is read), in the form written here, and every file it names
is in its folder as written (`docs/rules.md`, "Batch"); any other is ignored, with a notice, and
the submission is computed again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jjindicators.compare import CountryFigures
from jjindicators.digest import sha256
from jjindicators.i18n import ENGLISH, translate
from jjindicators.indicators.codes import label_number
from jjindicators.options import ComputeOptions, PublicationOptions
from jjindicators.outputs import BATCH_WORKBOOKS, CACHE_NAME, atomic_file
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.submissions import Submission
from jjindicators.validate import ValidateOptions

CACHE_FORMAT = 2  # 1: the figures and the entry themselves (before issue #17), never trusted now
# A cache jjind writes is about 1 KB: anything much larger is not one, and is not read.
MAX_CACHE_BYTES = 1_000_000
# What jjind writes in a country's folder besides the cache; a computed one holds REQUIRED.
WRITTEN_FILES = frozenset({*BATCH_WORKBOOKS, *CSV_FILES})
REQUIRED = frozenset({"report.xlsx", *CSV_FILES} - {"trace.csv"})  # no trace.csv: --no-trace
_HEX = re.compile(r"[0-9a-f]{64}")
# A number as `render/report_csv.csv_text` writes one (no nan, no inf: those are written empty).
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?")
_NUMBERS = ("value", "ci_low", "ci_high", "numerator", "denominator", "coverage")


@dataclass(frozen=True)
class Reused:
    """An earlier run's computed folder whose files match its cache, and what its batch summary
    row and the comparison show, read back from those files (`figures.folder` is not set)."""

    folder: Path
    figures: CountryFigures
    errors: int
    warnings: int
    indicators: int
    coverage: float | None


def cache_key(
    sub: Submission, options: ComputeOptions, checks: ValidateOptions,
    publication: PublicationOptions, lang: str,
) -> str:  # fmt: skip
    """The SHA-256 of everything a submission's reports depend on: its inputs as given, each of
    their files' SHA-256, the options, the validation and publication options (never the salt),
    the language and the jjind version."""
    from jjindicators.version import __version__

    data = {
        "inputs": list(sub.inputs),
        "files": [
            [p, _fingerprint(Path(p), checks.max_file_mb)] for p in sub.inputs if Path(p).is_file()
        ],
        "options": options.describe(),
        "checks": {k: str(v) for k, v in asdict(checks).items()},
        "publication": publication.describe(),
        "lang": lang,
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _fingerprint(path: Path, max_file_mb: float) -> str:
    """A file's SHA-256; for a file over the size limit, which jjind refuses unread, its size and
    time of change instead (a 2 GB file is never read just to be hashed, issue #17)."""
    found = path.stat()
    if found.st_size > max_file_mb * 1024 * 1024:
        return f"not read: {found.st_size} bytes, changed {found.st_mtime_ns}"
    return sha256(path)


def write_cache(folder: Path, key: str, coverage: float | None) -> None:
    """Write `folder`'s cache: `key`, the SHA-256 of every file jjind wrote there, `coverage`.

    >>> write_cache(Path("out/.jjind-batch-x/0"), key, 100.0)  # doctest: +SKIP
    """
    files = {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.name in WRITTEN_FILES}
    data = {"format": CACHE_FORMAT, "key": key, "coverage": coverage, "files": files}
    with atomic_file(folder / CACHE_NAME) as temp:
        temp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def find_caches(out: Path, lang: str = ENGLISH) -> tuple[dict[str, Path], list[str]]:
    """The folders in `out` with a cache in the form written here, by key, and a notice (in
    `lang`) for each cache that is not (not a regular file, too large, not JSON, another form,
    in a folder that is a symbolic link). Their files are checked when one is used (`reuse`).

    >>> folders, notices = find_caches(Path("out"))  # doctest: +SKIP
    """
    found: dict[str, Path] = {}
    notices = []
    for folder in sorted(out.iterdir()):
        path = folder / CACHE_NAME
        if folder.name.startswith(".") or not os.path.lexists(path):
            continue
        if folder.is_symlink():  # its files are not in OUTDIR: nothing there is taken as ours
            notices.append(_notice(path, "linked_folder", lang))
            continue
        data = _load(path)
        if isinstance(data, str):
            notices.append(_notice(path, data, lang))
        else:
            found.setdefault(data["key"], folder)
    return found, notices


def reuse(folder: Path, lang: str = ENGLISH) -> Reused | str:
    """The folder's results when every file jjind wrote there is as its cache records (the same
    SHA-256, none missing, none added), else the notice (in `lang`) saying why not.

    >>> reuse(Path("out/Ruritania"))  # doctest: +SKIP
    Reused(folder=PosixPath('out/Ruritania'), figures=CountryFigures(...), ...)
    """
    path = folder / CACHE_NAME
    data = _load(path)
    if isinstance(data, str):
        return _notice(path, data, lang)
    files: dict[str, str] = data["files"]
    present = {p.name for p in folder.iterdir() if p.name in WRITTEN_FILES}
    for name in sorted(present | set(files)):
        if name not in files:
            return _notice(path, "extra", lang, file=name)
        file = folder / name
        if name not in present or not stat.S_ISREG(file.lstat().st_mode):
            return _notice(path, "missing", lang, file=name)
        if sha256(file) != files[name]:
            return _notice(path, "changed", lang, file=name)
    try:
        figures = read_figures(folder)
        severities = pd.read_csv(folder / "issues.csv", usecols=["severity"], dtype=str,
                                 keep_default_na=False)["severity"]  # fmt: skip
    except (OSError, ValueError, KeyError, csv.Error):  # written by jjind, so not expected
        return _notice(path, "unreadable", lang)
    errors = int((severities == "error").sum())
    if errors:  # only a submission computed without errors is cached
        return _notice(path, "changed", lang, file="issues.csv")
    warnings = int((severities == "warning").sum())
    return Reused(folder, figures, errors, warnings, indicators(figures), data["coverage"])


def read_figures(folder: Path) -> CountryFigures:
    """What the comparison takes of a computed submission, read back from its `summary.csv` (the
    rows) and `about.csv` (country, period, census date, options, version), as written.

    >>> read_figures(Path("out/Ruritania")).rows[0]["indicator"]  # doctest: +SKIP
    '1'
    """
    rows = tuple({k: _typed(k, v) for k, v in row.items()}
                 for row in _rows(folder / "summary.csv"))  # fmt: skip
    about = {row["key"]: row["value"] for row in _rows(folder / "about.csv")}
    options = {k.removeprefix("option "): _option(v) for k, v in about.items()
               if k.startswith("option ")}  # fmt: skip
    return CountryFigures(about["country"], "", (about["period_start"], about["period_end"]),
                          about["census_date"], options, about["jjind_version"], rows)  # fmt: skip


def indicators(figures: CountryFigures) -> int:
    """How many indicators have a headline value: the first summary row of each (`12(a)` is
    12's headline, `12(b)` one of its parts)."""
    first: dict[str, Any] = {}
    for row in figures.rows:
        first.setdefault(label_number(str(row["indicator"])), row["value"])
    return sum(1 for value in first.values() if value is not None)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _typed(column: str, text: str) -> Any:
    """A summary cell as the comparison takes it: numbers as numbers, `core` as a boolean, an
    empty number as None; the rest (and a policy answer in `value`) as text."""
    if column == "core":
        return text == "true"
    if column not in _NUMBERS:
        return text
    return None if text == "" else _number(text)


def _option(text: str) -> Any:
    """An option as `about.csv` writes it: empty is not set (None), `true`/`false`, numbers; a
    list stays its text (`14, 16`), as the comparison's notes show it."""
    if text in ("", "true", "false"):
        return None if text == "" else text == "true"
    return _number(text)


def _number(text: str) -> Any:
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return text


def _load(path: Path) -> dict[str, Any] | str:
    """The cache at `path` when it is in the form written here, else why not (a reason's key).
    Its size is checked before it is read; a symbolic link is not followed."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return "not_file"
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with open(os.open(path, flags), "rb") as handle:
            found = os.fstat(handle.fileno())
            if not stat.S_ISREG(found.st_mode):
                return "not_file"
            if found.st_size > MAX_CACHE_BYTES:
                return "too_large"
            raw = handle.read(MAX_CACHE_BYTES + 1)  # it may have grown since
    except OSError:
        return "not_file"
    if len(raw) > MAX_CACHE_BYTES:
        return "too_large"
    try:
        data = json.load(io.BytesIO(raw), parse_constant=_no_constant)
    except RecursionError:
        return "too_deep"
    except ValueError:  # not UTF-8, not JSON, NaN
        return "not_json"
    return _checked(data)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _checked(data: Any) -> dict[str, Any] | str:
    """`data` when it has exactly the form `write_cache` writes, else the reason's key."""
    if not isinstance(data, dict):
        return "shape"
    if type(data.get("format")) is not int or data["format"] != CACHE_FORMAT:
        return "old_format" if "figures" in data or "format" in data else "shape"
    key, files, coverage = data.get("key"), data.get("files"), data.get("coverage", "")
    if set(data) != {"format", "key", "coverage", "files"} or not _is_hex(key):
        return "shape"
    if not isinstance(files, dict) or not REQUIRED <= set(files) <= WRITTEN_FILES:
        return "shape"
    if not all(_is_hex(v) for v in files.values()):
        return "shape"
    number = isinstance(coverage, int | float) and not isinstance(coverage, bool)
    if coverage is not None and not (number and math.isfinite(coverage) and 0 <= coverage <= 100):
        return "shape"
    return data


def _is_hex(value: Any) -> bool:
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


def _notice(path: Path, reason: str, lang: str, **params: Any) -> str:
    why = translate(f"report.batch_cache_{reason}", lang, limit="1 MB", **params)
    return translate("report.batch_cache_ignored", lang, cache=path, reason=why)
