"""Frictionless Table Schemas of the forms, derived from jjind's pydantic models (issue #6).

Each form's JSON schema (`FORMS[form].model.model_json_schema()`) gives the field types (text,
date, whole number), which fields are required, the allowed codes and the ranges; here they become
a Table Schema, and a data package with one resource per form sheet (or `<form>.csv`) lets
`frictionless validate` check the same data as `jjind validate`. Frictionless checks each cell on
its own; jjind's checks between fields and forms (dates in order, ages, sources) have no
equivalent here, so the comparison is generous to frictionless.

    python benchmarks/table_schema.py /tmp/jjind-bench/n10000-seed6-v2   # writes datapackage-*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jjindicators.forms import FORMS, MAIN_FORMS

_NUMBER = {"minimum": "minimum", "maximum": "maximum", "minLength": "minLength"}


def _branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional field (`anyOf: [X, {type: null}]`)."""
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    if len(options) != 1:
        raise ValueError(f"cannot map {prop} to a Table Schema field")
    return options[0]


def table_field(name: str, prop: dict[str, Any], required: bool) -> dict[str, Any]:
    """One Table Schema field from one property of a form's JSON schema.

    >>> table_field("sex", {"enum": ["F", "M", "U"], "type": "string"}, True)
    {'name': 'sex', 'type': 'string', 'constraints': {'required': True, 'enum': ['F', 'M', 'U']}}
    """
    branch = _branch(prop)
    kind = {"integer": "integer", "string": "string"}[branch["type"]]
    if branch.get("format") == "date":
        kind = "date"
    constraints: dict[str, Any] = {"required": True} if required else {}
    if "enum" in branch:
        constraints["enum"] = list(branch["enum"])
    constraints.update({_NUMBER[k]: v for k, v in branch.items() if k in _NUMBER})
    field: dict[str, Any] = {"name": name, "type": kind}
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(form: str) -> dict[str, Any]:
    """The Table Schema of one form's sheet, its fields in the model's order (the sheet's too:
    frictionless matches the header to the fields by position).

    `about` is a sheet of `key` / `value` rows: the keys are the model's fields, the values of
    several types (text and dates), so `value` is of type `any`.
    """
    spec = FORMS[form]
    schema = spec.model.model_json_schema()
    if spec.kind == "keyvalue":
        keys = list(schema["properties"])
        return {"fields": [
            {"name": "key", "type": "string", "constraints": {"required": True, "enum": keys}},
            {"name": "value", "type": "any"},
        ]}  # fmt: skip
    required = set(schema.get("required", []))
    return {"fields": [table_field(n, p, n in required) for n, p in schema["properties"].items()]}


def datapackage(kind: str, workbook: str = "submission.xlsx", folder: str = "csv") -> dict:
    """A data package of every form: `kind` "xlsx" (one sheet each) or "csv" (`<form>.csv`)."""
    resources = []
    for form in MAIN_FORMS:
        resource: dict[str, Any] = {"name": form, "schema": table_schema(form)}
        if kind == "xlsx":
            resource.update(path=workbook, format="xlsx", dialect={"excel": {"sheet": form}})
        else:
            resource.update(path=f"{folder}/{form}.csv", format="csv")
        resources.append(resource)
    return {"name": "jjind-submission", "resources": resources}


def write_datapackages(folder: Path) -> dict[str, Path]:
    """`datapackage-xlsx.json` and `datapackage-csv.json` beside a generated submission."""
    written = {}
    for kind in ("xlsx", "csv"):
        path = Path(folder) / f"datapackage-{kind}.json"
        path.write_text(json.dumps(datapackage(kind), indent=2) + "\n", "utf-8")
        written[kind] = path
    return written


if __name__ == "__main__":
    for target in sys.argv[1:]:
        for path in write_datapackages(Path(target)).values():
            print(path)
