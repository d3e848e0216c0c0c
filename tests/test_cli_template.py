"""`jjind template` as a user runs it."""

from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from jjindicators.cli import app

runner = CliRunner()


def test_template_writes_the_chosen_forms(tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", str(out), "--forms", "arrests,decisions"])
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(out).sheetnames
    assert {"about", "sources", "arrests", "decisions"} <= set(names)
    assert "detention_census" not in names


def test_template_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"precious")
    result = runner.invoke(app, ["template", str(out)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_bytes() == b"precious"
    assert runner.invoke(app, ["template", str(out), "--force"]).exit_code == 0


def test_unknown_form_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["template", str(tmp_path / "t.xlsx"), "--forms", "arests"])
    assert result.exit_code == 2
    assert "arests" in result.output and "arrests" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_template_must_be_xlsx(tmp_path):
    result = runner.invoke(app, ["template", str(tmp_path / "t.csv")])
    assert result.exit_code == 2
    assert ".xlsx" in result.output


def test_template_in_spanish_from_the_option_or_the_locale(tmp_path):
    out = tmp_path / "plantilla.xlsx"
    result = runner.invoke(app, ["template", str(out), "--forms", "arrests", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[:4] == [
        "Instrucciones", "Acerca del envío", "Fuentes de información", "Arrestos"
    ]  # fmt: skip
    result = runner.invoke(app, ["template", str(out), "--force"], env={"LANG": "es_ES.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "Instrucciones" in openpyxl.load_workbook(out).sheetnames
