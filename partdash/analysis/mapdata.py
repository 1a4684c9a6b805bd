"""What the maps draw, as plain data: display shapes of the reference places, initiatives
grouped by how they can be placed, the values behind a choropleth and their classes.

Display shapes are simplified once per process, as one coverage so that neighbouring
places keep a shared border, and held as GeoJSON geometry dicts: a rerun only attaches
per-place values to shared geometry instead of simplifying or serialising polygons again.
Coordinates are rounded to 5 decimals (about 1 m), far below a screen pixel at the zoom
levels used, which keeps the map's JSON small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import mapping, shape

from partdash.analysis import communes as commune_figures
from partdash.analysis import territory
from partdash.analysis.territory import solicitation_counts
from partdash.i18n import format_dates, translate
from partdash.inventory import reference
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised
from partdash.outputs.records import display_title

SIMPLIFY_TOLERANCE = 0.0002  # degrees, for shapely.coverage_simplify
DECIMALS = 5
MAX_DRAWN = 5000  # past this many placed initiatives, draw counts per place instead
MAP_HEIGHT = 560  # pixels: the smallest a page's map gets; it grows with the window
MAP_WIDTH = 600  # pixels: the map's column on a 1280-pixel screen
REGION_VIEW = {"latitude": 50.839, "longitude": 4.363, "zoom": 10.6}  # the whole region in the smallest map
MAX_ZOOM = 13.5
COLOUR_FIELDS = ("themes", "organiser_level", "participation_level", "status", "start_year")
THEME_PREFIX = "theme:"
BACKGROUNDS = ("none", "count", "per_10k", "feedback", "quartier_count")
UNKNOWN = "_unknown"
MIXED = "_mixed"
OTHERS = "_others"


def geojson_geometry(geometry) -> dict:
    """GeoJSON geometry dict of a shapely geometry, coordinates rounded for display."""
    return mapping(shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS)))


@lru_cache(maxsize=2)
def _shapes(kind: str) -> dict:
    frame = reference.communes() if kind == "communes" else reference.quartiers()
    codes = frame["nis"] if kind == "communes" else frame["mdrc"].astype(int)
    simple = shapely.coverage_simplify(frame.geometry.to_numpy(), SIMPLIFY_TOLERANCE)
    return {code: geojson_geometry(geom) for code, geom in zip(codes, simple, strict=False)}


def commune_shapes() -> dict[str, dict]:
    """NIS -> GeoJSON geometry for display (shared: never mutate)."""
    return _shapes("communes")


def quartier_shapes() -> dict[int, dict]:
    """mdrc -> GeoJSON geometry for display (shared: never mutate)."""
    return _shapes("quartiers")


@lru_cache(maxsize=1)
def region_shape() -> dict:
    return geojson_geometry(shapely.union_all([shape(g) for g in commune_shapes().values()]))


@lru_cache(maxsize=2)
def label_points(kind: str) -> pd.DataFrame:
    """A point inside each commune or quartier (not the centroid, which may fall outside)."""
    frame = reference.communes() if kind == "communes" else reference.quartiers()
    points = shapely.point_on_surface(frame.geometry.to_numpy())
    codes = frame["nis"].to_numpy() if kind == "communes" else frame["mdrc"].to_numpy(int)
    return pd.DataFrame(
        {"code": codes, "lon": shapely.get_x(points).round(DECIMALS), "lat": shapely.get_y(points).round(DECIMALS)}
    )


# --- names on the map ---------------------------------------------------------------

LABEL_CHAR_PX = 7.4  # the widest average advance of a 13-pixel semibold name, with its halo
LABEL_LINE_PX = 16
LABEL_STEP_PX = 5  # spacing of the positions tried for a name
LABEL_INSIDE = 0.7  # the share of a name's box inside its commune: enough to read as its name


def world_pixels(lon, lat, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixels of deck.gl's world (512 pixels wide at zoom 0)."""
    size = 512 * 2**zoom
    lat = np.radians(np.asarray(lat, dtype=float))
    return (np.asarray(lon, dtype=float) + 180) / 360 * size, (
        1 - np.log(np.tan(np.pi / 4 + lat / 2)) / np.pi
    ) / 2 * size


def _lon_lat(x: float, y: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2**zoom
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / size))) - math.pi / 2)
    return round(x / size * 360 - 180, DECIMALS), round(lat, DECIMALS)


def _to_pixels(geometry, zoom: float):
    return shapely.transform(geometry, lambda xy: np.column_stack(world_pixels(xy[:, 0], xy[:, 1], zoom)))


def commune_label_positions(
    texts: dict[str, str], zoom: float, markers: list, pads: list[float]
) -> dict[str, tuple[float, float]]:
    """Where each commune's name goes at ``zoom``: the position nearest the middle of the
    commune where the name's box lies mostly inside it and clears every marker drawn (each
    grown by its radius in pixels, ``pads``) and every name placed before it, larger
    communes first. A name that fits nowhere is left out. Boxes are fixed in pixels while
    distances grow as the map zooms in, so names that clear each other here still do
    closer up."""
    shapes = {code: shape(geometry) for code, geometry in commune_shapes().items()}
    drawn = shapely.STRtree([shapely.buffer(_to_pixels(m, zoom), pad) for m, pad in zip(markers, pads, strict=True)])
    names: list = []
    placed: dict[str, tuple[float, float]] = {}
    for code in sorted(texts, key=lambda c: -shapes[c].area):
        commune = _to_pixels(shapes[code], zoom)
        lines = texts[code].split("\n")
        half_w, half_h = max(map(len, lines)) * LABEL_CHAR_PX / 2 + 2, len(lines) * LABEL_LINE_PX / 2 + 2
        minx, miny, maxx, maxy = commune.bounds
        xs, ys = np.meshgrid(
            np.arange(minx + half_w, maxx - half_w, LABEL_STEP_PX),
            np.arange(miny + half_h, maxy - half_h, LABEL_STEP_PX),
        )
        xs, ys = xs.ravel(), ys.ravel()
        boxes = shapely.box(xs - half_w, ys - half_h, xs + half_w, ys + half_h)
        fits = shapely.contains(commune, shapely.points(xs, ys))
        fits[drawn.query(boxes, predicate="intersects")[0]] = False
        for name in names:
            fits &= ~shapely.intersects(name, boxes)
        inside = shapely.area(shapely.intersection(commune, boxes[fits]))
        fits[np.flatnonzero(fits)[inside < LABEL_INSIDE * 4 * half_w * half_h]] = False
        if not fits.any():
            continue
        middle = shapely.ops.polylabel(commune, tolerance=LABEL_STEP_PX)
        best = np.flatnonzero(fits)[np.argmin(np.hypot(xs[fits] - middle.x, ys[fits] - middle.y))]
        placed[code] = _lon_lat(xs[best], ys[best], zoom)
        names.append(boxes[best])
    return placed


# --- where the initiatives go -------------------------------------------------------


def place_keys(df: pd.DataFrame) -> pd.Series:
    """Where an approximately placed initiative sits: its quartiers ("q:1,2"), or its
    communes ("c:21001") when it names no quartier, as the loader placed it."""

    def key(quartiers: tuple, communes: tuple) -> str:
        return "q:" + ",".join(map(str, sorted(quartiers))) if quartiers else "c:" + ",".join(sorted(communes))

    pairs = pd.Series(list(zip(df["quartiers"], df["communes"], strict=False)), index=df.index, dtype=object)
    table = {pair: key(*pair) for pair in pd.unique(pairs)}
    return pairs.map(table).astype(object)


def _codes_of(key: str) -> tuple[str, list]:
    kind, codes = key.split(":", 1)
    return kind, [int(c) for c in codes.split(",")] if kind == "q" else codes.split(",")


@lru_cache(maxsize=4096)
def _place_geometry(key: str):
    kind, codes = _codes_of(key)
    shapes = quartier_shapes() if kind == "q" else commune_shapes()
    parts = [shape(shapes[c]) for c in codes if c in shapes]
    return shapely.union_all(parts) if len(parts) > 1 else (parts[0] if parts else None)


@lru_cache(maxsize=4096)
def place_shape(key: str) -> dict | None:
    """The display shape of a place key (union of its quartiers or communes)."""
    kind, codes = _codes_of(key)
    if len(codes) == 1:
        return (quartier_shapes() if kind == "q" else commune_shapes()).get(codes[0])
    geometry = _place_geometry(key)
    return None if geometry is None else geojson_geometry(geometry)


@lru_cache(maxsize=4096)
def place_point(key: str) -> tuple[float, float] | None:
    geometry = _place_geometry(key)
    if geometry is None:
        return None
    point = shapely.point_on_surface(geometry)
    return round(point.x, DECIMALS), round(point.y, DECIMALS)


@lru_cache(maxsize=8)
def _names(kind: str, lang: str) -> dict:
    return reference.quartier_names(lang) if kind == "q" else reference.commune_names(lang)


def place_name(key: str, lang: str, most: int = 3) -> str:
    kind, codes = _codes_of(key)
    names = _names(kind, lang)
    shown = [str(names.get(c, c)) for c in codes[:most]]
    return ", ".join(shown) + (", …" if len(codes) > most else "")


@dataclass(frozen=True)
class Placement:
    """The rows of a view split by how the map can show them."""

    points: pd.DataFrame
    areas: pd.DataFrame
    approximate: pd.DataFrame
    unplaced: pd.DataFrame  # no geometry at all: region-wide initiatives

    @property
    def placed(self) -> int:
        return len(self.points) + len(self.areas) + len(self.approximate)

    @property
    def aggregate(self) -> bool:
        return self.placed > MAX_DRAWN


def placement(df: pd.DataFrame) -> Placement:
    kind = df["location_kind"].astype(object).to_numpy()
    return Placement(
        df[kind == "point"],
        df[kind == "area"],
        df[kind == "approximate"],
        df[(kind != "point") & (kind != "area") & (kind != "approximate")],
    )


def quartier_of_locations(df: pd.DataFrame) -> np.ndarray:
    """The quartier (mdrc) holding a point on each precise location, or the nearest one."""
    if df.empty:
        return np.array([], dtype=np.int64)
    quartiers = reference.quartiers()
    polygons = quartiers.geometry.to_numpy()
    points = shapely.point_on_surface(df.geometry.to_numpy())
    # Containment with the polygons as the prepared side is fast; the few points on a
    # border or just outside the region then take the nearest quartier.
    owner = np.full(len(points), -1, dtype=np.int64)
    polygon_idx, point_idx = shapely.STRtree(points).query(polygons, predicate="contains")
    owner[point_idx[::-1]] = polygon_idx[::-1]
    missing = np.flatnonzero(owner < 0)
    if len(missing):
        _, nearest = shapely.STRtree(polygons).query_nearest(points[missing], all_matches=False)
        owner[missing] = nearest
    return quartiers["mdrc"].to_numpy(np.int64)[owner]


def located_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Precisely located initiatives per quartier, with the quartier's label point."""
    mdrc = quartier_of_locations(df)
    counts = pd.Series(mdrc).value_counts().rename_axis("code").reset_index(name="count")
    return counts.merge(label_points("quartiers"), on="code").sort_values("code", kind="stable").reset_index(drop=True)


def approximate_groups(df: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """One row per distinct approximate place: its key, how many initiatives sit there,
    and their colour code when they all share one (else ``MIXED``). Larger places first,
    so that smaller ones are drawn on top and stay clickable."""
    if df.empty:
        return pd.DataFrame(columns=["key", "count", "code"])
    keys = place_keys(df)
    frame = pd.DataFrame({"key": keys.to_numpy(), "code": codes.reindex(df.index).astype(object).to_numpy()})
    grouped = frame.groupby("key", sort=True)["code"]
    out = pd.DataFrame(
        {"count": grouped.size(), "distinct": grouped.nunique(dropna=False), "first": grouped.first()}
    ).reset_index()
    out["code"] = out["first"].where(out["distinct"] == 1, MIXED)
    breadth = out["key"].map(lambda k: (k[0] == "q", -len(_codes_of(k)[1])))
    return (
        out.assign(_order=breadth)
        .sort_values(["_order", "key"], kind="stable")[["key", "count", "code"]]
        .reset_index(drop=True)
    )


def members(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The approximately placed initiatives of ``df`` sitting at place ``key``."""
    approximate = df[df["location_kind"].astype(object).to_numpy() == "approximate"]
    return approximate[place_keys(approximate).to_numpy() == key]


def clicked_rows(df: pd.DataFrame, target: tuple[str, str]) -> pd.DataFrame:
    """The initiatives of a place clicked on the map: a commune's or a quartier's as
    Territory counts them (region-wide ones apart, since the map cannot show them), or
    the initiatives of one approximate place's circle."""
    kind, code = target
    if kind == "place":
        return members(df, code)
    return territory.touched(df, territory.Place("c" if kind == "commune" else "q", code)).local


def clicked_key(target: tuple[str, str]) -> str:
    """The place key ("c:21016", "q:58", "q:1,2") of a place clicked on the map."""
    kind, code = target
    return code if kind == "place" else f"{kind[0]}:{code}"


# --- colour codes -------------------------------------------------------------------


def colour_options() -> tuple[str, ...]:
    """Every valid "colour by" choice: a field, or one theme highlighted ("theme:mobility")."""
    return COLOUR_FIELDS + tuple(THEME_PREFIX + c for c in VOCABULARIES["themes"].codes)


def colour_codes(df: pd.DataFrame, colour_by: str) -> pd.Series:
    """The code each initiative is coloured by (``UNKNOWN`` when the field is empty)."""
    if colour_by.startswith(THEME_PREFIX):
        theme = colour_by.removeprefix(THEME_PREFIX)
        has = np.fromiter((theme in t for t in df["themes"]), dtype=bool, count=len(df))
        return pd.Series(np.where(has, theme, OTHERS), index=df.index, dtype=object)
    if colour_by == "themes":
        return pd.Series([t[0] if len(t) else UNKNOWN for t in df["themes"]], index=df.index, dtype=object)
    if colour_by == "start_year":
        classes = year_classes(df["start_year"])
        index = classes.index(df["start_year"].astype("Float64").to_numpy(float, na_value=np.nan))
        return pd.Series(np.where(index >= 0, index.astype(str), UNKNOWN), index=df.index, dtype=object)
    return df[colour_by].astype(object).where(df[colour_by].notna(), UNKNOWN)


# --- choropleth classes -------------------------------------------------------------


@dataclass(frozen=True)
class Classes:
    """Contiguous classes over values. ``edges`` holds k+1 bounds: class i covers
    edges[i] up to (not including) edges[i+1], the last one up to and including its top.
    For whole numbers the classes are shown as integer ranges ("3–5")."""

    edges: tuple[float, ...]
    integer: bool = False

    def __len__(self) -> int:
        return max(len(self.edges) - 1, 0)

    def index(self, values) -> np.ndarray:
        """The class of each value, -1 for a missing one."""
        values = np.asarray(values, dtype=float)
        out = np.full(values.shape, -1, dtype=np.int64)
        if not len(self):
            return out
        known = ~np.isnan(values)
        out[known] = np.searchsorted(np.asarray(self.edges[1:-1]), values[known], side="right")
        return out

    def bounds(self) -> list[tuple[float, float]]:
        """(low, high) shown for each class; integer classes end one below the next."""
        out = []
        for i in range(len(self)):
            low, high = self.edges[i], self.edges[i + 1]
            if self.integer and i < len(self) - 1:
                high = high - 1
            out.append((low, high))
        return out


def classes(values, k: int = 5, integer: bool = False, decimals: int = 1) -> Classes:
    """Up to ``k`` classes of the known values: one per distinct value when there are
    no more than ``k``, else quantile classes, their bounds rounded to ``decimals`` (or
    to whole numbers) so that the legend reads simply. Skewed values (most communes at
    zero) would collapse the quantiles; the distinct values are then split instead."""
    known = np.asarray(pd.Series(values, dtype="Float64").dropna().to_numpy(float))
    if not len(known):
        return Classes((), integer)
    low, high = float(known.min()), float(known.max())
    distinct = np.unique(known)

    def cuts_of(sample: np.ndarray) -> list[float]:
        inner = np.quantile(sample, np.arange(1, k) / k)
        inner = np.ceil(inner - 1e-9) if integer else np.round(inner, decimals)
        return sorted({float(c) for c in inner if low < c <= high})

    cuts = [float(v) for v in distinct[1:]] if len(distinct) <= k else max(cuts_of(known), cuts_of(distinct), key=len)
    if not integer:
        scale = 10**decimals
        low, high = math.floor(low * scale) / scale, math.ceil(high * scale) / scale
    return Classes(tuple([low, *cuts, high]), integer)


def year_classes(years: pd.Series, k: int = 5) -> Classes:
    return classes(years, k, integer=True)


# --- choropleth values --------------------------------------------------------------


@dataclass(frozen=True)
class Background:
    """The values of a choropleth: per commune (NIS) or per quartier (mdrc)."""

    name: str
    level: str  # communes | quartiers
    values: pd.Series
    known: pd.Series | None = None  # denominators of a share
    kind: str = "count"  # count | rate | share


def background(df: pd.DataFrame, name: str) -> Background | None:
    """The choropleth ``name`` of BACKGROUNDS for the rows of ``df`` (None for "none").
    Communes count an initiative once per commune it names (region-wide ones apart)."""
    if name == "quartier_count":
        return Background(name, "quartiers", solicitation_counts(df).astype(float))
    if name not in ("count", "per_10k", "feedback"):
        return None
    table = commune_figures.indicator_table(df)
    if name == "count":
        return Background(name, "communes", table["initiatives"].astype(float))
    if name == "per_10k":
        return Background(name, "communes", table["per_10k"].astype(float), kind="rate")
    field = "feedback_to_participants"
    return Background(name, "communes", table[field].astype(float), table[f"known_{field}"].astype(int), kind="share")


def background_classes(bg: Background) -> Classes:
    if bg.kind == "count":
        return classes(bg.values, integer=True)
    return classes(bg.values, decimals=2 if bg.kind == "share" else 1)


# --- view ---------------------------------------------------------------------------


def fit_view(
    bounds: tuple[float, float, float, float],
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
    margin: float = 0.15,
    min_zoom: float = REGION_VIEW["zoom"],
) -> dict:
    """Centre and zoom (deck.gl's 512-pixel world) showing ``bounds`` in a map of that size."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(maxx - minx, 1e-6) / 360
    span_y = max(mercator_y(maxy) - mercator_y(miny), 1e-6) / (2 * math.pi)
    usable = 1 - 2 * margin
    zoom = min(math.log2(width * usable / 512 / span_x), math.log2(height * usable / 512 / span_y))
    centre_y = (mercator_y(miny) + mercator_y(maxy)) / 2
    lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {
        "latitude": round(lat, 5),
        "longitude": round((minx + maxx) / 2, 5),
        "zoom": round(min(max(zoom, min_zoom), MAX_ZOOM), 2),
    }


@memoised
def view_for(communes: tuple[str, ...]) -> dict:
    """The whole region, or the bounding box of the communes filtered on (read-only: the
    same dict on every rerun of the same filters)."""
    frame = reference.communes()
    chosen = frame[frame["nis"].isin(communes)]
    if chosen.empty:
        return dict(REGION_VIEW)
    return fit_view(tuple(chosen.total_bounds))


# --- text ---------------------------------------------------------------------------


def date_text(df: pd.DataFrame, lang: str) -> pd.Series:
    """Dates as the locale writes them: "1/03/2021 – 30/06/2022", or "since 1/03/2021" when open-ended."""
    start, end = format_dates(df["start_date"], lang).fillna("?"), format_dates(df["end_date"], lang)
    since = translate("map.since", lang)
    return (start + " – " + end).where(end.notna(), since + " " + start)


def initiative_tips(df: pd.DataFrame, lang: str) -> pd.Series:
    """Tooltip text of each initiative: title, organiser, dates, participation level."""
    levels = VOCABULARIES["participation_level"].labels(lang)
    level = df["participation_level"].map(levels).astype(object).fillna("")
    return (
        display_title(df, lang).astype(object)
        + "\n"
        + df["organiser"].fillna("").astype(object)
        + "\n"
        + date_text(df, lang)
        + "\n"
        + level
    )


def group_tips(df: pd.DataFrame, lang: str, most: int = 5) -> dict[str, str]:
    """Tooltip of each approximate place of ``df``: how many sit there, the newest titles."""
    if df.empty:
        return {}
    frame = pd.DataFrame(
        {
            "key": place_keys(df).to_numpy(),
            "title": display_title(df, lang).to_numpy(),
            "start": df["start_date"].to_numpy(),
        }
    )
    frame = frame.sort_values(["key", "start"], ascending=[True, False], kind="stable")
    tips = {}
    for key, titles in frame.groupby("key", sort=False)["title"]:
        count = len(titles)
        lines = [translate("map.tip_group", lang, count=count, place=place_name(key, lang))]
        lines += ["· " + str(t) for t in titles.head(most)]
        if count > most:
            lines.append(translate("map.and_more", lang, count=count - most))
        tips[key] = "\n".join(lines)
    return tips


def list_table(df: pd.DataFrame, lang: str, limit: int | None = None) -> pd.DataFrame:
    """The lists under the map (what it shows, what it cannot place), newest first."""
    rows = df.sort_values(["start_date", "id"], ascending=[False, True], kind="stable").head(limit)
    return pd.DataFrame(
        {
            "id": rows["id"].astype(str).to_numpy(),
            "title": display_title(rows, lang).to_numpy(),
            "organiser": rows["organiser"].astype(object).to_numpy(),
            "year": rows["start_year"].astype(object).to_numpy(),
        }
    )
