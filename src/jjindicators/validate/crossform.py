"""Checks across forms: sources of the right type, children listed twice, records and counts for
the same source, places that sent no census (`forms.md`, "Checks between fields and forms")."""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.counts import NOT_APPLICABLE, base_form
from jjindicators.issue_params import CodeName, FieldName, Joined, SheetName, did_you_mean
from jjindicators.issues import Issue, make_issue
from jjindicators.validate.records import FormFrame, at
from jjindicators.validate.reference import Record, sheet_of, where_of


def check_source_ids(ff: FormFrame, sources: dict[str, Record]) -> list[Issue]:
    """Every row's source is in `sources` and of a type that sends this form."""
    allowed = FORMS[ff.form].source_types
    ids = ff.frame["source_id"]
    types = ids.map({code: record.get("source_type") for code, record in sources.items()})
    known = ids.isin(list(sources))

    def unknown(record: Record, row: Any) -> Issue:
        code = record["source_id"]
        close = difflib.get_close_matches(code, list(sources), n=1)
        return make_issue(Code.UNKNOWN_SOURCE, where_of(record, "source_id"), code,
                          suggestion=did_you_mean(close[0] if close else None),
                          sources=sheet_of("sources", sources.values()))  # fmt: skip

    issues = ff.emit(ids.notna() & ~known, unknown)
    if allowed:
        issues += ff.emit(
            known & ~types.isin(list(allowed)),
            lambda r, row: make_issue(Code.WRONG_SOURCE_TYPE, where_of(r, "source_id"),
                                      r["source_id"], source_type=_type(str(types.iat[at(row)])),
                                      form=SheetName(ff.form, r["_table"].sheet),
                                      expected=Joined(tuple(_type(t) for t in allowed), "or"),
                                      type_field=_source_field(sources, "source_type")),
        )  # fmt: skip
    return issues  # in row order once the report sorts them


def _source_field(sources: dict[str, Record], field: str) -> FieldName:
    """A column of the sources sheet, as the user headed it."""
    first = next(iter(sources.values()), None)
    header = None if first is None else where_of(first, field).column
    return FieldName("sources", field, header)


def _type(source_type: str) -> CodeName:
    return CodeName("sources", "source_type", source_type)


def check_transfer_sources(ff: FormFrame, sources: dict[str, Record]) -> list[Issue]:
    """The register's `transferred_from` names a place of detention of the sources sheet."""
    places = [code for code, r in sources.items() if r.get("source_type") == "place_of_detention"]
    given = ff.frame["transferred_from"]

    def unknown(record: Record, row: Any) -> Issue:
        code = record["transferred_from"]
        close = difflib.get_close_matches(code, places, n=1)
        return make_issue(Code.UNKNOWN_TRANSFER_SOURCE, where_of(record, "transferred_from"), code,
                          suggestion=did_you_mean(close[0] if close else None),
                          sources=sheet_of("sources", sources.values()),
                          source_id=_source_field(sources, "source_id"))  # fmt: skip

    return ff.emit(given.notna() & ~given.isin(places), unknown)


def check_census_children(ff: FormFrame, national: bool) -> list[Issue]:
    """The same child_ref twice in one place's census is an error; in two places' censuses (when
    references are national) a warning."""
    issues = []
    first: dict[tuple[str, str], int] = {}
    places: dict[str, int] = {}
    refs, ids = ff.values["child_ref"], ff.values["source_id"]
    for i, (ref, source) in enumerate(zip(refs, ids, strict=True)):
        if ref is None or source is None:
            continue
        earlier = first.get((source, ref))
        if earlier is not None:
            issues.append(
                make_issue(
                    Code.DUPLICATE_CHILD_IN_CENSUS,
                    where_of(ff.record(i), "child_ref"),
                    ref,
                    source=source,
                    first_row=ff.record(earlier)["_row"],
                )
            )
            continue
        first[(source, ref)] = i
        other = places.setdefault(ref, i)
        if national and ids[other] != source:
            found = ff.record(other)
            issues.append(
                make_issue(
                    Code.CHILD_IN_TWO_CENSUSES,
                    where_of(ff.record(i), "child_ref"),
                    ref,
                    source=source,
                    other_source=found["source_id"],
                    other_row=found["_row"],
                    other_file=found["_table"].file,
                )
            )
    return issues


def check_record_and_count(ff: FormFrame, counts: FormFrame) -> list[Issue]:
    """A source that sent both rows and counts for one form (and, a submission being one
    period, for the same period) would be counted twice: an error on its first count line."""
    with_rows = set(ff.values["source_id"]) - {None}
    issues, reported = [], set()
    for i, source in enumerate(counts.values["source_id"]):
        if source in with_rows and source not in reported:
            reported.add(source)
            where = where_of(counts.record(i), "source_id")
            issues.append(make_issue(Code.RECORD_AND_COUNT, where, source, source=source,
                                     form=SheetName(ff.form, ff.tables[0].sheet),
                                     count_sheet=where.sheet))  # fmt: skip
    return issues


def check_census_coverage(census: FormFrame, sources: dict[str, Record]) -> list[Issue]:
    """Places that held children in the period but sent no census rows: a coverage gap."""
    sent = set(census.values["source_id"])
    return [
        make_issue(
            Code.NO_CENSUS_FROM_PLACE,
            where_of(record, "source_id"),
            code,
            source=code,
            held=_source_field(sources, "held_children_in_period"),
            census=SheetName("detention_census", census.tables[0].sheet if census.tables else None),
        )
        for code, record in sources.items()
        if record.get("source_type") == "place_of_detention"
        and record.get("held_children_in_period") != "no"  # unknown: expected too
        and code not in sent
    ]


def check_counts_within_population(
    frames: dict[str, FormFrame],
    sources: dict[str, Record],
    areas: dict[str, Record],
    population: list[Record],
) -> list[Issue]:
    """A warning for each area and form whose rows (or count lines) from the area's sources and
    those of the areas below it are more than its child population: a rate above 100,000 per
    100,000 children, as when the population was given in thousands. Named on the area's first
    population cell."""
    totals, first = _population_totals(population)
    if not totals:
        return []
    single = next(iter(totals)) if not areas and len(totals) == 1 else None
    counted: dict[tuple[str, str], int] = {}
    for name, ff in frames.items():
        form = base_form(name) or name
        frame = ff.frame
        if "count" in frame:
            numbers = pd.to_numeric(frame["count"].where(frame["count"] != NOT_APPLICABLE),
                                    errors="coerce").fillna(0)  # fmt: skip
            by_source = numbers.groupby(frame["source_id"]).sum()
        else:
            by_source = frame.groupby("source_id").size()
        for source, count in by_source.items():
            record = sources.get(str(source))
            area = single or (record.get("area_code") if record else None)
            for up in _ancestors(area, areas):
                counted[(up, form)] = counted.get((up, form), 0) + int(count)
    issues = []
    for (area, form), count in sorted(counted.items()):
        total = totals.get(area)
        if total is not None and count > total:
            record = first[area]
            issues.append(make_issue(Code.COUNT_ABOVE_POPULATION, where_of(record, "population"),
                                     record["population"], area=area, form=SheetName(form),
                                     count=f"{count:,}", population=f"{total:,}"))  # fmt: skip
    return issues


def _population_totals(population: list[Record]) -> tuple[dict[str, int], dict[str, Record]]:
    """Each area's child population (its rows for both sexes together, else girls and boys) and
    its first population row."""
    by_sex: dict[str, dict[str, int]] = {}
    first: dict[str, Record] = {}
    for record in population:
        area, sex, count = record.get("area_code"), record.get("sex"), record.get("population")
        if area is None or sex is None or count is None:
            continue
        first.setdefault(area, record)
        sexes = by_sex.setdefault(area, {})
        sexes[sex] = sexes.get(sex, 0) + count
    totals = {area: sexes["all"] if "all" in sexes else sum(sexes.values())
              for area, sexes in by_sex.items()}  # fmt: skip
    return totals, first


def _ancestors(area: Any, areas: dict[str, Record]) -> list[str]:
    """`area` and the areas above it (a loop in parent_code stops, its error says why)."""
    chain: list[str] = []
    while isinstance(area, str) and area not in chain:
        chain.append(area)
        area = areas.get(area, {}).get("parent_code")
    return chain
