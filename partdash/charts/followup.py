"""Charts of the Follow-up page: yes / no / unknown bars, the fate of proposals, rates by group.

Unknown answers are drawn, in a neutral grey, after yes and no: hiding them would make a
field answered by a few look like a habit of all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partdash.analysis.aggregates import is_small
from partdash.analysis.followup import FATES, REGION_WIDE, chain_by_commune, chain_by_level, yes_no_counts
from partdash.charts.style import (
    NO,
    OKABE_ITO,
    SEQUENTIAL,
    UNKNOWN,
    YES,
    apply_layout,
    code_colours,
    legend_below,
    localise,
    wrap,
)
from partdash.charts.tables import attach, column, numbers, share_columns, small_marker, small_text
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES
from partdash.memo import memoised

FATE_COLOURS = {"adopted": YES, "modified": OKABE_ITO[1], "rejected": NO, "not_reported": UNKNOWN}
# plotly's separators: the decimal mark, then the thousands separator (as partdash.i18n writes numbers).


def yes_no_bars(
    counts: pd.DataFrame, row_labels: list[str], answer_labels: dict[str, str], lang: str, title: str, x_title: str
) -> go.Figure:
    """One stacked horizontal bar per field (first field on top): yes, no, then unknown."""
    rows = counts.iloc[::-1]
    labels = row_labels[::-1]
    total = rows[["yes", "no", "unknown"]].sum(axis=1).to_numpy()
    fig = go.Figure()
    for answer, colour in (("yes", YES), ("no", NO), ("unknown", UNKNOWN)):
        values = rows[answer].to_numpy()
        fig.add_bar(
            x=values,
            y=labels,
            orientation="h",
            name=answer_labels[answer],
            marker_color=colour,
            text=[text if v else "" for v, text in zip(values, numbers(values, lang), strict=True)],
            textposition="inside",
            insidetextanchor="middle",
            customdata=np.column_stack([numbers(values, lang), numbers(total, lang)]),
            hovertemplate="%{fullData.name}: %{customdata[0]} / %{customdata[1]}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig = apply_layout(fig, title, x_title, None, height=170 + 78 * len(rows))
    fig.update_yaxes(rangemode="normal", ticklabelstandoff=8)
    return localise(legend_below(fig), lang)


def fate_bar(
    fate: dict[str, int], labels: dict[str, str], texts: dict[str, str], lang: str, title: str, x_title: str
) -> go.Figure:
    """One bar of all proposals split by fate (adopted, modified, rejected, not reported):
    the parts add up to the total, which is what the reader should see."""
    fig = go.Figure()
    for key, colour in FATE_COLOURS.items():
        fig.add_bar(
            x=[fate[key]],
            y=[""],
            orientation="h",
            name=labels[key],
            marker_color=colour,
            text=[texts[key]],
            textposition="inside",
            textangle=0,
            insidetextanchor="middle",
            hovertemplate="%{fullData.name}: %{text}<extra></extra>",
        )
    fig.update_layout(barmode="stack", uniformtext={"mode": "hide", "minsize": 12})
    fig = apply_layout(fig, title, x_title, None, height=250)
    fig.update_yaxes(rangemode="normal", showticklabels=False)
    return localise(legend_below(fig), lang)


def level_bars(
    long: pd.DataFrame, step_labels: dict[str, str], lang: str, title: str, y_title: str, hover: str
) -> go.Figure:
    """Grouped bars: per step of the chain, the share of yes of each organiser level.
    ``customdata`` holds the level code first, so a click filters on it."""
    vocab = VOCABULARIES["organiser_level"]
    colours = code_colours("organiser_level")
    fig = go.Figure()
    for code, rows in long.groupby("group", sort=False):
        fig.add_bar(
            x=[step_labels[f] for f in rows["field"]],
            y=rows["share"].fillna(0),
            name=vocab.label(code, lang),
            marker=small_marker(rows["known"], colours[code]),
            text=[
                "–"
                if not k
                else small_text(y, k, lang)
                if is_small(k)
                else f"{format_percent(s, lang)}<br>{format_number(y, lang)}/{format_number(k, lang)}"
                for s, y, k in zip(rows["share"], rows["yes"], rows["known"], strict=False)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=np.column_stack([[code] * len(rows), numbers(rows["yes"], lang), numbers(rows["known"], lang)]),
            hovertemplate="%{fullData.name} · %{x}<br>" + hover + "<extra></extra>",
        )
    # Wide bars and small unshrunk text: four levels side by side still read "70%", "56/80" and "2 of 2".
    fig.update_layout(barmode="group", bargap=0.12)
    fig.update_traces(textfont={"size": 12}, constraintext="none")
    fig = apply_layout(fig, title, None, y_title, height=520)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.12])
    return localise(legend_below(fig), lang)


def commune_heatmap(
    long: pd.DataFrame,
    row_labels: dict[str, str],
    step_labels: dict[str, str],
    lang: str,
    title: str,
    hover: str,
    colour_title: str,
) -> go.Figure:
    """Communes (rows, in the order given) by step (columns), coloured by the share of yes;
    a cell without any known answer is grey rather than looking like 0 %."""
    groups = list(dict.fromkeys(long["group"]))
    fields = list(dict.fromkeys(long["field"]))
    share = long.pivot(index="group", columns="field", values="share").reindex(index=groups, columns=fields)
    yes = long.pivot(index="group", columns="field", values="yes").reindex(index=groups, columns=fields)
    known = long.pivot(index="group", columns="field", values="known").reindex(index=groups, columns=fields)
    small = is_small(known.to_numpy(int))
    text = [
        [
            (small_text(y, k, lang) if k else "")
            if is_small(k)
            else f"{format_percent(s, lang)} ({format_number(y, lang)}/{format_number(k, lang)})"
            for s, y, k in zip(srow, yrow, krow, strict=False)
        ]
        for srow, yrow, krow in zip(share.to_numpy(), yes.to_numpy(int), known.to_numpy(int), strict=False)
    ]
    scale = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
    x = [step_labels[f] for f in fields]
    y = [row_labels[g] for g in groups]
    fig = go.Figure(
        go.Heatmap(  # grey under the cells of too few known answers, so they never read as 0 % or 100 %
            z=np.where(small, 1.0, np.nan),
            x=x,
            y=y,
            text=np.where(small, text, ""),
            texttemplate="%{text}",
            colorscale=[[0, UNKNOWN], [1, UNKNOWN]],
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=np.where(small, np.nan, share.to_numpy(float)),
            x=x,
            y=y,
            text=np.where(small, "", text),
            texttemplate="%{text}",
            customdata=np.dstack(
                [yes.map(lambda v: format_number(v, lang)), known.map(lambda v: format_number(v, lang))]
            ),
            hovertemplate="%{y} · %{x}<br>" + hover + "<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": colour_title, "side": "right"}, "tickformat": ".0%", "thickness": 14},
        )
    )
    fig = apply_layout(fig, title, None, None, height=140 + 30 * len(groups))
    fig.update_yaxes(autorange="reversed", rangemode="normal", showgrid=False)
    fig.update_xaxes(side="top")
    fig.update_layout(margin={"t": 120})
    return localise(fig, lang)


def _label(field: str, lang: str) -> str:
    return FIELD_BY_NAME[field].label(lang)


def _known_line(row, lang: str) -> str:
    if not row.known:
        return translate("followup.none_known", lang)
    yes, known = format_number(row.yes, lang), format_number(row.known, lang)
    if is_small(row.known):
        return translate("followup.hover_yes_known", lang, yes=yes, known=known)
    return translate("followup.yes_of_known", lang, yes=yes, count=row.known, share=format_percent(row.share, lang))


@memoised
def answers_chart(df: pd.DataFrame, fields: tuple[str, ...], part: str, lang: str) -> go.Figure:
    """Yes, no and unknown per follow-up field (``part`` names the chart: chain, other), each row
    saying its share of yes over the known."""
    counts = yes_no_counts(df, fields)
    row_labels = [f"<b>{_label(r.field, lang)}</b><br>{_known_line(r, lang)}" for r in counts.itertuples()]
    answers = {**VOCABULARIES["yes_no"].labels(lang), "unknown": translate("followup.unknown", lang)}
    rows = pd.DataFrame(
        {
            translate("followup.col_step", lang): [_label(f, lang) for f in counts["field"]],
            **{answers[a]: counts[a] for a in ("yes", "no", "unknown")},
            **_rate_columns(counts, lang),
        }
    )
    return attach(
        yes_no_bars(
            counts,
            row_labels,
            answers,
            lang,
            translate(f"followup.{part}_title", lang),
            translate("followup.count_axis", lang),
        ),
        rows,
    )


def _rate_columns(table: pd.DataFrame, lang: str) -> dict[str, list]:
    """Known answers, the share of yes over them and the small-count flag, as reader's columns."""
    columns = share_columns(table["yes"], table["known"], table["share"], lang)
    columns.pop(column("count", lang))
    return columns


def _chain_rows(long: pd.DataFrame, group_title: str, groups: dict[str, str], lang: str) -> pd.DataFrame:
    """A ``chain_by_*`` table as a reader's table: group, step, yes, known, share."""
    return pd.DataFrame(
        {
            group_title: [groups[g] for g in long["group"]],
            translate("followup.col_step", lang): [_label(f, lang) for f in long["field"]],
            VOCABULARIES["yes_no"].label("yes", lang): long["yes"],
            **_rate_columns(long, lang),
        }
    )


def explain_lines(fields: tuple[str, ...], lang: str) -> str:
    """What each field of a chart means, one Markdown bullet each."""
    lines = (
        translate("followup.explain_line", lang, label=_label(f, lang), text=translate(f"followup.explain.{f}", lang))
        for f in fields
    )
    return "\n".join(lines)


@memoised
def fate_chart(fate: dict[str, int], lang: str) -> go.Figure:
    """The proposals of ``analysis.followup.proposal_fate`` (with a total) by fate."""
    texts = {
        f: translate(
            "followup.fate_text",
            lang,
            count=format_number(fate[f], lang),
            share=format_percent(fate[f] / fate["total"], lang),
        )
        for f in FATES
    }
    n = format_number(fate["initiatives"], lang)
    labels = {f: translate(f"followup.fate.{f}", lang) for f in FATES}
    fig = fate_bar(
        fate,
        labels,
        texts,
        lang,
        translate("followup.fate_title", lang, count=fate["total"], n=n),
        translate("followup.fate_axis", lang),
    )
    rows = pd.DataFrame(
        {
            translate("followup.col_fate", lang): [labels[f] for f in FATES],
            translate("followup.fate_axis", lang): [fate[f] for f in FATES],
            column("share", lang): [round(100 * fate[f] / fate["total"], 1) for f in FATES],
        }
    )
    return attach(fig, rows)


def _steps(lang: str) -> dict[str, str]:
    return {f: wrap(_label(f, lang)) for f in FOLLOWUP_CHAIN}


@memoised
def by_level_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of yes at each step of the chain, per organiser level."""
    hover = translate("followup.hover_yes_known", lang, yes="%{customdata[1]}", known="%{customdata[2]}")
    long = chain_by_level(df)
    groups = VOCABULARIES["organiser_level"].labels(lang)
    rows = _chain_rows(long, FIELD_BY_NAME["organiser_level"].label(lang), groups, lang)
    return attach(
        level_bars(
            long,
            _steps(lang),
            lang,
            translate("followup.level_title", lang),
            translate("followup.share_axis", lang),
            hover,
        ),
        rows,
    )


@memoised
def by_commune_chart(df: pd.DataFrame, lang: str) -> go.Figure:
    """Share of yes at each step of the chain, per commune, region-wide initiatives apart."""
    rows = {**reference.commune_names(lang), REGION_WIDE: translate("followup.region_wide", lang)}
    hover = translate("followup.hover_yes_known", lang, yes="%{customdata[0]}", known="%{customdata[1]}")
    title, colour_title = translate("followup.commune_title", lang), translate("followup.colour_title", lang)
    long = chain_by_commune(df)
    table = _chain_rows(long, FIELD_BY_NAME["communes"].label(lang), rows, lang)
    return attach(commune_heatmap(long, rows, _steps(lang), lang, title, hover, colour_title), table)
