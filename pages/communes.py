"""Communes: one commune against its peers, a ranking of all 19, participation staff."""

import streamlit as st

from partdash.analysis.communes import (
    GROUPS,
    INDICATOR_BY_KEY,
    INDICATORS,
    UNKNOWN_STAFF,
    commune_organisers,
    commune_staff,
    default_commune,
    format_value,
    indicator_choice_label,
    indicator_table,
    profile,
    profile_display,
    ranking,
    ranking_texts,
    regional_stats,
    staff_points,
    staff_summary,
)
from partdash.analysis.figures import region_wide
from partdash.charts.communes import profile_dots, ranked_bars, staff_chart
from partdash.i18n import format_number
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.ui.components import chart, figure_card, page_start
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

v = page_start("communes", "communes.intro")
df, lang = v.data, v.lang

names = reference.commune_names(lang)
table = indicator_table(df)
options = sorted(names, key=lambda nis: names[nis].casefold())
from_link = page_param("commune", options)
if st.session_state.get("communes_choice") not in options:
    st.session_state["communes_choice"] = from_link or default_commune(table, v.filters.communes)
nis = st.selectbox(t("communes.choose"), options, key="communes_choice", format_func=names.get, width=420)
if from_link is None and st.query_params.get("commune") is not None:
    st.info(t("communes.bad_param", value=st.query_params["commune"][:20], name=names[nis]), icon=":material/link_off:")
set_page_param("commune", nis)
name = names[nis]
population = reference.population()
st.caption(
    t("communes.counting", count=region_wide(df))
    + " "
    + t("communes.population", year=population.attrs["year"], count=population[nis])
)

rows = profile(table, nis)
if table.at[nis, "initiatives"] == 0:
    st.info(t("communes.no_initiatives", name=name), icon=":material/info:")
staff = commune_staff(v.inventory.organisers) if v.inventory.organisers is not None else None
cards = st.columns([0.8, 1.2, 1.6])
for column, row in zip(cards, rows[rows["group"] == "count"].itertuples(), strict=False):
    with column:
        reference_line = t(
            "communes.card_reference",
            median=format_value(row.kind, row.median, lang),
            min=format_value(row.kind, row.min, lang),
            max=format_value(row.kind, row.max, lang),
            rank=format_number(row.rank, lang),
            ranked=format_number(row.ranked, lang),
        )
        figure_card(INDICATOR_BY_KEY[row.key].label(lang), format_value(row.kind, row.value, lang), reference_line)
with cards[2], st.container(border=True, height="stretch"):
    level = staff.get(nis) if staff is not None else None
    st.markdown(t("communes.staff_card"))
    st.subheader(VOCABULARIES["participation_staff"].label(level, lang) if level else "–", anchor=False)
    st.caption(t("communes.staff_card_note") if staff is not None else t("communes.staff_card_absent"))

shares = rows[rows["kind"] == "share"]
labels = {i.key: i.label(lang) for i in INDICATORS}
legend = {
    "commune": name,
    "median": t("communes.legend_median"),
    "range": t("communes.legend_range"),
    "unknown": t("communes.no_value"),
}
group_titles = {g: t(f"communes.group.{g}") for g in GROUPS if g != "count"}
fig = profile_dots(
    shares,
    labels,
    group_titles,
    legend,
    lang,
    t("communes.profile_title", name=name),
    t("communes.profile_axis"),
    t("communes.profile_hover"),
)
chart(fig, "communes_profile")
st.caption(t("communes.profile_caption", name=name))
with st.expander(t("communes.table_title"), icon=":material/table:"):
    st.dataframe(
        profile_display(rows, lang),
        hide_index=True,
        width="stretch",
        height=38 + 35 * len(rows),
        column_config={
            "indicator": st.column_config.TextColumn(t("communes.col_indicator"), width="large"),
            "value": st.column_config.TextColumn(name),
            "known": st.column_config.TextColumn(t("communes.col_known")),
            "median": st.column_config.TextColumn(t("communes.col_median")),
            "min": st.column_config.TextColumn(t("communes.col_min")),
            "max": st.column_config.TextColumn(t("communes.col_max")),
            "rank": st.column_config.TextColumn(t("communes.col_rank"), help=t("communes.rank_help")),
        },
    )

st.divider()
st.subheader(t("communes.ranking_header"))
keys = [i.key for i in INDICATORS]
if st.session_state.get("communes_indicator") not in keys:
    st.session_state["communes_indicator"] = page_param("indicator", keys) or "per_10k"
key = st.selectbox(
    t("communes.choose_indicator"),
    keys,
    key="communes_indicator",
    format_func=lambda k: indicator_choice_label(k, lang),
    width=520,
)
set_page_param("indicator", key)
ranked = ranking(table, key)
indicator = INDICATOR_BY_KEY[key]
median = float(regional_stats(table).at[key, "median"])
fig = ranked_bars(
    ranked,
    names,
    nis,
    ranking_texts(ranked, key, lang),
    lang,
    t("communes.ranking_title", indicator=indicator.label(lang)),
    indicator.label(lang),
    median,
    t("communes.median_label", value=format_value(indicator.kind, median, lang)),
    ".0%" if indicator.kind == "share" else None,
)
chart(fig, "communes_ranking")
st.caption(t("communes.ranking_caption", name=name))

st.divider()
st.subheader(t("communes.staff_header"))
if staff is None:
    st.info(t("communes.staff_absent"), icon=":material/info:")
else:
    points = staff_points(table, staff)
    summary = staff_summary(points)
    staff_labels = {**VOCABULARIES["participation_staff"].labels(lang), UNKNOWN_STAFF: t("communes.staff_unknown")}
    groups = {
        s: t("communes.staff_group", label=staff_labels[s], count=n)
        for s, n in zip(summary["staff"], summary["communes"], strict=False)
    }
    texts = {
        "mean": t("communes.staff_mean"),
        "communes": t("communes.staff_points"),
        "mean_hover": t("communes.staff_mean_hover"),
        "point_hover": t("communes.staff_point_hover"),
    }
    fig = staff_chart(
        points,
        summary,
        groups,
        names,
        nis,
        texts,
        lang,
        t("communes.staff_title"),
        t("communes.staff_axis_x"),
        t("communes.staff_axis_y"),
    )
    chart(fig, "communes_staff")
    st.caption(t("communes.staff_caption", name=name))
    organisers = commune_organisers(v.inventory.organisers, nis, lang)
    if organisers.empty:
        st.markdown(t("communes.staff_none_listed", name=name))
    else:
        st.markdown(t("communes.staff_of", name=name))
        st.dataframe(
            organisers,
            hide_index=True,
            column_config={
                "organiser": st.column_config.TextColumn(FIELD_BY_NAME["organiser"].label(lang), width="large"),
                "organiser_level": st.column_config.TextColumn(
                    FIELD_BY_NAME["organiser_level"].label(lang), width="medium"
                ),
                "participation_staff": st.column_config.TextColumn(t("communes.staff_card"), width="medium"),
            },
        )
