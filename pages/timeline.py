"""Timeline and durations: start years, how long initiatives last, recurrence, activity over time."""

from datetime import date

import streamlit as st

from partdash.analysis.figures import duration_months
from partdash.charts.timeline import (
    active_chart,
    durations_caption,
    durations_chart,
    recurrence_caption,
    recurrence_chart,
    starts_chart,
)
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

SPLITS = ("recurrence", "organiser_level")

v = page_start("timeline", "timeline.intro")
df, lang = v.data, v.lang

chart(starts_chart(df, lang), "timeline_per_year", filter_field="status", caption=t("timeline.per_year_caption"))

chart(
    recurrence_chart(df, lang), "timeline_recurrence", filter_field="recurrence", caption=recurrence_caption(df, lang)
)

split = st.segmented_control(
    t("timeline.split"),
    SPLITS,
    default=page_param("split", SPLITS) or SPLITS[0],
    format_func=lambda f: FIELD_BY_NAME[f].label(lang),
    key="timeline_split",
    required=True,
)
set_page_param("split", None if split == SPLITS[0] else split)
stats = duration_months(df)
if stats["n"]:
    chart(
        durations_chart(df, stats, split, lang),
        "timeline_durations",
        filter_field=split,
        caption=durations_caption(stats, len(df), lang),
    )
else:
    st.info(t("timeline.no_durations"), icon=":material/hourglass_empty:")

chart(active_chart(df, date.today(), lang), "timeline_active", caption=t("timeline.active_caption"))
