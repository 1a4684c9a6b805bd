"""Data quality: which fields are filled, which records to look at and why, and a score
per organiser, so that the service knows whom to ask for what.

Everything rests on one definition, ``expected``: which optional fields a record is
expected to fill given what it is (a planned initiative has no participants yet, only a
completed one is expected to have an end date, only a neighbourhood one its quartiers).
Completeness is the share of expected cells that are filled, per field, per field group
and per organiser; the organiser's score is its completeness over every expected field.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
import pandas as pd

from partdash.inventory.schema import PROPOSAL_FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS, normalise_token

# Field groups of the heatmap and the to-do list, follow-up first (it is what the
# inventory is kept for: what became of each initiative).
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "followup": FOLLOWUP_FIELDS,
    "results": ("participants", *PROPOSAL_FIELDS[:1], "budget_eur"),
    "description": ("title_fr", "title_nl", "summary_fr", "summary_nl", "url"),
    "methods": ("selection", "formats", "mobilisation", "publics", "framework"),
    "place_time": ("quartiers", "end_date", "recurrence", "updated"),
}
EXPECTED_FIELDS = tuple(f for fields in FIELD_GROUPS.values() for f in fields)
# Expected only once the initiative started (and proposals only beyond mere information).
AFTER_START = ("results_published", "feedback_to_participants", "integrated_in_decision", "evaluation_done")
REASONS = (
    "followup_unknown",
    "no_end_date",
    "status_dates",
    "one_title",
    "approximate",
    "stale",
    "proposals",
    "duplicate",
)
DEFAULT_STALE_MONTHS = 12
ONE_OFF_OPEN_YEARS = 2
DUPLICATE_RATIO = 0.9
# Near-identical titles are compared within blocks sharing an end of the title (see duplicate_pairs).
BLOCK_CHARS = 12
PAIRWISE_LIMIT = 60


def filled(df: pd.DataFrame) -> pd.DataFrame:
    """True where a cell holds a value; an empty list is no value."""
    out = pd.DataFrame(index=df.index)
    for field in EXPECTED_FIELDS:
        series = df[field]
        if series.dtype == object and series.map(lambda v: isinstance(v, tuple)).any():
            out[field] = series.map(lambda v: isinstance(v, tuple) and len(v) > 0)
        else:
            out[field] = series.notna()
    return out.astype(bool)


def expected(df: pd.DataFrame) -> pd.DataFrame:
    """The one definition of what a record is expected to fill (see the module docstring)."""
    status = df["status"].astype("string")
    started = (status != "planned").fillna(True).to_numpy(bool)
    out = pd.DataFrame(True, index=df.index, columns=list(EXPECTED_FIELDS))
    for field in (*AFTER_START, "participants"):
        out[field] = started
    informing = (df["participation_level"].astype("string") == "information").fillna(False).to_numpy(bool)
    out["proposals_total"] = started & ~informing
    out["end_date"] = (status == "completed").fillna(False).to_numpy(bool)
    out["quartiers"] = (df["perimeter"].astype("string") == "neighbourhood").fillna(False).to_numpy(bool)
    return out


def completeness_by_field(df: pd.DataFrame) -> pd.DataFrame:
    """Per expected field (in group order): how many records expect it, how many fill it, the share."""
    exp, got = expected(df), filled(df)
    rows = []
    for group, fields in FIELD_GROUPS.items():
        for field in fields:
            n = int(exp[field].sum())
            k = int((exp[field] & got[field]).sum())
            rows.append((group, field, n, k, k / n if n else None))
    return pd.DataFrame(rows, columns=["group", "field", "expected", "filled", "share"])


def completeness_by_organiser(df: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Long table organiser × field group: cells expected (``known``), filled among them
    (``yes``) and the share, NaN where nothing is expected; organisers in ``order``."""
    exp, got = expected(df), filled(df)
    organiser = df["organiser"].astype(str).to_numpy()
    order = list(order) if order is not None else sorted(set(organiser))
    parts = []
    for group, fields in FIELD_GROUPS.items():
        n = exp[list(fields)].sum(axis=1).groupby(organiser).sum().reindex(order, fill_value=0)
        k = (exp & got)[list(fields)].sum(axis=1).groupby(organiser).sum().reindex(order, fill_value=0)
        parts.append(pd.DataFrame({"group": order, "field": group, "yes": k.to_numpy(), "known": n.to_numpy()}))
    long = pd.concat(parts, ignore_index=True)
    long["share"] = long["yes"] / long["known"].where(long["known"] > 0)
    rank = {o: i for i, o in enumerate(order)}
    return long.sort_values("group", key=lambda s: s.map(rank), kind="stable").reset_index(drop=True)


def organiser_scores(df: pd.DataFrame, flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each organiser's score (share of its expected fields filled), its record count and
    how many of its records are to look at (``flags`` from ``records_to_check``, computed
    with its defaults when not given); lowest score first."""
    exp, got = expected(df), filled(df)
    organiser = df["organiser"].astype(str).to_numpy()
    n = exp.sum(axis=1).groupby(organiser).sum()
    k = (exp & got).sum(axis=1).groupby(organiser).sum()
    flagged = records_to_check(df) if flags is None else flags
    to_check = flagged.drop_duplicates("id").groupby("organiser").size()
    out = pd.DataFrame(
        {
            "organiser": n.index,
            "records": df.groupby(organiser).size().reindex(n.index).to_numpy(),
            "expected": n.to_numpy(),
            "filled": k.to_numpy(),
            "score": (k / n.where(n > 0)).to_numpy(dtype=float),
            "to_check": to_check.reindex(n.index).fillna(0).astype(int).to_numpy(),
        }
    )
    return out.sort_values(["score", "organiser"], kind="stable").reset_index(drop=True)


def missing_cells(df: pd.DataFrame) -> pd.DataFrame:
    """True where a record is expected to fill a field and does not: the to-do cells."""
    return expected(df) & ~filled(df)


def _flag(df: pd.DataFrame, mask, reason: str, detail=None) -> pd.DataFrame:
    mask = np.asarray(mask, dtype=bool)
    rows = df.loc[mask, ["id", "organiser"]].astype(str)
    details = "" if detail is None else pd.Series(detail, index=df.index)[mask].astype(str)
    return rows.assign(reason=reason, detail=details)


def _status_contradicts(df: pd.DataFrame, now: pd.Timestamp) -> np.ndarray:
    status, start, end = df["status"].astype("string"), df["start_date"], df["end_date"]
    planned = (status == "planned") & (start <= now)
    ongoing = (status == "ongoing") & ((start > now) | (end < now))
    completed = (status == "completed") & ((start > now) | (end > now))
    return (planned | ongoing | completed).fillna(False).to_numpy(bool)


def _proposals_off(df: pd.DataFrame) -> np.ndarray:
    parts = df[list(PROPOSAL_FIELDS[1:])].astype("Float64")
    total = df["proposals_total"].astype("Float64")
    some_parts = parts.notna().any(axis=1)
    sum_parts = parts.sum(axis=1, min_count=1)
    off = (total.isna() & some_parts) | (total.notna() & some_parts & (sum_parts != total))
    return off.fillna(False).to_numpy(bool)


def _title(df: pd.DataFrame) -> pd.Series:
    return df["title_fr"].fillna(df["title_nl"]).fillna("").astype(str).map(normalise_token)


def duplicate_pairs(df: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of ids (first, second in file order) with the same organiser and start year
    and near-identical titles (difflib ratio ≥ ``DUPLICATE_RATIO`` once normalised).

    Titles equal once normalised always pair. Otherwise only titles sharing their first or
    their last ``BLOCK_CHARS`` characters are compared (a near-identical title differs in a
    few characters, so it keeps one end), and a block larger than ``PAIRWISE_LIMIT`` is
    left to the exact test: difflib on every pair would take minutes on a large inventory."""
    keys = pd.DataFrame({"id": df["id"].astype(str), "org": df["organiser"], "year": df["start_year"]})
    keys["title"] = _title(df).to_numpy()
    keys = keys[(keys["title"] != "") & keys["year"].notna()]
    group = [keys["org"].astype(str), keys["year"].astype(str)]
    first = keys.groupby([*group, keys["title"]], sort=False)["id"].transform("first")
    twins = keys["id"] != first
    pairs = dict.fromkeys(zip(first[twins], keys.loc[twins, "id"], strict=True))
    distinct = keys[~twins]
    position = {ident: i for i, ident in enumerate(keys["id"])}
    for end in (distinct["title"].str[:BLOCK_CHARS], distinct["title"].str[-BLOCK_CHARS:]):
        block = distinct["org"].astype(str) + "\0" + distinct["year"].astype(str) + "\0" + end
        size = block.map(block.value_counts())
        keep = ((size >= 2) & (size <= PAIRWISE_LIMIT)).to_numpy()
        rows = sorted(zip(block[keep], distinct.loc[keep, "title"], distinct.loc[keep, "id"], strict=True))
        for _, members in itertools.groupby(rows, key=lambda row: row[0]):
            members = list(members)
            for i, (_, title_i, id_i) in enumerate(members):
                for _, title_j, id_j in members[i + 1 :]:
                    if _similar(title_i, title_j):
                        pairs[tuple(sorted((id_i, id_j), key=position.get))] = None
    return list(pairs)


@lru_cache(maxsize=65_536)
def _letters(title: str) -> Counter:
    return Counter(title)


def _similar(a: str, b: str) -> bool:
    """difflib's ratio ≥ ``DUPLICATE_RATIO``, after its two cheap upper bounds (lengths,
    then shared letters), which rule out most pairs without building a matcher."""
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < DUPLICATE_RATIO * total:
        return False
    if 2 * sum((_letters(a) & _letters(b)).values()) < DUPLICATE_RATIO * total:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= DUPLICATE_RATIO


def records_to_check(
    df: pd.DataFrame, stale_months: int = DEFAULT_STALE_MONTHS, today: date | None = None
) -> pd.DataFrame:
    """One row per record and reason to look at it (``REASONS``), with a detail (the other
    id of a suspected duplicate, the fields that are unknown, the ISO date of the last update).
    Details are codes and ISO dates, as the JSON output keeps them; ``checks_table`` words them
    in the reader's language."""
    now = pd.Timestamp(today or date.today())
    status = df["status"].astype("string")
    completed = (status == "completed").fillna(False).to_numpy(bool)
    unknown = df[list(FOLLOWUP_FIELDS)].isna()
    one_off = (df["recurrence"].astype("string") == "one_off").fillna(False).to_numpy(bool)
    old_start = (df["start_date"] < now - pd.DateOffset(years=ONE_OFF_OPEN_YEARS)).fillna(False).to_numpy(bool)
    has_fr, has_nl = df["title_fr"].notna().to_numpy(bool), df["title_nl"].notna().to_numpy(bool)
    updated = df["updated"]
    stale = (updated.isna() | (updated < now - pd.DateOffset(months=stale_months))).to_numpy(bool)
    pairs = duplicate_pairs(df)
    twin: dict[str, str] = {}
    for a, b in pairs:
        twin.setdefault(a, b)
        twin.setdefault(b, a)
    ids = df["id"].astype(str)
    parts = [
        _flag(df, completed & unknown.any(axis=1).to_numpy(bool), "followup_unknown", _unknown_fields(unknown)),
        _flag(df, one_off & df["end_date"].isna().to_numpy(bool) & old_start, "no_end_date"),
        _flag(df, _status_contradicts(df, now), "status_dates", status.fillna("")),
        _flag(df, has_fr ^ has_nl, "one_title"),
        _flag(df, (df["location_kind"].astype("string") == "approximate").fillna(False), "approximate"),
        _flag(df, stale, "stale", updated.dt.strftime("%Y-%m-%d").fillna("")),
        _flag(df, _proposals_off(df), "proposals"),
        _flag(df, ids.isin(twin).to_numpy(bool), "duplicate", ids.map(lambda i: twin.get(i, ""))),
    ]
    out = pd.concat(parts, ignore_index=True)
    order = {r: i for i, r in enumerate(REASONS)}
    position = {ident: i for i, ident in enumerate(ids)}
    out["_pos"] = out["id"].map(position)
    out["_reason"] = out["reason"].map(order)
    return out.sort_values(["_pos", "_reason"]).drop(columns=["_pos", "_reason"]).reset_index(drop=True)


def _unknown_fields(unknown: pd.DataFrame) -> list[str]:
    names = np.array(unknown.columns)
    return [";".join(names[row]) for row in unknown.to_numpy(bool)]


def reason_counts(flags: pd.DataFrame) -> pd.Series:
    """Records to look at per reason, in ``REASONS`` order (zeros kept)."""
    return flags.drop_duplicates(["id", "reason"]).groupby("reason").size().reindex(REASONS, fill_value=0)


@dataclass(frozen=True)
class QualityTables:
    """Everything the Quality page shows, computed together once."""

    by_field: pd.DataFrame
    flags: pd.DataFrame
    scores: pd.DataFrame
    by_organiser: pd.DataFrame


def quality_tables(df: pd.DataFrame, stale_months: int = DEFAULT_STALE_MONTHS) -> QualityTables:
    flags = records_to_check(df, stale_months)
    scores = organiser_scores(df, flags)
    return QualityTables(completeness_by_field(df), flags, scores, completeness_by_organiser(df, scores["organiser"]))
