"""Numbers in tables are grouped and marked as the app's language writes them ("12 345" in
French, "12.345" in Dutch), whatever the browser's locale, and their columns still sort as
numbers: the table is sent with a display text beside each numeric value."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from apptest_support import open_page

from partdash.i18n import format_number
from partdash.ui.tables import localised

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("lang", "count", "share"), [("fr", f"12{NNBSP}345", "51,5"), ("nl", "12.345", "51,5"), ("en", "12,345", "51.5")]
)
def test_numbers_are_written_as_the_language_writes_them(lang, count, share):
    table = pd.DataFrame(
        {
            "name": ["a", "b"],
            "count": [12345, 7],
            "share": [51.5, 3.0],
            "year": [2021, 2023],
            "rank": pd.array([1, None], dtype="Int64"),
        }
    )
    styled = localised(table, lang, plain=["year"])
    cells = styled.to_string(delimiter="|").splitlines()[1].split("|")
    assert cells[1:] == ["a", count, share, "2021", "1"]
    assert styled.to_string(delimiter="|").splitlines()[2].split("|")[1:] == [
        "b",
        "7",
        "3,0" if lang != "en" else "3.0",
        "2023",
        "–",
    ]
    assert styled.data["count"].dtype.kind == "i"  # still numbers underneath: sorting stays numeric


def _styled_tables(at) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """(values, display texts) of every table the page sends with display texts."""
    out = []
    for element in at.dataframe:
        arrow = element.proto.arrow_data
        if arrow.HasField("styler"):
            out.append((element.value, pa.ipc.open_stream(arrow.styler.display_values).read_all().to_pandas()))
    return out


@pytest.mark.parametrize(("page", "column"), [("followup", "total"), ("quality", "records")])
def test_page_tables_send_counts_in_the_page_language(page, column):
    """A table is sent with display texts when some number reads differently by language;
    one of whole numbers under 1,000, which every language writes alike, is sent as it is."""
    at = open_page(page, lang="nl")
    tables = _styled_tables(at)
    styled = next(((v, s) for v, s in tables if column in v), None)
    if styled is None:
        plain = next(e.value for e in at.dataframe if column in e.value)
        assert pd.api.types.is_integer_dtype(plain[column]) and (plain[column].dropna() < 1000).all()
        return
    values, shown = styled
    assert list(shown[column]) == [format_number(n, "nl") for n in values[column]]
    assert pd.api.types.is_integer_dtype(values[column])


def test_a_table_every_language_writes_alike_is_sent_without_display_texts():
    small = pd.DataFrame({"name": ["a"], "count": [999], "year": [2021]})
    assert localised(small, "fr", plain=["year"]) is small
    assert not isinstance(localised(small.assign(count=[1000]), "fr", plain=["year"]), pd.DataFrame)
    assert not isinstance(localised(small.assign(share=[0.5]), "fr", plain=["year"]), pd.DataFrame)
