"""Overview: the key figures beside the published ones, starts per year, who organises."""

import streamlit as st

from partdash.analysis import figures
from partdash.analysis.aggregates import counts_by_year, share_table
from partdash.charts.overview import share_bars, stacked_by_year
from partdash.i18n import format_number, format_percent
from partdash.outputs.summary import overview_summary
from partdash.ui.components import chart, figure_card, page_start
from partdash.ui.context import t

v = page_start("overview", "overview.intro")
df, lang = v.data, v.lang
pub = figures.PUBLISHED_2025
note = figures.published_note(df, v.all_data, lang)  # why the published figures are left out, if they are


def pct(value):
    return format_percent(value, lang)


def published(value: str) -> str | None:
    return None if note else t("overview.published", value=value)


levels = figures.level_share(df)
participation = figures.level_share(df, "participation_level")
duration = figures.duration_months(df)
cards = [
    (
        t("overview.n_initiatives"),
        format_number(len(df), lang),
        published(format_number(pub["n_initiatives"], lang)),
        None,
    ),
    (t("overview.started"), pct(figures.share_start_2019_2023(df)), published(pct(pub["share_start_2019_2023"])), None),
    (
        t("overview.urban_planning"),
        pct(figures.theme_share(df)["urban_planning"]),
        published(pct(pub["theme_share_urban_planning"])),
        t("overview.urban_planning_help"),
    ),
    (t("overview.communal"), pct(levels["communal"]), published(t("overview.pub_two_thirds")), None),
    (t("overview.regional"), pct(levels["regional"]), published(t("overview.pub_one_third")), None),
    (
        t("overview.sortition"),
        pct(figures.share_sortition(df)),
        published(t("overview.pub_under_10")),
        t("overview.sortition_help"),
    ),
    (t("overview.co_decision"), pct(participation["co_decision"]), published(t("overview.pub_rare")), None),
    (
        t("overview.duration"),
        format_number(duration["median"], lang, 1) if duration["n"] else "–",
        published(t("overview.pub_duration")),
        t(
            "overview.duration_help",
            p25=format_number(duration["p25"], lang, 1),
            p75=format_number(duration["p75"], lang, 1),
            n=duration["n"],
        )
        if duration["n"]
        else None,
    ),
]
for start in range(0, len(cards), 4):
    for column, (label, value, reference, help_text) in zip(st.columns(4), cards[start : start + 4], strict=False):
        with column:
            figure_card(label, value, reference, help_text)
if note:
    st.caption(note)

with st.container(border=True):
    st.markdown(f"**{t('overview.summary_title')}** · " + " ".join(overview_summary(df, lang)))

left, right = st.columns([3, 2])
with left:
    by_year = counts_by_year(df, "organiser_level")
    chart(
        stacked_by_year(
            by_year, "organiser_level", lang, t("overview.per_year_title"), t("overview.year"), t("overview.count_axis")
        ),
        "overview_per_year",
        filter_field="organiser_level",
    )
    st.caption(t("overview.per_year_caption"))
with right:
    shares = share_table(df, "organiser_level")
    labels = [
        t("overview.count_of", share=pct(r.share), count=r.count, total=r.denominator) for r in shares.itertuples()
    ]
    chart(
        share_bars(shares, "organiser_level", lang, t("overview.levels_title"), t("overview.share_axis"), labels),
        "overview_levels",
        filter_field="organiser_level",
    )
    st.caption(t("overview.levels_caption"))
