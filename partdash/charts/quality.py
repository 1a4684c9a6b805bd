"""Charts of the Quality page: completeness per field, and organisers × field groups."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.charts.followup import commune_heatmap
from partdash.charts.style import OKABE_ITO, apply_layout, legend_below, localise
from partdash.charts.tables import numbers
from partdash.i18n import format_number, format_percent
from partdash.memo import memoised


@memoised
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
            text=[
                f"{format_percent(s, lang)} ({format_number(n, lang)})"
                for s, n in zip(rows["share"], rows["expected"], strict=True)
            ],
            textposition="outside",
            customdata=np.column_stack([numbers(rows["filled"], lang), numbers(rows["expected"], lang)]),
            hovertemplate="%{y}: %{customdata[0]} / %{customdata[1]}<extra></extra>",
        )
    fig = apply_layout(fig, title, x_title, None, height=170 + 26 * len(table))
    ticks = [0, 0.25, 0.5, 0.75, 1]
    fig.update_xaxes(range=[0, 1.2], tickvals=ticks, ticktext=[format_percent(v, lang) for v in ticks])
    fig.update_yaxes(categoryorder="array", categoryarray=[field_labels[f] for f in table["field"][::-1]])
    return localise(legend_below(fig), lang)


@memoised
def organiser_heatmap(
    long: pd.DataFrame, group_labels: dict[str, str], lang: str, title: str, hover: str, colour_title: str
) -> go.Figure:
    """Organisers (rows, first on top) × field groups, as the Follow-up page's commune
    heatmap draws steps: a cell where nothing is expected is grey, never 0 %. Organiser
    names come from data: escaped, since plotly reads a few tags in labels."""
    rows = {name: html.escape(str(name)) for name in long["group"].unique()}
    return commune_heatmap(long, rows, group_labels, lang, title, hover, colour_title)
