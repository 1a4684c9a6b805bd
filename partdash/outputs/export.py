"""Downloads of the filtered rows, in two flavours, as CSV, XLSX, GeoJSON or GeoPackage.

*For machines* (``labels=None``): canonical codes, ISO dates, yes/no, ";"-separated
multi-values; loss-free, the file loads back as the same rows and fields. *For people*
(``labels="fr"|"nl"|"en"``): headers and values as labels in that language, dates as the
locale writes them, a ";"-separated CSV for Belgian Excel (FR/NL), an XLSX with a frozen
and filtered header and a sheet saying what produced it. GeoJSON and GeoPackage keep the
initiatives partdash placed approximately, at a point on their quartiers or communes, with
``approximate`` true. Text cells that a spreadsheet would run as a formula (starting with
= + - @, or a tab/carriage return) get a leading apostrophe. Demonstration data says so.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.filters import URL_KEYS, Filters, to_query
from partdash.inventory.loader import APPROXIMATE_COLUMN, is_demo_data
from partdash.inventory.parsing import without_controls
from partdash.inventory.schema import COLUMN_ORDER, DATE_FIELDS, FIELD_BY_NAME, FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS, MULTI_FIELDS, vocabulary_for

FORMATS = ("csv", "xlsx", "geojson", "gpkg")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}
INVENTORY_SHEET = "inventory"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60


@dataclass(frozen=True)
class ExportInfo:
    """What produced an export, written beside the rows: the dataset, its file, the filters."""

    dataset: str  # the dataset's name as the user knows it (already in the export's language)
    source: str
    is_demo: bool
    filters: Filters = field(default_factory=Filters)
    rows_total: int = 0
    when: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))


def _t(key: str, lang: str, **params) -> str:
    return translate(f"export.{key}", lang, **params)


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --------------------------------------------------------------------------- frames


def canonical_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as plain text/number cells in canonical column order."""
    out = pd.DataFrame(index=df.index)
    for col in COLUMN_ORDER:
        series = df[col]
        if col in DATE_FIELDS:
            out[col] = series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), "")
        elif col in FOLLOWUP_FIELDS:
            out[col] = series.map({True: "yes", False: "no"}).astype(object).where(series.notna(), "")
        elif col in MULTI_FIELDS:
            out[col] = series.map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else "")
        else:
            out[col] = series.astype(object).where(series.notna(), "")
    # Coordinates only for located points: approximate placements were never data.
    out["lat"] = pd.Series("", index=df.index, dtype=object)
    out["lon"] = pd.Series("", index=df.index, dtype=object)
    exact = _located_points(df)
    points = df.geometry[exact]
    out.loc[exact, "lat"] = points.y.round(6).astype(object)
    out.loc[exact, "lon"] = points.x.round(6).astype(object)
    return out.reset_index(drop=True)


def _located_points(df: pd.DataFrame):
    if "geometry" not in df or "location_kind" not in df:
        return pd.Series(False, index=df.index).to_numpy(bool)
    return ((df.geometry.geom_type == "Point") & (df["location_kind"] == "point")).fillna(False).to_numpy(bool)


def _value_labels(name: str, lang: str) -> dict | None:
    """What a reader in ``lang`` sees for each stored value of field ``name``; None for
    fields shown as stored (text, numbers, dates)."""
    if name == "communes":
        return reference.commune_names(lang)
    if name == "quartiers":
        return reference.quartier_names(lang)
    kind = FIELD_BY_NAME[name].kind
    if kind not in ("code", "codes", "yes_no"):
        return None
    labels = vocabulary_for(name).labels(lang)
    return {True: labels["yes"], False: labels["no"]} if kind == "yes_no" else labels


def _labeller(name: str, lang: str):
    """The function that turns one stored value of field ``name`` into text for a reader."""
    labels = _value_labels(name, lang)
    if labels is None:
        return None
    if name in MULTI_FIELDS:
        return lambda v: "; ".join(str(labels.get(c, c)) for c in v) if isinstance(v, tuple) else ""
    return lambda v: "" if pd.isna(v) else labels.get(v, v)


def people_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows for a reader in ``lang``: labelled headers and values. Dates stay dates and
    numbers stay numbers (missing ones as None) so that each writer can show them its way."""
    out = pd.DataFrame(index=df.index)
    for col in COLUMN_ORDER:
        header = FIELD_BY_NAME[col].label(lang)
        labeller = _labeller(col, lang)
        if labeller is not None:
            out[header] = df[col].map(labeller).astype(object)
        else:
            out[header] = df[col].astype(object).where(df[col].notna(), None)
    exact = _located_points(df)
    for col, coord in (("lat", "y"), ("lon", "x")):
        values = pd.Series(None, index=df.index, dtype=object)
        values[exact] = getattr(df.geometry[exact], coord).round(6).astype(object)
        out[FIELD_BY_NAME[col].label(lang)] = values
    if is_demo_data(df):
        out[_t("demo_column", lang)] = _t("demo_cell", lang)
    return out.reset_index(drop=True)


def _date_text(value, lang: str) -> str:
    return value.strftime(_t("date_format", lang)) if isinstance(value, pd.Timestamp) else ""


def _number_text(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text.replace(".", ",") if lang in ("fr", "nl") else text


def _people_text(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The people's frame as text cells: dates and numbers as the locale writes them."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.map(lambda v: isinstance(v, pd.Timestamp)).any():
            out[col] = values.map(lambda v: _date_text(v, lang))
        elif values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).any():
            out[col] = values.map(lambda v: _number_text(v, lang))
        else:
            out[col] = values.map(lambda v: "" if v is None else v)
    return out


# --------------------------------------------------------------------------- about


def describe_filters(filters: Filters, lang: str) -> list[tuple[str, str]]:
    """Each active filter as (what, which values) in words, in ``lang``."""
    out: list[tuple[str, str]] = []
    if filters.years:
        out.append((_t("filter_years", lang), f"{filters.years[0]}–{filters.years[1]}"))
    for name in URL_KEYS:
        codes = tuple(getattr(filters, name))
        if codes:
            labeller = _labeller(name, lang)
            text = labeller(codes) if name in MULTI_FIELDS else "; ".join(labeller(c) for c in codes)
            out.append((FIELD_BY_NAME[name].label(lang), text))
    if filters.text:
        out.append((_t("filter_text", lang), filters.text))
    return out


def about_rows(info: ExportInfo, rows: int, labels: str | None, lang: str) -> list[tuple[str, str]]:
    """The lines of the "about" sheet: what was exported, from what, with which filters, when."""
    query = "&".join(f"{k}={v}" for k, v in to_query(info.filters).items())
    out = [(_t("about_title", lang), "")]
    if info.is_demo:
        out.append((_t("demo_title", lang), _t("demo_text", lang)))
    out += [
        (_t(key, lang), value)
        for key, value in (("about_dataset", info.dataset), ("about_source", info.source))
        if value
    ]
    out += [
        (_t("about_rows", lang), _t("about_rows_value", lang, rows=rows, total=info.rows_total)),
        (_t("about_flavour", lang), _t("flavour_people" if labels else "flavour_machine", lang)),
        (_t("about_date", lang), info.when.strftime(_t("date_format", lang) + " %H:%M")),
    ]
    filters = describe_filters(info.filters, lang)
    out += filters or [(_t("about_filters", lang), _t("about_no_filters", lang))]
    if query:
        out.append((_t("about_query", lang), query))
    return out


def _default_info(df: pd.DataFrame) -> ExportInfo:
    return ExportInfo(dataset="", source="", is_demo=is_demo_data(df), rows_total=len(df))


# --------------------------------------------------------------------------- writers


def to_csv(df: pd.DataFrame, labels: str | None = None) -> bytes:
    """Machine CSV: ',' and ISO. People's CSV: ';' for FR/NL (Belgian Excel), ',' for EN."""
    if labels is None:
        return canonical_frame(df).map(neutralise).to_csv(index=False).encode("utf-8-sig")
    frame = _people_text(people_frame(df, labels), labels).map(neutralise)
    return frame.to_csv(index=False, sep=";" if labels in ("fr", "nl") else ",").encode("utf-8-sig")


def _width(values: pd.Series, header: str) -> int:
    longest = values.map(lambda v: len(str(v)) if v is not None else 0).max() if len(values) else 0
    return min(_MAX_WIDTH, max(len(str(header)), int(longest or 0), 6) + 2)


def _write_rows(ws: Worksheet, frame: pd.DataFrame, lang: str) -> None:
    ws.append(list(frame.columns))
    date_format = _t("xlsx_date_format", lang)
    for record in frame.itertuples(index=False):
        ws.append([None if v == "" else neutralise(without_controls(v)) for v in record])
    for col, header in enumerate(frame.columns, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = _width(frame[header], header)
        if frame[header].map(lambda v: isinstance(v, pd.Timestamp)).any():
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = date_format
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _write_about(ws: Worksheet, lines: list[tuple[str, str]]) -> None:
    for what, value in lines:
        ws.append([what, neutralise(without_controls(value))])
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def to_xlsx(df: pd.DataFrame, labels: str | None = None, info: ExportInfo | None = None) -> bytes:
    """An "inventory" sheet (its name in the reader's language for people) and an "about" sheet."""
    lang = labels or "en"
    info = info or _default_info(df)
    frame = people_frame(df, labels) if labels else canonical_frame(df)
    wb = Workbook()
    ws = wb.active
    ws.title = _t("sheet_inventory", labels) if labels else INVENTORY_SHEET
    _write_rows(ws, frame, lang)
    _write_about(wb.create_sheet(_t("sheet_about", lang)), about_rows(info, len(df), labels, lang))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _geo_frame(df: gpd.GeoDataFrame, labels: str | None) -> gpd.GeoDataFrame:
    """Properties and geometries: approximate placements become a point on their places."""
    props = (people_frame(df, labels) if labels else canonical_frame(df)).drop(
        columns=[FIELD_BY_NAME[c].label(labels) if labels else c for c in ("lat", "lon")]
    )
    kinds = df["location_kind"].astype(str).to_numpy() if "location_kind" in df else None
    geometry = df.geometry.reset_index(drop=True).copy()
    approximate = pd.Series(kinds == "approximate" if kinds is not None else False, dtype=bool)
    geometry[approximate.to_numpy()] = geometry[approximate.to_numpy()].representative_point()
    props[APPROXIMATE_COLUMN] = approximate.to_numpy()
    return gpd.GeoDataFrame(props, geometry=geometry, crs=4326)


def to_geojson(df: gpd.GeoDataFrame, labels: str | None = None, info: ExportInfo | None = None) -> bytes:
    """GeoJSON with lists for multi-valued fields (machines) and what produced it as a
    top-level ``partdash`` member, which GIS tools keep and ignore."""
    info = info or _default_info(df)
    gdf = _geo_frame(df, labels)
    features = []
    for (_, row), geom in zip(gdf.drop(columns="geometry").iterrows(), gdf.geometry, strict=True):
        props = {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in row.items()}
        props = {k: (None if v == "" else v) for k, v in props.items()}
        if labels is None:
            for col in MULTI_FIELDS:
                props[col] = [p for p in (props[col] or "").split(";") if p]
        geometry = geom.__geo_interface__ if geom is not None else None
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    about = {
        "dataset": info.dataset,
        "source": info.source,
        "demonstration": info.is_demo,
        "filters": to_query(info.filters),
        "rows": len(df),
        "rows_total": info.rows_total,
        "exported": info.when.isoformat(),
    }
    doc = {"type": "FeatureCollection", "partdash": about, "features": features}
    return json.dumps(doc, ensure_ascii=False, default=str).encode("utf-8")


def _typed_for_gis(gdf: gpd.GeoDataFrame, labels: str | None) -> gpd.GeoDataFrame:
    """Numbers and dates as typed columns, so that a GIS can sort, filter and style on them."""
    for f in FIELDS:
        col = f.label(labels) if labels else f.name
        if col not in gdf or f.kind not in ("int", "number", "date"):
            continue
        values = gdf[col].map(lambda v: None if isinstance(v, str) and not v else v)
        if f.kind == "date":
            gdf[col] = pd.to_datetime(values).astype("datetime64[ms]")
        else:
            gdf[col] = pd.to_numeric(values).astype("Int64" if f.kind == "int" else "Float64")
    return gdf


def to_gpkg(df: gpd.GeoDataFrame, labels: str | None = None, info: ExportInfo | None = None) -> bytes:
    """A GeoPackage: an "inventory" layer and an "about" table saying what produced it."""
    info = info or _default_info(df)
    gdf = _typed_for_gis(_geo_frame(df, labels), labels)
    about = pd.DataFrame(about_rows(info, len(df), labels, labels or "en"), columns=["what", "value"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        gdf.to_file(path, layer=INVENTORY_SHEET, driver="GPKG")
        pyogrio.write_dataframe(about, path, layer="about", driver="GPKG", append=True)
        return path.read_bytes()


def export_bytes(df: gpd.GeoDataFrame, fmt: str, labels: str | None = None, info: ExportInfo | None = None) -> bytes:
    if fmt == "csv":
        return to_csv(df, labels)
    return {"xlsx": to_xlsx, "geojson": to_geojson, "gpkg": to_gpkg}[fmt](df, labels, info)


def export_name(fmt: str, labels: str | None, is_demo: bool) -> str:
    """The download's file name: which flavour, and "demo" for demonstration data."""
    parts = ["partdash", "demo" if is_demo else "inventory", labels or "codes"]
    return "_".join(parts) + f".{fmt}"
