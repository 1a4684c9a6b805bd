"""Territory: everything that already touched a quartier or a commune, and how often each
quartier's residents were asked in a period."""

from datetime import date

import pandas as pd
import streamlit as st

from partdash.analysis import mapdata, territory
from partdash.charts.maps import selection_target, solicitation_map
from partdash.charts.territory import timeline
from partdash.i18n import format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.records import TABLE_LIMIT
from partdash.ui.components import attribution, chart, page_start, plain
from partdash.ui.context import t
from partdash.ui.maps import detail_hrefs, detail_link, legend, show_deck
from partdash.ui.state import page_param, set_page_param

PLACE_KEY = "territory_place"
WRITTEN = "_territory_place_written"
PENDING = "_territory_place_pending"
CLICKED = "_territory_map_clicked"

v = page_start("territory", "territory.intro")
df, lang = v.data, v.lang

labels = territory.place_labels(lang)
from_url = page_param("place", labels)
pending = st.session_state.pop(PENDING, None)
if pending in labels:
    st.session_state[PLACE_KEY] = pending
elif from_url and from_url != st.session_state.get(WRITTEN):
    st.session_state[PLACE_KEY] = from_url
if st.session_state.get(PLACE_KEY) not in labels:
    st.session_state[PLACE_KEY] = territory.default_place(df, v.filters.communes)
chosen = st.selectbox(
    t("territory.place"), list(labels), format_func=labels.get, key=PLACE_KEY, help=t("territory.place_help")
)
set_page_param("place", chosen)
st.session_state[WRITTEN] = chosen
place = territory.parse_place(chosen)
name = labels[chosen]

rows = territory.touching(df, place)
region_rows = rows[(rows["touch"] == "region_wide").to_numpy(bool)]
local = rows[(rows["touch"] != "region_wide").to_numpy(bool)]
ways = local["touch"].value_counts()
shown_ways = territory.TOUCH_ORDER[:3] if place.kind == "q" else territory.TOUCH_ORDER[:2]
cols = st.columns(len(shown_ways) + 2)
cols[0].metric(t("territory.n_local"), format_number(len(local), lang))
for col, way in zip(cols[1:], shown_ways, strict=False):
    col.metric(
        t(f"territory.touch.{way}"), format_number(int(ways.get(way, 0)), lang), help=t(f"territory.touch_help.{way}")
    )
cols[-1].metric(
    t("territory.touch.region_wide"), format_number(len(region_rows), lang), help=t("territory.touch_help.region_wide")
)

today = pd.Timestamp(date.today())
if local.empty:
    st.info(t("territory.none_local", place=plain(name)), icon=":material/info:")
else:
    frame = territory.timeline_frame(local, lang)
    chart(
        timeline(frame, lang, t("territory.timeline_title", place=name), t("territory.time_axis"), today),
        "territory_timeline",
    )
    st.caption(t("territory.timeline_caption"))
    if len(local) > len(frame):
        st.caption(t("territory.timeline_truncated", count=len(frame), total=format_number(len(local), lang)))
if not region_rows.empty:
    with st.expander(t("territory.region_wide_title", n=format_number(len(region_rows), lang))):
        frame = territory.timeline_frame(region_rows, lang)
        chart(
            timeline(frame, lang, t("territory.region_timeline_title"), t("territory.time_axis"), today),
            "territory_region_timeline",
        )
        st.caption(t("territory.region_wide_caption"))

if not rows.empty:
    st.subheader(t("territory.table_title"))
    touch_labels = {way: t(f"territory.touch.{way}") for way in territory.TOUCH_ORDER}
    table = territory.touch_table(rows, lang, touch_labels, limit=TABLE_LIMIT)
    if len(table) < len(rows):
        st.caption(t("initiatives.truncated", count=len(table), total=format_number(len(rows), lang)))
    table["link"] = detail_hrefs(table["id"])
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    columns = [
        "title",
        "years",
        "participation_level",
        "touch",
        "results_published",
        "feedback_to_participants",
        "proposals",
        "link",
        "organiser",
    ]
    event = st.dataframe(
        table[columns],
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 420),
        on_select="rerun",
        selection_mode="single-row",
        key="territory_table",
        column_config={
            "title": st.column_config.TextColumn(t("territory.col_title"), width="large"),
            "organiser": st.column_config.TextColumn(label("organiser"), width="medium"),
            "years": st.column_config.TextColumn(t("territory.col_years"), width="small"),
            "participation_level": st.column_config.TextColumn(label("participation_level")),
            "touch": st.column_config.TextColumn(t("territory.col_touch")),
            "results_published": st.column_config.TextColumn(label("results_published"), width="small"),
            "feedback_to_participants": st.column_config.TextColumn(label("feedback_to_participants"), width="small"),
            "proposals": st.column_config.TextColumn(
                t("territory.col_proposals"), width="small", help=t("territory.col_proposals_help")
            ),
            "link": st.column_config.LinkColumn(
                t("territory.col_link"), display_text=t("territory.open_short"), width="small"
            ),
        },
    )
    picked = event.selection.rows if event else []
    if picked:
        row = table.iloc[picked[0]]
        detail_link(str(row["id"]), t("territory.open_selected", title=plain(row["title"])))
    else:
        st.caption(t("territory.table_hint"))

st.subheader(t("territory.solicitation_title"))
st.caption(t("territory.solicitation_intro"))
all_years = pd.concat([v.all_data["start_date"].dt.year, v.all_data["end_date"].dt.year]).dropna()
lowest, highest = int(all_years.min()), max(int(all_years.max()), date.today().year)
default_period = v.filters.years or (lowest, highest)
allowed_years = {str(y) for y in range(lowest, highest + 1)}
period_from, period_to = page_param("period_from", allowed_years), page_param("period_to", allowed_years)
if period_from and period_to and int(period_from) <= int(period_to):
    default_period = (int(period_from), int(period_to))
default_period = (max(default_period[0], lowest), min(default_period[1], highest))
c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
if lowest < highest:
    first, last = c1.slider(
        t("territory.period"), min_value=lowest, max_value=highest, value=default_period, key="territory_period"
    )
else:
    first, last = lowest, highest
include_region = c2.toggle(
    t("territory.include_region"), value=False, key="territory_include_region", help=t("territory.include_region_help")
)
changed = (first, last) != (v.filters.years or (lowest, highest))
set_page_param("period_from", str(first) if changed else None)
set_page_param("period_to", str(last) if changed else None)

active = territory.active_between(df, first, last)
counts = territory.solicitation_counts(active, include_region)
deck, classes_legend = solicitation_map(counts, lang, mapdata.view_for(v.filters.communes), highlight=chosen)
left, right = st.columns([5, 2])
with left:
    selection = show_deck(deck, "territory_map", t("territory.map_alt", first=first, last=last))
    attribution()
with right:
    legend(classes_legend, t("territory.legend_title"))
    st.caption(t("territory.map_caption", count=len(active), first=first, last=last))
    top = territory.top_quartiers(counts, lang)
    if not top.empty:
        st.markdown(f"**{t('territory.top_title')}**")
        st.dataframe(
            top[["count", "quartier"]],
            hide_index=True,
            width="stretch",
            column_config={
                "quartier": st.column_config.TextColumn(t("territory.col_quartier")),
                "count": st.column_config.NumberColumn(t("territory.col_count"), width="small"),
            },
        )

target = selection_target(selection)
clicked = f"q:{target[1]}" if target and target[0] == "quartier" else None
if clicked in labels and clicked != st.session_state.get(CLICKED):
    st.session_state[CLICKED] = clicked
    if clicked != chosen:
        st.session_state[PENDING] = clicked
        st.rerun()
elif clicked is None:
    st.session_state.pop(CLICKED, None)
