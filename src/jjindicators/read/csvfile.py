"""CSV files to a grid, read line by line within bounds, with every quote that went wrong named.

A CSV file is read as a stream of lines, never whole: at most `ReadLimits.max_file_mb` bytes (a file
that grows while it is read is stopped there too), at most `LINE_LIMIT` characters of one line (a
line of gigabytes, or a file of NUL bytes with no line end, is skipped in bounded pieces and
reported), and at most `RECORD_LIMIT` characters and `RECORD_LINES` lines of one record (the
lines one quoted cell spans).

A quote that opens a cell and is never closed makes a CSV reader take the rest of the file as that
one cell: the rows after it vanish without a word (issue #17). So a record that is still inside its
quotes at the end of the file, or grows past those limits, or holds lines that look like rows of
the table (as many delimiters as the header), is taken apart again: its first line is read on its
own (the cell with the quote keeps the rest of that line), the lines it swallowed are read as the
rows they look like, and each of those rows gets an error, so that nothing past the quote is
counted until it is fixed (`docs/rules.md`, "Hostile and broken files").
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jjindicators.catalogue import Code
from jjindicators.issue_params import Phrase
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.guard import CSV, MB, ReadLimits, cells_text, rows_text
from jjindicators.read.tables import CELL_LIMIT, CONTROL, column_letters

LINE_LIMIT = 1_000_000  # characters of one line: a row of a form is a few hundred
RECORD_LIMIT = 16 * LINE_LIMIT  # characters of one record (a quoted cell over several lines)
RECORD_LINES = 100_000  # lines of one record
_BLOCK = 1 << 20  # characters decoded at a time


class _Blank(str):
    """The empty line that stands for a line too long to read."""


_LONG = _Blank("\n")


def _split(stream: io.TextIOWrapper, seen: _Seen) -> Iterator[str]:
    """The lines of a text stream with their line ends (`\\n`, `\\r\\n` or `\\r`, as the csv
    module ends a row), read in blocks; a line longer than `LINE_LIMIT` is skipped as it is
    read, never held, and `_LONG` given in its place. `seen` learns whether any text may hold a
    control character or be too long for an Excel cell."""
    carry, skipping = "", False
    while block := stream.read(_BLOCK):
        if not seen.odd and CONTROL.search(block):
            seen.odd = True
        lines = io.StringIO(carry + block, newline="").readlines()
        carry = lines.pop()
        if carry.endswith("\n"):
            lines.append(carry)
            carry = ""  # a lone `\r` at the end waits: it may be the start of `\r\n`
        if skipping and lines:
            lines[0], skipping = _LONG, False  # the end of the long line
        longest = max(map(len, lines), default=0)
        if longest > CELL_LIMIT:
            seen.odd = True
        if longest > LINE_LIMIT:
            lines = [_LONG if len(line) > LINE_LIMIT else line for line in lines]
        yield from lines
        if len(carry) > LINE_LIMIT:
            carry, skipping = "", True
    if skipping:
        yield _LONG
    elif carry:
        yield carry


@dataclass
class _Seen:
    """What reading saw of the text: `odd` once a control character, or a line or a record
    longer than an Excel cell, went by (then `locate` looks at the cells one by one)."""

    odd: bool = False


class _Feed:
    """The file's lines as the csv reader asks for them, with those it was given for the record
    being read (`pending`, emptied by the caller after each record), to take that record apart
    again."""

    def __init__(self, source: Iterator[str]) -> None:
        self.source = source
        self.pending: list[str] = []
        self.exhausted = False

    def lines(self) -> Iterator[str]:
        """The lines, until a record grows past `RECORD_LIMIT` (`_Swallowing`: then a new call
        gives the lines after)."""
        pending, total = self.pending, 0
        append = pending.append
        for line in self.source:
            append(line)
            if len(pending) > 1:
                total += len(line)
                if total > RECORD_LIMIT or len(pending) > RECORD_LINES:
                    raise _Swallowing
            else:
                total = len(line)
            yield line
        self.exhausted = True


class _Swallowing(Exception):
    """A record grew past `RECORD_LIMIT`: a quote opened a cell and was never closed."""


class _TooLarge(Exception):
    """The file held more bytes than the limit (it grew after its size was checked)."""


class _Capped(io.RawIOBase):
    """A binary file that refuses to give more than `limit` bytes."""

    def __init__(self, handle: io.BufferedReader, limit: int) -> None:
        self._handle, self._left = handle, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        got = self._handle.readinto(view[: min(len(view), self._left + 1)])
        self._left -= got
        if self._left < 0:
            raise _TooLarge
        return got


def read_csv(
    path: Path, display: str, encoding: str, limits: ReadLimits
) -> tuple[list[list[Any]], list[Issue], bool]:
    """The rows of a CSV file as lists of text (a row for each record, blank lines included, so
    that row numbers are a spreadsheet's), the issues of reading it (no rows when the file cannot
    be read at all), and whether every cell is plain text: no control character, none longer
    than an Excel cell (`Grid.plain_text`)."""
    where = Where(file=display, sheet=path.name)
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        codecs.lookup(codec)
    except LookupError:
        detail = Phrase.of("phrase.read_unknown_encoding", encoding=encoding)
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=CSV, detail=detail)], False
    cap = int(min(limits.max_file_mb * MB, 1 << 62))
    # Records longer than the csv module's default limit are measured here, not refused there.
    csv.field_size_limit(max(csv.field_size_limit(), RECORD_LIMIT + LINE_LIMIT))
    try:
        with path.open("rb") as raw:
            buffered = io.BufferedReader(_Capped(raw, cap), buffer_size=1 << 16)
            stream = io.TextIOWrapper(buffered, encoding=codec, newline="")
            seen = _Seen()
            rows, issues = _Reader(_Feed(_split(stream, seen)), where, limits, seen).read()
            return rows, issues, not seen.odd
    except UnicodeDecodeError:
        return [], [make_issue(Code.CSV_ENCODING, where, position=_bad_byte(path, codec))], False
    except _TooLarge:
        raised = f"{limits.max_file_mb * 2:g}"
        size = Phrase.of("phrase.read_more_than", size=f"{limits.max_file_mb:g} MB")
        limit = f"{limits.max_file_mb:g} MB"
        issue = make_issue(Code.FILE_TOO_LARGE, where, size=size, limit=limit, raised=raised)
        return [], [issue], False
    except OSError as exc:
        detail = Phrase.of("phrase.read_file_cannot_read", error=str(exc.strerror or exc))
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=CSV, detail=detail)], False


def _bad_byte(path: Path, codec: str) -> int:
    """The position (from 1) of the first byte that `codec` cannot read, found again in blocks."""
    decoder = codecs.getincrementaldecoder(codec)()
    done = 0
    with path.open("rb") as handle:
        while block := handle.read(MB):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return done + exc.start + 1
            done += len(block)
    return done


class _Reader:
    """The records of one file, read through `_Feed` by the csv module, taken apart again
    where a quote was never closed."""

    def __init__(self, feed: _Feed, where: Where, limits: ReadLimits, seen: _Seen) -> None:
        self.feed, self.where, self.limits, self.seen = feed, where, limits, seen
        self.rows: list[list[Any]] = []
        self.issues: list[Issue] = []
        self.cells = 0
        self.width = 0  # the delimiters of the first line that is not blank (the header)
        self.delimiter = ","
        self.full = False  # beyond the limits: the issue that says so is the only one

    def read(self) -> tuple[list[list[Any]], list[Issue]]:
        first = self._first_line()
        if first is None:  # nothing but blank lines
            return [], self.issues
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        self.width = first.count(self.delimiter)
        feed, pending = self.feed, self.feed.pending
        while True:
            try:
                self._records(csv.reader(feed.lines(), delimiter=self.delimiter), pending)
            except _Swallowing:
                self.seen.odd = True
                lines = pending[:]
                pending.clear()
                self._take_apart(lines)
                if not self.full:
                    continue  # a new reader for the lines after
            break
        return ([], self.issues) if self.full else (self.rows, self.issues)

    def _records(self, reader: Iterator[list[str]], pending: list[str]) -> None:
        """Keep each record, quickly when it is one line of usual length (nearly all are)."""
        rows, feed = self.rows, self.feed
        max_rows, max_cells = self.limits.max_rows, self.limits.max_cells
        for row in reader:
            if len(pending) != 1 or pending[0] is _LONG or feed.exhausted:
                lines = pending[:]
                pending.clear()
                if len(lines) > 1:  # a cell over several lines may be longer than any line
                    self.seen.odd = True
                if (len(lines) > 1 or feed.exhausted) and self._swallowed(lines):
                    self._take_apart(lines)
                else:
                    self._add(row, lines)
                if self.full:
                    return
                continue
            pending.clear()
            rows.append(row)
            self.cells += len(row)
            if len(rows) > max_rows or self.cells > max_cells:
                self._beyond()
                return

    def _first_line(self) -> str | None:
        """The first line that is not blank; it and the blank lines before it (counted, not
        held: there may be millions) are given again. None when every line is blank; then a
        line too long to read is an error still."""
        long: list[int] = []
        for blank, line in enumerate(self.feed.source):
            if line.strip():
                before = (_LONG if n in long else "\n" for n in range(blank))
                self.feed.source = itertools.chain(before, [line], self.feed.source)
                return line
            if line is _LONG:
                long.append(blank)
        for n in long:
            at = Where(file=self.where.file, sheet=self.where.sheet, row=n + 1)
            self.issues.append(make_issue(Code.CSV_LINE_TOO_LONG, at, limit=f"{LINE_LIMIT:,}"))
        return None

    def _add(self, row: list[Any], lines: list[str]) -> None:
        """Keep a row (with an error if a line of it was too long to read), unless the file is
        now beyond the limits: then the issue that says so."""
        self.rows.append(row)
        self.cells += len(row)
        if any(line is _LONG for line in lines):
            at = Where(file=self.where.file, sheet=self.where.sheet, row=len(self.rows))
            self.issues.append(make_issue(Code.CSV_LINE_TOO_LONG, at, limit=f"{LINE_LIMIT:,}"))
        if len(self.rows) > self.limits.max_rows or self.cells > self.limits.max_cells:
            self._beyond()

    def _beyond(self) -> None:
        """The file is beyond the limits: it is not read, and this is its one issue."""
        limits = self.limits
        over = len(self.rows) > limits.max_rows
        limit = rows_text(limits.max_rows) if over else cells_text(limits.max_cells)
        what = Phrase.of("phrase.read_more_than", size=limit if over else cells_text(self.cells))
        sheet = self.where.sheet
        option = "--max-rows" if over else "--max-cells"
        self.issues = [make_issue(Code.SHEET_TOO_LARGE, self.where, sheet=sheet, what=what,
                                  limit=limit, option=option)]  # fmt: skip
        self.full = True

    def _swallowed(self, lines: list[str]) -> bool:
        """Whether a record over several lines is a quote's doing rather than a cell with line
        breaks: still open at the end of the file, or holding a line shaped like a row of the
        table (as many delimiters as the header, which has three columns or more)."""
        if self.feed.exhausted and _still_open(lines, self.delimiter):
            return True
        if self.width < 2:
            return False
        return any(line.count(self.delimiter) >= self.width for line in lines[1:])

    def _take_apart(self, lines: list[str]) -> None:
        """Read a record whose quote was never closed line by line: its first line on its own,
        then each line it swallowed as a row, with an error on each."""
        opened_at = len(self.rows) + 1
        column, first = _quoted_line(lines[0], self.delimiter)
        cell = f"{column_letters(column + 1)}{opened_at}"
        swallowed = lines[1:]
        at = Where(file=self.where.file, sheet=self.where.sheet, row=opened_at, cell=cell)
        last = opened_at + len(swallowed)
        self.issues.append(
            make_issue(
                Code.CSV_UNCLOSED_QUOTE,
                at,
                first[column] if column < len(first) else None,
                count=len(swallowed),
                last=last,
            )
        )
        self._add(first, lines[:1])
        for line in swallowed:
            if self.full:
                return
            self._add(_cells(line, self.delimiter), [line])
            if self.full:
                return
            place = Where(file=self.where.file, sheet=self.where.sheet, row=len(self.rows))
            self.issues.append(make_issue(Code.CSV_ROW_AFTER_QUOTE, place, cell=cell,
                                          row=opened_at))  # fmt: skip


def _cells(
    line: str, delimiter: str, quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL
) -> list[str]:
    """The cells of one line on its own; a quote left open keeps the rest of the line, without
    its line end."""
    row = next(csv.reader([line], delimiter=delimiter, quoting=quoting), [])
    return [cell.rstrip("\r\n") for cell in row]


def _quoted_line(line: str, delimiter: str) -> tuple[int, list[str]]:
    """The column (from 0) of the cell whose quote is left open on `line`, and the line's cells
    read with that quote as a plain character: the cells after it as the line shows them."""
    found = _open_quote(line, delimiter)
    if found is None:
        return 0, _cells(line, delimiter)
    column, index = found
    before = _cells(line[:index], delimiter)[:column] if index else []
    return column, before + _cells(line[index:], delimiter, csv.QUOTE_NONE)


def _still_open(lines: list[str], delimiter: str) -> bool:
    """Whether a quote is still open after `lines`: a line given after them joins the record's
    last cell instead of starting a record of its own."""
    mark = "\x00\ufdd0jjind\ufdd1"  # two noncharacters: no file holds them in this order
    records = list(csv.reader([*lines, mark], delimiter=delimiter))
    return len(records) == 1 and bool(records[0]) and records[0][-1].endswith(mark)


def _open_quote(line: str, delimiter: str) -> tuple[int, int] | None:
    """The column (from 0) and the position in `line` of the quote that opens a cell and is
    still open at the line's end, if there is one."""
    column, start, quoted = 0, True, False
    found = None
    i = 0
    while i < len(line):
        char = line[i]
        if quoted:
            if char == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif char == delimiter:
            column, start = column + 1, True
            i += 1
            continue
        elif char == '"' and start:
            quoted, found = True, (column, i)
        start = False
        i += 1
    return found if quoted else None
