"""Communes: one commune against its peers, a ranking of all 19, participation staff."""

import streamlit as st

from partdash.analysis.communes import (
    commune_organisers,
    commune_staff,
    count_cards,
    counting_note,
    indicator_table,
    profile,
)
from partdash.charts.communes import profile_dots, ranked_bars, staff_chart
from partdash.inventory import reference
from partdash.ui.communes import choose_commune, choose_indicator, pick_commune, staff_card
from partdash.ui.components import chart, figure_card, page_start
from partdash.ui.context import t
from partdash.ui.tables import organisers_table

v = page_start("communes", "communes.intro")
df, lang = v.data, v.lang

names = reference.commune_names(lang)
table = indicator_table(df)
nis = choose_commune(table, names, v.filters)
name = names[nis]
st.caption(counting_note(df, nis, reference.population(), lang))

rows = profile(table, nis)
if table.at[nis, "initiatives"] == 0:
    st.info(t("communes.no_initiatives", name=name), icon=":material/info:")
staff = commune_staff(v.inventory.organisers) if v.inventory.organisers is not None else None
columns = st.columns([0.8, 1.2, 1.6])
for column, card in zip(columns, count_cards(rows, lang), strict=False):
    with column:
        figure_card(card.label, card.value, card.reference)
with columns[2]:
    staff_card(staff, nis, lang)

chart(profile_dots(rows, name, lang), "communes_profile", caption=t("communes.profile_caption", name=name))

st.divider()
st.subheader(t("communes.ranking_header"))
key = choose_indicator(lang)
chart(
    ranked_bars(table, key, names, nis, lang),
    "communes_ranking",
    on_pick=pick_commune,
    caption=t("communes.ranking_caption", name=name),
)

st.divider()
st.subheader(t("communes.staff_header"))
if staff is None:
    st.info(t("communes.staff_absent"), icon=":material/info:")
else:
    chart(staff_chart(table, staff, names, nis, lang), "communes_staff", caption=t("communes.staff_caption", name=name))
    organisers = commune_organisers(v.inventory.organisers, nis, lang)
    if organisers.empty:
        st.markdown(t("communes.staff_none_listed", name=name))
    else:
        st.markdown(t("communes.staff_of", name=name))
        organisers_table(organisers, lang)
