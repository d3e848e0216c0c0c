"""Writing files safely: atomic replacement, and text a spreadsheet will not run as a formula."""

from __future__ import annotations

import contextlib
from pathlib import Path

from jjindicators.i18n import ENGLISH
from jjindicators.outputs import atomic_file

# A cell starting with one of these may be run as a formula by Excel or LibreOffice
# (`collation.md`, "Data protection": formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will show, never evaluate: `=1+1` → `'=1+1`.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("plain")
    'plain'
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def atomic_path(target: Path, lang: str = ENGLISH) -> contextlib.AbstractContextManager[Path]:
    """A temporary path in a private folder beside `target`, renamed onto it only when the block
    succeeds (`outputs.atomic_file`).

    An interrupted or failed write leaves the old file (if any), no partial file and no
    temporary; a write that fails is an `OutputError` naming `target` and the cause.
    """
    return atomic_file(target, lang)
