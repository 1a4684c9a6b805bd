"""Map data and pydeck builders on a small hand-made inventory.

Six initiatives: two precise points (Grand-Place in Bruxelles, Parvis de Saint-Gilles),
one precise area, two placed approximately on Saint-Gilles (one commune, so one shape
drawn once with a count of 2), one on quartier 48, and one region-wide with no place.
"""

from __future__ import annotations

import itertools
import json
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from partdash.analysis import mapdata
from partdash.charts import maps
from partdash.charts.style import SEQUENTIAL, code_colours
from partdash.inventory import reference
from partdash.inventory.loader import load_inventory

GRAND_PLACE = {"type": "Point", "coordinates": [4.3525, 50.8467]}
PARVIS = {"type": "Point", "coordinates": [4.3456, 50.827]}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[4.3386, 50.829], [4.3394, 50.829], [4.3394, 50.8298], [4.3386, 50.8298], [4.3386, 50.829]]],
}


def initiative(ident: str, geometry: dict | None = None, **fields) -> dict:
    props = {
        "id": ident,
        "title_fr": f"Titre {ident}",
        "title_nl": f"Titel {ident}",
        "organiser": "Commune de Saint-Gilles",
        "organiser_level": "communal",
        "perimeter": "neighbourhood",
        "communes": ["21013"],
        "quartiers": None,
        "themes": ["urban_planning"],
        "participation_level": "consultation",
        "start_date": "2021-01-01",
        "end_date": None,
        "feedback_to_participants": None,
    }
    props.update(fields)
    return {"type": "Feature", "properties": props, "geometry": geometry}


HAND_MADE = [
    initiative(
        "M-1",
        GRAND_PLACE,
        communes=["21004"],
        organiser="Ville de Bruxelles",
        participation_level="co_decision",
        themes=["mobility", "housing"],
        start_date="2019-05-01",
        end_date="2019-12-31",
        feedback_to_participants="yes",
    ),
    initiative("M-2", PARVIS, start_date="2020-02-01", end_date=None, feedback_to_participants="no"),
    initiative("M-3", SQUARE, participation_level="information", start_date="2022-03-01"),
    initiative(
        "M-4",
        perimeter="commune",
        participation_level="co_construction",
        themes=["housing"],
        start_date="2023-01-01",
        feedback_to_participants="yes",
    ),
    initiative("M-5", perimeter="commune", participation_level="consultation", start_date="2023-06-01"),
    initiative("M-6", quartiers=[48], participation_level="consultation", start_date="2024-01-01"),
    initiative(
        "M-7",
        perimeter="region",
        communes=None,
        organiser="Parlement bruxellois",
        organiser_level="regional",
        start_date="2024-05-01",
    ),
]


@pytest.fixture(scope="module")
def inventory(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("maps") / "inventory.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": HAND_MADE}), encoding="utf-8")
    loaded = load_inventory(path, today=date(2025, 1, 1))
    assert not loaded.report.errors
    return loaded.data


def layer_json(deck) -> dict[str, dict]:
    return layers_of(json.loads(deck.to_json()))


def layers_of(spec: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in spec["layers"]}


def objects(layer: dict) -> list[dict]:
    data = layer["data"]
    return data["features"] if isinstance(data, dict) else data


def props(obj: dict) -> dict:
    return obj.get("properties", obj)


def test_placement_splits_rows_by_how_they_can_be_drawn(inventory):
    placed = mapdata.placement(inventory)
    assert sorted(placed.points["id"]) == ["M-1", "M-2"]
    assert list(placed.areas["id"]) == ["M-3"]
    assert sorted(placed.approximate["id"]) == ["M-4", "M-5", "M-6"]
    assert list(placed.unplaced["id"]) == ["M-7"]
    assert placed.placed == 6 and not placed.aggregate


def test_approximate_places_are_grouped_once_with_their_count(inventory):
    placed = mapdata.placement(inventory)
    groups = mapdata.approximate_groups(
        placed.approximate, mapdata.colour_codes(inventory, "participation_level")
    ).set_index("key")
    assert groups["count"].to_dict() == {"c:21013": 2, "q:48": 1}
    assert groups.at["c:21013", "code"] == mapdata.MIXED  # co-construction and consultation
    assert groups.at["q:48", "code"] == "consultation"
    assert list(mapdata.members(inventory, "c:21013")["id"]) == ["M-4", "M-5"]


def test_colour_codes_for_each_choice(inventory):
    by = lambda choice: dict(zip(inventory["id"], mapdata.colour_codes(inventory, choice), strict=False))  # noqa: E731
    assert by("themes")["M-1"] == "mobility"
    assert by("theme:housing") == {
        "M-1": "housing",
        "M-2": mapdata.OTHERS,
        "M-3": mapdata.OTHERS,
        "M-4": "housing",
        "M-5": mapdata.OTHERS,
        "M-6": mapdata.OTHERS,
        "M-7": mapdata.OTHERS,
    }
    assert by("organiser_level")["M-7"] == "regional"
    assert by("status")["M-2"] == "ongoing"
    years = by("start_year")
    assert years["M-1"] == "0" and years["M-7"] == str(len(mapdata.year_classes(inventory["start_year"])) - 1)
    assert set(mapdata.colour_options()) >= {"themes", "start_year", "theme:mobility"}


@pytest.mark.parametrize(
    ("values", "integer", "decimals", "edges", "bounds"),
    [
        (range(11), True, 1, (0, 2, 4, 6, 8, 10), [(0, 1), (2, 3), (4, 5), (6, 7), (8, 10)]),
        ([0, 0, 0, 0, 5], True, 1, (0, 5, 5), [(0, 4), (5, 5)]),
        ([7, 7, 7], True, 1, (7, 7), [(7, 7)]),
        ([0] * 15 + [1, 2, 3, 4, 6, 9], True, 1, (0, 2, 3, 4, 6, 9), [(0, 1), (2, 2), (3, 3), (4, 5), (6, 9)]),
        ([0.2, 0.5, 0.75, 1.0, 0.3, 0.6], False, 2, (0.2, 0.3, 0.5, 0.6, 0.75, 1.0), None),
        ([0.21, 0.5, 0.75, 0.99], False, 1, (0.2, 0.5, 0.75, 0.99, 1.0), None),
    ],
)
def test_classes(values, integer, decimals, edges, bounds):
    klasses = mapdata.classes(list(values), integer=integer, decimals=decimals)
    assert klasses.edges == pytest.approx(edges)
    if bounds:
        assert klasses.bounds() == [tuple(map(float, b)) for b in bounds]


def test_class_index_puts_values_in_their_class_and_missing_nowhere():
    klasses = mapdata.Classes((0.0, 2.0, 4.0, 10.0), integer=True)
    assert list(klasses.index([0, 1, 2, 3.5, 4, 10, np.nan])) == [0, 0, 1, 1, 2, 2, -1]
    assert list(mapdata.Classes(()).index([1, 2])) == [-1, -1]


def test_view_is_the_region_or_fits_the_filtered_communes():
    region = mapdata.view_for(())
    assert region == mapdata.REGION_VIEW
    # The whole region fits a map of 640 pixels high and 720 wide (a 1280-pixel screen).
    fitted = mapdata.fit_view(tuple(reference.communes().total_bounds), 720, maps.HEIGHT, margin=0.03, min_zoom=8)
    assert fitted["zoom"] >= region["zoom"]
    view = mapdata.view_for(("21013",))
    minx, miny, maxx, maxy = reference.communes().set_index("nis").loc[["21013"]].total_bounds
    assert minx < view["longitude"] < maxx and miny < view["latitude"] < maxy
    assert mapdata.REGION_VIEW["zoom"] < view["zoom"] <= mapdata.MAX_ZOOM
    wide = mapdata.view_for(("21013", "21016"))
    assert wide["zoom"] < view["zoom"]


def test_fit_view_halves_the_scale_per_zoom_level():
    small = mapdata.fit_view((4.30, 50.80, 4.40, 50.81), width=800, height=800, margin=0)
    large = mapdata.fit_view((4.30, 50.80, 4.50, 50.82), width=800, height=800, margin=0)
    assert small["zoom"] - large["zoom"] == pytest.approx(1, abs=0.01)
    assert small["zoom"] == pytest.approx(math.log2(800 / 512 / (0.1 / 360)), abs=0.01)
    assert small["longitude"] == pytest.approx(4.35) and 50.80 < small["latitude"] < 50.81


def test_backgrounds_count_per_commune_per_inhabitant_and_share_of_known(inventory):
    count = mapdata.background(inventory, "count")
    assert (
        count.level == "communes"
        and count.values["21013"] == 5
        and count.values["21004"] == 1
        and count.values["21001"] == 0
    )
    per_10k = mapdata.background(inventory, "per_10k")
    assert per_10k.values["21013"] == pytest.approx(5 / reference.population()["21013"] * 10_000)
    feedback = mapdata.background(inventory, "feedback")
    assert feedback.values["21013"] == pytest.approx(0.5) and feedback.known["21013"] == 2  # M-2 no, M-4 yes
    assert math.isnan(feedback.values["21001"]) and feedback.known["21001"] == 0
    quartiers = mapdata.background(inventory, "quartier_count")
    assert quartiers.level == "quartiers" and len(quartiers.values) == 145
    assert mapdata.background(inventory, "none") is None


def test_display_shapes_are_shared_simplified_and_cover_the_reference():
    communes, quartiers = mapdata.commune_shapes(), mapdata.quartier_shapes()
    assert set(communes) == set(reference.communes()["nis"]) and set(quartiers) == set(reference.quartiers()["mdrc"])
    assert mapdata.commune_shapes() is communes  # computed once
    coords = json.dumps(quartiers).count("[") - len(quartiers)
    assert coords < reference.quartiers().geometry.count_coordinates().sum()


def test_initiatives_map_layers_ids_counts_and_colours(inventory):
    result = maps.initiatives_map(inventory, "fr", "participation_level", "none", False, False, mapdata.view_for(()))
    layers = layer_json(result.deck)
    assert list(layers) == [maps.COMMUNES, maps.REGION, maps.COMMUNE_NAMES, maps.APPROXIMATE, maps.AREAS, maps.POINTS]
    assert len(objects(layers[maps.COMMUNES])) == 19 and 0 < len(objects(layers[maps.COMMUNE_NAMES])) < 19
    colours = code_colours("participation_level")
    points = {p["id"]: p for p in objects(layers[maps.POINTS])}
    assert set(points) == {"M-1", "M-2"}
    assert points["M-1"]["fill"][:3] == maps.rgba(colours["co_decision"])[:3]
    assert points["M-1"]["position"] == [4.3525, 50.8467]
    areas = objects(layers[maps.AREAS])
    assert [props(a)["id"] for a in areas] == ["M-3"] and props(areas[0])["line"][:3] == maps.rgba(
        colours["information"]
    )[:3]
    approximate = {o["key"]: o for o in objects(layers[maps.APPROXIMATE])}
    assert set(approximate) == {"c:21013", "q:48"}
    assert approximate["c:21013"]["radius"] > approximate["q:48"]["radius"]  # sized by count
    # One neutral style, whatever the colour choice: no per-object colour, no dashes.
    assert layers[maps.APPROXIMATE]["getLineColor"] == maps.rgba(maps.APPROXIMATE_INK)
    assert "extensions" not in layers[maps.APPROXIMATE]
    assert all(layers[i]["pickable"] for i in (maps.APPROXIMATE, maps.AREAS, maps.POINTS, maps.COMMUNES))
    assert not layers[maps.REGION]["pickable"] and not layers[maps.COMMUNE_NAMES]["pickable"]


def test_units_and_fonts_are_literal_text_not_accessors(inventory):
    spec = json.loads(
        maps.initiatives_map(inventory, "fr", "themes", "none", True, False, mapdata.view_for(())).deck.to_json()
    )
    settings = {
        (layer["id"], key): value
        for layer in spec["layers"]
        for key, value in layer.items()
        if key.endswith("Units") or key in ("fontFamily", "characterSet")
    }
    assert settings and all(not str(v).startswith("@@") for v in settings.values())
    assert settings[(maps.POINTS, "radiusUnits")] == "pixels"


def test_every_pickable_object_has_a_plain_text_tip(inventory):
    result = maps.initiatives_map(inventory, "nl", "themes", "count", True, False, mapdata.view_for(()))
    spec = json.loads(result.deck.to_json())
    assert result.deck._tooltip["text"] == "{tip}" and "html" not in result.deck._tooltip
    for layer in spec["layers"]:
        if layer.get("pickable"):
            assert all(props(o)["tip"] for o in objects(layer)), layer["id"]
    tips = {props(p)["id"]: props(p)["tip"] for p in objects({x["id"]: x for x in spec["layers"]}[maps.POINTS])}
    assert tips["M-2"].splitlines() == ["Titel M-2", "Commune de Saint-Gilles", "sinds 1/02/2020", "Consultatie"]


def test_legends_count_what_is_drawn(inventory):
    result = maps.initiatives_map(inventory, "en", "participation_level", "count", False, False, mapdata.view_for(()))
    legend = {item.label: item.count for item in result.legend}
    assert legend == {"Information": 1, "Consultation": 1, "Co-decision": 1}  # approximate ones are not coloured
    kinds = [(item.style, item.count) for item in result.kinds]
    assert kinds == [("point", 2), ("fill", 1), ("ring", 3)]
    assert len(result.background_legend) >= 2 and all(item.colour in SEQUENTIAL for item in result.background_legend)


def test_commune_choropleth_fills_by_class(inventory):
    result = maps.initiatives_map(inventory, "fr", "themes", "count", False, False, mapdata.view_for(()))
    communes = {props(f)["code"]: props(f) for f in objects(layer_json(result.deck)[maps.COMMUNES])}
    klasses = mapdata.background_classes(mapdata.background(inventory, "count"))
    top = maps.class_colours(len(klasses))[-1]
    assert communes["21013"]["fill"][:3] == maps.rgba(top)[:3]
    assert communes["21001"]["fill"][:3] == maps.rgba(maps.class_colours(len(klasses))[0])[:3]
    assert communes["21013"]["tip"] == "Saint-Gilles\nInitiatives par commune : 5"


def test_quartier_choropleth_keeps_commune_borders_above(inventory):
    layers = layer_json(
        maps.initiatives_map(inventory, "fr", "themes", "quartier_count", False, False, mapdata.view_for(())).deck
    )
    assert list(layers)[:2] == [maps.QUARTIERS, maps.COMMUNE_OUTLINES]
    assert len(objects(layers[maps.QUARTIERS])) == 145 and layers[maps.QUARTIERS]["pickable"]
    assert not layers[maps.COMMUNE_OUTLINES]["filled"]


def test_basemap_is_off_unless_asked_for(inventory):
    off = json.loads(
        maps.initiatives_map(inventory, "fr", "themes", "none", False, False, mapdata.view_for(())).deck.to_json()
    )
    assert off["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in off  # Streamlit loads no style for the sentinel
    assert "carto" not in json.dumps(off).lower()
    on = json.loads(
        maps.initiatives_map(inventory, "fr", "themes", "none", False, True, mapdata.view_for(())).deck.to_json()
    )
    assert on["mapProvider"] == "carto" and "mapStyle" not in on
    ground = lambda spec: {f["properties"]["fill"][3] for f in layers_of(spec)[maps.COMMUNES]["data"]["features"]}  # noqa: E731
    assert ground(off) == {255} and max(ground(on)) < 50  # the basemap shows through


def test_compact_json_holds_the_same_spec_as_pydecks(inventory):
    deck = maps.initiatives_map(inventory, "fr", "themes", "none", True, False, mapdata.view_for(())).deck
    compact = deck.to_json()
    assert "\n" not in compact
    assert json.loads(compact) == json.loads(super(maps.Deck, deck).to_json())


def test_past_the_limit_precise_initiatives_are_counted_per_quartier(inventory, monkeypatch):
    monkeypatch.setattr(mapdata, "MAX_DRAWN", 3)
    result = maps.initiatives_map(inventory, "fr", "themes", "none", False, False, mapdata.view_for(()))
    layers = layer_json(result.deck)
    assert maps.POINTS not in layers and maps.AREAS not in layers
    counted = {props(o)["code"]: o for o in objects(layers[maps.AGGREGATED])}
    # Grand-Place is in quartier 1; the Parvis and the square's centre in Saint-Gilles quartiers.
    assert 1 in counted and sum(int(o["tip"].split(": ")[1].split()[0]) for o in counted.values()) == 3
    assert len(objects(layers[maps.APPROXIMATE])) == 2
    assert result.legend == []


def test_solicitation_map_outlines_the_chosen_place(inventory):
    counts = pd.Series(0, index=reference.quartiers()["mdrc"])
    counts[48] = 3
    deck, legend = maps.solicitation_map(counts, "nl", mapdata.view_for(()), highlight="q:48")
    layers = layer_json(deck)
    assert list(layers) == [maps.QUARTIERS, maps.COMMUNE_OUTLINES, maps.REGION, maps.COMMUNE_NAMES, maps.HIGHLIGHT]
    fills = {props(f)["code"]: props(f)["fill"] for f in objects(layers[maps.QUARTIERS])}
    assert fills["48"] != fills["1"]
    assert objects(layers[maps.HIGHLIGHT])[0]["geometry"] == json.loads(json.dumps(mapdata.quartier_shapes()[48]))
    assert [item.label for item in legend] == ["0 – 2", "3"]


@pytest.mark.parametrize(
    ("selection", "target"),
    [
        (None, None),
        ({"indices": {}, "objects": {}}, None),
        ({"indices": {maps.POINTS: [0]}, "objects": {maps.POINTS: [{"id": "M-1", "tip": "x"}]}}, ("initiative", "M-1")),
        ({"objects": {maps.AREAS: [{"type": "Feature", "properties": {"id": "M-3"}}]}}, ("initiative", "M-3")),
        ({"objects": {maps.APPROXIMATE: [{"properties": {"key": "c:21013"}}]}}, ("place", "c:21013")),
        ({"objects": {maps.AGGREGATED: [{"code": 48}]}}, ("quartier", "48")),
        ({"objects": {maps.QUARTIERS: [{"properties": {"code": "48"}}]}}, ("quartier", "48")),
        ({"objects": {maps.COMMUNES: [{"properties": {"code": "21013"}}]}}, ("commune", "21013")),
        # A point over its commune: the point.
        (
            {"objects": {maps.COMMUNES: [{"properties": {"code": "21013"}}], maps.POINTS: [{"id": "M-1"}]}},
            ("initiative", "M-1"),
        ),
    ],
)
def test_selection_target(selection, target):
    assert maps.selection_target(selection) == target


POINT_A, POINT_B = ("initiative", "M-1"), ("initiative", "M-2")


@pytest.mark.parametrize(
    ("target", "last", "current", "shown"),
    [
        (None, None, None, None),  # nothing clicked, nothing in the link
        (None, None, "M-9", "M-9"),  # a link's record stays until the map is clicked
        (POINT_A, None, None, "M-1"),  # a click opens
        (POINT_A, None, "M-9", "M-1"),  # a click wins over the link
        (POINT_A, POINT_A, "M-1", "M-1"),  # the selection outlives its rerun: nothing changes
        (POINT_A, POINT_A, None, None),  # ... and a record closed some other way stays closed
        (POINT_B, POINT_A, "M-1", "M-2"),  # another point
        (None, POINT_A, "M-1", None),  # a click on it again (or on nothing) clears it
        (("place", "c:21013"), POINT_A, "M-1", None),  # a click on a place closes the record
    ],
)
def test_shown_initiative_follows_changes_of_selection(target, last, current, shown):
    assert maps.shown_initiative(target, last, current) == shown


def test_record_map_outlines_the_named_places_and_draws_the_location(inventory):
    row = inventory.set_index("id", drop=False).loc["M-1"]
    layers = layer_json(maps.record_map(row))
    assert maps.HIGHLIGHT in layers and "record-location" in layers
    assert not any(layer.get("pickable") for layer in layers.values())


def _name_boxes(texts: dict, positions: dict, zoom: float) -> dict:
    """The pixel box of each placed name, as the placement sizes it."""
    boxes = {}
    for code, (lon, lat) in positions.items():
        x, y = mapdata.world_pixels(lon, lat, zoom)
        lines = texts[code].split("\n")
        half_w = max(map(len, lines)) * mapdata.LABEL_CHAR_PX / 2
        half_h = len(lines) * mapdata.LABEL_LINE_PX / 2
        boxes[code] = shapely.box(float(x) - half_w, float(y) - half_h, float(x) + half_w, float(y) + half_h)
    return boxes


def test_commune_names_clear_the_markers_and_each_other():
    texts = {code: maps.label_lines(name) for code, name in reference.commune_names("nl").items()}
    zoom = mapdata.REGION_VIEW["zoom"]
    free = mapdata.commune_label_positions(texts, zoom, [], [])
    assert 8 <= len(free) < 19  # the small communes go unnamed at the region's zoom
    # A ring on Uccle's name and a point on Anderlecht's: both names move off them.
    markers = [shapely.Point(free["21016"]), shapely.Point(free["21001"])]
    crowded = mapdata.commune_label_positions(texts, zoom, markers, [18, 8])
    assert crowded["21016"] != free["21016"] and crowded["21001"] != free["21001"]
    boxes = _name_boxes(texts, crowded, zoom)
    for marker, radius in zip(markers, (18, 8), strict=True):
        x, y = mapdata.world_pixels(marker.x, marker.y, zoom)
        disc = shapely.Point(float(x), float(y)).buffer(radius)
        assert not any(box.intersects(disc) for box in boxes.values())
    for (a, first), (b, second) in itertools.combinations(boxes.items(), 2):
        assert not first.intersects(second), (a, b)
    communes = reference.communes().set_index("nis").geometry
    assert all(communes[code].contains(shapely.Point(position)) for code, position in crowded.items())
    # Closer up, more names fit.
    assert len(mapdata.commune_label_positions(texts, zoom + 1, [], [])) > len(free)


def test_legend_counts_are_written_as_the_language_writes_numbers():
    """A legend beside a map of 100,000 initiatives counts in thousands: "12.345" in Dutch."""
    from streamlit.testing.v1 import AppTest

    def page():
        from partdash.charts.maps import LegendItem
        from partdash.ui.context import set_lang
        from partdash.ui.maps import legend

        set_lang("nl")
        legend([LegendItem("#000000", "Mobiliteit", 12345)], "Thema")

    app = AppTest.from_function(page).run()
    shown = " ".join(m.value for m in app.markdown)
    assert "12.345" in shown and "12345" not in shown
