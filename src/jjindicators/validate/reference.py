"""Checks of the reference forms: areas (one tree), sources, population and the policy answers."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.policy import HEADLINE_ITEMS
from jjindicators.issue_params import (
    Allowed,
    CodeName,
    FieldName,
    Joined,
    Phrase,
    SheetName,
    did_you_mean,
)
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.validate.fields import cell_where

Record = dict[str, Any]


def where_of(record: Record, field: str) -> Where:
    """The cell of `field` in the row a record came from."""
    table = record["_table"]
    return cell_where(table, table.column_for(field), record["_row"], record.get("child_ref"),
                      field)  # fmt: skip


def sheet_of(form: str, records: Iterable[Record]) -> SheetName:
    """A form's sheet as the user named it (the sheet its records came from), or as the template
    names it when none came."""
    first = next(iter(records), None)
    return SheetName(form, None if first is None else first["_table"].sheet)


def _name(record: Record, field: str) -> FieldName:
    """A field of the record's form, named as the record's sheet heads it."""
    return FieldName(record["_table"].form, field, where_of(record, field).column)


def _fields(record: Record, names: list[str]) -> Joined:
    """Fields of a record's form, named as its sheet heads them."""
    form = record["_table"].form
    return Joined(tuple(FieldName(form, n, where_of(record, n).column) for n in names))


def unique_by(records: list[Record], key: str, form: str) -> tuple[dict[str, Record], list[Issue]]:
    """Index records by `key`: a repeat in the same file is `duplicate-id`; a differing definition
    in another file is `conflicting-definition`; an identical one is simply the same thing again."""
    fields = [f for f in FORMS[form].fields if f != key]
    index: dict[str, Record] = {}
    issues: list[Issue] = []
    for record in records:
        code = record.get(key)
        if code is None:
            continue
        first = index.get(code)
        if first is None:
            index[code] = record
        elif first["_table"].file == record["_table"].file:
            sheet = SheetName(form, record["_table"].sheet)
            issues.append(make_issue(Code.DUPLICATE_ID, where_of(record, key), code, form=sheet,
                                     first_row=first["_row"]))  # fmt: skip
        else:
            differ = [f for f in fields if first.get(f) != record.get(f)]
            if differ:
                issues.append(make_issue(Code.CONFLICTING_DEFINITION, where_of(record, key), code,
                                         form=SheetName(form, record["_table"].sheet),
                                         other_file=first["_table"].file,
                                         fields=_fields(record, differ)))  # fmt: skip
    return index, issues


def check_areas(areas: dict[str, Record]) -> list[Issue]:
    """The areas form a single tree: parents exist, one root, no loops (`forms.md`, areas)."""
    issues = []
    for record in areas.values():
        parent = record.get("parent_code")
        if parent is not None and parent not in areas:
            issues.append(
                make_issue(
                    Code.AREA_PARENT_UNKNOWN,
                    where_of(record, "parent_code"),
                    parent,
                    areas=sheet_of("areas", areas.values()),
                )
            )
    roots = [c for c, r in areas.items() if r.get("parent_code") is None]
    if areas and len(roots) != 1:
        record = areas[roots[1]] if len(roots) > 1 else next(iter(areas.values()))
        listed = ", ".join(roots) or Phrase("phrase.none")
        issues.append(make_issue(Code.AREA_TREE_ROOTS, where_of(record, "parent_code"),
                                 count=len(roots), roots=listed))  # fmt: skip
    reported: set[str] = set()
    for code in areas:
        path, current = [code], areas[code].get("parent_code")
        while current in areas and current not in path:
            path.append(current)
            current = areas[current].get("parent_code")
        if current == code and not reported.intersection(path):
            reported.update(path)
            issues.append(make_issue(Code.AREA_CYCLE, where_of(areas[code], "parent_code"), code,
                                     path=" → ".join([*path, code])))  # fmt: skip
    return issues


def check_area_codes(records: list[Record], areas: dict[str, Record]) -> list[Issue]:
    """Every area code used by sources or population is in `areas` (when areas were sent)."""
    if not areas:
        return []
    issues = []
    for record in records:
        code = record.get("area_code")
        if code is not None and code not in areas:
            close = difflib.get_close_matches(code, list(areas), n=1)
            issues.append(
                make_issue(
                    Code.UNKNOWN_AREA,
                    where_of(record, "area_code"),
                    code,
                    suggestion=did_you_mean(close[0] if close else None),
                    areas=sheet_of("areas", areas.values()),
                )
            )
    return issues


def check_sources(sources: dict[str, Record]) -> list[Issue]:
    """Places of detention say what kind of place they are (needed for breakdowns)."""
    return [
        make_issue(Code.PLACE_TYPE_MISSING, where_of(r, "place_type"), code)
        for code, r in sources.items()
        if r.get("source_type") == "place_of_detention" and r.get("place_type") is None
    ]


def check_population(records: list[Record], areas: dict[str, Record]) -> list[Issue]:
    """Age ranges in order and not overlapping; parents' totals agree with their areas' sums."""
    issues = []
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        low, high = record.get("age_from"), record.get("age_to")
        if low is None or high is None or record.get("area_code") is None or not record["sex"]:
            continue
        if low > high:
            issues.append(make_issue(Code.POPULATION_AGE_ORDER, where_of(record, "age_from"), low,
                                     age_from=low, age_to=high,
                                     age_to_field=_name(record, "age_to")))  # fmt: skip
            continue
        for other in groups[(record["area_code"], record["sex"])]:
            if low <= other["age_to"] and other["age_from"] <= high:
                issues.append(
                    make_issue(
                        Code.POPULATION_OVERLAP,
                        where_of(record, "age_from"),
                        low,
                        age_from=low,
                        age_to=high,
                        other_from=other["age_from"],
                        other_to=other["age_to"],
                        other_row=other["_row"],
                        area=record["area_code"],
                        sex=CodeName("population", "sex", record["sex"]),
                    )
                )
                break
        else:
            groups[(record["area_code"], record["sex"])].append(record)
    return issues + _check_totals(groups, areas)


def _check_totals(
    groups: dict[tuple[str, str], list[Record]], areas: dict[str, Record]
) -> list[Issue]:
    children: dict[str, list[str]] = defaultdict(list)
    for code, record in areas.items():
        if record.get("parent_code"):
            children[record["parent_code"]].append(code)

    def ages(rows: list[Record]) -> frozenset[int]:
        return frozenset(a for r in rows for a in range(r["age_from"], r["age_to"] + 1))

    issues = []
    for (area, sex), rows in sorted(groups.items(), key=lambda kv: kv[0]):
        kids = [groups.get((k, sex), []) for k in children.get(area, [])]
        if not kids or not all(kids) or any(ages(k) != ages(rows) for k in kids):
            continue
        total = sum(r["population"] for r in rows)
        parts = sum(r["population"] for k in kids for r in k)
        if total != parts:
            covered = sorted(ages(rows))
            issues.append(
                make_issue(
                    Code.POPULATION_TOTAL_MISMATCH,
                    where_of(rows[0], "population"),
                    total,
                    area=area,
                    sex=CodeName("population", "sex", sex),
                    ages=f"{covered[0]}-{covered[-1]}",
                    total=total,
                    parts=parts,
                )
            )
    return issues


def check_policy(answers: dict[str, Record], sheet_where: Where | None) -> list[Issue]:
    """Each headline policy question (12a, 13a, 14, 15) is answered."""
    if sheet_where is None:
        return []
    return [
        make_issue(
            Code.POLICY_ITEM_MISSING,
            sheet_where,
            item=item,
            title=Phrase(f"code.item.{item}"),
            allowed=Allowed("policy", "answer"),
        )
        for item in HEADLINE_ITEMS
        if item not in answers
    ]
