"""Text safe to write: never run as a formula by a spreadsheet, no control characters."""

from __future__ import annotations

import re

# Characters that data must never carry into what jjind writes or prints: the C0 controls (ESC
# starts a terminal's escape sequences, NUL ends a string in C programs, Excel's files refuse
# them), DEL and the C1 controls (U+009B is a terminal's `ESC [` in one character). A file keeps
# tab and line ends (a CSV cell may hold them, quoted); a screen keeps tab and line feed only,
# and loses the carriage return (it rewrites the line) and the Unicode controls that reorder text
# (bidi overrides, the "Trojan source" characters) too. The data themselves are never changed:
# only what a renderer writes (`docs/rules.md`, "Hostile and broken files").
_IN_FILES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ON_SCREEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What JSON text may still hold once `json` has escaped the C0 controls: DEL, C1 and bidi controls.
_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _written_out(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, screen: bool = False) -> str:
    """`text` with each control character written out as its code (`\\x1b`, `\\x00`), for a file
    or, with `screen`, a terminal; the same string when it holds none.

    >>> printable("K1\\x1b[31m\\x00"), printable("a\\tb\\r\\n"), printable("a\\r", screen=True)
    ('K1\\\\x1b[31m\\\\x00', 'a\\tb\\r\\n', 'a\\\\x0d')
    """
    pattern = _ON_SCREEN if screen else _IN_FILES
    return text if pattern.search(text) is None else pattern.sub(_written_out, text)


def json_escaped(text: str) -> str:
    """JSON text with the controls `json` leaves as they are (DEL, C1, bidi) escaped as `\\uXXXX`,
    so that no terminal acts on them; they can only be inside strings.

    >>> json_escaped('"a\u009b"')
    '"a\\\\u009b"'
    """
    return _IN_JSON.sub(lambda c: f"\\u{ord(c[0]):04x}", text)


def printable_all(texts: list[str]) -> list[str]:
    """`printable` of each text, looked for in all of them joined first (a column of a million
    cells costs one search).

    >>> printable_all(["a", "b\\x00"])
    ['a', 'b\\\\x00']
    """
    if _IN_FILES.search("".join(texts)) is None:
        return texts
    return [printable(text) for text in texts]


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
