"""Renderers: each output format only writes what the library computed, never computes."""

from __future__ import annotations

from jjindicators.outputs import atomic_file as atomic_path  # its name in this API since 0.1
from jjindicators.render.issues import write_issues
from jjindicators.render.report_csv import write_report_csv
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.safe_text import neutralise

__all__ = ["atomic_path", "neutralise", "write_issues", "write_report_csv", "write_report_xlsx"]
