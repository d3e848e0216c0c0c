"""Publication safety (`collation.md`, "Data protection"): no name and no child_ref in any output of
a report made for publication, stable pseudonyms, and small-cell suppression whose hidden counts
can't be worked out from the published ones."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY, example_rows, submission
from jjindicators import PublicationOptions, protect
from jjindicators.compute import ComputeResult, compute
from jjindicators.errors import UsageError
from jjindicators.render import write_report_csv, write_report_xlsx
from jjindicators.suppress import COMPLEMENTARY, PRIMARY, suppress
from jjindicators.validate import ValidateOptions

RECORD_FORMS = ("arrests", "deaths", "decisions", "detention_census", "detention_register")
NAMES = ("Zebedee Quillfeather", "Marchbanks-Oddie")
SALT = "correct horse battery staple"


def long_ref(ref: str) -> str:
    """The worked example's K1, C1... are too short to look for in a report (R1 is an area too)."""
    return f"XREF-{ref}-Q" if ref else ""


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example with long child_refs and two columns of children's names."""
    edits = {}
    for form in RECORD_FORMS:
        rows = example_rows(form)
        for row in rows:
            row["child_ref"] = long_ref(row["child_ref"])
        edits[form] = rows
    for row in edits["arrests"]:
        row["name"] = NAMES[0]
    for row in edits["detention_census"]:
        row["Surname"] = NAMES[1]
    return submission(tmp_path_factory.mktemp("named"), **edits)


@pytest.fixture(scope="module")
def computed(named: Path) -> ComputeResult:
    result = compute([named], validate_options=ValidateOptions(today=TODAY))
    assert result.computed
    return result


def refs(folder: Path) -> set[str]:
    return {row["child_ref"] for form in RECORD_FORMS
            for row in csv_rows(folder / f"{form}.csv") if row["child_ref"]}  # fmt: skip


def csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def every_text(result: ComputeResult, folder: Path) -> str:
    """Every cell of the Excel report, every CSV file and the JSON output, as one text."""
    book_path = write_report_xlsx(result, folder / "report.xlsx")
    write_report_csv(result, folder / "csv")
    book = openpyxl.load_workbook(book_path)
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
             if c.value is not None]  # fmt: skip
    files = [p.read_text(encoding="utf-8") for p in sorted((folder / "csv").glob("*.csv"))]
    as_json = json.dumps(result.to_dict(), ensure_ascii=False, default=str)
    return "\n".join([*cells, *files, as_json])


def test_names_never_reach_any_output(computed, named, tmp_path):
    assert any(i.code == "personal-name-column" for i in computed.validation.issues)
    for options in (PublicationOptions(), PublicationOptions("none", suppress_below=3)):
        text = every_text(protect(computed, options), tmp_path / options.trace)
        for name in NAMES:
            assert name not in text
            assert name.split()[0] not in text


def test_the_full_trace_has_child_ref_and_says_so(computed, named, tmp_path):
    text = every_text(computed, tmp_path)
    assert "XREF-K1-Q" in text  # the test below would find a leak
    assert computed.about()["publication"] == {
        "trace": "full",
        "suppress_below": None,
        "round_to": None,
        "random_round": None,
    }


def test_no_trace_leaves_no_child_ref_anywhere(computed, named, tmp_path):
    safe = protect(computed, PublicationOptions("none"))
    assert safe.trace_frame().empty
    text = every_text(safe, tmp_path)
    assert not [r for r in refs(named) if r in text]
    assert "Trace" not in openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames
    assert not (tmp_path / "csv" / "trace.csv").exists()
    # the issues keep where they are, without the child
    warned = [i for i in safe.validation.issues if i.code == "not-a-child"]
    assert warned and all(i.child_ref is None and i.row for i in warned)
    assert computed.trace_frame()["child_ref"].notna().any()  # the result itself is unchanged


def test_pseudonymised_trace_is_stable_and_keyed_by_the_salt(computed, named, tmp_path):
    safe = protect(computed, PublicationOptions("pseudonymised", SALT))
    text = every_text(safe, tmp_path)
    assert not [r for r in refs(named) if r in text]
    assert SALT not in text
    assert safe.about()["publication"] == {
        "trace": "pseudonymised",
        "suppress_below": None,
        "round_to": None,
        "random_round": None,
    }
    before, after = computed.trace_frame(), safe.trace_frame()
    assert len(before) == len(after) and before["row"].tolist() == after["row"].tolist()
    # one pseudonym per child (source + child_ref), different children different pseudonyms
    counted = before["child_ref"].notna()
    keys = [f"{s}/{r}" for s, r in zip(before["source_id"][counted], before["child_ref"][counted],
                                       strict=True)]  # fmt: skip
    known = dict(zip(keys, after["child_ref"][counted], strict=True))
    assert len(set(zip(keys, after["child_ref"][counted], strict=True))) == len(known)
    assert len(set(known.values())) == len(known)
    assert known["POL1/XREF-K1-Q"] != known["POL2/XREF-K1-Q"]  # child_ref_scope = source
    assert all(p.startswith("p-") and len(p) == 18 for p in known.values())
    # units made from a child_ref carry the same pseudonym
    child_units = after[after["unit"].str.startswith("child ")]
    assert (child_units["unit"] == "child " + child_units["child_ref"]).all()
    assert after.loc[before["child_ref"].isna(), "child_ref"].isna().all()
    again = protect(computed, PublicationOptions("pseudonymised", SALT)).trace_frame()
    assert again.equals(after)
    other = protect(computed, PublicationOptions("pseudonymised", "another salt!")).trace_frame()
    assert set(other["child_ref"].dropna()).isdisjoint(after["child_ref"].dropna())


def test_publication_options_refuse_what_would_leak():
    with pytest.raises(UsageError, match="needs a salt"):
        PublicationOptions("pseudonymised")
    with pytest.raises(UsageError, match="at least 8 characters"):
        PublicationOptions("pseudonymised", "short")
    with pytest.raises(UsageError, match="needs --no-trace"):
        PublicationOptions("full", suppress_below=3)
    with pytest.raises(UsageError, match="needs --no-trace"):
        PublicationOptions("pseudonymised", SALT, suppress_below=3)
    with pytest.raises(UsageError, match="2 or more"):
        PublicationOptions("none", suppress_below=1)
    assert SALT not in repr(PublicationOptions("pseudonymised", SALT))


# --- small-cell suppression on the worked example -------------------------------------------


@pytest.fixture(scope="module")
def suppressed(computed) -> ComputeResult:
    return protect(computed, PublicationOptions("none", suppress_below=3))


def shown(result: ComputeResult, indicator: str, dimension: str) -> dict[str, tuple]:
    frame = result.cells_frame()
    rows = frame[(frame.indicator == indicator) & (frame.part == "headline")
                 & (frame.dimension == dimension)]  # fmt: skip
    # the suppression's flags: every cell here rests on a handful of children, so is unreliable
    # too (tests/test_reliability.py)
    return {r.category: (None if r.numerator != r.numerator else r.numerator,
                         r.flags.removeprefix("unreliable").removeprefix("; "))
            for r in rows.itertuples()}  # fmt: skip


def test_indicator_1_by_sex_and_area_as_worked_by_hand(suppressed):
    # Indicator 1 counts 5 children: F 1, M 4, U 0; R1 2, R2 3; POL1 2 (R1), POL2 3 (R2).
    # Below 3: F 1 and R1 2 (primary). Each alone in its table would be total - the others, so
    # the next smallest non-zero count of the table goes too: M 4 (U is 0), and R2 3.
    assert shown(suppressed, "1", "sex") == {
        "F": (None, "suppressed"),
        "M": (None, "suppressed_complementary"),
        "U": (0, ""),
    }
    assert shown(suppressed, "1", "area") == {
        "R1": (None, "suppressed"),
        "R2": (None, "suppressed_complementary"),
    }
    # the sources of each region are the region: POL1 = R1, POL2 = R2
    assert shown(suppressed, "1", "source") == {
        "POL1": (None, "suppressed"),
        "POL2": (None, "suppressed_complementary"),
    }
    # ages: 14–15 3, 16–17 2 → 16–17 primary, 14–15 complementary
    assert shown(suppressed, "1", "age_group") == {
        "<14": (0, ""),
        "14–15": (None, "suppressed_complementary"),
        "16–17": (None, "suppressed"),
        "unknown": (0, ""),
    }
    head = suppressed.summary()[0]
    assert (head["numerator"], head["denominator"]) == (5, 140_000)  # 5 ≥ 3: published
    assert "small_counts_suppressed(below=3)" in head["flags"]


def test_suppressed_cells_are_blank_and_the_rest_unchanged(computed, suppressed):
    before, after = computed.cells_frame(), suppressed.cells_frame()
    hidden = after["flags"].str.contains("suppressed")
    assert hidden.any()
    for column in ("numerator", "denominator", "value"):
        same = before.loc[~hidden, column].astype(object).fillna("-")
        assert same.equals(after.loc[~hidden, column].astype(object).fillna("-")), column
    assert after.loc[hidden, "value"].isna().all()
    # populations are public: the rate by sex keeps its denominator
    female = after[(after.indicator == "1") & (after.dimension == "sex") & (after.category == "F")]
    assert female["denominator"].tolist() == [68_000]
    # no published count of children lies between 1 and 2 (12 to 15 count places, or answer)
    children = ~hidden & ~after.indicator.isin(["12", "13", "14", "15"])
    counts = after.loc[children, "numerator"].dropna()
    assert not ((counts > 0) & (counts < 3)).any()


def test_the_reports_say_suppressed_and_record_the_options(suppressed, tmp_path):
    text = every_text(suppressed, tmp_path)
    assert "suppressed (complementary)" in text
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    sheet = book["I1 Children in conflict with"]
    female = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "female")
    assert female[2] == "suppressed" and female[3] == 68_000 and female[4] == "suppressed"
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["trace"] == "left out (--no-trace)"
    assert about["suppression"] == "counts from 1 to 2 suppressed, with complementary suppression"
    rows = dict(tuple(r.values()) for r in csv_rows(tmp_path / "csv" / "about.csv"))
    assert rows["publication trace"] == "left out (--no-trace)"
    assert rows["publication suppression"].startswith("counts from 1 to 2 suppressed")
    indicators = csv_rows(tmp_path / "csv" / "indicators.csv")
    row = next(r for r in indicators if (r["indicator"], r["dimension"], r["category"])
               == ("1", "sex", "F"))  # fmt: skip
    assert (row["numerator"], row["value"], row["flags"]) == ("", "", "unreliable; suppressed")


# --- the suppression property ---------------------------------------------------------------


def determined(key, equations, status) -> bool:
    """Whether the published counts fix a suppressed count: its unit vector lies in the row
    space of the equations restricted to the suppressed counts."""
    unknown = sorted({k for m, ms in equations for k in (m, *ms) if k in status}, key=str)
    if key not in unknown:
        return False
    rows = []
    for margin, members in equations:
        row = [0.0] * len(unknown)
        for k, sign in ((margin, 1.0), *((m, -1.0) for m in members)):
            if k in status:
                row[unknown.index(k)] += sign
        rows.append(row)
    matrix = np.array(rows)
    target = np.zeros(len(unknown))
    target[unknown.index(key)] = 1
    return np.linalg.matrix_rank(np.vstack([matrix, target])) == np.linalg.matrix_rank(matrix)


@st.composite
def tables(draw):
    """Counts of random units: a total, two breakdowns, regions and their districts, and a
    two-way table of the first breakdown by duration band (rows and columns add up)."""
    sexes, bands, regions = (
        draw(st.integers(2, 3)),
        draw(st.integers(2, 4)),
        draw(st.integers(1, 3)),
    )
    districts = draw(st.lists(st.integers(1, 3), min_size=regions, max_size=regions))
    unit = st.tuples(st.integers(0, sexes - 1), st.integers(0, 3), st.integers(0, bands - 1),
                     st.integers(0, regions - 1), st.integers(0, 2))  # fmt: skip
    units = draw(st.lists(unit, max_size=40))
    values: dict[str, int] = {"T": len(units)}
    add = lambda key: values.__setitem__(key, values.get(key, 0) + 1)  # noqa: E731
    keys = (
        {f"S{s}" for s in range(sexes)}
        | {f"A{a}" for a in range(4)}
        | {f"B{b}" for b in range(bands)}
    )
    keys |= {f"S{s}B{b}" for s in range(sexes) for b in range(bands)}
    keys |= {f"R{r}" for r in range(regions)}
    keys |= {f"R{r}D{d}" for r in range(regions) for d in range(districts[r])}
    for key in sorted(keys):
        values[key] = 0
    for s, a, b, r, d in units:
        for key in (f"S{s}", f"A{a}", f"B{b}", f"S{s}B{b}", f"R{r}", f"R{r}D{d % districts[r]}"):
            add(key)
    equations = [
        ("T", [f"S{s}" for s in range(sexes)]),
        ("T", [f"A{a}" for a in range(4)]),
        ("T", [f"B{b}" for b in range(bands)]),
        ("T", [f"R{r}" for r in range(regions)]),
        *((f"R{r}", [f"R{r}D{d}" for d in range(districts[r])]) for r in range(regions)),
        *((f"S{s}", [f"S{s}B{b}" for b in range(bands)]) for s in range(sexes)),
        *((f"B{b}", [f"S{s}B{b}" for s in range(sexes)]) for b in range(bands)),
    ]
    return values, equations, draw(st.integers(2, 6))


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_suppressed_count_can_be_worked_out_from_the_published_ones(case):
    values, equations, threshold = case
    status = suppress(values, equations, threshold)
    assert {k for k, v in values.items() if 0 < v < threshold} == {
        k for k, s in status.items() if s == PRIMARY
    }
    assert set(status.values()) <= {PRIMARY, COMPLEMENTARY}
    for margin, members in equations:
        hidden = sum(k in status for k in (margin, *members))
        assert hidden != 1, (margin, members, status)
    for key in status:
        assert not determined(key, equations, status), (key, status)
