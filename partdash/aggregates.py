"""Counts and cross-tabulations shared by several pages, all from the (filtered) rows.

Multi-valued fields count an initiative once per code it has; single-valued fields
once. Results keep every vocabulary code in order (zeros included) so charts are
stable from one filter to the next.
"""

from __future__ import annotations

import pandas as pd

from partdash.vocab import VOCABULARIES


def long_codes(df: pd.DataFrame, field: str) -> pd.DataFrame:
    """One row per (initiative, code) of ``field``: the long table of a multi-valued field."""
    col = df[["id", field]]
    if VOCABULARIES[field].multi:
        col = col.explode(field)
    return col.dropna(subset=[field]).rename(columns={field: "code"})


def counts_by_year(df: pd.DataFrame, field: str) -> pd.DataFrame:
    """Initiatives per start year (rows) and code of ``field`` (columns), every year in range."""
    codes = list(VOCABULARIES[field].codes)
    years = df["start_year"].dropna()
    if years.empty:
        return pd.DataFrame(columns=codes, dtype=int)
    frame = df[["start_year", field]].dropna(subset=["start_year"])
    if VOCABULARIES[field].multi:
        frame = frame.explode(field)
    table = pd.crosstab(frame["start_year"].astype(int), frame[field]) if frame[field].notna().any() else pd.DataFrame()
    index = range(int(years.min()), int(years.max()) + 1)
    return table.reindex(index=index, columns=codes, fill_value=0).fillna(0).astype(int)


def share_table(df: pd.DataFrame, field: str) -> pd.DataFrame:
    """Per code: count, denominator and share. The denominator is every initiative for a
    multi-valued field (shares may add past 100 %), the known ones for a single-valued one."""
    vocab = VOCABULARIES[field]
    if vocab.multi:
        counts = df[field].explode().value_counts()
        denominator = len(df)
    else:
        counts = df[field].value_counts()
        denominator = int(df[field].notna().sum())
    counts = counts.reindex(list(vocab.codes), fill_value=0).astype(int)
    shares = counts / denominator if denominator else counts * float("nan")
    return pd.DataFrame({"code": counts.index, "count": counts.to_numpy(), "denominator": denominator, "share": shares.to_numpy()})
