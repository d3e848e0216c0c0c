"""The words of the reports and the console, in English, and the same in another language.

`TEXTS` holds every text the Excel report and the terminal views write around the numbers;
`i18n` files each under `report.<name>`, and `locales/<language>.toml` translates it
(`docs/languages.md`). `Words(lang)` gives them in one language, with the indicators' names,
definitions and rules (`indicator.<number>.*`), and `localise_result` puts a result's indicator
texts and issues into that language before it is written.

What is a value for machines stays as it is in every language: codes, field names, the columns
of the flat tables (trace, coverage, issues) and of the CSV report, and the data themselves.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from jjindicators.forms.policy import POLICY_ITEMS
from jjindicators.i18n import ENGLISH, localise_report, lookup, text_pattern, translate
from jjindicators.indicators.base import MANUAL_CORE, MANUAL_PERIOD

if TYPE_CHECKING:
    from jjindicators.compute import ComputeResult
    from jjindicators.indicators.base import IndicatorMeta

TEXTS = {
    # sheet names of the Excel report
    "sheet_summary": "Summary",
    "sheet_trace": "Trace",
    "sheet_coverage": "Coverage",
    "sheet_issues": "Issues",
    "sheet_excluded": "Excluded",
    "sheet_about": "About",
    # the summary sheet
    "title": "Juvenile justice indicators · {country}",
    "title_period": "Reporting period: {period}",
    "title_census": "Census date: {date}",
    "title_scope": "child_ref scope: {scope} · jjind {version}",
    "span": "{start} to {end}",
    "reference_census": "census date {date}",
    "reference_as_reported": "as reported",
    # how a number is written in text (`12,345.6`); Excel's cells follow the reader's settings
    "number_thousands": ",",
    "number_decimal": ".",
    "col_indicator": "Indicator",
    "col_name": "Name",
    "col_core": "Core",
    "col_value": "Value",
    "col_unit": "Unit",
    "col_numerator": "Numerator",
    "col_denominator": "Denominator",
    "col_reference": "Reference",
    "col_coverage": "Coverage %",
    "col_flags": "Flags",
    "col_note": "Note",
    "col_area": "Area",
    "col_part": "Part",
    "col_category": "Category",
    "col_episodes": "Episodes",
    "col_expected": "Expected",
    "col_reported": "Reported",
    "col_missing": "Missing sources",
    "core": "CORE",
    "not_computable": "not computable",
    "suppressed": "suppressed",
    "none": "none",
    "how_to_read": "How to read this report",
    "read_values": "Each row is an indicator's headline, for the whole country: value = "
    "numerator / denominator × multiplier (rates per 100,000 or per 1,000 children, "
    "percentages); durations are numbers of days, the median or the mean as the unit says (option "
    "duration_headline); the policy indicators are answers.",
    "read_rounding": "Values are rounded to one decimal here; the CSV report (jjind compute "
    "--format csv) keeps full precision. 'not computable' means the denominator was zero or "
    "missing (see Flags).",
    "read_coverage": "CORE marks the Manual's core indicators. Coverage % is the share of expected "
    "sources that reported; below 100 % the indicator is flagged 'partial' and its sheet names "
    "the missing sources. Click a name for the indicator's breakdowns, coverage and chart.",
    "read_trace": "Trace lists every counted unit and the row it came from; About lists the "
    "inputs (SHA-256), the options and the rules in force.",
    "read_no_trace": "This report has no trace (--no-trace); About lists the inputs (SHA-256), "
    "the options, the publication options and the rules in force.",
    "read_suppressed": "'suppressed': a count below {below}, or a count hidden so that such a "
    "count can't be worked out from the totals.",
    "issues_row": "Row in original",
    # an indicator's sheet
    "indicator_title": "Indicator {number} · {name}",
    "definition": "Definition: {text}",
    "reference": "Reference: {text}",
    "headline": "Headline: {text}",
    "flags": "Flags: {text}",
    "forms": "Forms: {forms} · rules in force: see the About sheet",
    "totals": "Totals",
    "by": "By {dimension}",
    "part_by": "{part} — by {dimension}",
    "chart_by_area": "{unit}, by area",
    "durations": "Durations in days — {by}",
    "durations_of": "{part}durations in days — {by}",
    "total": "total",
    "in_days": "{stat} (days)",
    "in_episodes": "{band} (episodes)",
    "episodes_by_duration": "Episodes by duration",
    "episodes_by_duration_of": "{part}episodes by duration",
    "coverage_title": "Coverage: sources expected to report, and those that did",
    "in_cohort": "in the cohort",
    # the About sheet
    "about_rests_on": "What this report rests on",
    "about_country": "Country",
    "about_period": "Reporting period",
    "about_census": "Census date",
    "about_scope": "child_ref scope",
    "about_version": "jjind version",
    "about_input": "Input file",
    "about_mapping": "mapping profile: {file}",
    "about_not_read": "not read (refused unread: see the issues)",
    "about_option": "Option in force",
    "about_value": "Value",
    "about_publication": "Publication option",
    "about_validation": "Validation",
    "about_count": "Count",
    "about_excluded": "rows with errors left out (--exclude-invalid)",
    "about_rule": "Rule in force",
    "about_origin": "Source",
    "origin_manual": "Manual",
    "origin_jjind": "jjind rule",
    "rule_core": MANUAL_CORE,
    "rule_period": MANUAL_PERIOD,
    "about_protection": "Data protection",
    "option_not_set": "not set (the about sheet's value applies)",
    "yes": "yes",
    "no": "no",
    "severity_error": "errors",
    "severity_warning": "warnings",
    "severity_notice": "notices",
    "publication_trace": "trace",
    "publication_suppression": "suppression",
    "trace_full": "full (child_ref shown)",
    "trace_none": "left out (--no-trace)",
    "trace_pseudonymised": "pseudonymised with a salt supplied by the user",
    "suppression": "counts from 1 to {last} suppressed, with complementary suppression",
    "no_names": "Names of children never appear in this report: name columns are dropped when "
    "files are read.",
    "child_ref_full": "child_ref (the pseudonym a source gives a child) appears only on the Trace "
    "sheet and the Issues sheet; to publish, make the report again with --no-trace or "
    "--pseudonymise-trace (see docs/data-protection.md).",
    "child_ref_none": "No child_ref appears in this report: it was made without the trace "
    "(--no-trace), and the issues do not show child_ref.",
    "child_ref_pseudonymised": "No child_ref appears in this report: on the Trace sheet each "
    "child_ref is replaced by a pseudonym made with a salt supplied by the user (HMAC-SHA-256; "
    "the salt is not recorded), the same child having the same pseudonym; the issues do not "
    "show child_ref.",
    "suppression_applied": "Small-cell suppression was applied: every count from 1 to {last} is "
    "shown as 'suppressed' (flag 'suppressed'), and enough other counts (flag 'suppressed "
    "(complementary)') that none can be worked out from the totals. Rates and percentages "
    "resting on a suppressed count are blank too; child populations stay.",
    "rounding": "Values on the Summary and indicator sheets are rounded for reading; the CSV "
    "report (jjind compute --format csv) keeps full precision.",
    # units of the cells
    "unit_percent": "%",
    "unit_percent_of_places": "% of places",
    "unit_answer": "answer",
    "unit_days": "days",
    "unit_days_median": "days (median)",
    "unit_days_mean": "days (mean)",
    "unit_episodes": "episodes",
    "unit_per_1000_detained": "per 1,000 children detained",
    "unit_per_100000": "per 100,000 children",
    "unit_children": "children",
    "unit_deaths": "deaths",
    "unit_persons": "persons",
    "unit_releases": "releases",
    # breakdowns (dimensions) and the statistics of durations
    "dim_total": "total",
    "category_all": "all",
    "category_not_stated": "not stated",  # the category `unknown`: children not stated
    "dim_sex": "sex",
    "dim_age_group": "age group",
    "dim_area": "area",
    "dim_source": "source",
    "dim_place_type": "place type",
    "dim_legal_status": "legal status",
    "dim_deciding_body": "deciding body",
    "dim_arresting_body": "arresting body",
    "dim_checklist": "checklist",
    "dim_cause": "cause",
    "stat_median": "median",
    "stat_mean": "mean",
    "stat_p25": "p25",
    "stat_p75": "p75",
    "stat_max": "max",
    # parts of indicators
    "part_headline": "headline",
    "part_pre_sentence_share": "pre-sentence share of detained children",
    "part_held_so_far": "held so far on the census date: ",
    "part_held_fewer_than_91": "held fewer than 91 days",
    "part_administrative": "administrative or other detention",
    "part_aged_18": "aged 18 or over in places for children",
    "part_aftercare_not_stated": "aftercare not stated",
    "part_contact_not_stated": "contact not stated",
    "part_separation_not_stated": "separation not stated",
    "part_deaths": "deaths",
    # flags
    "flag_partial": "partial",
    "flag_from_counts": "from counts",
    "flag_estimated_from_bands": "estimated from bands",
    "flag_suppressed": "suppressed",
    "flag_suppressed_complementary": "suppressed (complementary)",
    "flag_not_computable": "not computable: {reason}",
    "flag_counting_unit": "counting unit: {unit}",
    "flag_census_fallback": "denominator: census fallback",
    # what a figure rests on (`indicators/evidence.py`): children whose split was not stated
    "flag_lower_bound": "lower bound",
    "flag_legal_status_not_stated": "legal status not stated: {count} of {total}",
    "flag_separation_not_stated": "separation not stated: {count} of {total}",
    "flag_family_contact_not_stated": "family contact not stated: {count} of {total}",
    "flag_aftercare_not_stated": "aftercare not stated: {count} of {total}",
    "flag_duration_not_stated": "duration not stated: {count} of {total}",
    "flag_complaints_system_not_stated": "complaints system not stated: {count} of {total}",
    "flag_empty_sheet": "empty {form} sheet: read as nothing to report for {sources}",
    "flag_transfers_not_followed": "transfers not followed: {count} (durations may be understated)",
    "flag_age_as_given": "rows with the age taken from the age column: {count}",
    "counting_children": "children",
    "counting_arrest_events": "arrest events",
    "counting_mixed": "mixed",
    "counting_as_counted": "as counted by the sources",
    # duration bands, answers and the notes of cells
    "band_range": "{low}–{high} days",
    "band_over": "over {low} days",
    "answer_not_answered": "not answered",
    "flag_not_answered": "{item}: not answered",
    "flag_disagree": "{item}: the answer and its checklist disagree",
    "note_no_population_sex": "no child population for sex not recorded",
    "note_no_population_age": "no child population for age unknown",
    "note_no_population_by": "no child population for a breakdown by {dimension}",
    "note_no_population_area": "no child population for area {area}",
    "note_population_0": "child population is 0",
    "note_denominator_0": "not computable: the denominator is 0",
    "note_no_episodes": "no episodes in the cohort",
    "note_not_from_bands": "not computable from duration bands ({stat})",
    "note_open_band": "estimated from bands: in the open band ({band})",
    "note_not_answered": "the question was not answered",
    "note_census_rows_only": "from the census rows only: count lines have no dates",
    "note_no_sheet": "no {form} sheet",
    "note_counts_children_only": "count lines count children under 18 only",
    "note_census_rows_children": "from the census rows only: count lines count children only",
    "note_no_column": "no {column} column in {form} ({where})",
    "note_no_source_reported": "no source reported (coverage 0 %)",
    "note_source_silent": "the source did not report",
    "note_legal_status_none_stated": "legal status not stated for any of the {total} children",
    "note_separation_none_stated": "separation not stated for any of the {total} children",
    "note_family_contact_none_stated": "family contact not stated for any of the {total} children",
    "note_aftercare_none_stated": "aftercare not stated for any of the {total} releases",
    "note_duration_none_stated": "duration not stated for any of the {total} children",
    "note_complaints_system_none_stated": "complaints system not stated for any of the {total} "
    "places",
    "note_last_independent_inspection_none_stated": "last independent inspection not stated for "
    "any of the {total} places",
    # the terminal (`cli/console.py`): `_one` for 1, `_many` for any other number
    "console_error_one": "{n} error",
    "console_error_many": "{n} errors",
    "console_warning_one": "{n} warning",
    "console_warning_many": "{n} warnings",
    "console_notice_one": "{n} notice",
    "console_notice_many": "{n} notices",
    "console_file_one": "{n} file",
    "console_file_many": "{n} files",
    "console_row_one": "{n} row",
    "console_row_many": "{n} rows",
    "console_more_one": "{n} more issue",
    "console_more_many": "{n} more issues",
    "console_where": "in {files} ({rows} read)",
    "console_valid": "✓ No errors: {counts} {where}.",
    "console_invalid": "✗ {counts} {where}.",
    # after the closing line of `validate`: one clause per form the submission does not send
    "console_missing_one": "Indicator {numbers} cannot be computed: no {form}.",
    "console_missing_many": "Indicators {numbers} cannot be computed: no {form}.",
    "console_missing_rates": "Rates per child population (indicators {numbers}) cannot be "
    "computed: no {form}.",
    "console_severity_error": "error",
    "console_severity_warning": "warning",
    "console_severity_notice": "notice",
    "console_cell": "Cell",
    "console_column": "Column",
    "console_child": "Child",
    "console_problem": "Problem and how to fix it",
    "console_row": "row {row}",
    "console_submission": "submission",
    "console_not_shown": "… and {more} not shown ({top}).",
    "console_see_all": "See them all: --output issues.xlsx (to send back to the source), "
    "--format json, or --max-shown -1.",
    "console_outside_period": "Rows outside the reporting period (not counted): {counts}.",
    "console_title": "{country} · {period} · census date {date}",
    "console_indicator": "Indicator",
    "console_value": "Value",
    "console_num_den": "Num. / den.",
    "console_coverage": "Cover.",
    "console_flags": "Flags",
    "console_excluded": "{rows} with errors left out (--exclude-invalid); the report lists them.",
    "console_written": "Report written to {path}",
    "console_issues_written": "Issues written to {path}",
    "console_template_written": "Template written to {path}",
    # a bug (exit 3): what the console says, with or without --debug
    "internal_error": "jjind stopped on an internal error ({name}). Your files were not changed.",
    "internal_error_how": "Run it again with --debug to see where, and report it (the traceback "
    "may hold children's data: check it before you send it).",
    "internal_error_debug": "jjind stopped on an internal error ({name}): the traceback is above. "
    "Please report it (it may hold children's data: check it before you send it).",
    # `jjind batch`: its table, its progress and the comparison workbook
    "batch_country": "Country (folder)",
    "batch_status": "Status",
    "batch_errors": "Errors",
    "batch_warnings": "Warn.",
    "batch_indicators": "Ind.",
    "batch_coverage": "Cover.",
    "batch_seconds": "Sec.",
    "batch_status_ok": "ok",
    "batch_status_errors": "errors",
    "batch_status_unreadable": "unreadable",
    "batch_status_internal_error": "internal error",
    "batch_status_skipped": "skipped (unchanged)",
    "batch_submission_one": "{n} submission",
    "batch_submission_many": "{n} submissions",
    "batch_job_one": "{n} job",
    "batch_job_many": "{n} jobs",
    "batch_line": "{submissions} in {seconds} s ({jobs}): {done} computed, {failed} with errors.",
    "batch_where": "Reports in {folder}/; comparison in {comparison}",
    "batch_progress": "{done} done · {failed} failed · {left} remaining",
    "batch_crashed": "Submissions stopped on an internal error (a bug): {n}; the others went on.",
    "batch_traceback": "Internal error on {input}:",
    "batch_cache_ignored": "--resume: {cache} was not used ({reason}); its submission, if in this "
    "batch, is computed again.",
    "batch_cache_not_file": "it is not a regular file",
    "batch_cache_linked_folder": "its folder is a symbolic link",
    "batch_cache_too_large": "it is over {limit}, larger than any cache jjind writes",
    "batch_cache_not_json": "it is not valid JSON",
    "batch_cache_too_deep": "it is nested too deeply",
    "batch_cache_shape": "it is not in the form jjind writes",
    "batch_cache_old_format": "it was written by another version of jjind",
    "batch_cache_missing": "{file} is missing or not a file",
    "batch_cache_extra": "{file} is not among the files it records",
    "batch_cache_changed": "{file} is not as jjind wrote it",
    "batch_cache_unreadable": "the files it records could not be read back",
    "batch_computing": "Computing",
    "batch_finding": "Finding submissions",
    "batch_none_found": "{folder} holds no submission: no workbook (.xlsx, .xlsm), no form CSV "
    "file and no sub-folder holding them.",
    "batch_no_about": "{files}: no about sheet gives their country and period, and the folder "
    "{folder} holds the files of {n} submissions ({groups}): jjind cannot tell which one they "
    "belong to. Put each submission's files in a sub-folder of their own (a sub-folder is one "
    "submission), or add an about sheet (country, period_start, period_end) to these files; move "
    "a file that belongs to no submission out of the folder.",
    "comparison_sheet": "Comparison",
    "comparison_sheet_details": "Details",
    "comparison_sheet_charts": "Charts",
    "comparison_title": "Juvenile justice indicators · comparison of countries",
    "comparison_read_values": "One row per indicator, one column per country: each country's "
    "headline value, as in the Summary sheet of its own report (CORE indicators first). Values "
    "are rounded to one decimal here; comparison.csv keeps full precision.",
    "comparison_read_details": "The Details sheet has, for every indicator and country, the "
    "numerator, denominator, reference period, coverage and flags; the Charts sheet a chart per "
    "core indicator.",
    "comparison_not_comparable": "Not comparable like for like",
    "comparison_country": "Country",
    "console_not_computed": "No indicators computed: the data have errors. Fix them (all of them: "
    "jjind validate PATH -o issues.xlsx), or add --exclude-invalid to compute on the valid rows "
    "only. Nothing was written.",
    # writing outputs (`outputs.py`) and a command stopped by a signal
    "output_is_input": "Refusing to write {target}: it is one of the input files ({input}). "
    "Choose another output path, outside the files and folders given as input.",
    "output_in_input_folder": "Refusing to write {target} into {folder}, a folder given as "
    "input: jjind would read it back as data on the next run. Choose another output path, "
    "outside the folders given as input.",
    "output_exists": "{target} already exists. Use --force to replace it.",
    "output_link": "Refusing to write through {link}: it is a symbolic link (to {points}), and "
    "jjind never writes through a link, which could lead into your data. Remove the link, or "
    "choose another output folder (-o).",
    "output_batch_in_submission": "Refusing to write the reports into {folder}: it holds a "
    "submission ({files}) that the batch would then leave out. Choose another output folder (-o).",
    "output_cannot_write": "Cannot write {name} in {folder}: {cause}. {fix}",
    "output_cannot_write_batch": "Cannot write the reports of {submission} in {folder}: {cause}. "
    "{fix}",
    "output_cause_space": "no space left on device",
    "output_cause_quota": "disk quota exceeded",
    "output_cause_too_large": "the file is larger than this system allows",
    "output_cause_read_only": "the disk is read-only",
    "output_cause_denied": "permission denied",
    "output_cause_name": "the name is too long",
    "output_fix_space": "Free some space or choose another output path (-o).",
    "output_fix_access": "Choose a folder you can write to (-o), or close the file if another "
    "program (such as Excel) has it open.",
    "output_fix_other": "Check the path, or choose another output path (-o).",
    "console_stopped": "Stopped ({signal}): nothing was left half-written and no input was "
    "changed.",
}

# Which of the texts above translate a value of the results (a unit, a dimension...): the
# English text → its name, by family. `VALUE_PATTERNS` are those with a `{placeholder}`, as
# patterns that take the English back apart.
_FAMILIES = ("unit", "dim", "stat", "part", "flag", "counting", "band", "answer", "note",
             "reference", "category")  # fmt: skip
VALUE_TEXTS = {
    family: {text: name for name, text in TEXTS.items()
             if name.startswith(family + "_") and "{" not in text}
    for family in _FAMILIES
}  # fmt: skip


VALUE_PATTERNS = {
    family: [(name, text_pattern(text)) for name, text in TEXTS.items()
             if name.startswith(family + "_") and "{" in text]
    for family in _FAMILIES
}  # fmt: skip
_POLICY_LABELS = {text: item for item, text in POLICY_ITEMS.items()}


class Words:
    """The report's and the console's texts in one language (`TEXTS`, English where missing)."""

    def __init__(self, lang: str = ENGLISH) -> None:
        self.lang = lang

    def __call__(self, text: str, /, **params: Any) -> str:
        """The text `report.<text>` in the language, its `{placeholders}` filled."""
        return translate(f"report.{text}", self.lang, **params)

    def _value(self, family: str, text: str) -> str:
        """A value of the results (a unit, a flag, a note...) in the language: a text of the
        family as it is, or one of its patterns with the parts put into the language too; any
        other text (data, a reason not in `TEXTS`) as it is."""
        name = VALUE_TEXTS[family].get(text)
        if name is not None:
            return self(name)
        for name, pattern in VALUE_PATTERNS[family]:
            if match := pattern.fullmatch(text):
                return self(name, **{k: self._part_of(k, v) for k, v in match.groupdict().items()})
        return text

    def _part_of(self, name: str, value: str) -> str:
        """A placeholder's value in the language, where it is a value of a family itself."""
        if name == "dimension":
            return self.dimension(value)
        if name == "band":
            return self.band(value)
        if name == "stat":
            return self.stat(value)
        if name == "reason":
            return self.note(value)
        if name == "unit":
            return self._value("counting", value)
        if name == "form":
            return self.form(value)
        return value

    def unit(self, unit: str) -> str:
        return self._value("unit", unit)

    def dimension(self, dimension: str) -> str:
        return self._value("dim", dimension.replace("_", " "))

    def category(self, category: str) -> str:
        """A breakdown's category: `all` in the language, `unknown` as "not stated" (issue
        #16); a code or a name as it is."""
        if category == "unknown":
            return self("category_not_stated")
        return self._value("category", category)

    def form(self, form: str) -> str:
        """A form: its code in English (as the docs name it), its title in another language."""
        return form if self.lang == ENGLISH else lookup(f"form.{form}.title", self.lang)

    def stat(self, stat: str) -> str:
        return self._value("stat", stat)

    def band(self, band: str) -> str:
        """A duration band's label: `0–7 days`, `over 365 days`."""
        return self._value("band", band)

    def answer(self, value: str) -> str:
        """A policy answer (`yes`, `partial`...) as its label; `not answered`."""
        if value in VALUE_TEXTS["answer"]:
            return self._value("answer", value)
        try:
            return lookup(f"code.answer.{value}", self.lang)
        except KeyError:
            return value

    def note(self, note: str) -> str:
        """A cell's note: a note jjind writes, or a policy item's question, in the language."""
        item = _POLICY_LABELS.get(note)
        if item is not None:
            return lookup(f"code.item.{item}", self.lang)
        if note in VALUE_TEXTS["note"] or any(p.fullmatch(note) for _, p in VALUE_PATTERNS["note"]):
            return self._value("note", note)
        return self._value("flag", note)  # `not computable: why`, as the flag says it

    def part(self, part: str) -> str:
        """A part in the language: a known part, or a known prefix and its statistic or band."""
        if part in VALUE_TEXTS["part"]:
            return self._value("part", part)
        if part in VALUE_TEXTS["stat"]:  # a duration's headline: `median`
            return self.stat(part)
        for text, name in VALUE_TEXTS["part"].items():
            if text.endswith(" ") and part.startswith(text):
                rest = part[len(text) :]
                return self(name) + (self.band(rest[5:]) if rest.startswith("band:")
                                     else self.stat(rest))  # fmt: skip
        return part

    def flag(self, flag: str) -> str:
        """A flag in the language: a known one, `not computable: ...`, `counting unit: ...`."""
        if flag in VALUE_TEXTS["note"] or any(p.fullmatch(flag) for _, p in VALUE_PATTERNS["note"]):
            return self.note(flag)  # `not computable from duration bands (mean)`
        return self._value("flag", flag)

    def flags(self, flags: str | tuple[str, ...] | list[str]) -> str:
        """Flags joined with `; ` (a `; `-joined text is split first)."""
        items = flags.split("; ") if isinstance(flags, str) else list(flags)
        return "; ".join(self.flag(f) for f in items if f)

    def count(self, n: int, what: str, family: str = "console") -> str:
        """`1 error`, `3 errors`: `<family>_<what>_one` for 1, `_many` for any other number."""
        return self(f"{family}_{what}_{'one' if n == 1 else 'many'}", n=self.number(f"{n:,}"))

    def span(self, text: str) -> str:
        """An indicator's reference — `2025-01-01 to 2025-12-31`, `census date 2025-12-31`,
        `as reported` — in the language; any other text as it is."""
        start, sep, end = text.partition(" to ")
        if sep:
            return self("span", start=start, end=end)
        return self._value("reference", text)

    def number(self, text: str) -> str:
        """A number written in English (`12,345.6`) with the language's separators."""
        marks = {",": self("number_thousands"), ".": self("number_decimal")}
        return "".join(marks.get(c, c) for c in text)


def indicator_texts(meta: IndicatorMeta, lang: str) -> IndicatorMeta:
    """The indicator's name, definition and rules in `lang` (`indicator.<number>.*`)."""
    if lang == ENGLISH:
        return meta
    key = f"indicator.{meta.number}"
    return replace(
        meta,
        name=lookup(f"{key}.name", lang),
        definition=lookup(f"{key}.definition", lang),
        rules=tuple(
            replace(rule, text=lookup(f"{key}.rule.{k}", lang))
            for k, rule in enumerate(meta.rules, start=1)
        ),
    )


def localise_result(result: ComputeResult, lang: str) -> ComputeResult:
    """The result with its indicators' names, definitions and rules, and its issues' messages
    and hints, in `lang`; every number, code and column as it was. A result already in `lang`
    comes back as it is (the command line localises once, then writes and shows it)."""
    if lang == result.lang:
        return result
    if result.lang != ENGLISH:
        raise ValueError(f"A result is put into another language from English, not {result.lang}.")
    results = tuple(replace(r, meta=indicator_texts(r.meta, lang)) for r in result.results)
    validation = localise_report(result.validation, lang)
    return replace(result, results=results, validation=validation, lang=lang)
