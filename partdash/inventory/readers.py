"""Turn a file of any supported format into a raw table of text cells.

Everything is read as text, so that the parsing and its error messages are the same
whatever the format; geometry, when the format has it, comes back beside the table.
Every failure of an underlying library becomes one ``InventoryError`` sentence, and every
file is measured against the budgets of ``limits`` before it is parsed. What a reader had
to repair or could not keep (invalid bytes, formulas without a value, hidden sheets,
control characters) comes back as findings for the report.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyarrow import csv as arrow_csv
from shapely.geometry import shape

from partdash.inventory import limits, xlsx
from partdash.inventory.parsing import CONTROL_CHARS
from partdash.inventory.report import Finding, InventoryError

CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
GEOJSON_EXTENSIONS = {".geojson", ".json"}
GPKG_EXTENSIONS = {".gpkg"}
INVENTORY_SHEETS = ("inventory", "inventaire", "inventaris")
ORGANISER_SHEETS = ("organisers", "organizers", "organisateurs", "organisatoren")
_SEPARATORS = (";", "\t", ",")
_NOT_BLANK = re.compile(r"\S")
_END_MARK = b"\x00partdash-end\x00"


@dataclass
class RawTable:
    table: pd.DataFrame
    geometry: list | None = None
    organisers: pd.DataFrame | None = None
    encoding: str | None = None
    first_row: int = 2  # the number the user sees for the first data row
    findings: list[Finding] = field(default_factory=list)


def read_raw(path: Path, name: str, max_bytes: int = limits.MAX_FILE_BYTES) -> RawTable:
    if not path.exists():
        raise InventoryError("not_found", name=name)
    if not path.is_file():
        raise InventoryError("not_a_file", name=name)
    size = path.stat().st_size
    limits.check_file_size(size, name, max_bytes)
    if size == 0:
        raise InventoryError("empty", name=name)
    suffix = path.suffix.lower()
    clock = limits.Clock(name)
    try:
        if suffix in CSV_EXTENSIONS:
            raw = _read_csv(path.read_bytes(), name)
            raw.organisers = _sibling_organisers(path, name)
        elif suffix in XLSX_EXTENSIONS:
            raw = _read_xlsx(path, name, clock)
        elif suffix in GEOJSON_EXTENSIONS:
            raw = _read_geojson(path, name)
        elif suffix in GPKG_EXTENSIONS:
            raw = _read_gpkg(path, name)
        else:
            raise InventoryError("bad_extension", name=name)
    except OSError as exc:
        raise InventoryError("unreadable_file", name=name, detail=exc.strerror or type(exc).__name__) from exc
    except (RecursionError, MemoryError) as exc:
        raise InventoryError(
            "unreadable", name=name, kind=suffix.lstrip(".").upper(), detail=type(exc).__name__
        ) from exc
    clock.check()
    raw.findings.extend(_control_findings(raw.table, raw.first_row))
    return raw


def _control_findings(table: pd.DataFrame, first_row: int) -> list[Finding]:
    """Control characters (a terminal escape, a bell) are kept as typed, but named: they
    cannot go into an XLSX file and some tools act on them. Each column is searched as
    one vectorised pass first (Arrow's regex over the string column), so a clean file
    costs one pass per column and only the few cells found are visited in Python."""
    found = []
    for col in table.columns:
        values = table[col].astype(str)
        hits = values.str.contains(CONTROL_CHARS.pattern, regex=True).to_numpy(bool)
        for pos in np.flatnonzero(hits):
            chars = sorted(set(CONTROL_CHARS.findall(values.iat[pos])))
            codes = ", ".join(f"U+{ord(c):04X}" for c in chars)
            found.append(Finding(first_row + int(pos), str(col), "control_characters", (("value", codes),)))
    return found


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """The text, its encoding, and whether invalid bytes were replaced.

    A file that is UTF-8 except for a few bad bytes stays UTF-8 (the bad bytes become
    U+FFFD and their cells are reported): decoding it all as Windows-1252 would garble
    every accent instead. A file with no valid multi-byte sequence at all is Windows-1252.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "UTF-16", False
        except UnicodeDecodeError:
            raise InventoryError("binary", name=name) from None
    if b"\x00" in data[:4096]:
        raise InventoryError("binary", name=name)
    try:
        return data.decode("utf-8-sig"), "UTF-8", False
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    genuine = data.count("\ufffd".encode())
    invalid = replaced.count("\ufffd") - genuine
    non_ascii = len(replaced) - len(replaced.encode("ascii", errors="ignore"))
    multibyte = non_ascii - invalid - genuine
    if multibyte > invalid:
        return replaced, "UTF-8", True
    try:
        return data.decode("cp1252"), "Windows-1252", False
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1", False


def _first_line(text: str) -> str:
    end = text.find("\n")
    return text if end < 0 else text[:end]


def _sniff_separator(text: str) -> str:
    header = _first_line(text)
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    fast = _arrow_csv(data, name)
    if fast is not None:
        return _csv_table(fast, name, "UTF-8", False)
    text, encoding, replaced = _decode(data, name)
    if not _NOT_BLANK.search(text):
        raise InventoryError("empty", name=name)
    sep = _sniff_separator(text)
    # The header's width bounds the table before pandas builds it; the file size bounds the rows.
    limits.check_shape(name, 0, _first_line(text).count(sep) + 1)
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise InventoryError("unreadable", name=name, kind="CSV", detail=str(exc).splitlines()[0][:120]) from exc
    if not isinstance(table.index, pd.RangeIndex):
        # pandas makes an index of the first cells when every row has more cells than the header.
        raise InventoryError("unreadable", name=name, kind="CSV", detail="the rows have more cells than the header")
    return _csv_table(table, name, encoding, replaced)


def _csv_table(table: pd.DataFrame, name: str, encoding: str, replaced: bool) -> RawTable:
    limits.check_shape(name, len(table), len(table.columns))
    raw = RawTable(table=table, encoding=encoding)
    if replaced:
        raw.findings.extend(_replaced_findings(table, raw.first_row))
    return raw


class _Chained(io.RawIOBase):
    """Several byte strings read as one stream, without joining them into a new copy."""

    def __init__(self, *parts) -> None:
        self._parts = [memoryview(part) for part in parts]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._parts:
            part = self._parts[0]
            if len(part):
                n = min(len(buffer), len(part))
                buffer[:n] = part[:n]
                self._parts[0] = part[n:]
                return n
            self._parts.pop(0)
        return 0


def _arrow_csv(data: bytes, name: str) -> pd.DataFrame | None:
    """The table read by Arrow's CSV reader, several times faster than pandas' and without
    decoding the file into a string first (Arrow checks the UTF-8 itself); or None when the
    file is anything but plain UTF-8 with a one-line header and rows of its width (a blank
    line, another encoding, an open quote): pandas then reads it, with the row numbering,
    repairs and messages it always had."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096] or _END_MARK in data:
        return None
    body = memoryview(data)[3:] if data.startswith(b"\xef\xbb\xbf") else memoryview(data)
    end = bytes(body[:4096]).find(b"\n")
    try:
        first = bytes(body[: end if end >= 0 else len(body)]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.strip() or first.count('"') % 2 or end < 0:
        return None
    sep = _sniff_separator(first)
    limits.check_shape(name, 0, first.count(sep) + 1)
    header = pd.read_csv(io.StringIO(first + "\n"), sep=sep, dtype=str, nrows=0, skip_blank_lines=False).columns
    names = [f"c{i}" for i in range(len(header))]
    # Arrow takes a quote left open to the end of the file as a cell; pandas, rightly,
    # refuses the file. A last row of markers that must come back as a row of its own
    # shows that every quote closed.
    closing = (b"" if data.endswith((b"\n", b"\r")) else b"\n") + sep.encode().join([_END_MARK] * len(names))
    try:
        table = arrow_csv.read_csv(
            io.BufferedReader(_Chained(body, closing + b"\n")),
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    mark = _END_MARK.decode()
    if table.num_rows == 0 or any(table.column(name)[-1].as_py() != mark for name in names):
        return None
    table = table.slice(0, table.num_rows - 1)
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = table.to_pandas(types_mapper=lambda t: text if t == pa.string() else None)
    frame.columns = header
    return frame


def _replaced_findings(table: pd.DataFrame, first_row: int) -> list[Finding]:
    found = []
    for col in table.columns:
        hits = table[col].str.contains("\ufffd", regex=False).to_numpy(bool)
        found.extend(
            Finding(first_row + int(pos), str(col), "invalid_bytes", (("value", table[col].iat[pos][:80]),))
            for pos in np.flatnonzero(hits)
        )
    if any("\ufffd" in str(col) for col in table.columns):
        found.append(Finding(1, "header", "invalid_bytes", (("value", "; ".join(map(str, table.columns))[:80]),)))
    return found


def _sibling_organisers(path: Path, name: str) -> pd.DataFrame | None:
    sibling = path.with_name(f"{path.stem}_organisers{path.suffix}")
    if not sibling.is_file():
        return None
    limits.check_file_size(sibling.stat().st_size, sibling.name)
    return _read_csv(sibling.read_bytes(), sibling.name).table


def _pick_sheet(names: list[str], wanted: tuple[str, ...]) -> str | None:
    for sheet in names:
        if sheet.strip().lower() in wanted:
            return sheet
    return None


def _read_xlsx(path: Path, name: str, clock: limits.Clock) -> RawTable:
    """Visible sheets first: a hidden sheet named like the inventory is someone's old copy
    or a lookup table, and reading it instead of what the user sees would be silent. Only
    the sheets read are scanned, and only once their scan fits the budgets are their cells
    read, by calamine."""
    with xlsx.open_archive(path, name) as archive:
        sheets = xlsx.sheets(archive, name)
        visible = [s.name for s in sheets if s.visible]
        if not visible:
            raise InventoryError("empty", name=name)
        main = _pick_sheet(visible, INVENTORY_SHEETS) or visible[0]
        organisers_sheet = _pick_sheet(visible, ORGANISER_SHEETS)
        chosen = [main] + ([organisers_sheet] if organisers_sheet and organisers_sheet != main else [])
        scans = {s.name: xlsx.scan_sheet(archive, s, name, clock) for s in sheets if s.name in chosen}
        alike = xlsx.numbers_read_alike(archive, name)
    tables = {
        sheet: (_arrow_sheet if scans[sheet].numbers <= alike else _calamine_sheet)(path, name, sheet)
        for sheet in chosen
    }
    raw = RawTable(table=tables[main], organisers=tables.get(organisers_sheet) if len(chosen) > 1 else None)
    hidden = [s.name for s in sheets if not s.visible]
    if hidden:
        raw.findings.append(Finding(0, "file", "hidden_sheets", (("value", ", ".join(hidden)), ("sheet", main))))
    columns = list(raw.table.columns)
    for ref in scans[main].formulas_without_value:
        row = int(re.sub(r"^[A-Z]+", "", ref)) if ref != "?" else 0
        col = xlsx.column_index(ref) if ref != "?" else -1
        header = str(columns[col]) if 0 <= col < len(columns) else ref
        raw.findings.append(Finding(row, header, "formula_without_value", (("value", ref),)))
    return raw


def _calamine_sheet(path: Path, name: str, sheet: str) -> pd.DataFrame:
    """The sheet's cells as text, read by calamine without pandas' Excel layer (which
    converts every cell in Python), written as that layer writes them: the first row is
    the header, blank headers are "Unnamed: i", repeated ones numbered, and every row kept."""
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises many unrelated types for a damaged file
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=type(exc).__name__) from exc
    if not rows:
        raise InventoryError("empty", name=name)
    return _headed([_text_array(values, _xlsx_text) for values in zip(*rows, strict=True)], len(rows))


def _arrow_sheet(path: Path, name: str, sheet: str) -> pd.DataFrame:
    """The same table through fastexcel, which hands calamine's cells to Arrow without a
    Python object each. Its text equals ``_calamine_sheet``'s for strings, blanks, whole
    numbers and dates only, so it reads the sheets whose scan found nothing else."""
    import fastexcel

    try:
        loaded = fastexcel.read_excel(str(path)).load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
        first = min((c.absolute_index for c in loaded.available_columns()), default=0)
        batch = loaded.to_arrow()
    except Exception as exc:  # fastexcel, like calamine, raises many types for a damaged file
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=type(exc).__name__) from exc
    if not batch.num_rows:
        raise InventoryError("empty", name=name)
    # fastexcel starts at the first column that holds a cell, the other reader at A.
    blank = pa.array([""] * batch.num_rows, type=pa.string())
    return _headed([blank] * first + [_blanks_as_empty(c.cast(pa.string())) for c in batch.columns], batch.num_rows)


def _headed(columns: list, height: int) -> pd.DataFrame:
    """Columns of text whose first cell is the header, as pandas' Excel reader heads them:
    blank headers are "Unnamed: i", repeated ones numbered, and every row kept."""
    from pandas.io.common import mangle_dupe_names

    cells = [c[0].as_py() for c in columns]
    table = pd.DataFrame(
        {i: pd.Series(c[1:], dtype=str) for i, c in enumerate(columns)}, index=pd.RangeIndex(height - 1)
    )
    table.columns = mangle_dupe_names(
        [c or f"Unnamed: {i}" for i, c in enumerate(cells)], [i for i, c in enumerate(cells) if not c]
    )
    return table


def _xlsx_text(value) -> str:
    """A cell as pandas' Excel reader writes it with ``dtype=str``: whole numbers without
    ".0", dates as midnight datetimes."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return "" if value is None else str(value)


def _text_cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if value is None or pd.isna(value):
        return ""
    return str(value)


def _text_column(values: pd.Series) -> pd.Series:
    return pd.Series(_text_array(values), index=values.index, dtype=str)


def _text_array(values, text=_text_cell) -> pa.StringArray:
    """A column of cell values as text: Arrow takes a column of strings and blanks in one
    step (and refuses any other value), the others are written cell by cell by ``text``."""
    try:
        column = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        column = pa.array([text(v) for v in values], type=pa.string())
    return _blanks_as_empty(column)


def _blanks_as_empty(column: pa.StringArray) -> pa.StringArray:
    """A blank is a null of length zero: without the validity buffer it reads ""."""
    return pa.StringArray.from_buffers(len(column), column.buffers()[1], column.buffers()[2], offset=column.offset)


def _read_geojson(path: Path, name: str) -> RawTable:
    try:
        data = path.read_bytes()
        limits.check_depth(name, data)
        doc = json.loads(data.decode("utf-8-sig"))
        features = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
        limits.check_shape(name, len(features), 1)
        properties = [f.get("properties") or {} for f in features]
        if not all(isinstance(p, dict) for p in properties):
            raise TypeError("properties")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InventoryError("unreadable", name=name, kind="GeoJSON", detail=type(exc).__name__) from exc
    if not properties:
        raise InventoryError("empty", name=name)
    table = pd.DataFrame(properties, dtype=object)
    limits.check_shape(name, len(table), len(table.columns))
    table = table.apply(_text_column) if len(table.columns) else pd.DataFrame(index=table.index)
    raw = RawTable(table=table, first_row=1)
    raw.geometry = _geometries(features, raw.findings)
    return raw


def _geometries(features: list, findings: list[Finding]) -> list:
    """Plain points (two finite numbers) are made in one vectorised call; any other
    geometry goes through ``_feature_geometry`` with its checks."""
    given = [f.get("geometry") if isinstance(f, dict) else None for f in features]
    plain = [
        isinstance(g, dict)
        and g.get("type") == "Point"
        and isinstance(xy := g.get("coordinates"), list)
        and len(xy) == 2
        and type(xy[0]) in (int, float)
        and type(xy[1]) in (int, float)
        and math.isfinite(xy[0])
        and math.isfinite(xy[1])
        for g in given
    ]
    out = [
        None if ok else _feature_geometry(f, n, findings)
        for n, (f, ok) in enumerate(zip(features, plain, strict=True), 1)
    ]
    at = [i for i, ok in enumerate(plain) if ok]
    if at:
        points = shapely.points(np.array([given[i]["coordinates"] for i in at], dtype=float))
        for i, point in zip(at, points, strict=True):
            out[i] = point
    return out


def _feature_geometry(feature: dict, number: int, findings: list[Finding]):
    """One feature's geometry; a broken one is dropped with the reason, and the feature is
    then placed like a row without a location, so that it does not sink the whole file."""
    given = feature.get("geometry") if isinstance(feature, dict) else None
    if not given:
        return None
    try:
        geom = shape(given)
        coords = shapely.get_coordinates(geom)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        findings.append(Finding(number, "location", "geometry_invalid", (("value", type(exc).__name__),)))
        return None
    if not np.isfinite(coords).all():
        bad = next(v for v in coords.ravel() if not math.isfinite(v))
        findings.append(Finding(number, "location", "geometry_invalid", (("value", str(bad)),)))
        return None
    return geom


def _read_gpkg(path: Path, name: str) -> RawTable:
    import geopandas as gpd
    import pyogrio

    try:
        layers = [layer[0] for layer in pyogrio.list_layers(path)]
        layer = _pick_sheet(layers, INVENTORY_SHEETS) or layers[0]
        info = pyogrio.read_info(path, layer=layer)
        limits.check_shape(name, int(info["features"]), len(info["fields"]) + 1)
        gdf = gpd.read_file(path, layer=layer)
        organisers_layer = _pick_sheet(layers, ORGANISER_SHEETS)
        organisers = (
            gpd.read_file(path, layer=organisers_layer).drop(columns="geometry", errors="ignore")
            if organisers_layer
            else None
        )
    except InventoryError:
        raise
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
