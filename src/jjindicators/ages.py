"""Ages in completed years: the one rule that validation (age and date of birth agree) and the
indicators (age on the date a form counts) both follow (`docs/rules.md`, "Ages")."""

from __future__ import annotations

import pandas as pd


def completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Completed years of age between two date columns (NaN where either is missing).

    >>> born = pd.Series(pd.to_datetime(["2010-06-15", "2010-06-15"]))
    >>> completed_years(born, pd.Series(pd.to_datetime(["2025-06-14", "2025-06-15"]))).tolist()
    [14, 15]
    """
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day)
    )
    return years - before_birthday.astype(int)
