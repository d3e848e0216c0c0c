"""`jjind forms` and `jjind schemas` as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from jjindicators.cli import app
from jjindicators.forms import FORMS
from jjindicators.schemas import form_catalogue

runner = CliRunner()


def test_forms_lists_every_form_and_field():
    result = runner.invoke(app, ["forms"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name, spec in FORMS.items():
        assert name in result.stdout
        for field in spec.fields:
            assert field in result.stdout


def test_forms_json_is_the_catalogue():
    result = runner.invoke(app, ["forms", "detention_census", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        f for f in form_catalogue() if f["name"] == "detention_census"
    ]


def test_unknown_form_exits_2():
    result = runner.invoke(app, ["forms", "arestss"])
    assert result.exit_code == 2
    assert "There is no form 'arestss'" in result.output


def test_schemas_check_passes_on_the_committed_files():
    result = runner.invoke(app, ["schemas", "schemas", "--docs", "docs", "--check"])
    assert result.exit_code == 0, result.output


def test_schemas_check_fails_on_stale_files(tmp_path):
    assert runner.invoke(app, ["schemas", str(tmp_path)]).exit_code == 0
    (tmp_path / "arrests.schema.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["schemas", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "arrests.schema.json" in result.output


def test_schemas_list():
    result = runner.invoke(app, ["schemas", "--list"])
    assert result.exit_code == 0
    assert all(name in result.stdout for name in FORMS)
