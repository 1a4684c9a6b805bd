"""What an XLSX archive holds, measured before a spreadsheet library reads any cell.

A reader fills a dense rectangle from A1 to the farthest cell, so one cell at XFD1048576
costs seventeen billion cells, and a few hundred kilobytes of zipped XML can inflate to
gigabytes. Both are visible without reading a cell: the archive's directory gives the
inflated sizes, and one streaming pass over a sheet's XML (bounded by those sizes and by
the time budget) gives its real extent and the formulas that carry no computed value.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from partdash.inventory import limits
from partdash.inventory.report import InventoryError

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# workbook.xml and its relationships list sheets: anything larger is not a real workbook.
_SMALL_PART = 4 * limits.MIB
_CHUNK = 1 << 20

_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,10})"')
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,4})')
_CELL_ROW = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,4}(\d{1,10})"')
_FAST_ROW = re.compile(rb'<row r="(\d{1,10})"')
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,4}\d{1,10})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is>")


@dataclass
class Sheet:
    name: str
    part: str
    visible: bool


@dataclass
class SheetScan:
    rows: int = 0  # the farthest row, 1-based
    columns: int = 0  # the farthest column, 1-based
    cells: int = 0
    row_elements: int = 0
    formulas_without_value: list[str] = field(default_factory=list)  # cell references


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as ``C12``."""
    return column_number(re.match(r"[A-Z]+", ref)[0]) - 1


def open_archive(path: Path, name: str) -> zipfile.ZipFile:
    """The archive, once its directory shows that it inflates within the budget."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InventoryError("unreadable", name=name, kind="XLSX", detail="not a ZIP archive") from exc
    infos = archive.infolist()
    limits.check_inflated(name, sum(i.file_size for i in infos), sum(i.compress_size for i in infos))
    return archive


def _small_xml(archive: zipfile.ZipFile, part: str, name: str) -> ElementTree.Element:
    try:
        info = archive.getinfo(part)
        if info.file_size > _SMALL_PART:
            raise InventoryError("unreadable", name=name, kind="XLSX", detail=f"{part} is too large")
        return ElementTree.fromstring(archive.read(info))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError) as exc:
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=f"{part} is missing or damaged") from exc


def sheets(archive: zipfile.ZipFile, name: str) -> list[Sheet]:
    """The worksheets in workbook order, with their XML part and whether they are visible."""
    workbook = _small_xml(archive, "xl/workbook.xml", name)
    rels = _small_xml(archive, "xl/_rels/workbook.xml.rels", name)
    targets = {}
    for rel in rels.iter(f"{_PKG_NS}Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    out = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if part.startswith("xl/worksheets/"):
            out.append(
                Sheet(sheet.get("name", ""), posixpath.normpath(part), sheet.get("state", "visible") == "visible")
            )
    return out


def scan_sheet(archive: zipfile.ZipFile, sheet: Sheet, name: str, clock: limits.Clock) -> SheetScan:
    """One streaming pass over the sheet's XML: extent, cell count, formulas without value.

    The sheet is read whole rows at a time (cut after the last ``</row>`` of a chunk), and
    the extent is checked against the budgets after every chunk, so a bomb is refused
    after its first megabyte, not after it has been built.
    """
    try:
        stream = archive.open(sheet.part)
    except KeyError as exc:
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=f"{sheet.part} is missing") from exc
    try:
        with stream:
            return _scan_stream(archive, stream, sheet, name, clock)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InventoryError("unreadable", name=name, kind="XLSX", detail=f"{sheet.part} is damaged") from exc


def _scan_stream(archive, stream, sheet: Sheet, name: str, clock: limits.Clock) -> SheetScan:
    scan = SheetScan()
    inflated = 0
    carry = b""
    while True:
        chunk = stream.read(_CHUNK)
        inflated += len(chunk)
        limits.check_inflated(name, inflated, archive.getinfo(sheet.part).compress_size)
        buffer = carry + chunk
        cut = len(buffer) if not chunk else _after_last_row(buffer)
        _scan_piece(buffer[:cut], scan)
        carry = buffer[cut:]
        # The rectangle up to the farthest cell first: that is what a reader would fill.
        limits.check_cells(name, scan.rows * scan.columns)
        limits.check_shape(name, scan.rows, scan.columns)
        limits.check_cells(name, scan.cells)
        clock.check()
        if not chunk:
            return scan


def _after_last_row(buffer: bytes) -> int:
    end = buffer.rfind(b"</row>")
    if end >= 0:
        return end + len(b"</row>")
    ends = list(_ROW_END.finditer(buffer))  # a namespaced sheet (</x:row>)
    return ends[-1].end() if ends else 0


_CELL_OPEN = np.frombuffer(b'<c r="', dtype=np.uint8)
_REF_WIDTH = 15  # four letters, ten digits and the closing quote


def cell_references(piece: bytes) -> tuple[int, int, int] | None:
    """How many ``<c r="A1"`` cells a piece holds, their farthest column and row, read in
    vectorised passes over the bytes (no Python object per cell); None if one of them is
    written otherwise, for the general patterns to read."""
    codes = np.frombuffer(piece, dtype=np.uint8)
    opening = np.flatnonzero(codes[: max(len(codes) - len(_CELL_OPEN) + 1, 0)] == _CELL_OPEN[0])
    found = np.ones(len(opening), dtype=bool)
    for k in range(1, len(_CELL_OPEN)):
        found &= codes[opening + k] == _CELL_OPEN[k]
    starts = opening[found] + len(_CELL_OPEN)
    if not len(starts):
        return 0, 0, 0
    window = codes[np.minimum(starts[:, None] + np.arange(_REF_WIDTH), len(codes) - 1)].astype(np.int64)
    letters = np.argmin((window >= 65) & (window <= 90), axis=1)  # the first byte that is no capital
    position = np.arange(_REF_WIDTH)[None, :]
    ends = np.argmax(((window < 48) | (window > 57)) & (position >= letters[:, None]), axis=1)
    digits = ends - letters
    closed = window[np.arange(len(window)), ends] == ord('"')
    if not ((letters >= 1) & (letters <= 4) & (digits >= 1) & (digits <= 10) & closed).all():
        return None
    column = np.zeros(len(window), dtype=np.int64)
    for k in range(4):
        column = np.where(k < letters, column * 26 + window[:, k] - 64, column)
    row = np.zeros(len(window), dtype=np.int64)
    for k in range(1, _REF_WIDTH - 1):
        row = np.where((k >= letters) & (k < ends), row * 10 + window[:, k] - 48, row)
    return len(starts), int(column.max()), int(row.max())


def _scan_piece(piece: bytes, scan: SheetScan) -> None:
    """The extent of a piece of whole rows. Excel, LibreOffice and openpyxl write ``<c r="..."``
    and ``<row r="..."`` with the reference first and no namespace prefix: one simple pass
    reads those. A piece where some cell or row is written otherwise (counted with fast
    substring counts) takes the slower general patterns."""
    if not piece:
        return
    n_cells = piece.count(b"<c ") + piece.count(b"<c>")
    n_rows = piece.count(b"</row>")
    row_refs = _FAST_ROW.findall(piece)
    prefixed = b":c " in piece or b":c>" in piece or b":row" in piece
    refs = None if prefixed or len(row_refs) != n_rows else cell_references(piece)
    if refs is not None and refs[0] == n_cells:  # every cell carries its reference
        farthest_row = max(refs[2], max(map(int, row_refs), default=0))
        farthest_column = refs[1]
    else:
        widest = max((len(_CELL_START.findall(row)) for row in _ROW_END.split(piece)), default=0)
        n_cells = len(_CELL_START.findall(piece))
        n_rows = len(_ROW_END.findall(piece))
        columns = set(_CELL_COLUMN.findall(piece))
        rows = set(_ROW_REF.findall(piece)) | set(_CELL_ROW.findall(piece))
        farthest_row = max(map(int, rows), default=0)
        farthest_column = max([widest, *(column_number(c.decode()) for c in columns)])
    scan.row_elements += n_rows
    scan.cells += n_cells
    # Rows and cells may omit their reference and then follow the one before them: the
    # count of elements bounds the extent they reach.
    scan.rows = max(scan.rows, scan.row_elements, farthest_row)
    scan.columns = max(scan.columns, farthest_column)
    if b"<f" in piece or b":f" in piece:
        for match in _CELL.finditer(piece):
            body = match[2] or b""
            if (b"<f" in body or b":f>" in body) and not _VALUE.search(body):
                ref = _REF.search(match[1])
                scan.formulas_without_value.append(ref[1].decode() if ref else "?")
