"""Counts and cross-tabulations shared by several pages, all from the (filtered) rows.

Multi-valued fields count an initiative once per code it has; single-valued fields
once. Results keep every vocabulary code in order (zeros included) so charts are
stable from one filter to the next.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partdash.i18n import format_number, translate
from partdash.inventory.vocab import VOCABULARIES

# The pseudo-code of an empty field in count tables; no vocabulary uses it.
UNKNOWN = "unknown"
# The small-count rule: a share computed on fewer known values than this is shown as its
# count ("2 of 2"), drawn apart, and left out of rankings and medians. The catalogue's
# "charts.small_rule" says it to users, the README to readers of the code.
MIN_KNOWN = 5


def small_text(count, total, lang: str) -> str:
    """A share under the small-count rule, written as its count: "2 of 2"."""
    return translate("charts.small_share", lang, count=format_number(count, lang), total=format_number(total, lang))


def is_small(known) -> np.ndarray | bool:
    """Whether a share over ``known`` values (a number or an array) falls under the small-count rule."""
    return np.asarray(known) < MIN_KNOWN if np.ndim(known) else bool(known < MIN_KNOWN)


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


def initiatives_per_year(df: pd.DataFrame) -> pd.Series:
    """Initiatives per start year, every year in range: the denominators of ``counts_by_year``."""
    years = df["start_year"].dropna().astype(int)
    if years.empty:
        return pd.Series(dtype=int)
    return years.value_counts().reindex(range(int(years.min()), int(years.max()) + 1), fill_value=0).astype(int)


def codes_per_row(df: pd.DataFrame, field: str) -> np.ndarray:
    """How many codes each row has in the multi-valued ``field`` (``map(len)`` is ten times slower)."""
    return np.fromiter(map(len, df[field].to_numpy()), dtype=np.int64, count=len(df))


def known_mask(df: pd.DataFrame, field: str) -> np.ndarray:
    """Whether ``field`` is filled in, per row: an empty multi-valued cell is unknown, not "none"."""
    if VOCABULARIES[field].multi:
        return codes_per_row(df, field) > 0
    return df[field].notna().to_numpy(bool)


def share_table(df: pd.DataFrame, field: str, over_known: bool = False, with_unknown: bool = False) -> pd.DataFrame:
    """Per code: count, denominator and share. The denominator is every initiative for a
    multi-valued field (shares may add past 100 %), unless ``over_known``, and the known
    ones for a single-valued one. ``with_unknown`` appends an ``UNKNOWN`` row counting the
    initiatives where the field is empty, over every initiative, so that unknowns are shown
    beside the codes and never folded into them."""
    vocab = VOCABULARIES[field]
    known = int(known_mask(df, field).sum())
    counts = (df[field].explode() if vocab.multi else df[field]).value_counts()
    denominator = len(df) if vocab.multi and not over_known else known
    counts = counts.reindex(list(vocab.codes), fill_value=0).astype(int)
    shares = counts / denominator if denominator else counts * float("nan")
    table = pd.DataFrame(
        {"code": counts.index, "count": counts.to_numpy(), "denominator": denominator, "share": shares.to_numpy()}
    )
    if with_unknown:
        unknown = len(df) - known
        row = {
            "code": UNKNOWN,
            "count": unknown,
            "denominator": len(df),
            "share": unknown / len(df) if len(df) else float("nan"),
        }
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    return table


def group_shares(df: pd.DataFrame, field: str, by: str) -> pd.DataFrame:
    """Long table of ``field`` codes within each code of the single-valued ``by``: group,
    code, count, denominator, share. The denominator is the group's initiatives, only those
    where ``field`` is known for a single-valued field; every group and code is kept."""
    assert not VOCABULARIES[by].multi
    groups, codes = list(VOCABULARIES[by].codes), list(VOCABULARIES[field].codes)
    pairs = df[[by, field]].dropna(subset=[by])
    sized = pairs if VOCABULARIES[field].multi else pairs[pairs[field].notna()]
    if VOCABULARIES[field].multi:
        pairs = pairs.explode(field)
    pairs = pairs.dropna(subset=[field])
    counts = pd.crosstab(pairs[by], pairs[field]) if len(pairs) else pd.DataFrame()
    counts = counts.reindex(index=groups, columns=codes, fill_value=0).fillna(0).astype(int)
    sizes = sized[by].value_counts().reindex(groups, fill_value=0).astype(int)
    table = counts.stack().rename("count").rename_axis(["group", "code"]).reset_index()
    table["denominator"] = table["group"].map(sizes).astype(int)
    table["share"] = table["count"] / table["denominator"].where(table["denominator"] > 0)
    return table
