"""How long initiatives last and how many run at once.

Durations follow SPEC 5 (months = days / 30.44, both dates known, permanent bodies
excluded; see ``loader``). Histogram bins include their lower edge and exclude their
upper one: [0, 6), [6, 12), [12, 24), [24, 36), [36, ∞), so 6.0 months is in "6-12".

Activity per month: an initiative is active from its start month to its end month,
both included. With no end date it is active until the current month, unless its
status is completed, in which case only its start month counts (we know it ended, not
when). It always counts in its start month, even when that lies in the future.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from partdash.analysis.aggregates import UNKNOWN
from partdash.inventory.vocab import VOCABULARIES

BIN_EDGES = (0.0, 6.0, 12.0, 24.0, 36.0, float("inf"))
BINS = ("0-6", "6-12", "12-24", "24-36", "36+")


def duration_bins(months: pd.Series) -> pd.Series:
    """The bin of each duration in months (NaN where unknown or negative)."""
    values = pd.to_numeric(months, errors="coerce").astype(float)
    return pd.cut(values, bins=list(BIN_EDGES), right=False, labels=list(BINS))


def duration_histogram(df: pd.DataFrame, split: str) -> pd.DataFrame:
    """Initiatives with a duration per bin (rows, every bin) and code of the single-valued
    ``split`` (columns, vocabulary order, then ``UNKNOWN`` for an empty ``split``)."""
    assert not VOCABULARIES[split].multi
    columns = [*VOCABULARIES[split].codes, UNKNOWN]
    frame = pd.DataFrame(
        {"bin": duration_bins(df["duration_months"]), "split": df[split].astype(object).fillna(UNKNOWN)}
    ).dropna(subset=["bin"])
    table = pd.crosstab(frame["bin"], frame["split"]) if len(frame) else pd.DataFrame()
    return table.reindex(index=list(BINS), columns=columns, fill_value=0).fillna(0).astype(int)


def _month_number(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype=float)


def active_per_month(df: pd.DataFrame, today: date) -> pd.DataFrame:
    """Initiatives active in each month (columns ``month``, first day of the month, and
    ``active``) from the earliest start to the latest month any initiative is active."""
    dated = df[df["start_date"].notna()]
    if dated.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "active": pd.Series(dtype=int)})
    start = _month_number(dated["start_date"])
    end = _month_number(dated["end_date"])
    now = today.year * 12 + today.month - 1
    completed = dated["status"].fillna("").eq("completed").to_numpy()
    open_end = np.where(completed, start, np.maximum(start, now))
    end = np.where(np.isnan(end), open_end, np.maximum(end, start)).astype(int)
    start = start.astype(int)
    first, last = int(start.min()), int(end.max())
    change = np.zeros(last - first + 2, dtype=int)
    np.add.at(change, start - first, 1)
    np.add.at(change, end - first + 1, -1)
    months = np.arange(first, last + 1)
    index = pd.to_datetime({"year": months // 12, "month": months % 12 + 1, "day": 1})
    return pd.DataFrame({"month": index, "active": np.cumsum(change)[:-1]})
