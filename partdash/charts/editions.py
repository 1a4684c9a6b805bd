"""Chart of the Editions page: moves between two editions, per organiser level or commune."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from partdash.charts.style import OKABE_ITO, apply_layout, legend_below, localise
from partdash.charts.tables import numbers
from partdash.memo import memoised


@memoised
def moves_bars(
    counts: pd.DataFrame,
    by: str,
    row_labels: dict[str, str],
    move_labels: dict[str, str],
    lang: str,
    title: str,
    x_title: str,
) -> go.Figure:
    """One stacked horizontal bar per group (most moves on top), one colour per move."""
    totals = counts.groupby(by)["count"].sum().sort_values()
    moves = list(dict.fromkeys(counts["move"]))
    fig = go.Figure()
    for i, move in enumerate(moves):
        rows = counts[counts["move"] == move].set_index(by)["count"].reindex(totals.index, fill_value=0)
        fig.add_bar(
            x=rows.to_numpy(),
            y=[row_labels.get(g, g) for g in rows.index],
            orientation="h",
            name=move_labels.get(move, move),
            marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            text=[text if v else "" for v, text in zip(rows.to_numpy(), numbers(rows, lang), strict=True)],
            textposition="inside",
            textangle=0,  # plotly would turn a count on end to fit a thin bar
            insidetextanchor="middle",
            hovertext=numbers(rows, lang),
            hovertemplate="%{y} · %{fullData.name}: %{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig = apply_layout(fig, title, x_title, None, height=200 + 44 * len(totals))
    fig.update_yaxes(rangemode="normal")
    return localise(legend_below(fig), lang)
