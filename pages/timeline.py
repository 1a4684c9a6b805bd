"""Timeline and durations: start years, how long initiatives last, recurrence, activity over time."""

from datetime import date

import streamlit as st

from partdash.analysis import durations, figures, methods
from partdash.analysis.aggregates import counts_by_year, share_table
from partdash.charts.methods import count_bars
from partdash.charts.timeline import active_area, duration_histogram, starts_by_year
from partdash.i18n import format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

SPLITS = ("recurrence", "organiser_level")

v = page_start("timeline", "timeline.intro")
df, lang = v.data, v.lang
today = date.today()

chart(
    starts_by_year(
        counts_by_year(df, "status"),
        "status",
        lang,
        t("timeline.per_year_title"),
        t("timeline.year"),
        t("timeline.count_axis"),
    ),
    "timeline_per_year",
    filter_field="status",
)
st.caption(t("timeline.per_year_caption"))

chart(
    count_bars(
        share_table(df, "recurrence", with_unknown=True),
        "recurrence",
        lang,
        t("timeline.recurrence_title"),
        t("timeline.count_axis"),
    ),
    "timeline_recurrence",
    filter_field="recurrence",
)
st.caption(t("timeline.recurrence_caption", count=methods.coverage(df, "recurrence")["known"]))

split = st.segmented_control(
    t("timeline.split"),
    SPLITS,
    default=page_param("split", SPLITS) or SPLITS[0],
    format_func=lambda f: FIELD_BY_NAME[f].label(lang),
    key="timeline_split",
    required=True,
)
set_page_param("split", None if split == SPLITS[0] else split)
stats = figures.duration_months(df)
if stats["n"]:
    histogram = durations.duration_histogram(df, split)
    chart(
        duration_histogram(
            histogram,
            stats,
            split,
            lang,
            t("timeline.duration_title", n=format_number(stats["n"], lang)),
            t("timeline.duration_axis"),
            t("timeline.count_axis"),
        ),
        "timeline_durations",
        filter_field=split,
    )
    st.caption(
        t(
            "timeline.duration_caption",
            count=stats["n"],
            total=format_number(len(df), lang),
            **{k: format_number(stats[k], lang, 1) for k in ("p25", "median", "p75")},
        )
    )
else:
    st.info(t("timeline.no_durations"), icon=":material/hourglass_empty:")

chart(
    active_area(
        durations.active_per_month(df, today),
        today,
        lang,
        t("timeline.active_title"),
        t("timeline.month_axis"),
        t("timeline.active_axis"),
    ),
    "timeline_active",
)
st.caption(t("timeline.active_caption"))
