"""Themes: which questions were put to citizens, when, by whom, and which come together."""

import streamlit as st

from partdash.analysis.themes import period_sizes
from partdash.charts.themes import (
    by_level_chart,
    by_year_chart,
    by_year_shares_chart,
    cooccurrence_chart,
    shares_caption,
    shares_chart,
    trend_chart,
)
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.periods import choose_periods
from partdash.ui.state import page_param, set_page_param

VIEWS = ("counts", "shares")

v = page_start("themes", "themes.intro")
df, lang = v.data, v.lang

chart(shares_chart(df, lang), "themes_shares", filter_field="themes", caption=shares_caption(df, lang))

shown = st.segmented_control(
    t("themes.view"),
    VIEWS,
    default=page_param("split", VIEWS) or VIEWS[0],
    format_func=lambda k: t(f"themes.view_{k}"),
    key="themes_split",
    required=True,
)
set_page_param("split", None if shown == VIEWS[0] else shown)
if shown == "shares":
    chart(by_year_shares_chart(df, lang), "themes_by_year_shares", caption=t("themes.by_year_shares_caption"))
else:
    chart(by_year_chart(df, lang), "themes_by_year", filter_field="themes", caption=t("themes.by_year_counts_caption"))

chart(by_level_chart(df, lang), "themes_by_level", filter_field="themes", caption=t("themes.by_level_caption"))

chart(cooccurrence_chart(df, lang), "themes_cooccurrence", caption=t("themes.cooc_caption"))

st.subheader(t("themes.trend_header"))
years = v.all_data["start_year"].dropna()
if years.empty or years.min() == years.max():
    st.info(t("themes.trend_one_year"), icon=":material/info:")
else:
    first, second = choose_periods(int(years.min()), int(years.max()))
    if 0 in period_sizes(df, first, second):
        st.info(t("themes.trend_empty"), icon=":material/info:")
    else:
        fig = trend_chart(df, first, second, lang)
        chart(fig, "themes_trend", filter_field="themes", caption=t("themes.trend_caption"))
