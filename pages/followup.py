"""Follow-up: the chain from mandate to decision, the fate of proposals, who got no feedback."""

import streamlit as st

from partdash.analysis.followup import (
    completed_feedback,
    completed_without_feedback,
    detail_links,
    proposal_fate,
    proposals_by_initiative,
)
from partdash.charts.followup import answers_chart, by_commune_chart, by_level_chart, explain_lines, fate_chart
from partdash.i18n import format_number
from partdash.inventory.vocab import FOLLOWUP_CHAIN, FOLLOWUP_FIELDS
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.tables import proposals_table, truncated, without_feedback_table

OTHER_FIELDS = tuple(f for f in FOLLOWUP_FIELDS if f not in FOLLOWUP_CHAIN)

v = page_start("followup", "followup.intro")
df, lang = v.data, v.lang

for fields, part in ((FOLLOWUP_CHAIN, "chain"), (OTHER_FIELDS, "other")):
    chart(answers_chart(df, fields, part, lang), f"followup_{part}", caption=t(f"followup.{part}_caption"))
    st.markdown(explain_lines(fields, lang))
    st.divider()

fate = proposal_fate(df)
if fate["total"]:
    chart(fate_chart(fate, lang), "followup_fate", caption=t("followup.fate_caption"))
    st.markdown(f"**{t('followup.proposals_title')}**")
    table = proposals_by_initiative(df, lang)
    table = table.assign(link=detail_links(table["id"], v.filters, lang, v.dataset))
    proposals_table(table, lang)
    truncated(len(table), fate["initiatives"], lang)
    st.caption(t("followup.proposals_caption"))
else:
    st.info(t("followup.fate_none"), icon=":material/info:")

st.divider()
chart(by_level_chart(df, lang), "followup_levels", filter_field="organiser_level", caption=t("followup.level_caption"))
chart(by_commune_chart(df, lang), "followup_communes", caption=t("followup.commune_caption"))

st.divider()
st.subheader(t("followup.nofeedback_title"))
counts = completed_feedback(df)
numbers = {k: format_number(counts[k], lang) for k in ("no", "unknown")}
st.markdown(t("followup.nofeedback_summary", count=counts["completed"], **numbers))
missing = completed_without_feedback(df, lang)
if missing.empty:
    st.info(t("followup.nofeedback_none"), icon=":material/info:")
else:
    missing = missing.assign(link=detail_links(missing["id"], v.filters, lang, v.dataset))
    without_feedback_table(missing, lang)
    truncated(len(missing), counts["no"], lang)
    st.caption(t("followup.nofeedback_caption"))
