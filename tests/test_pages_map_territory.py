"""The Map and Territory pages run headless (AppTest) on every dataset and language.

AppTest draws nothing: the deck's JSON and the plotly specs are read instead. Expected
counts come from the shipped CSV read with plain pandas, not from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from partdash.charts import maps
from partdash.i18n import LANGS, translate
from partdash.inventory import reference

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DATASETS = {
    "demo": ROOT / "data" / "demo" / "demo_inventory.csv",
    "examples": ROOT / "data" / "examples" / "examples.csv",
}
PAGES = ("map", "territory")


def app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_page(at: AppTest, stem: str) -> AppTest:
    at.run()
    at.switch_page(f"pages/{stem}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def decks(at: AppTest) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def layers(deck: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck["layers"]}


def count(layer: dict) -> int:
    data = layer["data"]
    return len(data["features"]) if isinstance(data, dict) else len(data)


def raw(dataset: str) -> pd.DataFrame:
    """The dataset's rows as text, multi-valued cells split by hand."""
    frame = pd.read_csv(DATASETS[dataset], dtype=str, keep_default_na=False)
    for column in ("communes", "quartiers"):
        frame[column] = frame[column].map(lambda cell: tuple(p for p in cell.split(";") if p))
    return frame


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_pages_render_for_every_dataset_and_language(dataset, lang):
    at = app(data=dataset, lang=lang)
    for stem in PAGES:
        open_page(at, stem)
        assert at.title[0].value == translate(f"nav.page.{stem}", lang)
        found = decks(at)
        assert len(found) == 1
        assert found[0]["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in found[0]
        names = layers(found[0])
        assert {maps.REGION, maps.COMMUNE_NAMES} <= set(names)
        if stem == "map":
            assert count(names[maps.COMMUNES]) == 19
            assert maps.POINTS in names
        else:
            assert count(names[maps.QUARTIERS]) == 145 and maps.HIGHLIGHT in names
            assert at.get("plotly_chart"), "the timeline is drawn"
        attribution = translate("shell.attribution", lang, urbis="\0").split("\0")[0]
        assert any(attribution in c.value for c in at.caption)


def test_map_after_a_commune_filter_draws_that_communes_initiatives():
    at = open_page(app(lang="fr", communes="21015"), "map")
    deck = decks(at)[0]
    names = layers(deck)
    demo = raw("demo")
    local = demo[demo["communes"].map(lambda codes: "21015" in codes)]
    points = local[local["lat"].ne("") & local["lon"].ne("")] if "lat" in local else local.iloc[0:0]
    assert count(names[maps.POINTS]) == len(points) > 0
    unplaced = local[(local["lat"] == "") | (local["lon"] == "")] if "lat" in local else local
    places = {
        ("q", tuple(sorted(q, key=int))) if q else ("c", tuple(sorted(c)))
        for q, c in zip(unplaced["quartiers"], unplaced["communes"], strict=False)
    }
    assert count(names[maps.APPROXIMATE]) == len(places)
    assert {p["id"] for p in names[maps.POINTS]["data"]} == set(points["id"])
    # The view fits Schaerbeek, not the whole region.
    assert deck["initialViewState"]["zoom"] > 10.5
    assert 50.84 < deck["initialViewState"]["latitude"] < 50.89


def test_map_url_choices_apply_and_bad_ones_fall_back():
    at = open_page(app(lang="nl", colour="participation_level", background="per_10k"), "map")
    assert at.selectbox(key="map_colour").value == "participation_level"
    assert at.selectbox(key="map_background").value == "per_10k"
    fills = {tuple(f["properties"]["fill"]) for f in layers(decks(at)[0])[maps.COMMUNES]["data"]["features"]}
    assert len(fills) > 1, "the choropleth shades communes differently"
    at = open_page(app(lang="nl", colour="<script>", background="everything"), "map")
    assert at.selectbox(key="map_colour").value == "themes"
    assert at.selectbox(key="map_background").value == "none"


def test_map_lists_region_wide_initiatives_apart():
    at = open_page(app(lang="en"), "map")
    demo = raw("demo")
    region_wide = int(((demo["perimeter"] == "region") & (demo["communes"].map(len) == 0)).sum())
    heading = translate("map.region_wide_title", "en", n=region_wide)
    assert heading in [h.value for h in at.subheader]
    assert at.dataframe[-1].value.shape[0] == region_wide  # the last list under the map


def test_territory_opens_the_place_in_the_link_and_ignores_a_bad_one():
    at = open_page(app(lang="fr", place="q:48"), "territory")
    assert at.selectbox(key="territory_place").value == "q:48"
    assert at.query_params["place"] == ["q:48"] or at.query_params["place"] == "q:48"
    at = open_page(app(lang="fr", place="q:48;drop"), "territory")
    assert at.selectbox(key="territory_place").value.startswith("c:")


def test_territory_counts_region_wide_only_on_request():
    at = open_page(app(lang="en", place="q:1"), "territory")

    def fills():
        return [f["properties"]["tip"] for f in layers(decks(at)[0])[maps.QUARTIERS]["data"]["features"]]

    before = fills()
    at.toggle(key="territory_include_region").set_value(True).run()
    assert not at.exception
    assert fills() != before


@pytest.mark.parametrize("stem", PAGES)
def test_a_filter_that_leaves_nothing_shows_the_warning_instead(stem):
    at = open_page(app(lang="nl", q="zzzzzz"), stem)
    assert [w.value for w in at.warning] == [translate("shell.no_match", "nl")]
    assert not decks(at) and not at.get("plotly_chart")


def test_the_commune_chosen_on_communes_is_the_place_on_territory_and_back():
    at = open_page(app(lang="fr", commune="21016"), "communes")
    # Streamlit drops the URL's parameters on a change of page: the session carries the commune.
    at.query_params.clear()
    at.switch_page("pages/territory.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="territory_place").value == "c:21016"
    assert at.query_params["commune"] in ("21016", ["21016"])
    # A quartier chosen on Territory: its commune goes back to Communes.
    quartier = reference.quartiers().query("commune_nis == '21004'")["mdrc"].iloc[0]
    at.selectbox(key="territory_place").set_value(f"q:{quartier}").run()
    at.query_params.clear()
    at.switch_page("pages/communes.py")
    at.run()
    assert at.selectbox(key="communes_choice").value == "21004"
