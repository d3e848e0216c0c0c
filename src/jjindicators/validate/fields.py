"""Field checks: every cell of a table through its form's pydantic field types, every failure an
issue.

A row with a bad cell still keeps its good cells (each field is validated on its own), so that
the checks between fields can run on it too and all problems are reported at once.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.types import MAX_CHILDREN, is_text
from jjindicators.issue_params import (
    AboutKey,
    Allowed,
    CodeName,
    FieldName,
    Param,
    Phrase,
    SheetName,
    did_you_mean,
)
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read import RawTable
from jjindicators.read.tables import Column

_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


@cache
def field_adapter(form: str, name: str) -> TypeAdapter[Any]:
    """The validator of one field, as the form's model validates it (same type, same config)."""
    model = FORMS[form].model
    info = model.model_fields[name]
    annotated: Any = Annotated[info.annotation, info]  # a type made at run time
    return TypeAdapter(annotated, config=model.model_config)


def _range_text(form: str, name: str) -> Phrase:
    schema = FORMS[form].model.model_json_schema()["properties"][name]
    schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") == "integer"), schema)
    low, high = (f"{n:,}" if isinstance(n, int) and n >= 10_000 else n
                 for n in (schema.get("minimum"), schema.get("maximum")))  # fmt: skip
    if low is not None and high is not None:
        return Phrase.of("phrase.range_from_to", low=low, high=high)
    if low is not None:
        return Phrase.of("phrase.range_at_least", low=low)
    return Phrase.of("phrase.range_any")


# What a date's problem is, beyond "not a date" (`forms.types.parse_date`): its phrase.
_DATE_DETAILS = {
    "time": "phrase.date_time_of_day", "serial": "phrase.date_not_serial",
    "two_digit_year": "phrase.date_two_digit_year", "year": "phrase.date_implausible_year",
    "no_such_day": "phrase.date_no_such_day",
}  # fmt: skip


def _date_detail(ctx: dict[str, Any]) -> Param:
    detail = ctx.get("detail")
    if not detail:
        return ""
    return Phrase.of(_DATE_DETAILS[detail], **({"year": ctx["year"]} if "year" in ctx else {}))


def error_to_issue(error: Any, form: str, where: Where, about_sheet: str | None = None) -> Issue:
    """Turn one pydantic error (its type is usually one of our codes) into a catalogued issue;
    `about_sheet` is the submission's about sheet, which a hint may name."""
    name = str(error["loc"][0]) if error["loc"] else ""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    field: Param = FieldName(form, name, where.column if where.field == name else None)
    if FORMS[form].kind == "keyvalue":  # the about sheet's key, not its column `value`
        field = AboutKey(name)
    if kind == "missing":
        return make_issue(Code.REQUIRED_MISSING, where, label=field, field=field)
    if kind == "bad-code":
        choice = ctx.get("suggestion")
        shown = CodeName(form, name, choice) if choice else None
        allowed = Allowed(form, name, tuple(ctx["allowed"].split(", ")))
        return make_issue(Code.BAD_CODE, where, value, field=field, allowed=allowed,
                          suggestion=did_you_mean(shown))  # fmt: skip
    if kind == "bad-date":
        return make_issue(Code.BAD_DATE, where, value, field=field, detail=_date_detail(ctx))
    if kind == "ambiguous-date":
        orders = {o: CodeName("about", "date_order", o) for o in ("DMY", "MDY")}
        return make_issue(Code.AMBIGUOUS_DATE, where, value, field=field, dmy=orders["DMY"],
                          mdy=orders["MDY"], about=SheetName("about", about_sheet),
                          date_order=AboutKey("date_order"))  # fmt: skip
    if kind in ("bad-number", "bad-count", "bad-age-group", "bad-band"):
        return make_issue(Code(kind), where, value, field=field)
    if kind == "implausible-count":  # a float such as 1e26 shown as typed, not in 27 digits
        typed = repr(value) if isinstance(value, float) else value
        return make_issue(
            Code.IMPLAUSIBLE_COUNT, where, typed, field=field, limit=f"{MAX_CHILDREN:,}"
        )
    if kind in _RANGE_ERRORS:
        return make_issue(
            Code.OUT_OF_RANGE, where, value, field=field, range=_range_text(form, name)
        )
    return make_issue(Code.BAD_VALUE, where, value, field=field, detail=_value_detail(error))


# pydantic's own error types that a cell can meet, in words of the catalogues (`phrase.value_*`):
# pydantic's English is shown only for a type not listed here.
_VALUE_DETAILS = {
    "string_too_short": "empty", "string_too_long": "too_long", "too_long": "too_long",
    "string_type": "not_text", "string_unicode": "not_text",
    "int_type": "not_whole_number", "int_parsing": "not_whole_number",
    "int_from_float": "not_whole_number", "int_parsing_size": "not_whole_number",
    "float_type": "not_number", "float_parsing": "not_number", "finite_number": "not_number",
    "bool_type": "not_yes_no", "bool_parsing": "not_yes_no",
    "date_type": "not_date", "date_parsing": "not_date", "date_from_datetime_parsing": "not_date",
    "date_from_datetime_inexact": "not_date", "datetime_type": "not_date",
    "literal_error": "not_allowed", "enum": "not_allowed",
}  # fmt: skip


def _value_detail(error: Any) -> Param:
    name = _VALUE_DETAILS.get(error["type"])
    return Phrase(f"phrase.value_{name}") if name else str(error["msg"])


def cell_where(table: RawTable, column: Column | None, excel_row: int | None,
               child_ref: Any = None, name: str | None = None) -> Where:  # fmt: skip
    """The position of one cell of a table, as the user sees it in Excel."""
    return Where(
        file=table.file,
        sheet=table.sheet,
        row=excel_row,
        column=column.header if column else None,
        cell=f"{column.letter}{excel_row}" if column and excel_row else None,
        form=table.form,
        field=name if name is not None else (column.field if column else None),
        child_ref=None if child_ref is None else str(child_ref),
    )


@dataclass
class CheckedTable:
    """A table after every cell went through its field's validator, column by column.

    `values[name]` holds one value per row for every field of the form: the validated value, the
    field's default where the cell is blank, None where the cell failed. `failed[name]` marks the
    failed cells (and every row of a required field whose column is missing); `ok` the rows
    without a failed cell. `issues` come in the order the user reads them: row, then field.
    """

    table: RawTable
    values: dict[str, list[Any]]
    failed: dict[str, np.ndarray]
    ok: np.ndarray
    issues: list[Issue]

    def records(self) -> list[dict[str, Any]]:
        """One dict per row (the reference forms, which are small, are checked as records):
        every field, `_row` (the Excel row), `_ok`, and `_failed` on rows with a failed cell."""
        names = list(self.values)
        records = []
        for i, row in enumerate(zip(*self.values.values(), strict=True)):
            record = dict(zip(names, row, strict=True))
            record["_ok"] = bool(self.ok[i])
            if not record["_ok"]:
                record["_failed"] = frozenset(n for n, f in self.failed.items() if f[i])
            record["_row"] = self.table.excel_rows[i]
            records.append(record)
        return records


def validate_table(table: RawTable, context: dict[str, Any]) -> CheckedTable:
    """Validate every cell of `table` with its form's pydantic field types.

    A column holds few distinct values (codes, dates, sources) or is text: each distinct value is
    validated once, by the same field type the model uses, and the result spread back to its rows,
    so a million-row sheet costs about as much as its distinct values (issue #6). A blank cell is
    the field's default, or `required-missing` when the field is required.
    """
    form, n = table.form, len(table)
    about = context.get("about_sheet")
    by_field = {c.field: (j, c) for j, c in enumerate(table.columns) if c.field}
    child_refs = table.data[by_field["child_ref"][0]] if "child_ref" in by_field else None
    values: dict[str, list[Any]] = {}
    failed: dict[str, np.ndarray] = {}
    found: list[tuple[int, int, Issue]] = []  # (row, field number, issue): sorted at the end
    for k, (name, info) in enumerate(FORMS[form].model.model_fields.items()):
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if name not in by_field:
            values[name] = [default] * n
            if info.is_required():  # the whole column is missing: reported once for the table
                failed[name] = np.ones(n, dtype=bool)
            continue
        j, column = by_field[name]
        missing = [{"type": "missing", "loc": (name,), "msg": "Field required", "input": None}]
        if name in _text_fields(form) and _all_text(table.data[j]):
            # Stripped, non-empty text is its own value (`forms.types.is_text`): child_ref and
            # other columns of unique text would otherwise cost a validator call per cell.
            cells = table.data[j]
            values[name] = (
                cells if default is None else [default if v is None else v for v in cells]
            )
            blank = pd.isna(np.asarray(cells, dtype=object))
            mask = blank if info.is_required() else np.zeros(n, dtype=bool)
            errors: dict[int, list[Any]] = {}  # only blanks can fail
            codes = np.full(n, -1, dtype=np.intp)
        else:
            codes, distinct = _distinct(table.data[j])
            errors, mask = _validate_distinct(
                form, name, distinct, codes, default, info.is_required(), context, values
            )
        if not mask.any():
            continue
        failed[name] = mask
        for i in np.flatnonzero(mask).tolist():
            ref = child_refs[i] if child_refs is not None else None
            where = cell_where(table, column, table.excel_rows[i], ref, name)
            for error in errors.get(int(codes[i]), missing):
                issue = error_to_issue({**error, "loc": (name,)}, form, where, about)
                found.append((i, k, issue))
    ok = np.ones(n, dtype=bool)
    for mask in failed.values():
        ok &= ~mask
    found.sort(key=lambda item: item[:2])
    return CheckedTable(table, values, failed, ok, [issue for _, _, issue in found])


def _validate_distinct(
    form: str,
    name: str,
    distinct: list[Any],
    codes: np.ndarray,
    default: Any,
    required: bool,
    context: dict[str, Any],
    values: dict[str, list[Any]],
) -> tuple[dict[int, list[Any]], np.ndarray]:
    """Each distinct value through the field's validator once, the results spread back to the
    rows into `values[name]`; returns the errors by distinct value and the rows that failed."""
    adapter = field_adapter(form, name)
    results: list[Any] = []
    errors: dict[int, list[Any]] = {}
    for u, value in enumerate(distinct):
        try:
            results.append(adapter.validate_python(value, context=context))
        except ValidationError as exc:
            results.append(None)
            errors[u] = exc.errors()
    spread = np.empty(len(distinct) + 1, dtype=object)
    spread[: len(distinct)] = results
    spread[len(distinct)] = default  # code -1: a blank cell
    values[name] = spread[codes].tolist()
    bad = np.zeros(len(distinct) + 1, dtype=bool)
    bad[list(errors)] = True
    bad[len(distinct)] = required
    return errors, bad[codes]


@cache
def _text_fields(form: str) -> frozenset[str]:
    hints = typing.get_type_hints(FORMS[form].model, include_extras=True)
    return frozenset(name for name in FORMS[form].fields if is_text(hints[name]))


def _all_text(column: list[Any]) -> bool:
    """Every non-blank cell is text (as read: stripped, blank text already None)."""
    return pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty")


_HOMOGENEOUS = {"string", "date", "datetime", "floating", "integer", "mixed-integer-float",
                "boolean", "empty"}  # fmt: skip


def _distinct(column: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """Codes into the distinct non-blank values of a column (-1 for blank), keeping values of
    different types apart: `True == 1` in Python, but a yes/no cell is not the number 1."""
    if pd.api.types.infer_dtype(column, skipna=True) in _HOMOGENEOUS:
        codes, distinct = pd.factorize(np.asarray(column, dtype=object), use_na_sentinel=True)
        return codes, list(distinct)
    index: dict[tuple[type, Any], int] = {}
    codes_list = [-1 if v is None else index.setdefault((v.__class__, v), len(index))
                  for v in column]  # fmt: skip
    return np.asarray(codes_list, dtype=np.intp), [v for _, v in index]
