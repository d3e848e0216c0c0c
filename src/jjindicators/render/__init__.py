"""Renderers: each output format only writes what the library computed, never computes."""

from __future__ import annotations

from jjindicators.render.issues import write_issues
from jjindicators.render.report_csv import write_report_csv
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.safe import atomic_path, neutralise

__all__ = ["atomic_path", "neutralise", "write_issues", "write_report_csv", "write_report_xlsx"]
