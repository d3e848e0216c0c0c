"""`jjind schemas`: write the JSON schemas of the forms (generated from the models)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from jjindicators.cli.common import err, guarded, out
from jjindicators.schemas import (
    form_catalogue,
    stale_docs,
    stale_schemas,
    write_docs,
    write_schemas,
)

HELP = (
    "Write schemas/<form>.schema.json for every form, generated from the models; with "
    "--docs, also the docs tables of forms and issue codes. --check only reports "
    "stale files (exit 1).\n\n"
    "Example:  jjind schemas schemas --docs docs"
)


def schemas_command(
    directory: Annotated[Path, typer.Argument(help="Folder for the schema files.")] = Path(
        "schemas"
    ),
    docs: Annotated[
        Path | None, typer.Option(help="Also write forms.md and issue-codes.md into this folder.")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Only check; exit 1 if stale.")] = False,
    list_forms: Annotated[bool, typer.Option("--list", help="List the forms and stop.")] = False,
) -> None:
    """Write (or check) the JSON schemas of the forms."""
    if list_forms:
        for entry in form_catalogue():
            out.print(f"{entry['name']:<20} {entry['title']}")
        return
    if check:
        stale = stale_schemas(directory) + (stale_docs(docs) if docs is not None else [])
        for name in stale:
            how = escape(f"{name} (run `jjind schemas {directory}` to update)")
            err.print(f"[red]stale:[/red] {how}")
        raise typer.Exit(1 if stale else 0)
    written = write_schemas(directory) + (write_docs(docs) if docs is not None else [])
    err.print(Text(f"Wrote {len(written)} files: {', '.join(str(p) for p in written)}"))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("schemas", help=HELP)(guarded(schemas_command))
