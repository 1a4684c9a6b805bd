"""Themes: which questions were put to citizens, when, by whom, and which come together."""

import streamlit as st

from partdash.analysis import themes
from partdash.analysis.aggregates import counts_by_year, group_shares, initiatives_per_year, share_table
from partdash.charts.methods import code_share_bars
from partdash.charts.themes import co_occurrence_heatmap, counts_by_year_bars, grouped_shares, year_share_heatmap
from partdash.i18n import format_number, format_percent
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

VIEWS = ("counts", "shares")

v = page_start("themes", "themes.intro")
df, lang = v.data, v.lang

chart(
    code_share_bars(share_table(df, "themes"), "themes", lang, t("themes.shares_title"), t("themes.share_axis")),
    "themes_shares",
    filter_field="themes",
)
several = themes.multi_theme(df)
st.caption(
    t(
        "themes.shares_caption",
        count=several["initiatives"],
        several=format_number(several["several"], lang),
        total=format_percent(several["share_sum"], lang),
    )
)

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
    chart(
        year_share_heatmap(
            themes.shares_by_year(df),
            initiatives_per_year(df),
            lang,
            t("themes.by_year_shares_title"),
            t("themes.year"),
            t("themes.theme_axis"),
        ),
        "themes_by_year_shares",
    )
    st.caption(t("themes.by_year_shares_caption"))
else:
    chart(
        counts_by_year_bars(
            counts_by_year(df, "themes"), lang, t("themes.by_year_title"), t("themes.year"), t("themes.count_axis")
        ),
        "themes_by_year",
        filter_field="themes",
    )
    st.caption(t("themes.by_year_counts_caption"))

chart(
    grouped_shares(
        group_shares(df, "themes", "organiser_level"),
        "themes",
        "organiser_level",
        lang,
        t("themes.by_level_title"),
        t("themes.share_axis"),
    ),
    "themes_by_level",
    filter_field="themes",
)
st.caption(t("themes.by_level_caption"))

chart(
    co_occurrence_heatmap(themes.co_occurrence(df), lang, t("themes.cooc_title"), t("themes.theme_axis")),
    "themes_cooccurrence",
)
st.caption(t("themes.cooc_caption"))
