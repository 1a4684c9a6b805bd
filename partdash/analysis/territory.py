"""Which initiatives touched a place, and how often each quartier's residents were asked.

A commune participation officer preparing something new in a neighbourhood wants every
initiative that already reached it. An initiative reaches a quartier in one of four ways,
from the most to the least specific:

- ``listed``: it names the quartier;
- ``located``: its precise location (a point or an area given in the file) intersects
  the quartier. Approximate placements are not locations: they come from the listed
  places and add nothing;
- ``commune_wide``: it names none of the commune's quartiers but names a commune the
  quartier lies in (Monitoring des Quartiers quartiers may straddle communes, so a
  quartier lies in every commune of its ``communes_overlap``). A neighbourhood-scale
  initiative with a precise location reached the quartiers at that location, not its
  whole commune, so it is not counted commune-wide;
- ``region_wide``: it names no commune at all (perimeter ``region``), so it concerns every
  place alike; such initiatives are shown apart and left out of counts unless asked for.

A commune is reached when the initiative names it, is located in it, or is region-wide.
The same rules feed the list of one place and the counts of every quartier, so a
quartier's count is exactly the length of its list.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from partdash.analysis.figures import region_wide_mask
from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised
from partdash.outputs.records import display_title

TOUCH_ORDER = ("listed", "located", "commune_wide", "region_wide")
PRECISE = ("point", "area")
TOUCH_COLUMN = "touch"


@dataclass(frozen=True)
class Place:
    kind: str  # "q" (quartier) or "c" (commune)
    code: str  # mdrc as text, or NIS

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"

    @property
    def mdrc(self) -> int:
        return int(self.code)


@lru_cache(maxsize=1)
def place_codes() -> tuple[str, ...]:
    """Every valid ``place`` value: the 19 communes, then the 145 quartiers."""
    communes = [f"c:{nis}" for nis in reference.communes()["nis"]]
    quartiers = [f"q:{mdrc}" for mdrc in reference.quartiers()["mdrc"]]
    return tuple(communes + quartiers)


def parse_place(value: str | None) -> Place | None:
    """A place from its URL form ("q:58", "c:21001"), or None if it names no known place."""
    if value is None or value not in set(place_codes()):
        return None
    kind, code = value.split(":", 1)
    return Place(kind, code)


def place_commune(key: str) -> str | None:
    """The commune a place lies in (a quartier's main commune), as NIS; None if unknown."""
    place = parse_place(key)
    if place is None:
        return None
    if place.kind == "c":
        return place.code
    return str(reference.quartiers().set_index("mdrc").at[place.mdrc, "commune_nis"])


@memoised
def place_labels(lang: str) -> dict[str, str]:
    """A searchable label per place: its name in the UI language, the other official name
    when it differs, and what kind of place it is (and for a quartier, its commune)."""
    other = "fr" if lang == "nl" else "nl"
    communes = reference.communes()
    names = dict(zip(communes["nis"], communes["name_nl" if lang == "nl" else "name_fr"], strict=False))
    others = dict(zip(communes["nis"], communes[f"name_{other}"], strict=False))
    commune_word = VOCABULARIES["perimeter"].label("commune", lang)
    quartier_word = VOCABULARIES["perimeter"].label("neighbourhood", lang)
    labels = {}
    for nis, name in names.items():
        both = name if others[nis] == name else f"{name} / {others[nis]}"
        labels[f"c:{nis}"] = f"{both} ({commune_word})"
    quartiers = reference.quartiers()
    col, other_col = ("label_nl", "label_fr") if lang == "nl" else ("label_fr", "label_nl")
    for mdrc, name, alt, nis in zip(
        quartiers["mdrc"], quartiers[col], quartiers[other_col], quartiers["commune_nis"], strict=False
    ):
        both = name if alt == name else f"{name} / {alt}"
        labels[f"q:{mdrc}"] = f"{both} ({quartier_word}, {names[nis]})"
    return labels


def _precise_mask(df: pd.DataFrame) -> np.ndarray:
    return df["location_kind"].isin(PRECISE).fillna(False).to_numpy(bool)


@lru_cache(maxsize=1)
def quartiers_of_commune() -> dict[str, tuple[int, ...]]:
    """The quartiers lying (even partly) in each commune, from ``communes_overlap``."""
    out: dict[str, list[int]] = {}
    for mdrc, overlap in zip(reference.quartiers()["mdrc"], reference.quartiers()["communes_overlap"], strict=False):
        for part in str(overlap).split(";"):
            nis = part.split(":")[0].strip()
            if nis:
                out.setdefault(nis, []).append(int(mdrc))
    return {nis: tuple(sorted(codes)) for nis, codes in out.items()}


def _lengths(values: pd.Series) -> np.ndarray:
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def _explode(values: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row positions repeated once per element of each tuple, and the elements (as int)."""
    flat = np.fromiter(itertools.chain.from_iterable(values), dtype=np.int64)
    return np.repeat(rows, _lengths(values)), flat


def _commune_wide_mask(df: pd.DataFrame, precise: np.ndarray) -> np.ndarray:
    """Initiatives that reach whole communes: no quartier named, and not a
    neighbourhood-scale initiative with a precise location."""
    neighbourhood = (df["perimeter"] == "neighbourhood").fillna(False).to_numpy(bool)
    return (_lengths(df["quartiers"]) == 0) & ~(precise & neighbourhood)


def _located(df: pd.DataFrame, precise: np.ndarray, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row position, polygon index) pairs where a precise location intersects a polygon.
    The tree holds the initiatives so that the few, large polygons are the prepared side."""
    if not precise.any():
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    rows = np.flatnonzero(precise)
    hit_polygon, hit_geom = shapely.STRtree(df.geometry.to_numpy()[precise]).query(polygons, predicate="intersects")
    return rows[hit_geom], hit_polygon


def reach(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (initiative position in ``df``, quartier) it reached, listed, located or
    commune-wide, with the most specific way (``rank`` into ``TOUCH_ORDER``). Region-wide
    initiatives are not spread here."""
    positions = np.arange(len(df))
    precise = _precise_mask(df)
    rows, codes = _explode(df["quartiers"], positions)
    parts = [(rows, codes, 0)]
    quartiers = reference.quartiers()
    located_rows, located_idx = _located(df, precise, quartiers.geometry.to_numpy())
    parts.append((located_rows, quartiers["mdrc"].to_numpy(np.int64)[located_idx], 1))
    wide = _commune_wide_mask(df, precise)
    if wide.any():
        of_commune = quartiers_of_commune()
        communes = df["communes"][wide]
        spread = {
            key: tuple(sorted({q for nis in key for q in of_commune.get(nis, ())})) for key in pd.unique(communes)
        }
        rows, codes = _explode(communes.map(spread), positions[wide])
        parts.append((rows, codes, 2))
    row = np.concatenate([p[0] for p in parts]).astype(np.int64)
    mdrc = np.concatenate([p[1] for p in parts]).astype(np.int64)
    rank = np.concatenate([np.full(len(p[0]), p[2], dtype=np.int8) for p in parts])
    order = np.lexsort((rank, mdrc, row))
    row, mdrc, rank = row[order], mdrc[order], rank[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (mdrc[1:] != mdrc[:-1])
    return pd.DataFrame({"row": row[first], "mdrc": mdrc[first], "rank": rank[first]})


def _ranks(df: pd.DataFrame, place: Place) -> np.ndarray:
    """Per row, the rank into ``TOUCH_ORDER`` of the most specific way it touched
    ``place`` (the rules of ``reach`` for one place), or -1."""
    rank = np.full(len(df), -1, dtype=np.int64)
    region = region_wide_mask(df)
    rank[region] = 3
    precise = _precise_mask(df)
    if place.kind == "q":
        quartiers = reference.quartiers().set_index("mdrc")
        mdrc = place.mdrc
        polygon = quartiers.geometry[mdrc]
        communes = {nis for nis, q in quartiers_of_commune().items() if mdrc in q}
        wide = _commune_wide_mask(df, precise) & np.fromiter(
            (not communes.isdisjoint(c) for c in df["communes"]), dtype=bool, count=len(df)
        )
        rank[wide] = 2
        listed = np.fromiter((mdrc in codes for codes in df["quartiers"]), dtype=bool, count=len(df))
    else:
        polygon = reference.communes().set_index("nis").geometry[place.code]
        nis = place.code
        listed = np.fromiter((nis in codes for codes in df["communes"]), dtype=bool, count=len(df))
    rows, _ = _located(df, precise, np.array([polygon], dtype=object))
    rank[rows] = 1
    rank[listed] = 0
    return rank


@memoised
def touching(df: pd.DataFrame, place: Place) -> pd.DataFrame:
    """The rows of ``df`` that touched ``place``, oldest first, with a ``touch`` column
    saying how (listed, located, commune_wide or region_wide)."""
    rank = _ranks(df, place)
    keep = rank >= 0
    out = df[keep].copy()
    out[TOUCH_COLUMN] = pd.Series(np.array(TOUCH_ORDER, dtype=object)[rank[keep]], index=out.index, dtype="string")
    return out.sort_values(["start_date", "id"], kind="stable")


class Touched(NamedTuple):
    """The rows that touched a place, split as the pages show them: ``local`` (listed,
    located or commune-wide), ``region`` (region-wide), and how many local rows each
    way of touching has."""

    local: pd.DataFrame
    region: pd.DataFrame
    ways: dict[str, int]


@memoised
def touched(df: pd.DataFrame, place: Place) -> Touched:
    """``touching`` split into the local and the region-wide rows, once per view and place."""
    rows = touching(df, place)
    region = (rows[TOUCH_COLUMN] == "region_wide").to_numpy(bool)
    local = rows[~region]
    ways = local[TOUCH_COLUMN].value_counts()
    return Touched(local, rows[region], {way: int(ways.get(way, 0)) for way in TOUCH_ORDER[:3]})


@memoised
def solicitation_counts(df: pd.DataFrame, include_region: bool = False) -> pd.Series:
    """Per quartier (all 145, indexed by mdrc): how many initiatives of ``df`` reached its
    residents. Region-wide ones reach every quartier and are added only when asked for."""
    links = reach(df)
    counts = links.groupby("mdrc")["row"].nunique()
    counts = counts.reindex(reference.quartiers()["mdrc"].to_numpy(int), fill_value=0).astype(int)
    if include_region:
        counts = counts + int(region_wide_mask(df).sum())
    counts.index.name = "mdrc"
    return counts


def active_between(df: pd.DataFrame, first_year: int, last_year: int, today: date | None = None) -> pd.DataFrame:
    """The initiatives running at some time in ``first_year``..``last_year``: started by
    its end and not ended before its start (an open end runs until today)."""
    return _active_between(df, first_year, last_year, today or date.today())


@memoised
def _active_between(df: pd.DataFrame, first_year: int, last_year: int, today: date) -> pd.DataFrame:
    start = pd.Timestamp(first_year, 1, 1)
    end = pd.Timestamp(last_year, 12, 31)
    until = df["end_date"].fillna(pd.Timestamp(today))
    mask = (df["start_date"] <= end) & (until >= start)
    return df[mask.fillna(False).to_numpy(bool)]


@memoised
def year_span(df: pd.DataFrame) -> tuple[int, int]:
    """The first and the last year any initiative of ``df`` started or ended in."""
    years = pd.concat([df["start_date"].dt.year, df["end_date"].dt.year]).dropna()
    return int(years.min()), int(years.max())


@memoised
def top_quartiers(counts: pd.Series, lang: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` quartiers asked most often (ties by code), named with their commune."""
    quartiers = reference.quartiers().set_index("mdrc")
    names = reference.quartier_names(lang)
    communes = reference.commune_names(lang)
    top = counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable").head(n)
    return pd.DataFrame(
        {
            "mdrc": top.index.to_numpy(int),
            "quartier": [f"{names[m]} ({communes[quartiers.at[m, 'commune_nis']]})" for m in top.index],
            "count": top.to_numpy(int),
        }
    )


def _years(rows: pd.DataFrame) -> pd.Series:
    start = rows["start_date"].dt.year.astype("Int64").astype(str)
    end = rows["end_date"].dt.year.astype("Int64").astype(str)
    return start.where(
        rows["end_date"].notna() & (start == end), start + "–" + end.where(rows["end_date"].notna(), "…")
    )


def _yes_no_words(values: pd.Series, lang: str) -> pd.Series:
    yes_no = VOCABULARIES["yes_no"]
    words = {True: yes_no.label("yes", lang), False: yes_no.label("no", lang)}
    return values.map(words).astype(object).where(values.notna(), translate("territory.unknown", lang))


def _fate(rows: pd.DataFrame, lang: str) -> pd.Series:
    """What became of the participants' proposals, in words: "4 of 10 adopted"."""
    unknown = translate("territory.unknown", lang)
    return pd.Series(
        [
            translate(
                "territory.fate",
                lang,
                adopted=int(adopted) if pd.notna(adopted) else "?",
                total=int(total),
            )
            if pd.notna(total)
            else unknown
            for adopted, total in zip(rows["proposals_adopted"], rows["proposals_total"], strict=False)
        ],
        index=rows.index,
        dtype=object,
    )


FOLLOWUP_COLUMNS = ("status", "results_published", "feedback_to_participants", "integrated_in_decision", "proposals")


@memoised
def touch_table(rows: pd.DataFrame, lang: str, limit: int | None = None) -> pd.DataFrame:
    """The list under the timeline: one line per initiative, newest first, its follow-up
    first, in words (status, results published, feedback, decision, fate of proposals),
    then what it was and how it touched the place."""
    rows = rows.sort_values(["start_date", "id"], ascending=[False, True], kind="stable").head(limit)
    levels = VOCABULARIES["participation_level"].labels(lang)
    statuses = VOCABULARIES["status"].labels(lang)
    touch_labels = {way: translate(f"territory.touch.{way}", lang) for way in TOUCH_ORDER}
    unknown = translate("territory.unknown", lang)
    return pd.DataFrame(
        {
            "id": rows["id"].astype(str).to_numpy(),
            "status": rows["status"].map(statuses).astype(object).fillna(unknown).to_numpy(),
            "results_published": _yes_no_words(rows["results_published"], lang).to_numpy(),
            "feedback_to_participants": _yes_no_words(rows["feedback_to_participants"], lang).to_numpy(),
            "integrated_in_decision": _yes_no_words(rows["integrated_in_decision"], lang).to_numpy(),
            "proposals": _fate(rows, lang).to_numpy(),
            "title": display_title(rows, lang).to_numpy(),
            "years": _years(rows).to_numpy(),
            "participation_level": rows["participation_level"].map(levels).astype(object).to_numpy(),
            "touch": rows[TOUCH_COLUMN].map(touch_labels).astype(object).to_numpy(),
            "organiser": rows["organiser"].astype(object).to_numpy(),
        }
    )


TIMELINE_LIMIT = 60


@memoised
def timeline_frame(
    rows: pd.DataFrame, lang: str, today: date | None = None, limit: int = TIMELINE_LIMIT
) -> pd.DataFrame:
    """One bar per initiative, for the ``limit`` most recent starts, oldest first (a chart
    draws the first row at the bottom, so the newest sit on top): from its start to its
    end, or to today (flagged ``open_ended``) when it has none."""
    now = pd.Timestamp(today or date.today())
    recent = rows.sort_values(["start_date", "id"], ascending=[False, True], kind="stable").head(limit)
    recent = recent.iloc[::-1]
    open_ended = recent["end_date"].isna()
    end = recent["end_date"].where(~open_ended, now)
    end = end.where(end >= recent["start_date"], recent["start_date"])
    return pd.DataFrame(
        {
            "id": recent["id"].astype(str).to_numpy(),
            "title": display_title(recent, lang).to_numpy(),
            "organiser": recent["organiser"].fillna("").astype(str).to_numpy(),
            "start": recent["start_date"].to_numpy(),
            "end": end.to_numpy(),
            "open_ended": open_ended.to_numpy(bool),
            "level": recent["participation_level"].astype(object).to_numpy(),
            "touch": recent[TOUCH_COLUMN].astype(object).to_numpy() if TOUCH_COLUMN in recent else None,
            "results_published": recent["results_published"].astype(object).to_numpy(),
            "feedback_to_participants": recent["feedback_to_participants"].astype(object).to_numpy(),
            "proposals_adopted": recent["proposals_adopted"].astype(object).to_numpy(),
            "proposals_total": recent["proposals_total"].astype(object).to_numpy(),
        }
    )


def default_place(df: pd.DataFrame, communes: tuple[str, ...] = ()) -> str:
    """The place shown first: the first commune filtered on, else the commune that most
    initiatives name."""
    if communes:
        return f"c:{communes[0]}"
    counts = pd.Series([c for codes in df["communes"] for c in codes], dtype=object).value_counts()
    nis = str(counts.sort_index().idxmax()) if len(counts) else str(reference.communes()["nis"].iloc[0])
    return f"c:{nis}"
