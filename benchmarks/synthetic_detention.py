"""The synthetic country's places of detention: register episodes, the census and deaths."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from synthetic import (
    CENSUS,
    DETENTION_AGES,
    PERIOD_END,
    PERIOD_START,
    SENTENCE_MONTHS,
    SEX,
    blank,
    born_at,
    days,
    finish,
    people,
    pick,
    refs,
    uniform_days,
    weighted_sources,
)


def _months(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.round(pick(rng, SENTENCE_MONTHS, n).astype(float) * 30.44).astype(int)


def detention(
    rng: np.random.Generator, n_register: int, n_census: int, n_deaths: int, sources: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The register's episodes; the census lists those still open; deaths mirror `death` rows.

    Open episodes (as many as census rows) were admitted before the census date and have no
    release; every place gets at least one. Closed ones were released during the period.
    """
    places = sources[sources["source_type"] == "place_of_detention"]
    ids = places["source_id"].to_numpy()
    kind = dict(zip(ids, places["place_type"], strict=True))
    boost = places["place_type"].map({"police_lockup": 2.0, "pre_trial_centre": 1.5,
                                      "juvenile_institution": 1.5, "adult_prison": 0.7,
                                      "other": 0.3}).to_numpy()  # fmt: skip
    n_closed = n_register - n_census
    place = weighted_sources(rng, ids, n_register, 0.5, boost)
    place[n_closed : n_closed + len(ids)] = ids[:n_census]  # every place sends a census
    lockup = np.array([kind[p] == "police_lockup" for p in place])
    pre = np.maximum(1, np.round(rng.lognormal(math.log(30), 0.9, n_register))).astype(int)
    pre[lockup] = rng.integers(1, 4, size=int(lockup.sum()))
    sentence = _months(rng, n_register)
    sentenced = (rng.random(n_register) < 0.45) & ~lockup

    # Closed episodes: released during the period, by one of the release types.
    c = slice(0, n_closed)
    how = pick(rng, {"released_before_sentence": 52, "sentenced": 33, "transfer": 12,
                      "escape": 1, "other": 2}, n_closed)  # fmt: skip
    how[lockup[c] & (how == "sentenced")] = "released_before_sentence"
    how[rng.choice(n_closed, size=n_deaths, replace=False)] = "death"
    with_sentence = (how == "sentenced") | ((how == "transfer") & (rng.random(n_closed) < 0.3))
    served = np.where(how == "sentenced", sentence[c], 0)
    release_type = how.copy()
    kinds = pick(rng, {"end_of_sentence": 67, "early_release": 30, "escape": 1.5, "other": 1.5},
                  n_closed)  # fmt: skip
    release_type[how == "sentenced"] = kinds[how == "sentenced"]
    share = np.select([kinds == "end_of_sentence", kinds == "early_release"],
                      [1.0, rng.uniform(0.5, 0.8, n_closed)], rng.random(n_closed))  # fmt: skip
    served = np.round(served * share).astype(int)
    transfer_served = np.where(with_sentence & (how == "transfer"), sentence[c] // 3, 0)
    served = served + transfer_served
    release = uniform_days(rng, PERIOD_START, PERIOD_END, n_closed)
    admission_c = release - (pre[c] + served).astype("timedelta64[D]")
    aftercare = np.where(np.isin(release_type, ["transfer", "death", "escape"]), None,
                         pick(rng, {"yes": 55, "no": 35, "unknown": 10}, n_closed))  # fmt: skip

    # Open episodes: held on the census date, some of them already sentenced.
    o = slice(n_closed, n_register)
    served_o = np.floor(rng.random(n_census) * sentence[o]).astype(int)
    elapsed = pre[o] + np.where(sentenced[o], served_o, 0)
    admission_o = days(CENSUS) - elapsed.astype("timedelta64[D]")
    born_o = born_at(rng, np.full(n_census, days(CENSUS)), DETENTION_AGES)

    admission = np.concatenate([admission_c, admission_o])
    born = np.concatenate([born_at(rng, admission_c, DETENTION_AGES), born_o])
    has_sentence = np.concatenate([with_sentence, sentenced[o]])
    sentence_date = np.where(has_sentence, admission + pre.astype("timedelta64[D]"),
                             np.datetime64("NaT"))  # fmt: skip
    nat = np.full(n_census, np.datetime64("NaT"), dtype="datetime64[D]")
    sex = pick(rng, SEX, n_register)
    register = pd.DataFrame({
        "source_id": place, **people(rng, admission, born, sex), "admission_date": admission,
        "sentence_date": sentence_date, "release_date": np.concatenate([release, nat]),
        "release_type": np.concatenate([release_type, np.full(n_census, None)]),
        "aftercare": np.concatenate([aftercare, np.full(n_census, None)]),
        "_open": np.arange(n_register) >= n_closed, "_born": born,
    }).sort_values(["source_id", "admission_date"], kind="stable")  # fmt: skip
    for name in ("admission_date", "sentence_date", "release_date"):
        register[name] = register[name].astype("datetime64[s]")
    register["child_ref"] = refs(register, "admission_date", "{s}-{y}-{n:05d}")

    held = register[register["_open"]]
    adults = held["source_id"].map(dict(zip(ids, places["holds_adults"], strict=True)))
    m = len(held)
    separated = np.where(adults == "no", "yes",
                         pick(rng, {"yes": 45, "no": 45, "unknown": 10}, m))  # fmt: skip
    census = pd.DataFrame({
        "source_id": held["source_id"], "child_ref": held["child_ref"],
        **people(rng, np.full(m, days(CENSUS)), held["_born"].to_numpy(), held["sex"].to_numpy()),
        "admission_date": held["admission_date"], "sentence_date": held["sentence_date"],
        "legal_status": np.where(held["sentence_date"].notna(), "sentenced", "pre_sentence"),
        "detention_basis": blank(rng, pick(rng, {"criminal": 95, "administrative": 4,
                                                    "other": 1}, m), 0.4),
        "separated_from_adults": separated,
        "family_contact_3_months": pick(rng, {"yes": 60, "no": 33, "unknown": 7}, m),
    })  # fmt: skip

    died = register[register["release_type"] == "death"]
    k = len(died)
    on = died["release_date"].to_numpy().astype("datetime64[D]")
    deaths = pd.DataFrame({
        "source_id": died["source_id"], "child_ref": died["child_ref"],
        **people(rng, on, died["_born"].to_numpy(), died["sex"].to_numpy()),
        "date_of_death": on,
        "legal_status": blank(rng, np.where(died["sentence_date"].notna(), "sentenced",
                                             "pre_sentence"), 0.1),
        "cause": blank(rng, pick(rng, {"illness": 35, "suicide": 25, "violence": 15,
                                          "accident": 10, "other": 5, "unknown": 10}, k), 0.1),
    })  # fmt: skip
    # Some places note where a child came from (drawn last: the other columns stay as they were).
    moved = rng.random(len(register)) < 0.05
    register["transferred_from"] = np.where(moved, rng.choice(ids, len(register)), None)
    return {
        "detention_census": finish("detention_census", census.to_dict("series"), []),
        "detention_register": finish("detention_register", register.to_dict("series"), []),
        "deaths": finish("deaths", deaths.to_dict("series"), ["source_id", "date_of_death"]),
    }
