"""Saving a workbook: the same bytes for the same content, the big flat sheets' rows spliced in,
and openpyxl's temporary sheet parts kept private (never in the system's temporary folder)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from jjindicators.outputs import private_file, private_folder
from jjindicators.xlsx.sheet_xml import FlatRows, complete_part, needs_zip64

FIXED_TIME = dt.datetime(2000, 1, 1)  # document and zip times: same result, same bytes
# zlib level of the flat sheets' parts: the 119 MB of XML of a 100,000-record trace take 0.35 s
# at level 1 (11.1 MB) against 1.37 s at the default 6 (8.7 MB), most of the report's time.
FLAT_LEVEL = 1


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry one fixed time (reproducible bytes), and whose
    flat sheets get their rows (`FlatRows`) as openpyxl hands over each worksheet part."""

    def __init__(self, *args: Any, rows: Sequence[FlatRows] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:  # fmt: skip
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:  # fmt: skip
        name = arcname or Path(filename).name
        self.add_part(name, Path(filename).read_bytes(), compress_type, compresslevel)

    def add_part(self, name: str, data: bytes, compress_type: Any = None,
                 compresslevel: Any = None) -> None:  # fmt: skip
        """Add a worksheet's part; a sheet's `path` is set (from its place in the book) just
        before, and a flat sheet gets its rows here."""
        rows = next((r for r in self.rows if r.sheet.path[1:] == name), None)
        if rows is None:
            self.writestr(name, data, compress_type, compresslevel)
            return
        head, body, tail = complete_part(data, rows)
        member = self._member(name)
        # The level of one member: `compress_level` since Python 3.13, `_compresslevel` before.
        level = "compress_level" if hasattr(member, "compress_level") else "_compresslevel"
        setattr(member, level, FLAT_LEVEL)
        with self.open(member, "w", force_zip64=needs_zip64(data, rows)) as out:
            out.write(head)
            for chunk in body:
                out.write(chunk)
            out.write(tail)

    def _member(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info


class _PrivateWriter(ExcelWriter):
    """openpyxl's writer, but each worksheet's part goes into `scratch` (a private folder, mode
    0700, beside the output; the file 0600) or into memory, never into the system's temporary
    folder, where openpyxl puts it (`worksheet._writer.create_temporary_file`) and where an
    interrupted save would leave a sheet of a country's figures (issue #17)."""

    def __init__(self, book: Workbook, archive: _FixedTimeZip, scratch: Path | None) -> None:
        super().__init__(book, archive)
        self.scratch = scratch
        self.parts = 0

    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:  # its parts were made with the sheet (jjind makes none)
            super().write_worksheet(ws)
            return
        # openpyxl's `ExcelWriter.write_worksheet` (3.1), with the part's place chosen here.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        self.parts += 1
        part: Any = io.BytesIO()
        if self.scratch is not None:
            part = str(private_file(self.scratch / f"sheet{self.parts}.xml"))
        writer = WorksheetWriter(ws, out=part)
        try:
            writer.write()
        except BaseException as exc:
            with contextlib.suppress(Exception):  # else closed (failing again) when collected
                writer.close()
            if isinstance(exc, etree.SerialisationError):  # lxml's word for an OSError
                raise _os_error(exc) from exc
            raise
        # openpyxl's own writer keeps these in private attributes, which its stubs leave out
        ws._rels = writer._rels  # type: ignore[attr-defined]
        self._archive.add_part(ws.path[1:], writer.read())  # type: ignore[attr-defined]
        self.manifest.append(ws)
        if self.scratch is not None:
            os.remove(part)


def _os_error(exc: etree.SerialisationError) -> OSError:
    """The `OSError` that lxml reports as a `SerialisationError` (`IO_ENOSPC`, `IO_EFBIG`...)
    when writing a sheet's part fails, so that it is an `OutputError` like any other."""
    name = str(exc).removeprefix("IO_")
    code = getattr(errno, name, None) if name.isupper() else None
    return OSError(code or errno.EIO, os.strerror(code) if code else str(exc))


def save_workbook(book: Workbook, path: Path | BinaryIO, rows: Sequence[FlatRows] = ()) -> None:
    """Save to a file or a binary stream with fixed created/modified times (openpyxl's `save`
    stamps the current time), completing the flat sheets with their `rows`
    (`report_sheets.frame_sheet`). The sheets' parts are written into a private folder beside
    `path`, removed on every way out (for a stream, kept in memory)."""
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = book.properties.lastModifiedBy = "jjind"
    if isinstance(path, str | os.PathLike):
        with private_folder(Path(path).parent) as scratch:
            _save(book, path, rows, scratch)
    else:
        _save(book, path, rows, None)


def _save(book: Workbook, path: Any, rows: Sequence[FlatRows], scratch: Path | None) -> None:
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, rows=rows)
    try:
        _PrivateWriter(book, archive, scratch).save()
    except BaseException:
        with contextlib.suppress(Exception):  # a failed save leaves no open file
            archive.close()
        raise
