"""The loader's promise (SPEC 3-4): every supported file loads into canonical types, every
input row is loaded or rejected with its row number and field, every repair is a warning,
and a file that cannot be used raises one ``InventoryError`` sentence and nothing else."""

from __future__ import annotations

import ast
import unicodedata
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from conftest import (
    GRAND_PLACE,
    LILLE,
    PARVIS_SAINT_GILLES,
    canonical_row,
    geojson_feature,
    lambert_geometry,
    point,
    square,
    to_lambert,
    write_csv,
    write_excel_style_xlsx,
    write_xlsx,
)

import partdash
from partdash.i18n import LANGS, catalogue
from partdash.inventory import reference
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import InventoryError
from partdash.inventory.schema import COLUMN_ORDER, DATE_FIELDS, FIELDS, INT_FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS, MULTI_FIELDS, VOCABULARIES, normalise_token

REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)


def findings(items) -> set[tuple[int, str, str]]:
    return {(f.row, f.field, f.key) for f in items}


def assert_invariant(inv) -> None:
    """Rows in = rows loaded + rows rejected, and each input row is in exactly one of them."""
    report = inv.report
    loaded = list(inv.data["source_row"])
    assert report.rows_in == report.rows_loaded + report.rows_rejected
    assert len(loaded) == report.rows_loaded
    assert len(set(loaded) | set(report.rejected_rows)) == report.rows_in
    assert not set(loaded) & set(report.rejected_rows)


def three_rows(**middle) -> list[dict]:
    """Rows 2, 3 and 4 of a spreadsheet; ``middle`` changes row 3."""
    return [canonical_row(1), canonical_row(2, **middle), canonical_row(3)]


def test_canonical_row_covers_every_column():
    assert set(canonical_row()) == set(COLUMN_ORDER)


# --- every supported format ------------------------------------------------------------


def _expect_loaded(inv, n: int) -> None:
    assert inv.report.errors == []
    assert inv.report.rows_in == n == len(inv.data)
    assert list(inv.data["id"]) == [f"T-{i:03d}" for i in range(1, n + 1)]
    assert inv.data["themes"].iloc[0] == ("urban_planning",)
    assert inv.data["formats"].iloc[0] == ("workshop", "walk")
    assert inv.data["communes"].iloc[0] == ("21013",)
    assert inv.data["start_date"].iloc[0] == pd.Timestamp("2021-03-01")
    assert inv.data["participants"].iloc[0] == 120
    assert bool(inv.data["mandate_communicated"].iloc[0]) is True
    assert inv.data.crs.to_epsg() == 4326


def test_csv_loads(csv_file):
    inv = load_inventory(csv_file([canonical_row(i) for i in (1, 2, 3)]))
    _expect_loaded(inv, 3)
    assert inv.source == "inventory.csv"
    assert not inv.is_demo


def test_xlsx_loads_from_named_sheet_after_organisers(xlsx_file):
    path = xlsx_file(
        [canonical_row(i) for i in (1, 2)], sheet="inventaire", organisers=[{"organiser": "Commune de Saint-Gilles"}]
    )
    _expect_loaded(load_inventory(path), 2)


def test_xlsx_with_typed_cells_as_excel_stores_them(xlsx_file):
    typed = canonical_row(
        1,
        start_date=pd.Timestamp("2021-03-01"),
        end_date=pd.Timestamp("2022-06-30 00:00"),
        participants=120,
        budget_eur=15000.5,
        communes=21013,
        quartiers=47,
        mandate_communicated=True,
        results_published=False,
        proposals_total=10,
    )
    inv = load_inventory(xlsx_file([typed]))
    _expect_loaded(inv, 1)
    rec = inv.data.iloc[0]
    assert rec["end_date"] == pd.Timestamp("2022-06-30")
    assert rec["budget_eur"] == 15000.5
    assert rec["quartiers"] == (47,)
    assert not rec["results_published"]
    assert rec["proposals_total"] == 10


def test_geojson_with_lists_points_and_polygons(geojson_file):
    features = [
        geojson_feature(canonical_row(1, communes="21004", themes="urban_planning;mobility"), point(*GRAND_PLACE)),
        geojson_feature(canonical_row(2, quartiers=[47, 48]), square(*PARVIS_SAINT_GILLES)),
        geojson_feature(canonical_row(3, quartiers="47"), None),
    ]
    inv = load_inventory(geojson_file(features))
    assert inv.report.errors == []
    data = inv.data
    assert list(data["location_kind"]) == ["point", "area", "approximate"]
    assert data.geometry.iloc[0].equals(shapely.Point(GRAND_PLACE[1], GRAND_PLACE[0]))
    assert data.geometry.iloc[1].equals(shapely.geometry.shape(square(*PARVIS_SAINT_GILLES)))
    assert data["themes"].iloc[0] == ("urban_planning", "mobility")
    assert data["quartiers"].iloc[1] == (47, 48)
    assert data["formats"].iloc[2] == ("workshop", "walk")
    # Null properties are unknown, never "no".
    assert data["integrated_in_decision"].isna().all()
    # Features are numbered from 1.
    assert list(data["source_row"]) == [1, 2, 3]


def test_geojson_in_lambert_72_is_reprojected_with_a_warning(geojson_file):
    features = [
        geojson_feature(canonical_row(1, communes="21004"), lambert_geometry(point(*GRAND_PLACE))),
        geojson_feature(canonical_row(2), lambert_geometry(square(*PARVIS_SAINT_GILLES))),
    ]
    inv = load_inventory(geojson_file(features, lambert=True))
    assert inv.report.errors == []
    pt = inv.data.geometry.iloc[0]
    assert pt.distance(shapely.Point(GRAND_PLACE[1], GRAND_PLACE[0])) < 1e-6
    poly = inv.data.geometry.iloc[1]
    original = shapely.geometry.shape(square(*PARVIS_SAINT_GILLES))
    assert poly.symmetric_difference(original).area < 0.01 * original.area
    assert findings(inv.report.warnings) >= {(1, "location", "lambert_detected"), (2, "location", "lambert_detected")}


@pytest.mark.parametrize("crs", [4326, 31370])
def test_geopackage_loads_and_is_reprojected(gpkg_file, crs):
    rows = [canonical_row(1), canonical_row(2)]
    geoms = [
        shapely.Point(PARVIS_SAINT_GILLES[1], PARVIS_SAINT_GILLES[0]),
        shapely.geometry.shape(square(*PARVIS_SAINT_GILLES)),
    ]
    inv = load_inventory(gpkg_file(rows, geoms, crs=crs))
    _expect_loaded(inv, 2)
    assert list(inv.data["location_kind"]) == ["point", "area"]
    assert inv.data.geometry.iloc[0].distance(geoms[0]) < 1e-6


def test_geopackage_typed_columns_and_attribute_only_layer(tmp_path):
    typed = pd.DataFrame([canonical_row(1, framework="None"), canonical_row(2)])
    typed["participants"] = [120.0, float("nan")]
    path = tmp_path / "typed.gpkg"
    gpd.GeoDataFrame(typed, geometry=[shapely.Point(4.35, 50.85), None], crs=4326).to_file(path, layer="inventory")
    inv = load_inventory(path)
    assert inv.report.errors == []
    assert list(inv.data["participants"].astype(object)) == [120, pd.NA]
    assert inv.data["framework"].iloc[0] == "none"  # the English label "None" is a value, not a blank
    assert list(inv.data["location_kind"]) == ["point", "approximate"]

    table_only = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(pd.DataFrame([canonical_row(1)]), table_only, layer="inventory")
    inv = load_inventory(table_only)
    assert inv.report.errors == []
    assert list(inv.data["location_kind"]) == ["approximate"]


def test_geopackage_picks_the_inventory_layer(tmp_path):
    path = tmp_path / "layers.gpkg"
    gpd.GeoDataFrame({"note": ["x"]}, geometry=[shapely.Point(4.35, 50.85)], crs=4326).to_file(path, layer="aaa_notes")
    gpd.GeoDataFrame(pd.DataFrame([canonical_row(1)]), geometry=[shapely.Point(4.35, 50.85)], crs=4326).to_file(
        path, layer="inventory"
    )
    inv = load_inventory(path)
    assert list(inv.data["id"]) == ["T-001"]


# --- headers in three languages, Belgian CSV dialects -----------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_headers_as_labels(csv_file, lang):
    headers = {f.name: f.label(lang) for f in FIELDS}
    plain = load_inventory(csv_file([canonical_row(1), canonical_row(2)], name="plain.csv"))
    labelled = load_inventory(csv_file([canonical_row(1), canonical_row(2)], name="labelled.csv", headers=headers))
    assert labelled.report.errors == []
    pd.testing.assert_frame_equal(
        pd.DataFrame(labelled.data.drop(columns="geometry")), pd.DataFrame(plain.data.drop(columns="geometry"))
    )
    matched = {f.field for f in labelled.report.warnings if f.key == "header_matched"}
    # Any header that is not literally the canonical name is reported as read.
    assert matched == {headers[c] for c in canonical_row() if headers[c] != c}


def belgian_excel_rows() -> list[dict]:
    return [
        canonical_row(
            1,
            title_fr="Été à Forest : réaménagement",
            organiser="Commune de Forest",
            communes="Forest",
            start_date="01/03/2021",
            end_date="30/06/2022",
            budget_eur="15000,50",
            participants="120",
            lat="50,8270",
            lon="4,3456",
            mandate_communicated="oui",
            results_published="non",
        ),
        canonical_row(2, start_date="15/09/2020", end_date="", budget_eur="1.234,5"),
    ]


def test_belgian_excel_csv_cp1252_semicolon(csv_file):
    fr_headers = {f.name: f.fr for f in FIELDS}
    path = csv_file(belgian_excel_rows(), sep=";", encoding="cp1252", headers=fr_headers)
    assert "é".encode("cp1252") in path.read_bytes() and b";" in path.read_bytes()
    inv = load_inventory(path)
    assert inv.report.errors == []
    rec = inv.data.iloc[0]
    assert rec["title_fr"] == "Été à Forest : réaménagement"
    assert rec["communes"] == ("21007",)
    assert rec["start_date"] == pd.Timestamp("2021-03-01")
    assert rec["end_date"] == pd.Timestamp("2022-06-30")
    assert rec["budget_eur"] == 15000.5
    assert inv.data["budget_eur"].iloc[1] == 1234.5
    assert bool(rec["mandate_communicated"]) is True and bool(rec["results_published"]) is False
    assert rec.geometry.distance(shapely.Point(4.3456, 50.8270)) < 1e-9
    warned = findings(inv.report.warnings)
    assert (2, "start_date", "date_dayfirst") in warned
    assert (3, "start_date", "date_dayfirst") in warned
    assert (2, "communes", "commune_matched") in warned
    assert any(f.key == "encoding" and "1252" in f.message("en") for f in inv.report.warnings)


def test_utf8_with_bom(csv_file):
    path = csv_file([canonical_row(1)], sep=";", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    inv = load_inventory(path)
    assert inv.report.errors == []
    assert list(inv.data["id"]) == ["T-001"]
    # The BOM is not part of the first header: nothing was matched or ignored.
    assert not [f for f in inv.report.warnings if f.key in ("header_matched", "column_ignored", "encoding")]


def test_tab_separated(csv_file):
    inv = load_inventory(
        csv_file([canonical_row(1, themes="Mobilité;Logement"), canonical_row(2)], name="inventory.tsv", sep="\t")
    )
    assert inv.report.errors == []
    assert inv.data["themes"].iloc[0] == ("mobility", "housing")


def test_utf16_tab_text_as_excel_unicode_export(csv_file):
    inv = load_inventory(
        csv_file([canonical_row(1, title_fr="Ça bouge à Forest")], name="export.txt", sep="\t", encoding="utf-16")
    )
    assert inv.report.errors == []
    assert inv.data["title_fr"].iloc[0] == "Ça bouge à Forest"


def test_iso_timestamps_with_zone_are_dates(csv_file):
    inv = load_inventory(
        csv_file([canonical_row(1, start_date="2021-03-01T10:00:00Z", end_date="2022-06-30 00:00:00+02:00")])
    )
    assert inv.report.errors == []
    assert list(inv.data.loc[0, ["start_date", "end_date"]]) == [pd.Timestamp("2021-03-01"), pd.Timestamp("2022-06-30")]


def test_blank_rows_are_skipped_but_keep_their_number(csv_file):
    path = csv_file([canonical_row(1), canonical_row(2, themes="astrology")], sep=";")
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    # header, row 2, a blank line (row 3), the bad row (row 4), then rows of bare separators.
    empty = ";" * (len(COLUMN_ORDER) - 1)
    path.write_bytes("\r\n".join([lines[0], lines[1], "", lines[2], empty, empty, ""]).encode("utf-8"))
    inv = load_inventory(path)
    assert findings(inv.report.errors) == {(4, "themes", "unknown_code")}
    assert (inv.report.rows_in, inv.report.rows_loaded) == (2, 1)
    assert list(inv.data["source_row"]) == [2]


def test_blank_xlsx_row_keeps_spreadsheet_numbering(xlsx_file):
    blank = {k: "" for k in canonical_row()}
    inv = load_inventory(xlsx_file([canonical_row(1), blank, canonical_row(2, themes="astrology")]))
    assert findings(inv.report.errors) == {(4, "themes", "unknown_code")}
    assert inv.report.rows_in == 2


def test_multiline_cell_keeps_spreadsheet_row_numbers(csv_file):
    rows = [canonical_row(1, summary_fr="Première ligne\nseconde ligne"), canonical_row(2, organiser_level="federal")]
    inv = load_inventory(csv_file(rows))
    assert inv.data["summary_fr"].iloc[0] == "Première ligne\nseconde ligne"
    assert findings(inv.report.errors) == {(3, "organiser_level", "unknown_code")}


# --- communes and codes given as names and labels ---------------------------------------


@pytest.mark.parametrize(
    "given, nis",
    [
        ("Sint-Gillis", "21013"),
        ("Saint-Gilles", "21013"),
        ("21013", "21013"),
        ("saint gilles", "21013"),
        ("SINT-GILLIS", "21013"),
        ("Bruxelles", "21004"),
        ("Bruxelles-Ville", "21004"),
        ("Brussel", "21004"),
        ("Stad Brussel", "21004"),
        ("Molenbeek", "21012"),
        ("Woluwe-Saint-Lambert", "21018"),
        ("Sint-Lambrechts-Woluwe", "21018"),
    ],
)
def test_commune_aliases(csv_file, given, nis):
    inv = load_inventory(csv_file([canonical_row(1, communes=given)]))
    assert inv.report.errors == []
    assert inv.data["communes"].iloc[0] == (nis,)
    matched = [f for f in inv.report.warnings if f.key == "commune_matched"]
    assert len(matched) == (0 if given == nis else 1)


def test_every_reference_commune_name_resolves(csv_file):
    communes = reference.communes()
    rows = [
        canonical_row(i, communes=name)
        for i, name in enumerate(list(communes["name_fr"]) + list(communes["name_nl"]), 1)
    ]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []
    assert [c[0] for c in inv.data["communes"]] == list(communes["nis"]) * 2


def test_several_communes_deduplicated_in_order(csv_file):
    inv = load_inventory(csv_file([canonical_row(1, perimeter="multi_commune", communes="Ixelles; Elsene;21013")]))
    assert inv.data["communes"].iloc[0] == ("21009", "21013")


def _label_variants(text: str) -> list[str]:
    """The label as typed, upper-cased, and lower-cased with its accents dropped."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [text, text.upper(), bare.lower()]


@pytest.mark.parametrize("field", sorted(set(VOCABULARIES) - {"yes_no", "participation_staff"}))
def test_codes_given_as_labels_in_any_language_and_case(csv_file, field):
    vocab = VOCABULARIES[field]
    cases = [
        (term.code, variant) for term in vocab.terms for lang in LANGS for variant in _label_variants(term.label(lang))
    ]
    rows = [canonical_row(i, **{field: text}) for i, (_, text) in enumerate(cases, 1)]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []
    got = list(inv.data[field])
    expected = [(code,) if vocab.multi else code for code, _ in cases]
    assert got == expected
    # Anything but the code itself is reported as a repair.
    relabelled = {f.row for f in inv.report.warnings if f.field == field and f.key == "label_matched"}
    assert relabelled == {
        i + 2 for i, (code, text) in enumerate(cases) if normalise_token(text) != normalise_token(code)
    }


@pytest.mark.parametrize("field", FOLLOWUP_FIELDS)
def test_yes_no_in_three_languages(csv_file, field):
    given = ["Oui", "NON", "ja", "Nee", "yes", "No", "", "true", "0"]
    rows = [canonical_row(i, **{field: text}) for i, text in enumerate(given, 1)]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []
    assert list(inv.data[field].astype(object)) == [True, False, True, False, True, False, pd.NA, True, False]


def test_quartiers_by_code_or_name(csv_file):
    q = reference.quartiers().set_index("mdrc")
    rows = [
        canonical_row(1, quartiers="47;48"),
        canonical_row(2, quartiers=q.at[47, "name_fr"].title()),
        canonical_row(3, quartiers=q.at[47, "name_nl"].lower()),
    ]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []
    assert list(inv.data["quartiers"]) == [(47, 48), (47,), (47,)]


# --- locations --------------------------------------------------------------------------


def _commune_geometry(nis: str):
    return reference.communes().set_index("nis").geometry[nis]


def test_lat_lon_in_degrees(csv_file):
    inv = load_inventory(
        csv_file([canonical_row(1, communes="21004", lat=str(GRAND_PLACE[0]), lon=str(GRAND_PLACE[1]))])
    )
    assert inv.data["location_kind"].iloc[0] == "point"
    assert inv.data.geometry.iloc[0].equals(shapely.Point(GRAND_PLACE[1], GRAND_PLACE[0]))
    assert not [f for f in inv.report.warnings if f.key == "lambert_detected"]


@pytest.mark.parametrize("columns", [("x", "y"), ("lon", "lat")], ids=["x_y", "lambert_in_lat_lon"])
def test_lambert_72_coordinates_are_reprojected_with_a_warning(csv_file, columns):
    x, y = to_lambert(*GRAND_PLACE)
    inv = load_inventory(
        csv_file(
            [canonical_row(1), canonical_row(2, communes="21004", **{columns[0]: f"{x:.1f}", columns[1]: f"{y:.1f}"})]
        )
    )
    assert inv.report.errors == []
    geom = inv.data.geometry.iloc[1]
    assert inv.data["location_kind"].iloc[1] == "point"
    # 0.1 m of rounding in the file; 1e-5 degree is about a metre.
    assert geom.distance(shapely.Point(GRAND_PLACE[1], GRAND_PLACE[0])) < 1e-5
    assert _commune_geometry("21004").contains(geom)
    assert (3, "location", "lambert_detected") in findings(inv.report.warnings)
    assert not [f for f in inv.report.warnings if f.key == "lambert_detected" and f.row == 2]


def test_rows_without_location_are_placed_approximately(csv_file):
    quartier_47 = reference.quartiers().set_index("mdrc").geometry[47]
    rows = [
        canonical_row(1, quartiers="47"),
        canonical_row(2, quartiers=""),
        canonical_row(3, perimeter="multi_commune", communes="21013;21009"),
        canonical_row(4, perimeter="region", communes="", organiser_level="regional"),
        canonical_row(
            5,
            perimeter="neighbourhood",
            quartiers="47;48",
            lat=str(PARVIS_SAINT_GILLES[0]),
            lon=str(PARVIS_SAINT_GILLES[1]),
        ),
    ]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []
    data = inv.data
    assert list(data["location_kind"]) == ["approximate", "approximate", "approximate", "none", "point"]
    assert data.geometry.iloc[0].equals(quartier_47)
    assert data.geometry.iloc[1].equals(_commune_geometry("21013"))
    both = data.geometry.iloc[2]
    expected_area = _commune_geometry("21013").area + _commune_geometry("21009").area
    assert both.area == pytest.approx(expected_area, rel=1e-3)
    assert both.contains(_commune_geometry("21009").representative_point())
    assert data.geometry.iloc[3] is None


# --- rejected rows ----------------------------------------------------------------------

REJECTIONS = [
    *[pytest.param({name: ""}, name, "required", id=f"missing_{name}") for name in REQUIRED_FIELDS],
    pytest.param({"id": "  "}, "id", "required", id="blank_id"),
    pytest.param({"communes": ""}, "communes", "communes_required", id="missing_communes"),
    pytest.param(
        {"title_fr": "", "title_nl": "", "title_en": "The square"}, "title_fr", "title_missing", id="missing_title"
    ),
    pytest.param({"organiser_level": "federal"}, "organiser_level", "unknown_code", id="unknown_level"),
    pytest.param({"themes": "urban_planning;astrology"}, "themes", "unknown_code", id="unknown_theme"),
    pytest.param(
        {"participation_level": "co-management"},
        "participation_level",
        "unknown_code",
        id="unknown_participation_level",
    ),
    pytest.param({"communes": "21013;Waterloo"}, "communes", "unknown_commune", id="unknown_commune"),
    pytest.param({"communes": "21020"}, "communes", "unknown_commune", id="unknown_nis"),
    pytest.param({"start_date": "31/02/2021"}, "start_date", "bad_date", id="impossible_day"),
    pytest.param({"start_date": "spring 2021"}, "start_date", "bad_date", id="date_in_words"),
    pytest.param({"end_date": "2021-13-01"}, "end_date", "bad_date", id="impossible_month"),
    pytest.param({"start_date": "01/01/3021"}, "start_date", "bad_date", id="year_typo_future"),
    pytest.param({"start_date": "0021-03-01"}, "start_date", "bad_date", id="year_typo_past"),
    pytest.param(
        {"start_date": "2022-05-01", "end_date": "2021-05-01"}, "end_date", "end_before_start", id="end_before_start"
    ),
    pytest.param({"id": "T-001"}, "id", "duplicate_id", id="duplicate_id"),
    pytest.param({"id": " T-001 "}, "id", "duplicate_id", id="duplicate_id_with_spaces"),
    pytest.param(
        {"proposals_total": "5", "proposals_adopted": "4", "proposals_modified": "3", "proposals_rejected": "0"},
        "proposals_total",
        "proposals_exceed_total",
        id="proposals_exceed_total",
    ),
    pytest.param({"lat": str(LILLE[0]), "lon": str(LILLE[1])}, "location", "outside_region", id="point_outside_region"),
    pytest.param(
        {"x": f"{to_lambert(*LILLE)[0]:.0f}", "y": f"{to_lambert(*LILLE)[1]:.0f}"},
        "location",
        "outside_region",
        id="lambert_outside_region",
    ),
    pytest.param({"lat": "north", "lon": "4.35"}, "lat", "bad_coordinates", id="bad_coordinates"),
    pytest.param({"participants": "-5"}, "participants", "bad_number", id="negative_participants"),
    pytest.param({"budget_eur": "-100"}, "budget_eur", "bad_number", id="negative_budget"),
    pytest.param({"proposals_adopted": "-1"}, "proposals_adopted", "bad_number", id="negative_proposals"),
    pytest.param({"participants": "12.5"}, "participants", "bad_number", id="fractional_participants"),
    pytest.param({"participants": "12,5"}, "participants", "bad_number", id="fractional_participants_decimal_comma"),
    pytest.param({"participants": "about forty"}, "participants", "bad_number", id="participants_in_words"),
    pytest.param({"participants": "1e20"}, "participants", "bad_number", id="participants_beyond_integers"),
    pytest.param({"budget_eur": "1e400"}, "budget_eur", "bad_number", id="infinite_budget"),
    pytest.param({"budget_eur": "nan"}, "budget_eur", "bad_number", id="nan_budget"),
]


@pytest.mark.parametrize("overrides, field, key", REJECTIONS)
def test_rejected_row(csv_file, overrides, field, key):
    inv = load_inventory(csv_file(three_rows(**overrides)))
    report = inv.report
    assert (3, field, key) in findings(report.errors)
    assert {f.row for f in report.errors} == {3}
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (3, 2, 1)
    assert list(inv.data["source_row"]) == [2, 4]
    assert_invariant(inv)
    for finding in report.errors:
        for lang in LANGS:
            message = finding.message(lang)
            assert message and not message.startswith("loader.") and "{" not in message


LENIENT = [
    pytest.param("results_published", "peut-être", "peut-être", pd.NA, id="unknown_yes_no"),
    pytest.param("quartiers", "9999", "9999", (), id="unknown_quartier_code"),
    pytest.param("quartiers", "Dailly;Quartier imaginaire", "Quartier imaginaire", (), id="unknown_quartier_name"),
    pytest.param("formats", "workshop;Atelier de rêve", "Atelier de rêve", (), id="unknown_format"),
    pytest.param("framework", "contrat magique", "contrat magique", pd.NA, id="unknown_framework"),
    pytest.param("recurrence", "tous les jeudis", "tous les jeudis", pd.NA, id="unknown_recurrence"),
]


@pytest.mark.parametrize("field, cell, unknown, empty", LENIENT)
def test_unknown_value_in_an_optional_field_keeps_the_row(csv_file, field, cell, unknown, empty):
    inv = load_inventory(csv_file(three_rows(**{field: cell})))
    report = inv.report
    assert report.errors == []
    assert (report.rows_in, report.rows_loaded) == (3, 3)
    value = inv.data.loc[1, field]
    assert value == empty if isinstance(empty, tuple) else pd.isna(value)
    assert inv.data.loc[0, "id"] == "T-001" and inv.data.loc[1, "id"] == "T-002"
    unmatched = report.unmatched
    assert [(f.row, f.field) for f in unmatched] == [(3, field)]
    params = dict(unmatched[0].params)
    assert params == {"value": cell, "unknown": unknown}
    for lang in LANGS:
        message = unmatched[0].message(lang)
        assert unknown in message and "{" not in message


def test_required_fields_stay_strict_with_unknown_values(csv_file):
    inv = load_inventory(csv_file(three_rows(organiser_level="federal", themes="astrology")))
    assert findings(inv.report.errors) == {(3, "organiser_level", "unknown_code"), (3, "themes", "unknown_code")}
    assert inv.report.unmatched == []


def test_duplicate_id_names_the_first_row(csv_file):
    inv = load_inventory(csv_file(three_rows(id="T-001") + [canonical_row(4, id="T-001")]))
    dupes = [f for f in inv.report.errors if f.key == "duplicate_id"]
    assert [f.row for f in dupes] == [3, 5]
    assert all("row 2" in f.message("en") for f in dupes)
    assert list(inv.data["id"]) == ["T-001", "T-003"]


def test_proposals_message_gives_sum_and_total(csv_file):
    inv = load_inventory(
        csv_file(three_rows(proposals_total="5", proposals_adopted="4", proposals_modified="3", proposals_rejected=""))
    )
    (finding,) = inv.report.errors
    assert "(7)" in finding.message("en") and "(5)" in finding.message("en")


def test_proposals_without_total_or_adding_up_are_kept(csv_file):
    rows = [
        canonical_row(1, proposals_total="", proposals_adopted="4", proposals_modified="3", proposals_rejected="9"),
        canonical_row(2, proposals_total="9", proposals_adopted="4", proposals_modified="3", proposals_rejected="2"),
        canonical_row(3, proposals_total="9", proposals_adopted="", proposals_modified="", proposals_rejected=""),
    ]
    inv = load_inventory(csv_file(rows))
    assert inv.report.errors == []


def test_a_row_with_several_problems_is_rejected_once(csv_file):
    inv = load_inventory(csv_file(three_rows(organiser_level="federal", start_date="soon", participants="-1")))
    assert {(f.row, f.field) for f in inv.report.errors} == {
        (3, "organiser_level"),
        (3, "start_date"),
        (3, "participants"),
    }
    assert inv.report.rows_rejected == 1
    assert_invariant(inv)


def test_rejected_row_numbers_in_xlsx_and_geojson(xlsx_file, geojson_file):
    xlsx = load_inventory(xlsx_file(three_rows(themes="astrology")))
    assert findings(xlsx.report.errors) == {(3, "themes", "unknown_code")}
    features = [geojson_feature(r, None) for r in three_rows(themes="astrology")]
    geo = load_inventory(geojson_file(features))
    assert findings(geo.report.errors) == {(2, "themes", "unknown_code")}
    assert_invariant(xlsx)
    assert_invariant(geo)


def test_many_bad_rows_among_good_ones(csv_file):
    bad = {3: {"themes": ""}, 5: {"start_date": "2021-02-30"}, 6: {"communes": "Paris"}, 9: {"participants": "-3"}}
    rows = [canonical_row(i, **bad.get(i, {})) for i in range(1, 11)]
    inv = load_inventory(csv_file(rows))
    assert inv.report.rejected_rows == [i + 1 for i in bad]
    assert (inv.report.rows_in, inv.report.rows_loaded, inv.report.rows_rejected) == (10, 6, 4)
    assert_invariant(inv)


def test_every_row_rejected_gives_an_empty_inventory(csv_file):
    inv = load_inventory(csv_file([canonical_row(1, themes=""), canonical_row(2, start_date="never")]))
    assert inv.report.rows_loaded == 0 and inv.report.rows_rejected == 2
    assert inv.data.empty
    assert list(inv.data.columns[: len(COLUMN_ORDER)]) == list(COLUMN_ORDER)
    assert not inv.is_demo


def test_bad_url_is_dropped_with_a_warning_not_rejected(csv_file):
    inv = load_inventory(csv_file([canonical_row(1, url="javascript:alert(1)")]))
    assert inv.report.errors == []
    assert pd.isna(inv.data["url"].iloc[0])
    assert (2, "url", "bad_url") in findings(inv.report.warnings)


# --- unusable files ---------------------------------------------------------------------


def _xlsx_bytes(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "real.xlsx", [canonical_row(1)]).read_bytes()


UNUSABLE = [
    pytest.param("empty.csv", lambda tmp: b"", {}, "empty", id="empty_file"),
    pytest.param("blank.csv", lambda tmp: b"  \r\n\r\n", {}, "empty", id="blank_file"),
    pytest.param(
        "header_only.csv", lambda tmp: ",".join(COLUMN_ORDER).encode() + b"\r\n", {}, "empty", id="header_only"
    ),
    pytest.param("junk.csv", lambda tmp: bytes(range(256)) * 40, {}, "binary", id="binary_junk"),
    pytest.param("renamed.csv", _xlsx_bytes, {}, "binary", id="xlsx_renamed_csv"),
    pytest.param("report.pdf", lambda tmp: b"%PDF-1.7\n", {}, "bad_extension", id="pdf"),
    pytest.param("noext", lambda tmp: b"id,title_fr\n1,x\n", {}, "bad_extension", id="no_extension"),
    pytest.param("other.csv", lambda tmp: b"foo;bar;baz\n1;2;3\n", {}, "no_known_columns", id="no_known_columns"),
    pytest.param(
        "wide.csv",
        lambda tmp: b"id,title_fr,organiser\nA,x,y,z\nB,x,y,z\n",
        {},
        "unreadable",
        id="rows_wider_than_header",
    ),
    pytest.param(
        "ragged.csv",
        lambda tmp: b"id,title_fr,organiser\nA,x,y\nB,x,y,z\n",
        {},
        "unreadable",
        id="one_row_wider_than_header",
    ),
    pytest.param(
        "open_quote.csv", lambda tmp: b'id,title_fr,organiser\n"A,x,y\n', {}, "unreadable", id="unclosed_quote"
    ),
    pytest.param(
        "separators.csv",
        lambda tmp: ",".join(COLUMN_ORDER).encode() + b"\r\n" + b"," * 37 + b"\r\n",
        {},
        "empty",
        id="only_empty_rows",
    ),
    pytest.param("utf16junk.csv", lambda tmp: b"\xff\xfe\x00", {}, "binary", id="broken_utf16"),
    pytest.param(
        "partial.csv",
        lambda tmp: b"id,title_fr,organiser\nA,x,y\n",
        {},
        "missing_required_columns",
        id="missing_required_columns",
    ),
    pytest.param(
        "big.csv", lambda tmp: ",".join(COLUMN_ORDER).encode() * 10, {"max_bytes": 100}, "too_large", id="oversize"
    ),
    pytest.param("corrupt.xlsx", lambda tmp: b"PK\x03\x04 this is not a workbook", {}, "unreadable", id="corrupt_xlsx"),
    pytest.param("truncated.xlsx", lambda tmp: _xlsx_bytes(tmp)[:500], {}, "unreadable", id="truncated_xlsx"),
    pytest.param("text.xlsx", lambda tmp: b"id;title\n1;x\n", {}, "unreadable", id="csv_renamed_xlsx"),
    pytest.param(
        "bad.geojson",
        lambda tmp: b'{"type": "FeatureCollection", "features": [',
        {},
        "unreadable",
        id="truncated_geojson",
    ),
    pytest.param("list.geojson", lambda tmp: b"[1, 2, 3]", {}, "unreadable", id="geojson_list"),
    pytest.param(
        "nofeat.geojson",
        lambda tmp: b'{"type": "FeatureCollection", "features": 3}',
        {},
        "unreadable",
        id="geojson_features_not_list",
    ),
    pytest.param(
        "badgeom.geojson",
        lambda tmp: (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            b'"geometry": {"type": "Blob", "coordinates": 1}}]}'
        ),
        {},
        "empty",  # the broken geometry is dropped with its reason; no property is left to load
        id="geojson_bad_geometry",
    ),
    pytest.param(
        "zero.geojson",
        lambda tmp: b'{"type": "FeatureCollection", "features": []}',
        {},
        "empty",
        id="geojson_no_feature",
    ),
    pytest.param(
        "latin.geojson",
        lambda tmp: '{"type": "Feature", "properties": {"id": "é"}}'.encode("cp1252"),
        {},
        "unreadable",
        id="geojson_not_utf8",
    ),
    pytest.param("corrupt.gpkg", lambda tmp: b"SQLite format 3\x00 broken", {}, "unreadable", id="corrupt_gpkg"),
]


@pytest.mark.parametrize("filename, content, kwargs, key", UNUSABLE)
def test_unusable_file_raises_one_clear_sentence(tmp_path, filename, content, kwargs, key):
    path = tmp_path / filename
    path.write_bytes(content(tmp_path))
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, **kwargs)
    assert caught.value.key == key
    for lang in LANGS:
        message = caught.value.message(lang)
        assert filename in message
        assert "{" not in message and not message.startswith("loader.")
        assert "Traceback" not in message and "\n" not in message
    assert str(caught.value) == caught.value.message("en")


def test_missing_file_raises_inventory_error(tmp_path):
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "nowhere.csv")
    assert caught.value.key == "not_found"


def test_missing_required_columns_are_named(csv_file):
    rows = [{k: v for k, v in canonical_row(1).items() if k not in ("themes", "title_fr", "title_nl")}]
    with pytest.raises(InventoryError) as caught:
        load_inventory(csv_file(rows))
    message = caught.value.message("en")
    assert "themes" in message and "title_fr" in message
    assert "start_date" not in message


def test_header_only_xlsx_is_empty(xlsx_file):
    path = xlsx_file([canonical_row(1)])
    frame = pd.read_excel(path, dtype=str).iloc[0:0]
    frame.to_excel(path, index=False)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert caught.value.key == "empty"


def test_display_name_is_used_in_messages(tmp_path):
    path = tmp_path / "upload_7f3a.csv"
    path.write_bytes(b"")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path, name="Mon inventaire.csv")
    assert "Mon inventaire.csv" in caught.value.message("fr")


# --- derived and typed columns ----------------------------------------------------------


def test_status_derived_from_dates_when_empty(csv_file):
    rows = [
        canonical_row(1, status="", start_date="2024-01-01", end_date=""),
        canonical_row(2, status="", start_date="2021-01-01", end_date="2022-01-01"),
        canonical_row(3, status="", start_date="2021-01-01", end_date=""),
        canonical_row(4, status="", start_date="2022-01-01", end_date="2024-01-01"),
        canonical_row(5, status="En cours", start_date="2020-01-01", end_date="2021-01-01"),
    ]
    inv = load_inventory(csv_file(rows), today=date(2023, 6, 1))
    assert list(inv.data["status"]) == ["planned", "completed", "ongoing", "ongoing", "ongoing"]
    derived = {(f.row, f.message("en", codes=True)) for f in inv.report.warnings if f.key == "status_derived"}
    assert {row for row, _ in derived} == {2, 3, 4, 5}
    assert any(row == 3 and "completed" in msg for row, msg in derived)


def test_duration_months(csv_file):
    rows = [
        canonical_row(1, start_date="2021-01-01", end_date="2022-01-01"),
        canonical_row(2, start_date="2021-01-01", end_date="2022-01-01", recurrence="permanent"),
        canonical_row(3, start_date="2021-01-01", end_date=""),
        canonical_row(4, start_date="2021-01-01", end_date="2021-01-01", recurrence="recurring"),
        canonical_row(5, start_date="2021-01-01", end_date="2022-01-01", recurrence=""),
    ]
    months = load_inventory(csv_file(rows)).data["duration_months"]
    assert months.iloc[0] == pytest.approx(365 / 30.44)
    assert pd.isna(months.iloc[1]) and pd.isna(months.iloc[2])
    assert months.iloc[3] == 0
    assert months.iloc[4] == pytest.approx(365 / 30.44)
    assert str(months.dtype) == "Float64"


def test_dtypes(csv_file):
    data = load_inventory(
        csv_file([canonical_row(1, quartiers="47"), canonical_row(2, selection="", participants="", budget_eur="")])
    ).data
    for name in MULTI_FIELDS:
        assert all(isinstance(v, tuple) for v in data[name]), name
    assert data["selection"].iloc[1] == ()
    for name in FOLLOWUP_FIELDS:
        assert str(data[name].dtype) == "boolean", name
    assert data["integrated_in_decision"].isna().all()  # unknown stays NA, never False
    assert data["feedback_to_participants"].eq(False).all()
    for name in INT_FIELDS:
        assert str(data[name].dtype) == "Int64", name
    assert pd.isna(data["participants"].iloc[1])
    for name in DATE_FIELDS:
        assert str(data[name].dtype).startswith("datetime64"), name
    assert str(data["budget_eur"].dtype) == "Float64"
    for f in FIELDS:
        if f.kind in ("text", "code", "url") and f.name in data:
            assert isinstance(data[f.name].dtype, pd.StringDtype), f.name
    assert str(data["start_year"].dtype) == "Int64" and list(data["start_year"]) == [2021, 2021]
    assert list(data["source_row"]) == [2, 3]
    assert data.crs.to_epsg() == 4326


# --- organisers table -------------------------------------------------------------------

ORGANISERS = [
    {
        "organiser": "Commune de Saint-Gilles",
        "organiser_level": "Communal",
        "commune": "Sint-Gillis",
        "participation_staff": "Agent de participation",
    },
    {
        "organiser": "Bruxelles Environnement",
        "organiser_level": "gewestelijk",
        "commune": "",
        "participation_staff": "service",
    },
    {"organiser": "", "organiser_level": "communal", "commune": "21001", "participation_staff": "none"},
]
EXPECTED_ORGANISERS = pd.DataFrame(
    {
        "organiser": ["Commune de Saint-Gilles", "Bruxelles Environnement"],
        "organiser_level": ["communal", "regional"],
        "commune": ["21013", pd.NA],
        "participation_staff": ["officer", "service"],
    },
    dtype="string",
)


def test_organisers_from_xlsx_sheet(xlsx_file):
    inv = load_inventory(xlsx_file([canonical_row(1)], sheet="inventaire", organisers=ORGANISERS))
    pd.testing.assert_frame_equal(inv.organisers, EXPECTED_ORGANISERS)
    assert [f.key for f in inv.report.warnings if f.field == "organisers"] == ["organisers_row"]


def test_organisers_from_sibling_csv(tmp_path):
    path = write_csv(tmp_path / "inventory.csv", [canonical_row(1)], sep=";")
    write_csv(tmp_path / "inventory_organisers.csv", ORGANISERS, sep=";", encoding="cp1252")
    inv = load_inventory(path)
    pd.testing.assert_frame_equal(inv.organisers, EXPECTED_ORGANISERS)


def test_no_organisers_table(csv_file):
    assert load_inventory(csv_file([canonical_row(1)])).organisers is None


# --- column mapping ---------------------------------------------------------------------


def test_column_map_maps_and_ignores_unknown_headers(csv_file):
    rows = [
        {("Nom du projet" if k == "title_fr" else k): v for k, v in canonical_row(1).items() if k != "title_nl"}
        | {"Remarques internes": "à revoir"}
    ]
    path = csv_file(rows)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert caught.value.key == "missing_required_columns"
    inv = load_inventory(path, column_map={"Nom du projet": "title_fr", "Remarques internes": None})
    assert inv.report.errors == []
    assert inv.data["title_fr"].iloc[0] == canonical_row(1)["title_fr"]
    assert ("Remarques internes", "column_ignored") in {(f.field, f.key) for f in inv.report.warnings}


def test_column_map_can_drop_a_recognised_column(csv_file):
    inv = load_inventory(csv_file([canonical_row(1)]), column_map={"budget_eur": None})
    assert inv.data["budget_eur"].isna().all()


def test_unmapped_unknown_column_is_ignored_with_a_warning(csv_file):
    inv = load_inventory(csv_file([canonical_row(1) | {"Remarques": "x"}]))
    assert (0, "Remarques", "column_ignored") in findings(inv.report.warnings)


# --- messages ---------------------------------------------------------------------------

_KEY_CALLS = {"Finding": ("finding", 2), "_problem": ("finding", 0), "InventoryError": ("error", 0)}


def _keys_used_in_source() -> set[str]:
    """Catalogue keys named by string literals in the loader's modules."""
    from partdash.inventory.loader import _CHECK_FIELD

    keys = {f"loader.finding.{check}" for check in _CHECK_FIELD}
    for module in ("parsing", "loader", "readers"):
        tree = ast.parse((Path(partdash.__file__).parent / "inventory" / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _KEY_CALLS:
                area, pos = _KEY_CALLS[node.func.id]
                if (
                    len(node.args) > pos
                    and isinstance(node.args[pos], ast.Constant)
                    and isinstance(node.args[pos].value, str)
                ):
                    keys.add(f"loader.{area}.{node.args[pos].value}")
    return keys


def test_every_loader_message_key_is_in_the_catalogue():
    used = _keys_used_in_source()
    assert len(used) > 20  # the scan found the calls
    entries = catalogue()
    missing = sorted(k for k in used if k not in entries)
    assert missing == []
    for key in used:
        assert all(entries[key].get(lang, "").strip() for lang in LANGS), key


def test_participants_with_belgian_thousands_separator(tmp_path):
    """ "1.234" people in a count column is a thousands separator, not a fraction."""
    path = write_csv(
        tmp_path / "dots.csv", [canonical_row(1, participants="1.234"), canonical_row(2, participants="12")], sep=";"
    )
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    assert inventory.data["participants"].tolist() == [1234, 12]


def test_xlsx_cells_read_as_text_exactly_as_pandas_excel_reader_writes_them(tmp_path):
    """The sheet is read by calamine directly, without pandas' slow per-cell layer; the text
    of every cell and header must stay what that layer gave (numbers, dates, booleans,
    times, durations, blank and repeated headers, blank rows)."""
    import datetime

    import openpyxl

    from partdash.inventory.readers import _calamine_sheet

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "inventory"
    sheet.append(["id", "a", "a", None, "d", 7.0, "a.1"])
    sheet.append(["1", 2.0, 3.5, None, "x", datetime.time(10, 30), -0.0])
    sheet.append([])
    sheet.append(["3", True, None, None, "2021-01-01", 1e20, "é\n"])
    sheet.append(
        ["4", datetime.datetime(2021, 3, 1), datetime.date(2020, 1, 2), datetime.datetime(2021, 3, 1, 12, 5), None]
        + [datetime.timedelta(days=1), 12345678901234567890]
    )
    path = tmp_path / "mixed.xlsx"
    book.save(path)
    ours = _calamine_sheet(path, "mixed.xlsx", "inventory")
    theirs = pd.read_excel(path, dtype=str, keep_default_na=False, engine="calamine")
    assert list(ours.columns) == [str(c) for c in theirs.columns]
    assert ours.to_numpy().tolist() == theirs.to_numpy().tolist()


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        ('<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>1.5</t></is></c>', "NONE"),
        ('<c r="A1" t="str"><f>B1</f><v>abc</v></c>', "NONE"),
        ('<c r="A1" s="3"><v>12</v></c><c r="B1" t="n"><v>2958465</v></c>', "DAYS"),
        ('<c r="A1"><v>0</v></c>', "WHOLE"),
        ('<c r="A1"><v>-5</v></c>', "WHOLE"),
        ('<c r="A1"><v>2958466</v></c>', "WHOLE"),
        ('<c r="A1"><v>123456789012345</v></c>', "WHOLE"),
        ('<c r="A1"><v>1234567890123456</v></c>', "OTHER"),
        ('<c r="A1"><v>1.5</v></c>', "OTHER"),
        ('<c r="A1"><v>1E3</v></c>', "OTHER"),
        ('<c r="A1"><v>-0</v></c>', "OTHER"),
        ('<c r="A1"><v>007</v></c>', "OTHER"),
        ('<c r="A1"><v></v></c>', "OTHER"),
        ('<c r="A1" t="b"><v>1</v></c>', "OTHER"),
        ('<c r="A1" t="e"><v>#N/A</v></c>', "OTHER"),
        ('<c r="A1" t="d"><v>2021-03-01</v></c>', "OTHER"),
        ("<c r=\"A1\" t='b'><v>1</v></c>", "OTHER"),
        ('<c r="A1" t = "b"><v>1</v></c>', "OTHER"),
        ('<c r="A1"\tt="b"><v>1</v></c>', "OTHER"),
        (f'<c r="A1" s="1" cm="1" vm="1" ph="1" customAttribute="{"x" * 20}" t="b"><v>1</v></c>', "OTHER"),
        ('<x:c r="A1"><x:v>1</x:v></x:c>', "OTHER"),
    ],
)
def test_the_scan_reads_the_kind_of_every_value_from_its_cell(cells, kind):
    """Which reader writes a sheet's text depends on the widest number in it, read from the
    type in each value's cell tag: text types never count, and anything the scan cannot
    read with certainty counts as OTHER, which sends the sheet to the exact reader."""
    from partdash.inventory import xlsx

    assert xlsx._tags(f'<row r="1">{cells}</row>'.encode()).numbers == xlsx.Numbers[kind]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("0.00", "WHOLE"),
        ('0" jours"', "WHOLE"),
        ('"h"0', "WHOLE"),
        ("[Red]#,##0", "WHOLE"),
        ("yyyy-mm-dd", "DAYS"),
        ("[$-813]d mmmm yyyy", "DAYS"),
        ("h:mm", "DAYS"),
        ("[h]:mm:ss", "NONE"),
        ("[mm]:ss", "NONE"),
    ],
)
def test_a_cell_format_allows_the_numbers_both_readers_write_alike_under_it(code, kind):
    from partdash.inventory import xlsx

    assert xlsx._format_numbers(code) == xlsx.Numbers[kind]


def _excel_style_rows(extra: list | None = None) -> list[list]:
    rows = [canonical_row(n, participants=str(10 * n)) for n in (1, 2, 3)]
    typed = [
        [
            int(v) if k in ("participants", "budget_eur") else date.fromisoformat(v) if k == "start_date" else v
            for k, v in r.items()
        ]
        for r in rows
    ]
    return [list(rows[0]), *typed, *([extra] if extra else [])]


def test_an_excel_style_workbook_is_read_through_arrow_as_the_exact_reader_reads_it(tmp_path, monkeypatch):
    """Shared strings, whole numbers and dates in a date format: the fast reader reads
    them, and the inventory is the one the exact reader gives."""
    from partdash.inventory import readers

    path = write_excel_style_xlsx(tmp_path / "excel.xlsx", _excel_style_rows())
    exact = load_inventory(path)
    monkeypatch.setattr(readers, "_calamine_sheet", lambda *a: pytest.fail("read by the exact reader"))
    fast = load_inventory(path)
    pd.testing.assert_frame_equal(fast.data, exact.data)
    assert fast.data["start_date"].iloc[0] == pd.Timestamp("2021-03-01") and fast.report.rows_loaded == 3


def test_a_fraction_or_a_boolean_sends_the_sheet_to_the_exact_reader(tmp_path, monkeypatch):
    from partdash.inventory import readers

    monkeypatch.setattr(readers, "_arrow_sheet", lambda *a: pytest.fail("read through Arrow"))
    for n, cell in enumerate([1.5, True]):
        extra = list(canonical_row(9).values())[:-1] + [cell]
        path = write_excel_style_xlsx(tmp_path / f"typed{n}.xlsx", _excel_style_rows(extra))
        inventory = load_inventory(path)
        assert inventory.report.rows_in == 4


def test_the_cycle_collector_is_paused_while_a_file_loads_and_running_again_after(csv_file, monkeypatch):
    """A read pauses the cycle collector for speed; it must never leave it off, even when the
    file is refused."""
    import gc

    from partdash.inventory import loader

    seen = []
    read = loader.read_raw
    monkeypatch.setattr(loader, "read_raw", lambda *a, **k: (seen.append(gc.isenabled()), read(*a, **k))[1])
    assert gc.isenabled()
    load_inventory(csv_file([canonical_row()]))
    assert seen == [False] and gc.isenabled()
    bad = csv_file([canonical_row()])
    with pytest.raises(InventoryError):
        load_inventory(bad, max_bytes=1)
    assert gc.isenabled()
