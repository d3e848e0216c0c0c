"""Register episodes linked by a transfer, chained into one detention of the child (issue #16).

The Manual measures the time a *child* spends in detention, not the time in one place. An
episode that ends by `transfer` is followed by the episode of the same child admitted on the day
of the transfer or the day after, where the child can be followed (`docs/rules.md`, "Transfers"):
- in the same place (the same `child_ref` within a source always means the same child);
- in another place whose row says `transferred_from` = the first place, with the child_ref the
  child had there;
- anywhere, when child references are national (`child_ref_scope = national`).

A chain becomes one episode: admitted on its first admission, sentenced on its first sentence
date, released as its last episode was (date, type, aftercare), counted where its last episode
was (indicators 5, 6, 11) or where it was sentenced (`sentenced_*` columns, indicator 4); its
rows are all in the trace (`_members`). Episodes ending in a transfer that no episode follows
are counted, so that the durations can say they may be understated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TRANSFER = "transfer"
NEXT_DAYS = 1  # the next episode starts on the day of the transfer or the day after
# The columns a chain takes from the episode where it was sentenced (its last when never).
SENTENCED = ("source_id", "area", "place_type")


@dataclass(frozen=True)
class Chained:
    """The register with its chains joined: one row per detention, and how many episodes
    ending in a transfer could not be followed."""

    frame: pd.DataFrame
    unfollowed: pd.DataFrame  # the transfers no episode follows: their release and sentence dates


def links(frame: pd.DataFrame, national: bool) -> dict[int, int]:
    """Row position of each transfer → row position of the episode that follows it."""
    rows = frame.reset_index(drop=True).assign(_pos=np.arange(len(frame)))
    left = rows[(rows["release_type"] == TRANSFER) & rows["release_date"].notna()
                & rows["child_ref"].notna()]  # fmt: skip
    right = rows[rows["child_ref"].notna()]
    if not len(left) or not len(right):
        return {}
    a = left[["_pos", "source_id", "child_ref", "release_date"]]
    b = right[["_pos", "source_id", "child_ref", "admission_date", "_file", "_sheet", "_row"]]
    b = b.assign(transferred_from=right.get("transferred_from"))
    pairs = [a.merge(b, on=["source_id", "child_ref"], suffixes=("", "_next"))]  # same place
    if national:
        pairs.append(a.merge(b, on="child_ref", suffixes=("", "_next")).drop(
            columns=["source_id_next"]))  # fmt: skip
    from_ = b.dropna(subset=["transferred_from"]).rename(columns={"source_id": "_to"})
    pairs.append(
        a.merge(
            from_,
            left_on=["source_id", "child_ref"],
            right_on=["transferred_from", "child_ref"],
            suffixes=("", "_next"),
        )
    )
    found = pd.concat([p[["_pos", "_pos_next", "release_date", "admission_date", "_file",
                          "_sheet", "_row"]] for p in pairs], ignore_index=True)  # fmt: skip
    gap = (found["admission_date"] - found["release_date"]).dt.days
    found = found[(gap >= 0) & (gap <= NEXT_DAYS) & (found["_pos"] != found["_pos_next"])]
    # The earliest next episode (then the first in the files) follows; each follows one transfer.
    found = found.sort_values(["admission_date", "_file", "_sheet", "_row", "_pos"], kind="stable")
    found = found.drop_duplicates("_pos").drop_duplicates("_pos_next")
    return dict(zip(found["_pos"].tolist(), found["_pos_next"].tolist(), strict=True))


def chain(frame: pd.DataFrame, national: bool) -> Chained:
    """The register's episodes with each chain joined into one row (see the module's doc)."""
    following = links(frame, national)
    transfers = frame["release_type"].eq(TRANSFER) & frame["release_date"].notna()
    positions = np.flatnonzero(transfers.to_numpy())
    alone = [p for p in positions if p not in following]
    unfollowed = frame[["release_date", "sentence_date"]].iloc[alone]
    out = frame.reset_index(drop=True).copy()
    for column in SENTENCED:
        out[f"sentenced_{column}"] = out.get(column)
    out["_members"] = None
    if not following:
        return Chained(out, unfollowed)
    followed = set(following.values())
    drop: list[int] = []
    members: dict[int, tuple[tuple[object, ...], ...]] = {}
    for head in sorted(following):
        if head in followed:
            continue  # inside a chain, not its first episode
        path, seen = [head], {head}
        while (nxt := following.get(path[-1])) is not None and nxt not in seen:
            path.append(nxt)
            seen.add(nxt)
        _join(out, path)
        members[path[-1]] = tuple(_member(out, p) for p in path)
        drop += path[:-1]
    out["_members"] = pd.Series(members, dtype=object).reindex(out.index)
    return Chained(out.drop(index=drop).reset_index(drop=True), unfollowed)


def _join(out: pd.DataFrame, path: list[int]) -> None:
    """Write the chain `path` into its last row: the first admission, the first sentence date,
    the child's first date of birth and the age given at the first admission, and where the
    sentence was passed."""
    head, tail = path[0], path[-1]
    at = out.columns.get_loc
    out.iat[tail, at("admission_date")] = out.iat[head, at("admission_date")]
    sentenced = next((p for p in path if pd.notna(out.iat[p, at("sentence_date")])), None)
    if sentenced is not None:
        out.iat[tail, at("sentence_date")] = out.iat[sentenced, at("sentence_date")]
        for column in SENTENCED:
            if column in out:
                out.iat[tail, at(f"sentenced_{column}")] = out.iat[sentenced, at(column)]
    born = next((out.iat[p, at("date_of_birth")] for p in path
                 if pd.notna(out.iat[p, at("date_of_birth")])), pd.NaT)  # fmt: skip
    out.iat[tail, at("date_of_birth")] = born
    out.iat[tail, at("age")] = out.iat[head, at("age")]  # given on the first admission
    for column in ("sex", "child_ref"):
        out.iat[tail, at(column)] = out.iat[head, at(column)]


def _member(out: pd.DataFrame, p: int) -> tuple[object, ...]:
    """What the trace shows of one episode of a chain: file, sheet, row, source and child_ref."""
    return tuple(out.iat[p, out.columns.get_loc(c)]
                 for c in ("_file", "_sheet", "_row", "source_id", "child_ref"))  # fmt: skip


def explode(units: pd.DataFrame) -> pd.DataFrame:
    """Units with one row per episode of each chain (the trace of a chain is all its rows)."""
    if "_members" not in units or not units["_members"].notna().any():
        return units
    rows = units.assign(_members=[m if isinstance(m, tuple) else None for m in units["_members"]])
    rows = rows.explode("_members", ignore_index=True)
    chained = rows["_members"].notna()
    for i, column in enumerate(("_file", "_sheet", "_row", "source_id", "child_ref")):
        rows.loc[chained, column] = [m[i] for m in rows.loc[chained, "_members"]]
    return rows
