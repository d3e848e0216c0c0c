"""`jjind map suggest`: draft a mapping profile for a submission in its own format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jjindicators.cli.common import EncodingOption, Inputs, chosen_language, err, guarded
from jjindicators.mapping.suggest import suggest_profile
from jjindicators.outputs import atomic_file, check_outputs

HELP = (
    "Draft a mapping profile (TOML) for a submission that is not in jjind's template: its "
    "sheets, headers and codes matched against the forms' names, labels and aliases. What "
    'could not be matched is written as "?": fill those in by hand, check the rest, then '
    "use it with --mapping on validate, compute and batch.\n\n"
    'Exit code: 0 drafted (with or without "?" lines), 1 a file could not be read, 2 usage '
    "problem.\n\n"
    "Example:  jjind map suggest envio-2025.xlsx -o country.toml"
)
map_app = typer.Typer(help="Mapping profiles: read a country's own format.", no_args_is_help=True)


def suggest_command(
    paths: Inputs,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the draft here (default: print it).", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    encoding: EncodingOption = "utf-8",
) -> None:
    """Draft a mapping profile."""
    lang = chosen_language(None)
    check_outputs([output] if output else [], paths, replace=force, lang=lang)
    draft = suggest_profile(list(paths), encoding)
    for issue in draft.issues:
        err.print(
            Text.assemble(
                (f"{issue.file}: {issue.text('message', lang)}", "red"),
                " ",
                issue.text("hint", lang),
            )
        )
    text = draft.to_toml()
    if output is None:
        typer.echo(text, nl=False)
    else:
        with atomic_file(output, lang) as temp:
            temp.write_text(text, encoding="utf-8")
        err.print(Text(f"Draft written to {output}"))
    left = len(draft.unresolved)
    if left:
        err.print(f'{left} line{"s" if left > 1 else ""} could not be matched ("?"): write '
                  "what each stands for before using the profile.")  # fmt: skip
    raise typer.Exit(1 if draft.issues else 0)


def register(app: typer.Typer) -> None:
    """Add the `map` command group to the app."""
    map_app.command("suggest", help=HELP)(guarded(suggest_command))
    app.add_typer(map_app, name="map")
