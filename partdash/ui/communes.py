"""The Communes page's choices (commune and indicator, both kept in the URL) and its staff card."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partdash.analysis.communes import INDICATORS, default_commune, indicator_choice_label
from partdash.inventory.filters import Filters
from partdash.inventory.vocab import VOCABULARIES
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

CHOICE_KEY = "communes_choice"
INDICATOR_KEY = "communes_indicator"
COMMUNE_OPTIONS = "_communes_options"  # the communes a click may choose, kept for the click's callback


def choose_commune(table: pd.DataFrame, names: dict[str, str], filters: Filters) -> str:
    """The commune chosen in the list, first taken from the link, else from the filters; a
    link naming no commune is said to be ignored."""
    options = sorted(names, key=lambda nis: names[nis].casefold())
    st.session_state[COMMUNE_OPTIONS] = tuple(options)
    from_link = page_param("commune", options)
    if st.session_state.get(CHOICE_KEY) not in options:
        st.session_state[CHOICE_KEY] = from_link or default_commune(table, filters.communes)
    nis = st.selectbox(t("communes.choose"), options, key=CHOICE_KEY, format_func=names.get, width=420)
    if from_link is None and st.query_params.get("commune") is not None:
        st.info(
            t("communes.bad_param", value=st.query_params["commune"][:20], name=names[nis]), icon=":material/link_off:"
        )
    set_page_param("commune", nis)
    return nis


def pick_commune(nis: str) -> None:
    """Choose the commune whose bar was clicked: run as the click's callback, before the list is drawn."""
    if nis in st.session_state.get(COMMUNE_OPTIONS, ()):
        st.session_state[CHOICE_KEY] = nis
        set_page_param("commune", nis)


def choose_indicator(lang: str) -> str:
    """The indicator of the ranking, taken from the link first (per 10,000 inhabitants by default)."""
    keys = [i.key for i in INDICATORS]
    if st.session_state.get(INDICATOR_KEY) not in keys:
        st.session_state[INDICATOR_KEY] = page_param("indicator", keys) or "per_10k"
    key = st.selectbox(
        t("communes.choose_indicator"),
        keys,
        key=INDICATOR_KEY,
        format_func=lambda k: indicator_choice_label(k, lang),
        width=520,
    )
    set_page_param("indicator", key)
    return key


def staff_card(staff: pd.Series | None, nis: str, lang: str) -> None:
    """The commune's participation staff, or why it cannot be told."""
    with st.container(border=True, height="stretch"):
        level = staff.get(nis) if staff is not None else None
        st.markdown(t("communes.staff_card"))
        st.subheader(VOCABULARIES["participation_staff"].label(level, lang) if level else "–", anchor=False)
        st.caption(t("communes.staff_card_note") if staff is not None else t("communes.staff_card_absent"))
