"""jjind: the UNODC/UNICEF juvenile justice indicators, calculated from spreadsheets.

The library never prints and never imports the command line (typer, rich): every function returns
plain data that the CLI, or any other program, renders.

>>> from jjindicators import validate
>>> report = validate(["examples/exampleland-2025.xlsx"])  # doctest: +SKIP
>>> result = compute(["examples/exampleland-2025.xlsx"])  # doctest: +SKIP

Each command is one call that does its whole job: `run_validate` (`jjind validate`), `run_compute`
(`jjind compute`: validate, compute, protect, write the report) and `run_batch` (`jjind batch`).
"""

from __future__ import annotations

from jjindicators.batch import BatchEntry, BatchResult, run_batch
from jjindicators.catalogue import CATALOGUE, IssueType
from jjindicators.compute import ComputeResult, compute
from jjindicators.forms import FORMS, FormSpec
from jjindicators.issues import Issue, MissingForm, ValidationReport
from jjindicators.options import ComputeOptions, PublicationOptions, load_options
from jjindicators.pipeline import run_compute, run_validate
from jjindicators.protect import protect
from jjindicators.read import read_inputs
from jjindicators.submissions import Submission, find_submissions
from jjindicators.validate import CheckedSubmission, ValidateOptions, check_submission, validate
from jjindicators.version import __version__

__all__ = [
    "CATALOGUE",
    "FORMS",
    "BatchEntry",
    "BatchResult",
    "CheckedSubmission",
    "ComputeOptions",
    "ComputeResult",
    "FormSpec",
    "Issue",
    "IssueType",
    "MissingForm",
    "PublicationOptions",
    "Submission",
    "ValidateOptions",
    "ValidationReport",
    "__version__",
    "check_submission",
    "compute",
    "find_submissions",
    "load_options",
    "protect",
    "read_inputs",
    "run_batch",
    "run_compute",
    "run_validate",
    "validate",
]
