"""Options declared once (issue #18): `ComputeOptions`, `PublicationOptions` and `ValidateOptions`
are the one definition; the command line, jjind.toml, the docs and the README follow them."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import fields
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from conftest import TODAY, WORKED_EXAMPLE
from jjindicators.cli import app
from jjindicators.indicators import INDICATORS
from jjindicators.indicators.docs import indicator_page
from jjindicators.options import (
    ComputeOptions,
    PublicationOptions,
    cli_flag,
    cli_flags,
    load_options,
)
from jjindicators.validate import ValidateOptions

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = get_command(app).commands  # type: ignore[attr-defined]
# Which commands take each group of options.
TAKEN_BY = {
    ComputeOptions: ("compute", "batch"),
    PublicationOptions: ("compute", "batch"),
    ValidateOptions: ("validate", "compute", "batch"),
}


def flags_of(command: str) -> dict[str, str]:
    """Every flag of a command, with the name of the parameter it sets."""
    return {flag: p.name for p in COMMANDS[command].params
            for flag in (*p.opts, *p.secondary_opts)}  # fmt: skip


@pytest.mark.parametrize("options", list(TAKEN_BY), ids=lambda o: o.__name__)
def test_every_option_of_the_command_line_is_on_every_command_that_takes_its_group(options):
    for field in fields(options):
        for command in TAKEN_BY[options]:
            taken = flags_of(command)
            for flag in cli_flags(field):
                assert flag in taken, f"{command} lacks {flag} ({options.__name__}.{field.name})"


def test_each_compute_option_has_its_flag_its_help_and_its_own_name():
    for field in fields(ComputeOptions):
        assert field.metadata["cli"].startswith("--") and field.metadata["help"], field.name
        for command in ("compute", "batch"):
            taken = flags_of(command)
            assert taken[cli_flag(field)] == field.name, (command, field.name)
            help_text = next(p.help for p in COMMANDS[command].params if p.name == field.name)
            assert help_text == field.metadata["help"]


def test_batch_takes_every_option_compute_takes():
    # What only one submission has: shown on screen, compared with its own previous report (a
    # batch compares a country's periods with each other).
    own = {"--max-shown", "--previous"}
    assert set(flags_of("compute")) - own <= set(flags_of("batch"))


def test_the_library_only_options_are_few_and_known():
    library = {f.name for o in TAKEN_BY for f in fields(o) if not cli_flags(f)}
    assert library == {"max_issues", "max_zip_ratio"}


def test_jjind_toml_takes_every_compute_option_by_its_name(tmp_path):
    changed = ComputeOptions(age_breaks=(12, 16), pre_sentence_bands=(10, 20),
                             sentenced_bands=(100,), census_date=dt.date(2025, 6, 30),
                             child_ref_scope="national", census_fallback=False,
                             duration_headline="mean", exclude_invalid=True,
                             unreliable_below=20)  # fmt: skip
    assert all(getattr(changed, f.name) != f.default for f in fields(ComputeOptions))
    lines = ["[compute]"]
    for name, value in changed.describe().items():
        shown = str(value).lower() if isinstance(value, bool) else repr(value).replace("'", '"')
        lines.append(f"{name} = {shown}")
    (tmp_path / "jjind.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "data.xlsx").write_bytes(b"")
    assert load_options([tmp_path / "data.xlsx"]) == changed


def test_the_docs_option_tables_show_each_options_flag():
    for module in INDICATORS.values():
        page = indicator_page(module.META)
        for name in module.META.options:
            field = next(f for f in fields(ComputeOptions) if f.name == name)
            assert f"| `{name}` | `{cli_flag(field)}` |" in page, (module.META.number, name)


def test_the_readme_lists_every_option():
    for options in TAKEN_BY:
        for field in fields(options):
            flag = cli_flag(field)
            if flag and flag != "--today":  # a hidden option, for tests
                for each in cli_flags(field) if options is PublicationOptions else (flag,):
                    assert f"`{each}" in README, each


def _tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    found = {}
    for name in ("summary.csv", "indicators.csv", "coverage.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            found[name] = list(csv.DictReader(handle))
    return found


@pytest.mark.parametrize(
    ("args", "applied"),
    [
        (["--pre-sentence-bands", "10,20", "--sentenced-bands", "100,400"],
         {"pre_sentence_bands": "10, 20", "sentenced_bands": "100, 400"}),
        (["--child-ref-scope", "national", "--no-census-fallback"],
         {"child_ref_scope": "national", "census_fallback": "false"}),
        (["--census-date", "2025-06-30", "--duration-headline", "mean", "--age-breaks", "15"],
         {"census_date": "2025-06-30", "duration_headline": "mean", "age_breaks": "15"}),
    ],
    ids=["bands", "scope-and-fallback", "date-headline-ages"],
)  # fmt: skip
def test_batch_gives_the_figures_compute_gives_with_the_same_options(tmp_path, args, applied):
    runner = CliRunner()
    fixed = ["--today", TODAY.isoformat()]
    one = runner.invoke(app, ["compute", str(WORKED_EXAMPLE), "-o", str(tmp_path / "one"),
                              *args, *fixed])  # fmt: skip
    assert one.exit_code == 0, one.output
    many = runner.invoke(app, ["batch", str(WORKED_EXAMPLE), "-o", str(tmp_path / "many"),
                               "--jobs", "1", *args, *fixed])  # fmt: skip
    assert many.exit_code == 0, many.output
    batch = tmp_path / "many" / "Exampleland"
    assert _tables(batch) == _tables(tmp_path / "one")
    with (batch / "about.csv").open(encoding="utf-8", newline="") as handle:
        about = dict(csv.reader(handle))
    assert {name: about[f"option {name}"] for name in applied} == applied
