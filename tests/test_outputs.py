"""Outputs (issue #17): never over an input, never read back from an input folder, never through
a link out of OUTDIR, all there or not there, temporaries private and removed, and a disk that
cannot be written is a message naming the file and the cause (exit 2), not an internal error.

Every case checks the exit code and the message, that no traceback is shown, that every input is
byte-identical, that nothing is written outside the output named, and that no temporary is left
(`docs/data-protection.md`, "What jjind writes"; `docs/rules.md`, "Outputs")."""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators import outputs
from jjindicators.cli import app
from jjindicators.errors import OutputError
from jjindicators.outputs import TEMP_PREFIX, atomic_file, check_outputs, sweep
from jjindicators.render import issues as render_issues
from jjindicators.render import report_csv
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.xlsx import save as xlsx_save

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "exampleland-2025.xlsx"


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def files(root: Path) -> dict[str, str]:
    """Every file under `root` (links as links, not followed) → its SHA-256 or link target."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def temporaries(root: Path) -> list[Path]:
    """jjind's temporaries (and the old ones) anywhere under `root`."""
    return [p for p in root.rglob("*") if p.name.startswith((TEMP_PREFIX, ".jjind-batch-"))
            or p.name.endswith(".tmp")]  # fmt: skip


def clean(result, code: int, *words: str) -> None:
    """The exit code, the words of the message, and no traceback nor internal error."""
    assert result.exit_code == code, result.output
    for word in words:
        assert word in result.output, (word, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A folder of the worked example's CSV files, and a folder with one workbook."""
    shutil.copytree(WORKED_EXAMPLE, tmp_path / "in" / "data")
    (tmp_path / "in" / "xdir").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "in" / "xdir" / "book.xlsx")
    return tmp_path / "in"


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system's temporary folder, empty; nothing may be left in it (openpyxl wrote its sheet
    parts there)."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert not list(folder.iterdir())


# 1. Never over an input: the issue's cases, then every command and every file of the set.


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["validate", "{in}/data", "-o", "{in}/data/arrests.csv"], "data/arrests.csv"),
        (["validate", "{in}/data", "-o", "{in}/data/about.csv"], "data/about.csv"),
        (["compute", "{in}/xdir", "-o", "{in}/xdir/book.xlsx"], "xdir/book.xlsx"),
        (["validate", "{in}/xdir/book.xlsx", "-o", "{in}/xdir/book.xlsx"], "xdir/book.xlsx"),
        (["map", "suggest", "{in}/data", "-o", "{in}/data/sources.csv", "--force"],
         "data/sources.csv"),
    ],
)  # fmt: skip
def test_an_output_over_an_input_is_refused(data, system_temp, args, target):
    before = files(data.parent)
    result = invoke(*(a.format(**{"in": data}) for a in args), *FIXED[: 2 * (args[0] != "map")])
    clean(result, 2, "Refusing to write", target, "it is one of the input files")
    assert files(data.parent) == before


def test_an_input_reached_through_a_link_or_a_hard_link_is_refused(data, tmp_path):
    (tmp_path / "link.xlsx").symlink_to(data / "xdir" / "book.xlsx")
    os.link(data / "data" / "about.csv", tmp_path / "hard.csv")
    (tmp_path / "linked").symlink_to(data / "data", target_is_directory=True)
    before = files(tmp_path)
    linked = tmp_path / "linked"
    for args in (["compute", data / "xdir" / "book.xlsx", "-o", tmp_path / "link.xlsx"],
                 ["validate", data / "data", "-o", tmp_path / "hard.csv"],
                 ["validate", linked, "-o", data / "data" / "arrests.csv"],
                 ["validate", data / "data", "-o", linked / "population.csv"]):  # fmt: skip
        clean(invoke(*args, *FIXED), 2, "it is one of the input files")
    assert files(tmp_path) == before


def test_any_file_of_an_input_folder_counts_even_one_jjind_does_not_read(data):
    notes = data / "data" / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    result = invoke("map", "suggest", data / "data", "-o", notes, "--force")
    clean(result, 2, "notes.txt", "it is one of the input files")
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_every_file_of_the_csv_report_is_checked(data, tmp_path):
    """Inputs given as files: the CSV report's folder is theirs, and its about.csv is one."""
    inputs = sorted((data / "data").glob("*.csv"))
    before = files(tmp_path)
    result = invoke("compute", *inputs, "-o", data / "data", *FIXED)
    clean(result, 2, "about.csv", "it is one of the input files")
    assert files(tmp_path) == before
    with pytest.raises(OutputError, match=r"trace\.csv"):
        check_outputs([tmp_path / "out" / n for n in CSV_FILES], [data / "data" / "about.csv",
                      tmp_path / "out" / "trace.csv"])  # fmt: skip


def test_an_existing_file_needs_force_where_the_command_says_so(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"precious")
    clean(invoke("template", target), 2, "already exists", "--force")
    assert target.read_bytes() == b"precious"
    clean(invoke("template", target, "--force"), 0)
    assert openpyxl.load_workbook(target).sheetnames


# 2. Outputs in an input folder are refused: jjind would read them back as data.


@pytest.mark.parametrize(
    "output", ["data/issues.xlsx", "data/issues.csv", "data/report.xlsx", "data", "data/report"]
)
def test_an_output_in_an_input_folder_is_refused(data, system_temp, output):
    command = "validate" if output.startswith("data/issues") else "compute"
    before = files(data.parent)
    result = invoke(command, data / "data", "-o", data / output, *FIXED)
    clean(result, 2, "a folder given as input", "read it back")
    assert files(data.parent) == before


def test_an_output_beside_input_files_given_by_name_does_not_change_the_next_run(data):
    """Writing beside files given by name is allowed (`jjind validate data.xlsx -o
    issues.xlsx`): the next run on the same files gives the same issues and numbers."""
    book = data / "xdir" / "book.xlsx"
    first = invoke("compute", book, "--format", "json", *FIXED)
    clean(invoke("compute", book, "-o", data / "xdir" / "report.xlsx", *FIXED), 0)
    clean(invoke("validate", book, "-o", data / "xdir" / "issues.csv", *FIXED), 0)
    again = invoke("compute", book, "--format", "json", *FIXED)
    assert again.stdout == first.stdout


def test_a_batch_writing_into_its_input_folder_never_reads_its_reports_back(data):
    subs = data / "subs"
    subs.mkdir()
    shutil.copytree(data / "data", subs / "ruritania")
    before = files(subs / "ruritania")
    first = invoke("batch", subs, "-o", subs / "reports", "--jobs", "1", *FIXED)
    clean(first, 0)
    summary = (subs / "reports" / "batch-summary.csv").read_text(encoding="utf-8")
    comparison = (subs / "reports" / "comparison.csv").read_bytes()
    clean(invoke("batch", subs, "-o", subs / "reports", "--jobs", "1", *FIXED), 0)
    again = (subs / "reports" / "batch-summary.csv").read_text(encoding="utf-8")
    assert again.splitlines()[1].rsplit(",", 1)[0] == summary.splitlines()[1].rsplit(",", 1)[0]
    assert len(again.splitlines()) == 2  # one submission, not its reports as another
    assert (subs / "reports" / "comparison.csv").read_bytes() == comparison
    assert files(subs / "ruritania") == before


def test_a_batch_into_a_folder_holding_a_submission_is_refused(data):
    subs = data / "subs"
    subs.mkdir()
    for name in ("ruritania", "freedonia"):
        shutil.copytree(data / "data", subs / name)
    before = files(data)
    result = invoke("batch", subs, "-o", subs / "freedonia", *FIXED)
    clean(result, 2, "freedonia", "holds a submission", "about.csv")
    assert files(data) == before


# 3. Links in OUTDIR: never written through.


def test_a_batch_never_writes_through_a_country_folder_linked_into_the_data(data, tmp_path):
    subs = data / "subs"
    subs.mkdir()
    shutil.copytree(data / "data", subs / "ruritania")
    out = tmp_path / "out"
    out.mkdir()
    (out / "Exampleland").symlink_to(subs / "ruritania", target_is_directory=True)
    before = files(data)
    about = (subs / "ruritania" / "about.csv").read_bytes()
    for jobs in ("1", "2"):
        result = invoke("batch", subs, "-o", out, "--jobs", jobs, *FIXED)
        clean(result, 2, "Exampleland", "symbolic link", "Remove the link")
    assert (subs / "ruritania" / "about.csv").read_bytes() == about
    assert files(data) == before
    assert sorted(p.name for p in out.iterdir()) == ["Exampleland"]


@pytest.mark.parametrize(
    "link", ["batch-summary.csv", "comparison.csv", "comparison.xlsx", "Ruritania/about.csv",
             "Ruritania/report.xlsx", "Ruritania/.jjind-cache.json", "dangling"],
)  # fmt: skip
def test_a_link_where_the_batch_writes_is_refused(data, tmp_path, link):
    out = tmp_path / "out"
    (out / "Ruritania").mkdir(parents=True)
    target = data / "data" / "about.csv" if link != "dangling" else tmp_path / "nowhere"
    (out / link).symlink_to(target)
    before = files(tmp_path)
    result = invoke("batch", data / "data", "-o", out, *FIXED)
    clean(result, 2, link.split("/")[-1], "symbolic link")
    assert files(tmp_path) == before


def test_a_hard_link_to_an_input_in_outdir_is_refused(data, tmp_path):
    out = tmp_path / "out"
    (out / "Exampleland").mkdir(parents=True)
    os.link(data / "data" / "about.csv", out / "Exampleland" / "about.csv")
    before = files(tmp_path)
    result = invoke("batch", data / "data", "-o", out, *FIXED)
    clean(result, 2, "Exampleland/about.csv", "it is one of the input files")
    assert files(tmp_path) == before


def test_outdir_itself_may_be_a_link_but_not_into_the_data(data, tmp_path):
    (tmp_path / "into-data").symlink_to(data / "data", target_is_directory=True)
    before = files(data)
    clean(invoke("batch", data / "data", "-o", tmp_path / "into-data", *FIXED), 2,
          "inside the output folder")  # fmt: skip
    assert files(data) == before
    (tmp_path / "real").mkdir()
    (tmp_path / "elsewhere").symlink_to(tmp_path / "real", target_is_directory=True)
    clean(invoke("batch", data / "data", "-o", tmp_path / "elsewhere", *FIXED), 0)
    assert (tmp_path / "real" / "Exampleland" / "report.xlsx").is_file()
    assert files(data) == before


# 4. All there or not there; temporaries private, removed, and swept when left by a kill.


def test_outputs_leave_no_temporary_anywhere(data, tmp_path, system_temp):
    before = files(data)
    out = tmp_path / "out"
    for args in (["compute", data / "data", "-o", out / "report.xlsx"],
                 ["compute", data / "data", "-o", out / "csv"],
                 ["compute", data / "data", "-o", out / "csv", "--no-trace"],
                 ["validate", data / "data", "-o", out / "issues.xlsx"],
                 ["validate", data / "data", "-o", out / "issues.csv"],
                 ["batch", data / "data", data / "xdir", "-o", out / "batch", "--jobs", "2"],
                 ["template", out / "template.xlsx"]):  # fmt: skip
        result = invoke(*args, *FIXED[: 2 * (args[0] != "template")])
        clean(result, 0)
    assert not temporaries(tmp_path)
    assert not (out / "csv" / "trace.csv").exists()  # the earlier run's, removed with --no-trace
    assert sorted(p.name for p in (out / "csv").iterdir()) == sorted(
        n for n in CSV_FILES if n != "trace.csv")  # fmt: skip
    assert files(data) == before


def test_temporaries_are_private_and_the_report_gets_an_ordinary_mode(tmp_path, monkeypatch):
    seen: list[tuple[str, int]] = []

    class Watched(xlsx_save.WorksheetWriter):  # type: ignore[misc]
        def write(self) -> None:
            super().write()
            part = Path(self.out)
            seen.append(("part", stat.S_IMODE(part.stat().st_mode)))
            seen.append(("folder", stat.S_IMODE(part.parent.stat().st_mode)))

    monkeypatch.setattr(xlsx_save, "WorksheetWriter", Watched)
    clean(invoke("compute", WORKED_EXAMPLE, "-o", tmp_path / "report.xlsx", *FIXED), 0)
    assert seen and set(seen) == {("part", 0o600), ("folder", 0o700)}
    with atomic_file(tmp_path / "x.csv") as temp:
        assert stat.S_IMODE(temp.stat().st_mode) == 0o600
        assert stat.S_IMODE(temp.parent.stat().st_mode) == 0o700
        assert temp.parent.parent == tmp_path and temp.parent.name.startswith(TEMP_PREFIX)
        temp.write_text("a\n", encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    for name in ("x.csv", "report.xlsx"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask


def test_a_report_is_all_there_or_not_there(data, tmp_path, system_temp, monkeypatch):
    """The CSV set fails on its third file: no file of it under its final name; an earlier set
    stays as it was."""
    real = report_csv._write_lines
    calls = []

    def failing(path: Path, columns, texts) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            path.write_text("half a file", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, columns, texts)

    monkeypatch.setattr(report_csv, "_write_lines", failing)
    new = tmp_path / "new"
    clean(invoke("compute", data / "data", "-o", new, *FIXED), 2, f"Cannot write new in {tmp_path}",
          "no space left on device", "Free some space")  # fmt: skip
    assert not new.exists()
    monkeypatch.setattr(report_csv, "_write_lines", real)
    old = tmp_path / "old"
    clean(invoke("compute", data / "data", "-o", old, *FIXED), 0)
    (old / "mine.txt").write_text("the user's", encoding="utf-8")
    before = files(old)
    calls.clear()
    monkeypatch.setattr(report_csv, "_write_lines", failing)
    clean(invoke("compute", data / "data", "-o", old, "--no-trace", *FIXED), 2, "no space")
    assert files(old) == before
    assert not temporaries(tmp_path)


@pytest.mark.parametrize(
    ("code", "cause", "fix"),
    [(errno.ENOSPC, "no space left on device", "Free some space"),
     (errno.EDQUOT, "disk quota exceeded", "Free some space"),
     (errno.EROFS, "the disk is read-only", "Choose a folder you can write to"),
     (errno.EACCES, "permission denied", "close the file"),
     (errno.EIO, "I/O trouble", "Check the path")],
)  # fmt: skip
def test_a_write_that_fails_names_the_file_and_the_cause(
    data, tmp_path, system_temp, monkeypatch, code, cause, fix
):
    parts = []

    def failing(self, name, data, *args) -> None:
        parts.append(name)
        if len(parts) == 2:  # after a part is in the file
            raise OSError(code, "I/O trouble")
        real(self, name, data, *args)

    real = xlsx_save._FixedTimeZip.add_part
    monkeypatch.setattr(xlsx_save._FixedTimeZip, "add_part", failing)
    out = tmp_path / "out"
    out.mkdir()
    (out / "issues.xlsx").write_bytes(b"an earlier report")
    before, inputs = files(out), files(data)
    for name, command in (("report.xlsx", "compute"), ("issues.xlsx", "validate")):
        parts.clear()
        result = invoke(command, data / "data", "-o", out / name, *FIXED)
        clean(result, 2, f"Cannot write {name} in {out}: {cause}", fix)
    assert files(out) == before and files(data) == inputs
    assert not temporaries(tmp_path)


def test_a_failed_write_in_french_and_spanish(data, tmp_path, monkeypatch):
    def failing(*args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render_issues, "csv_lines", failing)
    result = invoke("validate", data / "data", "-o", tmp_path / "issues.csv", "--lang", "fr")
    clean(result, 2, "Impossible d'écrire issues.csv", "plus d'espace libre", "Libérez")
    monkeypatch.setattr(xlsx_save._FixedTimeZip, "add_part", failing)
    result = invoke("validate", data / "data", "-o", tmp_path / "issues.xlsx", "--lang", "es")
    clean(result, 2, "No se puede escribir issues.xlsx", "no queda espacio", "Libere")
    assert not list(tmp_path.glob("issues*")) and not temporaries(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder(data, tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        for args in (["validate", data / "data", "-o", out / "issues.xlsx"],
                     ["compute", data / "data", "-o", out / "report.xlsx"],
                     ["compute", data / "data", "-o", out / "csv"],
                     ["batch", data / "data", "-o", out / "batch"]):  # fmt: skip
            clean(invoke(*args, *FIXED), 2, "Cannot write", "permission denied")
        assert not list(out.iterdir())
    finally:
        out.chmod(0o700)


def test_a_batch_on_a_full_disk_stops_with_a_message(data, tmp_path, monkeypatch):
    """A worker cannot write: the batch stops (exit 2) naming the submission, OUTDIR and the
    cause; nothing published, no summary claiming an internal error."""

    def failing(*args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx_save._FixedTimeZip, "add_part", failing)
    out = tmp_path / "out"
    before = files(data)
    result = invoke("batch", data / "data", "-o", out, "--jobs", "1", *FIXED)
    clean(result, 2, f"Cannot write the reports of {data / 'data'} in {out}",
          "no space left on device")  # fmt: skip
    assert not out.exists() or not list(out.iterdir())
    assert files(data) == before


def test_a_batch_whose_comparison_cannot_be_written(data, tmp_path, monkeypatch):
    from jjindicators.render import comparison

    def failing(*args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(comparison, "save_workbook", failing)
    out = tmp_path / "out"
    result = invoke("batch", data / "data", "-o", out, "--jobs", "1", *FIXED)
    clean(result, 2, f"Cannot write comparison.xlsx in {out}", "no space")
    assert sorted(p.name for p in out.iterdir()) == ["Exampleland", "batch-summary.csv"]
    assert (out / "Exampleland" / "report.xlsx").is_file()
    assert not temporaries(tmp_path)


def test_stale_temporaries_of_jjinds_naming_are_swept_and_nothing_else(tmp_path):
    host = outputs._HOST
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        left = {
            f"{TEMP_PREFIX}{host}-{dead.pid}-abc123": True,  # a killed run's
            f"{TEMP_PREFIX}{host}-{sleeper.pid}-abc123": False,  # a running one's
            f"{TEMP_PREFIX}0badc0de-{dead.pid}-old": True,  # another machine's, two days old
            f"{TEMP_PREFIX}0badc0de-{dead.pid}-new": False,  # another machine's, running
            ".jjind-batch-k2j4h1x9": True,  # an old batch's staging
            f"{TEMP_PREFIX}notours": False,
            ".report.xlsx.k2j4h1x9.tmp": True,  # the old temporary of the target written
            ".issues.xlsx.k2j4h1x9.tmp": False,  # of another target
            "report.xlsx.tmp": False,
            "mine.tmp": False,
        }
        for name in left:
            path = tmp_path / name
            if name.endswith(".tmp"):
                path.write_bytes(b"x" * 1000)
            else:
                path.mkdir()
                (path / "part.xml").write_text("<sheet/>", encoding="utf-8")
        two_days = time.time() - 2 * 24 * 3600
        os.utime(tmp_path / f"{TEMP_PREFIX}0badc0de-{dead.pid}-old", (two_days, two_days))
        sweep(tmp_path, ["report.xlsx"])
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            n for n, stale in left.items() if not stale)  # fmt: skip
    finally:
        sleeper.kill()
        sleeper.wait()


# 5. Signals and real limits, in a process of their own.

# `jjind` with each sheet part slowed down: a signal comes while the report is being written.
SLOW = """
import sys, time
from jjindicators.xlsx import save as xlsx_save
real = xlsx_save._FixedTimeZip.add_part
def slow(self, *args, **kwargs):
    time.sleep(0.2)
    return real(self, *args, **kwargs)
xlsx_save._FixedTimeZip.add_part = slow
from jjindicators.cli import main
sys.argv = ["jjind", *sys.argv[1:]]
main()
"""


def jjind_process(tmp_path: Path, *args: str | Path, limit: int | None = None) -> subprocess.Popen:
    """`jjind` in a process of its own, its system temporary folder `tmp_path/system-temp`;
    `limit` caps the size of a file it writes (RLIMIT_FSIZE; writing beyond it fails with
    EFBIG, SIGXFSZ ignored)."""
    temp = tmp_path / "system-temp"
    temp.mkdir(exist_ok=True)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "TMPDIR": str(temp), "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, "-c", SLOW, *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=limited, text=True)  # fmt: skip


def wait_for_temporary(folder: Path, process: subprocess.Popen) -> Path:
    """The private folder of the write under way, once it holds a sheet part."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = [p for p in folder.glob(f"{TEMP_PREFIX}*/**/sheet*.xml")]
        if found:
            return next(p for p in found[0].parents if p.parent == folder)
        time.sleep(0.02)
    raise AssertionError(f"no temporary appeared: {process.communicate()}")


@pytest.mark.parametrize(
    ("sent", "code", "name"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")]
)
@pytest.mark.parametrize("command", ["compute", "batch"])
def test_a_signal_while_writing_leaves_nothing(data, tmp_path, sent, code, name, command):
    """Ctrl-C or SIGTERM while a report is written (a batch's: its workers are stopped)."""
    out = tmp_path / "out"
    out.mkdir()
    before = files(data)
    args = (["compute", data / "data", "-o", out / "report.xlsx"] if command == "compute" else
            ["batch", data / "data", data / "xdir", "-o", out, "--jobs", "2"])  # fmt: skip
    process = jjind_process(tmp_path, *args, *FIXED)
    wait_for_temporary(out, process)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert f"Stopped ({name})" in stderr and "nothing was left half-written" in stderr
    assert "Traceback" not in stderr
    assert not list(out.iterdir())
    assert not list((tmp_path / "system-temp").iterdir())
    assert files(data) == before


def test_after_a_kill_the_next_run_removes_what_was_left(data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    process = jjind_process(tmp_path, "compute", data / "data", "-o", out / "report.xlsx", *FIXED)
    left = wait_for_temporary(out, process)
    process.kill()
    process.communicate()
    assert left.is_dir() and stat.S_IMODE(left.stat().st_mode) == 0o700
    assert not (out / "report.xlsx").exists()
    assert not list((tmp_path / "system-temp").iterdir())  # the sheet parts were in `left`
    clean(invoke("compute", data / "data", "-o", out / "report.xlsx", *FIXED), 0)
    assert [p.name for p in out.iterdir()] == ["report.xlsx"]


@pytest.mark.parametrize(
    ("args", "words"),
    [(["compute", "{data}", "-o", "{out}/report.xlsx"], "Cannot write report.xlsx in {out}"),
     (["compute", "{data}", "-o", "{out}/csv"], "Cannot write csv in {out}"),
     (["validate", "{data}", "-o", "{out}/issues.xlsx"], "Cannot write issues.xlsx in {out}"),
     (["batch", "{data}", "-o", "{out}/batch", "--jobs", "1"],
      "Cannot write the reports of {data} in {out}/batch"),
     (["batch", "{data}", "{xdir}", "-o", "{out}/batch", "--jobs", "2"],
      "Cannot write the reports of")],
)  # fmt: skip
def test_a_file_size_limit_is_a_message_not_an_internal_error(data, tmp_path, args, words):
    """A real write that fails (EFBIG beyond RLIMIT_FSIZE, as on a full disk): exit 2, the file
    and the cause named, nothing under a final name, no temporary, nothing in the system's
    temporary folder."""
    out = tmp_path / "out"
    out.mkdir()
    names = {"data": data / "data", "xdir": data / "xdir", "out": out}
    before = files(data)
    process = jjind_process(tmp_path, *(a.format(**names) for a in args), *FIXED, limit=4_000)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stderr
    assert words.format(**names) in stderr, stderr
    assert "the file is larger than this system allows" in stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert not [p for p in out.rglob("*") if p.is_file()]
    assert not list((tmp_path / "system-temp").iterdir())
    assert files(data) == before


def _can_mount() -> bool:
    """Whether a disk can be mounted in a mount namespace of its own (root, `unshare -m`)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


# In a mount namespace of its own (gone with the process): a small disk, full, or read-only, at
# $DISK; jjind's command runs on it, then the files left on it are listed into $LIST.
ON_A_DISK = """
mount -t tmpfs -o "$OPTIONS" tmpfs "$DISK" || exit 99
dd if=/dev/zero of="$DISK/filler" bs=4096 count=100 2>/dev/null
"$@"; code=$?
find "$DISK" -type f > "$LIST"
exit $code
"""


@pytest.mark.skipif(not _can_mount(), reason="needs root and unshare -m to mount a disk")
@pytest.mark.parametrize(
    ("options", "cause"),
    [("size=64k", "no space left on device"), ("size=64k,ro", "the disk is read-only")],
)
@pytest.mark.parametrize(
    ("args", "words"),
    [(["validate", "{data}", "-o", "{disk}/issues.csv"], "Cannot write issues.csv in {disk}"),
     (["validate", "{data}", "-o", "{disk}/issues.xlsx"], "Cannot write issues.xlsx in {disk}"),
     (["compute", "{data}", "-o", "{disk}/report.xlsx"], "Cannot write report.xlsx in {disk}"),
     (["compute", "{data}", "-o", "{disk}/csv"], "Cannot write csv in {disk}"),
     (["batch", "{data}", "{xdir}", "-o", "{disk}/batch", "--jobs", "2"], "{disk}"),
     (["template", "{disk}/template.xlsx"], "Cannot write template.xlsx in {disk}")],
)  # fmt: skip
def test_a_real_full_or_read_only_disk(data, tmp_path, options, cause, args, words):
    disk = tmp_path / "disk"
    disk.mkdir()
    names = {"data": data / "data", "xdir": data / "xdir", "disk": disk}
    command = [a.format(**names) for a in args] + FIXED * (args[0] != "template")
    env = {**os.environ, "DISK": str(disk), "LIST": str(tmp_path / "left"), "OPTIONS": options,
           "TMPDIR": str(tmp_path / "system-temp"), "COLUMNS": "200"}  # fmt: skip
    (tmp_path / "system-temp").mkdir()
    before = files(data)
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", ON_A_DISK, "sh", sys.executable, "-c",
         "from jjindicators.cli import main; main()", *command],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert words.format(**names) in done.stderr and cause in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    left = (tmp_path / "left").read_text(encoding="utf-8").split()
    assert left in ([], [str(disk / "filler")])  # nothing of jjind's, not even a temporary
    assert not list((tmp_path / "system-temp").iterdir())
    assert files(data) == before
