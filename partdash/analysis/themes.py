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
