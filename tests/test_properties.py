"""Property tests: the cell parsers and the loader on random input never raise, every row
is loaded or rejected (rows in = loaded + rejected), and ``plain()`` keeps text as typed."""

from __future__ import annotations

import datetime
import math
import re
import string
import tempfile
from pathlib import Path

import pandas as pd
from conftest import canonical_row, write_csv
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from partdash.inventory.loader import load_inventory
from partdash.inventory.parsing import Parsed, parser_for
from partdash.inventory.report import InventoryError
from partdash.inventory.schema import FIELDS
from partdash.ui.components import plain

# Text a careless or hostile user can type: any Unicode, plus the characters that matter
# to the parsers (digits of other scripts, separators, controls, invisible characters).
CELL = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789０１２٣.,;:-+/_ eE€\u202f\xa0\u200b\x1bTZ", max_size=25),
    st.sampled_from(["inf", "nan", "Infinity", "1_000", "2021-02-30", "2021-03-01T24:00", "9" * 400]),
)
FIELD_NAMES = [f.name for f in FIELDS]


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FIELDS), text=CELL)
def test_every_cell_parser_returns_a_value_or_an_error_and_never_raises(field, text):
    result = parser_for(field.name, field.kind)(text)
    assert isinstance(result, Parsed)
    if result.error:
        assert result.value is None
        assert all(isinstance(v, str) for _, v in result.error[1])
    if isinstance(result.value, float):
        assert math.isfinite(result.value) and (result.value >= 0 or field.kind == "coord")
    if isinstance(result.value, pd.Timestamp):
        assert 1900 <= result.value.year <= 2100


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.dictionaries(st.sampled_from(FIELD_NAMES), CELL, max_size=4),
        min_size=1,
        max_size=6,
    ),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_the_loader_accounts_for_every_row_of_a_random_table(changes, sep):
    rows = [canonical_row(n, **change) for n, change in enumerate(changes, start=1)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "random.csv", rows, sep=sep)
        try:
            inv = load_inventory(path)
        except InventoryError as exc:
            assert exc.message("fr") and exc.message("nl")  # unusable, but said in a sentence
            return
    report = inv.report
    assert report.rows_in == len(rows)
    assert report.rows_in == report.rows_loaded + report.rows_rejected
    assert len(inv.data) == report.rows_loaded
    assert not set(inv.data["source_row"]) & set(report.rejected_rows)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_plain_keeps_every_character_and_escapes_every_markdown_mark(text):
    """What ``plain()`` adds is only backslashes before ASCII punctuation and invisible word
    joiners: a reader sees the text as typed, and no mark is left for Markdown to act on."""
    escaped = plain(text)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL).replace("\u2060", "") == text.replace("\u2060", "")
    unescaped_marks = re.sub(r"\\.", "", escaped, flags=re.DOTALL)
    assert not set(unescaped_marks) & set(string.punctuation)
    assert not re.search(r"(?i)https?:/|www\.|:[\w+-]+:|@\w", escaped.replace("\\", ""))


# Raw CSV text as people and programs write it: quotes, separators and line breaks inside
# cells, blank lines, ragged rows, a BOM, trailing separators.
CSV_PIECE = st.sampled_from(
    ['"x"', '"', '""', ",", ";", "\t", "\n", "\r\n", "\r", " ", "a", "é", "1", "\ufeff", "\x1b"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.text(alphabet="abc_", min_size=1, max_size=4), min_size=1, max_size=4),
    body=st.lists(CSV_PIECE, max_size=40),
)
def test_the_fast_csv_reader_reads_exactly_what_pandas_reads(header, body):
    """Arrow reads most files; any file it reads must come out cell for cell as pandas
    reads it, and the files it refuses go to pandas, so the two never disagree."""
    from partdash.inventory.readers import _read_csv

    data = (",".join(header) + "\n" + "".join(body)).encode("utf-8")
    try:
        ours = _read_csv(data, "x.csv").table
    except InventoryError:
        ours = None
    text = data.decode("utf-8-sig")
    try:
        theirs = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError):
        assert ours is None
        return
    if ours is None:  # refused by the shape budgets, or rows wider than the header
        return
    assert list(ours.columns) == list(theirs.columns)
    assert ours.fillna("").astype(str).to_numpy().tolist() == theirs.fillna("").astype(str).to_numpy().tolist()


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='"\\[]{}ab é\n', max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='"\\[]{}a', max_size=4), inner, max_size=3)
    ),
    max_leaves=30,
)


def _depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUE, ascii_only=st.booleans())
def test_the_json_depth_budget_counts_the_nesting_a_parser_would_meet(value, ascii_only):
    """Brackets and escaped quotes inside strings never count; every real bracket does."""
    import json

    from partdash.inventory import limits

    assert limits.json_depth(json.dumps(value, ensure_ascii=ascii_only)) == _depth(value)


CELL_REF = st.tuples(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=5), st.integers(0, 10**11))


@settings(max_examples=300, deadline=None)
@given(refs=st.lists(CELL_REF, max_size=12), noise=st.sampled_from(["", ' t="s"', "<v>1</v>", "x"]))
def test_the_vectorised_cell_reference_scan_agrees_with_the_pattern(refs, noise):
    """The XLSX budget scan reads cell references without a Python object per cell; where
    it answers, it must give the count and the farthest column and row the plain pattern
    gives, and any reference the pattern would not read sends the piece to the slow path."""
    from partdash.inventory.xlsx import _tags, column_number

    piece = "".join(f'<c r="{letters}{number}"{noise}/>' for letters, number in refs).encode()
    found = re.findall(rb'<c r="([A-Z]{1,4})(\d{1,10})"', piece)
    tags = _tags(piece)
    if len(found) != len(refs):
        assert tags.cell_extent is None
    else:
        columns = [column_number(c.decode()) for c, _ in found]
        farthest = (max(columns, default=0), max((int(r) for _, r in found), default=0))
        assert (tags.cells, tags.cell_extent) == (len(found), farthest)


TEXT = st.text(alphabet="ab :éx/=\"'-", max_size=20).map(
    lambda t: t.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&apos;")
)


@st.composite
def sheet_rows(draw):
    """Rows of a sheet's XML as writers put them, and as they may: a namespace prefix,
    a reference written after another attribute or left out, text with colons."""
    prefix = draw(st.sampled_from(["", "", "x:", "ns12:"]))
    rows = []
    for number in draw(st.lists(st.integers(1, 10**6), max_size=6)):
        cells = []
        for column in draw(st.lists(st.sampled_from(["A", "B", "Z", "AB", "XFD"]), max_size=4, unique=True)):
            ref = draw(st.sampled_from([f' r="{column}{number}"', f' t="s" r="{column}{number}"', ""]))
            body = draw(st.sampled_from(["", "<v>1</v>", "<f>A1</f>"]))
            text = draw(TEXT)
            inline = f'<{prefix}is><{prefix}t xml:space="preserve">{text}</{prefix}t></{prefix}is>'
            cells.append(f"<{prefix}c{ref}>{body or inline}</{prefix}c>")
        row_ref = draw(st.sampled_from([f' r="{number}"', ""]))
        rows.append(f"<{prefix}row{row_ref}>{''.join(cells)}</{prefix}row>")
    return "".join(rows).encode()


@settings(max_examples=300, deadline=None)
@given(piece=sheet_rows())
def test_the_vectorised_sheet_scan_agrees_with_the_general_patterns(piece):
    """Where the one-pass numpy scan of a piece of rows answers, it gives the cells, rows
    and farthest column and row that the general regular expressions give; a prefixed name
    always sends the piece to them."""
    from partdash.inventory import xlsx

    tags = xlsx._tags(piece)
    fast = xlsx._fast_extent(tags)
    if b":c" in piece.replace(b"xml:space", b"") or b":row" in piece:
        assert tags.prefixed
    if fast is not None:
        assert fast == xlsx._general_extent(piece)


FORMATS = [
    "General",
    "0",
    "0.00",
    "@",
    "#,##0 [$€-813]",
    '0" jours"',
    "yyyy-mm-dd",
    "dd/mm/yyyy",
    "[$-813]d mmmm yyyy",
    "mmm yyyy",
    "d/m/yy h:mm",
    "h:mm",
    "mm:ss",
    "[h]:mm:ss",
]
PLAIN_VALUES = st.one_of(
    st.none(),
    st.text(alphabet=string.ascii_letters + string.digits + " -.éà", max_size=6).filter(
        lambda t: not t.startswith("=")
    ),
    st.integers(-(10**17), 10**17),
    st.sampled_from([0, 1, -1, 59, 60, 61, 45000, 2958465, 2958466, 123456789012345]),
    st.dates(min_value=datetime.date(1901, 1, 1)),
)
OTHER_VALUES = st.one_of(
    st.sampled_from([0.5, -0.0, 1e20, 2.5e-7]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1901, 1, 1)),
    st.times(),
    st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=400)),
)
CELL_VALUES = st.one_of(PLAIN_VALUES, PLAIN_VALUES, PLAIN_VALUES, OTHER_VALUES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.sampled_from(FORMATS), min_size=1, max_size=3, unique=True).flatmap(
        lambda formats: st.lists(st.lists(st.tuples(CELL_VALUES, st.sampled_from(formats)), min_size=1, max_size=4))
    ),
    mac_calendar=st.booleans(),
)
@example(rows=[[(0, "yyyy-mm-dd")]], mac_calendar=False)
@example(rows=[[(2958466, "yyyy-mm-dd")]], mac_calendar=False)
@example(rows=[[(60, "h:mm")], [(-0.0, "General")]], mac_calendar=False)
def test_the_arrow_reader_is_chosen_only_where_it_writes_what_the_exact_reader_writes(rows, mac_calendar):
    """Big sheets are read through Arrow, whose text for fractions, booleans, times and
    durations differs from the exact reader's: the scan and the cell formats must send
    every sheet holding such a cell to the exact reader, and the two must agree on the rest."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from partdash.inventory import limits, xlsx
    from partdash.inventory.readers import _arrow_sheet, _calamine_sheet

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "inventory"
    if mac_calendar:
        book.epoch = CALENDAR_MAC_1904
    for r, row in enumerate([[("id", "General"), ("value", "General")], *rows], start=1):
        for c, (value, number_format) in enumerate(row, start=1):
            sheet.cell(r, c, value).number_format = number_format
    path = Path(tempfile.mkdtemp()) / "book.xlsx"
    book.save(path)
    with xlsx.open_archive(path, path.name) as archive:
        scan = xlsx.scan_sheet(archive, xlsx.sheets(archive, path.name)[0], path.name, limits.Clock(path.name))
        alike = xlsx.numbers_read_alike(archive, path.name)
    event(f"read through Arrow: {scan.numbers <= alike}")
    if scan.numbers <= alike:
        pd.testing.assert_frame_equal(
            _arrow_sheet(path, path.name, "inventory"), _calamine_sheet(path, path.name, "inventory")
        )
