"""Look inside an .xlsx before python-calamine opens it: sizes, entities, sheet extents, bad cells.

A workbook is a zip of XML parts, and a hostile or broken one can exhaust memory: a zip bomb (a
tiny file that unpacks to gigabytes), an XML entity bomb ("billion laughs"), or a sheet with one
cell in A1 and one in XFD1048576, which calamine would try to hold as 17 billion cells (it aborts
the whole process). So the zip's central directory is checked first, then each part's opening
bytes, then every worksheet is streamed once, in bounded chunks, to find the extent of its cells,
before calamine sees the file (`docs/rules.md`, "Hostile and broken files").

The same pass finds what calamine reads as blank but is not: Excel error cells (`#REF!`, `#N/A`)
and formulas saved without their result.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from jjindicators.catalogue import Code
from jjindicators.issue_params import Phrase
from jjindicators.issues import Issue, Where, make_issue

MB = 1024 * 1024
# What a file could not be read as (`file-unreadable`).
WORKBOOK, CSV = Phrase("phrase.read_kind_workbook"), Phrase("phrase.read_kind_csv")


@dataclass(frozen=True)
class ReadLimits:
    """How large an input may be before it is refused unread (`ValidateOptions` sets them).

    A workbook may unpack to `unzip_factor` times `max_file_mb`, and no part of it may pack more
    tightly than `max_zip_ratio` to 1 (real workbooks stay far below; Apache POI uses 100 too).
    """

    max_file_mb: float = 200
    max_rows: int = 2_000_000
    max_cells: int = 20_000_000
    max_zip_ratio: int = 100
    unzip_factor: int = 10

    @property
    def max_unzipped_mb(self) -> float:
        """The most a workbook's parts may unpack to, in MB."""
        return self.max_file_mb * self.unzip_factor


@dataclass
class SheetScan:
    """What streaming through one worksheet part found."""

    rows: int = 0  # extent of the cells that hold something, as calamine will hold them
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) → "#REF!"
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # saved without a result


CHUNK = 4 * MB
HEAD = 64 * 1024  # the prolog (where a DOCTYPE must be) of a part is looked for in its start
_KEEP = 100  # error cells and uncalculated formulas remembered per sheet (enough to report)
_GRACE = MB  # parts smaller than this may pack as tightly as they like
_ATTRS = rb"""((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
_NS = rb"(?:[\w.-]+:)?"
# A cell that holds something (not self-closing: `<c r="A5" s="1"/>` is only formatting).
_CELL = re.compile(rb"<" + _NS + rb"c" + _ATTRS + rb"\s*>")
_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>')
_REF = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([A-Za-z]{1,4})(\d{1,9})["']""")
_ROW_REF = re.compile(rb"<" + _NS + rb"""row\s[^>]*?(?<![\w:.-])r\s*=\s*["'](\d{1,9})["']""")
_ROW = re.compile(rb"<" + _NS + rb"row[\s/>]")
_ERROR_TYPE = re.compile(rb"""(?<![\w:.-])t\s*=\s*["']e["']""")
_ERROR_CELL = re.compile(
    rb"<" + _NS + rb"c(?=\s[^>]*?" + _ERROR_TYPE.pattern + rb")" + _ATTRS
    + rb"\s*>(.*?)</" + _NS + rb"c>", re.DOTALL
)  # fmt: skip
_TEXT_TYPE = re.compile(rb"""(?<![\w:.-])t\s*=\s*["']str["']""")
_VALUE = re.compile(rb"<" + _NS + rb"v>([^<]{0,40})</" + _NS + rb"v>")
_UNCACHED = re.compile(
    rb"<" + _NS + rb"c" + _ATTRS + rb"\s*>\s*<" + _NS + rb"f\b"
    + rb"""(?:[^>"']|"[^"]*"|'[^']*')*(?:/>|>([^<]*)</""" + _NS + rb"f>)\s*"
    + rb"(<" + _NS + rb"v\s*/>|<" + _NS + rb"v>\s*</" + _NS + rb"v>)?\s*</" + _NS + rb"c>"
)  # fmt: skip
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column_number(letters: bytes) -> int:
    """`A` → 1, `AB` → 28 (Excel's column numbers)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


# What zipfile and zlib raise for a damaged archive, an unknown compression method (deflate64,
# AES) or an entry encrypted by the zip tool.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, zlib.error)  # fmt: skip


# The guard's scan in steps, so that reading can follow it sheet by sheet (`read/parallel_scan.py`):
# ("parts", [(sheet, part), ...], unambiguous) once the zip passed its checks, then
# ("sheet", sheet, SheetScan) for each worksheet part scanned, and last ("done",) or
# ("refused", [issues]) (then nothing else must open the file).
Step = tuple[Any, ...]


def scan_workbook(
    path: str, display: str, limits: ReadLimits
) -> tuple[dict[str, SheetScan], list[Issue]]:
    """Check a workbook's zip before it is read; its sheets' scans by sheet name, or the issues
    that refuse it (then nothing else must open the file)."""
    scans: dict[str, SheetScan] = {}
    for step in scan_steps(path, display, limits):
        if step[0] == "sheet":
            scans[step[1]] = step[2]
        elif step[0] == "refused":
            return {}, step[1]
    return scans, []


def scan_steps(path: str, display: str, limits: ReadLimits) -> Iterator[Step]:
    """The scan of `scan_workbook`, step by step (see `Step`); the same steps every time."""
    where = Where(file=display)
    try:
        with zipfile.ZipFile(path) as archive:
            refused = _check_archive(archive, display, limits)
            if refused:
                yield ("refused", refused)
                return
            yield from _scan_sheets(archive, display, limits)
    except _DAMAGED as exc:
        detail = Phrase.of("phrase.read_damaged_zip", error=str(exc))
        issue = make_issue(Code.FILE_UNREADABLE, where, kind=WORKBOOK, detail=detail)
        yield ("refused", [issue])


def _check_archive(archive: zipfile.ZipFile, display: str, limits: ReadLimits) -> list[Issue]:
    """Refuse what is not a workbook, or would unpack to too much, from the directory alone."""
    where = Where(file=display)
    names = set(archive.namelist())
    if (
        "mimetype" in names
        and archive.getinfo("mimetype").file_size < 200
        and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    ):
        how = Phrase("phrase.read_how_ods_as_xlsx")
        kind = Phrase("phrase.read_type_ods_as_xlsx")
        return [make_issue(Code.FILE_TYPE_UNSUPPORTED, where, kind=kind, how=how)]
    if "[Content_Types].xml" not in names:
        detail = Phrase("phrase.read_zip_not_workbook")
        return [make_issue(Code.FILE_UNREADABLE, where, kind=WORKBOOK, detail=detail)]
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_mb * MB:
        limit = size_text(limits.max_unzipped_mb * MB)
        detail = Phrase.of("phrase.read_unzip_total", size=size_text(total), limit=limit)
        how = Phrase.of("phrase.read_unzip_raise", factor=limits.unzip_factor,
                        raised=f"{limits.max_file_mb * 2:g}")  # fmt: skip
        return [make_issue(Code.ZIP_BOMB, where, detail=detail, how=how)]
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _GRACE and ratio > limits.max_zip_ratio:
            detail = Phrase.of(
                "phrase.read_unzip_ratio", part=info.filename,
                packed=size_text(info.compress_size), size=size_text(info.file_size),
                ratio=f"{ratio:,.0f}", limit=limits.max_zip_ratio,
            )  # fmt: skip
            how = Phrase.of("phrase.read_ratio_raise", limit=limits.max_zip_ratio)
            return [make_issue(Code.ZIP_BOMB, where, detail=detail, how=how)]
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as part:
                head = part.read(HEAD)
            root = _ROOT.search(head)
            prolog = head if root is None else head[: root.start()]
            if _DECLARATION.search(prolog) or (root is None and len(head) == HEAD):
                return [make_issue(Code.XML_ENTITIES, where, part=info.filename)]
    return []


def size_text(size: float) -> str | Phrase:
    """A size in bytes for people: `820 bytes` (`phrase.read_bytes`), `2.7 KB`, `150 MB`,
    `1.2 GB`."""
    for unit, scale in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:,.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return Phrase.of("phrase.read_bytes", count=f"{size:,.0f}")


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, the zip part that holds it) in the workbook's order, from the workbook and
    its relationships."""
    book = _target(archive, "_rels/.rels", "officeDocument") or "xl/workbook.xml"
    folder, name = posixpath.split(book)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    try:
        sheets = ElementTree.fromstring(archive.read(book))
        rels = ElementTree.fromstring(archive.read(rels_name))
    except (KeyError, ElementTree.ParseError):
        return []
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_RELS)}
    parts = []
    for sheet in sheets.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
            target = targets.get(sheet.get(_R_ID))
            if target:
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(
                    folder, target
                )  # fmt: skip
                parts.append((str(sheet.get("name")), posixpath.normpath(joined)))
    return parts


def _target(archive: zipfile.ZipFile, rels_name: str, kind: str) -> str | None:
    try:
        rels = ElementTree.fromstring(archive.read(rels_name))
    except (KeyError, ElementTree.ParseError):
        return None
    for rel in rels.iter(_RELS):
        if rel.get("Type", "").endswith("/" + kind):
            return rel.get("Target", "").lstrip("/")
    return None


def _scan_sheets(archive: zipfile.ZipFile, display: str, limits: ReadLimits) -> Iterator[Step]:
    """Stream every worksheet part once; refuse the file if one would be too large to hold."""
    names = set(archive.namelist())
    listed = [(name, part) for name, part in _sheet_parts(archive) if part in names]
    parts = dict(listed)
    # A sheet may be read before the others are scanned only when each name and each part
    # occurs once (a crafted workbook could otherwise make calamine read a part not yet scanned).
    unambiguous = len(parts) == len(listed) == len(set(parts.values()))
    yield ("parts", listed, unambiguous)
    # Parts under xl/worksheets/ are scanned even when the workbook does not name them, so that
    # a part the relationships hide cannot slip past the size check.
    by_part = {part: name for name, part in parts.items()}
    extra = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    # The sheets smallest first, so that reading can start early (`read/parallel_scan.py`); then
    # the rest.
    named = sorted(dict.fromkeys(parts.values()), key=lambda p: archive.getinfo(p).file_size)
    for part in dict.fromkeys([*named, *extra]):
        sheet = by_part.get(part, part)
        scan = _scan_part(archive, part, limits)
        problem = _too_large(scan, limits)
        if problem:
            what, limit, option = problem
            where = Where(file=display, sheet=sheet)
            yield ("refused", [make_issue(Code.SHEET_TOO_LARGE, where, sheet=sheet, what=what,
                                          limit=limit, option=option)])  # fmt: skip
            return
        yield ("sheet", sheet, scan)
    yield ("done",)


def _too_large(scan: SheetScan, limits: ReadLimits) -> tuple[Phrase, Phrase, str] | None:
    if scan.rows > limits.max_rows:
        return rows_text(scan.rows), rows_text(limits.max_rows), "--max-rows"
    if scan.rows * scan.columns > limits.max_cells:
        cells = f"{scan.rows * scan.columns:,}"
        what = Phrase.of("phrase.read_rows_columns_cells", rows=f"{scan.rows:,}",
                         columns=f"{scan.columns:,}", cells=cells)  # fmt: skip
        return what, cells_text(limits.max_cells), "--max-cells"
    return None


def rows_text(rows: int) -> Phrase:
    """`1,234 rows`, in the reader's language."""
    return Phrase.of("phrase.read_rows", rows=f"{rows:,}")


def cells_text(cells: int) -> Phrase:
    """`1,234 cells`, in the reader's language."""
    return Phrase.of("phrase.read_cells", cells=f"{cells:,}")


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in chunks that end after a row (or a tag), so no cell is cut in two. The
    first is small: it holds the header row, measured cell by cell, whose width then bounds the
    later chunks (`_likely_box`)."""
    carry = b""
    with archive.open(part) as stream:
        size = HEAD
        while data := stream.read(size):
            size = CHUNK
            data = carry + data
            cut = data.rfind(b"</row>") + 6
            if cut < 6:
                cut = data.rfind(b">") + 1 or len(data)
            yield data[:cut]
            carry = data[cut:]
    if carry:
        yield carry


def _scan_part(archive: zipfile.ZipFile, part: str, limits: ReadLimits) -> SheetScan:
    """The extent of a worksheet's cells that hold something, its error cells and formulas
    without results, found with byte patterns (no XML parser: nothing is expanded or built)."""
    scan = SheetScan()
    low_row = low_col = 1 << 40
    high_row = high_col = unnumbered = 0
    declared = _declared_box(archive, part)
    for chunk in _chunks(archive, part):
        box = _likely_box(chunk, declared, high_col, limits)
        plain = _plain(chunk)
        if (
            box is not None
            and plain
            and not _outside(*box).search(chunk)
            and not _PREFIXED_CELL.search(chunk)
        ):
            # Every cell is written Excel's way and lies between A1 and the box's corner: the box
            # bounds them all without reading each reference (a million rows: issue #6).
            low_row, low_col = min(low_row, 1), min(low_col, 1)
            high_row, high_col = max(high_row, box[1]), max(high_col, box[0])
            _problem_cells(chunk, scan)
            continue
        refs = _FAST_CELL.findall(chunk) if plain else None
        if refs is None or len(refs) != chunk.count(b"</c>") + chunk.count(b":c>"):
            attrs = _CELL.findall(chunk)  # anything else: attributes in any order, prefixes
            refs = _REF.findall(b"\x00".join(attrs))
            unnumbered += len(attrs) - len(refs)
        if refs:
            rows = [int(r) for _, r in refs]
            columns = [column_number(c) for c in {c for c, _ in refs}]
            low_row, high_row = min(low_row, min(rows)), max(high_row, max(rows))
            low_col, high_col = min(low_col, min(columns)), max(high_col, max(columns))
        _problem_cells(chunk, scan)
    if unnumbered:  # cells without `r` are placed by counting: bound them by the counts
        rows_given, rows_counted = 0, 0
        for chunk in _chunks(archive, part):
            numbered = _ROW_REF.findall(chunk)
            rows_counted += len(_ROW.findall(chunk)) - len(numbered)
            rows_given = max(rows_given, *(int(r) for r in numbered), 0)
        high_row = max(high_row, rows_given) + rows_counted
        high_col += unnumbered
        low_row, low_col = min(low_row, 1), min(low_col, 1)
    if high_row:
        scan.rows = high_row - low_row + 1
        scan.columns = high_col - low_col + 1
    return scan


def _problem_cells(chunk: bytes, scan: SheetScan) -> None:
    if b'"e"' in chunk or b"'e'" in chunk:
        _errors(chunk, scan)
    if b"<f" in chunk or b":f" in chunk:
        _uncached(chunk, scan)


_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}\d{1,7}:)?([A-Z]{1,3})(\d{1,7})"')
_LAST_ROW = re.compile(rb'<row r="(\d{1,7})"')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # `<x:c ...>`: a cell with a namespace prefix


def _declared_box(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The (last column, last row) a sheet declares in its `<dimension>`, which Excel,
    LibreOffice and most libraries write; (0, 0) without one."""
    with archive.open(part) as stream:
        found = _DIMENSION.search(stream.read(HEAD))
    return (column_number(found[1]), int(found[2])) if found else (0, 0)


def _likely_box(
    chunk: bytes, declared: tuple[int, int], columns: int, limits: ReadLimits
) -> tuple[int, int] | None:
    """A box that likely holds every cell of the chunk: the declared one, widened to the columns
    measured so far (the header row comes first) and the chunk's last row; None before any
    column is known, or when the box itself is beyond the limits (then the chunk is measured
    cell by cell, so that a refusal gives the exact extent)."""
    start = chunk.rfind(b'<row r="')
    last = _LAST_ROW.match(chunk, start) if start >= 0 else None
    box = (max(declared[0], columns), max(declared[1], int(last[1]) if last else 0))
    if not box[0] or not box[1] or box[1] > limits.max_rows or box[0] * box[1] > limits.max_cells:
        return None
    return box


def _outside(columns: int, rows: int) -> re.Pattern[bytes]:
    """A pattern that finds any cell not written as `<c r="B12"` with B12 within A1 and
    (`columns`, `rows`): a cell written otherwise, or lying beyond. Where it finds nothing, every
    cell of the chunk is inside the box."""
    beyond_column = _greater(_letters(columns), b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)
    beyond_row = _greater(str(rows).encode(), b"0123456789", 9)
    # One literal start, `<c`, lets the regex engine skip to each cell quickly.
    return re.compile(
        rb'<c(?:(?=[\s/>])(?! r=")| r="(?:(?![A-Z]{1,3}\d{1,7}")|(?:' + beyond_column
        + rb")\d|[A-Z]{1,3}(?:" + beyond_row + rb')"))'
    )  # fmt: skip


def _letters(number: int) -> bytes:
    """28 → `AB` (the inverse of `column_number`)."""
    letters = b""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def _greater(text: bytes, alphabet: bytes, longest: int) -> bytes:
    """A pattern for the words over `alphabet` (in its order) of at most `longest` symbols that
    come after `text` when shorter words come first: longer ones, or as long and larger."""

    def one_of(symbols: bytes) -> bytes:
        return b"[" + b"".join(re.escape(bytes([c])) for c in symbols) + b"]"

    options = []
    if len(text) < longest:
        options.append(one_of(alphabet) + b"{%d,%d}" % (len(text) + 1, longest))
    for i, symbol in enumerate(text):
        larger = alphabet[alphabet.index(symbol) + 1 :]
        if larger:
            rest = len(text) - i - 1
            tail = one_of(alphabet) + b"{%d}" % rest if rest else b""
            options.append(re.escape(text[:i]) + one_of(larger) + tail)
    return b"|".join(options) or b"(?!)"


def _plain(chunk: bytes) -> bool:
    """True when every `<c r="...">` in the chunk is a cell's start tag whose end is in the chunk
    too: no comment, CDATA or processing instruction (where such text is not markup), and whole
    rows. Then counting the cells' end tags tells whether the fast pattern found every cell."""
    whole = chunk.endswith(b"</row>") or b"</sheetData>" in chunk or b":sheetData>" in chunk
    return whole and b"<!" not in chunk and chunk.find(b"<?", 1) < 0


def _position(attrs: bytes) -> tuple[int, int] | None:
    ref = _REF.search(attrs)
    return (int(ref[2]) - 1, column_number(ref[1]) - 1) if ref else None


def _errors(chunk: bytes, scan: SheetScan) -> None:
    for match in _ERROR_CELL.finditer(chunk):
        if len(scan.errors) >= _KEEP:
            return
        at = _position(match[1])  # the lookahead found `t="e"` among the attributes
        value = _VALUE.search(match[2])
        if at is not None:
            scan.errors[at] = value[1].decode("utf-8", "replace") if value else "#ERROR"


def _uncached(chunk: bytes, scan: SheetScan) -> None:
    for match in _UNCACHED.finditer(chunk):
        if len(scan.formulas) >= _KEEP:
            return
        if match[3] and _TEXT_TYPE.search(match[1]):
            continue  # a text formula whose result is the empty string: a real, blank result
        at = _position(match[1])
        if at is not None:
            formula = (match[2] or b"").decode("utf-8", "replace").strip()[:200]
            scan.formulas[at] = "=" + formula if formula else "a shared formula"
