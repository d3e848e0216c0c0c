"""Saving a workbook: the same bytes for the same content, the big flat sheets' rows spliced in."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from jjindicators.render.sheet_xml import FlatRows, complete_part, needs_zip64

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
        # openpyxl writes each worksheet to a temporary file, then adds it with `write`; a
        # sheet's `path` is set (from its place in the book) just before.
        name = arcname or Path(filename).name
        data = Path(filename).read_bytes()
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


def save_workbook(book: Workbook, path: Path | BinaryIO, rows: Sequence[FlatRows] = ()) -> None:
    """Save to a file or a binary stream with fixed created/modified times (openpyxl's `save`
    stamps the current time), completing the flat sheets with their `rows`
    (`report_sheets.frame_sheet`)."""
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = book.properties.lastModifiedBy = "jjind"
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, rows=rows)
    ExcelWriter(book, archive).save()
