"""The scale benchmark's instruments (`benchmarks/`): the generated submissions, their Table
Schemas, the targets computed from a run and the docs markers. The timings live in the docs."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from jjindicators import ValidateOptions, validate
from jjindicators.forms import FORMS, MAIN_FORMS
from jjindicators.forms.policy import POLICY_ITEMS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_scale
import generate
import table_schema

RECORDS = 2_000


@pytest.fixture(scope="module")
def forms():
    return generate.submission(RECORDS)


def test_proportions_and_every_form(forms):
    rows = {name: len(frame) for name, frame in forms.items()}
    assert list(rows) == list(MAIN_FORMS)
    assert sum(rows[f] for f in generate.sizes(RECORDS)) == RECORDS
    assert rows["arrests"] > rows["decisions"] == rows["detention_register"] > rows["deaths"] > 0
    assert rows["detention_census"] == RECORDS // 20
    assert len(forms["policy"]) == len(POLICY_ITEMS)
    for name, frame in forms.items():  # every optional field is used on some row (deaths: rare)
        assert list(frame.columns) == (["key", "value"] if name == "about" else
                                       list(FORMS[name].fields))  # fmt: skip
        assert name == "deaths" or all(frame[c].notna().any() for c in frame.columns), name


def test_same_seed_same_data(forms):
    again, other = generate.submission(RECORDS), generate.submission(RECORDS, seed=7)
    assert all(again[f].equals(forms[f]) for f in forms)
    assert not other["arrests"].equals(forms["arrests"])


def test_the_csv_folder_is_valid(forms, tmp_path):
    generate.write_csv(forms, tmp_path)
    report = validate([tmp_path], ValidateOptions(today=generate.TODAY))
    assert report.counts["error"] == 0, [i for i in report.issues if i.severity == "error"][:3]
    assert set(i.code for i in report.issues) <= {"not-a-child", "age-unknown", "outside-period"}


def test_the_workbook_is_valid_and_has_shared_strings(tmp_path):
    pytest.importorskip("xlsxwriter")
    made = generate.dataset(RECORDS, data=tmp_path)
    with zipfile.ZipFile(made["xlsx"]) as book:
        assert "xl/sharedStrings.xml" in book.namelist()
    report = validate([made["xlsx"]], ValidateOptions(today=generate.TODAY))
    assert report.counts["error"] == 0
    assert generate.dataset(RECORDS, data=tmp_path)["reused"]


def test_table_schema_comes_from_the_model():
    fields = {f["name"]: f for f in table_schema.table_schema("detention_census")["fields"]}
    assert fields["sex"]["constraints"] == {"required": True, "enum": ["F", "M", "U"]}
    assert fields["admission_date"] == {"name": "admission_date", "type": "date",
                                        "constraints": {"required": True}}  # fmt: skip
    assert fields["age"] == {"name": "age", "type": "integer",
                             "constraints": {"minimum": 0, "maximum": 25}}  # fmt: skip
    assert "required" not in fields["detention_basis"].get("constraints", {})  # has a default
    about = table_schema.table_schema("about")["fields"]
    assert "period_start" in about[0]["constraints"]["enum"]
    package = table_schema.datapackage("xlsx")
    assert [r["name"] for r in package["resources"]] == list(MAIN_FORMS)


def test_frictionless_finds_the_generated_data_valid_and_a_bad_code_invalid(forms, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    generate.write_csv(forms, tmp_path / "csv")
    path = table_schema.write_datapackages(tmp_path)["csv"]
    assert frictionless.validate(str(path)).valid
    arrests = tmp_path / "csv" / "arrests.csv"
    arrests.write_text(arrests.read_text().replace(",M,", ",X,", 1))
    assert not frictionless.validate(str(path)).valid


def _runs(compute_1m: float, friction_100k: float) -> list[bench_scale.Run]:
    """A run where every time grows tenfold, but `jjind compute → Excel report` of the 1M
    workbook takes `compute_1m` s (timed out beyond 90) and 5 GB."""
    run, runs = bench_scale.Run, []
    for records, times in ((10_000, 1), (100_000, 10), (1_000_000, 100)):
        for kind in ("xlsx", "CSV"):
            big = records == 1_000_000 and kind == "xlsx"
            seconds, peak = (compute_1m, 5000) if big else (1.0 * times, 300)
            runs += [
                run(records, kind, bench_scale.VALIDATE, 0.5 * times, 100),
                run(records, kind, bench_scale.TO_XLSX, seconds, peak, big and seconds > 90),
                run(records, kind, bench_scale.TO_CSV, 0.8 * times, 200),
            ]
        runs += [
            run(records, "xlsx", bench_scale.CALAMINE, 0.6 * times, 10, peak_bound=True),
            run(records, "xlsx", bench_scale.FRICTIONLESS, friction_100k / 10 * times, 70),
        ]
    return runs


def test_targets_are_computed_from_the_run():
    verdicts = {t: v for t, _, v in bench_scale.targets(_runs(100.0, 40.0))}
    workbook = "`jjind compute → Excel report`, 100,000-record workbook"
    assert verdicts[f"{workbook}: at most 2 × python-calamine's read"] == "met"  # 10 / 6
    assert verdicts[f"{workbook}: at least 3 × faster than frictionless"] == "met"  # 40 / 10
    assert verdicts["1,000,000 records: every `jjind compute` in under 60 s"] == "not met"
    assert verdicts["1,000,000 records: every `jjind compute` within 4 GB peak memory"] == "not met"
    timed_out = {t: (m, v) for t, m, v in bench_scale.targets(_runs(120.0, 20.0))}
    assert timed_out["1,000,000 records: every `jjind compute` in under 60 s"] == (
        "timed out after 120 s (xlsx, Excel report)",
        "not met",
    )
    assert timed_out[f"{workbook}: at least 3 × faster than frictionless"][1] == "not met"
    linear = "Time grows linearly with records (every `jjind compute`, each step of ×10)"
    assert verdicts[linear] == "met"  # 10 s at 100k, 100 s at 1M
    assert timed_out[linear] == ("> × 12.0 (xlsx, Excel report, 100,000 → 1,000,000)", "not met")
    table = "\n".join(bench_scale.results_table(_runs(100.0, 40.0)))
    assert "| 100,000 | xlsx | jjind compute → Excel report | 10.0 | 10,000 | 300 | 1.67 |" in table
    assert "| ≤ 10 |" in table


def test_write_keeps_the_other_benchmarks_section(tmp_path):
    doc = tmp_path / "performance.md"
    batch = "<!-- bench_batch:start -->\nbatch table\n<!-- bench_batch:end -->\n"
    doc.write_text(f"# P\n{bench_scale.START}\nold\n{bench_scale.END}\ntext\n{batch}", "utf-8")
    bench_scale.write_doc("new table", doc)
    assert doc.read_text("utf-8") == (
        f"# P\n{bench_scale.START}\nnew table\n{bench_scale.END}\ntext\n{batch}"
    )
    page = Path(bench_scale.DOC).read_text("utf-8")
    assert bench_scale.START in page and "<!-- bench_batch:start -->" in page
