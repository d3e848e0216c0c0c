"""The library's public face: it imports without the command line, and says what it exports."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_typer_or_rich():
    code = (
        "import sys, jjindicators, jjindicators.template, jjindicators.schemas, "
        "jjindicators.render\n"
        "jjindicators.validate(['tests/data/worked-example'])\n"
        "import tempfile, pathlib\n"
        "result = jjindicators.compute(['tests/data/worked-example'])\n"
        "out = pathlib.Path(tempfile.mkdtemp())\n"
        "jjindicators.render.write_report_xlsx(result, out / 'r.xlsx')\n"
        "jjindicators.render.write_report_csv(result, out / 'csv')\n"
        "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\n"
        "print(bad)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_public_api_is_declared():
    import jjindicators

    for name in jjindicators.__all__:
        assert hasattr(jjindicators, name), name
    assert {"validate", "check_submission", "read_inputs", "FORMS", "CATALOGUE"} <= set(
        jjindicators.__all__
    )


def test_every_command_is_documented_and_its_help_ends_with_an_example():
    from pathlib import Path

    from typer.main import get_command

    from jjindicators.cli import app

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert set(commands) == {"validate", "compute", "batch", "map", "template", "forms", "schemas"}
    for name, command in commands.items():
        assert f"`jjind {name}" in readme, name
        for sub, leaf in getattr(command, "commands", {name: command}).items():
            assert leaf.help.strip().splitlines()[-1].startswith("Example:  jjind "), sub


def test_every_issue_code_is_documented():
    from pathlib import Path

    from jjindicators.catalogue import CATALOGUE

    page = (Path(__file__).parent.parent / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"`{code}`" in page, code
