"""Turn a file of any supported format into a raw table of text cells.

Everything is read as text, so that the parsing and its error messages are the same
whatever the format; geometry, when the format has it, comes back beside the table.
Every failure of an underlying library becomes one ``InventoryError`` sentence.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import shape

from partdash.inventory.report import InventoryError

MAX_BYTES = 50 * 1024 * 1024
CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
GEOJSON_EXTENSIONS = {".geojson", ".json"}
GPKG_EXTENSIONS = {".gpkg"}
INVENTORY_SHEETS = ("inventory", "inventaire", "inventaris")
ORGANISER_SHEETS = ("organisers", "organizers", "organisateurs", "organisatoren")


@dataclass
class RawTable:
    table: pd.DataFrame
    geometry: list | None = None
    organisers: pd.DataFrame | None = None
    encoding: str | None = None
    first_row: int = 2  # the number the user sees for the first data row
    notes: list[str] = field(default_factory=list)


def read_raw(path: Path, name: str, max_bytes: int = MAX_BYTES) -> RawTable:
    if not path.exists():
        raise InventoryError("not_found", name=name)
    size = path.stat().st_size
    if size > max_bytes:
        raise InventoryError(
            "too_large", name=name, size_mb=f"{size / 1048576:.1f}", limit_mb=f"{max_bytes / 1048576:.0f}"
        )
    suffix = path.suffix.lower()
    if size == 0:
        raise InventoryError("empty", name=name)
    if suffix in CSV_EXTENSIONS:
        raw = _read_csv(path.read_bytes(), name)
        raw.organisers = _sibling_organisers(path, name)
        return raw
    if suffix in XLSX_EXTENSIONS:
        return _read_xlsx(path, name)
    if suffix in GEOJSON_EXTENSIONS:
        return _read_geojson(path, name)
    if suffix in GPKG_EXTENSIONS:
        return _read_gpkg(path, name)
    raise InventoryError("bad_extension", name=name)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise InventoryError("binary", name=name) from None
    if b"\x00" in data[:4096]:
        raise InventoryError("binary", name=name)
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def _sniff_separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise InventoryError("empty", name=name)
    sep = _sniff_separator(text)
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise InventoryError("unreadable", name=name, kind="CSV", detail=str(exc).splitlines()[0][:120]) from exc
    if not isinstance(table.index, pd.RangeIndex):
        # pandas makes an index of the first cells when every row has more cells than the header.
        raise InventoryError("unreadable", name=name, kind="CSV", detail="the rows have more cells than the header")
    return RawTable(table=table, encoding=encoding)


def _sibling_organisers(path: Path, name: str) -> pd.DataFrame | None:
    sibling = path.with_name(f"{path.stem}_organisers{path.suffix}")
    if not sibling.exists():
        return None
    return _read_csv(sibling.read_bytes(), sibling.name).table


def _pick_sheet(names: list[str], wanted: tuple[str, ...]) -> str | None:
    for sheet in names:
        if sheet.strip().lower() in wanted:
            return sheet
    return None


def _read_xlsx(path: Path, name: str) -> RawTable:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=type(exc).__name__) from exc
    names = list(sheets)
    if not names:
        raise InventoryError("empty", name=name)
    main = _pick_sheet(names, INVENTORY_SHEETS) or names[0]
    organisers_sheet = _pick_sheet(names, ORGANISER_SHEETS)
    organisers = sheets[organisers_sheet] if organisers_sheet and organisers_sheet != main else None
    return RawTable(table=sheets[main], organisers=organisers)


def _text_cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if value is None or pd.isna(value):
        return ""
    return str(value)


def _read_geojson(path: Path, name: str) -> RawTable:
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
        features = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
        rows = [{k: _text_cell(v) for k, v in (f.get("properties") or {}).items()} for f in features]
        geoms = [shape(f["geometry"]) if f.get("geometry") else None for f in features]
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise InventoryError("unreadable", name=name, kind="GeoJSON", detail=type(exc).__name__) from exc
    if not rows:
        raise InventoryError("empty", name=name)
    return RawTable(table=pd.DataFrame(rows).fillna(""), geometry=geoms, first_row=1)


def _read_gpkg(path: Path, name: str) -> RawTable:
    import geopandas as gpd
    import pyogrio

    try:
        layers = [layer[0] for layer in pyogrio.list_layers(path)]
        layer = _pick_sheet(layers, INVENTORY_SHEETS) or layers[0]
        gdf = gpd.read_file(path, layer=layer)
        organisers_layer = _pick_sheet(layers, ORGANISER_SHEETS)
        organisers = (
            gpd.read_file(path, layer=organisers_layer).drop(columns="geometry", errors="ignore")
            if organisers_layer
            else None
        )
    except Exception as exc:  # pyogrio/GDAL errors come in many classes
        raise InventoryError("unreadable", name=name, kind="GeoPackage", detail=type(exc).__name__) from exc
    if gdf.empty:
        raise InventoryError("empty", name=name)
    spatial = isinstance(gdf, gpd.GeoDataFrame)  # an attribute-only layer comes back as a DataFrame
    if spatial and gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    table = pd.DataFrame(gdf.drop(columns="geometry") if spatial else gdf).map(_text_cell)
    if organisers is not None:
        organisers = pd.DataFrame(organisers).map(_text_cell)
    return RawTable(table=table, geometry=list(gdf.geometry) if spatial else None, organisers=organisers, first_row=1)
