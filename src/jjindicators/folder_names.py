"""Folder names for a batch's countries: safe on every file system, bounded in bytes, unique."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from jjindicators.forms.types import normalise_token

# A folder's name is at most this many bytes (UTF-8): file systems allow 255 for a name; the rest
# leaves room for a `-2` suffix and the temporary names of an atomic write (`Ruritania.tmp-…`).
MAX_NAME_BYTES = 200
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}  # fmt: skip


def folder_name(country: str, fallback: str) -> str:
    """A safe folder name for a country: letters, digits, their accents (combining marks), `-`
    and `_` only, never hidden, never a reserved device name, at most 80 characters and
    `MAX_NAME_BYTES` bytes in UTF-8 (cut between characters, an accent kept with its letter);
    the fallback (the input's stem) when nothing is left.

    >>> folder_name("Côte d'Ivoire", "x"), folder_name("../..", "ruritania-2025")
    ('Côte-d-Ivoire', 'ruritania-2025')
    >>> len(folder_name("\U00020000" * 80, "x").encode())  # 80 characters of 4 bytes
    200
    """
    for text in (country, fallback, "submission"):
        name = _safe(unicodedata.normalize("NFKC", text or "")).strip("-_")
        name = _cut(name, MAX_NAME_BYTES).rstrip("-_")
        if name and name.upper() not in _RESERVED:
            return name
    return "submission"


def _safe(text: str) -> str:
    """Each run of characters other than letters, digits, `-` and `_` as one `-`; a combining
    mark stays when it follows a letter or digit (or a mark of one), as part of that letter."""
    kept: list[str] = []
    for char in text:
        mark = unicodedata.category(char).startswith("M") and kept and kept[-1] not in "-_\0"
        kept.append(char if char.isalnum() or char in "-_" or mark else "\0")
    return re.sub("\0+", "-", "".join(kept))


def _cut(name: str, limit: int, chars: int = 80) -> str:
    """The longest start of `name` of at most `limit` bytes in UTF-8 and `chars` characters that
    ends between two characters, never between a letter and its combining marks."""
    if len(name) <= chars and len(name.encode()) <= limit:
        return name
    end, size = 0, 0
    for i, char in enumerate(name[: chars + 1]):
        size += len(char.encode())
        if size > limit or i >= chars:
            break
        if i + 1 < len(name) and not unicodedata.category(name[i + 1]).startswith("M"):
            end = i + 1
    return name[:end]


def numbered(base: str, n: int) -> str:
    """`base-n`, `base` cut so that the whole stays within `MAX_NAME_BYTES`.

    >>> numbered("Ruritania", 2)
    'Ruritania-2'
    """
    return suffixed(base, str(n))


def suffixed(base: str, suffix: str) -> str:
    """`base-suffix` (a suffix of ASCII letters, digits, `-` and `_`), `base` cut so that the
    whole stays within `MAX_NAME_BYTES`.

    >>> suffixed("Ruritania", period_label("2025-01-01", "2025-12-31"))
    'Ruritania-2025'
    """
    return _cut(base, MAX_NAME_BYTES - len(suffix) - 1).rstrip("-_") + "-" + suffix


def period_label(start: str, end: str) -> str:
    """A reporting period as a series names it (its folder, its point on a chart): the year when
    it is a whole calendar year, else `<start>_<end>` in ISO dates (`docs/rules.md`, "Series").

    >>> period_label("2025-01-01", "2025-12-31"), period_label("2024-07-01", "2025-06-30")
    ('2025', '2024-07-01_2025-06-30')
    """
    if start[:4] == end[:4] and start[4:] == "-01-01" and end[4:] == "-12-31":
        return start[:4]
    return f"{start}_{end}"


def batch_names(submissions: Sequence[tuple[str, str, tuple[str, str] | None]]) -> list[str]:
    """The folder of each of a batch's submissions, given as (country, fallback, period), in
    order (`docs/rules.md`, "Batch"): `folder_name`; `<name>-<period>` (`period_label`) for a
    country with submissions of several periods (countries compared ignoring case and spacing,
    as `submissions` groups files); then `-2`, `-3` for a name taken before, compared as a
    case-insensitive file system would.

    >>> batch_names([("Ruritania", "a", ("2024-01-01", "2024-12-31")),
    ...              ("Ruritania", "b", ("2025-01-01", "2025-12-31")),
    ...              ("Elbonia", "c", ("2025-01-01", "2025-12-31")), ("Elbonia", "d", None)])
    ['Ruritania-2024', 'Ruritania-2025', 'Elbonia', 'Elbonia-2']
    """
    periods: dict[str, set[tuple[str, str]]] = {}
    for country, _, period in submissions:
        if country and period:
            periods.setdefault(normalise_token(country), set()).add(period)
    taken: set[str] = set()
    names = []
    for country, fallback, period in submissions:
        base = folder_name(country, fallback)
        if country and period and len(periods[normalise_token(country)]) > 1:
            base = suffixed(base, period_label(*period))
        name, n = base, 2
        while name.casefold() in taken:
            name, n = numbered(base, n), n + 1
        taken.add(name.casefold())
        names.append(name)
    return names
