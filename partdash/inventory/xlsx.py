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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

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
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,4}\d{1,10})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is>")


class Numbers(IntEnum):
    """The widest kind of number a sheet holds. Two readers built on calamine write a
    string or a whole number alike, but each has its own text for fractions, booleans,
    errors, times and durations, and for a zero or negative number shown as a date."""

    NONE = 0
    DAYS = 1  # whole numbers from 1 to 2958465, the days a date can show (up to 31.12.9999)
    WHOLE = 2  # any whole number of at most fifteen digits
    OTHER = 3  # anything else, or a cell written in a way the scan does not read


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
    numbers: Numbers = Numbers.NONE


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


def _parts(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """The workbook's related parts: relationship id to (type, part path)."""
    rels = _small_xml(archive, "xl/_rels/workbook.xml.rels", name)
    parts = {}
    for rel in rels.iter(f"{_PKG_NS}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[rel.get("Id")] = (rel.get("Type", ""), posixpath.normpath(part))
    return parts


def sheets(archive: zipfile.ZipFile, name: str) -> list[Sheet]:
    """The worksheets in workbook order, with their XML part and whether they are visible."""
    workbook = _small_xml(archive, "xl/workbook.xml", name)
    targets = {id_: part for id_, (_, part) in _parts(archive, name).items()}
    out = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if part.startswith("xl/worksheets/"):
            out.append(Sheet(sheet.get("name", ""), part, sheet.get("state", "visible") == "visible"))
    return out


# Built-in number formats (ECMA-376, 18.8.30): numbers and text, then dates (with or without
# a time of day); the others are times, durations or formats that depend on the locale.
_NUMBER_FORMATS = {*range(0, 14), *range(37, 45), 48, 49}
_DATE_FORMATS = {*range(14, 18), 22}
_DURATION = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_LITERAL = re.compile(r'"[^"]*"|\\.|[_*].')
_BRACKETS = re.compile(r"\[[^\]]*\]")


def _format_numbers(code: str) -> Numbers:
    """The widest number shown alike under a custom format: a duration never, a date or
    time only on the days a date can show, a plain number always."""
    if _DURATION.search(_LITERAL.sub("", code)):
        return Numbers.NONE
    bare = _BRACKETS.sub("", _LITERAL.sub("", code)).lower()
    return Numbers.DAYS if any(letter in bare for letter in "dmyhsebg") else Numbers.WHOLE


def numbers_read_alike(archive: zipfile.ZipFile, name: str) -> Numbers:
    """The widest kind of number that every cell format of the workbook shows as a plain
    number or a date (the date1904 calendar counts as none)."""
    workbook = _small_xml(archive, "xl/workbook.xml", name)
    calendar = workbook.find(f"{_MAIN_NS}workbookPr")
    if calendar is not None and calendar.get("date1904", "false").lower() in ("1", "true"):
        return Numbers.NONE
    styles_part = next((part for kind, part in _parts(archive, name).values() if kind.endswith("/styles")), None)
    if styles_part not in archive.namelist():
        return Numbers.WHOLE
    styles = _small_xml(archive, styles_part, name)
    custom = {f.get("numFmtId"): f.get("formatCode", "") for f in styles.iter(f"{_MAIN_NS}numFmt")}
    widest = Numbers.WHOLE
    for xf in styles.iterfind(f"{_MAIN_NS}cellXfs/{_MAIN_NS}xf"):
        number = xf.get("numFmtId", "0")
        if number in custom:
            widest = min(widest, _format_numbers(custom[number]))
        elif number.isdigit() and int(number) in _DATE_FORMATS:
            widest = min(widest, Numbers.DAYS)
        elif not (number.isdigit() and int(number) in _NUMBER_FORMATS):
            widest = Numbers.NONE
    return widest


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
    compressed = archive.getinfo(sheet.part).compress_size
    # The next chunk inflates on another thread (zlib lets go of the interpreter) while
    # this one is counted: the budgets are checked at most one chunk behind the inflating.
    with ThreadPoolExecutor(max_workers=1) as inflater:
        ahead = inflater.submit(stream.read, _CHUNK)
        while True:
            chunk = ahead.result()
            if chunk:
                ahead = inflater.submit(stream.read, _CHUNK)
            inflated += len(chunk)
            limits.check_inflated(name, inflated, compressed)
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


_REF_WIDTH = 15  # four letters, ten digits and the closing quote
_NAME_WIDTH = 12  # enough of a tag to see whether its name carries a prefix
_CELL_WIDTH = 64  # a cell's start tag, read whole to find its type; a longer one counts as unusual
_VALUE_WIDTH = 17  # a sign, fifteen digits and the closing "<"
_LAST_DAY = 2958465
_PAD = b" " * (_CELL_WIDTH + 8)
_CAPITAL = (65, 90)
_DIGIT = (48, 57)


def _between(codes: np.ndarray, bounds: tuple[int, int]) -> np.ndarray:
    return (codes >= bounds[0]) & (codes <= bounds[1])


def _words(codes: np.ndarray) -> np.ndarray:
    """At every position, the eight bytes that start there as one little-endian integer
    (a view, no copy: the padded buffer keeps the last ones in bounds)."""
    return np.ndarray(shape=(len(codes) - 7,), dtype="<u8", buffer=codes, strides=(1,))


def _follows(words: np.ndarray, text: bytes) -> np.ndarray:
    """Which of the ``words`` (up to eight bytes each) begin with ``text``."""
    mask = (1 << (8 * len(text))) - 1
    return (words & np.uint64(mask)) == np.uint64(int.from_bytes(text, "little"))


def _references(codes: np.ndarray, starts: np.ndarray, letters_allowed: bool) -> tuple[int, int] | None:
    """The farthest column and row of the references (``AB12"``, or ``12"`` for rows) that
    begin at ``starts``; None if one of them is written otherwise."""
    if not len(starts):
        return 0, 0
    window = sliding_window_view(codes, _REF_WIDTH)[starts].astype(np.int32)
    capital = _between(window, _CAPITAL)
    letters = np.argmin(capital, axis=1) if letters_allowed else np.zeros(len(window), dtype=np.int64)
    position = np.arange(_REF_WIDTH)[None, :]
    ends = np.argmax(~_between(window, _DIGIT) & (position >= letters[:, None]), axis=1)
    digits = ends - letters
    closed = window[np.arange(len(window)), ends] == ord('"')
    lowest = 1 if letters_allowed else 0
    if not ((letters >= lowest) & (letters <= 4) & (digits >= 1) & (digits <= 10) & closed).all():
        return None
    column = np.zeros(len(window), dtype=np.int64)
    for k in range(4 if letters_allowed else 0):
        column = np.where(k < letters, column * 26 + window[:, k] - 64, column)
    row = np.zeros(len(window), dtype=np.int64)
    for k in range(_REF_WIDTH - 1):
        row = np.where((k >= letters) & (k < ends), row * 10 + window[:, k] - 48, row)
    return int(column.max()), int(row.max())


@dataclass
class _Tags:
    """What the tags of a piece of whole rows say, counted from one pass over its ``<``."""

    cells: int  # <c> elements
    row_ends: int  # </row>
    prefixed: bool  # some element name carries a namespace prefix
    formulas: bool
    cell_extent: tuple[int, int] | None  # farthest column and row when every cell reads <c r="A1"
    row_extent: tuple[int, int] | None  # (0, farthest row) when every row reads <row r="1"
    numbers: Numbers


_BREAKS = np.zeros(256, dtype=bool)
_BREAKS[list(b"<>/ \t\r\n\"'=")] = True
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\r\n")] = True


def _prefixed(codes: np.ndarray, length: int) -> bool:
    """Whether some element name carries a namespace prefix (``<x:c``, ``</x:row>``).
    Colons are rare: for each, the last tag-breaking byte in the dozen before it tells
    whether it ends a tag's first word; a longer run without one counts as prefixed, which
    only sends the piece to the general patterns."""
    colons = np.flatnonzero(codes[:length] == ord(":"))
    if not len(colons):
        return False
    padded = np.concatenate([np.full(_NAME_WIDTH, ord(" "), dtype=np.uint8), codes[:length]])
    before = sliding_window_view(padded, _NAME_WIDTH)[colons]
    breaks = _BREAKS[before][:, ::-1]
    found = breaks.any(axis=1)
    last = _NAME_WIDTH - 1 - np.argmax(breaks, axis=1)
    rows = np.arange(len(before))
    byte = before[rows, last]
    opened = (byte == ord("<")) | ((byte == ord("/")) & (before[rows, np.maximum(last - 1, 0)] == ord("<")))
    return bool((~found | opened).any())


def _tags(piece: bytes) -> _Tags:
    """Every ``<`` opens a tag (text holds ``&lt;``), so the bytes after each one tell the
    element: counted in numpy, without a substring search per question."""
    codes = np.frombuffer(piece + _PAD, dtype=np.uint8)
    tags = np.flatnonzero(codes[: len(piece)] == ord("<"))
    words = _words(codes)[tags]
    second, third = (words >> np.uint64(8)) & np.uint64(255), (words >> np.uint64(16)) & np.uint64(255)
    ends_name = (third == 32) | (third == 62) | (third == 47) | (third == 9) | (third == 10) | (third == 13)
    cells = (second == ord("c")) & ends_name
    formulas = (second == ord("f")) & ends_name
    row_ends = _follows(words, b"</row>")
    prefixed = _prefixed(codes, len(piece))
    cell_refs = tags[_follows(words, b'<c r="')]
    row_refs = tags[_follows(words, b'<row r="')]
    n_cells, n_row_ends = int(cells.sum()), int(row_ends.sum())
    return _Tags(
        cells=n_cells,
        row_ends=n_row_ends,
        prefixed=prefixed,
        formulas=bool(formulas.any()),
        cell_extent=_references(codes, cell_refs + len(b'<c r="'), True) if len(cell_refs) == n_cells else None,
        row_extent=_references(codes, row_refs + len(b'<row r="'), False) if len(row_refs) == n_row_ends else None,
        numbers=Numbers.OTHER if prefixed else _numbers(codes, tags, words, cells),
    )


def _numbers(codes: np.ndarray, tags: np.ndarray, words: np.ndarray, cells: np.ndarray) -> Numbers:
    """The widest number among the values (``<v>``) of the piece. A value's cell is the
    last ``<c`` before it; its start tag gives the type (``t="s"``, ``"str"`` and
    ``"inlineStr"`` are text, none or ``"n"`` a number). Quotes, spaces around ``=`` or a
    tag longer than the window make the piece OTHER rather than guessed."""
    values = np.flatnonzero(_follows(words, b"<v>"))
    if not len(values):
        return Numbers.NONE
    cell_tags = np.flatnonzero(cells)
    owner = np.searchsorted(cell_tags, values) - 1
    following = values + 1
    if (owner < 0).any() or (following >= len(tags)).any():
        return Numbers.OTHER
    head = sliding_window_view(codes, _CELL_WIDTH)[tags[cell_tags[owner]]]
    close = np.argmax(head == ord(">"), axis=1)
    rows = np.arange(len(head))
    inside = np.arange(_CELL_WIDTH)[None, :] < close[:, None]
    spaced = (_SPACE[head[:, :-1]] & (head[:, 1:] == ord("="))) | ((head[:, :-1] == ord("=")) & _SPACE[head[:, 1:]])
    unusual = (head[rows, close] != ord(">")) | (inside & (head == ord("'"))).any(axis=1) | spaced.any(axis=1)
    typed = _SPACE[head[:, :-4]] & (head[:, 1:-3] == ord("t")) & (head[:, 2:-2] == ord("=")) & (head[:, 3:-1] == 34)
    typed &= inside[:, :-4]
    kind = np.where(typed.any(axis=1), head[rows, np.argmax(typed, axis=1) + 4], ord("n"))
    number = kind == ord("n")
    if unusual.any() or not (number | (kind == ord("s")) | (kind == ord("i"))).all():
        return Numbers.OTHER
    starts = tags[values[number]] + len(b"<v>")
    if not len(starts):
        return Numbers.NONE
    length = tags[following[number]] - starts
    text = sliding_window_view(codes, _VALUE_WIDTH)[starts]
    sign = (text[:, 0] == ord("-")).astype(np.int64)
    body = (np.arange(_VALUE_WIDTH)[None, :] >= sign[:, None]) & (np.arange(_VALUE_WIDTH)[None, :] < length[:, None])
    lead = text[np.arange(len(text)), sign]
    whole = (length - sign >= 1) & (length - sign <= 15) & (_between(text, _DIGIT) | ~body).all(axis=1)
    whole &= (lead != ord("0")) | ((length == 1) & (sign == 0))
    if not whole.all():
        return Numbers.OTHER
    day = np.zeros(len(text), dtype=np.int64)
    for k in range(7):
        day = np.where(k < length, day * 10 + text[:, k] - 48, day)
    days = (sign == 0) & (lead != ord("0")) & (length <= 7) & (day <= _LAST_DAY)
    return Numbers.DAYS if days.all() else Numbers.WHOLE


def _fast_extent(tags: _Tags) -> tuple[int, int, int, int] | None:
    """Cells, rows, farthest column and row, when every cell and row carries its reference
    first and no name its prefix; None otherwise."""
    if tags.prefixed or tags.cell_extent is None or tags.row_extent is None:
        return None
    return tags.cells, tags.row_ends, tags.cell_extent[0], max(tags.cell_extent[1], tags.row_extent[1])


def _general_extent(piece: bytes) -> tuple[int, int, int, int]:
    """The same four numbers for any way of writing cells and rows, by regular expressions."""
    widest = max((len(_CELL_START.findall(row)) for row in _ROW_END.split(piece)), default=0)
    columns = set(_CELL_COLUMN.findall(piece))
    rows = set(_ROW_REF.findall(piece)) | set(_CELL_ROW.findall(piece))
    return (
        len(_CELL_START.findall(piece)),
        len(_ROW_END.findall(piece)),
        max([widest, *(column_number(c.decode()) for c in columns)]),
        max(map(int, rows), default=0),
    )


def _scan_piece(piece: bytes, scan: SheetScan) -> None:
    """The extent of a piece of whole rows. Excel, LibreOffice and openpyxl write ``<c r="..."``
    and ``<row r="..."`` with the reference first and no namespace prefix: one vectorised
    pass reads those. A piece where some cell or row is written otherwise takes the slower
    general patterns."""
    if not piece:
        return
    tags = _tags(piece)
    n_cells, n_rows, farthest_column, farthest_row = _fast_extent(tags) or _general_extent(piece)
    scan.row_elements += n_rows
    scan.cells += n_cells
    scan.numbers = max(scan.numbers, tags.numbers)
    # Rows and cells may omit their reference and then follow the one before them: the
    # count of elements bounds the extent they reach.
    scan.rows = max(scan.rows, scan.row_elements, farthest_row)
    scan.columns = max(scan.columns, farthest_column)
    if tags.formulas or tags.prefixed:
        for match in _CELL.finditer(piece):
            body = match[2] or b""
            if (b"<f" in body or b":f>" in body) and not _VALUE.search(body):
                ref = _REF.search(match[1])
                scan.formulas_without_value.append(ref[1].decode() if ref else "?")
