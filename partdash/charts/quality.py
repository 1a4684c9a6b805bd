"""Charts of the Quality page: completeness per field, and organisers × field groups."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.charts.style import OKABE_ITO, SEQUENTIAL, UNKNOWN, apply_layout, legend_below, localise
from partdash.i18n import format_percent


def completeness_bars(
    table: pd.DataFrame, field_labels: dict[str, str], group_labels: dict[str, str], lang: str, title: str, x_title: str
) -> go.Figure:
    """One horizontal bar per field (first field on top), coloured by its group, labelled
    with its share and the number of records expecting it."""
    fig = go.Figure()
    for i, (group, rows) in enumerate(table.groupby("group", sort=False)):
        rows = rows.iloc[::-1]
        fig.add_bar(
            x=rows["share"].fillna(0).to_numpy(float),
            y=[field_labels[f] for f in rows["field"]],
            orientation="h",
            name=group_labels[group],
            marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            text=[f"{format_percent(s, lang)} ({n})" for s, n in zip(rows["share"], rows["expected"], strict=True)],
            textposition="outside",
            customdata=np.column_stack([rows["filled"], rows["expected"]]),
            hovertemplate="%{y}: %{customdata[0]} / %{customdata[1]}<extra></extra>",
        )
    fig = apply_layout(fig, title, x_title, None, height=170 + 26 * len(table))
    ticks = [0, 0.25, 0.5, 0.75, 1]
    fig.update_xaxes(range=[0, 1.2], tickvals=ticks, ticktext=[format_percent(v, lang) for v in ticks])
    fig.update_yaxes(categoryorder="array", categoryarray=[field_labels[f] for f in table["field"][::-1]])
    return localise(legend_below(fig), lang)


def organiser_heatmap(
    shares: pd.DataFrame, group_labels: dict[str, str], lang: str, title: str, colour_title: str
) -> go.Figure:
    """Organisers (rows, in the order given, first on top) × field groups, coloured by the
    share filled; a cell where nothing is expected is grey, never 0 %."""
    x = [group_labels[g] for g in shares.columns]
    y = [html.escape(str(name)) for name in shares.index]
    values = shares.to_numpy(float)
    text = [[format_percent(v, lang) if not np.isnan(v) else "" for v in row] for row in values]
    scale = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
    fig = go.Figure(
        go.Heatmap(
            z=np.where(np.isnan(values), 1.0, np.nan),
            x=x,
            y=y,
            colorscale=[[0, UNKNOWN], [1, UNKNOWN]],
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=values,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            colorscale=scale,
            colorbar={"title": {"text": colour_title}, "tickformat": ".0%"},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig = apply_layout(fig, title, None, None, height=160 + 26 * len(y))
    fig.update_yaxes(autorange="reversed", rangemode="normal")
    fig.update_xaxes(side="top")
    return localise(fig, lang)
