"""Charts of the Methods page, and the count bars with an unknown bar that the Timeline
page shares with it.

In-chart texts (counts with their denominators, "unknown") come from the catalogue
through ``translate`` so that every chart states its denominators the same way.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from partdash.analysis import methods
from partdash.analysis.aggregates import MIN_KNOWN, UNKNOWN, is_small
from partdash.analysis.figures import PUBLISHED_2025
from partdash.charts.overview import share_bars
from partdash.charts.style import GREY, apply_layout, code_colours, legend_below
from partdash.charts.style import UNKNOWN as UNKNOWN_COLOUR
from partdash.charts.tables import attach, code_label, share_rows, share_text, small_marker, small_text
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

MIN_INSIDE_SHARE = 0.08  # a stacked segment narrower than this carries no text


def count_texts(table: pd.DataFrame, lang: str) -> list[str]:
    """ "share (count of denominator)" per row ("count of denominator" alone for a small share);
    the unknown row just "count of all"."""
    return [
        small_text(row.count, row.denominator, lang)
        if row.code == UNKNOWN
        else share_text(row.share, row.count, row.denominator, lang)
        for row in table.itertuples()
    ]


def count_bars(table: pd.DataFrame, field: str, lang: str, title: str, x_title: str) -> go.Figure:
    """Horizontal bars of initiatives per code, in the table's order from the top, the
    unknown row last and grey; each bar's text gives its share and denominator."""
    colours = code_colours(field)
    rows = table.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["count"],
            y=[code_label(field, c, lang) for c in rows["code"]],
            orientation="h",
            marker=small_marker(
                [MIN_KNOWN if c == UNKNOWN else d for c, d in zip(rows["code"], rows["denominator"], strict=False)],
                [UNKNOWN_COLOUR if c == UNKNOWN else colours[c] for c in rows["code"]],
            ),
            text=count_texts(rows, lang),
            textposition="outside",
            cliponaxis=False,
            customdata=["" if c == UNKNOWN else c for c in rows["code"]],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, max(1, int(rows["count"].max())) * 1.45])
    fig.update_yaxes(ticksuffix=" ")
    return attach(apply_layout(fig, title, x_title, None, height=120 + 52 * len(rows)), share_rows(table, field, lang))


def code_share_bars(table: pd.DataFrame, field: str, lang: str, title: str, x_title: str) -> go.Figure:
    """The Overview's share bars over the codes of a ``share_table`` (an unknown row, if
    any, is left to the caption), each bar saying its count and denominator."""
    known = table[table["code"] != UNKNOWN]
    fig = share_bars(known, field, lang, title, x_title, count_texts(known, lang)).update_yaxes(ticksuffix=" ")
    return attach(fig, share_rows(table, field, lang))


def highlighted_shares(
    table: pd.DataFrame,
    field: str,
    lang: str,
    title: str,
    x_title: str,
    highlight: str,
    reference: float | None = None,
    reference_label: str = "",
) -> go.Figure:
    """Share bars of the known codes, ``highlight`` on top in colour and the others grey,
    with a dashed mark at ``reference`` (a published figure, when it may stand beside
    these shares) across the highlighted bar only."""
    on_top = pd.concat([table[table["code"] == highlight], table[table["code"] != highlight]])
    fig = code_share_bars(on_top, field, lang, title, x_title)
    bars = fig.data[0]
    colour = code_colours(field)[highlight]
    fig.update_traces(marker_color=[colour if c == highlight else GREY for c in bars.customdata])
    if reference is None:
        return fig
    row = list(bars.customdata).index(highlight)  # plotted bottom-up: the top bar is the last
    label, end = bars.text[row], max(float(bars.x[row]), reference)
    # The highlighted bar's text moves past the mark (annotation below) so the mark never crosses it.
    fig.update_traces(
        text=["" if c == highlight else text for c, text in zip(bars.customdata, bars.text, strict=False)]
    )
    fig.add_shape(
        type="line",
        x0=reference,
        x1=reference,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"dash": "dash", "color": "#222222", "width": 2},
    )
    fig.add_annotation(
        x=reference, y=row + 0.5, text=reference_label, showarrow=False, xanchor="left", yanchor="bottom", xshift=-2
    )
    fig.add_annotation(x=end, y=row, text=label, showarrow=False, xanchor="left", xshift=6)
    known = table[table["code"] != UNKNOWN]
    fig.update_xaxes(range=[0, max(reference * 1.6, float(known["share"].fillna(0).max()) * 1.45, 0.1)])
    return fig.update_layout(margin={"t": 90})


def stacked_shares(table: pd.DataFrame, field: str, by: str, lang: str, title: str, x_title: str) -> go.Figure:
    """100 % stacked horizontal bars: ``field`` codes within each group of ``by`` (a
    ``group_shares`` table), groups with no known value left out, each labelled with its n."""
    table = table[table["denominator"] > 0]
    groups = list(dict.fromkeys(table["group"]))[::-1]
    sizes = table.groupby("group", sort=False)["denominator"].first()
    labels = {
        g: translate("methods.n_group", lang, label=VOCABULARIES[by].label(g, lang), n=format_number(sizes[g], lang))
        for g in groups
    }
    colours = code_colours(field)
    fig = go.Figure()
    for code in VOCABULARIES[field].codes:
        part = table[table["code"] == code].set_index("group").reindex(groups)
        fig.add_bar(
            x=part["share"],
            y=[labels[g] for g in groups],
            orientation="h",
            name=VOCABULARIES[field].label(code, lang),
            marker=small_marker([sizes[g] for g in groups], colours[code]),
            text=[
                ("" if not c else format_number(c, lang) if is_small(n) else format_percent(s, lang))
                if s >= MIN_INSIDE_SHARE
                else ""
                for s, c, n in zip(part["share"], part["count"], [sizes[g] for g in groups], strict=False)
            ],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            customdata=[code] * len(groups),
            hovertext=count_texts(part.reset_index().assign(code=code), lang),
            hovertemplate="%{y}<br>%{fullData.name}: %{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(ticksuffix=" ")
    fig = legend_below(apply_layout(fig, title, x_title, None, height=190 + 60 * len(groups)))
    return attach(fig, share_rows(table, field, lang, by=by))


def _coverage(df: pd.DataFrame, field: str, lang: str) -> dict[str, str]:
    return {k: format_number(n, lang) for k, n in methods.coverage(df, field).items()}


@memoised
def ladder_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Initiatives per participation level, the ladder from the bottom, the unknown ones apart."""
    return count_bars(
        methods.ladder(df),
        "participation_level",
        lang,
        translate("methods.ladder_title", lang),
        translate("methods.count_axis", lang),
    )


def ladder_caption(df: pd.DataFrame, lang: str) -> str:
    return translate("methods.ladder_caption", lang, count=methods.coverage(df, "participation_level")["known"])


@memoised
def ladder_by_level_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """The participation level within each organiser level, 100 % per level."""
    table = methods.ladder_by_level(df)
    title, axis = translate("methods.by_level_title", lang), translate("methods.share_axis", lang)
    return stacked_shares(table, "participation_level", "organiser_level", lang, title, axis)


def no_known_text(field: str, lang: str) -> str:
    """What stands in for the chart of ``field`` when no filtered initiative fills it in."""
    return translate("methods.no_known", lang, field=FIELD_BY_NAME[field].label(lang))


@memoised
def method_chart(df: pd.DataFrame, field: str, lang: str, published: bool) -> go.Figure:
    """Share bars of a multi-valued method field over the initiatives where it is filled in;
    for selection, sortition on top, beside the published ceiling when ``published``
    (``figures.published_note``: only the whole inventory, unfiltered, compares with it)."""
    table = methods.method_shares(df, field)
    title, axis = translate(f"methods.{field}_title", lang), translate("methods.share_axis", lang)
    if field != "selection":
        return code_share_bars(table, field, lang, title, axis)
    if not published:
        return highlighted_shares(table, field, lang, title, axis, "sortition")
    reference = PUBLISHED_2025["share_sortition_max"]
    line = translate("methods.published_line", lang, value=format_percent(reference, lang))
    return highlighted_shares(table, field, lang, title, axis, "sortition", reference, line)


def method_caption(df: pd.DataFrame, field: str, clickable: bool, lang: str, published: bool) -> str:
    """The denominators of ``method_chart`` in words; for selection, sortition and, when
    ``published``, the published figure it is drawn beside."""
    counts = _coverage(df, field, lang)
    known = methods.coverage(df, field)["known"]
    if field == "selection":
        sortition = methods.sortition(df)
        share, drawn = format_percent(sortition["share"], lang), format_number(sortition["count"], lang)
        sentences = [translate("methods.selection_caption", lang, share=share, sortition=drawn, count=known, **counts)]
        if published:
            reference = format_percent(PUBLISHED_2025["share_sortition_max"], lang)
            sentences.append(translate("methods.selection_published", lang, published=reference))
    else:
        sentences = [translate("methods.multi_caption", lang, count=known, **counts)]
    return " ".join(sentences + ([translate("methods.click_filter", lang)] if clickable else []))
