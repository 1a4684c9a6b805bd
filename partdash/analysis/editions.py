"""What changed between two editions of the inventory, matched on ``id``.

Both editions are compared after the loader's canonicalisation: a cell still holding
text (a frame read from a database or a raw file) goes through the same cell parser as
on import, so a label and its code are one value, and a multi-valued field is compared
as a set, so a reordered list is no change. The derived columns the loader adds
(source row, start year, duration, location kind) are not fields of the record.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from partdash.inventory.parsing import parser_for
from partdash.inventory.schema import COLUMN_ORDER, FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES
from partdash.memo import memoised

COMPARED_FIELDS = tuple(f for f in COLUMN_ORDER if f != "id")
MULTI_KINDS = ("codes", "nis", "mdrc")
STATUS_ORDER = VOCABULARIES["status"].codes  # planned, ongoing, completed
UNKNOWN = "unknown"
REGION_WIDE = "region_wide"
CHANGE_COLUMNS = ["id", "field", "old", "new"]
MOVE_COLUMNS = ["id", "field", "old", "new", "organiser_level", "commune"]


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def canonical_value(field: str, value):
    """One cell as a plain, comparable value: None for unknown, a sorted tuple for a
    multi-valued field, an ISO date, yes/no as a bool, a whole number as an int."""
    kind = FIELD_BY_NAME[field].kind
    if isinstance(value, str):
        value = parser_for(field, kind)(value.strip()).value
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(sorted({str(v) if kind != "mdrc" else int(v) for v in value})) or None
    if _missing(value):
        return None
    if kind == "date":
        dated = isinstance(value, (date, datetime, pd.Timestamp, np.datetime64))
        return pd.Timestamp(value).date().isoformat() if dated else None
    if kind == "yes_no":
        return bool(value)
    if isinstance(value, numbers.Number) and not isinstance(value, (bool, np.bool_)):  # Decimal from a database too
        number = float(value)
        return int(number) if number.is_integer() else number
    return str(value)


def display_value(value) -> str | int | float | None:
    """A canonical value as JSON and a table cell hold it: lists ";"-joined, yes/no as words."""
    if isinstance(value, tuple):
        return ";".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _canonical_column(field: str, values: list) -> np.ndarray:
    """``canonical_value`` once per distinct cell: a column repeats few values."""
    memo: dict = {}
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        try:
            out[i] = memo[value] if value in memo else memo.setdefault(value, canonical_value(field, value))
        except TypeError:  # an unhashable cell (a list from a GeoJSON or a database)
            out[i] = canonical_value(field, value)
    return out


def _canonical_frame(df: pd.DataFrame) -> pd.DataFrame:
    index = pd.Index(df["id"].astype(str).str.strip())
    columns = {}
    for field in COMPARED_FIELDS:
        values = df[field].tolist() if field in df else [None] * len(df)
        columns[field] = _canonical_column(field, values)
    return pd.DataFrame(columns, index=index, dtype=object)


def _answer(value) -> str:
    return UNKNOWN if value is None else ("yes" if value else "no")


@dataclass
class EditionDiff:
    added: list[str]
    removed: list[str]
    changed: list[str]
    field_changes: pd.DataFrame  # id, field, old, new (display values)
    moves: pd.DataFrame  # status and follow-up transitions of matched ids, with organiser level and commune

    def transitions(self, kind: str) -> pd.DataFrame:
        """Counts of old → new for ``status`` or ``followup`` moves (one row per pair)."""
        fields = ["status"] if kind == "status" else list(FOLLOWUP_FIELDS)
        moves = self.moves[self.moves["field"].isin(fields)].drop_duplicates(["id", "field"])
        keys = ["old", "new"] if kind == "status" else ["field", "old", "new"]
        counts = moves.groupby(keys).size().rename("count").reset_index()
        return counts.sort_values(keys, key=_transition_order).reset_index(drop=True)

    @memoised
    def moves_by(self, kind: str, by: str) -> pd.DataFrame:
        """Counts of moves per ``organiser_level`` or ``commune`` (an initiative counts once
        per commune it lists in the new edition; region-wide ones under ``region_wide``)."""
        fields = ["status"] if kind == "status" else list(FOLLOWUP_FIELDS)
        moves = self.moves[self.moves["field"].isin(fields)]
        if by != "commune":
            moves = moves.drop_duplicates(["id", "field"])
        moves = moves.assign(move=moves["old"] + " → " + moves["new"])
        return moves.groupby([by, "move"]).size().rename("count").reset_index()

    def to_json(self) -> dict:
        records = self.field_changes.astype(object).where(self.field_changes.notna(), None)
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "field_changes": records.to_dict("records"),
            "status_moves": [
                {"from": r.old, "to": r.new, "count": int(r.count)} for r in self.transitions("status").itertuples()
            ],
            "followup_progress": [
                {"field": r.field, "from": r.old, "to": r.new, "count": int(r.count)}
                for r in self.transitions("followup").itertuples()
            ],
        }


def _transition_order(column: pd.Series) -> pd.Series:
    rank = {code: i for i, code in enumerate((*STATUS_ORDER, UNKNOWN, "no", "yes"))}
    rank.update({f: i for i, f in enumerate(FOLLOWUP_FIELDS)})
    return column.map(lambda v: rank.get(v, len(rank)))


def _duplicate_ids(df: pd.DataFrame) -> pd.Series:
    return df["id"].astype(str).str.strip().duplicated()


def compare(old: pd.DataFrame, new: pd.DataFrame) -> EditionDiff:
    """The difference from ``old`` to ``new``: ids added, removed, changed, every changed
    field (old → new), and the status and follow-up moves of initiatives in both."""
    before = _canonical_frame(old[~_duplicate_ids(old)])
    after = _canonical_frame(new[~_duplicate_ids(new)])
    added = [i for i in after.index if i not in before.index]
    removed = [i for i in before.index if i not in after.index]
    both = [i for i in after.index if i in before.index]
    a, b = before.reindex(both), after.reindex(both)
    parts = []
    for order, field in enumerate(COMPARED_FIELDS):
        was, now = a[field].to_numpy(), b[field].to_numpy()
        differs = np.fromiter((x != y for x, y in zip(was, now, strict=True)), dtype=bool, count=len(both))
        rows = np.flatnonzero(differs)
        parts.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "order": order,
                    "id": np.asarray(both, dtype=object)[rows],
                    "field": field,
                    "old": was[rows],
                    "new": now[rows],
                }
            )
        )
    changes = pd.concat(parts, ignore_index=True).sort_values(["row", "order"], kind="stable")[CHANGE_COLUMNS]
    changes = changes.reset_index(drop=True)
    changed = list(dict.fromkeys(changes["id"]))
    field_changes = changes.assign(old=changes["old"].map(display_value), new=changes["new"].map(display_value))
    return EditionDiff(added, removed, changed, field_changes, _moves(changes, b))


def _moves(changes: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    moves = changes[changes["field"].isin(("status", *FOLLOWUP_FIELDS))].copy()
    followup = moves["field"] != "status"
    moves.loc[followup, "old"] = moves.loc[followup, "old"].map(_answer)
    moves.loc[followup, "new"] = moves.loc[followup, "new"].map(_answer)
    moves.loc[~followup, "old"] = moves.loc[~followup, "old"].fillna(UNKNOWN)
    moves.loc[~followup, "new"] = moves.loc[~followup, "new"].fillna(UNKNOWN)
    moves["organiser_level"] = moves["id"].map(after["organiser_level"]).fillna(UNKNOWN)
    moves["commune"] = moves["id"].map(lambda i: list(after.at[i, "communes"] or (REGION_WIDE,)))
    return moves.explode("commune").reset_index(drop=True)[MOVE_COLUMNS]


@memoised
def edition_date(df: pd.DataFrame) -> pd.Timestamp | None:
    """When an edition stands: its latest ``updated``, else its latest start date."""
    for column in ("updated", "start_date"):
        if column in df and df[column].notna().any():
            return pd.Timestamp(df[column].max())
    return None


def in_order(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether ``a`` is the older edition of the two (ties: ``a`` first)."""
    da, db = edition_date(a), edition_date(b)
    return da is None or db is None or da <= db
