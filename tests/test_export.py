"""Exports: every download loads back as the same inventory, and no cell runs as a formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import COLUMN_ORDER, DATE_FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS, MULTI_FIELDS
from partdash.outputs.export import canonical_frame, to_csv_bytes, to_geojson_bytes, to_xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "demo": ROOT / "data" / "demo" / "demo_inventory.csv",
    "examples": ROOT / "data" / "examples" / "examples.csv",
}
WRITERS = {"csv": to_csv_bytes, "xlsx": to_xlsx_bytes, "geojson": to_geojson_bytes}
COMPARED = (
    "id",
    "title_fr",
    "title_nl",
    "organiser",
    "organiser_level",
    "perimeter",
    "participation_level",
    "framework",
    "status",
    "participants",
    "budget_eur",
    "url",
    *MULTI_FIELDS,
    *DATE_FIELDS,
    *FOLLOWUP_FIELDS,
)


@pytest.fixture(scope="module")
def loaded():
    return {name: load_inventory(path) for name, path in SOURCES.items()}


def cells(frame: pd.DataFrame, column: str) -> list:
    """A column as plain Python values, missing ones as None, for exact comparison."""
    return [None if not isinstance(v, tuple) and pd.isna(v) else v for v in frame[column].tolist()]


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("source", SOURCES)
def test_export_loads_back_with_the_same_rows(loaded, tmp_path, source, fmt):
    original = loaded[source].data
    assert len(original) > 0
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(WRITERS[fmt](original))
    again = load_inventory(path)
    assert again.report.rows_rejected == 0, [f.message("en") for f in again.report.errors[:5]]
    assert again.report.rows_in == len(original)
    assert len(again.data) == len(original)
    for column in COMPARED:
        assert cells(again.data, column) == cells(original, column), column


@pytest.mark.parametrize("fmt", WRITERS)
def test_located_points_keep_their_place_and_approximate_ones_stay_approximate(loaded, tmp_path, fmt):
    original = loaded["demo"].data
    kinds = original["location_kind"].value_counts()
    assert kinds.get("point", 0) > 0 and kinds.get("approximate", 0) > 0
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(WRITERS[fmt](original))
    again = load_inventory(path).data
    assert again["location_kind"].tolist() == original["location_kind"].tolist()
    points = (original["location_kind"] == "point").to_numpy(bool)
    moved = again.geometry[points].get_coordinates() - original.geometry[points].get_coordinates()
    assert len(moved) == points.sum() and moved.abs().max().max() < 1e-5


def test_approximate_placements_are_not_exported_as_coordinates(loaded):
    data = loaded["demo"].data
    frame = canonical_frame(data)
    kinds = data["location_kind"].to_numpy()
    assert (frame.loc[kinds != "point", ["lat", "lon"]] == "").all().all()
    exact = frame.loc[kinds == "point"]
    assert exact["lat"].map(lambda v: 50.7 < v < 51.0).all() and exact["lon"].map(lambda v: 4.2 < v < 4.5).all()

    csv_rows = list(csv.DictReader(io.StringIO(to_csv_bytes(data).decode("utf-8-sig"))))
    assert [bool(r["lat"]) for r in csv_rows] == list(kinds == "point")

    features = json.loads(to_geojson_bytes(data))["features"]
    assert [f["geometry"] is not None for f in features] == list(kinds == "point")
    assert all("lat" not in f["properties"] for f in features)


def test_canonical_frame_has_the_canonical_columns_in_order(loaded):
    frame = canonical_frame(loaded["examples"].data)
    assert list(frame.columns) == [*COLUMN_ORDER, "lat", "lon"]
    assert frame["themes"].map(lambda v: isinstance(v, str)).all()
    assert set(frame["feedback_to_participants"]) <= {"yes", "no", ""}


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


def test_formulas_get_a_leading_apostrophe_in_csv(formula_rows):
    row = next(csv.DictReader(io.StringIO(to_csv_bytes(formula_rows).decode("utf-8-sig"))))
    for column, text in FORMULAS.items():
        expected = text if column == "organiser" else "'" + text
        assert row[column] == expected, column


def test_formulas_get_a_leading_apostrophe_in_xlsx(formula_rows):
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(formula_rows)))["inventory"]
    header = [c.value for c in sheet[1]]
    values = {name: cell for name, cell in zip(header, sheet[2], strict=False)}
    for column, text in FORMULAS.items():
        expected = text if column == "organiser" else "'" + text
        assert values[column].value == expected, column
        assert values[column].data_type == "s", column
