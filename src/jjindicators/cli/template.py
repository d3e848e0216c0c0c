"""`jjind template`: a blank data-entry workbook to hand to the information sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jjindicators.cli.common import LangOption, chosen_language, err, guarded
from jjindicators.outputs import check_outputs
from jjindicators.render.words import Words
from jjindicators.template import write_template

HELP = (
    "Write a blank data-entry workbook: an instructions sheet and one sheet per form, "
    "with explained headers, drop-down lists for coded fields and date formats. In French or "
    "Spanish (--lang fr|es) the sheets, headers, notes and drop-down lists are in that language, "
    "and jjind reads the workbook back as it is.\n\n"
    "Example:  jjind template exampleland-2026.xlsx --forms arrests,decisions --counts"
)


def template_command(
    output: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    forms: Annotated[
        str | None,
        typer.Option(help="Only these forms, comma-separated (about and sources always come)."),
    ] = None,
    counts: Annotated[
        bool,
        typer.Option(
            help="Add a count (tally) sheet for each record form, for sources that "
            "can only send counts (docs/counts.md)."
        ),
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace the file if it exists.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a blank data-entry workbook."""
    words = Words(chosen_language(lang))
    check_outputs([output], replace=force, lang=words.lang)
    chosen = [f.strip() for f in forms.split(",") if f.strip()] if forms else None
    write_template(output, chosen, counts, words.lang)
    err.print(Text(words("console_template_written", path=output)))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("template", help=HELP)(guarded(template_command))
