"""The table behind every chart, and the small-count rule as charts draw it.

A builder attaches to its figure the table it draws (labels in the UI language, counts
and denominators), so that the page can offer it to read and to download without
knowing the chart; screen-reader users get the same figures as a table. Shares on fewer
than ``MIN_KNOWN`` known values are hatched and written as counts ("2 of 2").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.analysis.aggregates import MIN_KNOWN, UNKNOWN, is_small, small_text
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.export import neutralise

_TABLE = "_partdash_table"  # plotly lets private attributes through; the JSON sent never holds them
SMALL_OPACITY = 0.5


def attach(fig: go.Figure, table: pd.DataFrame) -> go.Figure:
    """``fig`` carrying ``table``, the figures it draws."""
    setattr(fig, _TABLE, table.reset_index(drop=True))
    return fig


def table_of(fig: go.Figure) -> pd.DataFrame | None:
    return getattr(fig, _TABLE, None)


def table_csv(table: pd.DataFrame) -> bytes:
    """The table as a CSV file a spreadsheet opens safely (UTF-8 with BOM, no live formulas)."""
    return table.map(neutralise).to_csv(index=False).encode("utf-8-sig")


def numbers(values, lang: str) -> list[str]:
    """Counts as the locale writes them, for hover and bar texts: plotly would print a raw
    number without the locale's grouping ("1234" where Dutch writes "1.234")."""
    return [format_number(v, lang) for v in values]


def column(name: str, lang: str) -> str:
    return translate(f"charts.col.{name}", lang, min=MIN_KNOWN)


def code_label(field: str, code: str, lang: str) -> str:
    return translate("methods.unknown", lang) if code == UNKNOWN else VOCABULARIES[field].label(code, lang)


def small_words(known: Sequence[int], lang: str) -> list[str]:
    """Yes / no per value: does its share fall under the small-count rule."""
    labels = VOCABULARIES["yes_no"].labels(lang)
    return [labels["yes"] if is_small(k) else labels["no"] for k in known]


def share_columns(count, denominator, share, lang: str) -> dict[str, list]:
    """Count, denominator, share in percent and the small-count flag, as reader's columns."""
    share = pd.Series(np.asarray(share, dtype=float))
    return {
        column("count", lang): list(count),
        column("denominator", lang): list(denominator),
        column("share", lang): (share * 100).round(1).tolist(),
        column("small", lang): small_words(denominator, lang),
    }


def share_rows(table: pd.DataFrame, field: str, lang: str, by: str | None = None) -> pd.DataFrame:
    """A ``share_table`` (or, with ``by``, a ``group_shares`` table) as a reader's table."""
    out = {}
    if by:
        out[FIELD_BY_NAME[by].label(lang)] = [VOCABULARIES[by].label(g, lang) for g in table["group"]]
    out[FIELD_BY_NAME[field].label(lang)] = [code_label(field, c, lang) for c in table["code"]]
    return pd.DataFrame({**out, **share_columns(table["count"], table["denominator"], table["share"], lang)})


def share_text(share, count, total, lang: str) -> str:
    """ "51 % (75 of 148)", or just "2 of 2" under the small-count rule."""
    if is_small(total):
        return small_text(count, total, lang)
    return translate(
        "methods.count_of",
        lang,
        share=format_percent(share, lang),
        count=format_number(count, lang),
        total=format_number(total, lang),
    )


def small_marker(known: Sequence[int], colours) -> dict:
    """Bar marker settings: the shares under the small-count rule hatched and faded."""
    small = [bool(is_small(k)) for k in known]
    return {
        "color": colours,
        "opacity": [SMALL_OPACITY if s else 1.0 for s in small] if any(small) else 1.0,
        "pattern": {
            "shape": ["/" if s else "" for s in small],
            "fillmode": "overlay",  # the hatch over the bar's own colour, so groups stay told apart
            "fgcolor": "#333333",
            "solidity": 0.3,
        },
    }


def small_rule(lang: str) -> str:
    return translate("charts.small_rule", lang, min=MIN_KNOWN)


def has_small(table: pd.DataFrame, lang: str) -> bool:
    """Whether a chart's table holds a share under the small-count rule (so the rule must be said)."""
    flag = column("small", lang)
    return flag in table and bool((table[flag] == VOCABULARIES["yes_no"].label("yes", lang)).any())
