"""`--help` is written for people: the value of an option is a word (`N`, `PATH`, `a|b`), never a
Python type (`<list[Path]>`, `<int range>`, `<bool>`, `<str>`)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from jjindicators.cli import app

runner = CliRunner()
COMMANDS = [["validate"], ["compute"], ["batch"], ["template"], ["schemas"], ["forms"],
            ["map", "suggest"]]  # fmt: skip
PYTHON_TYPE = re.compile(r"<(list\[|bool>|str>|int|float|path>|datetime>|text>)", re.IGNORECASE)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_in_words(command):
    done = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert done.exit_code == 0, done.output
    assert not PYTHON_TYPE.search(done.output), PYTHON_TYPE.search(done.output)


def test_an_option_shows_its_kind_of_value_and_a_switch_none():
    text = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"}).output
    assert re.search(r"--output\s+-o\s+PATH\s", text)
    assert re.search(r"--jobs\s+-j\s+N \[x>=1\]", text)
    assert re.search(r"--format\s+-f\s+table\|json\s", text)
    assert re.search(r"--resume\s+Skip submissions", text)  # a switch: no value shown
