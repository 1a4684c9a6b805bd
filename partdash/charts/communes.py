"""Charts of the Communes page: one commune's profile against the 19, a ranking, staffing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from partdash.analysis import communes
from partdash.analysis.aggregates import MIN_KNOWN, is_small
from partdash.analysis.communes import GROUPS, INDICATORS
from partdash.charts.style import FONT_SIZE, GREY, OKABE_ITO, apply_layout, legend_below, localise
from partdash.charts.tables import attach, column, small_marker, small_words
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

HIGHLIGHT = OKABE_ITO[0]
RANGE_COLOUR = "#9AA5B1"
MEDIAN_COLOUR = "#000000"
BAR_COLOUR = "#C6DBEF"
SMALL_COLOUR = "#666666"


@memoised
def profile_dots(profile: pd.DataFrame, name: str, lang: str) -> go.Figure:
    """A dot plot of share indicators on one 0-100 % axis, one panel per group: the
    commune's dot, the median's tick and the communes' range (min to max) as a line.

    ``profile`` is ``communes.profile`` of the commune called ``name`` (its shares are drawn).
    """
    rows = profile[profile["kind"] == "share"]
    labels = {i.key: i.label(lang) for i in INDICATORS}
    group_titles = {g: translate(f"communes.group.{g}", lang) for g in GROUPS if g != "count"}
    legend = {
        "commune": name,
        "median": translate("communes.legend_median", lang),
        "range": translate("communes.legend_range", lang),
        "unknown": translate("communes.no_value", lang),
    }
    hover = translate("communes.profile_hover", lang)
    pct = lambda v: format_percent(v, lang)  # noqa: E731
    rows = rows.assign(
        hover=[
            hover.format(
                value=communes.format_value("share", r.value, lang, r.known),
                known=format_number(r.known, lang),
                median=pct(r.median),
                min=pct(r.min),
                max=pct(r.max),
            )
            for r in rows.itertuples()
        ]
    )
    groups = list(dict.fromkeys(rows["group"]))
    sizes = [int((rows["group"] == g).sum()) for g in groups]
    fig = make_subplots(
        rows=len(groups),
        cols=1,
        shared_xaxes=True,
        row_heights=sizes,
        vertical_spacing=0.28 / len(groups),
        subplot_titles=[group_titles[g] for g in groups],
    )
    for i, group in enumerate(groups, start=1):
        part = rows[rows["group"] == group].iloc[::-1]
        names = [labels[k] for k in part["key"]]
        first = i == 1
        gaps = [(lo, hi, None) for lo, hi in zip(part["min"], part["max"], strict=False)]
        fig.add_trace(
            go.Scatter(
                x=[v for triple in gaps for v in triple],
                y=[v for name in names for v in (name, name, None)],
                mode="lines",
                line={"color": RANGE_COLOUR, "width": 5},
                name=legend["range"],
                legendgroup="range",
                showlegend=first,
                hoverinfo="skip",
            ),
            row=i,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=part["median"],
                y=names,
                mode="markers",
                marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": MEDIAN_COLOUR}},
                name=legend["median"],
                legendgroup="median",
                showlegend=first,
                hoverinfo="skip",
            ),
            row=i,
            col=1,
        )
        small = is_small(part["known"].to_numpy(float)) & part["value"].notna().to_numpy(bool)
        fig.add_trace(
            go.Scatter(  # a share on too few known values: a hollow grey dot, with its count beside it
                x=part["value"],
                y=names,
                mode="markers+text",
                marker={
                    "size": 15,
                    "color": [SMALL_COLOUR if s else HIGHLIGHT for s in small],
                    "symbol": ["circle-open" if s else "circle" for s in small],
                    "line": {
                        "width": [2.5 if s else 1.5 for s in small],
                        "color": [SMALL_COLOUR if s else "white" for s in small],
                    },
                },
                text=[
                    communes.format_value("share", v, lang, k) if s else ""
                    for s, v, k in zip(small, part["value"], part["known"], strict=False)
                ],
                textposition="middle right",
                textfont={"color": SMALL_COLOUR},
                name=legend["commune"],
                legendgroup="commune",
                showlegend=first,
                hovertext=part["hover"],
                hovertemplate="%{y}<br>%{hovertext}<extra></extra>",
            ),
            row=i,
            col=1,
        )
        unknown = part[part["value"].isna()]
        if len(unknown):
            fig.add_trace(
                go.Scatter(
                    x=[0.0] * len(unknown),
                    y=[labels[k] for k in unknown["key"]],
                    mode="text",
                    text=[legend["unknown"]] * len(unknown),
                    textposition="middle right",
                    textfont={"color": "#666666"},
                    showlegend=False,
                    hoverinfo="skip",
                ),
                row=i,
                col=1,
            )
    title = translate("communes.profile_title", lang, name=name)
    fig = apply_layout(fig, title, None, None, height=170 + 34 * len(rows) + 30 * len(groups))
    fig.update_xaxes(range=[-0.02, 1.02], tickformat=".0%", showgrid=True, gridcolor="#e5e8ec", zeroline=False)
    fig.update_xaxes(title_text=translate("communes.profile_axis", lang), row=len(groups), col=1)
    fig.update_yaxes(rangemode="normal", showgrid=False)
    fig.update_annotations(font={"size": FONT_SIZE}, xanchor="left", x=0)
    for annotation in fig.layout.annotations:
        annotation.text = f"<b>{annotation.text}</b>"
    return attach(localise(legend_below(fig), lang), profile_rows(profile, name, lang))


def profile_rows(profile: pd.DataFrame, name: str, lang: str) -> pd.DataFrame:
    """The whole profile (counts and shares) as a reader's table."""
    shown = communes.profile_display(profile, lang)
    headers = {
        key: translate(f"communes.col_{key}", lang) for key in ("indicator", "known", "median", "min", "max", "rank")
    }
    return shown.rename(columns={**headers, "value": name})


@memoised
def ranked_bars(table: pd.DataFrame, key: str, names: dict[str, str], chosen: str, lang: str) -> go.Figure:
    """All communes of an ``indicator_table`` on the indicator ``key``, highest on top, the
    chosen one in colour, the median as a line. Each bar's ``customdata`` is its commune's NIS code."""
    ranking = communes.ranking(table, key)
    indicator = communes.INDICATOR_BY_KEY[key]
    median = float(communes.regional_stats(table).at[key, "median"])
    texts = communes.ranking_texts(ranking, key, lang)
    title = translate("communes.ranking_title", lang, indicator=indicator.label(lang))
    median_label = translate("communes.median_label", lang, value=communes.format_value(indicator.kind, median, lang))
    tickformat = ".0%" if indicator.kind == "share" else None
    rows = ranking.iloc[::-1]
    labels = [names.get(n, n) for n in rows["nis"]]
    fig = go.Figure(
        go.Bar(
            x=rows["value"].fillna(0),
            y=labels,
            orientation="h",
            marker=small_marker(
                rows["known"].fillna(MIN_KNOWN), [HIGHLIGHT if n == chosen else GREY for n in rows["nis"]]
            ),
            text=texts[::-1],
            textposition="outside",
            cliponaxis=False,
            customdata=rows["nis"],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    top = float(np.nanmax(ranking["value"].to_numpy(float))) if ranking["value"].notna().any() else 0.0
    if not np.isnan(median):
        fig.add_vline(
            x=median,
            line_dash="dash",
            line_color=MEDIAN_COLOUR,
            line_width=2,
            annotation_text=median_label,
            annotation_position="top",
        )
    fig = apply_layout(fig, title, indicator.label(lang), None, height=150 + 30 * len(rows))
    fig.update_xaxes(range=[0, max(top, 1e-9) * 1.3], tickformat=tickformat, showgrid=True, gridcolor="#e5e8ec")
    if tickformat == ".0%":  # room for the labels past the longest bar, but no tick beyond 100 %
        fig.update_xaxes(tickvals=[i / 5 for i in range(6)])
    fig.update_yaxes(rangemode="normal", showgrid=False)
    labels_bold = [f"<b>{label}</b>" if n == chosen else label for n, label in zip(rows["nis"], labels, strict=False)]
    fig.update_yaxes(tickmode="array", tickvals=labels, ticktext=labels_bold)
    ranks = communes.profile_ranks(table, key)
    table_rows = pd.DataFrame(
        {
            translate("communes.col_commune", lang): labels[::-1],
            indicator.label(lang): [
                round(v * 100, 1) if indicator.kind == "share" else round(v, 2) for v in ranking["value"]
            ],
            translate("communes.col_known", lang): ranking["known"],
            translate("communes.col_rank", lang): pd.array([ranks.get(n) for n in ranking["nis"]], dtype="Int64"),
            column("small", lang): small_words(ranking["known"].fillna(MIN_KNOWN), lang),
        }
    )
    return attach(localise(fig, lang), table_rows)


@memoised
def staff_chart(
    table: pd.DataFrame, staff: pd.Series, names: dict[str, str], chosen: str | None, lang: str
) -> go.Figure:
    """Mean initiatives per 10,000 inhabitants per staffing level (bars) with every commune as
    a dot, spread sideways within its level so that none hides another.

    ``table`` is an ``indicator_table``, ``staff`` the ``commune_staff`` of the organisers table.
    """
    points = communes.staff_points(table, staff)
    summary = communes.staff_summary(points)
    staff_labels = {
        **VOCABULARIES["participation_staff"].labels(lang),
        communes.UNKNOWN_STAFF: translate("communes.staff_unknown", lang),
    }
    group_labels = {
        s: translate("communes.staff_group", lang, label=staff_labels[s], count=n)
        for s, n in zip(summary["staff"], summary["communes"], strict=False)
    }
    legend = {
        "mean": translate("communes.staff_mean", lang),
        "communes": translate("communes.staff_points", lang),
        "mean_hover": translate("communes.staff_mean_hover", lang),
        "point_hover": translate("communes.staff_point_hover", lang),
    }
    order = list(summary["staff"])
    position = {s: i for i, s in enumerate(order)}
    fig = go.Figure(
        go.Bar(
            x=[position[s] for s in order],
            y=summary["mean_per_10k"],
            marker_color=BAR_COLOUR,
            name=legend["mean"],
            width=0.6,
            hovertemplate="%{text}<extra></extra>",
            text=[
                legend["mean_hover"].format(label=group_labels[s], value=format_number(m, lang, 2))
                for s, m in zip(order, summary["mean_per_10k"], strict=False)
            ],
            textposition="none",
        )
    )
    pts = points[points["staff"].isin(order)].sort_values(["staff", "per_10k"])
    within = pts.groupby("staff").cumcount().to_numpy()
    size = pts["staff"].map(pts["staff"].value_counts()).to_numpy()
    offset = np.where(size > 1, (within / np.maximum(size - 1, 1) - 0.5) * 0.4, 0.0)
    x = pts["staff"].map(position).to_numpy() + offset
    fig.add_scatter(
        x=x,
        y=pts["per_10k"],
        mode="markers",
        name=legend["communes"],
        marker={
            "size": 12,
            "color": [HIGHLIGHT if n == chosen else "#444444" for n in pts["nis"]],
            "line": {"width": 1, "color": "white"},
        },
        text=[
            legend["point_hover"].format(
                name=names.get(n, n), value=format_number(v, lang, 2), n=format_number(k, lang)
            )
            for n, v, k in zip(pts["nis"], pts["per_10k"], pts["initiatives"], strict=False)
        ],
        hovertemplate="%{text}<extra></extra>",
    )
    fig = apply_layout(
        fig,
        translate("communes.staff_title", lang),
        translate("communes.staff_axis_x", lang),
        translate("communes.staff_axis_y", lang),
        height=460,
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(order))),
        ticktext=[group_labels[s] for s in order],
        range=[-0.6, len(order) - 0.4],
    )
    table_rows = pd.DataFrame(
        {
            translate("communes.col_commune", lang): [names.get(n, n) for n in points["nis"]],
            translate("communes.staff_axis_x", lang): [staff_labels[s] for s in points["staff"]],
            translate("communes.indicator.initiatives", lang): points["initiatives"],
            translate("communes.staff_axis_y", lang): points["per_10k"].round(2),
        }
    )
    return attach(localise(legend_below(fig), lang), table_rows)
