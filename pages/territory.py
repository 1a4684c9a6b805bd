"""Territory: everything that already touched a quartier or a commune, and how often each
quartier's residents were asked in a period."""

from datetime import date

import pandas as pd
import streamlit as st

from partdash.analysis import mapdata, territory
from partdash.charts.maps import selection_target, solicitation_map
from partdash.charts.territory import timeline
from partdash.i18n import format_number
from partdash.ui.components import attribution, chart, page_start, plain
from partdash.ui.context import t
from partdash.ui.maps import legend, show_deck
from partdash.ui.territory import choose_place, follow_map_click, period_controls, top_list, touch_list, touch_metrics

v = page_start("territory", "territory.intro")
df, lang = v.data, v.lang

labels = territory.place_labels(lang)
chosen = choose_place(labels)
place = territory.parse_place(chosen)
name = labels[chosen]

touched = territory.touched(df, place)
local, region_rows = touched.local, touched.region
touch_metrics(touched, place)

today = pd.Timestamp(date.today())
if local.empty:
    st.info(t("territory.none_local", place=plain(name)), icon=":material/info:")
else:
    frame = territory.timeline_frame(local, lang, today)
    chart(timeline(frame, lang, name, today), "territory_timeline")
    st.caption(t("territory.timeline_caption"))
    if len(local) > len(frame):
        st.caption(t("territory.timeline_truncated", count=len(frame), total=format_number(len(local), lang)))
    st.subheader(t("territory.table_title"))
    touch_list(local, "territory_table")
if not region_rows.empty:
    st.markdown(t("territory.region_line", count=len(region_rows)))
    with st.expander(t("territory.region_wide_title", n=format_number(len(region_rows), lang))):
        chart(
            timeline(territory.timeline_frame(region_rows, lang, today), lang, None, today), "territory_region_timeline"
        )
        st.caption(t("territory.region_wide_caption"))
        touch_list(region_rows, "territory_region_table")

st.subheader(t("territory.solicitation_title"))
st.caption(t("territory.solicitation_intro"))
first, last, include_region = period_controls()
active = territory.active_between(df, first, last, today)
counts = territory.solicitation_counts(active, include_region)
deck, classes_legend = solicitation_map(counts, lang, mapdata.view_for(v.filters.communes), highlight=chosen)
left, right = st.columns([3, 1])
with left:
    selection = show_deck(deck, "territory_map", t("territory.map_alt", first=first, last=last))
    attribution()
with right:
    legend(classes_legend, t("territory.legend_title"))
    st.caption(t("territory.map_caption", count=len(active), first=first, last=last))
top_list(counts)

follow_map_click(selection_target(selection), labels, chosen)
