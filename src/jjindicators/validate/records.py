"""Checks between the fields of record forms, vectorised over each form's rows (`forms.md`,
"Checks between fields and forms"). Each check turns a boolean mask into issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from jjindicators.ages import completed_years
from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.about import About
from jjindicators.forms.detention_register import NOT_RELEASES
from jjindicators.issue_params import AboutKey, Allowed, CodeName, FieldName, Param, Phrase
from jjindicators.issues import Issue, make_issue
from jjindicators.read import RawTable
from jjindicators.validate.fields import CheckedTable
from jjindicators.validate.reference import Record, where_of

ADULT_AGE = 18


@dataclass
class FormFrame:
    """One form's rows (all files together) as a table, ready for vectorised checks.

    `frame` has every field (dates as datetime64, NaT when blank) and the trace columns `_file`,
    `_sheet`, `_row` (the Excel row) and `_ok` (no cell of the row failed); `values` the
    validated values as Python objects (what issue messages show), `failed` the failed cells.
    """

    form: str
    frame: pd.DataFrame
    values: dict[str, list[Any]]
    failed: dict[str, np.ndarray]
    tables: list[RawTable]
    table_of: np.ndarray  # each row's table, as an index into `tables`

    @classmethod
    def build(cls, form: str, checked: list[CheckedTable]) -> FormFrame:
        """The checked tables of one form → one frame, in input order."""
        fields = list(FORMS[form].fields)
        values = {n: [v for c in checked for v in c.values[n]] for n in fields}
        sizes = [len(c.table) for c in checked]
        failed = {
            n: np.concatenate([c.failed.get(n, np.zeros(len(c.table), bool)) for c in checked])
            for n in {n for c in checked for n in c.failed}
        }
        columns: dict[str, Any] = dict(values)
        columns["_file"] = [c.table.file for c in checked for _ in range(len(c.table))]
        columns["_sheet"] = [c.table.sheet for c in checked for _ in range(len(c.table))]
        columns["_row"] = [r for c in checked for r in c.table.excel_rows]
        columns["_ok"] = np.concatenate([c.ok for c in checked]) if checked else []
        frame = pd.DataFrame(columns) if checked else pd.DataFrame(columns=list(columns))
        for name in date_fields(form):
            frame[name] = pd.to_datetime(frame[name])
        frame["_ok"] = frame["_ok"].astype(bool)
        table_of = np.repeat(np.arange(len(checked)), sizes)
        return cls(form, frame, values, failed, [c.table for c in checked], table_of)

    def record(self, i: int) -> Record:
        """Row `i` as a record: its validated values, `_table`, `_row` and `_failed`."""
        record: Record = {name: column[i] for name, column in self.values.items()}
        record["_table"] = self.tables[self.table_of[i]]
        record["_row"] = int(cast(int, self.frame["_row"].iat[i]))
        record["_failed"] = frozenset(n for n, mask in self.failed.items() if mask[i])
        return record

    @property
    def records(self) -> list[Record]:
        """Every row as a record (to inspect a few rows; the checks work on `frame`)."""
        return [self.record(i) for i in range(len(self.frame))]

    def not_failed(self, name: str) -> pd.Series:
        """True where the cell of `name` did not fail validation."""
        mask = self.failed.get(name)
        if mask is None:
            return pd.Series(True, index=self.frame.index)
        return pd.Series(~mask, index=self.frame.index)

    def emit(self, mask: pd.Series, make: Callable[[Record, pd.Series], Issue]) -> list[Issue]:
        """One issue per row where `mask` is true."""
        rows = np.flatnonzero(mask.fillna(False).astype(bool).to_numpy())
        return [make(self.record(i), self.frame.iloc[i]) for i in rows.tolist()]


def date_fields(form: str) -> list[str]:
    """The date fields of a form, date of birth first."""
    spec = FORMS[form]
    return [n for n, f in spec.fields.items() if "date" in str(f.annotation)]


def _day(value: Any) -> Param:
    if value is None or value is pd.NaT:
        return Phrase("phrase.unknown_date")  # e.g. the event date was unreadable; never "NaT"
    return value.date() if isinstance(value, pd.Timestamp) else value


def at(row: pd.Series) -> int:
    """The position of a row that `FormFrame.emit` hands over, in its frame (a RangeIndex)."""
    return cast(int, row.name)


def _name(record: Record, field: str) -> FieldName:
    """A field of the record's form, named as the record's sheet heads it."""
    return FieldName(record["_table"].form, field, where_of(record, field).column)


def reference_dates(ff: FormFrame, about: About | None) -> pd.Series:
    """The date each row's age is taken on: the form's own date field, or the census date."""
    name = FORMS[ff.form].reference_date
    if name == "census_date":
        day = (about.census_date or about.period_end) if about else None
        return pd.Series(pd.Timestamp(day) if day else pd.NaT, index=ff.frame.index)
    return ff.frame[name] if name else pd.Series(pd.NaT, index=ff.frame.index)


def check_ages(ff: FormFrame, about: About | None) -> list[Issue]:
    """Age and date of birth agree (± 1 year); one of them is given; the person is under 18."""
    f, ref_field = ff.frame, FORMS[ff.form].reference_date or ""
    ref = reference_dates(ff, about)
    computed = completed_years(f["date_of_birth"], ref)
    failed = ~(ff.not_failed("date_of_birth") & ff.not_failed("age"))
    issues = ff.emit(
        (computed - f["age"]).abs() > 1,
        lambda r, row: make_issue(Code.AGE_DOB_MISMATCH, where_of(r, "age"), r["age"], age=r["age"],
                                  dob=_day(row["date_of_birth"]), ref=_day(ref[at(row)]),
                                  computed=int(computed[at(row)])),
    )  # fmt: skip
    issues += ff.emit(
        f["date_of_birth"].isna() & f["age"].isna() & ~failed,
        lambda r, row: make_issue(
            Code.AGE_UNKNOWN,
            where_of(r, "date_of_birth"),
            date_of_birth=_name(r, "date_of_birth"),
            age=_name(r, "age"),
            age_estimated=_name(r, "age_estimated"),
            yes=CodeName(ff.form, "age_estimated", "yes"),
        ),
    )
    age = computed.where(f["date_of_birth"].notna(), f["age"])
    field = "date_of_birth"
    issues += ff.emit(
        age >= ADULT_AGE,
        lambda r, row: make_issue(
            Code.NOT_A_CHILD,
            where_of(r, field if r.get(field) else "age"),
            r.get(field) or r["age"],
            age=int(age[at(row)]),
            ref=_day(ref[at(row)]),
            ref_field=AboutKey(ref_field) if ref_field == "census_date" else _name(r, ref_field),
        ),
    )
    return issues


Make = Callable[[Record, pd.Series], Issue]


def _date_order(early: str, late: str) -> Make:
    """`date-order` of a row whose `late` date is before its `early` one."""

    def make(r: Record, row: pd.Series) -> Issue:
        return make_issue(Code.DATE_ORDER, where_of(r, late), _day(row[late]),
                          other_field=_name(r, early), other_value=_day(row[early]),
                          rule=Phrase.of("phrase.rule_date_order", early=_name(r, early),
                                         late=_name(r, late)))  # fmt: skip

    return make


def _dated(code: Code, name: str, *, today: dt.date | None = None,
           census: pd.Series | None = None) -> Make:  # fmt: skip
    """An issue of the date `name` against today, or against the row's census date."""

    def make(r: Record, row: pd.Series) -> Issue:
        against: Param = today if census is None else _day(census[at(row)])
        key = "today" if census is None else "census"
        return make_issue(code, where_of(r, name), _day(row[name]), **{key: against})

    return make


def check_date_order(ff: FormFrame, today: dt.date) -> list[Issue]:
    """Birth before events; admission ≤ sentence ≤ release; nothing after today."""
    f, issues = ff.frame, []
    dates = date_fields(ff.form)
    pairs = [("date_of_birth", d) for d in dates if d != "date_of_birth"]
    pairs += [p for p in [("admission_date", "release_date"), ("sentence_date", "release_date")]
              if p[1] in dates]  # fmt: skip
    for early, late in pairs:
        issues += ff.emit(
            f[late] < f[early],
            _date_order(early, late),
        )  # fmt: skip
    if "sentence_date" in dates:
        issues += ff.emit(
            f["sentence_date"] < f["admission_date"],
            lambda r, row: make_issue(Code.SENTENCE_BEFORE_ADMISSION, where_of(r, "sentence_date"),
                                      _day(row["sentence_date"]),
                                      other_value=_day(row["admission_date"]),
                                      admission_date=_name(r, "admission_date")),
        )  # fmt: skip
    now = pd.Timestamp(today)
    for name in dates:
        issues += ff.emit(
            f[name] > now,
            _dated(Code.FUTURE_DATE, name, today=today),
        )  # fmt: skip
    return issues


def check_period(ff: FormFrame, about: About) -> list[Issue]:
    """Events outside the reporting period are noticed (and not counted)."""
    f, spec = ff.frame, FORMS[ff.form]
    start, end = pd.Timestamp(about.period_start), pd.Timestamp(about.period_end)
    span = {"start": about.period_start, "end": about.period_end}
    if spec.event_date:
        name = spec.event_date
        return ff.emit(
            (f[name] < start) | (f[name] > end),
            lambda r, row: make_issue(Code.OUTSIDE_PERIOD, where_of(r, name), _day(row[name]),
                                      what=_name(r, name), **span),
        )  # fmt: skip
    if ff.form == "detention_register":
        return ff.emit(
            (f["admission_date"] > end) | (f["release_date"] < start),
            lambda r, row: make_issue(
                Code.OUTSIDE_PERIOD, where_of(r, "admission_date"), _episode(row),
                what=Phrase("phrase.what_episode"), **span),
        )  # fmt: skip
    return []


def _episode(row: pd.Series) -> Phrase:
    """An episode's dates as shown to the user; one still open has no release date (not NaT)."""
    admitted, released = _day(row["admission_date"]), row["release_date"]
    if pd.isna(released):
        return Phrase.of("phrase.episode_open", start=admitted)
    return Phrase.of("phrase.episode_dates", start=admitted, end=_day(released))


def check_census(ff: FormFrame, about: About | None) -> list[Issue]:
    """Census dates not after the census date; legal status agrees with the sentence date."""
    f, issues = ff.frame, []
    census = reference_dates(ff, about)
    for name in ("admission_date", "sentence_date"):
        issues += ff.emit(
            f[name] > census,
            _dated(Code.AFTER_CENSUS_DATE, name, census=census),
        )  # fmt: skip
    issues += ff.emit(
        (f["legal_status"] == "sentenced")
        & f["sentence_date"].isna()
        & ff.not_failed("sentence_date"),
        lambda r, row: make_issue(Code.SENTENCED_WITHOUT_DATE, where_of(r, "sentence_date")),
    )  # fmt: skip
    issues += ff.emit(
        (f["legal_status"] == "pre_sentence") & (f["sentence_date"] <= census),
        lambda r, row: make_issue(Code.PRE_SENTENCE_WITH_SENTENCE_DATE,
                                  where_of(r, "legal_status"), _day(row["sentence_date"]),
                                  sentence_date=_name(r, "sentence_date"),
                                  pre_sentence=CodeName(ff.form, "legal_status", "pre_sentence"),
                                  sentenced=CodeName(ff.form, "legal_status", "sentenced")),
    )  # fmt: skip
    return issues


def check_register(ff: FormFrame) -> list[Issue]:
    """Release type, release date, sentence date and aftercare fit together."""
    f, issues = ff.frame, []
    released = f["release_date"].notna()
    typed = f["release_type"].notna()

    def needs(name: str, condition: str, allowed: Param) -> Callable[[Record, pd.Series], Issue]:
        return lambda r, row: make_issue(
            Code.CONDITIONAL_REQUIRED,
            where_of(r, name),
            condition=Phrase(f"phrase.condition_{condition}"),
            allowed=allowed,
        )

    issues += ff.emit(
        released & ~typed & ff.not_failed("release_type"),
        needs("release_type", "release_date", Allowed(ff.form, "release_type")),
    )
    issues += ff.emit(
        typed & ~released & ff.not_failed("release_date"),
        needs("release_date", "release_type", Phrase("phrase.allowed_date")),
    )
    is_release = released & typed & ~f["release_type"].isin(list(NOT_RELEASES))
    issues += ff.emit(
        is_release & f["aftercare"].isna() & ff.not_failed("aftercare"),
        needs("aftercare", "released", Allowed(ff.form, "aftercare")),
    )
    sentenced_release = f["release_type"].isin(["end_of_sentence", "early_release"])
    issues += ff.emit(
        sentenced_release & f["sentence_date"].isna() & ff.not_failed("sentence_date"),
        lambda r, row: make_issue(Code.RELEASE_TYPE_CONFLICT, where_of(r, "release_type"),
                                  r["release_type"], release_type=_code(r),
                                  problem=_problem(r, "needs_sentence_date"),
                                  sentence_date=_name(r, "sentence_date")),
    )  # fmt: skip
    issues += ff.emit(
        (f["release_type"] == "released_before_sentence") & f["sentence_date"].notna(),
        lambda r, row: make_issue(Code.RELEASE_TYPE_CONFLICT, where_of(r, "release_type"),
                                  r["release_type"], release_type=_code(r),
                                  problem=_problem(r, "no_sentence"),
                                  sentence_date=_name(r, "sentence_date")),
    )  # fmt: skip
    return issues


def _code(record: Record) -> CodeName:
    return CodeName(record["_table"].form, "release_type", record["release_type"])


def _problem(record: Record, name: str) -> Phrase:
    return Phrase.of(f"phrase.problem_{name}", sentence_date=_name(record, "sentence_date"))
