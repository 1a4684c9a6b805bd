"""Property tests: the cell parsers and the loader on random input never raise, every row
is loaded or rejected (rows in = loaded + rejected), and ``plain()`` keeps text as typed."""

from __future__ import annotations

import math
import re
import string
import tempfile
from pathlib import Path

import pandas as pd
from conftest import canonical_row, write_csv
from hypothesis import HealthCheck, given, settings
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
