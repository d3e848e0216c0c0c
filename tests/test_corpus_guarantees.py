"""What every case of the bad-input corpus (`tests/data/bad/`, made by `make_bad.py`; the cases
of `test_bad_inputs.CASES`) guarantees, through `validate -o issues.xlsx`, `compute
--exclude-invalid -o report.xlsx` and `compute --exclude-invalid -o csv --format csv`, all run in
one process that may hold at most 1.5 GB (issue #17, "Done when"):

- exit 0, 1 or 2, never an internal error, never a traceback;
- every error names its file (but those about the submission as a whole: a form missing);
- every input byte-identical, no file added beside the inputs, nothing written outside the
  output folder, no temporary or half-written file left in it;
- output safe to open: strict JSON, no formula and no control character in the workbooks, no
  control character in the CSV files and no text cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from test_bad_inputs import CASES

DRIVER = Path(__file__).parent / "corpus_driver.py"
CAP_MB = 1536
# Issues about the submission as a whole, which no file holds.
WHOLE = {"missing-form", "missing-required-form", "no-forms", "about-missing-key"}
CONTROL = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def _digest(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _listing(folders: set[Path]) -> dict[str, list[str]]:
    return {str(f): sorted(p.name for p in f.iterdir()) for f in folders}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case through the three commands, once, in one capped process; with the inputs'
    hashes and their folders' listings before and after."""
    root = tmp_path_factory.mktemp("corpus")
    cases = {name: {"paths": [str(p) for p in case.paths], "out": str(root / name)}
             for name, case in CASES.items()}  # fmt: skip
    for case in cases.values():
        Path(case["out"]).mkdir()
    inputs = [Path(p) for case in CASES.values() for p in case.paths]
    folders = {p.parent for p in inputs}
    before = (_digest(inputs), _listing(folders))
    plan, results = root / "cases.json", root / "results.json"
    plan.write_text(json.dumps(cases), encoding="utf-8")
    done = subprocess.run([sys.executable, str(DRIVER), str(plan), str(results), str(CAP_MB)],
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    after = (_digest(inputs), _listing(folders))
    return {"root": root, "results": json.loads(results.read_text("utf-8")), "before": before,
            "after": after}  # fmt: skip


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_no_input_changed_and_nothing_added_beside_them(runs):
    assert runs["after"] == runs["before"]


@pytest.mark.parametrize("name", list(CASES))
def test_every_case_ends_clearly(runs, name):
    for run in runs["results"][name]:
        where = (name, run["args"][0], run["exit"])
        assert run["exit"] in (0, 1, 2), (where, run["stderr"][-2000:], run["crashed"])
        assert not run["crashed"] and "Traceback" not in run["stdout"] + run["stderr"], where
        if run["args"][run["args"].index("--format") + 1] == "csv":
            continue  # the CSV report: the summary table on stdout, for people
        report = _strict(run["stdout"])
        issues = report["issues"] if "issues" in report else report["validation"]["issues"]
        unnamed = [i["code"] for i in issues if i["severity"] == "error" and not i["file"]
                   and i["code"] not in WHOLE]  # fmt: skip
        assert unnamed == [], where


@pytest.mark.parametrize("name", list(CASES))
def test_outputs_are_whole_and_safe_to_open(runs, name):
    out = runs["root"] / name
    found = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert not [f for f in found if Path(f).name.startswith(".")], found  # no temporary left
    allowed = {"issues.xlsx", "report.xlsx", "csv"} | {f"csv/{n}" for n in (
        "indicators.csv", "trace.csv", "coverage.csv", "summary.csv", "issues.csv", "about.csv",
    )}  # fmt: skip
    assert set(found) <= allowed, found
    for book in out.glob("*.xlsx"):
        _workbook_is_safe(book)
    for table in (out / "csv").glob("*.csv"):
        _csv_is_safe(table)


def _workbook_is_safe(path: Path) -> None:
    book = openpyxl.load_workbook(path)  # opens whole: a half-written file would not
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not CONTROL & set(cell.value), (path.name, cell.coordinate)
    book.close()


def _csv_is_safe(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert not CONTROL & set(text), path.name
    for row in csv.reader(text.splitlines()):
        for value in row:
            if value[:1] in ("=", "+", "-", "@") and not _number(value):
                pytest.fail(f"{path.name}: {value!r} would run as a formula")


def _number(text: str) -> bool:
    try:
        return not math.isnan(float(text))
    except ValueError:
        return False
