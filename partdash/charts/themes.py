"""Charts of the Themes page.

Theme labels run long ("Aménagement du territoire, espace public, quartier"), so the
heatmaps wrap them over lines rather than let them eat the plot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.analysis import themes
from partdash.analysis.aggregates import counts_by_year, group_shares, initiatives_per_year, is_small, share_table
from partdash.charts.methods import code_share_bars, count_texts
from partdash.charts.overview import stacked_by_year
from partdash.charts.style import GREY, OKABE_ITO, SEQUENTIAL, UNKNOWN, apply_layout, code_colours, legend_below, wrap
from partdash.charts.tables import attach, column, share_columns, share_rows, small_marker, small_text
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

SCALE = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
WRAP = 26
LEGEND_WRAP = 28  # characters per line of a legend entry, a third of the plot wide at 1280 px
# Pixels between wrapped tick labels and the axis title: plotly measures the labels before
# the page's web font is in, and without a margin the title can touch the longest label.
TITLE_STANDOFF = 18


def counts_by_year_bars(table: pd.DataFrame, lang: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """The Overview's stacked bars per start year, for themes: taller, with the long theme
    legend in three columns under the axis, long names wrapped so that none runs into the next."""
    fig = stacked_by_year(table, "themes", lang, title, x_title, y_title)
    fig.for_each_trace(lambda trace: trace.update(name=wrap(trace.name, LEGEND_WRAP)))
    return legend_below(fig, columns=3).update_layout(height=660)


def year_share_heatmap(
    shares: pd.DataFrame, counts: pd.DataFrame, totals: pd.Series, lang: str, title: str, x_title: str, y_title: str
) -> go.Figure:
    """Themes (rows) by start year (columns): share of that year's initiatives having the
    theme; each year says its number of initiatives, the denominator. A year of fewer than
    ``MIN_KNOWN`` initiatives is grey and gives counts ("1 of 2") instead of shares."""
    vocab = VOCABULARIES["themes"]
    present = [c for c in counts.columns if counts[c].sum() > 0]
    years = list(counts.index)
    n = totals.reindex(years, fill_value=0).to_numpy(int)
    count = counts[present].T.to_numpy(int)
    share = shares[present].T.to_numpy(float)
    small = np.broadcast_to(is_small(n), share.shape)
    text = [
        [
            (small_text(c, t, lang) if c else "") if s else (format_percent(v, lang) if v == v else "")
            for c, t, s, v in zip(crow, n, srow, vrow, strict=False)
        ]
        for crow, srow, vrow in zip(count, small, share, strict=False)
    ]
    x = [translate("themes.year_n", lang, year=y, n=format_number(t, lang)) for y, t in zip(years, n, strict=False)]
    y = [wrap(vocab.label(c, lang), WRAP) for c in present]
    common = {
        "x": x,
        "y": y,
        "xgap": 2,
        "ygap": 2,
        "showscale": False,
        "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
    }
    fig = go.Figure()
    fig.add_heatmap(  # small years in grey, their counts as text
        z=np.where(small & (n > 0), 1.0, np.nan),
        text=np.where(small, text, ""),
        texttemplate="%{text}",
        colorscale=[[0, UNKNOWN], [1, UNKNOWN]],
        **common,
    )
    fig.add_heatmap(
        z=np.where(small, np.nan, share),
        text=np.where(small, "", text),
        texttemplate="%{text}",
        colorscale=SCALE,
        zmin=0,
        zmax=1,
        **common,
    )
    fig.update_traces(textfont={"size": 13})
    fig.update_yaxes(autorange="reversed", showgrid=False, title_standoff=TITLE_STANDOFF)
    fig.update_xaxes(side="bottom", tickangle=0)
    fig = apply_layout(fig, title, x_title, y_title, height=170 + 46 * len(present))
    rows = pd.DataFrame(
        {
            column("year", lang): np.repeat(years, len(present)),
            FIELD_BY_NAME["themes"].label(lang): [vocab.label(c, lang) for c in present] * len(years),
            **share_columns(count.T.ravel(), np.repeat(n, len(present)), share.T.ravel(), lang),
        }
    )
    return attach(fig, rows)


def grouped_shares(table: pd.DataFrame, field: str, by: str, lang: str, title: str, x_title: str) -> go.Figure:
    """Horizontal bars of the share of each group's initiatives having each code (a
    ``group_shares`` table), one colour per group; codes and groups never seen are left out."""
    table = table[table["denominator"] > 0]
    used = table.groupby("code", sort=False)["count"].sum()
    codes = [c for c in VOCABULARIES[field].codes if used.get(c, 0) > 0][::-1]
    colours = code_colours(by)
    fig = go.Figure()
    # Plotly draws a group's first trace lowest: add the groups bottom-up.
    for group, part in list(table.groupby("group", sort=False))[::-1]:
        part = part.set_index("code").reindex(codes)
        name = translate(
            "methods.n_group",
            lang,
            label=VOCABULARIES[by].label(group, lang),
            n=format_number(part["denominator"].iloc[0], lang),
        )
        fig.add_bar(
            x=part["share"],
            y=[VOCABULARIES[field].label(c, lang) for c in codes],
            orientation="h",
            name=name,
            marker=small_marker(part["denominator"], colours[group]),
            text=[
                small_text(c, d, lang) if is_small(d) and c else ""
                for c, d in zip(part["count"], part["denominator"], strict=False)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=codes,
            hovertext=count_texts(part.reset_index(), lang),
            hovertemplate="%{y}<br>%{fullData.name}: %{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05, legend={"traceorder": "reversed"})
    top = float(table["share"].max()) if len(table) else 0.0
    ticks = [i / 5 for i in range(6) if i / 5 <= max(top, 0.2) + 1e-9]  # no tick past 100 %
    fig.update_xaxes(
        tickformat=".0%", gridcolor="#e5e8ec", showgrid=True, range=[0, max(top, 0.1) * 1.25], tickvals=ticks
    )
    fig.update_yaxes(ticksuffix=" ")
    n_groups = max(1, table["group"].nunique())
    fig = legend_below(apply_layout(fig, title, x_title, None, height=160 + len(codes) * (14 * n_groups + 18)))
    return attach(fig, share_rows(table[table["code"].isin(codes)], field, lang, by=by))


def co_occurrence_heatmap(matrix: pd.DataFrame, lang: str, title: str, axis_title: str) -> go.Figure:
    """Theme x theme counts of initiatives having both; the diagonal (initiatives with the
    theme) is grey so that the colour scale shows the pairs."""
    vocab = VOCABULARIES["themes"]
    present = [c for c in matrix.index if matrix.loc[c, c] > 0]
    values = matrix.loc[present, present].to_numpy(dtype=float)
    diagonal = np.eye(len(present), dtype=bool)
    labels = [wrap(vocab.label(c, lang), WRAP) for c in present]
    text = np.array([[format_number(v, lang) for v in row] for row in values], dtype=object).reshape(values.shape)
    common = {"x": labels, "y": labels, "showscale": False, "xgap": 2, "ygap": 2, "textfont": {"size": 14}}
    fig = go.Figure()
    # Two layers, each with text only in its own cells, or plotly writes every cell twice.
    fig.add_heatmap(
        z=np.where(diagonal, np.nan, values),
        text=np.where(diagonal, "", text),
        texttemplate="%{text}",
        colorscale=SCALE,
        zmin=0,
        hovertemplate="%{y} + %{x}: %{text}<extra></extra>",
        **common,
    )
    fig.add_heatmap(
        z=np.where(diagonal, values, np.nan),
        text=np.where(diagonal, text, ""),
        texttemplate="<b>%{text}</b>",
        colorscale=[[0, UNKNOWN], [1, UNKNOWN]],
        hovertemplate="%{y}: %{text}<extra></extra>",
        **common,
    )
    fig.update_yaxes(autorange="reversed", showgrid=False, title_standoff=TITLE_STANDOFF)
    fig.update_xaxes(tickangle=-45, showgrid=False)
    fig = apply_layout(fig, title, axis_title, axis_title, height=260 + 52 * len(present))
    names = [vocab.label(c, lang) for c in present]
    rows = pd.DataFrame(values.astype(int), columns=names)
    rows.insert(0, FIELD_BY_NAME["themes"].label(lang), names)
    return attach(fig, rows)


@memoised
def shares_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of initiatives having each theme."""
    return code_share_bars(
        share_table(df, "themes"),
        "themes",
        lang,
        translate("themes.shares_title", lang),
        translate("themes.share_axis", lang),
    )


def shares_caption(df: pd.DataFrame, lang: str) -> str:
    """How many initiatives have several themes, and so what the shares add up to."""
    several = themes.multi_theme(df)
    return translate(
        "themes.shares_caption",
        lang,
        count=several["initiatives"],
        several=format_number(several["several"], lang),
        total=format_percent(several["share_sum"], lang),
    )


@memoised
def by_year_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Initiatives per start year and theme, an initiative counting under each of its themes."""
    table = counts_by_year(df, "themes")
    return counts_by_year_bars(
        table,
        lang,
        translate("themes.by_year_title", lang),
        translate("themes.year", lang),
        translate("themes.count_axis", lang),
    )


@memoised
def by_year_shares_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of each start year's initiatives having each theme."""
    shares, counts, totals = themes.shares_by_year(df), counts_by_year(df, "themes"), initiatives_per_year(df)
    title, x_title, y_title = (
        translate("themes.by_year_shares_title", lang),
        translate("themes.year", lang),
        translate("themes.theme_axis", lang),
    )
    return year_share_heatmap(shares, counts, totals, lang, title, x_title, y_title)


@memoised
def by_level_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of each organiser level's initiatives having each theme."""
    table = group_shares(df, "themes", "organiser_level")
    title, axis = translate("themes.by_level_title", lang), translate("themes.share_axis", lang)
    return grouped_shares(table, "themes", "organiser_level", lang, title, axis)


@memoised
def cooccurrence_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Which themes come together in the same initiatives."""
    return co_occurrence_heatmap(
        themes.co_occurrence(df), lang, translate("themes.cooc_title", lang), translate("themes.theme_axis", lang)
    )


def period_label(period: tuple[int, int], lang: str) -> str:
    return translate("themes.period", lang, first=period[0], last=period[1])


@memoised
def trend_chart(df: pd.DataFrame, first: tuple[int, int], second: tuple[int, int], lang: str) -> go.Figure:
    """A dumbbell per theme: its share of the initiatives started in ``first`` and in
    ``second``, the largest rise on top, the change written beside; a period of fewer than
    ``MIN_KNOWN`` initiatives draws hollow dots."""
    vocab = VOCABULARIES["themes"]
    table = themes.period_trend(df, first, second)
    rows = table.iloc[::-1]  # plotted bottom-up: the largest rise on top
    labels = [vocab.label(c, lang) for c in rows["code"]]
    names = {"a": period_label(first, lang), "b": period_label(second, lang)}
    fig = go.Figure(
        go.Scatter(
            x=[v for a, b in zip(rows["share_a"], rows["share_b"], strict=False) for v in (a, b, None)],
            y=[v for label in labels for v in (label, label, None)],
            mode="lines",
            line={"color": GREY, "width": 4},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for suffix, colour in (("a", OKABE_ITO[1]), ("b", OKABE_ITO[0])):
        n = int(table[f"n_{suffix}"].iloc[0]) if len(table) else 0
        small = bool(is_small(n))
        fig.add_scatter(
            x=rows[f"share_{suffix}"],
            y=labels,
            mode="markers",
            name=translate("themes.period_n", lang, period=names[suffix], n=format_number(n, lang)),
            marker={
                "size": 15,
                "color": colour,
                "symbol": "circle-open" if small else "circle",
                "line": {"width": 2.5},
            },
            customdata=rows["code"],
            hovertext=[
                translate(
                    "themes.trend_hover",
                    lang,
                    period=names[suffix],
                    share=format_percent(s, lang),
                    count=format_number(c, lang),
                    n=format_number(n, lang),
                )
                for s, c in zip(rows[f"share_{suffix}"], rows[f"count_{suffix}"], strict=False)
            ],
            hovertemplate="%{y}<br>%{hovertext}<extra></extra>",
        )
    ends = rows[["share_a", "share_b"]].max(axis=1).fillna(0)
    fig.add_scatter(
        x=ends,
        y=labels,
        mode="text",
        text=[_change_text(c, lang) for c in rows["change"]],
        textposition="middle right",
        hoverinfo="skip",
        showlegend=False,
    )
    top = float(ends.max()) if len(ends) else 0.0
    fig.update_xaxes(tickformat=".0%", range=[0, max(0.1, top * 1.3)], showgrid=True, gridcolor="#e5e8ec")
    fig.update_yaxes(ticksuffix=" ", showgrid=False)
    title = translate("themes.trend_title", lang, a=names["a"], b=names["b"])
    fig = legend_below(
        apply_layout(fig, title, translate("themes.trend_axis", lang), None, height=150 + 40 * len(rows))
    )
    return attach(fig, _trend_rows(table, names, lang))


def _change_text(change: float, lang: str) -> str:
    if change != change:
        return ""
    points = format_number(abs(change) * 100, lang)
    sign = "+" if change > 0.0005 else "−" if change < -0.0005 else "±"
    return "\u2002" + translate("themes.trend_change", lang, change=f"{sign}{points}")


def _trend_rows(table: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    out = {FIELD_BY_NAME["themes"].label(lang): [VOCABULARIES["themes"].label(c, lang) for c in table["code"]]}
    for suffix in ("a", "b"):
        columns = share_columns(table[f"count_{suffix}"], table[f"n_{suffix}"], table[f"share_{suffix}"], lang)
        out.update({f"{names[suffix]} · {k}": v for k, v in columns.items()})
    out[translate("themes.col_change", lang)] = (table["change"] * 100).round(1).tolist()
    return pd.DataFrame(out)
