"""A batch's submissions: each file given, each sub-folder, a folder's files by country and period.

A consultant's folder holds one workbook per country (or per source of a country), and
sub-folders holding one submission each. The rule (`docs/rules.md`, "Batch"): each sub-folder is
one submission; the files directly in the folder are grouped by the country and period of their
about sheets; a file that cannot be read is a submission of its own (it fails as `unreadable`);
a file that says nothing of its country and period joins the only (country, period) there is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jjindicators.errors import UsageError
from jjindicators.forms.types import is_blank, normalise_token, to_text
from jjindicators.i18n import ENGLISH, translate
from jjindicators.outputs import (
    BATCH_SUMMARY,
    BATCH_WORKBOOKS,
    CACHE_NAME,
    COMPARISON_FILES,
    SERIES_FILE,
)
from jjindicators.read import files_of, read_inputs
from jjindicators.read.grids import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from jjindicators.render.report_csv import CSV_FILES
from jjindicators.validate import ValidateOptions
from jjindicators.validate.about import merge_about
from jjindicators.validate.fields import field_adapter

# What jjind writes (a batch's files, `outputs.py`; the CSV report's): never read as a submission.
# `about.csv` is not among them: it is also the about form's own file.
OUTPUT_FILES = frozenset(
    {*BATCH_WORKBOOKS, *CSV_FILES, BATCH_SUMMARY, *COMPARISON_FILES, SERIES_FILE, CACHE_NAME}
    - {"about.csv"}
)
# A folder holding one of these is a batch's output (OUTDIR, or a country's folder in it).
OUTPUT_MARKS = (BATCH_SUMMARY, CACHE_NAME)
# Spreadsheets jjind does not read: in a folder of submissions, each is one that fails as
# `unreadable` (saying how to save it as .xlsx) rather than a country silently missing.
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".ods", ".numbers")
KEY_FIELDS = ("country", "period_start", "period_end")

Key = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class Submission:
    """One submission of a batch: the files read together (`inputs`), what the batch summary
    shows of them (`label`: the folder when they are all of a folder's files, else the files
    joined with `; `) and the folder name its reports take when it names no country (`name`)."""

    inputs: tuple[str, ...]
    label: str
    name: str


@dataclass(frozen=True)
class _About:
    """What the grouping needs of one file: whether it could be read, its (country, period)
    normalised for comparison (None where not given) and as written, to show."""

    readable: bool
    key: Key = (None, None, None)
    shown: str = ""


def find_submissions(
    paths: Sequence[str | Path],
    options: ValidateOptions | None = None,
    outdir: str | Path | None = None,
    jobs: int = 1,
    lang: str = ENGLISH,
) -> tuple[Submission, ...]:
    """The submissions in `paths`, in order: a file is one submission; a folder is expanded,
    each of its sub-folders one submission (its .xlsx, .xlsm and .csv files, as a folder is
    read) and its own files grouped by the country and period of their about sheets.

    Only the about sheets are read to group (with `options`' limits, encoding and mapping
    profile, whose `[about]` may give the country), in `jobs` processes. A file that cannot be
    read is a submission of its own; one whose about says no country or period joins the only
    group it fits. Raises `UsageError` when several fit (naming the files and what to do) or
    when a folder holds no submission. `outdir`, jjind's own outputs (`OUTPUT_FILES`) and folders
    holding a batch's output (`OUTPUT_MARKS`) are never read. Messages are in `lang`.

    >>> subs = find_submissions(["submissions/"])  # doctest: +SKIP
    >>> [(s.label, s.name) for s in subs]  # doctest: +SKIP
    [('submissions/freedonia', 'freedonia'), ('submissions/ruritania-2025.xlsx', 'ruritania-2025'),
     ('submissions/sylvania-census.xlsx; submissions/sylvania-police.xlsx', 'sylvania-census')]
    """
    options = options or ValidateOptions()
    skip = Path(outdir).resolve() if outdir is not None else None
    listed = [(Path(p), _listing(Path(p), skip)) for p in paths]
    loose = [f for path, found in listed if found is not None for f in found[1]]
    abouts = dict(zip(loose, _read_abouts(loose, options, jobs), strict=True))
    subs: list[Submission] = []
    for path, found in listed:
        if found is None:  # a file given (or a path that does not exist: it fails as unreadable)
            subs.append(Submission((str(path),), str(path), path.stem))
            continue
        folders, files = found
        if not folders and not files:
            raise UsageError(translate("report.batch_none_found", lang, folder=path))
        grouped = _group(path, files, [abouts[f] for f in files], lang)
        whole = not folders and len(grouped) == 1
        ordered = [(g[0].name, _submission(g, path if whole else None)) for g in grouped]
        ordered += [(f.name, _submission(_files_in(f), f)) for f in folders]
        subs += [sub for _, sub in sorted(ordered, key=lambda pair: pair[0])]
    return tuple(subs)


def _listing(path: Path, skip: Path | None) -> tuple[list[Path], list[Path]] | None:
    """A folder's sub-folders holding a submission and its own submission files (None: not a
    folder). Hidden ones, `skip` (the batch's output) and batch outputs are left out."""
    if not path.is_dir():
        return None
    folders, files = [], []
    for entry in sorted(path.iterdir(), key=lambda p: p.name):
        if entry.name.startswith((".", "~$")) or entry.name in OUTPUT_FILES:
            continue
        if entry.is_dir():
            output = entry.resolve() == skip or any((entry / m).exists() for m in OUTPUT_MARKS)
            if not output and _files_in(entry):
                folders.append(entry)
        elif entry.is_file() and _is_spreadsheet(entry):
            files.append(entry)
    return folders, files


def _is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in (*WORKBOOK_SUFFIXES, *CSV_SUFFIXES, *OTHER_SPREADSHEETS)


def _files_in(folder: Path) -> list[Path]:
    """A sub-folder's files, as a folder is read (`files_of`) without jjind's outputs; when it
    holds none, its spreadsheets of other formats (so that it fails as unreadable)."""
    read = [f for f in files_of(folder) if f.name not in OUTPUT_FILES]
    if read:
        return read
    return sorted(f for f in folder.iterdir() if f.is_file() and not f.name.startswith((".", "~$"))
                  and f.suffix.lower() in OTHER_SPREADSHEETS)  # fmt: skip


def _submission(files: Sequence[Path], folder: Path | None) -> Submission:
    inputs = tuple(str(f) for f in files)
    if folder is not None:
        return Submission(inputs, str(folder), folder.name)
    return Submission(inputs, "; ".join(inputs), files[0].stem)


def _read_abouts(files: list[Path], options: ValidateOptions, jobs: int) -> list[_About]:
    """Each file's about, read in `jobs` processes; a process that dies leaves its file
    unreadable (it is then a submission of its own, which says why when computed)."""
    if jobs <= 1 or len(files) <= 1:
        return [_about_of(f, options) for f in files]
    with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
        futures: list[Future[_About]] = [pool.submit(_about_of, f, options) for f in files]
        return [_outcome(f) for f in futures]


def _outcome(future: Future[_About]) -> _About:
    try:
        return future.result()
    except Exception:  # the process died (memory...): the file goes alone
        return _About(readable=False)


def _about_of(path: Path, options: ValidateOptions) -> _About:
    """One file's (country, period), read safely: only its tables are located, no row checked."""
    try:
        read = read_inputs([path], options.encoding, options.limits, options.mapping)
        if read.refused:
            return _About(readable=False)
        profile = options.mapping
        defaults = (profile.about, profile.path) if profile else ({}, "")
        values = merge_about(read.tables_of("about"), dict(options.overrides), *defaults).values
    except Exception:  # a bug in reading one file must not stop the batch: it goes alone
        return _About(readable=False)
    return _About(True, _key(values), _shown(values))


def _key(values: Mapping[str, Any]) -> Key:
    """Country and period as compared: dates read as the about sheet reads them (so a date cell
    and `2025-01-01` typed as text agree), texts ignoring case and spacing; None where blank."""
    order = _valid("date_order", values.get("date_order"), {})
    parts: list[str | None] = []
    for name in KEY_FIELDS:
        value = values.get(name)
        if value is None or is_blank(value):
            parts.append(None)
            continue
        parts.append(normalise_token(to_text(_valid(name, value, {"date_order": order}))))
    return parts[0], parts[1], parts[2]


def _valid(name: str, value: Any, context: dict[str, Any]) -> Any:
    """The value as the about form reads it, or as written when it cannot be read."""
    if value is None:
        return None
    try:
        return field_adapter("about", name).validate_python(value, context=context)
    except ValidationError:
        return value


def _shown(values: Mapping[str, Any]) -> str:
    country, start, end = (to_text(values[k]) if k in values else "?" for k in KEY_FIELDS)
    return f"{country} {start} – {end}"


def _fits(key: Key, group: Key) -> bool:
    """Whether a file of `key` (parts may be None) may belong to the group of `group`."""
    return all(part is None or part == other for part, other in zip(key, group, strict=True))


def _group(folder: Path, files: list[Path], abouts: list[_About], lang: str) -> list[list[Path]]:
    """A folder's own files in submissions: one per (country, period), an unreadable file
    alone; a file whose about lacks some of them joins the only group that fits (files that fit
    none are grouped by what they say). Each submission's files stay in folder order."""
    groups: dict[Key | Path, list[Path]] = {}
    shown = {a.key: a.shown for a in reversed(abouts) if a.readable and None not in a.key}
    complete = list(dict.fromkeys(a.key for a in abouts if a.key in shown))
    unplaced = []
    for file, about in zip(files, abouts, strict=True):
        if not about.readable:
            groups[file] = [file]
            continue
        fits = [k for k in complete if _fits(about.key, k)]
        if len(fits) > 1:
            unplaced.append(file)
            continue
        key = fits[0] if fits else about.key
        groups.setdefault(key, []).append(file)
    if unplaced:
        raise UsageError(translate(
            "report.batch_no_about", lang, folder=folder, n=len(complete),
            files=", ".join(f.name for f in unplaced),
            groups="; ".join(shown[k] for k in complete),
        ))  # fmt: skip
    order = {file: i for i, file in enumerate(files)}
    return sorted((sorted(g, key=order.__getitem__) for g in groups.values()),
                  key=lambda g: order[g[0]])  # fmt: skip
