"""The terminal views: the validation report (tables grouped by file and sheet, a summary line),
the indicators' summary table and the batch summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from jjindicators.batch import BatchResult
from jjindicators.catalogue import Code
from jjindicators.changes import Change, change_issue
from jjindicators.compute import ComputeResult
from jjindicators.indicators.codes import PARTIAL, UNRELIABLE
from jjindicators.issues import Issue, ValidationReport
from jjindicators.render.figures import MARK, interval_text, value_text
from jjindicators.render.words import Words

BATCH_STYLES = {"ok": "green", "errors": "bold red", "unreadable": "bold red",
                "internal error": "bold red", "skipped (unchanged)": "cyan"}  # fmt: skip
STYLES = {"error": "bold red", "warning": "yellow", "notice": "cyan"}
RANK = {"error": 0, "warning": 1, "notice": 2}


def _status(status: str, words: Words) -> str:
    """A submission's status in words: `ok`, `errors`, `skipped (unchanged)`..."""
    name = {"skipped (unchanged)": "skipped"}.get(status, status.replace(" ", "_"))
    return words(f"batch_status_{name}")


def summary_line(
    report: ValidationReport, words: Words | None = None, missing: bool = False
) -> Text:
    """`✗ 3 errors, 2 warnings, 5 notices in 2 files (1,234 rows read)`; with `missing`, then
    the indicators that cannot be computed for want of a form (`missing_text`)."""
    words = words or Words()
    counts = report.counts
    rows = sum(report.rows_read.values())
    parts = ", ".join(words.count(counts[s], s) for s in ("error", "warning", "notice"))
    where = words("console_where", files=words.count(len(report.inputs), "file"),
                  rows=words.count(rows, "row"))  # fmt: skip
    if report.valid:
        line = Text(words("console_valid", counts=parts, where=where), style="bold green")
    else:
        line = Text(words("console_invalid", counts=parts, where=where), style="bold red")
    if missing and report.missing_forms:
        line.append(" " + missing_text(report, words), style="bold yellow")
    return line


def missing_text(report: ValidationReport, words: Words) -> str:
    """`Indicators 4, 5, 6, 11 cannot be computed: no detention_register.`, one sentence per form
    the submission does not send (`ValidationReport.missing_forms`)."""
    sentences = []
    for missing in report.missing_forms:
        numbers = ", ".join(missing.indicators)
        name = f"console_missing_{'one' if len(missing.indicators) == 1 else 'many'}"
        if missing.form == "population":
            name = "console_missing_rates"
        sentences.append(words(name, numbers=numbers, form=words.form(missing.form)))
    return " ".join(sentences)


def _group_table(issues: list[Issue], words: Words) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column("", no_wrap=True, width=7)
    table.add_column(words("console_cell"), no_wrap=True)
    table.add_column(words("console_column"), overflow="fold", max_width=18)
    table.add_column(words("console_child"), no_wrap=True)
    table.add_column(words("console_problem"), ratio=1, overflow="fold")
    for issue in issues:
        cell = issue.cell or (words("console_row", row=issue.row) if issue.row else "")
        problem = Text(issue.text("message", words.lang))
        problem.append(f"\n→ {issue.text('hint', words.lang)}", style="dim")
        problem.append(f"  [{issue.code}]", style="dim")
        table.add_row(
            Text(words(f"console_severity_{issue.severity}"), style=STYLES[issue.severity]),
            cell,
            escape(issue.column or ""),
            escape(issue.child_ref or ""),
            problem,
        )
    return table


def render_report(
    console: Console, report: ValidationReport, max_shown: int, words: Words | None = None
) -> None:
    """Print the issues grouped by file and sheet, errors first in each, then the summary.

    When there are more than `max_shown`, the most severe are the ones shown."""
    words = words or Words()
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
        title = " · ".join(x for x in (file or words("console_submission"), shown_sheet) if x)
        console.print(Text(title, style="bold underline"))
        console.print(_group_table(list(group), words))
    hidden = len(hidden_issues)
    if hidden > 0:
        by_code = Counter(i.code for i in hidden_issues)
        top = ", ".join(f"{code} ×{n}" for code, n in by_code.most_common(5))
        console.print(
            Group(
                Text(
                    words("console_not_shown", more=words.count(hidden, "more"), top=top),
                    style="bold",
                ),
                Text(words("console_see_all"), style="dim"),
            )
        )
    if report.outside_period:
        counts = ", ".join(f"{form} {n:,}" for form, n in report.outside_period.items())
        console.print(words("console_outside_period", counts=counts))
    console.print(summary_line(report, words, missing=True))


def render_summary(console: Console, result: ComputeResult, words: Words | None = None) -> None:
    """Print one row per indicator (headline value, what it rests on, coverage, flags), then how
    many rows were left out and the validation summary line."""
    words = words or Words()
    start, end = result.period
    period = words("span", start=start, end=end)
    table = Table(
        title=words("console_title", country=escape(result.country), period=period,
                    date=result.census_date),
        header_style="bold",
        expand=True,
    )  # fmt: skip
    table.add_column("#", no_wrap=True)
    table.add_column(words("console_indicator"), ratio=3, overflow="fold")
    table.add_column(words("console_value"), ratio=3, overflow="fold")
    table.add_column(words("console_num_den"), justify="right", no_wrap=True)
    table.add_column(words("console_coverage"), justify="right", no_wrap=True)
    table.add_column(words("console_flags"), ratio=2, min_width=16, overflow="fold")
    unreliable = False
    for (indicator, cell), row in zip(result.summary_cells(), result.summary(), strict=True):
        parts = [words.number(v) for v in (cell.numerator, cell.denominator) if v is not None]
        if cell.numerator is None and cell.denominator is not None:
            suppressed = cell.suppressed and cell.multiplier is not None
            if suppressed:
                parts = [words("suppressed"), parts[0]]
            else:  # a duration's n; a rate or share whose numerator is not known: "— / den"
                parts = [f"n = {parts[0]}"] if cell.multiplier is None else ["—", parts[0]]
        percent = row["coverage"]
        coverage = "" if percent is None else f"{words.number(percent)} %"
        flagged = PARTIAL in indicator.flags or cell.value is None
        name = Text(row["name"])
        if row["core"]:
            name.append(f" {words('core')}", style="bold")
        value = Text(value_text(cell, with_unit=False, words=words), style="bold")
        if not isinstance(cell.value, str) and cell.value is not None:
            value.append(f" {words.unit(row['unit'])}")  # `days (median)`: the summary's unit
        if UNRELIABLE in cell.flags:
            value.append(f" {MARK}", style="bold yellow")
            unreliable = True
        interval = interval_text(cell, words)
        if interval:
            value.append(f"\n{words('interval', interval=interval)}", style="dim")
        table.add_row(
            escape(row["indicator"]),
            name,
            value,
            " / ".join(parts),
            coverage,
            Text(
                words.flags(result.summary_flags(indicator, cell)),
                style="yellow" if flagged else "",
            ),
        )
    console.print(table)
    if unreliable:
        console.print(words("read_unreliable", below=result.options.unreliable_below))
    changes = [i for i in result.validation.issues if i.code is Code.LARGE_CHANGE]
    for issue in changes:  # `--previous`: to explain before publishing
        _warning(console, issue, words)
    if len(result.excluded):
        console.print(words("console_excluded", rows=words.count(len(result.excluded), "row")))
    console.print(summary_line(result.validation, words))


def render_batch(console: Console, result: BatchResult, words: Words | None = None) -> None:
    """One row per submission (country, status, errors, warnings, indicators, coverage,
    seconds), then a line of totals."""
    words = words or Words()
    table = Table(header_style="bold", expand=False)
    table.add_column(words("batch_country"), overflow="fold")
    table.add_column(words("batch_status"), no_wrap=True)
    for name in ("errors", "warnings", "indicators", "coverage", "seconds"):
        table.add_column(words(f"batch_{name}"), justify="right", no_wrap=True)
    for e in result.entries:
        table.add_row(
            escape(e.country if e.folder == e.country else f"{e.country or '?'} ({e.folder})"),
            Text(_status(e.status, words), style=BATCH_STYLES.get(e.status, "")),
            f"{e.errors:,}",
            f"{e.warnings:,}",
            f"{e.indicators}" if e.succeeded else "",
            "" if e.coverage is None else f"{e.coverage:g} %",
            f"{e.seconds:.2f}",
        )
    console.print(table)
    done = sum(e.succeeded for e in result.entries)
    line = words("batch_line",
                 submissions=words.count(len(result.entries), "submission", "batch"),
                 seconds=f"{result.seconds:.1f}", jobs=words.count(result.jobs, "job", "batch"),
                 done=done, failed=len(result.entries) - done)  # fmt: skip
    console.print(Text(("✓ " if result.succeeded else "✗ ") + line,
                       style="bold green" if result.succeeded else "bold red"))  # fmt: skip


def render_changes(console: Console, changes: Sequence[Change], words: Words) -> None:
    """The large changes of a batch's series, as warnings: `Exampleland: Indicator 9 ... went
    from ... (2024) to ... (2025), +52 %: ...`, each with its hint."""
    if not changes:
        return
    name = f"batch_changes_{'one' if len(changes) == 1 else 'many'}"
    console.print(Text(words(name, n=len(changes)), style="bold yellow"))
    for change in changes:
        _warning(console, change_issue(change), words, change.country)


def _warning(console: Console, issue: Issue, words: Words, country: str = "") -> None:
    """A warning on its own: its message (after the country's name), its hint and its code."""
    line = Text(words("console_severity_warning") + " ", style=STYLES["warning"])
    line.append(f"{country}: " if country else "")
    line.append(issue.text("message", words.lang))
    line.append(f"\n  → {issue.text('hint', words.lang)}", style="dim")
    line.append(f"  [{issue.code}]", style="dim")
    console.print(line)
