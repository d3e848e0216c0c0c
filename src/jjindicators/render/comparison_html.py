"""`comparison.html`: the batch's headline values by country as a page to read and print, with
their 95 % intervals and flags and the notes on comparability (issue #20); the same templates as
the HTML report (`render/html.py`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jjindicators.compare import Comparison
from jjindicators.i18n import lookup
from jjindicators.indicators.codes import Flag, label_number
from jjindicators.render.comparison import differs, failed_text
from jjindicators.render.figures import MARK
from jjindicators.render.html import write_page
from jjindicators.render.report_html import Row, Table
from jjindicators.render.words import ENGLISH, Words

# A flag as `summary.csv` writes it, when its parameters are plain: `code(key=value,...)`.
_FLAG = re.compile(r"(?P<code>\w+)(?:\((?P<params>[\w.=,\- ]*)\))?")


def write_comparison_html(comparison: Comparison, path: Path, lang: str = ENGLISH) -> Path:
    """Write `comparison.html` to `path`, atomically: a row per indicator, a column per country
    (value, 95 % interval, flags), and the notes on comparability, in `lang`.

    >>> write_comparison_html(compare(figures), Path("comparison.html"))  # doctest: +SKIP
    """
    words = Words(lang)
    found = {(r["indicator"], r["country"]): r for r in comparison.rows}
    units = {r["indicator"]: r["unit"] for r in comparison.rows}
    # every country of the batch has its column: a failed one says why it is empty
    statuses = [failed_text(*failed, words) if (failed := comparison.status(c))
                else words("comparison_computed") for c in comparison.countries]  # fmt: skip
    rows = [Row(("", words("comparison_status"), "", *statuses), key="status")]
    for number, name, core in comparison.indicators:
        cells = [number, _name(number, name, words), words.unit(units.get(number) or "")]
        cells += [_figure(found.get((number, c)), words) for c in comparison.countries]
        rows.append(Row(tuple(cells), strong=core, key=number,
                        badge=words("core") if core else ""))  # fmt: skip
    header = (words("col_indicator"), words("col_name"), words("col_unit"), *comparison.countries)
    numeric = frozenset(range(3, len(header)))
    table = Table(words("comparison_sheet"), header, tuple(rows), numeric)
    page = {
        "title": words("comparison_title"),
        "reading": [words("html_comparison_read")],
        "notes": [differs(note, words) for note in comparison.notes],
        "table": table,
    }
    return write_page("comparison.html.j2", Path(path), lang, page=page, w=words)


def _name(number: str, name: str, words: Words) -> str:
    try:
        return lookup(f"indicator.{label_number(number)}.name", words.lang)
    except KeyError:
        return name


def _figure(row: dict[str, Any] | None, words: Words) -> str:
    """A country's figure on lines: its value (`†` when unreliable), its interval, its flags."""
    if row is None:
        return ""
    value = row.get("value")
    flags = [f for f in str(row.get("flags") or "").split("; ") if f]
    if isinstance(value, str):
        shown = words.answer(value)
    elif value is None or value != value:
        shown = words("not_computable")
    else:
        shown = words.number(round(float(value), 1), 1)
    if "unreliable" in flags:
        shown = f"{shown} {MARK}"
    low, high = row.get("ci_low"), row.get("ci_high")
    lines = [shown]
    if isinstance(low, int | float) and isinstance(high, int | float):
        lines.append(f"{words.number(round(low, 1), 1)}–{words.number(round(high, 1), 1)}")
    lines += [_flag_text(f, words) for f in flags if f != "unreliable"]
    return "\n".join(lines)


def _flag_text(text: str, words: Words) -> str:
    """A flag of `summary.csv` in words, when its parameters are plain; else as written."""
    match = _FLAG.fullmatch(text)
    if match is None:
        return text
    params: dict[str, Any] = {}
    for pair in filter(None, (match["params"] or "").split(",")):
        key, _, value = pair.partition("=")
        params[key] = int(value) if value.isdigit() else value
    try:
        return words.flag(Flag.of(match["code"], **params))
    except (KeyError, IndexError, ValueError):
        return text
