"""Run every case of the bad-input corpus through jjind in one process whose memory is capped
(`tests/test_corpus_guarantees.py` starts it): for each case, `validate -o issues.xlsx`,
`compute --exclude-invalid -o report.xlsx` and `compute --exclude-invalid -o csv --format csv`,
each recorded as its exit code, stdout and stderr, into a JSON file.

    python tests/corpus_driver.py CASES.json RESULTS.json CAP_MB

CASES.json: {name: {"paths": [...], "out": folder}}. The cap is set before jjind is imported.
"""

from __future__ import annotations

import json
import resource
import sys


def main() -> None:
    cases_file, results_file, cap_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cap = cap_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from typer.testing import CliRunner

    from jjindicators.cli import app

    runner = CliRunner()
    with open(cases_file, encoding="utf-8") as handle:
        cases = json.loads(handle.read())
    today = ["--today", "2026-01-15"]
    results: dict[str, list[dict[str, object]]] = {}
    for name, case in cases.items():
        paths, out = case["paths"], case["out"]
        commands = [
            ["validate", *paths, *today, "--format", "json", "-o", f"{out}/issues.xlsx"],
            ["compute", *paths, *today, "--exclude-invalid", "--format", "json", "-o",
             f"{out}/report.xlsx"],
            ["compute", *paths, *today, "--exclude-invalid", "--format", "csv", "-o",
             f"{out}/csv"],
        ]  # fmt: skip
        results[name] = []
        for args in commands:
            done = runner.invoke(app, args, env={"COLUMNS": "120"})
            crashed = done.exception is not None and not isinstance(done.exception, SystemExit)
            results[name].append({
                "args": args, "exit": done.exit_code, "stdout": done.stdout,
                "stderr": done.stderr, "crashed": repr(done.exception) if crashed else "",
            })  # fmt: skip
    with open(results_file, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main()
