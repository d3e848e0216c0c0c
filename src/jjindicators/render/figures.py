"""Numbers as people read them: rounding, number formats and words, shared by the Excel report
and the console (`indicators.md`, "Arithmetic": people-facing tables round rates, percentages and
durations to one decimal; machine outputs keep full precision)."""

from __future__ import annotations

import math
from typing import Any

from jjindicators.indicators.base import Cell
from jjindicators.indicators.codes import SAYS_NOT_COMPUTABLE, UNRELIABLE, Unit
from jjindicators.render.words import Words

_ENGLISH = Words()

COUNT = "#,##0"
ONE_DECIMAL = "0.0"


# The mark of an unreliable figure (`reliability.py`) beside its value, explained in a footnote
# (`report.read_unreliable`): the Excel value stays a number, the mark is in its number format.
MARK = "†"


def marked_format(number_format: str | None, cell: Cell) -> str:
    """The number format of a value: `number_format`, with the mark of an unreliable figure.

    >>> from jjindicators.indicators.codes import HEADLINE
    >>> marked_format("0.0", Cell(indicator="6", part=HEADLINE, flags=(UNRELIABLE,)))
    '0.0" †"'
    """
    shown = number_format or "General"
    return f'{shown}" {MARK}"' if UNRELIABLE in cell.flags else shown


def interval_text(cell: Cell, words: Words = _ENGLISH) -> str:
    """A cell's 95 % interval as people read it, at the precision of its value: `21.4–28.6`;
    empty when it has none.

    >>> from jjindicators.indicators.codes import HEADLINE
    >>> interval_text(Cell(indicator="2", part=HEADLINE, value=24.8, ci_low=21.42,
    ...                    ci_high=28.64, multiplier=100_000, unit=Unit.PER_100000))
    '21.4–28.6'
    """
    low, high, number_format = interval_values(cell)
    if low is None or high is None or cell.value is None:
        return ""
    decimals = 1 if number_format == ONE_DECIMAL else 0
    return f"{words.number(low, decimals)}–{words.number(high, decimals)}"


def interval_values(cell: Cell) -> tuple[Any, Any, str | None]:
    """A cell's 95 % interval rounded as its value is (`people_value`): its low and high ends and
    their number format; None for an end it does not have."""
    low, number_format = people_value(cell.ci_low, cell.unit, cell.multiplier)
    high, _ = people_value(cell.ci_high, cell.unit, cell.multiplier)
    return low, high, number_format


# Units whose figures are shown to one decimal whatever the multiplier: durations, shares.
ONE_DECIMAL_UNITS = (Unit.DAYS, Unit.PERCENT, Unit.PERCENT_OF_PLACES)


def people_value(value: Any, unit: str, multiplier: int | None) -> tuple[Any, str | None]:
    """A value as people read it, and its number format: rates, percentages and durations to one
    decimal (`indicators.md`, "Arithmetic"), counts whole, answers as text, missing as None.

    >>> people_value(3.5714285714285716, "per 100,000 children", 100_000)
    (3.6, '0.0')
    >>> people_value(2.0, "episodes", None)
    (2, '#,##0')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, str):
        return value, None
    number = float(value)
    if multiplier is not None or unit in ONE_DECIMAL_UNITS or not number.is_integer():
        return round(number, 1), ONE_DECIMAL
    return int(number), COUNT


def value_text(cell: Cell, with_unit: bool = True, words: Words = _ENGLISH) -> str:
    """The value (with its unit): `3.6 per 100,000 children`, `30.0 days`, `partial`,
    `suppressed` (small-cell suppression) or `not computable`, in the words' language."""
    value, number_format = people_value(cell.value, cell.unit, cell.multiplier)
    if value is None:
        return words("suppressed" if cell.suppressed else "not_computable")
    if isinstance(value, str):
        return words.answer(value)
    shown = words.number(value, 1 if number_format == ONE_DECIMAL else 0)
    return f"{shown} {words.unit(cell.unit)}".strip() if with_unit else shown


def headline_text(cell: Cell, words: Words = _ENGLISH) -> str:
    """A cell in words: `3.6 per 100,000 children, 95 % CI 1.2–8.3 (5 / 140,000 × 100,000)`;
    an unreliable figure marked `†`.

    >>> from jjindicators.indicators.codes import HEADLINE
    >>> headline_text(Cell(indicator="7", part=HEADLINE, numerator=1.0, denominator=3.0,
    ...                    multiplier=100, value=100 / 3, unit="%"))
    '33.3 % (1 / 3 × 100)'
    """
    text = value_text(cell, words=words)
    if isinstance(cell.value, str):
        return text
    if cell.value is None or (isinstance(cell.value, float) and math.isnan(cell.value)):
        if cell.note is not None and cell.note.code in SAYS_NOT_COMPUTABLE:
            return words.note(cell.note)  # `not computable: why`
        return text + (f": {words.note(cell.note)}" if cell.note else "")
    if UNRELIABLE in cell.flags:
        text = f"{text} {MARK}"
    interval = interval_text(cell, words)
    if interval:
        text = f"{text}, {words('interval', interval=interval)}"
    if cell.numerator is not None and cell.denominator is not None:
        times = f" × {words.number(cell.multiplier)}" if cell.multiplier else ""
        counts = f"{words.number(cell.numerator)} / {words.number(cell.denominator)}{times}"
        return f"{text} ({counts})"
    if cell.denominator is not None:
        cohort = f"{words.number(cell.denominator)} {words('in_cohort')}"
        return f"{words.part(cell.part)} {text} ({cohort})"
    return text
