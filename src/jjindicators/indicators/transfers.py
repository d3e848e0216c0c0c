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
from typing import Any

import numpy as np
import pandas as pd

TRANSFER = "transfer"
NEXT_DAYS = 1  # the next episode starts on the day of the transfer or the day after
# The columns a chain takes from the episode where it was sentenced (its last when never).
SENTENCED = ("source_id", "area", "place_type")
# What the trace shows of each episode of a chain (`explode`).
MEMBER = ("_file", "_sheet", "_row", "source_id", "child_ref")


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
    alone = [int(p) for p in positions if p not in following]
    unfollowed = frame[["release_date", "sentence_date"]].iloc[alone]
    out = frame.reset_index(drop=True).copy()
    for column in SENTENCED:
        out[f"sentenced_{column}"] = out.get(column)
    out["_members"] = None
    if not following:
        return Chained(out, unfollowed)
    steps = _steps(following, len(out))
    # Every episode of a chain, in order, for the trace (written on its last row).
    places = list(zip(*(out[c].tolist() for c in MEMBER), strict=True))
    _join(out, steps)
    members: dict[int, list[tuple[object, ...]]] = {}
    for head, pos in zip(steps["head"].tolist(), steps["pos"].tolist(), strict=True):
        members.setdefault(head, []).append(places[pos])
    tails = steps.groupby("head", sort=False)["pos"].last()
    out.loc[tails.to_numpy(), "_members"] = pd.Series(
        [tuple(members[h]) for h in tails.index], index=tails.to_numpy(), dtype=object
    )
    drop = steps.loc[~steps["pos"].isin(tails), "pos"].to_numpy()
    return Chained(out.drop(index=list(drop)).reset_index(drop=True), unfollowed)


def _steps(following: dict[int, int], size: int) -> pd.DataFrame:
    """Each chain's episodes in order: `head` (its first episode), `depth` and `pos`. A chain
    starts at an episode no transfer leads to, so a loop of references is never followed."""
    nxt = np.full(size, -1)
    nxt[list(following)] = list(following.values())
    led_to = np.zeros(size, dtype=bool)
    led_to[list(following.values())] = True
    heads = np.flatnonzero((nxt >= 0) & ~led_to)
    found, current, owner, depth = [], heads, heads, 0
    while len(current) and depth <= size:
        found.append(pd.DataFrame({"head": owner, "depth": depth, "pos": current}))
        step = nxt[current]
        keep = step >= 0
        current, owner, depth = step[keep], owner[keep], depth + 1
    return pd.concat(found, ignore_index=True).sort_values(["head", "depth"], kind="stable")


def _join(out: pd.DataFrame, steps: pd.DataFrame) -> None:
    """Write each chain into its last row: the first admission, the first sentence date and
    where it was passed, the child's first date of birth, and the sex, child_ref and age given
    at the first admission."""
    by_head = steps.groupby("head", sort=False)
    tail = by_head["pos"].last()
    head = tail.index.to_numpy()
    at = tail.to_numpy()
    for column in ("admission_date", "sex", "child_ref", "age"):
        out.loc[at, column] = out[column].to_numpy()[head]
    first = _first_given(out, steps, "date_of_birth")
    out.loc[at, "date_of_birth"] = first.reindex(head).to_numpy()
    given = steps[out["sentence_date"].iloc[steps["pos"].to_numpy()].notna().to_numpy()]
    sentenced = given.drop_duplicates("head").set_index("head")["pos"]  # the first sentence
    where = tail.loc[sentenced.index].to_numpy()
    out.loc[where, "sentence_date"] = out["sentence_date"].to_numpy()[sentenced.to_numpy()]
    for column in SENTENCED:
        if column in out:
            values = out[column].to_numpy()[sentenced.to_numpy()]
            out.loc[where, f"sentenced_{column}"] = values


def _first_given(out: pd.DataFrame, steps: pd.DataFrame, column: str) -> pd.Series:
    """Each chain's first value of `column` that is not blank, by head."""
    values = out[column].to_numpy()[steps["pos"].to_numpy()]
    return pd.Series(values, index=steps["head"].to_numpy()).groupby(level=0).first()


def explode(units: pd.DataFrame) -> pd.DataFrame:
    """Units with one row per episode of each chain (the trace of a chain is all its rows)."""
    if "_members" not in units or not units["_members"].notna().any():
        return units
    members: list[Any] = [m if isinstance(m, tuple) else None for m in units["_members"]]
    rows = units.assign(_members=members)
    rows = rows.explode("_members", ignore_index=True)
    chained = rows["_members"].notna()
    for i, column in enumerate(MEMBER):
        rows.loc[chained, column] = [m[i] for m in rows.loc[chained, "_members"]]
    return rows
