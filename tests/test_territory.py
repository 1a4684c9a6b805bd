"""Which initiatives touched a place, and how often each quartier was asked, on a
hand-made inventory whose answers were worked out from the reference map:

- a square of 0.0008° centred on (50.8294, 4.3390) crosses quartiers 48 (Porte de Hal)
  and 49 (Bosnie), both in Saint-Gilles (21013), and no other quartier;
- (50.8305, 4.3522) lies in quartier 41 (Berckmans - Hôtel des Monnaies, Saint-Gilles);
- (50.7977, 4.4189) lies in quartier 103 (Boitsfort Centre, Watermael-Boitsfort 21017);
- Saint-Gilles reaches into quartiers 11, 41, 42, 47, 48, 49, 50 and 804, and
  Watermael-Boitsfort into 101, 103, 104, 105, 106 and 906 (``communes_overlap``).
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from partdash import memo
from partdash.analysis import territory
from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.loader import load_inventory

SAINT_GILLES = (11, 41, 42, 47, 48, 49, 50, 804)
BOITSFORT = (101, 103, 104, 105, 106, 906)
SQUARE_48_49 = {
    "type": "Polygon",
    "coordinates": [[[4.3386, 50.829], [4.3394, 50.829], [4.3394, 50.8298], [4.3386, 50.8298], [4.3386, 50.829]]],
}
IN_41 = {"type": "Point", "coordinates": [4.3522, 50.8305]}
IN_103 = {"type": "Point", "coordinates": [4.4189, 50.7977]}


def initiative(ident: str, geometry: dict | None = None, **fields) -> dict:
    props = {
        "id": ident,
        "title_fr": f"Initiative {ident}",
        "title_nl": f"Initiatief {ident}",
        "organiser": "Commune de Saint-Gilles",
        "organiser_level": "communal",
        "perimeter": "neighbourhood",
        "communes": ["21013"],
        "quartiers": None,
        "themes": ["urban_planning"],
        "participation_level": "consultation",
        "start_date": "2019-01-01",
        "end_date": None,
        "results_published": None,
        "feedback_to_participants": None,
        "proposals_total": None,
        "proposals_adopted": None,
    }
    props.update(fields)
    return {"type": "Feature", "properties": props, "geometry": geometry}


HAND_MADE = [
    initiative(
        "T-001",
        quartiers=[41],
        start_date="2019-01-01",
        end_date="2019-12-31",
        results_published="yes",
        proposals_total=10,
        proposals_adopted=4,
    ),
    initiative("T-002", SQUARE_48_49, start_date="2020-03-01"),
    initiative(
        "T-003",
        perimeter="commune",
        communes=["21017"],
        organiser="Commune de Watermael-Boitsfort",
        start_date="2018-05-01",
        end_date="2018-06-30",
    ),
    initiative(
        "T-004",
        perimeter="region",
        communes=None,
        organiser="Parlement bruxellois",
        organiser_level="regional",
        start_date="2021-01-01",
        end_date="2021-12-31",
    ),
    initiative("T-005", IN_41, perimeter="commune", start_date="2022-01-01", feedback_to_participants="no"),
    initiative("T-006", IN_103, communes=["21017"], start_date="2023-02-01"),
    initiative("T-007", IN_41, communes=["21009"], start_date="2023-06-01", end_date="2023-09-30"),
]


@pytest.fixture(scope="module")
def inventory(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("territory") / "inventory.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": HAND_MADE}), encoding="utf-8")
    loaded = load_inventory(path, today=date(2025, 1, 1))
    assert not loaded.report.errors
    assert len(loaded.data) == len(HAND_MADE)
    return loaded.data


def ways(df: pd.DataFrame, place: str) -> dict[str, str]:
    rows = territory.touching(df, territory.parse_place(place))
    return dict(zip(rows["id"], rows["touch"], strict=False))


def test_the_inventory_is_placed_as_the_answers_assume(inventory):
    kinds = dict(zip(inventory["id"], inventory["location_kind"], strict=False))
    assert kinds == {
        "T-001": "approximate",
        "T-002": "area",
        "T-003": "approximate",
        "T-004": "none",
        "T-005": "point",
        "T-006": "point",
        "T-007": "point",
    }


def test_a_quartier_is_touched_by_listing_location_its_commune_and_the_region(inventory):
    assert ways(inventory, "q:41") == {
        "T-001": "listed",
        "T-004": "region_wide",
        "T-005": "located",
        "T-007": "located",
    }


def test_a_polygon_crossing_two_quartiers_touches_both_and_not_their_neighbours(inventory):
    for quartier in ("q:48", "q:49"):
        assert ways(inventory, quartier) == {"T-002": "located", "T-004": "region_wide", "T-005": "commune_wide"}
    assert "T-002" not in ways(inventory, "q:47")


def test_a_commune_only_initiative_reaches_every_quartier_of_its_commune(inventory):
    for mdrc in BOITSFORT:
        assert ways(inventory, f"q:{mdrc}").get("T-003") == "commune_wide"
    # Cureghem Bara lies mostly in Anderlecht but partly in Saint-Gilles.
    assert ways(inventory, "q:11") == {"T-004": "region_wide", "T-005": "commune_wide"}


def test_a_precisely_located_neighbourhood_initiative_is_not_spread_over_its_commune(inventory):
    assert ways(inventory, "q:103") == {"T-003": "commune_wide", "T-004": "region_wide", "T-006": "located"}
    assert "T-006" not in ways(inventory, "q:101")


def test_a_quartier_nothing_local_touched_still_gets_the_region_wide_ones(inventory):
    assert ways(inventory, "q:1") == {"T-004": "region_wide"}


def test_a_commune_is_touched_by_listing_location_and_the_region(inventory):
    assert ways(inventory, "c:21013") == {
        "T-001": "listed",
        "T-002": "listed",
        "T-004": "region_wide",
        "T-005": "listed",
        "T-007": "located",
    }
    assert ways(inventory, "c:21017") == {"T-003": "listed", "T-004": "region_wide", "T-006": "listed"}
    assert ways(inventory, "c:21009") == {"T-004": "region_wide", "T-007": "listed"}
    assert ways(inventory, "c:21004") == {"T-004": "region_wide"}


def test_touching_keeps_every_column_and_sorts_oldest_first(inventory):
    rows = territory.touching(inventory, territory.parse_place("c:21013"))
    assert list(rows["id"]) == ["T-001", "T-002", "T-004", "T-005", "T-007"]
    assert set(inventory.columns) < set(rows.columns)


def test_solicitation_counts_per_quartier(inventory):
    counts = territory.solicitation_counts(inventory)
    assert len(counts) == 145 and counts.index.is_unique
    expected = {41: 3, 48: 2, 49: 2, 11: 1, 42: 1, 47: 1, 50: 1, 804: 1, 101: 1, 103: 2, 104: 1, 105: 1, 106: 1, 906: 1}
    assert counts[counts > 0].to_dict() == expected
    assert set(SAINT_GILLES) | set(BOITSFORT) == set(expected)


def test_region_wide_initiatives_are_added_to_every_quartier_only_on_request(inventory):
    without = territory.solicitation_counts(inventory)
    with_region = territory.solicitation_counts(inventory, include_region=True)
    assert ((with_region - without) == 1).all()


def test_each_quartier_count_is_the_length_of_its_list(inventory):
    counts = territory.solicitation_counts(inventory)
    for mdrc in (1, 11, 41, 48, 103, 906):
        local = [w for w in ways(inventory, f"q:{mdrc}").values() if w != "region_wide"]
        assert counts[mdrc] == len(local)


def test_active_between_keeps_initiatives_running_in_the_period(inventory):
    def ids(first, last):
        return sorted(territory.active_between(inventory, first, last, today=date(2025, 1, 1))["id"])

    assert ids(2019, 2019) == ["T-001"]
    assert ids(2018, 2019) == ["T-001", "T-003"]
    assert ids(2020, 2020) == ["T-002"]  # open-ended, running since 2020
    assert ids(2024, 2024) == ["T-002", "T-005", "T-006"]
    assert ids(2030, 2031) == []


def test_places_are_validated_and_labelled_in_both_languages():
    assert territory.parse_place("q:48") == territory.Place("q", "48")
    assert territory.parse_place("c:21013") == territory.Place("c", "21013")
    for bad in ("q:9999", "c:99999", "x:48", "48", "", None, "q:48;drop"):
        assert territory.parse_place(bad) is None
    assert len(territory.place_codes()) == 19 + 145
    fr, nl = territory.place_labels("fr"), territory.place_labels("nl")
    assert fr["c:21013"].startswith("Saint-Gilles / Sint-Gillis")
    assert nl["c:21013"].startswith("Sint-Gillis / Saint-Gilles")
    assert "Saint-Gilles" in fr["q:48"]


def test_default_place_is_the_filtered_commune_or_the_most_named_one(inventory):
    assert territory.default_place(inventory, ("21017",)) == "c:21017"
    assert territory.default_place(inventory) == "c:21013"


def test_touch_table_reads_follow_up_and_years(inventory):
    rows = territory.touching(inventory, territory.parse_place("q:41"))
    table = territory.touch_table(rows, "fr").set_index("id")
    assert list(table.index) == ["T-007", "T-005", "T-004", "T-001"]  # newest first
    assert table.at["T-001", "years"] == "2019"
    assert table.at["T-005", "years"] == "2022–…"
    assert table.at["T-001", "proposals"] == "adoptées : 4 sur 10"
    assert table.at["T-005", "proposals"] == "inconnu"
    assert table.at["T-001", "results_published"] == "Oui"
    assert table.at["T-005", "feedback_to_participants"] == "Non"
    assert table.at["T-001", "feedback_to_participants"] == "inconnu"
    # The follow-up comes first, in words.
    assert list(table.columns[:5]) == list(territory.FOLLOWUP_COLUMNS)
    assert not table[list(territory.FOLLOWUP_COLUMNS)].isin(["✔", "✘", "?"]).any().any()
    assert table.at["T-004", "touch"] == translate("territory.touch.region_wide", "fr")
    assert table.at["T-001", "title"] == "Initiative T-001"


def test_timeline_frame_runs_open_ended_initiatives_to_today(inventory):
    rows = territory.touching(inventory, territory.parse_place("q:41"))
    frame = territory.timeline_frame(rows, "nl", today=date(2025, 1, 1))
    assert list(frame["id"]) == ["T-001", "T-004", "T-005", "T-007"]  # oldest first
    by_id = frame.set_index("id")
    assert bool(by_id.at["T-005", "open_ended"]) and by_id.at["T-005", "end"] == pd.Timestamp("2025-01-01")
    assert not by_id.at["T-001", "open_ended"] and by_id.at["T-001", "end"] == pd.Timestamp("2019-12-31")
    assert by_id.at["T-001", "title"] == "Initiatief T-001"
    assert list(territory.timeline_frame(rows, "fr", limit=2)["id"]) == ["T-005", "T-007"]


def test_touched_splits_local_and_region_wide_rows_once_per_view(inventory):
    rows = memo.mark_stable(inventory.copy())
    touched = territory.touched(rows, territory.parse_place("q:41"))
    assert sorted(touched.local["id"]) == ["T-001", "T-005", "T-007"]
    assert list(touched.region["id"]) == ["T-004"]
    assert touched.ways == {"listed": 1, "located": 2, "commune_wide": 0}
    assert territory.touched(rows, territory.parse_place("q:41")) is touched
    # The rows handed on are the same objects on every rerun, so what is built from them is too.
    assert territory.touch_table(touched.local, "fr") is territory.touch_table(touched.local, "fr")
    assert territory.touch_table(touched.local, "nl") is not territory.touch_table(touched.local, "fr")


def test_the_period_s_rows_and_counts_follow_the_day(inventory):
    rows = memo.mark_stable(inventory.copy())
    then = territory.active_between(rows, 2026, 2026, today=date(2025, 1, 1))
    later = territory.active_between(rows, 2026, 2026, today=date(2026, 6, 1))
    assert list(then["id"]) == [] and sorted(later["id"]) == ["T-002", "T-005", "T-006"]
    assert territory.active_between(rows, 2026, 2026, today=date(2026, 6, 1)) is later
    counts = territory.solicitation_counts(later)
    assert territory.solicitation_counts(later) is counts and counts.sum() > 0
    assert territory.year_span(rows) == (2018, 2023)


def test_top_quartiers_lists_the_most_asked_first(inventory):
    top = territory.top_quartiers(territory.solicitation_counts(inventory), "fr", n=3)
    names = reference.quartier_names("fr")
    assert list(top["mdrc"]) == [41, 48, 49]
    assert list(top["quartier"]) == [f"{names[m]} (Saint-Gilles)" for m in (41, 48, 49)]
    assert list(top["count"]) == [3, 2, 2]


def test_timeline_chart_bars_colours_hatching_and_escaped_hover(inventory):
    from partdash.charts.style import code_colours
    from partdash.charts.territory import timeline

    rows = territory.touching(inventory, territory.parse_place("q:41")).copy()
    rows.loc[rows["id"] == "T-001", "title_fr"] = "<b>Place</b> & co"
    frame = territory.timeline_frame(rows, "fr", today=date(2025, 1, 1))
    fig = timeline(frame, "fr", "Saint-Gilles", pd.Timestamp("2025-01-01"))
    bars = {trace.name: trace for trace in fig.data if trace.type == "bar" and trace.y[0] is not None}
    assert set(bars) == {"Consultation"}  # every hand-made initiative is a consultation
    consultation = bars["Consultation"]
    assert sorted(consultation.y) == ["T-001", "T-004", "T-005", "T-007"]
    assert list(consultation.y)[-1] == "T-005"  # hatched bars last, so the legend shows the plain colour
    assert list(fig.layout.yaxis.categoryarray) == ["T-001", "T-004", "T-005", "T-007"]
    assert consultation.marker.color == code_colours("participation_level")["consultation"]
    bar = {ident: i for i, ident in enumerate(consultation.y)}
    assert [consultation.marker.pattern.shape[bar[i]] for i in ("T-001", "T-005")] == ["", "/"]
    day = 86_400_000
    assert consultation.x[bar["T-001"]] == (pd.Timestamp("2019-12-31") - pd.Timestamp("2019-01-01")).days * day + day
    assert consultation.x[bar["T-005"]] == (pd.Timestamp("2025-01-01") - pd.Timestamp("2022-01-01")).days * day + day
    assert "pas de fin connue" in consultation.customdata[bar["T-005"]]
    first = consultation.customdata[bar["T-001"]]
    assert "&lt;b&gt;Place&lt;/b&gt; &amp; co" in first and "<b>Place</b>" not in first
    assert "Propositions adoptées : 4 sur 10" in first
    assert "Résultats publiés : Oui" in first
    assert "Retour aux participants : inconnu" in first
    assert fig.layout.yaxis.ticktext[0] == "&lt;b&gt;Place&lt;/b&gt; &amp; co"
    assert any(trace.name.startswith("Sans fin connue") for trace in fig.data)


def test_place_commune_is_the_commune_or_the_quartiers_commune():
    quartier = reference.quartiers().iloc[0]
    assert territory.place_commune(f"q:{quartier['mdrc']}") == str(quartier["commune_nis"])
    assert territory.place_commune("c:21001") == "21001"
    assert territory.place_commune("q:99999") is None and territory.place_commune(None) is None
