"""`batch --resume` trusts nothing it did not check: the cache holds keys and hashes only, the
figures compared are read back from the country's own files, and a cache that is tampered with,
odd, huge or linked is ignored with a notice and its submission computed again."""

from __future__ import annotations

import csv
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, country_folder
from jjindicators.batch import OK, SKIPPED, run_batch
from jjindicators.batch_cache import CACHE_FORMAT, CACHE_NAME, MAX_CACHE_BYTES, read_figures
from jjindicators.cli import app
from jjindicators.digest import sha256
from jjindicators.errors import OutputError
from jjindicators.options import ComputeOptions, PublicationOptions
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.validate import ValidateOptions

CHECKS = ValidateOptions(today=TODAY)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """Two countries computed once (the worked example, named Exampleland and Freedonia)."""
    root = tmp_path_factory.mktemp("cache")
    inputs = [country_folder(root, "exampleland", "Exampleland"),
              country_folder(root, "freedonia", "Freedonia")]  # fmt: skip
    result = run_batch(inputs, root / "out", None, CHECKS)
    assert [e.status for e in result.entries] == [OK, OK]
    return inputs, root / "out"


@pytest.fixture
def out(first, tmp_path) -> Path:
    """A copy of the first run's output, to spoil."""
    return Path(shutil.copytree(first[1], tmp_path / "out", symlinks=True))


def resume(first, out: Path, **kwargs):
    return run_batch(first[0], out, None, CHECKS, resume=True, **kwargs)


def cache(out: Path, country: str = "Exampleland") -> Path:
    return out / country / CACHE_NAME


def assert_recomputed(result, first, out: Path, *reasons: str) -> None:
    """Exampleland computed again (with a notice naming its cache and why), Freedonia skipped,
    and the comparison as the first run wrote it: each country's own figures."""
    assert [e.status for e in result.entries] == [OK, SKIPPED]
    assert len(result.notices) == 1, result.notices
    assert str(cache(out)) in result.notices[0]
    for reason in reasons:
        assert reason in result.notices[0]
    assert "is computed again" in result.notices[0]
    assert (out / "comparison.csv").read_bytes() == (first[1] / "comparison.csv").read_bytes()
    for country in ("Exampleland", "Freedonia"):
        own = {r["indicator"]: r["value"] for r in rows(out / country / "summary.csv")}
        compared = {r["indicator"]: r["value"] for r in rows(out / "comparison.csv")
                    if r["country"] == country}  # fmt: skip
        assert compared == own
    assert "999999" not in (out / "comparison.csv").read_text(encoding="utf-8")
    assert json.loads(cache(out).read_text())["format"] == CACHE_FORMAT  # written anew


def test_the_cache_holds_keys_and_hashes_only(first):
    data = json.loads(cache(first[1]).read_text(encoding="utf-8"))
    assert set(data) == {"format", "key", "coverage", "files"}
    assert set(data["files"]) == {"report.xlsx", *CSV_FILES}
    assert all(len(h) == 64 for h in data["files"].values())
    assert cache(first[1]).stat().st_size < 2_000
    text = cache(first[1]).read_text(encoding="utf-8")
    for figure in {r["value"] for r in rows(first[1] / "Exampleland" / "summary.csv")} - {""}:
        assert f'"{figure}"' not in text and f": {figure}," not in text


def test_an_unchanged_folder_is_skipped_with_the_same_row_and_figures(first, out, tmp_path):
    before = run_batch(first[0], tmp_path / "fresh", None, CHECKS)
    result = resume(first, out)
    assert [e.status for e in result.entries] == [SKIPPED, SKIPPED]
    assert result.notices == ()
    fresh = [e.to_dict() | {"status": "", "seconds": 0} for e in before.entries]
    assert [e.to_dict() | {"status": "", "seconds": 0} for e in result.entries] == fresh
    assert result.figures == before.figures
    assert result.entries[0].warnings > 0 and result.entries[0].indicators == 15


def test_a_cache_with_figures_of_its_own_publishes_none_of_them(first, out):
    """Before issue #17 the cache held the figures, and its 999999 reached comparison.csv."""
    data = json.loads(cache(out).read_text(encoding="utf-8"))
    data["figures"] = {"country": "Exampleland", "rows": [{"indicator": "2", "value": 999999}]}
    cache(out).write_text(json.dumps(data), encoding="utf-8")
    assert_recomputed(resume(first, out), first, out, "not in the form jjind writes")


def test_a_cache_of_the_old_form_is_not_used(first, out):
    """The form of before issue #17: the entry and the figures, trusted as they were."""
    old = {
        "key": json.loads(cache(out).read_text())["key"],
        "entry": {"country": "Exampleland", "status": "ok", "coverage": 100.0},
        "figures": {"country": "Exampleland", "rows": [{"indicator": "2", "value": 999999}]},
    }
    cache(out).write_text(json.dumps(old), encoding="utf-8")
    assert_recomputed(resume(first, out), first, out, "written by another version of jjind")


@pytest.mark.parametrize("name", ["summary.csv", "about.csv", "report.xlsx", "trace.csv"])
def test_a_report_file_changed_since_written_is_not_trusted(first, out, name):
    path = out / "Exampleland" / name
    if name == "summary.csv":
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        cells = text[2].split(",")
        cells[3] = "999999"  # indicator 2's value, as a hand edit in a spreadsheet would
        path.write_text("".join([*text[:2], ",".join(cells), *text[3:]]), encoding="utf-8")
    else:
        with path.open("ab") as handle:
            handle.write(b"\n")
    result = resume(first, out)
    assert_recomputed(result, first, out, f"{name} is not as jjind wrote it")
    written = (first[1] / "Exampleland" / name).read_bytes()
    assert (out / "Exampleland" / name).read_bytes() == written


def test_a_missing_file_and_an_added_one(first, out):
    (out / "Exampleland" / "trace.csv").unlink()
    assert_recomputed(resume(first, out), first, out, "trace.csv is missing")
    (out / "Exampleland" / "issues.xlsx").write_bytes(b"not ours")
    assert_recomputed(resume(first, out), first, out, "issues.xlsx is not among the files")
    assert not (out / "Exampleland" / "issues.xlsx").exists()  # jjind's own name: replaced


def test_the_figures_compared_are_always_the_folders_own(first, out):
    """Someone who rewrites summary.csv and its hash in the cache gets their figure compared:
    the hashes are not a signature; but the comparison then says what the folder's own
    summary.csv says, never a figure that is in no report file."""
    path = out / "Exampleland" / "summary.csv"
    summary = rows(path)
    summary[1]["value"] = "999999"  # indicator 2
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(summary[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(summary)
    data = json.loads(cache(out).read_text())
    data["files"]["summary.csv"] = sha256(path)
    cache(out).write_text(json.dumps(data), encoding="utf-8")
    result = resume(first, out)
    assert [e.status for e in result.entries] == [SKIPPED, SKIPPED]
    compared = {r["indicator"]: r["value"] for r in rows(out / "comparison.csv")
                if r["country"] == "Exampleland"}  # fmt: skip
    assert compared == {r["indicator"]: r["value"] for r in rows(path)}
    assert compared["2"] == "999999"
    assert result.figures[0] == replace(read_figures(out / "Exampleland"), folder="Exampleland")


def deep(n: int) -> str:
    return "[" * n + "]" * n


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (deep(100_000), "nested too deeply"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        (b"\x80\x81 not UTF-8", "not valid JSON"),
        ('{"format": 2, "key": Infinity}', "not valid JSON"),
        ('{"format": 2, "key": NaN}', "not valid JSON"),
        ("[]", "not in the form"),
        ('"text"', "not in the form"),
        ("null", "not in the form"),
        ("12", "not in the form"),
    ],
)
def test_a_cache_that_does_not_parse_is_ignored(first, out, text, reason):
    cache(out).write_bytes(text if isinstance(text, bytes) else text.encode())
    assert_recomputed(resume(first, out), first, out, reason)


def spoil(data: dict, change: str) -> dict:
    """The first run's cache changed one way (`change`: a short label)."""
    key, files = data["key"], data["files"]
    return {
        "key number": data | {"key": 5},
        "key short": data | {"key": key[:10]},
        "key upper": data | {"key": key.upper()},
        "format text": data | {"format": "2"},
        "format true": data | {"format": True},
        "format 3": data | {"format": 3},
        "files list": data | {"files": list(files)},
        "files path": data | {"files": files | {"../../etc/passwd": key}},
        "files hash number": data | {"files": files | {"summary.csv": 1}},
        "files hash null": data | {"files": files | {"summary.csv": None}},
        "files missing one": data | {"files": {k: v for k, v in files.items() if k != "about.csv"}},
        "files deep": data | {"files": {"summary.csv": [[[[key]]]]}},
        "coverage text": data | {"coverage": "100"},
        "coverage true": data | {"coverage": True},
        "coverage huge": data | {"coverage": 1e300},
        "coverage negative": data | {"coverage": -1},
        "coverage list": data | {"coverage": [100]},
        "extra key": data | {"entry": {"warnings": 0}},
        "no key": {k: v for k, v in data.items() if k != "key"},
    }[change]


CHANGES = ["key number", "key short", "key upper", "format text", "format true", "format 3",
           "files list", "files path", "files hash number", "files hash null", "files missing one",
           "files deep", "coverage text", "coverage true", "coverage huge", "coverage negative",
           "coverage list", "extra key", "no key"]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES)
def test_a_cache_of_the_wrong_shape_or_types_is_ignored(first, out, change):
    data = spoil(json.loads(cache(out).read_text(encoding="utf-8")), change)
    cache(out).write_text(json.dumps(data), encoding="utf-8")
    result = resume(first, out)
    if change in ("key number", "key short", "key upper", "no key"):
        # No valid key: it matches no submission; the folder is computed again all the same.
        assert result.entries[0].status == OK
    assert_recomputed(result, first, out, "not in the form jjind writes"
                      if not change.startswith("format") else "")  # fmt: skip


def test_a_cache_of_100_mb_is_not_read(first, out):
    """A huge cache took 4 GB: its size is checked before it is read."""
    data = json.loads(cache(out).read_text(encoding="utf-8"))
    with cache(out).open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(data)[:-1] + ', "pad": "')
        block = "x" * (1 << 20)
        for _ in range(100):
            handle.write(block)
        handle.write('"}')
    assert cache(out).stat().st_size > 100 * MAX_CACHE_BYTES
    assert_recomputed(resume(first, out), first, out, "it is over 1 MB")


def test_a_cache_that_is_a_symlink_stops_the_batch_and_a_directory_is_ignored(first, out, tmp_path):
    """jjind never writes through a link in OUTDIR (`outputs.check_links`): a linked cache stops
    the batch before anything is computed, the link and its target left as they are."""
    elsewhere = tmp_path / "elsewhere.json"
    shutil.copy(cache(out), elsewhere)  # a valid cache, outside OUTDIR
    before = elsewhere.read_bytes()
    cache(out).unlink()
    cache(out).symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        resume(first, out)
    assert cache(out).is_symlink() and elsewhere.read_bytes() == before
    cache(out).unlink()
    cache(out).mkdir()
    (cache(out) / "x").write_text("{}")
    result = resume(first, out)
    assert [e.status for e in result.entries] == [OK, SKIPPED]
    assert "not a regular file" in result.notices[0]


def test_a_country_folder_that_is_a_symlink_stops_the_batch(first, out, tmp_path):
    """A country folder linked from elsewhere: nothing is taken out of it or written into it."""
    elsewhere = Path(shutil.copytree(out / "Freedonia", tmp_path / "elsewhere"))
    shutil.rmtree(out / "Freedonia")
    (out / "Linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match="symbolic link"):
        resume(first, out)
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
        p.name for p in (first[1] / "Freedonia").iterdir()
    )  # nothing taken out of the linked folder


def test_a_fifo_in_place_of_the_cache_does_not_hang(first, out):
    cache(out).unlink()
    os.mkfifo(cache(out))
    result = resume(first, out)
    assert [e.status for e in result.entries] == [OK, SKIPPED]
    assert "not a regular file" in result.notices[0]


def test_resume_in_another_language_reads_the_same_counts(first, tmp_path):
    out = tmp_path / "fr"
    fresh = run_batch(first[0], out, None, CHECKS, lang="fr")
    again = run_batch(first[0], out, None, CHECKS, lang="fr", resume=True)
    assert [e.status for e in again.entries] == [SKIPPED, SKIPPED]
    strip = [e.to_dict() | {"status": "", "seconds": 0} for e in fresh.entries]
    assert [e.to_dict() | {"status": "", "seconds": 0} for e in again.entries] == strip
    spoilt = run_batch(first[0], out, {"age_breaks": (13,)}, CHECKS, lang="fr", resume=True)
    assert [e.status for e in spoilt.entries] == [OK, OK]
    cache(out).write_text("[]")
    noticed = run_batch(first[0], out, {"age_breaks": (13,)}, CHECKS, lang="fr", resume=True)
    assert "n'a pas été utilisé (il n'a pas la forme qu'écrit jjind)" in noticed.notices[0]


def test_resume_without_trace(first, tmp_path):
    out = tmp_path / "no-trace"
    from jjindicators.options import PublicationOptions

    publication = PublicationOptions(trace="none")
    run_batch(first[0], out, None, CHECKS, publication=publication)
    assert not (out / "Exampleland" / "trace.csv").exists()
    again = run_batch(first[0], out, None, CHECKS, resume=True, publication=publication)
    assert [e.status for e in again.entries] == [SKIPPED, SKIPPED] and again.notices == ()


def test_the_cli_says_which_cache_it_ignored_and_why(first, tmp_path):
    out = tmp_path / "out"
    args = ["batch", *map(str, first[0]), "-o", str(out), "--resume", "--today", TODAY.isoformat()]
    assert CliRunner().invoke(app, args).exit_code == 0
    cache(out).write_text(deep(100_000))
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    message = " ".join(result.stderr.split())
    assert f"--resume: {cache(out)} was not used (it is nested too deeply)" in message
    assert "Traceback" not in result.output
    assert "skipped (unchanged)" in result.stdout and "│ ok " in result.stdout


def test_a_file_over_the_size_limit_is_not_read_to_make_the_key(tmp_path, monkeypatch):
    """A file jjind refuses for its size is never read whole to be hashed (issue #17): its key
    rests on its size and time of change, and a change of either is a change."""
    from jjindicators import batch_cache
    from jjindicators.submissions import Submission

    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:  # a sparse file of 50 MB
        handle.truncate(50 * 1024 * 1024)
    read: list[Path] = []
    monkeypatch.setattr(batch_cache, "sha256", lambda path: read.append(path) or "x")
    sub = Submission((str(big),), str(big), "big")
    args = (ComputeOptions(), ValidateOptions(max_file_mb=10), PublicationOptions(), "en")
    key = batch_cache.cache_key(sub, *args)
    assert read == []
    with big.open("r+b") as handle:
        handle.truncate(60 * 1024 * 1024)
    assert batch_cache.cache_key(sub, *args) != key
    batch_cache.cache_key(sub, ComputeOptions(), ValidateOptions(max_file_mb=100),
                          PublicationOptions(), "en")  # fmt: skip
    assert read == [big]  # within the limit: its bytes are hashed
