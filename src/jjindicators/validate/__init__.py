"""Validation: every cell against its form's model, then the checks between fields and forms."""

from __future__ import annotations

from jjindicators.validate.run import (
    CheckedSubmission,
    ValidateOptions,
    check_submission,
    validate,
)

__all__ = ["CheckedSubmission", "ValidateOptions", "check_submission", "validate"]
