"""The catalogue of issue codes: each code's severity, title, message and hint, defined once.

Messages and hints are templates filled from the issue's parameters. Codes are stable: tools and
people may filter on them, so a code is never renamed or reused (add a new one instead). The docs
table `docs/issue-codes.md` is generated from this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


@dataclass(frozen=True)
class IssueType:
    """One kind of problem: its stable code, severity and the words shown to the user."""

    code: str
    severity: Severity
    title: str
    message: str
    hint: str


def _t(code: str, severity: Severity, title: str, message: str, hint: str) -> IssueType:
    return IssueType(code, severity, title, message, hint)


_TYPES = [
    # -- files and sheets ------------------------------------------------------------------------
    _t("file-not-found", "error", "File not found",
       "There is no file or folder at {path}.",
       "Check the path and the spelling of the file name."),
    _t("file-unreadable", "error", "File cannot be read",
       "The file could not be read as {kind}: {detail}.",
       "Open the file in Excel or LibreOffice, check that it opens, and save it again as .xlsx "
       "(Excel Workbook) or .csv (UTF-8)."),
    _t("file-type-unsupported", "error", "File type not supported",
       "{kind} files are not read by jjind.",
       "{how}"),
    _t("csv-encoding", "error", "CSV file is not UTF-8",
       "The file is not valid UTF-8 text (byte {position} cannot be read).",
       "Save the file again as 'CSV UTF-8', or give its encoding with --encoding "
       "(for example --encoding cp1252 for files saved by Excel on Windows)."),
    _t("file-encrypted", "error", "Workbook protected by a password",
       "The workbook is encrypted with a password, so it cannot be read.",
       "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
       "Password: clear the box) and save it; or ask the source for a copy without a password."),
    _t("file-empty", "warning", "Empty file",
       "The file is empty (no header row, no data); it was read as the {form} form with no rows.",
       "If the source had nothing to report, send the form with its header row and no data "
       "rows (`jjind template` has every header); otherwise export the file again."),
    _t("file-too-large", "error", "File too large",
       "The file is {size}, more than the limit of {limit}; it was not read.",
       "Split the submission into several files (for example one per source), or raise the "
       "limit with --max-file-mb (e.g. --max-file-mb {raised})."),
    _t("sheet-too-large", "error", "Sheet too large",
       "The sheet {sheet!r} spans {what}, more than the limit of {limit}; the file was not "
       "read.",
       "Delete the rows and columns beyond the data (a stray value far below or to the right "
       "makes the sheet that large), or split it; or raise the limit with {option}."),
    _t("zip-bomb", "error", "Workbook unpacks to too much",
       "The workbook was not opened: {detail}. Real workbooks never pack this tightly; this one "
       "may be built to exhaust memory.",
       "If you trust the file, open it in Excel or LibreOffice, check what it holds and save it "
       "again. {how}"),
    _t("xml-entities", "error", "Workbook declares XML entities",
       "The part {part} of the workbook declares a DOCTYPE or XML entities, which Excel never "
       "writes (they can expand to billions of characters); the file was not opened.",
       "Open it in Excel or LibreOffice and save it again as .xlsx, or ask the source for a "
       "new copy."),
    _t("csv-unclosed-quote", "error", "Quote never closed",
       "The quote (\") that opens this cell is not closed on its line, so a CSV reader takes "
       "what follows into this one cell: the rest of the line and the {count} line(s) after it "
       "(through row {last}), whose rows would be lost.",
       "Delete the stray quote, or close it where the cell's text ends (a quote inside a "
       "cell's text is written twice: \"\"). jjind read each line after it as a row of its "
       "own, with an error, so that none is counted until the quote is fixed."),
    _t("csv-row-after-quote", "error", "Row read past an unclosed quote",
       "This row comes after the quote of cell {cell} (row {row}), which is not closed: a CSV "
       "reader would take it into that cell. It was read as a row of its own, and is not "
       "counted until the quote is fixed.",
       "Fix the quote in cell {cell}; this row is then read as usual."),
    _t("csv-line-too-long", "error", "Line too long",
       "This line holds more than {limit} characters, far more than a row of a form; it was "
       "not read (its row is blank).",
       "Check that this is the file you meant (a table of records, not a log or a binary "
       "file); delete the line, or split it into rows."),
    _t("no-forms", "error", "No form found",
       "No sheet or CSV file of the submission is named after a jjind form, so nothing was "
       "read.",
       "Name each sheet (or CSV file) after its form: about, sources, arrests...; `jjind "
       "template` makes a workbook with every sheet."),
    _t("hidden-sheet", "notice", "Hidden sheet read",
       "The sheet {sheet!r} is hidden in the workbook; it was read like the others.",
       "Check that it holds data meant for this submission (unhide it in Excel: right-click a "
       "sheet tab > Unhide); delete it if it is an old copy."),
    _t("unknown-sheet", "warning", "Sheet not recognised",
       "The sheet {sheet!r} is not one of jjind's forms and was not read.",
       "Rename it to one of: {forms}{suggestion}."),
    _t("sheet-read-as", "notice", "Sheet read as a form",
       "Read sheet {sheet!r} as {form} ({how}).",
       "Check that it holds the {form} form. To say so yourself, name the sheet (or CSV file) "
       "{form!r}, or map it in a mapping profile: [sheets] {name!r} = {form!r} (docs/mapping.md)."),
    _t("form-in-two-sheets", "error", "One form in several sheets",
       "Several sheets of one file (or CSV files of one folder) hold the {form} form: {sheets}. "
       "None of them was read: jjind cannot tell which one the submission means.",
       "Keep one sheet for {form}: delete or rename the others (an old copy?), or skip one in a "
       "mapping profile: [sheets] {skip!r} = \"\" (docs/mapping.md). If each holds other rows "
       "(one source each, say), put them in separate workbooks (or folders), or name every one "
       "in the profile's [sheets]."),
    _t("missing-required-form", "error", "Required form missing",
       "No file in the submission has a {form!r} sheet ({title}).",
       "Add a sheet named {form!r}; `jjind template` makes a workbook with every sheet."),
    _t("missing-form", "warning", "Form missing",
       "No file in the submission has a {form!r} sheet ({title}); {effect}.",
       "Add a sheet named {form!r}. If the sources had nothing to report, add the sheet with its "
       "header row and no data rows."),
    _t("no-header", "error", "No header row",
       "No header row was found in the first {rows} rows of the sheet.",
       "Put the column headers (for example {expected}) in one row above the data."),
    _t("missing-column", "error", "Required column missing",
       "The required column {field!r} ({label}) is missing.",
       "Add a column headed {field!r} to the header row (row {header_row})."),
    _t("unknown-column", "warning", "Column not recognised",
       "The column {column!r} is not a field of the {form!r} form and was ignored.",
       "Rename it to one of the form's fields{suggestion}, or remove it."),
    _t("duplicate-column", "error", "Column appears twice",
       "The column {column!r} appears more than once; only the first ({first}) was read.",
       "Keep one column per field and delete or rename the others."),
    _t("personal-name-column", "warning", "Column of personal names",
       "The column {column!r} looks like children's names; it was not read and appears in no "
       "output.",
       "Names are not needed for these indicators and should not be collected: delete the column "
       "and use a pseudonymous child reference (child_ref) instead."),
    _t("empty-row-data", "notice", "Data outside the table",
       "{count} cell(s) to the right of the header were ignored.",
       "Give every column of data a header, or delete the stray cells."),
    # -- cells -----------------------------------------------------------------------------------
    _t("error-cell", "error", "Excel error in a cell",
       "The cell holds the Excel error {value} (a formula that failed), not a value; it was "
       "read as blank.",
       "Correct the formula (or the cells it refers to) until it shows a value, or type the "
       "value itself."),
    _t("formula-no-value", "warning", "Formula without a saved result",
       "The cell has a formula ({value}) but the file holds no result for it; jjind never "
       "calculates formulas, so it was read as blank.",
       "Open the file in Excel or LibreOffice, let it calculate, and save it again; or type the "
       "value itself."),
    _t("cell-too-long", "error", "Cell too long",
       "The cell holds {length} characters, more than the {limit} an Excel cell can hold; it "
       "was read as blank.",
       "Check the cell: a whole text pasted into it, or a file that is not a table of records? "
       "Type the value itself."),
    _t("control-character", "error", "Control character in a cell",
       "The cell holds a control character ({char}), which no one types: the file may be "
       "damaged, or saved in another encoding.",
       "Type the value again. If many cells hold NUL characters (U+0000), the file is UTF-16: "
       "give --encoding utf-16, or save it again as CSV UTF-8."),
    _t("required-missing", "error", "Required value missing",
       "{label} is required but the cell is empty.",
       "Fill in {field} on this row."),
    _t("bad-code", "error", "Value not allowed",
       "{value!r} is not an allowed value for {field}.",
       "Use one of: {allowed}{suggestion}."),
    _t("bad-date", "error", "Not a date",
       "{value!r} in {field} is not a valid date{detail}.",
       "Enter a real date: an Excel date cell, or text as YYYY-MM-DD (e.g. 2025-03-31)."),
    _t("ambiguous-date", "error", "Ambiguous date",
       "{value!r} in {field} could be read day-first or month-first, and the submission does not "
       "say which.",
       "Add date_order = DMY (day/month/year) or MDY to the about sheet, or enter the date as "
       "YYYY-MM-DD."),
    _t("bad-number", "error", "Not a whole number",
       "{value!r} in {field} is not a whole number.",
       "Enter a whole number with digits only (e.g. 14)."),
    _t("out-of-range", "error", "Number out of range",
       "{value!r} in {field} is outside the allowed range ({range}).",
       "Correct the value; it must be {range}."),
    _t("implausible-count", "error", "More children than any country has",
       "{value} in {field} is more children than any country has; jjind takes at most {limit} "
       "(India, the most populous country, has about 440 million children).",
       "Check the figure: digits typed or pasted twice, a number in another unit, or an Excel "
       "number shown as 1E+26?"),
    _t("bad-value", "error", "Value not accepted",
       "{value!r} in {field} was not accepted: {detail}.",
       "Correct the value."),
    # -- about -----------------------------------------------------------------------------------
    _t("about-unknown-key", "warning", "Unknown about key",
       "The about key {key!r} is not known and was ignored.",
       "Use one of: {keys}{suggestion}."),
    _t("about-duplicate-key", "error", "About key given twice",
       "The about key {key!r} is given more than once (first on row {first_row}).",
       "Keep one row per key."),
    _t("about-conflict", "error", "Files disagree on the submission",
       "{key} is {value!r} here but {other!r} in {other_file}.",
       "Every file of one submission must have the same about values; correct one of them."),
    _t("period-order", "error", "Period ends before it starts",
       "The reporting period ends ({end}) before it starts ({start}).",
       "Correct period_start or period_end in the about sheet."),
    _t("period-not-a-year", "warning", "Period is not 12 months",
       "The reporting period {start} to {end} is {days} days long, not a full year.",
       "The Manual's period indicators need a completed 12-month period (e.g. 2025-01-01 to "
       "2025-12-31); check period_start and period_end."),
    _t("template-version", "warning", "Old or unknown template",
       "The workbook says template_version {found!r}; the current template is {current!r}. "
       "{changes}",
       "Make a new template with `jjind template` and copy the data into it, or check the "
       "changes listed."),
    # -- reference forms -------------------------------------------------------------------------
    _t("duplicate-id", "error", "Code used twice",
       "{field} {value!r} appears more than once in {form} (first on row {first_row}).",
       "Give each row its own {field}, or delete the duplicate row."),
    _t("conflicting-definition", "error", "Files disagree",
       "{form} {value!r} is defined differently here and in {other_file} ({fields} differ).",
       "Make the rows agree, or keep the definition in one file only."),
    _t("area-parent-unknown", "error", "Parent area unknown",
       "The parent area {value!r} is not in the areas sheet.",
       "Add the parent area, or correct parent_code."),
    _t("area-tree-roots", "error", "Areas do not form one tree",
       "The areas have {count} roots (areas without a parent): {roots}; there must be exactly one "
       "national root.",
       "Leave parent_code blank only for the national area, and give every other area a parent."),
    _t("area-cycle", "error", "Areas loop",
       "The area {value!r} is its own ancestor (parent_code loops: {path}).",
       "Correct parent_code so that every area leads up to the national root."),
    _t("unknown-area", "error", "Area not in areas",
       "The area {value!r} is not in the areas sheet.",
       "Add it to the areas sheet, or correct the code{suggestion}."),
    _t("place-type-missing", "warning", "Type of place missing",
       "The place of detention {value!r} has no place_type.",
       "Fill in place_type: it is needed for breakdowns by type of place."),
    _t("population-overlap", "error", "Population rows overlap",
       "Ages {age_from}-{age_to} overlap ages {other_from}-{other_to} (row {other_row}) for area "
       "{area} and sex {sex}.",
       "Give each age only once per area and sex."),
    _t("population-age-order", "error", "Age range reversed",
       "age_from ({age_from}) is greater than age_to ({age_to}).",
       "Swap the two ages."),
    _t("population-total-mismatch", "warning", "National population differs from its areas",
       "The population of {area} ({sex}, ages {ages}) is {total} but its areas add up to {parts}.",
       "Check both figures; jjind uses each area's own figure for that area's rates."),
    _t("count-above-population", "warning", "More counted than the area's children",
       "{count} {form} are counted in {area} (its sources and those of the areas below it), "
       "more than its child population ({population}): a rate above 100,000 per 100,000 "
       "children.",
       "Check the population of {area} (in children, not in thousands?) and the rows or counts "
       "of its sources (sent twice?)."),
    _t("policy-item-missing", "warning", "Policy question not answered",
       "The policy question {item} ({title}) has no answer.",
       "Add a row with item {item} and an answer (yes, partial, no or unknown)."),
    # -- records ---------------------------------------------------------------------------------
    _t("unknown-source", "error", "Source not in sources",
       "The source {value!r} is not in the sources sheet.",
       "Add the source to the sources sheet, or correct source_id{suggestion}."),
    _t("unknown-transfer-source", "warning", "Transfer from an unknown place",
       "The place {value!r} in transferred_from is not a place of detention in the sources "
       "sheet: the child's time there cannot be joined to this detention.",
       "Write the source_id of the place the child came from, as the sources sheet lists it"
       "{suggestion}, or leave transferred_from blank."),
    _t("wrong-source-type", "error", "Wrong type of source",
       "The source {value!r} is a {source_type}, which does not send the {form} form.",
       "This form comes from sources of type {expected}; correct source_id or the source's "
       "source_type."),
    _t("age-dob-mismatch", "error", "Age and date of birth disagree",
       "The age {age} does not match the date of birth {dob}, which gives {computed} on {ref}.",
       "Correct the age or the date of birth (they may differ by at most one year)."),
    _t("age-unknown", "warning", "Age unknown",
       "Neither date_of_birth nor age is given; the child is counted with age 'unknown'.",
       "Fill in the date of birth, or the age (an estimate is fine: set age_estimated to yes)."),
    _t("not-a-child", "warning", "Not a child",
       "The person was {age} on {ref} ({ref_field}): 18 or over, so not counted as a child.",
       "Check the date of birth or age; if it is right, this row is excluded from child counts."),
    _t("date-order", "error", "Dates out of order",
       "{field} ({value}) is before {other_field} ({other_value}).",
       "Correct one of the two dates: {rule}."),
    _t("sentence-before-admission", "warning", "Sentence before admission",
       "sentence_date ({value}) is before admission_date ({other_value}).",
       "Right if the child was sentenced while at liberty and admitted later to serve the "
       "sentence; otherwise correct one of the dates."),
    _t("after-census-date", "error", "Date after the census date",
       "{field} ({value}) is after the census date ({census}).",
       "The census lists children held on the census date: correct the date, or remove the row "
       "if the child was admitted later."),
    _t("future-date", "error", "Date in the future",
       "{field} ({value}) is after today ({today}).",
       "Correct the date."),
    _t("outside-period", "notice", "Outside the reporting period",
       "{what} ({value}) is outside the reporting period {start} to {end}; the row is not "
       "counted.",
       "Nothing to do if this is right; otherwise correct the date."),
    _t("conditional-required", "error", "Value missing",
       "{field} is required when {condition}.",
       "Fill in {field} ({allowed})."),
    _t("sentenced-without-date", "warning", "Sentence date missing",
       "The child is sentenced but sentence_date is empty.",
       "Fill in sentence_date."),
    _t("pre-sentence-with-sentence-date", "error", "Pre-sentence child has a sentence date",
       "legal_status is pre_sentence but sentence_date is {value}, on or before the census date.",
       "A child sentenced (even with an appeal pending) is 'sentenced': correct legal_status or "
       "sentence_date."),
    _t("release-type-conflict", "error", "Release type and sentence disagree",
       "release_type {release_type!r} {problem}.",
       "Correct release_type or sentence_date."),
    _t("duplicate-child-in-census", "error", "Child listed twice in one census",
       "child_ref {value!r} appears more than once in the census of {source} (first on row "
       "{first_row}).",
       "List each child once per place: delete the duplicate row."),
    _t("child-in-two-censuses", "warning", "Child in two places' censuses",
       "child_ref {value!r} is in the censuses of both {source} and {other_source} (row "
       "{other_row} of {other_file}).",
       "A transfer on the census date? List the child only where they slept on the census date."),
    _t("record-and-count", "error", "Records and counts for the same source",
       "{source} sent both rows ({form}) and counts ({count_sheet}); counting both would count "
       "children twice.",
       "Send either the rows or the counts for this source and form, not both."),
    # Retired in 0.9 (count sheets are read now); kept because a code is never reused.
    _t("count-form-not-read", "notice", "Count sheet not read",
       "Count (tally) sheets such as {sheet!r} are not read by this version of jjind.",
       "Send one row per child in the {form} sheet instead; count sheets are planned."),
    # -- count (tally) sheets --------------------------------------------------------------------
    _t("bad-count", "error", "Not a count",
       "{value!r} in {field} is not a count.",
       "Write a whole number of 0 or more; leave the cell blank when the figure is not "
       "available, or write 'not applicable' when the line does not apply to the source."),
    _t("bad-age-group", "error", "Not an age group",
       "{value!r} in {field} is not an age group of children.",
       "Write the group as the report shows it: <14, 14-15, 16-17 (ages under 18), or unknown."),
    _t("bad-band", "error", "Not a duration band",
       "{value!r} in {field} is not a band of days.",
       "Write the band as the report shows it: 0-7 days, 8-30 days, ... over 365 days."),
    _t("count-not-available", "warning", "Count not available",
       "The count is blank, so this line of {source} is 'not available' and adds nothing.",
       "If the figure is zero, write 0; if the line does not apply to the source, write 'not "
       "applicable'; otherwise ask the source for the figure."),
    _t("count-band-missing", "error", "Duration band missing",
       "{counted} lines are counted per duration band, but duration_band is blank.",
       "Give the band of days of this line (for example 8-30 days), one line per band."),
    _t("count-repeated", "warning", "Count line repeated",
       "This line repeats the breakdown of row {first_row} for {source}; both counts are added.",
       "If it is a copy, delete one of the two lines; if both are right (two wards of one "
       "place, say), add them up on one line."),
    _t("count-age-groups-differ", "error", "Age groups of the counts differ",
       "The counts use the age group {value!r}, which is not one of the configured groups "
       "({groups}).",
       "Send the counts by the configured groups, or configure the groups the counts use "
       "(age_breaks in jjind.toml or --age-breaks), e.g. {breaks}."),
    _t("count-bands-differ", "error", "Duration bands of the counts differ",
       "The {counted} counts use the band {value!r}, which is not one of the configured bands "
       "({bands}).",
       "Send the counts by the configured bands, or configure the bands the counts use "
       "({option} in jjind.toml)."),
    _t("no-census-from-place", "warning", "Place of detention sent no census",
       "{source} held children in the period but sent no detention census rows.",
       "Ask the place for its census; if it held no child on the census date, set "
       "held_children_in_period or send an empty census sheet for it."),
    _t("issue-cap-reached", "notice", "Too many issues",
       "Validation stopped after {count} issues.",
       "Fix the issues listed and validate again, or raise the cap."),
]  # fmt: skip

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _TYPES}
