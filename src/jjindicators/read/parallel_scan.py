"""The guard's scan of a workbook run one sheet ahead of calamine, in a second process.

Both the guard (`guard.py`) and calamine hold Python's lock while they work, so a thread gains
nothing; a forked process scans sheet 2 while calamine reads sheet 1 on the other core (issue #6).
The guard scans the sheets smallest first and calamine reads each as soon as its scan passed,
so that while calamine reads one sheet the guard scans the next, larger one. Reading stays as
safe as scanning everything first: calamine opens the file only once the zip passed its checks
and reads a sheet only once that sheet's part was scanned and passed (when a crafted workbook
names a sheet or a part twice, only once every part was scanned); a workbook refused by a
later sheet is refused whole, with the same issue, as if nothing had been read.

Where there is no `fork` (Windows), or the scanning process ends without finishing (killed, out
of memory), the scan runs here instead, step by step: the results are the same.
"""

from __future__ import annotations

import os
import pickle
import signal
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from jjindicators.issues import Issue
from jjindicators.read.guard import ReadLimits, SheetScan, Step, scan_steps

FORK = hasattr(os, "fork")  # tests turn it off to compare both ways


class ScanAhead:
    """The steps of a workbook's scan as they arrive: what calamine may read, and when."""

    def __init__(self, steps: Iterator[Step]) -> None:
        self._steps = steps
        self._names: list[str] | None = None
        self._unambiguous = False
        self.scans: dict[str, SheetScan] = {}
        self.refused: list[Issue] = []
        self.done = False

    def _advance(self) -> None:
        step = next(self._steps)
        if step[0] == "parts":
            self._names, self._unambiguous = [name for name, _ in step[1]], step[2]
        elif step[0] == "sheet":
            self.scans[step[1]] = step[2]
        elif step[0] == "refused":
            self.refused = step[1]
        else:
            self.done = True

    def may_open(self) -> bool:
        """Wait until the zip passed its checks (False: the file is refused)."""
        while self._names is None and not self.done and not self.refused:
            self._advance()
        return not self.refused

    def readable(self, sheets: list[str]) -> Iterator[str]:
        """The sheets of `sheets` (calamine's list) that calamine may read, each as soon as it
        may be, in the order the scan passes them; all at the end of the scan when the
        workbook names a sheet or a part twice, or names other sheets than calamine lists.
        Nothing more once the file is refused."""
        early = (self._unambiguous and self._names is not None
                 and set(sheets) <= set(self._names))  # fmt: skip
        wanted, given = set(sheets), set()
        while not self.refused:
            if early:
                for sheet in [s for s in self.scans if s in wanted and s not in given]:
                    given.add(sheet)
                    yield sheet
            if self.done:
                break
            self._advance()
        if not self.refused:
            yield from (s for s in sheets if s not in given)

    def finish(self) -> list[Issue]:
        """Wait for the whole scan: the issues that refuse the file, if any."""
        while not self.done and not self.refused:
            self._advance()
        return self.refused


@contextmanager
def scan_ahead(path: str, display: str, limits: ReadLimits) -> Iterator[ScanAhead]:
    """The scan of `path`, run in a forked process where the system has one."""
    if not FORK:
        yield ScanAhead(scan_steps(path, display, limits))
        return
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns when threads run: the child runs none
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the scanning process: it only scans and writes, then ends at once
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                for step in scan_steps(path, display, limits):
                    pickle.dump(step, out, protocol=pickle.HIGHEST_PROTOCOL)
                    out.flush()
            code = 0
        finally:
            os._exit(code)  # no clean-up of the parent's objects, no flushing of its buffers
    os.close(write_end)
    stream = os.fdopen(read_end, "rb")
    ahead = ScanAhead(_received(stream, path, display, limits))
    try:
        yield ahead
    finally:
        stream.close()
        if not (ahead.done or ahead.refused):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _received(stream: BinaryIO, path: str, display: str, limits: ReadLimits) -> Iterator[Step]:
    """The steps the scanning process sends; if it stops before its last step, the rest of the
    scan is done here (it is the same every time, so the steps already received are skipped)."""
    given = 0
    while True:
        try:
            step = pickle.load(stream)
        except (EOFError, OSError, pickle.UnpicklingError):
            break
        given += 1
        yield step
        if step[0] in ("done", "refused"):
            return
    for n, step in enumerate(scan_steps(path, display, limits)):
        if n >= given:
            yield step
