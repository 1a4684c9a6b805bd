"""The Territory page's timeline: every initiative that touched a place, over time."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.charts.style import GREY, apply_layout, code_colours, legend_below, localise
from partdash.i18n import format_date, translate
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

LABEL_LENGTH = 48
ROW_HEIGHT = 26


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _yes_no(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return translate("territory.unknown", lang)
    return VOCABULARIES["yes_no"].label("yes" if bool(value) else "no", lang)


def _count(value) -> str:
    return "?" if value is None or pd.isna(value) else str(int(value))


def hover_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    """Hover of each bar: title, organiser, dates, level, how it touched, follow-up.
    Text from data is HTML-escaped (plotly reads a few tags in hover text)."""
    levels = VOCABULARIES["participation_level"].labels(lang)
    field = lambda name: FIELD_BY_NAME[name].label(lang)  # noqa: E731
    out = []
    for row in frame.itertuples(index=False):
        end = translate("territory.open_ended", lang) if row.open_ended else format_date(row.end, lang, "numeric")
        lines = [
            f"<b>{html.escape(str(row.title))}</b>",
            html.escape(str(row.organiser)),
            f"{format_date(row.start, lang, 'numeric')} – {end}",
            html.escape(levels.get(row.level, str(row.level)))
            + (
                f" · {html.escape(translate(f'territory.touch.{row.touch}', lang))}"
                if isinstance(row.touch, str)
                else ""
            ),
            translate(
                "map.tip_value", lang, label=field("results_published"), value=_yes_no(row.results_published, lang)
            ),
            translate(
                "map.tip_value",
                lang,
                label=field("feedback_to_participants"),
                value=_yes_no(row.feedback_to_participants, lang),
            ),
        ]
        if row.proposals_total is not None and not pd.isna(row.proposals_total):
            lines.append(
                translate(
                    "territory.proposals_adopted",
                    lang,
                    adopted=_count(row.proposals_adopted),
                    total=_count(row.proposals_total),
                )
            )
        out.append("<br>".join(lines))
    return out


@memoised
def timeline(frame: pd.DataFrame, lang: str, place: str | None, today: pd.Timestamp) -> go.Figure:
    """One horizontal bar per initiative from its start to its end, coloured by
    participation level; open-ended bars run to today, hatched. Titled after ``place``
    (its name), or as the region-wide timeline when None."""
    if place is None:
        title = translate("territory.region_timeline_title", lang)
    else:
        title = translate("territory.timeline_title", lang, place=place)
    x_title = translate("territory.time_axis", lang)
    colours = code_colours("participation_level")
    hover = np.array(hover_texts(frame, lang), dtype=object)
    fig = go.Figure()
    for code in VOCABULARIES["participation_level"].codes:
        mask = (frame["level"] == code).to_numpy(bool)
        if not mask.any():
            continue
        # Bars are placed by id on the axis, so their order in the trace only decides the
        # legend swatch, which should show the plain colour, not the open-ended hatching.
        part = frame[mask].sort_values("open_ended", kind="stable")
        fig.add_bar(
            y=part["id"],
            base=pd.to_datetime(part["start"]).dt.strftime("%Y-%m-%d"),
            x=(pd.to_datetime(part["end"]) - pd.to_datetime(part["start"])).dt.total_seconds().to_numpy() * 1000
            + 86_400_000,
            orientation="h",
            name=VOCABULARIES["participation_level"].label(code, lang),
            marker={
                "color": colours[code],
                "pattern": {
                    "shape": np.where(part["open_ended"], "/", "").tolist(),
                    "fillmode": "overlay",
                    "fgcolor": "white",
                    "solidity": 0.35,
                },
            },
            customdata=hover[mask][np.argsort(frame["open_ended"].to_numpy()[mask], kind="stable")],
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=True,
        )
    if frame["open_ended"].any():
        fig.add_bar(
            y=[None],
            x=[None],
            orientation="h",
            name=translate("territory.open_ended_legend", lang),
            showlegend=True,
            marker={
                "color": GREY,
                "pattern": {"shape": "/", "fillmode": "overlay", "fgcolor": "white", "solidity": 0.35},
            },
            hoverinfo="skip",
        )
    fig.add_vline(x=today.strftime("%Y-%m-%d"), line={"color": "#555555", "dash": "dot", "width": 1.5})
    fig.add_annotation(
        x=today.strftime("%Y-%m-%d"),
        y=1,
        yref="paper",
        text=translate("territory.today", lang),
        showarrow=False,
        yanchor="bottom",
        font={"size": 13, "color": "#555555"},
    )
    height = max(300, 170 + ROW_HEIGHT * len(frame))
    localise(apply_layout(fig, title, x_title, None, height=height), lang)
    legend_below(fig, columns=2)
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#e5e8ec")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(frame["id"]),
        tickmode="array",
        tickvals=list(frame["id"]),
        ticktext=[html.escape(_short(t)) for t in frame["title"]],
        rangemode="normal",
        gridcolor="rgba(0,0,0,0)",
    )
    return fig
