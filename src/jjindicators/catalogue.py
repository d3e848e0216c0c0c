"""The catalogue of issue codes: each code's severity, defined once; its title, message and hint
are the catalogue texts `issue.<code>.title|message|hint` (`locales/en.toml` and the others).

Messages and hints are templates filled from the issue's parameters, in the reader's language,
when a person reads them. Codes are stable: tools and people may filter on them, so a code is
never renamed or reused (add a new one instead). `Code` names each one, so that a code written
wrong in the checks fails at import. The docs table `docs/issue-codes.md` is generated from this
catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from jjindicators.i18n import ENGLISH, catalogue, lookup

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


@dataclass(frozen=True)
class IssueType:
    """One kind of problem: its stable code and its severity; its words are in the catalogues."""

    code: str
    severity: Severity

    def text(self, part: str, lang: str = ENGLISH) -> str:
        """Its `title`, `message` or `hint` template in `lang`."""
        return lookup(f"issue.{self.code}.{part}", lang)

    @property
    def title(self) -> str:
        """Its title in English."""
        return self.text("title")

    @property
    def message(self) -> str:
        """Its message template in English."""
        return self.text("message")

    @property
    def hint(self) -> str:
        """Its hint template in English."""
        return self.text("hint")


def _t(code: str, severity: Severity) -> IssueType:
    return IssueType(code, severity)


_TYPES = [
    # -- files and sheets ------------------------------------------------------------------------
    _t("file-not-found", "error"),
    _t("file-unreadable", "error"),
    _t("file-type-unsupported", "error"),
    _t("csv-encoding", "error"),
    _t("file-encrypted", "error"),
    _t("file-empty", "warning"),
    _t("file-too-large", "error"),
    _t("sheet-too-large", "error"),
    _t("zip-bomb", "error"),
    _t("xml-entities", "error"),
    _t("csv-unclosed-quote", "error"),
    _t("csv-row-after-quote", "error"),
    _t("csv-line-too-long", "error"),
    _t("no-forms", "error"),
    _t("hidden-sheet", "notice"),
    _t("unknown-sheet", "warning"),
    _t("sheet-read-as", "notice"),
    _t("form-in-two-sheets", "error"),
    _t("missing-required-form", "error"),
    _t("missing-form", "warning"),
    _t("no-header", "error"),
    _t("missing-column", "error"),
    _t("unknown-column", "warning"),
    _t("duplicate-column", "error"),
    _t("personal-name-column", "warning"),
    _t("empty-row-data", "notice"),
    # -- cells -----------------------------------------------------------------------------------
    _t("error-cell", "error"),
    _t("formula-no-value", "warning"),
    _t("cell-too-long", "error"),
    _t("control-character", "error"),
    _t("required-missing", "error"),
    _t("bad-code", "error"),
    _t("bad-date", "error"),
    _t("ambiguous-date", "error"),
    _t("bad-number", "error"),
    _t("out-of-range", "error"),
    _t("implausible-count", "error"),
    _t("bad-value", "error"),
    # -- about -----------------------------------------------------------------------------------
    _t("about-unknown-key", "warning"),
    _t("about-duplicate-key", "error"),
    _t("about-conflict", "error"),
    _t("period-order", "error"),
    _t("period-not-a-year", "warning"),
    _t("template-version", "warning"),
    # -- reference forms -------------------------------------------------------------------------
    _t("duplicate-id", "error"),
    _t("conflicting-definition", "error"),
    _t("area-parent-unknown", "error"),
    _t("area-tree-roots", "error"),
    _t("area-cycle", "error"),
    _t("unknown-area", "error"),
    _t("place-type-missing", "warning"),
    _t("population-overlap", "error"),
    _t("population-age-order", "error"),
    _t("population-total-mismatch", "warning"),
    _t("count-above-population", "warning"),
    _t("policy-item-missing", "warning"),
    # -- records ---------------------------------------------------------------------------------
    _t("unknown-source", "error"),
    _t("unknown-transfer-source", "warning"),
    _t("wrong-source-type", "error"),
    _t("age-dob-mismatch", "error"),
    _t("age-unknown", "warning"),
    _t("not-a-child", "warning"),
    _t("date-order", "error"),
    _t("sentence-before-admission", "warning"),
    _t("after-census-date", "error"),
    _t("future-date", "error"),
    _t("outside-period", "notice"),
    _t("conditional-required", "error"),
    _t("sentenced-without-date", "warning"),
    _t("pre-sentence-with-sentence-date", "error"),
    _t("release-type-conflict", "error"),
    _t("duplicate-child-in-census", "error"),
    _t("child-in-two-censuses", "warning"),
    _t("record-and-count", "error"),
    # Retired in 0.9 (count sheets are read now); kept because a code is never reused.
    _t("count-form-not-read", "notice"),
    # -- count (tally) sheets --------------------------------------------------------------------
    _t("bad-count", "error"),
    _t("bad-age-group", "error"),
    _t("bad-band", "error"),
    _t("count-not-available", "warning"),
    _t("count-band-missing", "error"),
    _t("count-repeated", "warning"),
    _t("count-age-groups-differ", "error"),
    _t("count-bands-differ", "error"),
    _t("no-census-from-place", "warning"),
    _t("issue-cap-reached", "notice"),
]  # fmt: skip

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _TYPES}
# Every code by name: `Code.FILE_NOT_FOUND == "file-not-found"`.
Code = StrEnum("Code", {t.code.replace("-", "_").upper(): t.code for t in _TYPES})  # type: ignore[misc]

# Phrases that the checks write into an issue's parameters (`validate/`, `read/`), in English:
# the catalogues' `phrase.<name>` keys.
PHRASES: dict[str, str] = {
    k.removeprefix("phrase."): v for k, v in catalogue(ENGLISH).items() if k.startswith("phrase.")
}
