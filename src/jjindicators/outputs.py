"""Writing outputs safely: never over an input, never through a link, all there or not there.

Every file jjind writes goes through here (`docs/data-protection.md`, "What jjind writes"):

- `check_outputs` refuses, before anything is read, an output that is one of the files a
  submission reads (after resolving links, and by inode), and an output jjind would read back as
  data (a workbook, a CSV file, a folder of CSV files) inside a folder given as input;
- `atomic_file` and `atomic_folder` write into a private folder (`.jjind-tmp-*`, mode 0700) made
  beside the target, then rename the finished file or folder into place; the private folder is
  removed on every way out (an error, Ctrl-C; the command line turns SIGTERM into an exception
  too), and one left by a killed run is removed by the next run that writes there (`sweep`);
- a write that fails (a full disk, a read-only folder) is an `OutputError` naming the file, the
  folder and the cause, and saying what to do.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jjindicators.errors import OutputError
from jjindicators.i18n import ENGLISH, translate

__all__ = [
    "BATCH_SUMMARY", "BATCH_WORKBOOKS", "CACHE_NAME", "COMPARISON_FILES", "SERIES_FILE",
    "TEMP_PREFIX",
    "atomic_file", "atomic_folder", "check_links", "check_outputs", "output_error",
    "private_folder", "publish_folder", "sweep", "writing",
]  # fmt: skip

TEMP_PREFIX = ".jjind-tmp-"
# The files `jjind batch` writes, by name: into OUTDIR, and into each submission's folder besides
# the CSV report's (`render/report_csv.CSV_FILES`). Named once here, for the batch that writes them
# and for the reading of a folder of submissions, which never takes them for data.
BATCH_SUMMARY = "batch-summary.csv"
COMPARISON_FILES = ("comparison.xlsx", "comparison.csv", "comparison.html")
CACHE_NAME = ".jjind-cache.json"
SERIES_FILE = "series.csv"  # each country's headlines by period (issue #19, `series.py`)
BATCH_WORKBOOKS = ("report.xlsx", "issues.xlsx")
# What jjind reads in a folder given as input (`read.files_of`): an output of these kinds written
# there would be read back as data on the next run.
READ_BACK = (".xlsx", ".xlsm", ".csv")
# A temporary of another machine (a shared folder) is taken as stale after this long (seconds).
STALE_AFTER = 24 * 3600
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
_OURS = re.compile(r"\.jjind-tmp-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[A-Za-z0-9_]+")
# The temporaries of jjind before 0.2 (`tempfile`'s 8 random characters): a file
# `.report.xlsx.k2j4h1x9.tmp` beside its target, a batch's `.jjind-batch-k2j4h1x9` folder.
_OLD_FILE = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
_OLD_BATCH = re.compile(r"\.jjind-batch-[a-z0-9_]{8}")
_LIVE: set[str] = set()  # the private folders this process is using


@dataclass
class _Inputs:
    """The files a submission reads and the folders it reads them from, resolved."""

    files: dict[Path, str] = field(default_factory=dict)  # resolved path → as given
    inodes: dict[tuple[int, int], str] = field(default_factory=dict)
    folders: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def of(cls, inputs: Iterable[str | Path]) -> _Inputs:
        found = cls()
        for given in inputs:
            path = Path(given)
            if path.is_dir():
                found.folders[path.resolve()] = str(path)
                # every file of the folder, not only those read: to be safe
                for entry in _entries(path):
                    if not entry.is_dir():
                        found.add(entry)
            else:
                found.add(path)
        return found

    def add(self, path: Path) -> None:
        self.files[path.resolve()] = str(path)
        try:
            info = path.stat()
        except OSError:
            return
        self.inodes[(info.st_dev, info.st_ino)] = str(path)

    def file_at(self, target: Path) -> str | None:
        """The input that `target` is (the same path after links, or the same file)."""
        found = self.files.get(target.resolve())
        if found is not None:
            return found
        try:
            info = target.stat()
        except OSError:
            return None
        return self.inodes.get((info.st_dev, info.st_ino))

    def folder_of(self, target: Path) -> str | None:
        """The input folder that `target` is directly in."""
        return self.folders.get(target.resolve().parent)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def check_outputs(
    targets: Iterable[str | Path],
    inputs: Iterable[str | Path] = (),
    replace: bool = True,
    lang: str = ENGLISH,
) -> None:
    """Raise `OutputError` (before anything is written) when one of `targets` would overwrite an
    input, or lies where jjind would read it back as data; with `replace=False`, also when it
    exists. `inputs` are the paths of a submission as given: files, and folders (every file in
    them counts). Paths are compared after resolving links, and by inode (a hard link). A
    target is read back when it is a workbook or CSV file (`READ_BACK`), or a folder (the CSV
    report: a batch would read it as a submission), directly in a folder given as input. The
    CSV report's folder comes with its files, so that a folder given as input is refused by
    them. Messages are in `lang`.

    >>> check_outputs(["data/arrests.csv"], ["data"])  # doctest: +SKIP
    Traceback (most recent call last):
    OutputError: Refusing to write data/arrests.csv: it is one of the input files (...)...
    """
    given = _Inputs.of(inputs)
    for target in map(Path, targets):
        found = given.file_at(target)
        if found is not None:
            raise OutputError(translate("report.output_is_input", lang, target=target, input=found))
        folder = given.folder_of(target)
        if folder is not None and (target.suffix.lower() in READ_BACK or not target.suffix):
            raise OutputError(
                translate("report.output_in_input_folder", lang, target=target, folder=folder)
            )
        if not replace and (target.exists() or target.is_symlink()):
            raise OutputError(translate("report.output_exists", lang, target=target))


def check_links(
    folder: Path, names: Collection[str], folders: bool = False, lang: str = ENGLISH
) -> None:
    """Raise `OutputError` when `folder` holds a symbolic link where jjind would write: one of
    `names`, or with `folders` a link to a folder (or a broken link), where it writes folders
    of its own. jjind never writes through a link: it could lead into the user's data."""
    for entry in _entries(folder):
        if not entry.is_symlink():
            continue
        if entry.name in names or (folders and (entry.is_dir() or not entry.exists())):
            points = os.readlink(entry)
            raise OutputError(translate("report.output_link", lang, link=entry, points=points))


def output_error(
    exc: OSError, target: Path, lang: str = ENGLISH, submission: str | None = None
) -> OutputError:
    """The `OutputError` for an `OSError` met while writing `target`: its name, its folder, the
    cause in words and what to do; with `submission`, the reports of that submission (its
    label) in the folder `target`.

    >>> str(output_error(OSError(errno.ENOSPC, "No space"), Path("/x/report.xlsx")))[:58]
    'Cannot write report.xlsx in /x: no space left on device. F'
    """
    code = exc.errno
    cause = _CAUSES.get(code or 0)
    text = translate(f"report.output_cause_{cause}", lang) if cause else (exc.strerror or str(exc))
    fix = "space" if cause in ("space", "quota", "too_large") else (
        "access" if cause in ("read_only", "denied") else "other")  # fmt: skip
    fix = translate(f"report.output_fix_{fix}", lang)
    if submission is not None:
        message = translate("report.output_cannot_write_batch", lang, submission=submission,
                            folder=target, cause=text, fix=fix)  # fmt: skip
    else:
        folder = target.parent if str(target.parent) != "." else Path.cwd()
        message = translate("report.output_cannot_write", lang, name=target.name,
                            folder=folder, cause=text, fix=fix)  # fmt: skip
    return OutputError(message, code, text)


_CAUSES = {
    errno.ENOSPC: "space",
    errno.EDQUOT: "quota",
    errno.EFBIG: "too_large",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.ENAMETOOLONG: "name",
}


@contextmanager
def writing(target: Path, lang: str = ENGLISH) -> Iterator[None]:
    """Turn an `OSError` met while writing `target` into an `OutputError` naming it."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, Path(target), lang) from exc


def sweep(folder: Path, targets: Iterable[str] = ()) -> None:
    """Remove the temporaries of jjind's own naming that a killed run left in `folder`: a
    `.jjind-tmp-*` folder of a process of this machine that is gone (of another machine, older
    than a day), an old batch's `.jjind-batch-*` folder, and the old `.<target>.<8>.tmp` file of
    each of `targets`. Nothing else is ever touched; what cannot be removed is left."""
    names = set(targets)
    for entry in _entries(folder):
        try:
            if entry.is_symlink():
                continue
            if entry.is_dir() and _stale(entry):
                shutil.rmtree(entry, ignore_errors=True)
            elif (
                entry.is_file()
                and (old := _OLD_FILE.fullmatch(entry.name))
                and (old["name"] in names)
            ):
                entry.unlink(missing_ok=True)
        except OSError:
            continue


def _stale(folder: Path) -> bool:
    if _OLD_BATCH.fullmatch(folder.name):
        return True
    ours = _OURS.fullmatch(folder.name)
    if ours is None or folder.name in _LIVE:
        return False
    pid = int(ours["pid"])
    if ours["host"] == _HOST:
        # this process's number but not in use: left by an earlier process of the same number
        alive = False if pid == os.getpid() else _alive(pid)
        if alive is not None:
            return not alive
    return time.time() - folder.stat().st_mtime > STALE_AFTER


def _alive(pid: int) -> bool | None:
    """Whether process `pid` runs on this machine (None: cannot tell)."""
    if os.name != "posix":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process
        return True
    return True


@contextmanager
def private_folder(parent: Path, targets: Iterable[str] = ()) -> Iterator[Path]:
    """A new folder `.jjind-tmp-<machine>-<pid>-<random>` of mode 0700 in `parent` (made if
    needed), removed with all it holds on every way out; stale temporaries in `parent` (of
    `targets`' names too) are removed first (`sweep`). Raises `OSError` when it cannot be made.

    >>> with private_folder(Path("out")) as folder:  # doctest: +SKIP
    ...     (folder / "part.xml").write_text("...")
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    sweep(parent, targets)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-", dir=parent))
    _LIVE.add(folder.name)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _LIVE.discard(folder.name)


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 (a writer opening it then keeps that mode)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _normal_mode(mode: int) -> int:
    """`mode` less the process's umask: the mode a file made the ordinary way would have."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


@contextmanager
def atomic_file(target: str | Path, lang: str = ENGLISH) -> Iterator[Path]:
    """A temporary path (mode 0600, in a private folder beside `target`) to write `target` to;
    renamed onto it only when the block succeeds, with the mode a new file would have. A
    failed or interrupted write leaves the old file (if any) and no temporary; an `OSError`
    becomes an `OutputError` naming `target` and the cause.

    >>> with atomic_file(Path("report.csv")) as temp:  # doctest: +SKIP
    ...     temp.write_text("a,b\\n")
    """
    target = Path(target)
    with writing(target, lang), private_folder(target.parent, (target.name,)) as folder:
        temp = private_file(folder / target.name)
        yield temp
        temp.chmod(_normal_mode(0o666))
        os.replace(temp, target)


@contextmanager
def atomic_folder(
    target: str | Path, own: Collection[str] = (), lang: str = ENGLISH
) -> Iterator[Path]:
    """A temporary folder (inside a private one beside `target`, or in it when it exists) to
    write a set of files into; put in place only when the block succeeds (`publish_folder`:
    `own` names files of an earlier run to remove when not written again). A failed or
    interrupted write leaves `target` as it was; an `OSError` becomes an `OutputError`.

    >>> with atomic_folder(Path("report")) as folder:  # doctest: +SKIP
    ...     (folder / "summary.csv").write_text("...")
    """
    target = Path(target)
    where = target if target.is_dir() else target.parent
    with writing(target, lang), private_folder(where) as folder:
        staged = folder / "set"
        staged.mkdir()
        yield staged
        publish_folder(staged, target, own)


def publish_folder(source: Path, target: Path, own: Collection[str] = ()) -> None:
    """Put the files of `source` in `target`: the folder renamed whole when `target` does not
    exist yet (all at once), else file by file, each replacing jjind's file of an earlier run,
    and those of `own` that `source` lacks removed; other files in `target` are left alone.
    Both must be on one file system (the private folder is beside `target`). Raises `OSError`."""
    if not target.exists() and not target.is_symlink():
        try:
            os.rename(source, target)
            return
        except OSError as exc:  # made meanwhile: go on file by file
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    target.mkdir(parents=True, exist_ok=True)
    fresh = sorted(p.name for p in source.iterdir())
    for name in fresh:
        os.replace(source / name, target / name)
    for name in sorted(set(own) - set(fresh)):
        (target / name).unlink(missing_ok=True)
