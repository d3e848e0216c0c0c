"""What the HTML reports share: the Jinja2 templates (package data, autoescaped) and bar charts
drawn by matplotlib as inline SVG.

A page is one self-contained file: its styles are inline, its charts inline SVG, and it loads
nothing (a Content-Security-Policy that allows no request and no script says so to the browser,
`templates/base.html.j2`). Every value reaches the page through Jinja2's autoescaping; the only
markup passed through unescaped is matplotlib's SVG, whose text matplotlib escapes itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from jjindicators.outputs import atomic_file
from jjindicators.render.words import ENGLISH

# Chart size in inches at 72 dpi: a width that fits a phone once scaled by the page (`max-width`),
# a height growing with the bars.
CHART_WIDTH = 6.4
BAR_HEIGHT = 0.28
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)


@cache
def environment() -> Environment:
    """The templates of the HTML reports (`render/templates`, shipped as package data), every
    value autoescaped, an undefined name an error."""
    return Environment(
        loader=PackageLoader("jjindicators", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def write_page(template: str, path: Path, lang: str = ENGLISH, **context: Any) -> Path:
    """Render `template` with `context` into `path`, atomically (`outputs.atomic_file`); an
    error writing it is an `OutputError` in `lang`.

    >>> write_page("comparison.html.j2", Path("comparison.html"), page=...)  # doctest: +SKIP
    """
    text = environment().get_template(template).render(lang=lang, **context)
    with atomic_file(path, lang) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(path)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    shown: Sequence[str],
    title: str,
    axis: str,
) -> Markup:
    """A horizontal bar chart as inline SVG: one bar per label (top to bottom in the given
    order), its value written at its end as `shown` (a value of None has no bar, only its text:
    `suppressed`, `not computable`), the value axis from 0 (`docs/rules.md`, "Reports").

    Drawn on a bare `Figure` (the Agg/SVG canvases, never pyplot): nothing global is kept, and
    the figure is freed when it is returned. Labels are never read as mathtext (`$` is text).

    >>> svg = bar_chart(["North", "South"], [2.5, None], ["2.5", "suppressed"], "Rate", "%")
    >>> svg.startswith("<svg") and "suppressed" in svg
    True
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    # Text as text (small, searchable, the page's font); fixed ids and no date: the same figures
    # give the same page.
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "jjind", "font.size": 9}):
        figure = Figure(figsize=(CHART_WIDTH, 0.9 + BAR_HEIGHT * len(labels)), dpi=72)
        axes = figure.add_subplot()
        rows = list(range(len(labels)))[::-1]  # the first label at the top
        bars = axes.barh(rows, [v or 0 for v in values], color="#2b6cb0", height=0.6)
        axes.bar_label(bars, labels=list(shown), padding=3, fontsize=8, parse_math=False)
        axes.set_yticks(rows, labels=list(labels), parse_math=False)
        axes.set_xlim(left=0, right=max([v or 0 for v in values] + [1]) * 1.18)
        axes.set_title(title, loc="left", fontsize=10, parse_math=False)
        axes.set_xlabel(axis, parse_math=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    figure.clear()
    svg = _COMMENTS.sub("", _PROLOGUE.sub("", buffer.getvalue()))
    # The SVG is matplotlib's: every text in it escaped by matplotlib's own XML writer.
    return Markup(svg.strip())
