"""The rows of the big flat sheets of a workbook (trace, issues...) as worksheet XML, made column
by column, because no writer that makes a Python object per cell is fast enough.

Why: the trace of a 100,000-record submission has ~2 M cells. Measured on the project's machine
for a 230,000 × 9 table: openpyxl (normal sheet, then save) ~45 s, its write-only mode 19 s,
XlsxWriter's constant_memory mode 15 s, pyexcelerate 9.5 s, where pandas' `to_csv` takes 0.4 s.
So openpyxl writes the workbook with these sheets holding only their header (and their widths,
frozen pane, filter), and when the workbook is saved each one's `<sheetData>` is completed here
with rows made by bulk string operations over whole columns.

What is written (ECMA-376 Part 1, SpreadsheetML): `<row r>` (§18.3.1.73) of cells `<c r s t>`
(§18.3.1.4): text as an inline string, `t="inlineStr"` `<is><t>` (§18.3.1.53, §18.4.12), with
`xml:space="preserve"` when it starts or ends with white space: text is never a formula `<f>`;
numbers `t="n"` and booleans `t="b"` with their `<v>` (§18.3.1.96); a missing value is no cell
at all, or a cell with only its style `s` in a column with a number format; and the sheet's
`<dimension ref>` (§18.3.1.35). These are the bytes openpyxl writes for the same values (a test
compares them): text escaped as lxml does (`&`, `<`, `>`, carriage return; other characters
than ASCII as character references), the control characters XML forbids removed as openpyxl's
`ILLEGAL_CHARACTERS_RE` does, text cut at Excel's 32,767 characters, numbers as openpyxl's
`safe_string` (`%.16g`). Two differences: text such as `#N/A` stays text (openpyxl would store
an error cell), and U+FFFE, U+FFFF and lone surrogates, which XML forbids too, are removed
(openpyxl would fail).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat.strings import safe_string
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

TEXT_LIMIT = 32_767  # characters a cell holds
CHUNK_ROWS = 20_000  # rows made into XML at a time (memory stays flat)

# What each cell is; a missing value is OMIT.
OMIT, EMPTY, TEXT, SPACED, NUMBER, BOOLEAN = range(6)
_TYPE = {OMIT: "n", EMPTY: "inlineStr", TEXT: "inlineStr", SPACED: "inlineStr", NUMBER: "n",
         BOOLEAN: "b"}  # fmt: skip
_OPEN = {OMIT: "", EMPTY: "", TEXT: "<is><t>", SPACED: '<is><t xml:space="preserve">',
         NUMBER: "<v>", BOOLEAN: "<v>"}  # fmt: skip
_CLOSE = {OMIT: "</c>", EMPTY: "</c>", TEXT: "</t></is></c>", SPACED: "</t></is></c>",
          NUMBER: "</v></c>", BOOLEAN: "</v></c>"}  # fmt: skip
# The characters XML 1.0 forbids (its §2.2): the control characters of openpyxl's
# ILLEGAL_CHARACTERS_RE, then those beyond ASCII, which openpyxl fails on.
BEYOND_ASCII = re.compile("[\ud800-\udfff\ufffe\uffff]")
ILLEGAL = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|{BEYOND_ASCII.pattern}")
_ILLEGAL_BYTES = np.zeros(256, dtype=bool)  # the controls, but NUL, which joins texts here
_ILLEGAL_BYTES[[*range(0o1, 0o11), 0o13, 0o14, *range(0o16, 0o40)]] = True
_AFTER_NUL_SPACE = re.compile(r"\x00\s")  # `\s` is what `str.strip` strips
_SPACE_BYTES = np.zeros(256, dtype=bool)  # what `str.strip` strips, among ASCII characters
_SPACE_BYTES[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_MISSING = (type(None), type(pd.NaT), type(pd.NA))
_FLOATS = (float, np.float64, np.float32, np.float16)
_EXACT_INT = 2**53  # integers up to this are exact as floats, so `%.16g` is their digits


@dataclass(frozen=True)
class FlatRows:
    """The data rows (from row 2) of a flat sheet, ready to become XML: for each column, what
    each cell is (`OMIT`, `TEXT`...) and its text as it goes between the tags, and a cell
    carrying the column's number format (its style id is known only when the book is saved)."""

    sheet: Worksheet
    kinds: tuple[np.ndarray, ...]
    texts: tuple[np.ndarray, ...]
    styles: tuple[Cell | None, ...]

    @property
    def count(self) -> int:
        """How many data rows."""
        return len(self.kinds[0]) if self.kinds else 0

    def xml(self) -> Iterator[bytes]:
        """The `<row>` elements, a chunk of rows at a time."""
        columns = [get_column_letter(c + 1) for c in range(len(self.kinds))]
        styles = [f' s="{s.style_id}"' if s is not None else "" for s in self.styles]
        opens = [_parts({k: f'<c r="{col}' for k in _TYPE}, style) for col, style
                 in zip(columns, self.styles, strict=True)]  # fmt: skip
        mids = [_parts({k: f'"{s} t="{_TYPE[k]}">{_OPEN[k]}' for k in _TYPE}, cell)
                for s, cell in zip(styles, self.styles, strict=True)]  # fmt: skip
        closes = [_parts(_CLOSE, cell) for cell in self.styles]
        for start in range(0, self.count, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, self.count)
            numbers = np.array(list(map(str, range(start + 2, stop + 2))), dtype=object)
            block = np.empty((stop - start, 4 + 5 * len(columns)), dtype=object)
            block[:, 0], block[:, 1], block[:, 2] = '<row r="', numbers, '">'
            block[:, -1] = "</row>"
            for c, (kinds, texts) in enumerate(zip(self.kinds, self.texts, strict=True)):
                kind = kinds[start:stop]
                block[:, 3 + 5 * c] = opens[c][kind]
                omitted = self.styles[c] is None and (kind == OMIT).any()
                block[:, 4 + 5 * c] = np.where(kind == OMIT, "", numbers) if omitted else numbers
                block[:, 5 + 5 * c] = mids[c][kind]
                block[:, 6 + 5 * c] = texts[start:stop]
                block[:, 7 + 5 * c] = closes[c][kind]
            yield "".join(block.ravel().tolist()).encode("ascii")  # texts: `_texts`

    def size_bound(self) -> int:
        """Bytes the XML can take at most (a character is at most 10 bytes: `&#1114111;`)."""
        cells = self.count * len(self.kinds)
        text = sum(int(sum(map(len, t.tolist()))) for t in self.texts)
        return 30 * self.count + 90 * cells + 10 * text


def _parts(by_kind: Mapping[int, str], style: Cell | None) -> np.ndarray:
    """A part of the cell for each kind, as an array to index with the kinds of a column; a
    missing value without a style has no cell at all."""
    parts = np.array([by_kind[k] for k in sorted(by_kind)], dtype=object)
    if style is None:
        parts[OMIT] = ""
    return parts


def flat_rows(
    sheet: Worksheet, frame: pd.DataFrame, columns: Sequence[str], formats: Mapping[str, str]
) -> FlatRows | None:
    """The rows of `frame` (which has `columns`) for `sheet`, or None when a value is of a type
    not written here (dates, bytes...: the caller lets openpyxl write the sheet)."""
    kinds, texts, styles = [], [], []
    for n, name in enumerate(columns, start=1):
        found = _column(frame[name])
        if found is None:
            return None
        kinds.append(found[0])
        texts.append(found[1])
        style = None
        if name in formats:
            style = Cell(sheet, row=2, column=n)
            style.number_format = formats[name]
        styles.append(style)
    return FlatRows(sheet, tuple(kinds), tuple(texts), tuple(styles))


def _column(column: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """What each cell of a column is and its text between the tags; None if a type is unknown."""
    values = column.astype(object).to_numpy()
    kinds = np.full(len(values), OMIT, dtype=np.intp)
    texts = np.full(len(values), "", dtype=object)
    types = list(map(type, values))
    found = {kind: n for n, kind in enumerate(dict.fromkeys(types))}
    if len(found) == 1:  # the usual column: one type throughout
        groups: list[tuple[type, slice | np.ndarray]] = [(types[0], slice(None))]
    else:  # types numbered, not compared in numpy: a class such as Timestamp is no plain operand
        codes = np.fromiter(map(found.__getitem__, types), dtype=np.intp, count=len(types))
        groups = [(kind, np.flatnonzero(codes == code)) for kind, code in found.items()]
    for kind, where in groups:
        converted = _of_type(kind, values[where])
        if converted is None:
            return None
        kinds[where], texts[where] = converted
    return kinds, texts


def _of_type(kind: type, values: np.ndarray) -> tuple[np.ndarray | int, np.ndarray | str] | None:
    """Kinds and texts of values all of the type `kind`, as openpyxl would write them."""
    if kind in _MISSING:
        return OMIT, ""
    if kind in _FLOATS:
        numbers = values.astype(np.float64)
        return np.where(np.isnan(numbers), OMIT, NUMBER), _number_texts(numbers)
    if kind is bool or kind is np.bool_:
        return BOOLEAN, np.where(values.astype(bool), "1", "0").astype(object)
    if kind is int or issubclass(kind, np.integer):
        try:
            return NUMBER, _number_texts(values.astype(np.int64))
        except OverflowError:
            return NUMBER, np.array([safe_string(v) for v in values], dtype=object)
    if kind is Decimal:
        return NUMBER, np.array([safe_string(v) for v in values], dtype=object)
    if kind is str:
        return _texts(values)
    if issubclass(kind, str):  # numpy's str_...
        return _texts(np.array([str(v) for v in values], dtype=object))
    if issubclass(kind, list | tuple):  # as `plain` joins them
        return _texts(np.array(["; ".join(str(v) for v in value) for value in values], object))
    return None


def _number_texts(numbers: np.ndarray) -> np.ndarray:
    """`safe_string` of each number: whole numbers up to 2**53 (exact as floats, so `%.16g`
    gives their digits) converted by numpy, the others (fractions, -0, inf, NaN) one by one."""
    texts = np.full(len(numbers), "", dtype=object)
    with np.errstate(invalid="ignore"):
        whole = (np.floor(numbers) == numbers) & (np.abs(numbers) <= _EXACT_INT)
    whole &= ~((numbers == 0) & np.signbit(numbers))  # -0.0 is "-0"
    # Each distinct number converted once: row numbers repeat (numpy's own `astype(str)` is
    # slower than Python's `str`).
    distinct, where = np.unique(numbers[whole].astype(np.int64), return_inverse=True)
    texts[whole] = np.array(list(map(str, distinct.tolist())), dtype=object)[where]
    texts[~whole] = [safe_string(v) for v in numbers[~whole].tolist()]
    return texts


def _texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kinds and escaped texts of text cells; a column repeating few texts does each once."""
    if len(values) > 1000 and len(set(values[:1000].tolist())) < 500:
        codes, distinct = pd.factorize(values)
        kinds, texts = _distinct_texts(np.asarray(distinct, dtype=object))
        return kinds[codes], texts[codes]
    return _distinct_texts(values)


def _distinct_texts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kinds and escaped texts of text cells. The texts are joined by NUL, which a cleaned text
    can't hold, so that each check and each replacement is one pass over one long string (or
    its UTF-8 bytes, with numpy): in it every text but the first starts right after a NUL and
    every text but the last ends right before one."""
    texts = values.tolist()
    joined = "\x00".join(texts)
    raw = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    changed = bool(_ILLEGAL_BYTES[raw].any()) or int((raw == 0).sum()) != len(texts) - 1
    changed = changed or (not joined.isascii() and BEYOND_ASCII.search(joined) is not None)
    if changed:
        texts = [ILLEGAL.sub("", v) for v in texts]
    if len(joined) > TEXT_LIMIT and max(map(len, texts)) > TEXT_LIMIT:
        texts, changed = [v[:TEXT_LIMIT] for v in texts], True
    if changed:
        joined = "\x00".join(texts)
        raw = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    kinds = np.full(len(texts), TEXT, dtype=np.intp)
    if _edge_spaces(joined, raw):
        kinds[np.array([v.strip() != v for v in texts], dtype=bool)] = SPACED
    if not joined or joined[0] == "\x00" or joined[-1] == "\x00" or "\x00\x00" in joined:
        kinds[np.array([not v for v in texts], dtype=bool)] = EMPTY
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        if char in joined:
            joined, changed = joined.replace(char, entity), True
    if not joined.isascii():  # as lxml writes them; and the rows stay plain ASCII text
        joined, changed = joined.encode("ascii", "xmlcharrefreplace").decode("ascii"), True
    return kinds, np.array(joined.split("\x00"), dtype=object) if changed else values


def _edge_spaces(joined: str, raw: np.ndarray) -> bool:
    """Whether a text of `joined` starts or ends with what `str.strip` strips."""
    if not joined.isascii():
        return bool(_AFTER_NUL_SPACE.search(joined) or _AFTER_NUL_SPACE.search(joined[::-1])
                    or joined[0].isspace() or joined[-1].isspace())  # fmt: skip
    if not len(raw):
        return False
    spaces, nuls = _SPACE_BYTES[raw], raw == 0
    return bool(spaces[0] or spaces[-1] or (nuls[:-1] & spaces[1:]).any()
                or (spaces[:-1] & nuls[1:]).any())  # fmt: skip


def complete_part(part: bytes, rows: FlatRows) -> tuple[bytes, Iterator[bytes], bytes]:
    """A worksheet part openpyxl wrote with the header row only, cut where the rows go: the part
    up to them (its `<dimension>` made to cover them), the rows, and the rest of the part."""
    last = get_column_letter(len(rows.kinds))
    header_only = f'<dimension ref="A1:{last}1"/>'.encode()
    assert part.count(header_only) == 1, "a flat sheet's part holds its header row only"
    part = part.replace(header_only, f'<dimension ref="A1:{last}{rows.count + 1}"/>'.encode())
    cut = part.index(b"</sheetData>")
    return part[:cut], rows.xml(), part[cut:]


def needs_zip64(part: bytes, rows: FlatRows) -> bool:
    """Whether the completed part may pass the size of a zip member without ZIP64 extensions
    (decided as `zipfile` does for a member of known size, from an upper bound)."""
    return (len(part) + rows.size_bound()) * 1.05 > zipfile.ZIP64_LIMIT
