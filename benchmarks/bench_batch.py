"""Benchmark: `jjind batch` on many generated countries, one job against several.

Generates N small synthetic countries with `examples/make_examples.py` (other seeds, sizes between
--scale and twice it), then runs `jjind batch` on them in a fresh process for each --jobs value,
into a fresh folder each time. Prints a Markdown table (wall seconds, submissions per second,
speed-up); with --write, puts it into docs/performance.md between markers.

    python benchmarks/bench_batch.py --countries 20 --jobs 1 2 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench_batch:start -->", "<!-- bench_batch:end -->"
NAMES = ("Ruritania", "Freedonia", "Elbonia", "Sylvania", "Grand Fenwick", "Latveria", "Genovia",
         "Zubrowka", "Florin", "Guilder", "Borduria", "Syldavia", "Molvania", "Kerplakistan",
         "Qumar", "Agrabah", "Arstotzka", "Vulgaria", "Tomainia", "Bacteria")  # fmt: skip


def generate(folder: Path, count: int, scale: float) -> tuple[list[Path], int]:
    """Write `count` clean country workbooks; returns them and their record rows in all."""
    sys.path.insert(0, str(ROOT / "examples"))
    import make_examples

    paths, rows = [], 0
    for i in range(count):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES) + 1}")
        made = make_examples.build(folder / f"c{i:03d}", 100 + i, scale * (1 + i / count), name)
        Path(made["faulty"]).unlink()
        paths.append(Path(made["clean"]))
        rows += sum(made["rows"][f] for f in ("arrests", "detention_register", "decisions"))
    return paths, rows


def run(paths: list[Path], jobs: int, out: Path) -> float:
    """Wall seconds of `jjind batch` (a fresh process, imports included)."""
    command = [sys.executable, "-m", "jjindicators", "batch", *map(str, paths), "-o", str(out),
               "--jobs", str(jobs), "--today", "2026-11-25"]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"jjind batch failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


def table(count: int, rows: int, scale: float, timings: dict[int, float]) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        f"Machine: {os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}, Python "
        f"{platform.python_version()}, {dt.date.today().isoformat()}. {count} generated countries "
        f"(`--scale` {scale:g} to {2 * scale:g}; {rows:,} record rows in all), `jjind batch` in a "
        "fresh process, start-up and imports included, each submission validated, computed and "
        "written (Excel and CSV reports), then the comparison.",
        "",
        "| --jobs | seconds | submissions/s | speed-up |",
        "| ---: | ---: | ---: | ---: |",
    ]
    base = timings[min(timings)]
    for jobs, seconds in timings.items():
        lines.append(f"| {jobs} | {seconds:.1f} | {count / seconds:.2f} | {base / seconds:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--countries", type=int, default=20)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths, rows = generate(Path(tmp) / "in", args.countries, args.scale)
        timings = {j: run(paths, j, Path(tmp) / f"out{j}") for j in args.jobs}
    text = table(args.countries, rows, args.scale, timings)
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        before, _, rest = doc.partition(START)
        _, _, after = rest.partition(END)
        DOC.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
