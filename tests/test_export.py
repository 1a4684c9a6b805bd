"""Exports: the machines' flavour loads back as the same inventory, the people's flavour
reads in the user's language and locale, and no cell runs as a formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely

from partdash.cli import main
from partdash.i18n import LANGS, translate
from partdash.inventory import reference
from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import COLUMN_ORDER, FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.export import FORMATS, ExportInfo, canonical_frame, export_bytes, people_frame

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "demo": ROOT / "data" / "demo" / "demo_inventory.csv",
    "examples": ROOT / "data" / "examples" / "examples.csv",
}


@pytest.fixture(scope="module")
def loaded():
    return {name: load_inventory(path) for name, path in SOURCES.items()}


def cells(frame: pd.DataFrame, column: str) -> list:
    """A column as plain Python values, missing ones as None, for exact comparison."""
    return [None if not isinstance(v, tuple) and pd.isna(v) else v for v in frame[column].tolist()]


# ---------------------------------------------------------------- for machines: loss-free


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", SOURCES)
def test_machine_export_loads_back_with_the_same_rows_and_fields(loaded, tmp_path, source, fmt):
    original = loaded[source].data
    assert len(original) > 0
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(export_bytes(original, fmt))
    again = load_inventory(path)
    assert again.report.rows_rejected == 0, [f.message("en") for f in again.report.errors[:5]]
    assert again.report.warnings == [], [f.message("en") for f in again.report.warnings[:5]]
    assert again.report.rows_in == len(original) == len(again.data)
    for column in (*COLUMN_ORDER, "location_kind", "duration_months"):
        assert cells(again.data, column) == cells(original, column), column
    kinds = original["location_kind"].to_numpy()
    assert (kinds == "approximate").any() and ((kinds == "point").any() or source == "examples")
    placed = kinds != "none"
    geometry = again.data.geometry
    assert geometry[placed].geom_equals_exact(original.geometry[placed], tolerance=1e-5).all()
    assert geometry[~placed].isna().all()


def test_machine_csv_keeps_codes_iso_dates_and_no_approximate_coordinates(loaded):
    data = loaded["demo"].data
    frame = canonical_frame(data)
    assert list(frame.columns) == [*COLUMN_ORDER, "lat", "lon"]
    kinds = data["location_kind"].to_numpy()
    assert (frame.loc[kinds != "point", ["lat", "lon"]] == "").all().all()
    rows = list(csv.DictReader(io.StringIO(export_bytes(data, "csv").decode("utf-8-sig"))))
    assert [bool(r["lat"]) for r in rows] == list(kinds == "point")
    assert rows[0]["start_date"] == data["start_date"].iloc[0].strftime("%Y-%m-%d")
    assert rows[0]["themes"] == ";".join(data["themes"].iloc[0])
    assert set(frame["feedback_to_participants"]) <= {"yes", "no", ""}


@pytest.mark.parametrize("labels", [None, "fr"])
def test_geojson_keeps_approximately_placed_initiatives_inside_their_places(loaded, labels):
    data = loaded["demo"].data
    doc = json.loads(export_bytes(data, "geojson", labels))
    features = doc["features"]
    assert doc["partdash"]["demonstration"] is True and doc["partdash"]["rows"] == len(data)
    kinds = data["location_kind"].tolist()
    assert [f["properties"]["approximate"] for f in features] == [k == "approximate" for k in kinds]
    assert [f["geometry"] is not None for f in features] == [k != "none" for k in kinds]
    approximate = [(f, area) for f, area, k in zip(features, data.geometry, kinds, strict=True) if k == "approximate"]
    assert len(approximate) > 10
    for feature, area in approximate:
        assert feature["geometry"]["type"] == "Point"
        assert area.contains(shapely.geometry.shape(feature["geometry"]))


def test_geopackage_has_the_inventory_layer_and_what_produced_it(loaded, tmp_path):
    data = loaded["demo"].data
    path = tmp_path / "export.gpkg"
    path.write_bytes(export_bytes(data, "gpkg", None, ExportInfo("Demo", "demo_inventory.csv", True)))
    layer = gpd.read_file(path, layer="inventory")
    assert len(layer) == len(data) and layer.crs.to_epsg() == 4326
    assert layer["approximate"].tolist() == (data["location_kind"] == "approximate").tolist()
    assert layer.geometry.notna().sum() == (data["location_kind"] != "none").sum()
    about = dict(pd.DataFrame(gpd.read_file(path, layer="about"))[["what", "value"]].itertuples(index=False))
    assert about[translate("export.demo_title", "en")] == translate("export.demo_text", "en")


# ---------------------------------------------------------------- for people: labels, locale


def _people_csv(data, lang: str) -> tuple[bytes, pd.DataFrame]:
    content = export_bytes(data, "csv", lang)
    sep = ";" if lang in ("fr", "nl") else ","
    return content, pd.read_csv(io.BytesIO(content), sep=sep, encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("lang", LANGS)
def test_people_csv_has_labels_in_the_language_and_the_locale_separator(loaded, lang):
    data = loaded["examples"].data
    content, frame = _people_csv(data, lang)
    assert content.startswith(b"\xef\xbb\xbf")
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.count(";" if lang in ("fr", "nl") else ",") == len(frame.columns) - 1
    assert list(frame.columns[: len(COLUMN_ORDER)]) == [FIELD_BY_NAME[c].label(lang) for c in COLUMN_ORDER]
    assert len(frame) == len(data)
    for column in ("themes", "participation_level", "perimeter"):
        vocab = VOCABULARIES[column]
        expected = data[column].map(
            lambda v, vocab=vocab: (
                "; ".join(vocab.label(c, lang) for c in v) if isinstance(v, tuple) else vocab.label(v, lang)
            )
        )
        assert frame[FIELD_BY_NAME[column].label(lang)].tolist() == expected.tolist(), column
    names = reference.commune_names(lang)
    communes = frame[FIELD_BY_NAME["communes"].label(lang)].tolist()
    assert communes == ["; ".join(names[c] for c in v) for v in data["communes"]]
    starts = frame[FIELD_BY_NAME["start_date"].label(lang)].tolist()
    assert starts == [d.strftime("%d/%m/%Y") for d in data["start_date"]]


def test_people_csv_writes_decimal_commas_in_french_and_points_in_english(tmp_path, csv_file):
    from conftest import canonical_row

    data = load_inventory(csv_file([canonical_row(1, budget_eur="1234.5")])).data
    assert _people_csv(data, "fr")[1].loc[0, "Budget (EUR)"] == "1234,5"
    assert _people_csv(data, "en")[1].loc[0, "Budget (EUR)"] == "1234.5"


def test_people_xlsx_has_a_frozen_filtered_header_and_says_what_produced_it(loaded):
    data = loaded["demo"].data
    filters = Filters(themes=("mobility",), years=(2019, 2023))
    info = ExportInfo("Démonstration", "demo_inventory.csv", True, filters, rows_total=len(data))
    workbook = openpyxl.load_workbook(io.BytesIO(export_bytes(data.head(20), "xlsx", "fr", info)))
    assert workbook.sheetnames == ["inventaire", "à propos"]
    sheet = workbook["inventaire"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}21"
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, sheet.max_column)]
    assert all(8 <= w <= 60 for w in widths) and max(widths) == 60 and min(widths) < 20
    header = [c.value for c in sheet[1]]
    assert header[-1] == translate("export.demo_column", "fr")
    start = sheet.cell(row=2, column=header.index("Date de début") + 1)
    assert start.is_date and start.number_format == "DD/MM/YYYY"
    about = {row[0]: row[1] for row in workbook["à propos"].iter_rows(values_only=True)}
    assert about[translate("export.demo_title", "fr")] == translate("export.demo_text", "fr")
    assert about["Thèmes"] == "Mobilité"
    assert about[translate("export.filter_years", "fr")] == "2019–2023"
    assert about[translate("export.about_rows", "fr")] == f"20 sur {len(data)}"
    assert about[translate("export.about_dataset", "fr")] == "Démonstration"


def test_real_data_exports_carry_no_demonstration_label(loaded):
    data = loaded["examples"].data
    assert translate("export.demo_column", "nl") not in people_frame(data, "nl").columns
    about = [row[0] for row in openpyxl.load_workbook(io.BytesIO(export_bytes(data, "xlsx", "nl")))["over"].values]
    assert translate("export.demo_title", "nl") not in about
    assert json.loads(export_bytes(data, "geojson"))["partdash"]["demonstration"] is False


# ---------------------------------------------------------------- the export command


def test_export_command_filters_like_the_address_and_labels(capsys, tmp_path):
    out = tmp_path / "mobility.csv"
    code = main(
        ["export", str(SOURCES["demo"]), "--labels", "nl", "--filter", "themes=mobility", "--filter", "years=2019-2023"]
        + ["-o", str(out)]
    )
    assert code == 0
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    data = load_inventory(SOURCES["demo"]).data
    expected = data[data["themes"].map(lambda v: "mobility" in v) & data["start_year"].between(2019, 2023)]
    assert 0 < len(frame) == len(expected) < len(data)
    assert frame["Identificatie"].tolist() == expected["id"].tolist()
    assert all("Mobiliteit" in v for v in frame["Thema's"])
    assert capsys.readouterr().out.strip() == translate("export.cli_written", "nl", rows=len(expected), path=out)


@pytest.mark.parametrize(
    "argument, key",
    [("themes=astrology", "cli_unknown_filter"), ("colour=red", "cli_bad_filter"), ("q", "cli_bad_filter")],
)
def test_export_command_refuses_a_filter_that_names_nothing(capsys, tmp_path, argument, key):
    out = tmp_path / "out.csv"
    assert main(["export", str(SOURCES["examples"]), "--filter", argument, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("partdash: ") and err.count("\n") == 1 and "Traceback" not in err
    assert translate(f"export.{key}", "en").split("{")[0][:12] in err
    assert not out.exists()


FORMULAS = {
    "title_fr": '=HYPERLINK("https://example.org","clic")',
    "title_nl": "+cmd",
    "title_en": "-1+1",
    "summary_fr": "@SUM(A1:A9)",
    "organiser": "Commune d'Ixelles",
}


@pytest.fixture
def formula_rows(tmp_path):
    row = {
        "id": "F-001",
        "organiser_level": "communal",
        "perimeter": "commune",
        "communes": "21009",
        "themes": "mobility",
        "participation_level": "consultation",
        "start_date": "2022-02-01",
        **FORMULAS,
    }
    path = tmp_path / "formulas.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    inventory = load_inventory(path)
    assert inventory.report.rows_loaded == 1
    assert inventory.data.loc[0, "title_fr"] == FORMULAS["title_fr"]
    return inventory.data


@pytest.mark.parametrize("labels", [None, "fr"])
def test_formulas_get_a_leading_apostrophe_in_csv(formula_rows, labels):
    sep = ";" if labels else ","
    content = export_bytes(formula_rows, "csv", labels).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(content), delimiter=sep))
    for column, text in FORMULAS.items():
        expected = text if column == "organiser" else "'" + text
        assert row[FIELD_BY_NAME[column].label(labels) if labels else column] == expected, column


@pytest.mark.parametrize("labels", [None, "nl"])
def test_formulas_get_a_leading_apostrophe_in_xlsx(formula_rows, labels):
    workbook = openpyxl.load_workbook(io.BytesIO(export_bytes(formula_rows, "xlsx", labels)))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    values = {name: cell for name, cell in zip(header, sheet[2], strict=False)}
    for column, text in FORMULAS.items():
        expected = text if column == "organiser" else "'" + text
        cell = values[FIELD_BY_NAME[column].label(labels) if labels else column]
        assert cell.value == expected and cell.data_type == "s", column
