"""Many countries' submissions at once: each validated and computed into its own folder."""

from __future__ import annotations

import signal
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from jjindicators.batch_cache import (
    Reused,
    cache_key,
    find_caches,
    read_figures,
    reuse,
    write_cache,
)
from jjindicators.batch_outdir import (
    SUMMARY_NAME,
    check_outdir,
    check_paths,
    move_into,
    move_own,
    targets,
)
from jjindicators.changes import DEFAULT_THRESHOLD, Change
from jjindicators.compare import CountryFigures, Failed, compare
from jjindicators.compute import ComputeResult
from jjindicators.errors import OutputError
from jjindicators.folder_names import batch_names
from jjindicators.options import ComputeOptions, PublicationOptions, load_options
from jjindicators.outputs import (
    COMPARISON_FILES,
    SERIES_FILE,
    check_outputs,
    output_error,
    private_folder,
    writing,
)
from jjindicators.pipeline import compute_and_write
from jjindicators.render.comparison import (
    write_comparison_csv,
    write_comparison_xlsx,
    write_series_csv,
)
from jjindicators.render.comparison_html import write_comparison_html
from jjindicators.render.report_csv import write_csv_table
from jjindicators.render.words import ENGLISH
from jjindicators.series import Series, build_series
from jjindicators.submissions import Submission, find_submissions
from jjindicators.validate import CheckedSubmission, ValidateOptions

BATCH_COLUMNS = ("input", "country", "folder", "status", "errors", "warnings", "indicators",
                 "coverage", "seconds")  # fmt: skip
OK, ERRORS, UNREADABLE, SKIPPED, CRASHED = (
    "ok", "errors", "unreadable", "skipped (unchanged)", "internal error",
)  # fmt: skip
# The codes by which the reader refuses a file unread (`read/grids.py`, `read/guard.py`).
UNREADABLE_CODES = frozenset({"file-not-found", "file-unreadable", "file-type-unsupported",
                              "file-encrypted", "file-too-large", "sheet-too-large", "zip-bomb",
                              "xml-entities", "csv-encoding"})  # fmt: skip


@dataclass(frozen=True)
class BatchEntry:
    """One submission of a batch: where it went and how it fared.

    `input` is the submission as `batch-summary.csv` shows it: the file, the folder, or the files
    joined with `; ` (`Submission.label`). `status` is `ok`, `errors` (validation errors: its
    folder has `issues.xlsx`), `unreadable` (a file could not be read), `skipped (unchanged)`
    (`resume`: same inputs and options as a computed folder) or `internal error` (a bug;
    reported, the batch goes on). `coverage` is the share (%) of the sources expected by any
    indicator that reported, nationally.
    """

    input: str
    country: str
    folder: str
    status: str
    errors: int = 0
    warnings: int = 0
    indicators: int = 0
    coverage: float | None = None
    seconds: float = 0.0

    @property
    def succeeded(self) -> bool:
        """True when the submission's indicators were computed without errors (now or before)."""
        return self.status in (OK, SKIPPED)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: a row of the batch summary."""
        return asdict(self)


@dataclass(frozen=True)
class BatchResult:
    """Every submission of a batch in the order given, and the figures compared."""

    outdir: str
    entries: tuple[BatchEntry, ...]
    figures: tuple[CountryFigures, ...]
    jobs: int
    seconds: float
    # With `debug`, the traceback of each internal error by input: never in `to_dict` (nor in
    # any file), since it may hold children's data.
    tracebacks: tuple[tuple[str, str], ...] = ()
    # `resume`: the caches not used, and why (each submission of theirs was computed again).
    notices: tuple[str, ...] = ()
    # Each country's periods, headlines and large changes between them (`series.csv`).
    series: Series = field(default_factory=Series)

    @property
    def changes(self) -> tuple[Change, ...]:
        """The large changes between consecutive periods of a country (`large-change`)."""
        return self.series.changes

    @property
    def succeeded(self) -> bool:
        """True when every submission was computed without errors."""
        return all(e.succeeded for e in self.entries)

    @property
    def counts(self) -> dict[str, int]:
        """How many submissions ended in each status."""
        found: dict[str, int] = {}
        for entry in self.entries:
            found[entry.status] = found.get(entry.status, 0) + 1
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what `jjind batch --format json` prints."""
        return {
            "outdir": self.outdir,
            "succeeded": self.succeeded,
            "counts": self.counts,
            "jobs": self.jobs,
            "seconds": self.seconds,
            "submissions": [e.to_dict() for e in self.entries],
            "comparison": compare(compared(self.entries, self.figures)).to_dict(),
            "notices": list(self.notices),
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class _Job:
    """What a worker process needs for one submission (picklable)."""

    submission: Submission
    options: ComputeOptions
    checks: ValidateOptions
    workdir: str
    key: str
    publication: PublicationOptions = field(default_factory=PublicationOptions)
    lang: str = ENGLISH
    debug: bool = False


@dataclass(frozen=True)
class _Outcome:
    """What a worker sends back: the entry, the figures compared (None unless `ok`), the
    submission's period when its about sheet says it (its folder's name) and, with `debug`, the
    traceback of an internal error."""

    entry: BatchEntry
    figures: CountryFigures | None = None
    traceback: str = ""
    period: tuple[str, str] | None = None


def run_batch(
    inputs: Sequence[str | Path],
    outdir: str | Path,
    options: Mapping[str, Any] | None = None,
    validate_options: ValidateOptions | None = None,
    jobs: int = 1,
    resume: bool = False,
    progress: Callable[[BatchEntry], None] | None = None,
    publication: PublicationOptions | None = None,
    lang: str = ENGLISH,
    found: Callable[[tuple[Submission, ...]], None] | None = None,
    debug: bool = False,
    change_threshold: float = DEFAULT_THRESHOLD,
) -> BatchResult:
    """Validate and compute each submission into `outdir/<country>/`, then write
    `batch-summary.csv`, `comparison.xlsx`, `comparison.csv` and `comparison.html` into
    `outdir`.

    `inputs` are files, each one submission, and folders, expanded by `find_submissions`: each
    sub-folder is one submission, the folder's own workbooks and CSV files are grouped by the
    country and period of their about sheets. `found` is called with the submissions found,
    before any is computed (a progress bar's total).

    `options` are option values given on the command line (None: not given); each submission
    takes them over its own `jjind.toml`, as `jjind compute` does. A failing submission gets its
    issues report and the batch goes on. `jobs` > 1 runs submissions in that many processes;
    the files written do not depend on it. `resume` skips a submission whose folder was computed
    from the same files (SHA-256), options and jjind version, when the files there are as that
    run wrote them (`batch_cache`): its row and figures are read back from them; a cache that
    can't be trusted is ignored, with a notice (`BatchResult.notices`). `progress` is called
    with each entry as it finishes (its `folder` is set only in the result). `publication`
    makes every report (and the comparison) fit for publication (`protect`); a pseudonymised or
    randomly rounded submission is never skipped by `resume`, since its cache could not tell one
    salt (or seed) from another. `lang` is the language of the reports, the issues files and
    the comparison workbook. `debug` keeps the traceback of a submission's internal error
    (`BatchResult.tracebacks`; it may hold children's data); without it, none is kept.

    A country with submissions of several periods is a series (`series.py`): its folders are
    `<country>-<period>` (`folder_names.batch_names`), `series.csv` has every country's
    headlines by period, the comparison workbook a Trends sheet, and `BatchResult.changes` the
    changes larger than `change_threshold` % that are unlikely by chance (`changes.py`).

    >>> result = run_batch(["ruritania.xlsx", "data/freedonia"], "out", jobs=4)  # doctest: +SKIP
    >>> [(e.country, e.status) for e in result.entries]  # doctest: +SKIP
    [('Ruritania', 'ok'), ('Freedonia', 'errors')]
    >>> [e.folder for e in run_batch(["submissions/"], "out").entries]  # doctest: +SKIP
    ['Elbonia', 'Freedonia', 'Ruritania', 'Ruritania-2']
    """
    started = time.perf_counter()
    out = Path(outdir)
    paths = [Path(p) for p in inputs]
    check_paths(paths, out)
    check_outdir(out, paths, lang)
    checks = validate_options or ValidateOptions()
    subs = find_submissions(paths, checks, out, jobs, lang)
    read = [Path(f) for sub in subs for f in sub.inputs]
    check_paths(read, out)  # links into OUTDIR
    check_outputs(targets(out), [*paths, *read], lang=lang)  # a hard link, say
    if found:
        found(subs)
    publication = publication or PublicationOptions()
    given = dict(options or {})
    # Options are resolved here, so that a bad jjind.toml stops the batch before it starts.
    resolved = [load_options([Path(sub.inputs[0])], **given) for sub in subs]
    cached, notices = find_caches(out, lang) if resume and out.is_dir() else ({}, [])
    # Each submission is written into its own folder inside a private one in OUTDIR (mode 0700,
    # removed on every way out), then moved into place (`outputs.py`).
    with writing(out, lang), private_folder(out) as staging:
        work = [_Job(sub, o, checks, str(staging / str(i)),
                     cache_key(sub, o, checks, publication, lang), publication, lang, debug)
                for i, (sub, o) in enumerate(zip(subs, resolved, strict=True))]  # fmt: skip
        done: dict[int, _Outcome] = {}
        for i, job in enumerate(work):
            hit = cached.pop(job.key, None)
            reused = reuse(hit, lang) if hit is not None else None
            if isinstance(reused, str):
                notices.append(reused)
            elif reused is not None:
                move_own(reused.folder, Path(job.workdir))  # published below, maybe renamed
                period = reused.figures.period
                done[i] = _Outcome(_reused_entry(job, reused), reused.figures,
                                   period=(period[0], period[1]))  # fmt: skip
                if progress:
                    progress(done[i].entry)
        todo = [i for i in range(len(work)) if i not in done]
        for i, outcome in _run_all([work[i] for i in todo], todo, jobs):
            done[i] = outcome
            if progress:
                progress(outcome.entry)
        outcomes = [done[i] for i in range(len(work))]
        entries, figures = _publish(out, outcomes, work, lang)
        _write_summary(out / SUMMARY_NAME, entries, lang)
        comparison = compare(compared(entries, figures))
        series = build_series(figures, change_threshold)
        book, table, page = COMPARISON_FILES
        write_comparison_xlsx(comparison, out / book, lang, series)
        write_comparison_csv(comparison, out / table, lang)
        write_comparison_html(comparison, out / page, lang)
        write_series_csv(series, out / SERIES_FILE, lang)
    tracebacks = tuple((o.entry.input, o.traceback) for o in outcomes if o.traceback)
    return BatchResult(str(out), tuple(entries), tuple(figures), max(1, jobs),
                       round(time.perf_counter() - started, 2), tracebacks,
                       tuple(notices), series)  # fmt: skip


def _run_all(work: list[_Job], indexes: list[int], jobs: int) -> Iterator[tuple[int, _Outcome]]:
    """Run the jobs in this process (jobs ≤ 1) or in a pool; yield results as they finish. An
    `OutputError` (a full disk) stops the batch; so do Ctrl-C and SIGTERM, which stop the
    workers at once (they write only into the private staging folder, removed after)."""
    if jobs <= 1 or len(work) <= 1:
        for i, job in zip(indexes, work, strict=True):
            yield i, run_one(job)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=_worker) as pool:
        try:
            futures: dict[Future[Any], tuple[int, _Job]] = {
                pool.submit(run_one, job): (i, job) for i, job in zip(indexes, work, strict=True)
            }
            for future in as_completed(futures):
                i, job = futures[future]
                try:
                    yield i, future.result()
                except OutputError:
                    raise
                except Exception:  # the worker process died (memory...): report, go on
                    yield i, _crashed(job)
        except BaseException:
            _stop(pool)
            raise


def _worker() -> None:
    """A worker leaves Ctrl-C to the main process, which stops it (`_stop`), and dies on
    SIGTERM, without a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: no job started any more, the running ones ended."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def run_one(job: _Job) -> _Outcome:
    """Validate, compute and write one submission into its work folder (the worker)."""
    started = time.perf_counter()
    try:
        entry, figures, period = _compute_one(job)
        outcome = _Outcome(entry, figures, period=period)
    except OutputError as exc:  # a full disk: the batch stops, saying where and why
        if exc.errno is None:
            raise
        outdir = Path(job.workdir).parent.parent  # the work folder is OUTDIR/<staging>/<n>
        raise output_error(OSError(exc.errno, exc.cause), outdir, job.lang,
                           job.submission.label) from None  # fmt: skip
    except Exception:  # a bug on one submission must not stop the others
        outcome = _crashed(job)
    seconds = round(time.perf_counter() - started, 2)
    return replace(outcome, entry=replace(outcome.entry, seconds=seconds))


def _crashed(job: _Job) -> _Outcome:
    """An internal error's outcome (while it is handled): its traceback only with --debug,
    since a traceback may hold children's data."""
    text = traceback.format_exc() if job.debug else ""
    return _Outcome(BatchEntry(job.submission.label, "", "", CRASHED), None, text)


def _compute_one(job: _Job) -> tuple[BatchEntry, CountryFigures | None, tuple[str, str] | None]:
    work = Path(job.workdir)
    work.mkdir(exist_ok=True)  # never its parent again: the staging folder is gone when stopped
    # The report and its CSV tables when computed; the issues beside their rows (never to be
    # published) when the data have errors: issues.csv unless the CSV tables have theirs.
    result, checked = compute_and_write(
        job.submission.inputs, job.options, job.checks, job.publication, job.lang,
        reports=(work / "report.xlsx", work), issues=(work / "issues.xlsx", work / "issues.csv"),
    )  # fmt: skip
    report = result.validation
    country = result.country or (checked.about.country if checked.about else "")
    unreadable = any(i.code in UNREADABLE_CODES for i in report.issues)
    status = UNREADABLE if unreadable else OK if result.computed and report.valid else ERRORS
    counts = report.counts
    entry = BatchEntry(job.submission.label, country, "", status, counts["error"],
                       counts["warning"], _indicators(result), _coverage(result))  # fmt: skip
    if status != OK:
        return entry, None, _period(checked)
    if not job.publication.keyed:  # the cache can't tell one salt (or seed) from another
        write_cache(work, job.key, entry.coverage)
    # The figures compared are those the country's own report shows: read back from it, as
    # `--resume` reads them (the same whether computed now or before).
    figures = read_figures(work)
    return entry, figures, (figures.period[0], figures.period[1])


def _indicators(result: ComputeResult) -> int:
    """How many of the indicators have a headline value."""
    return sum(1 for r in result.results if _present(r.headline.value))


def _present(value: Any) -> bool:
    return value is not None and value == value  # NaN is not a value


def _coverage(result: ComputeResult) -> float | None:
    """Share (%) of the sources any indicator expects nationally that reported."""
    expected: set[str] = set()
    reported: set[str] = set()
    for r in result.results:
        for cov in r.coverage:
            if cov.area == r.headline.area:
                expected.update(cov.expected)
                reported.update(s for s in cov.reported if s in cov.expected)
    return round(100 * len(reported) / len(expected), 1) if expected else None


def _publish(
    out: Path, outcomes: list[_Outcome], work: list[_Job], lang: str
) -> tuple[list[BatchEntry], list[CountryFigures]]:
    """Name each folder in input order (`<country>-<period>` for a country's several periods,
    `-2`, `-3` for a repeated one: `folder_names.batch_names`) and move the work folders into
    place; returns the entries and the figures compared."""
    check_outdir(out, [], lang)  # a link made while computing
    names = batch_names([(o.entry.country, job.submission.name, o.period)
                         for o, job in zip(outcomes, work, strict=True)])  # fmt: skip
    entries, figures = [], []
    for outcome, job, name in zip(outcomes, work, names, strict=True):
        entry, figure = outcome.entry, outcome.figures
        entry = replace(entry, folder=name)
        if figure is not None:
            figures.append(replace(figure, folder=name))
        move_into(Path(job.workdir), out / name)
        entries.append(entry)
    return entries, figures


def compared(
    entries: Sequence[BatchEntry], figures: Sequence[CountryFigures]
) -> list[CountryFigures | Failed]:
    """What the comparison shows, in the batch's order: each computed submission's figures and
    each failed one's status (its column says why it is empty, issue #20)."""
    by_folder = {f.folder: f for f in figures}
    return [by_folder.get(e.folder) or Failed(e.country, e.folder, e.status) for e in entries]


def _reused_entry(job: _Job, found: Reused) -> BatchEntry:
    """The batch summary's row of a submission skipped by `resume`, read back from its files."""
    return BatchEntry(job.submission.label, found.figures.country, "", SKIPPED, found.errors,
                      found.warnings, found.indicators, found.coverage)  # fmt: skip


def _period(checked: CheckedSubmission) -> tuple[str, str] | None:
    """The period an about sheet gives (None without one): a submission with errors gets its
    folder by it too."""
    about = checked.about
    if about is None:
        return None
    return about.period_start.isoformat(), about.period_end.isoformat()


def _write_summary(path: Path, entries: list[BatchEntry], lang: str) -> None:
    rows = [[getattr(e, c) for c in BATCH_COLUMNS] for e in entries]
    write_csv_table(path, BATCH_COLUMNS, rows, lang)
