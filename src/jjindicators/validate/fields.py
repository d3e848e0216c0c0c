"""Field checks: every row of a table through its form's pydantic model, every failure an issue.

A row with a bad cell still keeps its good cells (validated one field at a time), so that the
checks between fields can run on it too and all problems are reported at once.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from jjindicators.forms import FORMS
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read import RawTable
from jjindicators.read.tables import Column

_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


@cache
def field_adapter(form: str, name: str) -> TypeAdapter[Any]:
    info = FORMS[form].model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])


def _range_text(form: str, name: str) -> str:
    schema = FORMS[form].model.model_json_schema()["properties"][name]
    schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") == "integer"), schema)
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    return f"a whole number of {low} or more" if low is not None else "a whole number"


def error_to_issue(error: Any, form: str, where: Where) -> Issue:
    """Turn one pydantic error (its type is usually one of our codes) into a catalogued issue."""
    name = str(error["loc"][0]) if error["loc"] else ""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    label = FORMS[form].fields[name].title if name in FORMS[form].fields else name
    if kind == "missing":
        return make_issue("required-missing", where, label=label)
    if kind == "bad-code":
        suggestion = f" (did you mean {ctx['suggestion']!r}?)" if ctx.get("suggestion") else ""
        return make_issue("bad-code", where, value, allowed=ctx["allowed"], suggestion=suggestion)
    if kind in ("bad-date", "ambiguous-date"):
        return make_issue(kind, where, value, detail=ctx.get("detail", ""))
    if kind == "bad-number":
        return make_issue("bad-number", where, value)
    if kind in _RANGE_ERRORS:
        return make_issue("out-of-range", where, value, range=_range_text(form, name))
    return make_issue("bad-value", where, value, detail=error["msg"])


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


def validate_rows(
    table: RawTable, context: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Validate every row of `table`; returns one record per row (bad cells None) and the issues.

    Each record carries `_row` (the Excel row) and `_ok` (no cell of the row failed).
    """
    form = table.form
    model = FORMS[form].model
    validator = model.__pydantic_validator__
    names = [c.field for c in table.columns]
    by_field = {c.field: c for c in table.columns if c.field}
    records: list[dict[str, Any]] = []
    issues: list[Issue] = []
    for excel_row, values in table.rows:
        data = {n: v for n, v in zip(names, values, strict=True) if v is not None and n}
        try:
            record = dict(validator.validate_python(data, context=context).__dict__)
            record["_ok"] = True
        except ValidationError as exc:
            record, row_issues = _salvage(form, table, data, exc, excel_row, context, by_field)
            issues.extend(row_issues)
        record["_row"] = excel_row
        records.append(record)
    return records, issues


def _salvage(
    form: str,
    table: RawTable,
    data: dict[str, Any],
    exc: ValidationError,
    excel_row: int,
    context: dict[str, Any],
    by_field: dict[str | None, Column],
) -> tuple[dict[str, Any], list[Issue]]:
    """Report each failed cell, and keep the cells that are fine."""
    issues = []
    failed = set()
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        failed.add(name)
        column = by_field.get(name)
        if error["type"] == "missing" and column is None:
            continue  # the whole column is missing: reported once for the table
        where = cell_where(table, column, excel_row, data.get("child_ref"), name)
        issues.append(error_to_issue(error, form, where))
    record: dict[str, Any] = {}
    for name, info in FORMS[form].model.model_fields.items():
        if name in failed:
            record[name] = None
        elif name in data:
            record[name] = field_adapter(form, name).validate_python(data[name], context=context)
        else:
            record[name] = info.get_default(call_default_factory=True)
    record["_ok"] = False
    record["_failed"] = frozenset(failed)
    return record, issues
