"""Writing files safely: atomic replacement, and text a spreadsheet will not run as a formula."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only when the block succeeds.

    An interrupted or failed write leaves the old file (if any) untouched and no partial file.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    # mkstemp makes the file private (0600); give it the mode a normal new file would have.
    umask = os.umask(0)
    os.umask(umask)
    temp.chmod(0o666 & ~umask)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
