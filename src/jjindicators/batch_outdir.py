"""Where a batch writes: OUTDIR checked before anything is written (no link to follow, no input
inside it, no submission of a folder given left out), and each submission's work folder moved into
place, replacing jjind's own files only (`outputs.publish_folder`)."""

from __future__ import annotations

import os
from pathlib import Path

from jjindicators.batch_cache import CACHE_NAME, WRITTEN_FILES
from jjindicators.errors import OutputError, UsageError
from jjindicators.i18n import translate
from jjindicators.outputs import (
    BATCH_SUMMARY,
    COMPARISON_FILES,
    SERIES_FILE,
    check_links,
    publish_folder,
)
from jjindicators.read import files_of
from jjindicators.submissions import OUTPUT_FILES, OUTPUT_MARKS

SUMMARY_NAME = BATCH_SUMMARY
# The files batch writes into a submission's folder; only these are ever replaced or removed.
OWN_FILES = WRITTEN_FILES | {CACHE_NAME}


def check_outdir(out: Path, paths: list[Path], lang: str) -> None:
    """Refuse an OUTDIR with a symbolic link where the batch writes (a folder, or one of its
    files: it never writes through a link, which could lead into the user's data), and one
    that holds a submission of a folder given, which the batch would leave out."""
    if not out.is_dir():
        return
    check_links(out, (SUMMARY_NAME, *COMPARISON_FILES, SERIES_FILE), folders=True, lang=lang)
    for sub in sorted(out.iterdir()):
        if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith("."):
            check_links(sub, OWN_FILES, lang=lang)
    if any((out / mark).exists() for mark in OUTPUT_MARKS):
        return
    parents = {p.resolve() for p in paths if p.is_dir()}
    files = [f.name for f in files_of(out) if f.name not in OUTPUT_FILES]
    if out.resolve().parent in parents and files:
        shown = ", ".join(files[:3]) + (", …" if len(files) > 3 else "")
        raise OutputError(
            translate("report.output_batch_in_submission", lang, folder=out, files=shown)
        )


def targets(out: Path) -> list[Path]:
    """The files of OUTDIR the batch may write that exist already: its summary and comparison,
    and jjind's own files in its folders."""
    found = [out / name for name in (SUMMARY_NAME, *COMPARISON_FILES, SERIES_FILE)]
    if out.is_dir():
        for sub in sorted(out.iterdir()):
            if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith("."):
                found += [sub / name for name in sorted(OWN_FILES)]
    return [path for path in found if path.exists()]


def check_paths(paths: list[Path], out: Path) -> None:
    """Refuse inputs inside OUTDIR (their folder could be written over) and a file as OUTDIR."""
    if not paths:
        raise UsageError("Give at least one submission: a workbook or a folder.")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file: -o takes a folder for the batch's reports.")
    root = out.resolve()
    for path in paths:
        resolved = path.resolve()
        if resolved == root or root in resolved.parents:
            raise UsageError(f"{path} is inside the output folder {out}: choose another -o.")


def move_into(source: Path, target: Path) -> None:
    """Put the work folder's files in `target`: the folder renamed whole when new, else its
    files replacing jjind's own files from an earlier run (and those this run did not write
    removed); other files in `target` are left alone (`outputs.publish_folder`)."""
    source.mkdir(exist_ok=True)
    own = OWN_FILES
    if (target / CACHE_NAME).is_dir():
        # A folder where the cache goes is not jjind's: it stays, and this folder has no cache
        # (a resume computes it again, saying why).
        (source / CACHE_NAME).unlink(missing_ok=True)
        own = OWN_FILES - {CACHE_NAME}
    publish_folder(source, target, own)


def move_own(source: Path, target: Path) -> None:
    """Move jjind's own files of an earlier run from `source` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(OWN_FILES):
        if (source / name).is_file():
            os.replace(source / name, target / name)
