"""Builders of small inventory files for the data-layer tests, and the Streamlit server
and Chromium that the browser tests share (one of each per test module).

Every test writes the file it needs into its own ``tmp_path`` from rows made by
``canonical_row``, so that each test states the one thing it changes from a valid row.
The writers are exposed as fixtures bound to ``tmp_path``.
"""

from __future__ import annotations

import csv
import json
import os
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from browser_support import CHROMIUM, launch, streamlit_server
from openpyxl.utils import get_column_letter
from playwright.sync_api import sync_playwright
from pyproj import Transformer

from partdash import memo

# Two places checked against the reference communes: Grand-Place (Bruxelles, 21004)
# and Parvis de Saint-Gilles (Saint-Gilles, 21013).
GRAND_PLACE = (50.8467, 4.3525)
PARVIS_SAINT_GILLES = (50.8270, 4.3456)
LILLE = (50.6292, 3.0573)  # well outside the region

_TO_LAMBERT = Transformer.from_crs(4326, 31370, always_xy=True)


@pytest.fixture(autouse=True)
def _fresh_memory():
    """Each test builds its own figures: one that changes a module's constant (a limit, a
    palette) must not be handed a figure remembered from another test."""
    memo.forget()


def to_lambert(lat: float, lon: float) -> tuple[float, float]:
    """Belgian Lambert 72 (x, y) of a WGS84 point, as a surveyor's file would hold it."""
    return _TO_LAMBERT.transform(lon, lat)


def canonical_row(n: int = 1, **overrides) -> dict[str, str]:
    """A valid inventory row in canonical codes; ``overrides`` replace or add cells."""
    row = {
        "id": f"T-{n:03d}",
        "title_fr": f"Réaménagement de la place {n}",
        "title_nl": f"Heraanleg van het plein {n}",
        "title_en": "",
        "summary_fr": "Quel avenir pour la place ?",
        "summary_nl": "",
        "summary_en": "",
        "organiser": "Commune de Saint-Gilles",
        "organiser_service": "Service participation",
        "organiser_level": "communal",
        "perimeter": "commune",
        "communes": "21013",
        "quartiers": "",
        "themes": "urban_planning",
        "participation_level": "consultation",
        "selection": "open",
        "formats": "workshop;walk",
        "mobilisation": "letters",
        "publics": "all_residents",
        "framework": "none",
        "start_date": "2021-03-01",
        "end_date": "2022-06-30",
        "status": "completed",
        "recurrence": "one_off",
        "participants": "120",
        "budget_eur": "15000",
        "mandate_communicated": "yes",
        "results_published": "yes",
        "feedback_to_participants": "no",
        "integrated_in_decision": "",
        "response_obligation": "",
        "evaluation_done": "",
        "proposals_total": "10",
        "proposals_adopted": "4",
        "proposals_modified": "3",
        "proposals_rejected": "2",
        "url": "https://stgilles.brussels/projet",
        "updated": "2024-01-15",
    }
    row.update(overrides)
    return row


def rows_frame(rows: list[dict], headers: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows as a frame, cells kept as given (text, or typed values for an XLSX), missing
    cells empty; ``headers`` renames canonical columns (e.g. to FR labels)."""
    frame = pd.DataFrame(rows, dtype=object).fillna("")
    return frame.rename(columns=headers) if headers else frame


def write_csv(
    path: Path, rows: list[dict], *, sep: str = ",", encoding: str = "utf-8", headers: dict[str, str] | None = None
) -> Path:
    frame = rows_frame(rows, headers)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\r\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False))
    return path


def write_xlsx(
    path: Path,
    rows: list[dict],
    *,
    sheet: str = "inventory",
    organisers: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        if organisers is not None:
            # Before the inventory sheet, so that the reader must find the inventory by its name.
            pd.DataFrame(organisers).to_excel(xl, sheet_name="organisers", index=False)
        rows_frame(rows, headers).to_excel(xl, sheet_name=sheet, index=False)
    return path


def write_excel_style_xlsx(path: Path, rows: list[list]) -> Path:
    """A one-sheet workbook stored as Excel stores one: text in the shared strings, numbers
    as values, dates as day numbers in a date format (built-in 14)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    strings: dict[str, int] = {}
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{get_column_letter(c + 1)}{r}"
            if isinstance(value, str):
                cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - date(1899, 12, 30)).days}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    escaped = (s.replace("&", "&amp;").replace("<", "&lt;") for s in strings)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="inventory" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{ns}">{"".join(f"<si><t>{s}</t></si>" for s in escaped)}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{ns}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" '
        'applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return path


_LIST_FIELDS = ("communes", "quartiers", "themes", "selection", "formats", "mobilisation", "publics")


def geojson_feature(row: dict, geometry: dict | None) -> dict:
    """A feature whose multi-valued properties are JSON lists and empty cells null, as GeoJSON tools write them."""

    def prop(key, value):
        if value == "":
            return None
        if key in _LIST_FIELDS and isinstance(value, str):
            return [p for p in value.split(";") if p]
        return value

    props = {k: prop(k, v) for k, v in row.items()}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def square(lat: float, lon: float, half: float = 0.002) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def lambert_geometry(geometry: dict) -> dict:
    """The same geometry with its coordinates in Lambert 72 metres."""
    shp = shapely.geometry.shape(geometry)
    moved = shapely.transform(shp, lambda xy: np.column_stack(_TO_LAMBERT.transform(xy[:, 0], xy[:, 1])))
    return shapely.geometry.mapping(moved)


def write_geojson(path: Path, features: list[dict], *, lambert: bool = False) -> Path:
    doc = {"type": "FeatureCollection", "features": features}
    if lambert:
        doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def write_gpkg(path: Path, rows: list[dict], geometries: list, *, crs: int = 4326, layer: str = "inventory") -> Path:
    """GeoPackage through geopandas; ``geometries`` are shapely objects in EPSG:4326."""
    gdf = gpd.GeoDataFrame(rows_frame(rows), geometry=gpd.GeoSeries(geometries, crs=4326))
    gdf.to_crs(crs).to_file(path, layer=layer, driver="GPKG")
    return path


@pytest.fixture
def csv_file(tmp_path):
    def make(rows, name="inventory.csv", **kwargs):
        return write_csv(tmp_path / name, rows, **kwargs)

    return make


@pytest.fixture
def xlsx_file(tmp_path):
    def make(rows, name="inventory.xlsx", **kwargs):
        return write_xlsx(tmp_path / name, rows, **kwargs)

    return make


@pytest.fixture
def geojson_file(tmp_path):
    def make(features, name="inventory.geojson", **kwargs):
        return write_geojson(tmp_path / name, features, **kwargs)

    return make


@pytest.fixture
def gpkg_file(tmp_path):
    def make(rows, geometries, name="inventory.gpkg", **kwargs):
        return write_gpkg(tmp_path / name, rows, geometries, **kwargs)

    return make


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: the browser tests need the system Chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
