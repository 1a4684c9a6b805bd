"""Downloads of the filtered rows in the canonical layout: CSV, XLSX and GeoJSON.

Exports round-trip through the loader (same headers, ";"-separated multi-values, ISO
dates, yes/no). Text cells that a spreadsheet would run as a formula (starting with
= + - @, or a tab/carriage return) get a leading apostrophe.
"""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

from partdash.inventory.parsing import without_controls
from partdash.inventory.schema import COLUMN_ORDER, DATE_FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def canonical_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as plain text/number cells in canonical column order."""
    out = pd.DataFrame(index=df.index)
    for col in COLUMN_ORDER:
        series = df[col]
        if col in DATE_FIELDS:
            out[col] = series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), "")
        elif col in FOLLOWUP_FIELDS:
            out[col] = series.map({True: "yes", False: "no"}).astype(object).where(series.notna(), "")
        elif series.dtype == object and series.map(lambda v: isinstance(v, tuple)).any():
            out[col] = series.map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else "")
        else:
            out[col] = series.astype(object).where(series.notna(), "")
    # Coordinates only for located points: approximate placements were never data.
    out["lat"] = pd.Series("", index=df.index, dtype=object)
    out["lon"] = pd.Series("", index=df.index, dtype=object)
    if "geometry" in df and "location_kind" in df:
        exact = ((df.geometry.geom_type == "Point") & (df["location_kind"] == "point")).fillna(False).to_numpy(bool)
        points = df.geometry[exact]
        out.loc[exact, "lat"] = points.y.round(6).astype(object)
        out.loc[exact, "lon"] = points.x.round(6).astype(object)
    return out.reset_index(drop=True)


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(neutralise)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    return _safe(canonical_frame(df)).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(canonical_frame(df).map(without_controls)).to_excel(writer, sheet_name="inventory", index=False)
    return buffer.getvalue()


def to_geojson_bytes(df: gpd.GeoDataFrame) -> bytes:
    """GeoJSON with lists for multi-valued fields; approximate placements are not
    exported as locations (they were never data), region-wide rows have no geometry."""
    frame = canonical_frame(df).drop(columns=["lat", "lon"])
    features = []
    kinds = df["location_kind"].tolist() if "location_kind" in df else [None] * len(df)
    for (_, row), geom, kind, original in zip(frame.iterrows(), df.geometry, kinds, df.itertuples(), strict=False):
        props = {k: (v if v != "" else None) for k, v in row.items()}
        for col in ("themes", "selection", "formats", "mobilisation", "publics", "communes", "quartiers"):
            props[col] = list(getattr(original, col))
        geometry = geom.__geo_interface__ if geom is not None and kind in ("point", "area") else None
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str).encode(
        "utf-8"
    )
