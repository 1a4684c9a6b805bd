"""Charts of the Timeline and durations page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from partdash.analysis import durations, methods
from partdash.analysis.aggregates import UNKNOWN, counts_by_year, share_table
from partdash.analysis.durations import BIN_EDGES, BINS
from partdash.charts.methods import count_bars
from partdash.charts.overview import stacked_by_year
from partdash.charts.style import OKABE_ITO, apply_layout, code_colours, legend_below
from partdash.charts.style import UNKNOWN as UNKNOWN_COLOUR
from partdash.charts.tables import attach, code_label, numbers
from partdash.i18n import format_number, translate
from partdash.memo import memoised

LAST_BIN_SPAN = 12.0  # months drawn for the open-ended last bin when placing a marker in it
YEARLY_TICKS_FROM = 36  # months of range from which the time axis ticks years only


def bin_position(months: float) -> float:
    """Where ``months`` falls on the categorical bin axis: bin i spans i - 0.5 .. i + 0.5,
    and a value sits within its bin in proportion to its place between the bin's edges."""
    for i, (low, high) in enumerate(zip(BIN_EDGES[:-1], BIN_EDGES[1:], strict=False)):
        if months < high:
            return i - 0.5 + min(1.0, (months - low) / min(high - low, LAST_BIN_SPAN))
    return len(BINS) - 0.5


def starts_by_year(table: pd.DataFrame, field: str, lang: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """The Overview's stacked bars per start year, with the legend under the axis title."""
    return legend_below(stacked_by_year(table, field, lang, title, x_title, y_title))


def duration_histogram(
    table: pd.DataFrame, stats: dict, split: str, lang: str, title: str, x_title: str, y_title: str
) -> go.Figure:
    """Stacked bars of initiatives per duration bin, one colour per ``split`` code, with the
    median (solid) and quartiles (dashed) of the durations (``figures.duration_months`` of
    at least one duration) as lines labelled at the top, the median's label above the others."""
    colours = code_colours(split)
    bin_labels = [b.replace("-", "–") for b in BINS]
    fig = go.Figure()
    for code in table.columns:
        if table[code].sum() == 0:
            continue
        fig.add_bar(
            x=bin_labels,
            y=table[code],
            name=code_label(split, code, lang),
            marker_color=UNKNOWN_COLOUR if code == UNKNOWN else colours[code],
            customdata=["" if code == UNKNOWN else code] * len(table),
            hovertext=numbers(table[code], lang),
            hovertemplate="%{x}: %{hovertext}<extra>%{fullData.name}</extra>",
        )
    for key, label in (("p25", "timeline.q1"), ("median", "timeline.median"), ("p75", "timeline.q3")):
        x, median = bin_position(stats[key]), key == "median"
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            yref="paper",
            line={"dash": "solid" if median else "dash", "color": "#222222", "width": 2},
        )
        text = translate(label, lang, value=format_number(stats[key], lang, 1))
        fig.add_annotation(
            x=x,
            y=1,
            yref="paper",
            text=text,
            showarrow=False,
            yanchor="bottom",
            yshift=22 if median else 2,
            font={"size": 13},
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_layout(barmode="stack", bargap=0.08)
    fig.update_xaxes(categoryorder="array", categoryarray=bin_labels, range=[-0.5, len(bin_labels) - 0.5])
    apply_layout(fig, title, x_title, y_title, height=480)
    used = [c for c in table.columns if table[c].sum() > 0]
    rows = table[used].rename(columns=lambda c: code_label(split, c, lang))
    rows.insert(0, x_title, bin_labels)
    return attach(legend_below(fig).update_layout(margin={"t": 110}), rows)


def active_area(active: pd.DataFrame, today: date, lang: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """Initiatives active per month as a stepped area, with a line at the current month
    (months after it count only initiatives whose end date says they will still run)."""
    fig = go.Figure(
        go.Scatter(
            x=active["month"],
            y=active["active"],
            mode="lines",
            line={"shape": "hv", "color": OKABE_ITO[0], "width": 2},
            fill="tozeroy",
            fillcolor=OKABE_ITO[0] + "40",  # the line's colour at 25 % opacity
            hovertext=numbers(active["active"], lang),
            hovertemplate="%{x|%m/%Y}: %{hovertext}<extra></extra>",
        )
    )
    now = pd.Timestamp(today.year, today.month, 1)
    if len(active) and active["month"].iloc[0] <= now <= active["month"].iloc[-1]:
        fig.add_shape(
            type="line", x0=now, x1=now, y0=0, y1=1, yref="paper", line={"dash": "dash", "color": "#222222", "width": 2}
        )
        fig.add_annotation(
            x=now,
            y=1,
            yref="paper",
            text=translate("timeline.today", lang),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            xshift=-4,
        )
    # Numeric month ticks: plotly would name months in English whatever the page's language.
    if len(active) >= YEARLY_TICKS_FROM:
        fig.update_xaxes(tickformat="%Y", dtick="M12", ticklabelmode="period")
    else:
        fig.update_xaxes(tickformat="%m/%Y", dtick="M3")
    fig.update_yaxes(rangemode="tozero")
    apply_layout(fig, title, x_title, y_title, height=420)
    fig.update_layout(margin={"t": 80})
    rows = pd.DataFrame({x_title: active["month"].dt.strftime("%Y-%m"), y_title: active["active"]})
    return attach(fig, rows)


@memoised
def starts_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Initiatives per start year, coloured by status."""
    table = counts_by_year(df, "status")
    return starts_by_year(
        table,
        "status",
        lang,
        translate("timeline.per_year_title", lang),
        translate("timeline.year", lang),
        translate("timeline.count_axis", lang),
    )


@memoised
def recurrence_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """One-off, recurring and permanent initiatives, with the unknown ones apart."""
    table = share_table(df, "recurrence", with_unknown=True)
    return count_bars(
        table, "recurrence", lang, translate("timeline.recurrence_title", lang), translate("timeline.count_axis", lang)
    )


def recurrence_caption(df: pd.DataFrame, lang: str) -> str:
    return translate("timeline.recurrence_caption", lang, count=methods.coverage(df, "recurrence")["known"])


@memoised
def durations_chart(df: pd.DataFrame, stats: dict, split: str, lang: str) -> go.Figure:
    """The duration histogram split by ``split``; ``stats`` (``figures.duration_months``) hold at least one."""
    title = translate("timeline.duration_title", lang, n=format_number(stats["n"], lang))
    table = durations.duration_histogram(df, split)
    return duration_histogram(
        table,
        stats,
        split,
        lang,
        title,
        translate("timeline.duration_axis", lang),
        translate("timeline.count_axis", lang),
    )


def durations_caption(stats: dict, total: int, lang: str) -> str:
    quartiles = {k: format_number(stats[k], lang, 1) for k in ("p25", "median", "p75")}
    return translate(
        "timeline.duration_caption",
        lang,
        count=stats["n"],
        total=format_number(total, lang),
        **quartiles,
    )


@memoised
def active_chart(df: pd.DataFrame, today: date, lang: str) -> go.Figure:
    """Initiatives active per month up to and past ``today``."""
    table = durations.active_per_month(df, today)
    return active_area(
        table,
        today,
        lang,
        translate("timeline.active_title", lang),
        translate("timeline.month_axis", lang),
        translate("timeline.active_axis", lang),
    )
