"""Charts of the Overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from partdash.analysis.aggregates import counts_by_year, share_table
from partdash.charts.style import apply_layout, code_colours
from partdash.charts.tables import attach, column, numbers, share_rows, share_text, small_marker
from partdash.i18n import translate
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

# Bars at least this share of the longest carry their text inside; a shorter bar would
# shrink "41 % (15 sur 37)" to fit, so its text goes after it (where the axis leaves room).
INSIDE_FROM = 0.85


def stacked_by_year(table: pd.DataFrame, field: str, lang: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """Stacked bars of initiatives per start year, one colour per code of ``field``."""
    vocab = VOCABULARIES[field]
    colours = code_colours(field)
    fig = go.Figure()
    for code in table.columns:
        if table[code].sum() == 0:
            continue
        fig.add_bar(
            x=table.index.astype(str),
            y=table[code],
            name=vocab.label(code, lang),
            marker_color=colours[code],
            customdata=[code] * len(table),
            hovertext=numbers(table[code], lang),
            hovertemplate="%{x}: %{hovertext}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="stack")
    return attach(apply_layout(fig, title, x_title, y_title), year_rows(table, field, lang))


def year_rows(table: pd.DataFrame, field: str, lang: str) -> pd.DataFrame:
    """Counts per start year (rows) and code (columns, every code seen), with the total, as a reader's table."""
    used = [c for c in table.columns if table[c].sum() > 0]
    out = table[used].rename(columns=lambda c: VOCABULARIES[field].label(c, lang))
    out.insert(0, column("year", lang), table.index.astype(int))
    if VOCABULARIES[field].multi:  # an initiative counts under each of its codes: no total
        return out
    return out.assign(**{column("total", lang): table[used].sum(axis=1)})


def share_bars(shares: pd.DataFrame, field: str, lang: str, title: str, x_title: str, text: list[str]) -> go.Figure:
    """Horizontal bars of shares per code, with the count and denominator as text."""
    vocab = VOCABULARIES[field]
    colours = code_colours(field)
    shares = shares.iloc[::-1]
    values = shares["share"].fillna(0)
    longest = float(values.max())
    # Text inside the long bars and after the short ones (zeros included), so that it never
    # runs off a narrow column.
    positions = ["inside" if longest and v >= INSIDE_FROM * longest else "outside" for v in values]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=[vocab.label(c, lang) for c in shares["code"]],
            orientation="h",
            marker=small_marker(shares["denominator"], [colours[c] for c in shares["code"]]),
            text=text[::-1],
            textposition=positions,
            customdata=shares["code"],
            # Hover from its own copy of the texts: a bar's text may move to an annotation.
            hovertext=text[::-1],
            hovertemplate="%{y}: %{hovertext}<extra></extra>",
            cliponaxis=False,
        )
    )
    top = max(0.1, longest * 1.3)
    step = 0.05 if top <= 0.3 else (0.1 if top <= 0.6 else 0.25)
    # Room for the text after the bars, but no tick past 100 %.
    fig.update_xaxes(
        tickformat=".0%", range=[0, top], tickvals=[i * step for i in range(int(min(top, 1.0) / step + 1e-9) + 1)]
    )
    return apply_layout(fig, title, x_title, None, height=120 + 48 * len(shares))


@memoised
def starts_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Initiatives per start year, coloured by organiser level."""
    return stacked_by_year(
        counts_by_year(df, "organiser_level"),
        "organiser_level",
        lang,
        translate("overview.per_year_title", lang),
        translate("overview.year", lang),
        translate("overview.count_axis", lang),
    )


@memoised
def levels_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of initiatives per organiser level, each bar with its count and total."""
    shares = share_table(df, "organiser_level")
    labels = [share_text(r.share, r.count, r.denominator, lang) for r in shares.itertuples()]
    title, axis = translate("overview.levels_title", lang), translate("overview.share_axis", lang)
    return attach(
        share_bars(shares, "organiser_level", lang, title, axis, labels), share_rows(shares, "organiser_level", lang)
    )
