"""Make the corpus of hostile and broken inputs in tests/data/bad/ (`tests/test_bad_inputs.py`).

Run `python tests/data/bad/make_bad.py` from the repository root to write them again; the files are
committed, and each is small on disk (< 200 KB): the bombs are written through zipfile's streaming
writer, so that no gigabyte is ever held in memory or on disk. Whole-submission workbooks are the
worked example (`tests/data/worked-example/`) with one thing spoilt or made unusual. The workbook
with a million blank formatted rows is 8 MB on disk, too large to keep: the test makes it with
`blank_rows_book` into a temporary folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import struct
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = Path(__file__).parent
WORKED_EXAMPLE = HERE.parent / "worked-example"
LIMIT = 200 * 1024  # bytes on disk per file
NAMES = ["Alice Smith", "Bob Martin", "Chloé Dupont", "Diego Ruiz", "Emma Jones", "Farid Ali",
         "Grace Wu", "Hugo Leroy"]  # fmt: skip

Rows = list[dict[str, Any]]


# -- the worked example as a workbook ------------------------------------------------------------
def example_rows(form: str) -> Rows:
    """A worked-example form, cells typed as in Excel: dates as dates, whole numbers as numbers."""
    with (WORKED_EXAMPLE / f"{form}.csv").open(newline="", encoding="utf-8") as handle:
        return [{k: _typed(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _typed(value: str) -> Any:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return int(value) if value.isdigit() else value


FORMS = sorted(p.stem for p in WORKED_EXAMPLE.glob("*.csv"))


def example_book(
    path: Path,
    edit: Callable[[dict[str, Rows]], Any] | None = None,
    titles: Iterable[str] = (),
    header_row: int = 1,
    epoch: dt.datetime | None = None,
) -> openpyxl.Workbook:
    """The worked example as a workbook (one sheet per form, in `FORMS` order), changed by `edit`
    first; returned unsaved so that a case can change the sheets themselves."""
    sheets = {form: example_rows(form) for form in FORMS}
    if edit is not None:
        edit(sheets)
    book = openpyxl.Workbook()
    book.remove(book.active)
    if epoch is not None:
        book.epoch = epoch
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for i, title in enumerate(titles, start=1):
            sheet.cell(i, 1, title)
        header = list(dict.fromkeys(k for row in rows for k in row))
        for j, key in enumerate(header, start=1):
            sheet.cell(header_row, j, key)
        for i, row in enumerate(rows, start=header_row + 1):
            for j, key in enumerate(header, start=1):
                if row.get(key) is not None and row.get(key) != "":
                    sheet.cell(i, j, row[key])
    return book


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def sheet_part(form: str) -> str:
    """The zip part openpyxl writes a worked-example sheet to (sheets in `FORMS` order)."""
    return f"xl/worksheets/sheet{FORMS.index(form) + 1}.xml"


def rewrite(path: Path, parts: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Change some parts of a zip (a workbook) in place, keeping the others byte for byte."""
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            new.writestr(info, parts[info.filename](data) if info.filename in parts else data)
    return path


def patch_cells(path: Path, form: str, cells: dict[str, str]) -> Path:
    """Replace cells of a sheet by raw XML, e.g. a formula with its cached result, which openpyxl
    cannot write. Each cell must hold a value already (a placeholder)."""

    def change(xml: bytes) -> bytes:
        for ref, raw in cells.items():
            pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
            xml, count = re.subn(pattern, raw.encode(), xml, count=1)
            assert count == 1, ref
        return xml

    return rewrite(path, {sheet_part(form): change})


# -- minimal workbooks written part by part ------------------------------------------------------
_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/>{strings}</Types>'
)
_STRINGS_CT = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="arrests" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{strings}'
    "</Relationships>"
)
_STRINGS_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>source_id</t></is></c><c r="B1" t="inlineStr">'
    b'<is><t>sex</t></is></c><c r="C1" t="inlineStr"><is><t>arrest_date</t></is></c></row>'
)


def minimal_book(
    path: Path,
    sheet: Iterable[bytes],
    strings: bytes | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A one-sheet workbook (`arrests`) whose sheet XML is streamed from `sheet` in chunks."""
    more = strings is not None
    with zipfile.ZipFile(path, "w", compression, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", _CT.format(strings=_STRINGS_CT if more else ""))
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _BOOK)
        book.writestr("xl/_rels/workbook.xml.rels",
                      _BOOK_RELS.format(strings=_STRINGS_REL if more else ""))  # fmt: skip
        if strings is not None:
            book.writestr("xl/sharedStrings.xml", strings)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet:
                part.write(chunk)
    return path


def _one_huge_cell(megabytes: int) -> Iterator[bytes]:
    """A sheet whose one cell holds `megabytes` MB of `x`: a few bytes once packed."""
    yield SHEET_HEAD + HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    block = b"x" * (1024 * 1024)
    for _ in range(megabytes):
        yield block
    yield b"</t></is></c></row>" + SHEET_TAIL


_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(2, 10)
    )
    + b"]>"
)  # "billion laughs": lol9 expands to 10^9 "lol"s


# -- OLE2 compound files: an encrypted .xlsx and an old .xls -------------------------------------
def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (MS-CFB, version 3, 512-byte sectors) holding `streams`,
    each padded to 4096 bytes or more so that no mini stream is needed."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    datas = [data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0") for data in streams.values()]
    fat = [fat_sector, end]  # sector 0: the FAT; sector 1: the directory
    starts = []
    for data in datas:
        first = len(fat)
        count = len(data) // 512
        fat += [first + k + 1 for k in range(count - 1)] + [end]
        starts.append(first)
    assert len(fat) <= 128
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 0x1000,
                          end, 0, end, 0)  # fmt: skip
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int):
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", left, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", start, size))  # fmt: skip

    names = list(streams)
    directory = entry("Root Entry", 5, no_stream, no_stream, 1, end, 0)
    for i, (name, data) in enumerate(zip(names, datas, strict=True), start=1):
        right = i + 1 if i < len(names) else no_stream  # names sorted by length, then text
        directory += entry(name, 2, no_stream, right, no_stream, starts[i - 1], len(data))
    directory = directory.ljust(512, b"\0")
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat).ljust(512, b"\xff")
    return header + fat_bytes + directory + b"".join(datas)


# -- the cases -----------------------------------------------------------------------------------
def empty_csv(folder: Path) -> Path:
    path = folder / "empty" / "arrests.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"")
    return path


def empty_xlsx(folder: Path) -> Path:
    return save(openpyxl.Workbook(), folder / "empty.xlsx")  # one empty sheet, named "Sheet"


def zero_byte_xlsx(folder: Path) -> Path:
    path = folder / "zero-byte.xlsx"
    path.write_bytes(b"")
    return path


def text_renamed(folder: Path) -> Path:
    path = folder / "text-renamed.xlsx"
    path.write_text((WORKED_EXAMPLE / "arrests.csv").read_text(encoding="utf-8"), "utf-8")
    return path


def pdf_renamed(folder: Path) -> Path:
    path = folder / "pdf-renamed.xlsx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>"
                     b"\n%%EOF\n")  # fmt: skip
    return path


def truncated(folder: Path) -> Path:
    path = save(example_book(folder), folder / "truncated.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # the central directory is at the end: lost
    return path


def zip_bomb(folder: Path) -> Path:
    """A workbook whose sheet unpacks to 150 MB from about 150 KB (deflate's best is ~1030:1)."""
    return minimal_book(folder / "zip-bomb.xlsx", _one_huge_cell(150))


def zip_bomb_1gb(folder: Path) -> Path:
    """A workbook whose sheet unpacks to 1.2 GB from a few hundred bytes (bzip2, which zip allows
    and Excel never writes)."""
    return minimal_book(folder / "zip-bomb-1gb.xlsx", _one_huge_cell(1200), None,
                        zipfile.ZIP_BZIP2)  # fmt: skip


def sparse_bomb(folder: Path) -> Path:
    """Two cells, A2 and XFD1048576: 17 billion cells to a reader that holds the range."""
    cells = (b'<row r="2"><c r="A2"><v>1</v></c></row>'
             b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')  # fmt: skip
    return minimal_book(folder / "sparse-bomb.xlsx", [SHEET_HEAD, HEADER_ROW, cells, SHEET_TAIL])


def entities_in_sheet(folder: Path) -> Path:
    head = SHEET_HEAD.replace(b"?>", b"?>" + _LAUGHS, 1)
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return minimal_book(folder / "entities-sheet.xlsx", [head, HEADER_ROW, row, SHEET_TAIL])


def entities_in_strings(folder: Path) -> Path:
    strings = (b'<?xml version="1.0" encoding="UTF-8"?>' + _LAUGHS
               + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')  # fmt: skip
    row = b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return minimal_book(folder / "entities-strings.xlsx", [SHEET_HEAD, HEADER_ROW, row,
                                                           SHEET_TAIL], strings)  # fmt: skip


def password(folder: Path) -> Path:
    """What Excel saves with File > Info > Encrypt with Password: an OLE2 container holding the
    encrypted workbook (the content here is noise: only the container matters)."""
    path = folder / "password.xlsx"
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version='1.0'?><encryption/>"
    path.write_bytes(compound_file({"EncryptionInfo": info,
                                    "EncryptedPackage": bytes(range(256)) * 20}))  # fmt: skip
    return path


def _xls_bytes() -> bytes:
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006)
    return compound_file({"Workbook": bof + struct.pack("<HH", 0x000A, 0)})


def old_xls(folder: Path) -> Path:
    path = folder / "old.xls"
    path.write_bytes(_xls_bytes())
    return path


def xls_renamed(folder: Path) -> Path:
    path = folder / "xls-renamed.xlsx"
    path.write_bytes(_xls_bytes())
    return path


def _ods(path: Path) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:'
        'version="1.2"><office:body><office:spreadsheet><table:table table:name="arrests">'
        "<table:table-row><table:table-cell><text:p>source_id</text:p></table:table-cell>"
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
        'type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                      zipfile.ZIP_STORED)  # fmt: skip
        book.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods(folder: Path) -> Path:
    return _ods(folder / "book.ods")


def ods_renamed(folder: Path) -> Path:
    return _ods(folder / "ods-renamed.xlsx")


def hidden_sheets(folder: Path) -> Path:
    book = example_book(folder)
    book["sources"].sheet_state = "hidden"
    book["population"].sheet_state = "hidden"
    book["about"].sheet_state = "veryHidden"
    return save(book, folder / "hidden-sheets.xlsx")


def title_rows(folder: Path) -> Path:
    """Every table under a title on row 1 and a blank row 2: headers on row 3."""
    book = example_book(folder, titles=["Exampleland: juvenile justice data 2025"], header_row=3)
    return save(book, folder / "title-rows.xlsx")


def merged_headers(folder: Path) -> Path:
    """arrests under a two-row header: group titles merged across columns on row 1, the field
    names on row 2, and source_id and arrest_date merged down both rows."""
    book = example_book(folder, header_row=2)
    sheet = book["arrests"]
    sheet["A1"], sheet["B1"], sheet["F1"] = "source_id", "Child", "arrest_date"
    sheet["A2"], sheet["F2"] = None, None
    for cells in ("A1:A2", "B1:E1", "F1:F2"):
        sheet.merge_cells(cells)
    return save(book, folder / "merged-headers.xlsx")


def formulas(folder: Path) -> Path:
    """Formulas with their cached results (read, never calculated), and one saved without a
    result (as openpyxl and some exports write them)."""

    def placeholders(sheets: dict[str, Rows]) -> None:
        sheets["arrests"][2]["age"] = 0  # E4: K2, who has a date of birth

    path = save(example_book(folder, placeholders), folder / "formulas.xlsx")
    return patch_cells(path, "arrests", {
        "E8": '<c r="E8"><f>2025-2011</f><v>14</v></c>',  # POL2's child: age 14, cached
        "C3": '<c r="C3" t="str"><f>UPPER("m")</f><v>M</v></c>',  # text, cached
        "E4": '<c r="E4"><f>DATEDIF(D4,F4,"y")</f><v></v></c>',  # no cached result
        "A9": '<c r="A9" t="str"><f>"POL"&amp;2</f><v>POL2</v></c>',
    })  # fmt: skip


def error_cells(folder: Path) -> Path:
    def errors(sheets: dict[str, Rows]) -> None:
        sheets["arrests"][1]["sex"] = "#REF!"  # C3
        sheets["arrests"][2]["date_of_birth"] = "#N/A"  # D4

    book = example_book(folder, errors)
    book["arrests"]["C3"].data_type = "e"
    book["arrests"]["D4"].data_type = "e"
    return save(book, folder / "error-cells.xlsx")


def dates(folder: Path) -> Path:
    """Dates as unformatted Excel serials and as text (read), before 1900 as text and as a
    negative serial (refused), and in the future (refused)."""

    def change(sheets: dict[str, Rows]) -> None:
        arrests = sheets["arrests"]
        arrests[0]["arrest_date"] = 45691  # F2: 2025-02-03 as a bare serial number
        arrests[1]["date_of_birth"] = "2009-05-10"  # D3: text
        arrests[2]["date_of_birth"] = "1885-01-15"  # D4: text, before 1900
        arrests[3]["date_of_birth"] = dt.date(1899, 11, 30)  # D5: a negative serial
        arrests[7]["arrest_date"] = dt.date(2031, 8, 1)  # F9: after today

    return save(example_book(folder, change), folder / "dates.xlsx")


def dates_1904(folder: Path) -> Path:
    """The worked example saved in the 1904 date system (Excel for Mac's old default)."""
    return save(example_book(folder, epoch=CALENDAR_MAC_1904), folder / "dates-1904.xlsx")


def numbers_as_text(folder: Path) -> Path:
    def as_text(sheets: dict[str, Rows]) -> None:
        for row in sheets["arrests"]:
            if row["age"] is not None:
                row["age"] = f" {row['age']} "
        for row in sheets["population"]:
            row.update({k: f"{v:,}" for k, v in row.items() if isinstance(v, int)})

    return save(example_book(folder, as_text), folder / "numbers-as-text.xlsx")


def duplicate_headers(folder: Path) -> Path:
    def twice(sheets: dict[str, Rows]) -> None:
        sheets["arrests"] = [{**row, "Sex ": "U"} for row in sheets["arrests"]]

    return save(example_book(folder, twice), folder / "duplicate-headers.xlsx")


def names(folder: Path) -> Path:
    def add(sheets: dict[str, Rows]) -> None:
        for row, name in zip(sheets["arrests"], NAMES, strict=True):
            row["Name"] = name
        for row, name in zip(sheets["detention_census"], NAMES, strict=False):
            row["Full name"] = name

    return save(example_book(folder, add), folder / "names.xlsx")


def cp1252_csv(folder: Path) -> Path:
    path = folder / "cp1252" / "about.csv"
    path.parent.mkdir(exist_ok=True)
    text = (WORKED_EXAMPLE / "about.csv").read_text(encoding="utf-8")
    path.write_bytes(text.replace("Exampleland", "Côte d’Ivoire").encode("cp1252"))
    return path


def semicolon_csv(folder: Path) -> Path:
    path = folder / "semicolon" / "arrests.csv"
    path.parent.mkdir(exist_ok=True)
    text = (WORKED_EXAMPLE / "arrests.csv").read_text(encoding="utf-8")
    path.write_text(text.replace(",", ";"), encoding="utf-8")
    return path


def _spoilt_csv(folder: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """The worked example's arrests.csv, its bytes changed, in a folder of its own."""
    path = folder / name / "arrests.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(change((WORKED_EXAMPLE / "arrests.csv").read_bytes()))
    return path


def unclosed_quote_csv(folder: Path) -> Path:
    """A quote that opens cell B4 and is never closed: a CSV reader takes the 5 lines after it
    (rows 5 to 9) into that one cell."""
    return _spoilt_csv(folder, "unclosed-quote", lambda b: b.replace(b",K2,", b',"K2,', 1))


def nul_bytes_csv(folder: Path) -> Path:
    """A NUL byte in the child_ref of B4, as a damaged file has."""
    return _spoilt_csv(folder, "nul-bytes", lambda b: b.replace(b",K2,", b",K\x002,", 1))


def escape_codes_csv(folder: Path) -> Path:
    """Terminal escape sequences in the child_ref of B4: a title change and a screen clear."""
    sequence = b",K2\x1b]0;pwned\x07\x1b[2J\x1b[31m,"
    return _spoilt_csv(folder, "escape-codes", lambda b: b.replace(b",K2,", sequence, 1))


def wide_row(folder: Path) -> Path:
    """The worked example with a row of 50,000 more cells in arrests (beyond Excel's last
    column, XFD, 16,384), written without references as some programs do."""
    path = save(example_book(folder), folder / "wide-row.xlsx")
    extra = b"<c><v>1</v></c>" * 50_000
    return rewrite(path, {sheet_part("arrests"): lambda xml: _wide(xml, extra)})


def _wide(xml: bytes, extra: bytes) -> bytes:
    """The sheet with `extra` cells at the end of its fifth row (row 5)."""
    end = -1
    for _ in range(5):
        end = xml.index(b"</row>", end + 1)
    return xml[:end] + extra + xml[end:]


def population_1e26(folder: Path) -> Path:
    """A child population of 1e26, typed as a number (E3): more children than any country has."""

    def change(sheets: dict[str, Rows]) -> None:
        sheets["population"][1]["population"] = 1e26

    return save(example_book(folder, change), folder / "population-1e26.xlsx")


def blank_rows_book(path: Path, rows: int = 1_000_000) -> Path:
    """The worked example with a million blank but formatted rows below the arrests (as when a
    whole column is given a border): each row a styled cell with no value. 8 MB on disk."""
    save(example_book(path.parent), path)
    part = sheet_part("arrests")
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info, data in items:
            if info.filename != part:
                new.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with new.open(part, "w", force_zip64=True) as out:
                out.write(head)
                for start in range(10, rows + 10, 10_000):
                    out.write(b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i)
                                       for i in range(start, start + 10_000)))  # fmt: skip
                out.write(b"</sheetData>" + tail)
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "empty-csv": empty_csv,
    "empty-xlsx": empty_xlsx,
    "zero-byte": zero_byte_xlsx,
    "text-renamed": text_renamed,
    "pdf-renamed": pdf_renamed,
    "truncated": truncated,
    "zip-bomb": zip_bomb,
    "zip-bomb-1gb": zip_bomb_1gb,
    "sparse-bomb": sparse_bomb,
    "entities-sheet": entities_in_sheet,
    "entities-strings": entities_in_strings,
    "password": password,
    "old-xls": old_xls,
    "xls-renamed": xls_renamed,
    "ods": ods,
    "ods-renamed": ods_renamed,
    "hidden-sheets": hidden_sheets,
    "title-rows": title_rows,
    "merged-headers": merged_headers,
    "formulas": formulas,
    "error-cells": error_cells,
    "dates": dates,
    "dates-1904": dates_1904,
    "numbers-as-text": numbers_as_text,
    "duplicate-headers": duplicate_headers,
    "names": names,
    "cp1252": cp1252_csv,
    "semicolon": semicolon_csv,
    "unclosed-quote": unclosed_quote_csv,
    "nul-bytes": nul_bytes_csv,
    "escape-codes": escape_codes_csv,
    "wide-row": wide_row,
    "population-1e26": population_1e26,
}


def main(names: list[str]) -> None:
    """Make every case (or those named), and check that each is small on disk."""
    for name in names or CASES:
        path = CASES[name](HERE)
        size = path.stat().st_size
        assert size < LIMIT, f"{path.name} is {size:,} bytes"
        print(f"{path.relative_to(HERE)}: {size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
