"""`jjind forms`: the forms, their fields, types and allowed values, so nobody reads code."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from jjindicators.cli.common import FormatOption, OutputFormat, err, guarded, out, print_json
from jjindicators.schemas import form_catalogue

HELP = (
    "List the forms (sheets) jjind reads, with every field: its type, whether it is "
    "required, and the allowed values.\n\n"
    "Example:  jjind forms detention_census"
)


def forms_command(
    form: Annotated[str | None, typer.Argument(help="Show only this form.")] = None,
    format: FormatOption = OutputFormat.table,
) -> None:
    """List the forms and their fields."""
    catalogue = form_catalogue()
    if form is not None:
        catalogue = [f for f in catalogue if f["name"] == form]
        if not catalogue:
            names = ", ".join(f["name"] for f in form_catalogue())
            err.print(f"[red]There is no form {escape(repr(form))}.[/red] The forms are: {names}.")
            raise typer.Exit(2)
    if format is OutputFormat.json:
        print_json(catalogue)
        return
    for entry in catalogue:
        indicators = ", ".join(entry["indicators"])
        title = f"[bold]{entry['name']}[/bold] — {escape(entry['title'])}"
        out.print(title + (f" (indicators {indicators})" if indicators else ""))
        out.print(f"[dim]{escape(entry['description'])}[/dim]")
        table = Table(show_header=True, header_style="bold", expand=True)
        for column in ("field", "type", "required", "allowed values", "what it is"):
            table.add_column(column, overflow="fold")
        for field in entry["fields"]:
            allowed = ", ".join(field["allowed"] or [])
            if field.get("default") is not None:
                allowed += f" (default {field['default']})"
            table.add_row(field["name"], field["type"], "yes" if field["required"] else "",
                          escape(allowed), escape(field["note"] or ""))  # fmt: skip
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("forms", help=HELP)(guarded(forms_command))
