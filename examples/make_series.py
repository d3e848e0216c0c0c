"""Write three consecutive years of Exampleland (a series), with a planted jump in 2024 → 2025.

Everything here is invented. Each year is drawn as `make_examples.py` draws 2025 (its seed is the
year), with every date moved back to its year; 2025's custodial sentences (indicator 9, a core
indicator) are then raised: a share of its non-custodial sentences become custodial ones. The
other indicators stay as stable as three draws of the same country are. A batch of the three
(`jjind batch examples/series -o reports`) writes `series.csv` and the Trends sheet, and flags
that jump `large-change`:

    python examples/make_series.py                 # examples/series/exampleland-2023..2025.xlsx
    python examples/make_series.py --out /tmp/series --scale 0.5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_examples import (
    HEADERS,
    STAMP,
    Sheets,
    arrests,
    decisions,
    detention,
    readme_lines,
    reference_sheets,
    write_workbook,
    years_before,
)

YEARS = (2023, 2024, 2025)
JUMP_YEAR = 2025
# The share of 2025's non-custodial sentences that the planted jump makes custodial.
JUMP_SHARE = 0.45
SCALE = 0.5  # half the shipped example's size: three small workbooks


def year_sheets(year: int, scale: float, country: str) -> Sheets:
    """One year of the country: drawn with the year as seed, every date moved to that year."""
    rng = random.Random(year)
    sheets = reference_sheets(rng, country)
    sheets["arrests"] = arrests(rng, scale)
    sheets.update(detention(rng, scale))
    sheets["decisions"] = decisions(rng, scale)
    back = 2025 - year
    moved = {name: [[_moved(v, back) for v in line] for line in lines]
             for name, lines in sheets.items()}  # fmt: skip
    for line in moved["population"]:
        line[HEADERS["population"].index("year")] = year
    return moved


def _moved(value: Any, years: int) -> Any:
    if isinstance(value, dt.date) and years:
        return years_before(value, years)
    return value


def plant_jump(sheets: Sheets, rng: random.Random) -> int:
    """Make `JUMP_SHARE` of the non-custodial sentences custodial; returns how many."""
    column = HEADERS["decisions"].index("decision")
    changed = 0
    for line in sheets["decisions"]:
        if line[column] == "non_custodial_sentence" and rng.random() < JUMP_SHARE:
            line[column] = "custodial_sentence"
            changed += 1
    return changed


def build(out: Path, scale: float = SCALE, country: str = "Exampleland") -> dict[str, Any]:
    """Write the three years into `out`; return their paths and the planted jump."""
    out.mkdir(parents=True, exist_ok=True)
    written, planted = [], 0
    for year in YEARS:
        sheets = year_sheets(year, scale, country)
        notes = [
            *readme_lines(country, year, scale, [])[:2],
            f"One year of a series: examples/make_series.py --scale {scale:g} drew it with the "
            f"seed {year}; running the script again gives the same workbook.",
            f"Reporting period {year}-01-01 to {year}-12-31; census date {year}-12-31.",
        ]
        if year == JUMP_YEAR:
            planted = plant_jump(sheets, random.Random(year))
            notes.append(f"Planted: {planted} non-custodial sentences made custodial "
                         "(indicator 9 jumps from the year before).")  # fmt: skip
        path = out / f"{country.lower()}-{year}.xlsx"
        write_workbook(path, sheets, notes, f"{country} {year} - synthetic example submission")
        written.append(str(path))
    jump = {"year": JUMP_YEAR, "indicator": "9", "custodial_added": planted}
    return {"workbooks": written, "planted": jump, "stamp": str(STAMP)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=SCALE, help="size (%(default)s)")
    parser.add_argument("--country", default="Exampleland", help="the fictional country's name")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "series",
                        help="folder to write into (default: examples/series)")  # fmt: skip
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.scale, args.country), indent=2))


if __name__ == "__main__":
    main()
