"""The exceptions jjind raises: one small hierarchy, each message saying how to fix the problem.

Data problems are never exceptions (they are issues in a report, STYLE.md 3); these are for a
caller's mistakes and for files that cannot be written. The CLI catches `JjindError` at the
boundary and turns it into a message and an exit code (STYLE.md 9, 10).
"""

from __future__ import annotations


class JjindError(Exception):
    """Base of every error jjind raises on purpose; the message says what to do about it."""


class UsageError(JjindError):
    """The caller asked for something that cannot be done as asked (an unknown form, a bad path)."""


class OutputError(JjindError):
    """An output that jjind refuses to write where asked (over an input, through a link) or that
    could not be written (a full disk, a read-only folder); nothing was left under its name.
    `errno` and `cause` say why, when an `OSError` did (the cause in the message's language)."""

    def __init__(self, message: str, errno: int | None = None, cause: str = "") -> None:
        super().__init__(message, errno, cause)  # all in args: it crosses processes (batch)
        self.errno = errno
        self.cause = cause

    def __str__(self) -> str:
        return str(self.args[0])
