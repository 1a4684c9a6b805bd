"""Overview: the key figures beside the published ones, starts per year, who organises."""

import streamlit as st

from partdash.analysis.figures import published_note
from partdash.analysis.overview import key_figure_cards
from partdash.charts.overview import levels_chart, starts_chart
from partdash.outputs.summary import overview_summary
from partdash.ui.components import chart, figure_card, page_start
from partdash.ui.context import t

v = page_start("overview", "overview.intro")
df, lang = v.data, v.lang

note = published_note(df, v.all_data, lang)  # why the published figures are left out, if they are
cards = key_figure_cards(df, lang, published=note is None)
for start in range(0, len(cards), 4):
    for column, card in zip(st.columns(4), cards[start : start + 4], strict=False):
        with column:
            figure_card(card.label, card.value, card.reference, card.help)
if note:
    st.caption(note)

with st.container(border=True):
    st.markdown(f"**{t('overview.summary_title')}** · " + " ".join(overview_summary(df, lang)))

left, right = st.columns([3, 2])
with left:
    chart(
        starts_chart(df, lang),
        "overview_per_year",
        filter_field="organiser_level",
        caption=t("overview.per_year_caption"),
    )
with right:
    chart(
        levels_chart(df, lang), "overview_levels", filter_field="organiser_level", caption=t("overview.levels_caption")
    )
