"""The library's public face: it imports without the command line, and says what it exports."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_typer_or_rich():
    code = (
        "import sys, jjindicators, jjindicators.template, jjindicators.schemas, "
        "jjindicators.render\n"
        "jjindicators.validate(['tests/data/worked-example'])\n"
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
