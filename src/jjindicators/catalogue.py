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

from jjindicators.i18n import ENGLISH, lookup

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


class Code(StrEnum):
    """Every issue code by name (`Code.FILE_NOT_FOUND == "file-not-found"`): a code written wrong
    in the checks fails at import, and the type checker sees each one."""

    # -- files and sheets ------------------------------------------------------------------------
    FILE_NOT_FOUND = "file-not-found"
    FILE_UNREADABLE = "file-unreadable"
    FILE_TYPE_UNSUPPORTED = "file-type-unsupported"
    CSV_ENCODING = "csv-encoding"
    FILE_ENCRYPTED = "file-encrypted"
    FILE_EMPTY = "file-empty"
    FILE_TOO_LARGE = "file-too-large"
    SHEET_TOO_LARGE = "sheet-too-large"
    ZIP_BOMB = "zip-bomb"
    XML_ENTITIES = "xml-entities"
    CSV_UNCLOSED_QUOTE = "csv-unclosed-quote"
    CSV_ROW_AFTER_QUOTE = "csv-row-after-quote"
    CSV_LINE_TOO_LONG = "csv-line-too-long"
    NO_FORMS = "no-forms"
    HIDDEN_SHEET = "hidden-sheet"
    UNKNOWN_SHEET = "unknown-sheet"
    SHEET_READ_AS = "sheet-read-as"
    FORM_IN_TWO_SHEETS = "form-in-two-sheets"
    MISSING_REQUIRED_FORM = "missing-required-form"
    MISSING_FORM = "missing-form"
    NO_HEADER = "no-header"
    MISSING_COLUMN = "missing-column"
    UNKNOWN_COLUMN = "unknown-column"
    DUPLICATE_COLUMN = "duplicate-column"
    PERSONAL_NAME_COLUMN = "personal-name-column"
    EMPTY_ROW_DATA = "empty-row-data"
    # -- cells -----------------------------------------------------------------------------------
    ERROR_CELL = "error-cell"
    FORMULA_NO_VALUE = "formula-no-value"
    CELL_TOO_LONG = "cell-too-long"
    CONTROL_CHARACTER = "control-character"
    REQUIRED_MISSING = "required-missing"
    BAD_CODE = "bad-code"
    BAD_DATE = "bad-date"
    AMBIGUOUS_DATE = "ambiguous-date"
    BAD_NUMBER = "bad-number"
    OUT_OF_RANGE = "out-of-range"
    IMPLAUSIBLE_COUNT = "implausible-count"
    BAD_VALUE = "bad-value"
    # -- about -----------------------------------------------------------------------------------
    ABOUT_UNKNOWN_KEY = "about-unknown-key"
    ABOUT_DUPLICATE_KEY = "about-duplicate-key"
    ABOUT_CONFLICT = "about-conflict"
    PERIOD_ORDER = "period-order"
    PERIOD_NOT_A_YEAR = "period-not-a-year"
    TEMPLATE_VERSION = "template-version"
    # -- reference forms -------------------------------------------------------------------------
    DUPLICATE_ID = "duplicate-id"
    CONFLICTING_DEFINITION = "conflicting-definition"
    AREA_PARENT_UNKNOWN = "area-parent-unknown"
    AREA_TREE_ROOTS = "area-tree-roots"
    AREA_CYCLE = "area-cycle"
    UNKNOWN_AREA = "unknown-area"
    PLACE_TYPE_MISSING = "place-type-missing"
    POPULATION_OVERLAP = "population-overlap"
    POPULATION_AGE_ORDER = "population-age-order"
    POPULATION_TOTAL_MISMATCH = "population-total-mismatch"
    COUNT_ABOVE_POPULATION = "count-above-population"
    POLICY_ITEM_MISSING = "policy-item-missing"
    # -- records ---------------------------------------------------------------------------------
    UNKNOWN_SOURCE = "unknown-source"
    UNKNOWN_TRANSFER_SOURCE = "unknown-transfer-source"
    WRONG_SOURCE_TYPE = "wrong-source-type"
    AGE_DOB_MISMATCH = "age-dob-mismatch"
    AGE_UNKNOWN = "age-unknown"
    NOT_A_CHILD = "not-a-child"
    DATE_ORDER = "date-order"
    SENTENCE_BEFORE_ADMISSION = "sentence-before-admission"
    AFTER_CENSUS_DATE = "after-census-date"
    FUTURE_DATE = "future-date"
    OUTSIDE_PERIOD = "outside-period"
    CONDITIONAL_REQUIRED = "conditional-required"
    SENTENCED_WITHOUT_DATE = "sentenced-without-date"
    PRE_SENTENCE_WITH_SENTENCE_DATE = "pre-sentence-with-sentence-date"
    RELEASE_TYPE_CONFLICT = "release-type-conflict"
    DUPLICATE_CHILD_IN_CENSUS = "duplicate-child-in-census"
    CHILD_IN_TWO_CENSUSES = "child-in-two-censuses"
    RECORD_AND_COUNT = "record-and-count"
    # Retired in 0.9 (count sheets are read now); kept because a code is never reused.
    COUNT_FORM_NOT_READ = "count-form-not-read"
    # -- count (tally) sheets --------------------------------------------------------------------
    BAD_COUNT = "bad-count"
    BAD_AGE_GROUP = "bad-age-group"
    BAD_BAND = "bad-band"
    COUNT_NOT_AVAILABLE = "count-not-available"
    COUNT_BAND_MISSING = "count-band-missing"
    COUNT_REPEATED = "count-repeated"
    COUNT_AGE_GROUPS_DIFFER = "count-age-groups-differ"
    COUNT_BANDS_DIFFER = "count-bands-differ"
    NO_CENSUS_FROM_PLACE = "no-census-from-place"
    ISSUE_CAP_REACHED = "issue-cap-reached"
    # -- series (issue #19) ----------------------------------------------------------------------
    LARGE_CHANGE = "large-change"


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


_SEVERITY: dict[str, Severity] = {
    Code.FILE_NOT_FOUND: "error",
    Code.FILE_UNREADABLE: "error",
    Code.FILE_TYPE_UNSUPPORTED: "error",
    Code.CSV_ENCODING: "error",
    Code.FILE_ENCRYPTED: "error",
    Code.FILE_EMPTY: "warning",
    Code.FILE_TOO_LARGE: "error",
    Code.SHEET_TOO_LARGE: "error",
    Code.ZIP_BOMB: "error",
    Code.XML_ENTITIES: "error",
    Code.CSV_UNCLOSED_QUOTE: "error",
    Code.CSV_ROW_AFTER_QUOTE: "error",
    Code.CSV_LINE_TOO_LONG: "error",
    Code.NO_FORMS: "error",
    Code.HIDDEN_SHEET: "notice",
    Code.UNKNOWN_SHEET: "warning",
    Code.SHEET_READ_AS: "notice",
    Code.FORM_IN_TWO_SHEETS: "error",
    Code.MISSING_REQUIRED_FORM: "error",
    Code.MISSING_FORM: "warning",
    Code.NO_HEADER: "error",
    Code.MISSING_COLUMN: "error",
    Code.UNKNOWN_COLUMN: "warning",
    Code.DUPLICATE_COLUMN: "error",
    Code.PERSONAL_NAME_COLUMN: "warning",
    Code.EMPTY_ROW_DATA: "notice",
    Code.ERROR_CELL: "error",
    Code.FORMULA_NO_VALUE: "warning",
    Code.CELL_TOO_LONG: "error",
    Code.CONTROL_CHARACTER: "error",
    Code.REQUIRED_MISSING: "error",
    Code.BAD_CODE: "error",
    Code.BAD_DATE: "error",
    Code.AMBIGUOUS_DATE: "error",
    Code.BAD_NUMBER: "error",
    Code.OUT_OF_RANGE: "error",
    Code.IMPLAUSIBLE_COUNT: "error",
    Code.BAD_VALUE: "error",
    Code.ABOUT_UNKNOWN_KEY: "warning",
    Code.ABOUT_DUPLICATE_KEY: "error",
    Code.ABOUT_CONFLICT: "error",
    Code.PERIOD_ORDER: "error",
    Code.PERIOD_NOT_A_YEAR: "warning",
    Code.TEMPLATE_VERSION: "warning",
    Code.DUPLICATE_ID: "error",
    Code.CONFLICTING_DEFINITION: "error",
    Code.AREA_PARENT_UNKNOWN: "error",
    Code.AREA_TREE_ROOTS: "error",
    Code.AREA_CYCLE: "error",
    Code.UNKNOWN_AREA: "error",
    Code.PLACE_TYPE_MISSING: "warning",
    Code.POPULATION_OVERLAP: "error",
    Code.POPULATION_AGE_ORDER: "error",
    Code.POPULATION_TOTAL_MISMATCH: "warning",
    Code.COUNT_ABOVE_POPULATION: "warning",
    Code.POLICY_ITEM_MISSING: "warning",
    Code.UNKNOWN_SOURCE: "error",
    Code.UNKNOWN_TRANSFER_SOURCE: "warning",
    Code.WRONG_SOURCE_TYPE: "error",
    Code.AGE_DOB_MISMATCH: "error",
    Code.AGE_UNKNOWN: "warning",
    Code.NOT_A_CHILD: "warning",
    Code.DATE_ORDER: "error",
    Code.SENTENCE_BEFORE_ADMISSION: "warning",
    Code.AFTER_CENSUS_DATE: "error",
    Code.FUTURE_DATE: "error",
    Code.OUTSIDE_PERIOD: "notice",
    Code.CONDITIONAL_REQUIRED: "error",
    Code.SENTENCED_WITHOUT_DATE: "warning",
    Code.PRE_SENTENCE_WITH_SENTENCE_DATE: "error",
    Code.RELEASE_TYPE_CONFLICT: "error",
    Code.DUPLICATE_CHILD_IN_CENSUS: "error",
    Code.CHILD_IN_TWO_CENSUSES: "warning",
    Code.RECORD_AND_COUNT: "error",
    Code.COUNT_FORM_NOT_READ: "notice",
    Code.BAD_COUNT: "error",
    Code.BAD_AGE_GROUP: "error",
    Code.BAD_BAND: "error",
    Code.COUNT_NOT_AVAILABLE: "warning",
    Code.COUNT_BAND_MISSING: "error",
    Code.COUNT_REPEATED: "warning",
    Code.COUNT_AGE_GROUPS_DIFFER: "error",
    Code.COUNT_BANDS_DIFFER: "error",
    Code.NO_CENSUS_FROM_PLACE: "warning",
    Code.ISSUE_CAP_REACHED: "notice",
    Code.LARGE_CHANGE: "warning",
}  # fmt: skip

# Each code's type, in the catalogue's order; a code without a severity fails here, at import.
CATALOGUE: dict[str, IssueType] = {code: IssueType(code, _SEVERITY[code]) for code in Code}
