"""How participation is organised: the ladder of participation, who takes part and how.

The participation level is read as a ladder (information → consultation →
co-construction → co-decision), the order of its vocabulary. Selection, formats,
mobilisation and publics are multi-valued and often left empty, so their shares are
over the initiatives where the field is filled in, with the empty ones counted apart:
an empty field says nothing, it is not a "no".
"""

from __future__ import annotations

import pandas as pd

from partdash.analysis.aggregates import UNKNOWN, group_shares, known_mask, share_table
from partdash.inventory.vocab import VOCABULARIES

# The ladder is the vocabulary's order; tables keep it, so nothing here sorts levels.
assert VOCABULARIES["participation_level"].ordered


def ladder(df: pd.DataFrame) -> pd.DataFrame:
    """Initiatives per participation level in ladder order, shares over the known ones,
    then the unknown count."""
    return share_table(df, "participation_level", with_unknown=True)


def ladder_by_level(df: pd.DataFrame) -> pd.DataFrame:
    """Participation level within each organiser level, shares over that level's
    initiatives with a known participation level."""
    return group_shares(df, "participation_level", "organiser_level")


def method_shares(df: pd.DataFrame, field: str) -> pd.DataFrame:
    """Share of the initiatives with ``field`` filled in that use each code, most frequent
    first ("other" last), then the unknown count."""
    table = share_table(df, field, over_known=True, with_unknown=True)
    codes = table[table["code"] != UNKNOWN]
    rank = codes.assign(_other=codes["code"].isin(["other"])).sort_values(
        ["_other", "count"], ascending=[True, False], kind="stable"
    )
    return pd.concat([rank.drop(columns="_other"), table[table["code"] == UNKNOWN]], ignore_index=True)


def sortition(df: pd.DataFrame) -> dict[str, int | float | None]:
    """Initiatives drawing participants by lot, over those with a known selection (SPEC 5)."""
    table = share_table(df, "selection", over_known=True).set_index("code")
    known = int(table["denominator"].iloc[0])
    count = int(table.loc["sortition", "count"])
    return {"count": count, "known": known, "share": count / known if known else None}


def coverage(df: pd.DataFrame, field: str) -> dict[str, int]:
    """Initiatives where ``field`` is filled in, where it is not, and in all."""
    known = int(known_mask(df, field).sum())
    return {"known": known, "unknown": len(df) - known, "total": len(df)}
