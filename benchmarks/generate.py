"""Generate a valid national submission of N record rows, as a workbook and as CSV files (issue #6).

Every form is filled in: `about`; `areas` as a tree of regions and districts; `sources` with police
stations, places of detention of every type, courts, prosecutors' offices and diversion programmes,
more of them as N grows; `population` by district, sex and age band; the record forms in the
proportions of a national submission (arrests 45 %, decisions 25 %, register episodes 25 %, census
5 %, deaths rare); and `policy` with every item. The census lists exactly the register's episodes
still open on the census date, and each death in the register has its row in `deaths`.

The data are valid (`jjind validate` exits 0) with a few warnings and notices every real file has:
persons aged 18, ages not recorded, events of December 2024. Dates are real Excel dates, with a
small share typed as ISO text. The workbook is written with XlsxWriter, which writes a shared
strings table as Excel does (openpyxl's write-only mode writes inline strings). The same seed gives
the same data; files are cached under `--data` and reused:

    python benchmarks/generate.py 100000 --seed 6     # prints the folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import DEFAULT_SEED, TODAY, arrests, decisions, finish, reference_forms
from synthetic_detention import detention
from table_schema import write_datapackages

from jjindicators.forms import MAIN_FORMS

__all__ = ["DEFAULT_DATA", "DEFAULT_SEED", "TODAY", "dataset", "submission"]

GENERATOR_VERSION = 2  # 2: the register has transferred_from (issue #16)
DEFAULT_DATA = Path(tempfile.gettempdir()) / "jjind-bench"
SHARES = {"arrests": 0.45, "decisions": 0.25, "detention_register": 0.25, "detention_census": 0.05}
DEATH_RATE = 0.0012  # deaths per register episode
TEXT_DATES = 0.03  # share of date cells typed as ISO text in the workbook
WORKBOOK, CSV_FOLDER, MANIFEST = "submission.xlsx", "csv", "manifest.json"


def sizes(records: int) -> dict[str, int]:
    """Rows of each record form for `records` record rows in all (arrests take the rest)."""
    rows = {form: round(share * records) for form, share in SHARES.items()}
    rows["deaths"] = max(1, round(DEATH_RATE * rows["detention_register"]))
    rows["arrests"] = records - sum(v for k, v in rows.items() if k != "arrests")
    return rows


def submission(records: int, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Every form of a valid national submission of `records` record rows, in template order."""
    rng = np.random.default_rng([seed, records])
    rows = sizes(records)
    forms = reference_forms(rng, records)
    sources = forms["sources"]
    forms["arrests"] = arrests(rng, rows["arrests"], sources)
    forms["decisions"] = decisions(rng, rows["decisions"], sources)
    forms.update(detention(rng, rows["detention_register"], rows["detention_census"],
                           rows["deaths"], sources))  # fmt: skip
    forms["sources"] = finish("sources", sources.to_dict("series"), [])
    return {name: forms[name] for name in MAIN_FORMS}


# -- writing --------------------------------------------------------------------------------------
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


def _cells(rng: np.random.Generator, values: pd.Series) -> tuple[list[Any], list[bool]]:
    """A column as workbook cells: text, numbers, Excel date serials; and which are dates."""
    if pd.api.types.is_datetime64_any_dtype(values):
        days = values.to_numpy().astype("datetime64[D]")
        serial = (days - _EXCEL_EPOCH).astype(int).tolist()
        text = np.datetime_as_string(days, unit="D").tolist()
        typed = (rng.random(len(values)) < TEXT_DATES).tolist()
        blank = pd.isna(values).tolist()
        cells = [None if b else t if as_text else v
                 for v, t, as_text, b in zip(serial, text, typed, blank, strict=True)]  # fmt: skip
        return cells, [not (b or t) for b, t in zip(blank, typed, strict=True)]
    if isinstance(values.dtype, pd.Int64Dtype):
        return [None if pd.isna(v) else int(v) for v in values], [False] * len(values)
    cells = [(v - dt.date(1899, 12, 30)).days if isinstance(v, dt.date) else v for v in values]
    return cells, [isinstance(v, dt.date) for v in values]


def write_workbook(forms: dict[str, pd.DataFrame], path: Path, seed: int) -> None:
    """One sheet per form, with a shared strings table as Excel writes it (XlsxWriter)."""
    import xlsxwriter

    rng = np.random.default_rng([seed, 1])
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "Benchland (synthetic benchmark)",
                         "created": dt.datetime(2026, 1, 15, 9, 0, 0)})  # fmt: skip
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    bold = book.add_format({"bold": True})
    for name, frame in forms.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(frame.columns), bold)
        columns = [_cells(rng, frame[c]) for c in frame.columns]
        write_string, write_number = sheet.write_string, sheet.write_number
        for j, (cells, dated) in enumerate(columns):
            for i, (value, is_date) in enumerate(zip(cells, dated, strict=True), 1):
                if value is None:
                    continue
                if is_date:
                    write_number(i, j, value, date)
                elif isinstance(value, str):
                    write_string(i, j, value)
                else:
                    write_number(i, j, value)
    book.close()


def write_csv(forms: dict[str, pd.DataFrame], folder: Path) -> None:
    """One `<form>.csv` per form, UTF-8, dates as ISO text."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in forms.items():
        frame.to_csv(folder / f"{name}.csv", index=False, date_format="%Y-%m-%d",
                     lineterminator="\n")  # fmt: skip


def dataset(records: int, seed: int = DEFAULT_SEED, data: Path = DEFAULT_DATA) -> dict[str, Any]:
    """The cached submission of `records` record rows for `seed`, generated if not there yet.

    Returns the manifest: `folder`, `xlsx`, `csv` and the frictionless data packages of both
    (`packages`, written beside them by `table_schema.py`), `rows` per form, `records`, `seed`,
    the `today` the checks must use, `seconds` spent generating, `reused`.

    >>> dataset(10_000)["rows"]["arrests"]  # doctest: +SKIP
    4497
    """
    folder = Path(data) / f"n{records}-seed{seed}-v{GENERATOR_VERSION}"
    manifest = folder / MANIFEST
    if manifest.exists():
        found = json.loads(manifest.read_text("utf-8"))
        packages = {k: str(v) for k, v in write_datapackages(folder).items()}
        return {**found, "folder": str(folder), "xlsx": str(folder / WORKBOOK),
                "csv": str(folder / CSV_FOLDER), "packages": packages, "today": TODAY.isoformat(),
                "reused": True}  # fmt: skip
    started = time.perf_counter()
    building = folder.with_name(folder.name + ".partial")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    forms = submission(records, seed)
    write_csv(forms, building / CSV_FOLDER)
    write_workbook(forms, building / WORKBOOK, seed)
    found = {"records": records, "seed": seed, "version": GENERATOR_VERSION,
             "rows": {name: len(frame) for name, frame in forms.items()},
             "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    (building / MANIFEST).write_text(json.dumps(found, indent=2) + "\n", "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    return dataset(records, seed, data) | {"reused": False}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("records", type=int, nargs="+", help="record rows, e.g. 10000 100000")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="cache folder")
    parser.add_argument("--json", action="store_true", help="print each manifest as a JSON line")
    args = parser.parse_args(argv)
    for records in args.records:
        made = dataset(records, args.seed, args.data)
        how = "reused" if made["reused"] else f"generated in {made['seconds']} s"
        print(json.dumps(made) if args.json else f"{records:,} records ({how}): {made['folder']}")


if __name__ == "__main__":
    main()
