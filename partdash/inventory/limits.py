"""The budgets of one load: what a file may cost before any of its cells is read.

A file is measured against these limits from what it declares or from a cheap scan (its
size, the directory of an XLSX archive, the extent of its sheets, the nesting of a JSON
document) before the expensive reading starts, so that a small hostile file cannot make
the server allocate gigabytes. Every reader and the uploader take their figures from
here, and every figure is said in MiB, the unit the code counts in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from partdash.inventory.report import InventoryError

MIB = 1024 * 1024

MAX_FILE_BYTES = 50 * MIB
# An XLSX of 100,000 initiatives (31 MiB) inflates to 240 MiB, 8 times its size: a file at
# the size limit may reach 400 MiB. A ratio far beyond 8 is an archive built to explode.
MAX_INFLATED_BYTES = 400 * MIB
MAX_INFLATE_RATIO = 100
MAX_ROWS = 250_000
MAX_COLUMNS = 2_000
# Cells of the rectangle a reader fills (spreadsheet readers pad every row to the widest).
MAX_CELLS = 12_000_000
# A GeoJSON MultiPolygon inside a FeatureCollection is 7 levels deep.
MAX_DEPTH = 32
MAX_SECONDS = 90.0
# The column-mapping step draws one drop-down per unrecognised column: past this many, it
# lists the first ones and says how many more there are.
MAX_MAPPING_COLUMNS = 40


def upload_limit_mib() -> int:
    """The upload limit as Streamlit's ``server.maxUploadSize`` counts it (MiB)."""
    return MAX_FILE_BYTES // MIB


def mib(n_bytes: int) -> str:
    """A size in MiB as the messages show it (one decimal under 10 MiB)."""
    value = n_bytes / MIB
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def count(n: int) -> str:
    """A count in a message, grouped by narrow spaces (SI style, read alike in fr, nl, en)."""
    return f"{n:,}".replace(",", "\u202f")


def check_file_size(size: int, name: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    if size > max_bytes:
        raise InventoryError("too_large", name=name, size_mb=mib(size), limit_mb=mib(max_bytes))


def check_shape(name: str, rows: int, columns: int) -> None:
    """Refuse a table whose extent alone would exceed the budgets."""
    if columns > MAX_COLUMNS:
        raise InventoryError("too_many_columns", name=name, n=count(columns), limit=count(MAX_COLUMNS))
    if rows > MAX_ROWS:
        raise InventoryError("too_many_rows", name=name, n=count(rows), limit=count(MAX_ROWS))
    check_cells(name, rows * columns)


def check_cells(name: str, cells: int) -> None:
    if cells > MAX_CELLS:
        raise InventoryError("too_many_cells", name=name, n=count(cells), limit=count(MAX_CELLS))


def check_inflated(name: str, inflated: int, compressed: int) -> None:
    if inflated > MAX_INFLATED_BYTES:
        raise InventoryError("inflates", name=name, size_mb=mib(inflated), limit_mb=mib(MAX_INFLATED_BYTES))
    if inflated > MIB and inflated > MAX_INFLATE_RATIO * max(compressed, 1):
        ratio = count(inflated // max(compressed, 1))
        raise InventoryError("inflates_ratio", name=name, ratio=ratio, limit=MAX_INFLATE_RATIO)


_OPENING = np.zeros(256, dtype=np.int8)
_OPENING[[ord("["), ord("{")]] = 1
_OPENING[[ord("]"), ord("}")]] = -1


_STRUCTURE = b'"[]{}'
_NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(_STRUCTURE)))


def json_depth(text: str | bytes) -> int:
    """The deepest nesting of a JSON document, without building it. On its UTF-8 bytes (no
    byte of a multi-byte character is a quote, a backslash or a bracket), escapes are
    removed (pairs of backslashes first, as a parser reads them, then escaped quotes), all
    but quotes and brackets are dropped, and the brackets outside strings are counted in
    one vectorised pass: a few passes at the speed of ``bytes.replace``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, delete=_NOT_STRUCTURE)
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    inside = np.bitwise_xor.accumulate((codes == ord('"')).view(np.uint8))  # 1 from an opening quote on
    steps = _OPENING[codes[inside == 0]]
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0)) if len(steps) else 0


def check_depth(name: str, text: str | bytes) -> None:
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise InventoryError("too_deep", name=name, n=count(depth), limit=MAX_DEPTH)


@dataclass
class Clock:
    """The time budget of one read, checked between chunks of work."""

    name: str
    started: float = 0.0
    budget: float = MAX_SECONDS

    def __post_init__(self) -> None:
        self.started = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.started > self.budget:
            raise InventoryError("too_slow", name=self.name, limit=f"{self.budget:.0f}")
