"""Load an inventory file into the canonical GeoDataFrame, with its validation report.

The promise (SPEC 4): every input row is either loaded or listed as rejected with its
row number, field and reason, and every repaired value is listed as a warning, so that
rows in = rows loaded + rows rejected. Cells are parsed per distinct text (see
``parsing``); the row rules (required fields, unique ids, dates in order, proposals
adding up) are a pandera schema over the parsed frame. Required fields are strict; an
unknown value in an optional coded field costs that field, never the row.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pandera.pandas as pa
import shapely
from pyproj import Transformer

from partdash.analysis.figures import region_wide_mask
from partdash.inventory import reference
from partdash.inventory.limits import MAX_FILE_BYTES
from partdash.inventory.parsing import Parsed, parser_for
from partdash.inventory.readers import RawTable, read_raw
from partdash.inventory.report import Finding, InventoryError, ValidationReport
from partdash.inventory.schema import (
    COLUMN_ORDER,
    COORD_COLUMNS,
    DATE_FIELDS,
    FIELDS,
    PROPOSAL_FIELDS,
    match_header,
)
from partdash.inventory.vocab import FOLLOWUP_FIELDS, match_code

# An unknown value in one of these kinds of optional field is left empty with a warning.
LENIENT_KINDS = ("code", "codes", "mdrc", "yes_no")
_UNMATCHED = ("unknown_code", "unknown_quartier")
# The column by which a GeoJSON or GeoPackage export marks geometries placed by partdash:
# on loading, those rows are placed again from their quartiers or communes.
APPROXIMATE_COLUMN = "approximate"
REQUIRED_COLUMNS = ("id", "organiser", "organiser_level", "perimeter", "themes", "participation_level", "start_date")
DEMO_ID_PREFIX = "DEMO-"
_TO_LAMBERT = Transformer.from_crs(4326, 31370, always_xy=True)
_FROM_LAMBERT = Transformer.from_crs(31370, 4326, always_xy=True)


@dataclass
class Inventory:
    """A loaded inventory: the rows that passed, what happened to the others, the
    optional organisers table, and whether it is the demonstration dataset."""

    data: gpd.GeoDataFrame
    report: ValidationReport
    organisers: pd.DataFrame | None
    source: str

    @cached_property
    def is_demo(self) -> bool:
        """Asked by the shell and the pages on every rerun; a loaded inventory's rows never change."""
        return is_demo_data(self.data)


def is_demo_data(data: pd.DataFrame) -> bool:
    """Rows of the demonstration dataset, whose identifiers all carry its prefix (a filtered
    view of it too, so that every export of demo rows says what they are)."""
    ids = data["id"].astype(str)
    return bool(len(ids)) and bool(ids.str.startswith(DEMO_ID_PREFIX).all())


def load_inventory(
    path: str | Path,
    *,
    name: str | None = None,
    column_map: dict[str, str | None] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    today: date | None = None,
) -> Inventory:
    """Read, validate and type an inventory file.

    ``column_map`` maps source headers to canonical fields (None to ignore a column); it
    is how the UI lets a user load a file whose headers are in another layout.
    """
    path = Path(path)
    name = name or path.name
    with _without_cycle_collection():
        return inventory_from_raw(read_raw(path, name, max_bytes=max_bytes), name, column_map=column_map, today=today)


@contextlib.contextmanager
def _without_cycle_collection():
    """Reading a large file makes millions of short-lived containers and no reference
    cycles: the cycle collector would run over and over, walking every object alive, for a
    sixth of the load's time. It runs again once the file is read (nothing is lost: memory
    held in cycles waits until then). Another read finishing first may switch it on early,
    which only costs time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def inventory_from_raw(
    raw: RawTable, name: str, *, column_map: dict[str, str | None] | None = None, today: date | None = None
) -> Inventory:
    """Validate and type a raw table: a file's, or a database's read back as text cells,
    so that rows from a shared database meet exactly the rules and report of a file."""
    _forget_approximate_geometry(raw)
    table, rows = _filled_rows(raw)
    report = ValidationReport(source=name, rows_in=len(table))
    if raw.encoding not in (None, "UTF-8"):
        report.warnings.append(Finding(0, "file", "encoding", (("value", raw.encoding),)))
    report.warnings.extend(raw.findings)
    if table.empty:
        raise InventoryError("empty", name=name)
    table = _canonical_columns(table, name, column_map or {}, report)
    parsed = _parse_cells(table, rows, report)
    _check_rows(parsed, rows, report)
    geometry, kind = _locate(parsed, raw, rows, report)
    rejected = {f.row for f in report.errors}
    keep = ~np.isin(rows, list(rejected))
    data = _finish(
        parsed[keep].reset_index(drop=True),
        [g for g, k in zip(geometry, keep, strict=False) if k],
        kind[keep],
        rows[keep],
        report,
        today or date.today(),
    )
    organisers = _organisers(raw.organisers, report)
    report.errors.sort(key=lambda f: f.row)
    report.warnings.sort(key=lambda f: f.row)
    return Inventory(data=data, report=report, organisers=organisers, source=name)


def _forget_approximate_geometry(raw: RawTable) -> None:
    """Geometries that partdash itself placed approximately were never data: drop them,
    with the column that marks them, so the rows are placed again as they were."""
    if APPROXIMATE_COLUMN not in raw.table.columns:
        return
    flags = raw.table.pop(APPROXIMATE_COLUMN).astype(str).map(lambda v: match_code("yes_no", v) == "yes")
    if raw.geometry is not None:
        raw.geometry = [None if flag else geom for flag, geom in zip(flags, raw.geometry, strict=True)]


def _filled_rows(raw: RawTable) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows with at least one filled cell, and their numbers as the user sees them.
    A blank line, or a row of bare separators as Excel leaves under the data, is no
    initiative, but it keeps its place in the numbering. A feature is always a row: its
    geometry may be all it has."""
    rows = raw.first_row + np.arange(len(raw.table))
    if raw.geometry is not None:
        return raw.table, rows
    filled = raw.table.fillna("").astype(str).apply(lambda col: col.str.strip().ne("")).any(axis=1).to_numpy()
    return raw.table[filled].reset_index(drop=True), rows[filled]


def _canonical_columns(table: pd.DataFrame, name: str, column_map: dict, report: ValidationReport) -> pd.DataFrame:
    renamed: dict[str, str] = {}
    for col in table.columns:
        target = column_map[col] if col in column_map else match_header(str(col))
        if target is None or target in renamed.values():
            report.warnings.append(Finding(0, str(col), "column_ignored", (("value", str(col)),)))
            continue
        renamed[col] = target
        if str(col) != target and col not in column_map:
            report.warnings.append(Finding(0, str(col), "header_matched", (("value", str(col)), ("code", target))))
    if not renamed:
        raise InventoryError("no_known_columns", name=name, columns=", ".join(map(str, table.columns[:12])))
    missing = [c for c in REQUIRED_COLUMNS if c not in renamed.values()]
    if "title_fr" not in renamed.values() and "title_nl" not in renamed.values():
        missing.append("title_fr / title_nl")
    if missing:
        raise InventoryError("missing_required_columns", name=name, columns=", ".join(missing))
    # Blank cells arrive as "" from every reader; "None" is a label ("framework": none), not a blank.
    out = table[list(renamed)].rename(columns=renamed).fillna("").astype(str)
    for col in COLUMN_ORDER + COORD_COLUMNS:
        if col not in out:
            out[col] = ""
    return out


def _parse_cells(table: pd.DataFrame, rows: np.ndarray, report: ValidationReport) -> pd.DataFrame:
    """Each parser runs once per distinct cell text; only the rows whose text was rejected
    or repaired are visited one by one, to be listed in the report."""
    parsed = {}
    for f in FIELDS:
        parse = parser_for(f.name, f.kind)
        multi = f.kind in ("codes", "nis", "mdrc")
        codes, uniques = table[f.name].factorize()  # Arrow's dictionary encoding on string columns
        texts = np.asarray(uniques, dtype=object)
        results: list[Parsed] = [parse(text) for text in texts]
        if not f.required and f.kind in LENIENT_KINDS:
            results = [_leave_empty(result, text) for result, text in zip(results, texts, strict=True)]
        values = np.empty(len(results), dtype=object)
        for i, result in enumerate(results):  # element-wise: tuples must stay single cells
            values[i] = result.value if not multi or isinstance(result.value, tuple) else ()
        parsed[f.name] = pd.Series(values[codes], index=table.index)
        noisy = np.array([bool(r.error or r.warnings) for r in results], dtype=bool)
        for pos in np.flatnonzero(noisy[codes]):
            result, row = results[codes[pos]], int(rows[pos])
            if result.error:
                report.errors.append(Finding(row, f.name, result.error[0], result.error[1]))
            for key, params in result.warnings:
                report.warnings.append(Finding(row, f.name, key, params))
    return pd.DataFrame(parsed)


def _leave_empty(result: Parsed, text: str) -> Parsed:
    """An optional field whose value matches nothing: empty, with the raw cell kept as a warning."""
    if result.error is None or result.error[0] not in _UNMATCHED:
        return result
    unknown = dict(result.error[1]).get("value", text)
    return Parsed(None, warnings=(("unmatched_value", (("value", text.strip()), ("unknown", unknown))),))


def _row_schema() -> pa.DataFrameSchema:
    not_empty = pa.Check(lambda s: s.map(len) > 0, name="required")
    return pa.DataFrameSchema(
        {
            # No dtype: pandas infers str or datetime64 for a fully parsed column, and the
            # cell parsers have already checked every value's type.
            "id": pa.Column(None, nullable=False, unique=True, report_duplicates="exclude_first"),
            "organiser": pa.Column(None, nullable=False),
            "organiser_level": pa.Column(None, nullable=False),
            "perimeter": pa.Column(None, nullable=False),
            "participation_level": pa.Column(None, nullable=False),
            "start_date": pa.Column(None, nullable=False),
            "themes": pa.Column(None, checks=not_empty),
        },
        checks=[
            pa.Check(lambda df: df["title_fr"].notna() | df["title_nl"].notna(), name="title_missing"),
            pa.Check(
                lambda df: (df["perimeter"] == "region") | df["perimeter"].isna() | (df["communes"].map(len) > 0),
                name="communes_required",
            ),
            pa.Check(
                lambda df: df["end_date"].isna() | df["start_date"].isna() | (df["end_date"] >= df["start_date"]),
                name="end_before_start",
            ),
            pa.Check(
                lambda df: _proposals_sum(df).le(df["proposals_total"].astype("Float64")).fillna(True),
                name="proposals_exceed_total",
            ),
        ],
        coerce=False,
    )


_CHECK_FIELD = {
    "title_missing": "title_fr",
    "communes_required": "communes",
    "end_before_start": "end_date",
    "proposals_exceed_total": "proposals_total",
}


def _proposals_sum(df: pd.DataFrame) -> pd.Series:
    return df[list(PROPOSAL_FIELDS[1:])].apply(pd.to_numeric).astype("Float64").sum(axis=1, min_count=1)


def _check_rows(parsed: pd.DataFrame, rows: np.ndarray, report: ValidationReport) -> None:
    """Row rules, on rows whose cells all parsed (a row already rejected stays rejected once)."""
    already = {f.row for f in report.errors}
    try:
        _row_schema().validate(parsed, lazy=True)
        return
    except pa.errors.SchemaErrors as exc:
        failures = exc.failure_cases
    seen: set[tuple[int, str, str]] = set()
    first_row_of_id = {}
    for pos, ident in enumerate(parsed["id"]):
        first_row_of_id.setdefault(ident, int(rows[pos]))
    for case in failures.itertuples():
        if case.index is None or pd.isna(case.index):
            continue
        pos = int(case.index)
        row = int(rows[pos])
        column = case.column if isinstance(case.column, str) and case.column in parsed else None
        check = str(case.check)
        if check.startswith("field_uniqueness") or check == "column_uniqueness":
            ident = parsed.at[pos, "id"]
            finding = Finding(row, "id", "duplicate_id", (("value", ident), ("first", str(first_row_of_id[ident]))))
        elif check in _CHECK_FIELD:
            params = ()
            if check == "proposals_exceed_total":
                params = (
                    ("sum", f"{_proposals_sum(parsed.iloc[[pos]]).iloc[0]:.0f}"),
                    ("total", f"{parsed.at[pos, 'proposals_total']:.0f}"),
                )
            finding = Finding(row, _CHECK_FIELD[check], check, params)
        else:
            finding = Finding(row, column or "?", "required")
        if row in already or (row, finding.field, finding.key) in seen:
            continue  # a row-wide rule fails once per column, and an unreadable cell says enough
        seen.add((row, finding.field, finding.key))
        report.errors.append(finding)


def _lambert_to_points(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    lon, lat = _FROM_LAMBERT.transform(x, y)
    return shapely.points(lon, lat)


def _coordinate_points(parsed: pd.DataFrame, rows: np.ndarray, report: ValidationReport) -> np.ndarray:
    """Points from lat/lon or x/y columns; Lambert 72 values in either pair are detected."""
    lat = pd.to_numeric(parsed["lat"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(parsed["lon"], errors="coerce").to_numpy(float)
    x = pd.to_numeric(parsed["x"], errors="coerce").to_numpy(float)
    y = pd.to_numeric(parsed["y"], errors="coerce").to_numpy(float)
    has_ll = ~np.isnan(lat) & ~np.isnan(lon)
    ll_is_lambert = has_ll & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
    has_xy = ~has_ll & ~np.isnan(x) & ~np.isnan(y)
    xy_is_degrees = has_xy & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    points = np.full(len(parsed), None, dtype=object)
    plain = has_ll & ~ll_is_lambert
    points[plain] = shapely.points(lon[plain], lat[plain])
    points[xy_is_degrees] = shapely.points(x[xy_is_degrees], y[xy_is_degrees])
    lam_ll = ll_is_lambert
    points[lam_ll] = _lambert_to_points(lon[lam_ll], lat[lam_ll])
    lam_xy = has_xy & ~xy_is_degrees
    points[lam_xy] = _lambert_to_points(x[lam_xy], y[lam_xy])
    for row in rows[lam_ll | lam_xy]:
        report.warnings.append(Finding(int(row), "location", "lambert_detected"))
    return points


def _file_geometries(raw: RawTable, rows: np.ndarray, report: ValidationReport) -> np.ndarray:
    """Each feature's own coordinates say whether it is in degrees or in Lambert 72: a file
    may mix them, and one feature must not decide for the others."""
    geoms = np.array(raw.geometry, dtype=object)
    present = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
    geoms[~present] = None
    if not present.any():
        return geoms
    lambert = np.zeros(len(geoms), dtype=bool)
    lambert[present] = np.nanmax(np.abs(shapely.bounds(geoms[present])), axis=1) > 180
    if lambert.any():
        geoms[lambert] = shapely.transform(
            geoms[lambert], lambda xy: np.column_stack(_FROM_LAMBERT.transform(xy[:, 0], xy[:, 1]))
        )
        for row in rows[lambert]:
            report.warnings.append(Finding(int(row), "location", "lambert_detected"))
    return geoms


def _place_approximately(parsed: pd.DataFrame) -> np.ndarray:
    """Rows without a location sit on their quartiers, else their communes. Geometries
    are shared between rows naming the same places, which keeps memory flat."""
    quartier_geom = dict(zip(reference.quartiers()["mdrc"], reference.quartiers().geometry, strict=False))
    commune_geom = dict(zip(reference.communes()["nis"], reference.communes().geometry, strict=False))
    cache: dict[tuple, object] = {}

    def place(quartiers: tuple, communes: tuple):
        key = (quartiers, communes) if not quartiers else (quartiers, ())
        if key not in cache:
            parts = [quartier_geom[q] for q in quartiers] or [commune_geom[c] for c in communes]
            # A multipolygon of the places, not their dissolved union: as good on a map, and
            # a hundred times cheaper for files listing many combinations of places.
            cache[key] = (
                parts[0] if len(parts) == 1 else (shapely.multipolygons(shapely.get_parts(parts)) if parts else None)
            )
        return cache[key]

    return np.array([place(q, c) for q, c in zip(parsed["quartiers"], parsed["communes"], strict=False)], dtype=object)


def _locate(parsed: pd.DataFrame, raw: RawTable, rows: np.ndarray, report: ValidationReport) -> tuple[list, np.ndarray]:
    given = (
        _file_geometries(raw, rows, report) if raw.geometry is not None else np.full(len(parsed), None, dtype=object)
    )
    points = _coordinate_points(parsed, rows, report)
    given = np.where(pd.isna(given), points, given)
    has_given = ~pd.isna(given)
    if has_given.any():
        lambert = shapely.transform(
            given[has_given], lambda xy: np.column_stack(_TO_LAMBERT.transform(xy[:, 0], xy[:, 1]))
        )
        region = reference.region_bounds_buffered()
        shapely.prepare(region)
        inside = shapely.intersects(region, lambert)
        for row, geom in zip(rows[has_given][~inside], given[has_given][~inside], strict=False):
            c = geom.centroid
            report.errors.append(Finding(int(row), "location", "outside_region", (("value", f"{c.y:.5f}, {c.x:.5f}"),)))
    kind = np.where(
        has_given, np.where(shapely.get_type_id(np.where(has_given, given, None)) == 0, "point", "area"), "none"
    ).astype(object)
    region_wide = region_wide_mask(parsed)
    approximate = ~has_given & ~region_wide
    placed = _place_approximately(parsed[approximate]) if approximate.any() else np.array([], dtype=object)
    given[approximate] = placed
    kind[approximate] = np.where(~pd.isna(placed), "approximate", "none")
    return list(given), kind


def _derive_status(data: pd.DataFrame, rows: np.ndarray, report: ValidationReport, today: date) -> pd.Series:
    now = pd.Timestamp(today)
    derived = np.where(
        data["start_date"] > now,
        "planned",
        np.where(data["end_date"].notna() & (data["end_date"] < now), "completed", "ongoing"),
    )
    missing = data["status"].isna().to_numpy()
    for row, code in zip(rows[missing], derived[missing], strict=False):
        report.warnings.append(Finding(int(row), "status", "status_derived", (("code", code),)))
    return data["status"].where(~missing, pd.Series(derived, index=data.index))


def _finish(
    parsed: pd.DataFrame, geometry: list, kind: np.ndarray, rows: np.ndarray, report: ValidationReport, today: date
) -> gpd.GeoDataFrame:
    data = parsed[list(COLUMN_ORDER)].copy()
    for col in DATE_FIELDS:
        data[col] = pd.to_datetime(data[col]).astype("datetime64[ns]")
    for f in FIELDS:
        if f.kind == "int" and f.name in data:
            data[f.name] = data[f.name].astype("Int64")
        elif f.kind == "number":
            data[f.name] = data[f.name].astype("Float64")
        elif f.kind in ("text", "code", "url"):
            data[f.name] = data[f.name].astype("string")
    for col in FOLLOWUP_FIELDS:
        data[col] = data[col].astype("boolean")
    data["status"] = _derive_status(data, rows, report, today).astype("string")
    data["source_row"] = rows.astype(int)
    data["location_kind"] = pd.Series(kind, dtype="string")
    data["start_year"] = data["start_date"].dt.year.astype("Int64")
    months = (data["end_date"] - data["start_date"]).dt.days / 30.44
    data["duration_months"] = months.where(data["recurrence"].fillna("") != "permanent").astype("Float64")
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometry, crs=4326), crs=4326)


def _organisers(raw: pd.DataFrame | None, report: ValidationReport) -> pd.DataFrame | None:
    """The optional organisers table; a bad row is skipped with a warning, never fatal."""
    if raw is None or raw.empty:
        return None
    columns = {c: str(c).strip().lower() for c in raw.columns}
    table = raw.rename(columns=columns).astype(str)
    out = []
    for pos, rec in enumerate(table.to_dict("records")):
        organiser = rec.get("organiser", rec.get("organisateur", rec.get("organisator", ""))).strip()
        staff = (
            match_code("participation_staff", rec.get("participation_staff", ""))
            if rec.get("participation_staff", "").strip()
            else None
        )
        level = (
            match_code("organiser_level", rec.get("organiser_level", ""))
            if rec.get("organiser_level", "").strip()
            else None
        )
        commune = reference.resolve_commune(rec.get("commune", "")) if rec.get("commune", "").strip() else None
        if not organiser:
            report.warnings.append(Finding(pos + 2, "organisers", "organisers_row", (("value", "organiser"),)))
            continue
        out.append({"organiser": organiser, "organiser_level": level, "commune": commune, "participation_staff": staff})
    return pd.DataFrame(out, columns=["organiser", "organiser_level", "commune", "participation_staff"]).astype(
        "string"
    )


@dataclass
class ColumnsPreview:
    """What a file's columns look like before loading, for the column-mapping step."""

    matched: dict[str, str | None]  # source header -> canonical field, None when unrecognised
    preview: pd.DataFrame

    @property
    def unmatched(self) -> list[str]:
        return [h for h, f in self.matched.items() if f is None]

    @property
    def missing_required(self) -> list[str]:
        found = set(self.matched.values())
        return [c for c in REQUIRED_COLUMNS if c not in found]


def inspect_columns(path: str | Path, *, name: str | None = None, rows: int = 5) -> ColumnsPreview:
    path = Path(path)
    raw = read_raw(path, name or path.name)
    matched: dict[str, str | None] = {}
    for col in raw.table.columns:
        field = match_header(str(col))
        matched[str(col)] = field if field not in matched.values() else None
    return ColumnsPreview(matched=matched, preview=raw.table.head(rows).astype(str))
