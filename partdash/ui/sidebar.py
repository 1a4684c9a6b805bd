"""The sidebar: dataset, language and the filters shared by every page."""

from __future__ import annotations

import streamlit as st

from partdash.i18n import DEFAULT_LANG, LANGS, format_number, translate
from partdash.inventory import reference
from partdash.inventory.filters import URL_KEYS
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.ui import present
from partdash.ui.context import t
from partdash.ui.state import LANG_KEY, reset_filters, widget_key

LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def chosen_language_and_dataset(datasets: list[str]) -> tuple[str, str]:
    """The language and dataset the sidebar holds, read before the sidebar is drawn (see ``draw``)."""
    if st.session_state.get("dataset") not in datasets:
        st.session_state["dataset"] = datasets[0]
    lang = st.session_state.get(LANG_KEY)
    return (lang if lang in LANGS else DEFAULT_LANG), st.session_state["dataset"]


def _language_and_dataset(datasets: list[str], lang: str) -> None:
    st.selectbox("Langue · Taal · Language", LANGS, key=LANG_KEY, format_func=LANG_NAMES.get)
    names = {d: translate(f"shell.dataset_name.{d}", lang) for d in datasets}
    st.selectbox(translate("shell.dataset", lang), datasets, key="dataset", format_func=names.get)


def _labels(name: str, lang: str) -> dict[str, str]:
    if name == "communes":
        return reference.commune_names(lang)
    return VOCABULARIES[name].labels(lang)


def settle_filters(lang: str, year_range: tuple[int, int] | None) -> None:
    """Bring the filters' state within what this dataset offers, before it is read
    (``state.current_filters``) and before its widgets are drawn."""
    key = widget_key("years")
    if year_range and year_range[0] < year_range[1]:
        value = st.session_state.get(key)
        if not value or not (year_range[0] <= value[0] <= value[1] <= year_range[1]):
            st.session_state[key] = year_range
    else:
        # No slider to show a period with: a period from a link must not filter unseen.
        st.session_state[key] = None
    for name in URL_KEYS:
        labels = _labels(name, lang)
        key = widget_key(name)
        st.session_state[key] = [c for c in (st.session_state.get(key) or []) if c in labels]


def _filters(lang: str, year_range: tuple[int, int] | None) -> None:
    """The filter widgets; their state (keyed) is read back by ``state.current_filters``."""
    st.subheader(t("shell.filters"))
    if year_range and year_range[0] < year_range[1]:
        st.slider(t("shell.period"), min_value=year_range[0], max_value=year_range[1], key=widget_key("years"))
    st.text_input(t("shell.search"), key=widget_key("text"), placeholder=t("shell.search_placeholder"), max_chars=100)
    for name in URL_KEYS:
        labels = _labels(name, lang)
        st.multiselect(
            FIELD_BY_NAME[name].label(lang),
            options=list(labels),
            format_func=labels.get,
            key=widget_key(name),
            placeholder=t("shell.all"),
        )


def draw(slot, datasets: list[str], lang: str, year_range: tuple[int, int] | None, shown: int, total: int) -> None:
    """Every widget of the sidebar, in ``slot`` (a container kept at its top). The shell
    draws them after the page: a page's own elements then reach the browser first, and a
    widget's state, already in the session, is what the page was computed from."""
    with slot:
        _language_and_dataset(datasets, lang)
        _filters(lang, year_range)
        st.markdown(t("shell.count", count=shown, total=format_number(total, lang)))
        st.button(t("shell.reset"), on_click=reset_filters, width="stretch")
        st.toggle(t("reports.present.toggle"), key=present.KEY, help=t("reports.present.help"))
