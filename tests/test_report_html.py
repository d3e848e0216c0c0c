"""The HTML report (issue #20), read as a person sees it: in a real headless Chromium (the
system's, driven by Playwright), printed to PDF, and as the text the browser holds — with the
same numbers as the CSV report, every value escaped, no child_ref and nothing fetched."""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import TODAY, country_folder, submission
from jjindicators.batch import run_batch
from jjindicators.cli import app
from jjindicators.options import PublicationOptions
from jjindicators.pipeline import run_compute
from jjindicators.validate import ValidateOptions

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "exampleland-2025.xlsx"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
runner = CliRunner()


def jjind(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120"})


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's Chromium through Playwright (never `playwright install`: no download)."""
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH: install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


def open_page(browser: Any, path: Path, width: int = 1280) -> tuple[Any, list[str]]:
    """The page loaded from `path`; the problems seen while loading it: console errors, page
    errors, dialogs (a script that ran) and every request but the file itself."""
    page = browser.new_page(viewport={"width": width, "height": 1600})
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    url = path.resolve().as_uri()
    page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url != url else None)
    page.goto(url)
    return page, problems


@pytest.fixture(scope="module")
def example_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example's HTML report and CSV report, written by the command line."""
    folder = tmp_path_factory.mktemp("example")
    html, tables = folder / "report.html", folder / "csv"
    assert jjind("compute", EXAMPLE, "-o", html).exit_code == 0
    assert jjind("compute", EXAMPLE, "-o", tables, "--format", "csv").exit_code == 0
    return html, tables


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shown(value: str) -> str:
    """A value of summary.csv as the HTML summary shows it: one decimal, or the answer."""
    try:
        return f"{float(value):,.1f}"
    except ValueError:
        return value


def test_the_example_loads_with_every_indicator_and_the_csv_numbers(browser, example_reports):
    html, tables = example_reports
    page, problems = open_page(browser, html)
    assert problems == []
    assert page.evaluate("document.scripts.length") == 0
    for number in range(1, 16):
        section = page.locator(f"section#indicator-{number}")
        assert section.count() == 1
        assert section.locator("h2").inner_text().startswith(f"Indicator {number} · ")
    summary = read_csv(tables / "summary.csv")
    assert len(summary) == 17  # 15 indicators, 12 and 13 in two parts
    for row in summary:
        cells = page.locator(f'#summary tr[data-key="{row["indicator"]}"] td')
        value = cells.nth(1).inner_text().removesuffix(" †")
        assert value == shown(row["value"]), row["indicator"]
        assert cells.nth(0).inner_text().startswith(row["name"])
    page.close()


def test_the_first_printed_page_is_the_summary(browser, example_reports, tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pip install -e '.[test]'")
    page, problems = open_page(browser, example_reports[0])
    screenshot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    page.screenshot(path=str(screenshot), full_page=True)
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    assert problems == []
    assert screenshot.stat().st_size > 0 and pdf.stat().st_size > 0
    reader = pypdf.PdfReader(pdf)
    first = reader.pages[0].extract_text()
    assert "Summary" in first and "Prevention" in first  # indicator 15's row
    assert "Definition" not in first  # no indicator section yet
    # each indicator starts on a page of its own: its title is at the top of a page
    tops = [p.extract_text().lstrip().split("\n", 1)[0] for p in reader.pages]
    starts = [t for t in tops if re.match(r"Indicator \d+ · ", t)]
    assert len(starts) == 15, tops


def test_a_phone_scrolls_tables_not_the_page(browser, example_reports, tmp_path):
    page, problems = open_page(browser, example_reports[0], width=390)
    assert problems == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone.png"))
    page.close()


def evil_submission(tmp_path: Path) -> Path:
    """The worked example with a script and a formula as an area's name, a source's name and
    the country."""

    def about(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["key"] == "country":
                row["value"] = f"{SCRIPT} {FORMULA}"

    return submission(tmp_path, about=about, areas={3: {"name": SCRIPT}},
                      sources={2: {"name": FORMULA}})  # fmt: skip


def test_every_value_is_escaped_and_no_script_runs(browser, tmp_path):
    path = tmp_path / "report.html"
    result = run_compute([evil_submission(tmp_path)], validate_options=ValidateOptions(today=TODAY),
                         report=path)  # fmt: skip
    assert result.computed
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in text
    page, problems = open_page(browser, path)
    assert problems == []
    assert page.evaluate("document.scripts.length") == 0
    body = page.inner_text("body")
    assert SCRIPT in body and FORMULA in body  # shown as text, in tables and charts
    assert page.locator("svg text", has_text="alert(1)").count() >= 1
    page.close()


def test_no_child_ref_whatever_the_trace(tmp_path):
    run_compute([EXAMPLE], report=tmp_path / "csv")
    refs = {r["child_ref"] for r in read_csv(tmp_path / "csv" / "trace.csv") if r["child_ref"]}
    assert len(refs) > 100  # such as POL01-00003
    for publication in (PublicationOptions(), PublicationOptions(trace="none", suppress_below=5)):
        path = tmp_path / "report.html"
        run_compute([EXAMPLE], publication=publication, report=path)
        words = set(re.findall(r"[\w-]+", path.read_text(encoding="utf-8")))
        assert not refs & words
        assert "trace.csv" in path.read_text(encoding="utf-8")  # says where the trace is


def test_publication_options_reach_the_page(tmp_path):
    path = tmp_path / "report.html"
    result = jjind("compute", EXAMPLE, "-o", path, "--no-trace", "--suppress-below", "5",
                   "--round", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert ">suppressed<" in text
    assert "rounded to multiples of 3" in text
    assert "counts from 1 to 4 suppressed" in text  # About: the publication options


def test_format_csv_with_an_html_file_is_a_usage_error(tmp_path):
    result = jjind("compute", EXAMPLE, "-o", tmp_path / "report.html", "--format", "csv")
    assert result.exit_code == 2
    assert "--format csv writes a folder" in result.output


def test_a_report_in_french(tmp_path):
    path = tmp_path / "rapport.html"
    assert jjind("compute", EXAMPLE, "-o", path, "--lang", "fr").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "Sommaire" in text and "IC à 95 %" in text


def test_batch_writes_comparison_html(browser, tmp_path):
    inputs = [country_folder(tmp_path, "a", "Ruritania"), country_folder(tmp_path, "b", SCRIPT)]
    run_batch(inputs, tmp_path / "out", None, ValidateOptions(today=TODAY))
    path = tmp_path / "out" / "comparison.html"
    text = path.read_text(encoding="utf-8")
    assert "Ruritania" in text and "&lt;script&gt;" in text and "<script" not in text
    page, problems = open_page(browser, path)
    assert problems == []
    header = page.locator("thead th").all_inner_texts()
    assert header[-2:] == ["Ruritania", SCRIPT]
    cells = page.locator('tr[data-key="2"] td').all_inner_texts()  # name, unit, countries
    assert cells[2] == cells[3] and re.fullmatch(r"\d+\.\d( †)?", cells[2].split("\n")[0])
    page.close()


def test_templates_are_package_data():
    """Every template file is shipped in the wheel (and found by an editable install)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["jjindicators"]
    package = ROOT / "src" / "jjindicators"
    templates = [p for p in (package / "render" / "templates").iterdir() if p.is_file()]
    assert templates
    for template in templates:
        relative = template.relative_to(package).as_posix()
        assert any(Path(relative).match(p) for p in patterns), relative
