"""pydeck maps: the reference places as their own base layers, initiatives over them.

Every map works with no basemap and no network: communes, quartiers and the region
outline are layers drawn from ``data/reference``. The Carto basemap is only an option,
off by default (``map_provider=None`` with pydeck's default style sentinel is what tells
Streamlit's frontend to load no style and no tiles; ``map_style=None`` alone would make it
fetch Carto's). Builders take plain values and return pydeck objects; each layer gets
fresh lists of records, because pydeck and Streamlit may alter the data they are given.
Tooltips are plain text (never HTML) built in Python, one ``tip`` field per object.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from partdash.analysis import mapdata
from partdash.charts.style import GREY, SEQUENTIAL, UNKNOWN, code_colours
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import ByIdentity, memoised

COMMUNES = "communes"
QUARTIERS = "quartiers"
COMMUNE_OUTLINES = "commune-outlines"
REGION = "region"
COMMUNE_NAMES = "commune-names"
HIGHLIGHT = "highlight"
APPROXIMATE = "initiatives-approximate"
AREAS = "initiatives-areas"
POINTS = "initiatives-points"
AGGREGATED = "initiatives-aggregated"

YEARS = ("#00204D", "#414D6B", "#7C7B78", "#BCAF6F", "#FFEA46")  # cividis, readable by all
INK = "#1b2430"
LAND = "#f2f5f9"
HEIGHT = mapdata.MAP_HEIGHT
RECORD_MAP_SIZE = (360, 230)  # width and height of a record's small map
POINT_RADIUS = 6  # pixels
APPROXIMATE_INK = "#5b6573"  # one neutral style for every approximate placement, whatever the colour choice
# Pinned in the map's top left corner, which the region leaves empty, rather than under the
# pointer: a tooltip following the pointer spilled out of the map near its right edge.
# deck.gl applies this style after placing the tooltip at the pointer by ``transform``, so
# the ``transform`` here takes its place.
TOOLTIP_STYLE = {
    "backgroundColor": INK,
    "color": "white",
    "fontSize": "14px",
    "maxWidth": "280px",
    "whiteSpace": "pre-line",
    "padding": "8px",
    "transform": "none",
    "left": "8px",
    "top": "8px",
}


def literal(text: str) -> str:
    """A string pydeck passes on as text: an unquoted one becomes an accessor expression."""
    return f"'{text}'"


PIXELS = literal("pixels")


def rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str
    count: int | None = None
    style: str = "fill"  # fill | point | dashed | ring


# --- colours and legends ------------------------------------------------------------


def code_colour_table(colour_by: str, years: mapdata.Classes | None = None) -> dict[str, str]:
    """Colour of each code of a "colour by" choice (year classes: one per class)."""
    if colour_by.startswith(mapdata.THEME_PREFIX):
        theme = colour_by.removeprefix(mapdata.THEME_PREFIX)
        table = {theme: code_colours("themes")[theme], mapdata.OTHERS: GREY}
    elif colour_by == "start_year":
        n = len(years) if years is not None else 0
        picks = np.round(np.linspace(0, len(YEARS) - 1, max(n, 1))).astype(int)
        table = {str(i): YEARS[p] for i, p in enumerate(picks)}
    else:
        table = dict(code_colours(colour_by))
    table[mapdata.UNKNOWN] = UNKNOWN
    return table


def colour_label(option: str, lang: str) -> str:
    """The name of a "colour by" choice. It takes its language as an argument: widgets may
    format options outside the script's thread."""
    if option.startswith(mapdata.THEME_PREFIX):
        theme = VOCABULARIES["themes"].label(option.removeprefix(mapdata.THEME_PREFIX), lang)
        return translate("map.colour_theme", lang, theme=theme)
    if option in ("themes", "start_year"):
        return translate(f"map.colour_{'first_theme' if option == 'themes' else option}", lang)
    return FIELD_BY_NAME[option].label(lang)


def _code_label(code: str, colour_by: str, lang: str, years: mapdata.Classes | None) -> str:
    if code == mapdata.UNKNOWN:
        return translate("map.unknown", lang)
    if code == mapdata.OTHERS:
        return translate("map.other_themes", lang)
    if colour_by == "start_year" and years is not None:
        low, high = years.bounds()[int(code)]
        return f"{low:.0f}" if low == high else f"{low:.0f}–{high:.0f}"
    field = "themes" if colour_by.startswith(mapdata.THEME_PREFIX) else colour_by
    return VOCABULARIES[field].label(code, lang)


def colour_legend(
    codes: pd.Series, colour_by: str, lang: str, years: mapdata.Classes | None = None
) -> list[LegendItem]:
    """One legend line per code present (vocabulary order), with how many initiatives."""
    table = code_colour_table(colour_by, years)
    counts = codes.value_counts()
    order = [c for c in table if c in counts.index]
    return [LegendItem(table[c], _code_label(c, colour_by, lang, years), int(counts[c])) for c in order]


def class_labels(klasses: mapdata.Classes, kind: str, lang: str) -> list[str]:
    def number(value: float) -> str:
        if kind == "share":
            return format_percent(value, lang)
        return format_number(value, lang, 0 if kind == "count" else 1)

    out = []
    for low, high in klasses.bounds():
        out.append(number(low) if low == high else f"{number(low)} – {number(high)}")
    return out


def class_colours(n: int) -> list[str]:
    """``n`` steps of the sequential blues, spread over the whole scale."""
    if n <= 1:
        return [SEQUENTIAL[2]]
    return [SEQUENTIAL[int(round(i))] for i in np.linspace(0, len(SEQUENTIAL) - 1, n)]


def class_legend(klasses: mapdata.Classes, kind: str, lang: str, has_missing: bool) -> list[LegendItem]:
    items = [
        LegendItem(c, label)
        for c, label in zip(class_colours(len(klasses)), class_labels(klasses, kind, lang), strict=False)
    ]
    if has_missing:
        items.append(LegendItem(UNKNOWN, translate("map.no_data", lang)))
    return items


def _value_text(bg: mapdata.Background, code, lang: str) -> str:
    value = bg.values.get(code)
    if value is None or pd.isna(value):
        return translate("map.no_data", lang)
    if bg.kind == "share":
        return translate(
            "map.share_of_known", lang, share=format_percent(value, lang), count=int(bg.known.get(code, 0))
        )
    return format_number(value, lang, 1 if bg.kind == "rate" else 0)


# --- base layers --------------------------------------------------------------------


def _features(shapes: dict, properties: dict) -> dict:
    """A FeatureCollection over shared geometry dicts, with fresh property dicts."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": shapes[code], "properties": dict(properties[code], code=str(code))}
            for code in properties
        ],
    }


def places_layer(
    layer_id: str, shapes: dict, fills: dict | None, tips: dict | None, line: str, width: float
) -> pdk.Layer:
    """Communes or quartiers: filled when ``fills`` is given, pickable when ``tips`` is."""
    codes = list(shapes)
    properties = {c: {"fill": (fills or {}).get(c, rgba(LAND)), "tip": (tips or {}).get(c, "")} for c in codes}
    return pdk.Layer(
        "GeoJsonLayer",
        data=_features(shapes, properties),
        id=layer_id,
        filled=fills is not None,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color=rgba(line),
        line_width_units=PIXELS,
        get_line_width=width,
        pickable=tips is not None,
    )


def region_layer() -> pdk.Layer:
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": mapdata.region_shape(), "properties": {}}],
    }
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=REGION,
        filled=False,
        stroked=True,
        get_line_color=rgba(INK),
        line_width_units=PIXELS,
        get_line_width=2.5,
        pickable=False,
    )


def label_lines(name: str, longest: int = 12) -> str:
    """A long hyphenated name on two lines, broken at the hyphen nearest its middle, so
    that the names of small neighbouring communes overlap less."""
    if len(name) <= longest or "-" not in name:
        return name
    cuts = [i for i, ch in enumerate(name) if ch == "-"]
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return name[: cut + 1] + "\n" + name[cut + 1 :]


def commune_names_layer(lang: str, zoom: float, markers: tuple[pdk.Layer, ...] | list[pdk.Layer] = ()) -> pdk.Layer:
    """The communes' names on a white halo, each where it fits inside its commune clear of
    the other names and of every marker drawn (``mapdata.commune_label_positions``); a
    name that fits nowhere at this zoom is left out. Drawn under the markers."""
    texts = {code: label_lines(name) for code, name in reference.commune_names(lang).items()}
    shapes, pads = _marker_shapes(markers)
    positions = mapdata.commune_label_positions(texts, zoom, shapes, pads)
    data = [{"position": list(positions[code]), "name": texts[code]} for code in texts if code in positions]
    return pdk.Layer(
        "TextLayer",
        data=data,
        id=COMMUNE_NAMES,
        get_position="position",
        get_text="name",
        get_size=13,
        size_units=PIXELS,
        get_color=rgba(INK),
        font_family=literal("Source Sans Pro, Arial, sans-serif"),
        font_weight=600,
        character_set=literal("auto"),
        font_settings={"sdf": True},
        outline_width=3,
        outline_color=[255, 255, 255, 230],
        pickable=False,
    )


def _marker_shapes(layers: list[pdk.Layer]) -> tuple[list, list[float]]:
    """Every marker of the layers as a shape (lon/lat) and its radius in pixels, with room
    for its outline."""
    shapes, pads = [], []
    for layer in layers:
        if layer.id == AREAS:
            shapes += [shapely.geometry.shape(f["geometry"]) for f in layer.data["features"]]
            pads += [2.0] * len(layer.data["features"])
        else:
            shapes += [shapely.Point(r["position"]) for r in layer.data]
            pads += [float(r.get("radius", POINT_RADIUS)) + 2 for r in layer.data]
    return shapes, pads


def highlight_layer(shape: dict) -> pdk.Layer:
    """A thick outline around the place being looked at."""
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": shape, "properties": {}}]}
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=HIGHLIGHT,
        filled=False,
        stroked=True,
        get_line_color=rgba("#D55E00"),
        line_width_units=PIXELS,
        get_line_width=4,
        pickable=False,
    )


def background_layers(
    bg: mapdata.Background | None, lang: str, show_quartiers: bool, basemap: bool = False
) -> tuple[list[pdk.Layer], list[LegendItem]]:
    """Communes (and quartiers) as the map's ground, filled by the choropleth if any.
    A quartier choropleth keeps the commune borders drawn above it. Over a basemap the
    plain ground is almost clear, so that the basemap shows through."""
    communes = reference.commune_names(lang)
    commune_tips = dict(communes)
    quartier_tips = None
    legend: list[LegendItem] = []
    commune_fills = quartier_fills = None
    if bg is not None:
        klasses = mapdata.background_classes(bg)
        colours = class_colours(len(klasses))
        index = klasses.index(bg.values.to_numpy(float))
        fills = {
            code: rgba(colours[i] if i >= 0 else UNKNOWN, 200) for code, i in zip(bg.values.index, index, strict=False)
        }
        label = translate(f"map.background.{bg.name}", lang)
        legend = class_legend(klasses, bg.kind, lang, bool((index < 0).any()))
        if bg.level == "communes":
            commune_fills = fills
            commune_tips = {
                c: f"{name}\n" + translate("map.tip_value", lang, label=label, value=_value_text(bg, c, lang))
                for c, name in communes.items()
            }
        else:
            quartier_fills = fills
            names = reference.quartier_names(lang)
            quartier_tips = {
                int(q): f"{names[int(q)]}\n"
                + translate("map.tip_value", lang, label=label, value=_value_text(bg, q, lang))
                for q in bg.values.index
            }
    layers = []
    if quartier_fills is not None:
        layers.append(places_layer(QUARTIERS, mapdata.quartier_shapes(), quartier_fills, quartier_tips, "#8a94a3", 0.8))
        layers.append(places_layer(COMMUNE_OUTLINES, mapdata.commune_shapes(), None, None, "#4a5361", 1.6))
    else:
        ground = {c: rgba(LAND, 12 if basemap else 255) for c in communes}
        layers.append(
            places_layer(COMMUNES, mapdata.commune_shapes(), commune_fills or ground, commune_tips, "#4a5361", 1.6)
        )
        if show_quartiers:
            layers.append(places_layer(QUARTIERS, mapdata.quartier_shapes(), None, None, "#8a94a3", 0.8))
    layers.append(region_layer())
    return layers, legend


# --- initiatives --------------------------------------------------------------------


def points_layer(records: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id=POINTS,
        get_position="position",
        get_fill_color="fill",
        get_radius=POINT_RADIUS,
        radius_units=PIXELS,
        stroked=True,
        get_line_color=[255, 255, 255, 255],
        line_width_units=PIXELS,
        get_line_width=1.5,
        pickable=True,
        auto_highlight=True,
    )


def areas_layer(features: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id=AREAS,
        filled=True,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        line_width_units=PIXELS,
        get_line_width=2,
        pickable=True,
    )


def approximate_layer(records: list[dict]) -> pdk.Layer:
    """Approximate placements: one hollow neutral ring per distinct place, sized by how
    many initiatives it holds. Rings rather than the places' outlines: outlines cluttered
    the map and made each click's picking slow enough for the browser to drop the click."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id=APPROXIMATE,
        get_position="position",
        get_radius="radius",
        radius_units=PIXELS,
        filled=True,
        get_fill_color=rgba(APPROXIMATE_INK, 30),
        stroked=True,
        get_line_color=rgba(APPROXIMATE_INK),
        line_width_units=PIXELS,
        get_line_width=2,
        pickable=True,
    )


def aggregated_layer(records: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id=AGGREGATED,
        get_position="position",
        get_radius="radius",
        radius_units=PIXELS,
        get_fill_color=rgba("#0072B2", 170),
        stroked=True,
        get_line_color=[255, 255, 255, 255],
        line_width_units=PIXELS,
        get_line_width=1.5,
        pickable=True,
        auto_highlight=True,
    )


def _radius(count, smallest: float = 5, largest: float = 28, top: float = 1) -> float:
    return float(smallest + (largest - smallest) * math.sqrt(count / max(top, 1)))


def _point_records(df: pd.DataFrame, codes: pd.Series, colours: dict, tips: pd.Series) -> list[dict]:
    lon, lat = shapely.get_x(df.geometry.to_numpy()), shapely.get_y(df.geometry.to_numpy())
    return [
        {"id": str(i), "position": [round(float(x), 6), round(float(y), 6)], "fill": rgba(colours[c], 235), "tip": tip}
        for i, x, y, c, tip in zip(df["id"], lon, lat, codes.reindex(df.index), tips.reindex(df.index), strict=False)
    ]


def _area_features(df: pd.DataFrame, codes: pd.Series, colours: dict, tips: pd.Series) -> list[dict]:
    geoms = shapely.simplify(df.geometry.to_numpy(), mapdata.SIMPLIFY_TOLERANCE / 4, preserve_topology=True)
    return [
        {
            "type": "Feature",
            "geometry": mapdata.geojson_geometry(g),
            "properties": {"id": str(i), "fill": rgba(colours[c], 140), "line": rgba(colours[c]), "tip": tip},
        }
        for g, i, c, tip in zip(geoms, df["id"], codes.reindex(df.index), tips.reindex(df.index), strict=False)
    ]


@dataclass(frozen=True)
class InitiativeMap:
    deck: pdk.Deck
    legend: list[LegendItem]  # colours of the "colour by" codes
    kinds: list[LegendItem]  # how initiatives are drawn: point, area, approximate, counts
    background_legend: list[LegendItem]
    placement: mapdata.Placement


class Deck(pdk.Deck):
    """pydeck's Deck with compact JSON: pydeck indents it, which makes a map of polygons
    several times larger to send and slow to encode (indenting uses the Python encoder)."""

    def to_json(self) -> str:
        """Encoded once: a remembered map (``partdash.memo``) is sent again on every rerun."""
        return _JSON.get(
            self, (), lambda: json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        )


_JSON = ByIdentity(size=32)


def deck(layers: list[pdk.Layer], view: dict, basemap: bool = False, tooltip: bool = True) -> Deck:
    """The deck, with the Carto basemap only when asked for (it needs the internet)."""
    style = {"map_provider": "carto", "map_style": None} if basemap else {"map_provider": None}
    return Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view),
        tooltip={"text": "{tip}", "style": dict(TOOLTIP_STYLE)} if tooltip else False,
        **style,
    )


def _approximate_layer(groups: pd.DataFrame, tips: dict, lang: str) -> pdk.Layer:
    """Each distinct approximate place once, as a ring at its label point sized by count."""
    top = float(groups["count"].max())
    records = []
    for key, count in zip(groups["key"], groups["count"], strict=False):
        point = mapdata.place_point(key)
        if point is not None:
            tip = tips.get(key) or translate(
                "map.tip_group", lang, count=int(count), place=mapdata.place_name(key, lang)
            )
            records.append({"key": key, "position": list(point), "radius": _radius(count, 6, 18, top), "tip": tip})
    return approximate_layer(records)


def _aggregated_layer(precise: pd.DataFrame, lang: str) -> pdk.Layer:
    """Precise locations counted per quartier: one circle each, sized by its count."""
    counts = mapdata.located_counts(precise)
    names = reference.quartier_names(lang)
    top = float(counts["count"].max()) if len(counts) else 1.0
    records = [
        {
            "code": int(q),
            "position": [float(x), float(y)],
            "radius": _radius(n, 3, 16, top),
            "tip": translate("map.tip_aggregated", lang, count=int(n), place=names[int(q)]),
        }
        for q, n, x, y in zip(counts["code"], counts["count"], counts["lon"], counts["lat"], strict=False)
    ]
    return aggregated_layer(records)


@memoised
def initiatives_map(
    df: pd.DataFrame,
    lang: str,
    colour_by: str,
    background: str,
    show_quartiers: bool,
    basemap: bool,
    view: dict,
    highlight: str | None = None,
) -> InitiativeMap:
    """The Map page's map: ground and choropleth, approximate places as neutral rings,
    areas and points coloured by ``colour_by`` (or, past ``mapdata.MAX_DRAWN``, counts per
    quartier), and the place being looked at (a place key) outlined."""
    bg = mapdata.background(df, background)
    ground, background_legend = background_layers(bg, lang, show_quartiers, basemap)
    layers: list[pdk.Layer] = []
    placed = mapdata.placement(df)
    years = mapdata.year_classes(df["start_year"]) if colour_by == "start_year" else None
    codes = mapdata.colour_codes(df, colour_by)
    colours = code_colour_table(colour_by, years)
    groups = mapdata.approximate_groups(placed.approximate, codes)
    if not groups.empty:
        tips = {} if placed.aggregate else mapdata.group_tips(placed.approximate, lang)
        layers.append(_approximate_layer(groups, tips, lang))
    precise = pd.concat([placed.points, placed.areas]) if len(placed.areas) else placed.points
    legend, kinds = [], []
    if placed.aggregate:
        layers.append(_aggregated_layer(precise, lang))
        kinds.append(LegendItem("#0072B2", translate("map.kind_aggregated", lang), len(precise), "point"))
    else:
        tips = mapdata.initiative_tips(precise, lang)
        if len(placed.areas):
            layers.append(areas_layer(_area_features(placed.areas, codes, colours, tips)))
        layers.append(points_layer(_point_records(placed.points, codes, colours, tips)))
        legend = colour_legend(codes.reindex(precise.index), colour_by, lang, years)
        for frame, key, style in ((placed.points, "map.kind_point", "point"), (placed.areas, "map.kind_area", "fill")):
            if len(frame):
                kinds.append(LegendItem(INK, translate(key, lang), len(frame), style))
    if len(placed.approximate):
        label = translate("map.kind_approximate_rings", lang, count=len(groups))
        kinds.append(LegendItem(APPROXIMATE_INK, label, len(placed.approximate), "ring"))
    layers = [*ground, commune_names_layer(lang, view["zoom"], layers), *_highlight(highlight), *layers]
    return InitiativeMap(deck(layers, view, basemap), legend, kinds, background_legend, placed)


def _highlight(place: str | None) -> list[pdk.Layer]:
    shape = mapdata.place_shape(place) if place and ":" in place else None
    return [highlight_layer(shape)] if shape is not None else []


@memoised
def solicitation_map(
    counts: pd.Series, lang: str, view: dict, highlight: str | None = None, basemap: bool = False
) -> tuple[pdk.Deck, list[LegendItem]]:
    """Quartiers filled by how many initiatives reached their residents; the place being
    looked at (a place key such as "q:58" or "c:21001") outlined."""
    bg = mapdata.Background("quartier_count", "quartiers", counts.astype(float))
    layers, legend = background_layers(bg, lang, show_quartiers=True, basemap=basemap)
    layers += [commune_names_layer(lang, view["zoom"]), *_highlight(highlight)]
    return deck(layers, view, basemap), legend


def shown_initiative(target: tuple[str, str] | None, last: tuple[str, str] | None, current: str | None) -> str | None:
    """The initiative whose record the Map shows. A map's selection outlives the reruns it
    causes, so only a change of selection acts: a click on an initiative opens it, a click
    elsewhere (or on it again, which clears it) closes it; otherwise the URL's stays."""
    if target == last:
        return current
    return target[1] if target is not None and target[0] == "initiative" else None


def selection_target(selection: dict | None) -> tuple[str, str] | None:
    """What a click on the map picked: ("initiative", id), ("place", approximate place
    key), ("quartier", mdrc) or ("commune", NIS); None for a click on nothing of interest.
    Objects above others come first: a point over a commune is the point."""
    objects = (selection or {}).get("objects") or {}
    for layer in (POINTS, AREAS, APPROXIMATE, AGGREGATED, QUARTIERS, COMMUNES):
        picked = objects.get(layer) or []
        if not picked:
            continue
        obj = picked[0] or {}
        props = obj.get("properties") if isinstance(obj.get("properties"), dict) else obj
        if layer in (POINTS, AREAS) and props.get("id"):
            return "initiative", str(props["id"])
        if layer == APPROXIMATE and props.get("key"):
            return "place", str(props["key"])
        if layer in (AGGREGATED, QUARTIERS) and props.get("code") is not None:
            return "quartier", str(props["code"])
        if layer == COMMUNES and props.get("code"):
            return "commune", str(props["code"])
    return None


def record_map(row: pd.Series) -> Deck:
    """A small map of one initiative: the communes, the places it names outlined, and its
    point or area when it has one. It reports no clicks."""
    layers = [places_layer(COMMUNES, mapdata.commune_shapes(), None, None, "#8a94a3", 1)]
    named = [f"q:{q}" for q in row["quartiers"]] or [f"c:{c}" for c in row["communes"]]
    for key in named:
        layers += _highlight(key)
    if row["location_kind"] in ("point", "area") and row.geometry is not None:
        feature = {"type": "Feature", "geometry": mapdata.geojson_geometry(row.geometry), "properties": {}}
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data={"type": "FeatureCollection", "features": [feature]},
                id="record-location",
                filled=True,
                stroked=True,
                get_fill_color=rgba("#0072B2", 200),
                get_line_color=[255, 255, 255, 255],
                point_type=literal("circle"),
                get_point_radius=7,
                point_radius_units=PIXELS,
                line_width_units=PIXELS,
                get_line_width=1.5,
                pickable=False,
            )
        )
    communes = reference.communes()
    chosen = communes[communes["nis"].isin(row["communes"])]
    bounds = (chosen if len(chosen) else communes).total_bounds
    return deck(layers, mapdata.fit_view(tuple(bounds), *RECORD_MAP_SIZE, margin=0.05, min_zoom=8), tooltip=False)
