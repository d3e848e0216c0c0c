"""`--debug`, before the command or after it: the traceback of an internal error in every command
(batch's workers included), and never a traceback without it (children's data may be in one)."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators.cli import app
from jjindicators.indicators import INDICATORS

runner = CliRunner()
FIXED = ["--today", TODAY.isoformat()]
# What the failure says: a value of the data, as an exception's message may hold one.
SECRET = "child K1 born 2010-01-01"


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


def boom(*args, **kwargs):
    raise RuntimeError(f"boom on {SECRET}")


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Indicator 1 fails with a bug (in this process, and in batch's forked workers)."""
    monkeypatch.setattr(INDICATORS["1"], "compute", boom)


def assert_traceback(stderr: str) -> None:
    assert "Traceback (most recent call last)" in stderr
    assert f"RuntimeError: boom on {SECRET}" in stderr


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and SECRET not in text and "boom" not in text


def test_debug_before_the_command_shows_the_traceback(broken, tmp_path):
    """`jjind --debug compute ...` said only "Run again with --debug for details"."""
    result = invoke("--debug", "compute", WORKED_EXAMPLE, "-o", tmp_path / "r.xlsx", *FIXED)
    assert result.exit_code == 3, result.output
    assert_traceback(result.stderr)
    assert "internal error (RuntimeError): the traceback is above" in result.stderr
    assert "Run it again with --debug" not in result.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_debug_after_the_command_shows_the_traceback(broken, tmp_path):
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "--debug")
    assert result.exit_code == 3, result.output
    assert_traceback(result.stderr)


def test_without_debug_no_traceback_and_how_to_see_it(broken):
    result = invoke("compute", WORKED_EXAMPLE, *FIXED)
    assert result.exit_code == 3, result.output
    assert_no_traceback(result.stdout, result.stderr)
    message = " ".join(result.stderr.split())
    assert "jjind stopped on an internal error (RuntimeError)" in message
    assert "Run it again with --debug to see where" in message


def test_the_message_is_in_the_chosen_language(broken):
    result = invoke("compute", WORKED_EXAMPLE, *FIXED, "--lang", "fr")
    assert result.exit_code == 3, result.output
    assert "jjind s'est arrêté sur une erreur interne (RuntimeError)" in result.stderr
    assert "Relancez-le avec --debug" in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("module", "name", "args"),
    [
        ("validate", "run_validate", ["validate", WORKED_EXAMPLE]),
        ("compute", "run_compute", ["compute", WORKED_EXAMPLE]),
        ("batch", "run_batch", ["batch", WORKED_EXAMPLE, "-o", "{tmp}/out"]),
        ("template", "write_template", ["template", "{tmp}/t.xlsx"]),
        ("forms", "form_catalogue", ["forms"]),
        ("schemas", "write_schemas", ["schemas", "{tmp}/schemas"]),
        ("mapping", "suggest_profile", ["map", "suggest", WORKED_EXAMPLE, "-o", "{tmp}/p.toml"]),
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_every_command_takes_debug_before_or_after_it(
    monkeypatch, tmp_path, module, name, args, where
):
    import importlib

    monkeypatch.setattr(importlib.import_module(f"jjindicators.cli.{module}"), name, boom)
    args = [str(a).format(tmp=tmp_path) for a in args]
    result = invoke(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert result.exit_code == 3, result.output
    assert_traceback(result.stderr)
    plain = invoke(*args)
    assert plain.exit_code == 3, plain.output
    assert_no_traceback(plain.stdout, plain.stderr)


def test_the_console_script_shows_the_traceback_with_debug(tmp_path):
    """Through `main()`, as a user runs it (it leaves with os._exit)."""
    script = (
        "import sys\n"
        "from jjindicators.indicators import INDICATORS\n"
        "def boom(data):\n"
        f"    raise RuntimeError('boom on {SECRET}')\n"
        "INDICATORS['1'].compute = boom\n"
        "from jjindicators.cli import main\n"
        "sys.argv = ['jjind', *sys.argv[1:]]\n"
        "main()\n"
    )
    command = [sys.executable, "-c", script]
    found = subprocess.run([*command, "--debug", "compute", str(WORKED_EXAMPLE), *FIXED],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert found.returncode == 3, found.stderr
    assert_traceback(found.stderr)
    plain = subprocess.run([*command, "compute", str(WORKED_EXAMPLE), *FIXED],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert plain.returncode == 3
    assert_no_traceback(plain.stdout, plain.stderr)


# The workers of `--jobs 2` see the broken indicator only when they are forked from this process.
needs_fork = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers are not forked"
)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_batch_shows_each_workers_traceback_with_debug(broken, countries, tmp_path, jobs):
    inputs = countries[:2]
    result = invoke("--debug", "batch", *inputs, "-o", tmp_path / "out", "-j", jobs, *FIXED)
    assert result.exit_code == 1, result.output  # the batch goes on: each submission fails
    assert result.stdout.count("internal error") == 2
    for path in inputs:
        assert f"Internal error on {path}:" in result.stderr
    assert result.stderr.count("Traceback (most recent call last)") == 2
    assert result.stderr.count(f"RuntimeError: boom on {SECRET}") == 2
    assert "in boom" in result.stderr  # where it happened, in the worker
    summary = (tmp_path / "out" / "batch-summary.csv").read_text(encoding="utf-8")
    assert_no_traceback(summary)  # a traceback goes to the screen, never into a file


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_batch_without_debug_shows_no_traceback(broken, countries, tmp_path, jobs):
    result = invoke("batch", *countries[:2], "-o", tmp_path / "out", "-j", jobs, *FIXED)
    assert result.exit_code == 1, result.output
    assert_no_traceback(result.stdout, result.stderr)
    message = " ".join(result.stderr.split())
    assert "Submissions stopped on an internal error (a bug): 2" in message
    assert "Run it again with --debug" in message


def test_batch_json_never_holds_a_traceback(broken, countries, tmp_path):
    result = invoke("batch", countries[0], "-o", tmp_path / "out", "-f", "json", "-j", 1,
                    "--debug", *FIXED)  # fmt: skip
    assert result.exit_code == 1, result.output
    assert_no_traceback(result.stdout)
    assert json.loads(result.stdout)["submissions"][0]["status"] == "internal error"
    assert_traceback(result.stderr)
