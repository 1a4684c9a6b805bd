"""Theme figures: how often each theme comes up, when, by whom, and alongside which others.

An initiative may have several themes and counts once under each of them, so theme
shares are over all initiatives and add up past 100 % (SPEC 5, theme share). The
figures here say by how much, so that the charts can tell their readers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partdash.analysis.aggregates import codes_per_row, counts_by_year, initiatives_per_year
from partdash.inventory.vocab import VOCABULARIES

CODES = VOCABULARIES["themes"].codes
# The trend view's periods until the user chooses: before and during the years the published analysis counts.
DEFAULT_PERIODS = ((2017, 2018), (2019, 2023))


def multi_theme(df: pd.DataFrame) -> dict[str, int | float | None]:
    """How many initiatives have several themes, and what the theme shares add up to."""
    per_row = codes_per_row(df, "themes")
    return {
        "initiatives": len(df),
        "several": int((per_row > 1).sum()),
        "share_sum": float(per_row.sum()) / len(df) if len(df) else None,
    }


def shares_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """Share of each start year's initiatives having each theme (years as rows); a year with
    no initiative has no share (NaN), not 0."""
    counts = counts_by_year(df, "themes")
    totals = initiatives_per_year(df)
    return counts.div(totals.where(totals > 0), axis=0)


def co_occurrence(df: pd.DataFrame) -> pd.DataFrame:
    """Theme x theme: initiatives having both themes; the diagonal holds the initiatives
    having that theme. Symmetric, every theme in vocabulary order."""
    exploded = df["themes"].reset_index(drop=True).explode()
    column = pd.Categorical(exploded, categories=list(CODES)).codes
    known = column >= 0
    onehot = np.zeros((len(df), len(CODES)))  # float: the product runs in BLAS, exact for counts
    onehot[exploded.index.to_numpy()[known], column[known]] = 1.0
    return pd.DataFrame((onehot.T @ onehot).round().astype(int), index=list(CODES), columns=list(CODES))


def period_trend(df: pd.DataFrame, first: tuple[int, int], second: tuple[int, int]) -> pd.DataFrame:
    """Per theme, initiatives started in each of two periods (years inclusive): count, the
    period's initiatives (the denominator) and share, with the change in share from the first
    to the second; themes seen in neither period are left out, the largest rise first."""
    out = pd.DataFrame({"code": list(CODES)})
    for suffix, (low, high) in (("a", first), ("b", second)):
        rows = df.loc[df["start_year"].between(low, high).to_numpy(bool), "themes"]
        counts = rows.explode().value_counts().reindex(list(CODES), fill_value=0).astype(int)
        out[f"count_{suffix}"] = counts.to_numpy()
        out[f"n_{suffix}"] = len(rows)
        out[f"share_{suffix}"] = counts.to_numpy() / len(rows) if len(rows) else np.nan
    out["change"] = out["share_b"] - out["share_a"]
    seen = out[(out["count_a"] + out["count_b"]) > 0]
    return seen.sort_values(["change", "count_b"], ascending=False, na_position="last", kind="stable").reset_index(
        drop=True
    )


def period_sizes(df: pd.DataFrame, *periods: tuple[int, int]) -> list[int]:
    """Initiatives started in each period (years inclusive)."""
    years = df["start_year"]
    return [int(years.between(low, high).sum()) for low, high in periods]


def clamp_period(period: tuple[int, int], low: int, high: int) -> tuple[int, int]:
    """``period`` within the years ``low``..``high`` (a period wholly outside shrinks to the nearest year)."""
    first = min(max(period[0], low), high)
    return first, min(max(period[1], first), high)


def parse_periods(text: str | None, low: int, high: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Two periods written "2017-2018,2019-2023", if that is what ``text`` holds within ``low``..``high``."""
    try:
        periods = tuple(tuple(int(y) for y in part.split("-")) for part in (text or "").split(","))
    except ValueError:
        return None
    if len(periods) != 2 or any(len(p) != 2 or not low <= p[0] <= p[1] <= high for p in periods):
        return None
    return periods  # type: ignore[return-value]


def periods_text(periods: tuple[tuple[int, int], tuple[int, int]]) -> str:
    return ",".join(f"{first}-{last}" for first, last in periods)
