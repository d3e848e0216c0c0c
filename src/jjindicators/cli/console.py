"""The terminal views: the validation report (tables grouped by file and sheet, a summary line),
the indicators' summary table and the batch summary."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from jjindicators.batch import BatchResult
from jjindicators.compute import ComputeResult
from jjindicators.issues import Issue, ValidationReport
from jjindicators.render.people import count_text, value_text

BATCH_STYLES = {"ok": "green", "errors": "bold red", "unreadable": "bold red",
                "internal error": "bold red", "skipped (unchanged)": "cyan"}  # fmt: skip
STYLES = {"error": "bold red", "warning": "yellow", "notice": "cyan"}
RANK = {"error": 0, "warning": 1, "notice": 2}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_line(report: ValidationReport) -> Text:
    """`✗ 3 errors, 2 warnings, 5 notices in 2 files (1,234 rows read)`."""
    counts = report.counts
    rows = sum(report.rows_read.values())
    parts = ", ".join(_plural(counts[s], s) for s in ("error", "warning", "notice"))
    where = f"in {_plural(len(report.inputs), 'file')} ({_plural(rows, 'row')} read)"
    if report.valid:
        return Text(f"✓ No errors: {parts} {where}.", style="bold green")
    return Text(f"✗ {parts} {where}.", style="bold red")


def _group_table(issues: list[Issue]) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column("", no_wrap=True, width=7)
    table.add_column("Cell", no_wrap=True)
    table.add_column("Column", overflow="fold", max_width=18)
    table.add_column("Child", no_wrap=True)
    table.add_column("Problem and how to fix it", ratio=1, overflow="fold")
    for issue in issues:
        cell = issue.cell or (f"row {issue.row}" if issue.row else "")
        problem = Text(issue.message)
        problem.append(f"\n→ {issue.hint}", style="dim")
        problem.append(f"  [{issue.code}]", style="dim")
        table.add_row(
            Text(issue.severity, style=STYLES[issue.severity]),
            cell,
            escape(issue.column or ""),
            escape(issue.child_ref or ""),
            problem,
        )
    return table


def render_report(console: Console, report: ValidationReport, max_shown: int) -> None:
    """Print the issues grouped by file and sheet, errors first in each, then the summary.

    When there are more than `max_shown`, the most severe are the ones shown."""
    order = {issue: n for n, issue in enumerate(report.issues)}
    by_severity = sorted(report.issues, key=lambda i: (RANK[i.severity], order[i]))
    shown = by_severity[:max_shown] if max_shown >= 0 else by_severity
    hidden_issues = by_severity[len(shown) :]
    place: dict[tuple[str | None, str | None], int] = {}
    for issue in report.issues:
        place.setdefault((issue.file, issue.sheet), len(place))
    shown = sorted(shown, key=lambda i: (place[(i.file, i.sheet)], RANK[i.severity], order[i]))
    for (file, sheet), group in groupby(shown, key=lambda i: (i.file, i.sheet)):
        shown_sheet = sheet if sheet and not (file or "").endswith(sheet) else None
        title = " · ".join(x for x in (file or "submission", shown_sheet) if x)
        console.print(Text(title, style="bold underline"))
        console.print(_group_table(list(group)))
    hidden = len(hidden_issues)
    if hidden > 0:
        by_code = Counter(i.code for i in hidden_issues)
        top = ", ".join(f"{code} ×{n}" for code, n in by_code.most_common(5))
        console.print(
            Group(
                Text(f"… and {_plural(hidden, 'more issue')} not shown ({top}).", style="bold"),
                Text(
                    "See them all: --output issues.xlsx (to send back to the source), "
                    "--format json, or --max-shown -1.",
                    style="dim",
                ),
            )
        )
    if report.outside_period:
        counts = ", ".join(f"{form} {n:,}" for form, n in report.outside_period.items())
        console.print(f"Rows outside the reporting period (not counted): {counts}.")
    console.print(summary_line(report))


def render_summary(console: Console, result: ComputeResult) -> None:
    """Print one row per indicator (headline value, what it rests on, coverage, flags), then how
    many rows were left out and the validation summary line."""
    start, end = result.period
    table = Table(
        title=f"{escape(result.country)} · {start} to {end} · census date {result.census_date}",
        header_style="bold",
        expand=True,
    )
    table.add_column("#", no_wrap=True)
    table.add_column("Indicator", ratio=3, overflow="fold")
    table.add_column("Value", ratio=3, overflow="fold")
    table.add_column("Num. / den.", justify="right", no_wrap=True)
    table.add_column("Cover.", justify="right", no_wrap=True)
    table.add_column("Flags", ratio=2, min_width=16, overflow="fold")
    for (indicator, cell), row in zip(result.summary_cells(), result.summary(), strict=True):
        parts = [count_text(v) for v in (cell.numerator, cell.denominator) if v is not None]
        if cell.numerator is None and cell.denominator is not None:
            suppressed = cell.suppressed and cell.multiplier is not None
            parts = ["suppressed", parts[0]] if suppressed else [f"n = {parts[0]}"]
        coverage = "" if row["coverage"] is None else f"{row['coverage']:g} %"
        flagged = "partial" in indicator.flags or cell.value is None
        name = Text(row["name"])
        if row["core"]:
            name.append(" CORE", style="bold")
        value = Text(value_text(cell, with_unit=False), style="bold")
        if not isinstance(cell.value, str) and cell.value is not None:
            value.append(f" {cell.unit}")
        table.add_row(
            escape(row["indicator"]),
            name,
            value,
            " / ".join(parts),
            coverage,
            Text(row["flags"], style="yellow" if flagged else ""),
        )
    console.print(table)
    if len(result.excluded):
        console.print(
            f"{_plural(len(result.excluded), 'row')} with errors left out (--exclude-invalid); "
            "the report lists them."
        )
    console.print(summary_line(result.validation))


def render_batch(console: Console, result: BatchResult) -> None:
    """One row per submission (country, status, errors, warnings, indicators, coverage,
    seconds), then a line of totals and where the reports are."""
    table = Table(header_style="bold", expand=False)
    table.add_column("Country (folder)", overflow="fold")
    table.add_column("Status", no_wrap=True)
    for name in ("Errors", "Warn.", "Ind.", "Cover.", "Sec."):
        table.add_column(name, justify="right", no_wrap=True)
    for e in result.entries:
        table.add_row(
            escape(e.country if e.folder == e.country else f"{e.country or '?'} ({e.folder})"),
            Text(e.status, style=BATCH_STYLES.get(e.status, "")),
            f"{e.errors:,}",
            f"{e.warnings:,}",
            f"{e.indicators}" if e.succeeded else "",
            "" if e.coverage is None else f"{e.coverage:g} %",
            f"{e.seconds:.2f}",
        )
    console.print(table)
    done = sum(e.succeeded for e in result.entries)
    line = (f"{_plural(len(result.entries), 'submission')} in {result.seconds:.1f} s "
            f"({result.jobs} job{'s' if result.jobs > 1 else ''}): {done} computed, "
            f"{len(result.entries) - done} with errors.")  # fmt: skip
    console.print(Text(("✓ " if result.succeeded else "✗ ") + line,
                       style="bold green" if result.succeeded else "bold red"))  # fmt: skip
