"""The sidebar: dataset, language and the filters shared by every page."""

from __future__ import annotations

import streamlit as st

from partdash.i18n import LANGS, format_number, translate
from partdash.inventory import reference
from partdash.inventory.filters import URL_KEYS
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.ui import present
from partdash.ui.context import t
from partdash.ui.state import LANG_KEY, reset_filters, widget_key

LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def language_and_dataset(datasets: list[str]) -> tuple[str, str]:
    with st.sidebar:
        lang = st.selectbox("Langue · Taal · Language", LANGS, key=LANG_KEY, format_func=LANG_NAMES.get)
        if st.session_state.get("dataset") not in datasets:
            st.session_state["dataset"] = datasets[0]
        names = {d: translate(f"shell.dataset_name.{d}", lang) for d in datasets}
        dataset = st.selectbox(translate("shell.dataset", lang), datasets, key="dataset", format_func=names.get)
    return lang, dataset


def _labels(name: str, lang: str) -> dict[str, str]:
    if name == "communes":
        return reference.commune_names(lang)
    return VOCABULARIES[name].labels(lang)


def filters(lang: str, year_range: tuple[int, int] | None) -> None:
    """Draw the filter widgets; their state (keyed) is read back by ``state.current_filters``."""
    with st.sidebar:
        st.subheader(t("shell.filters"))
        if year_range and year_range[0] < year_range[1]:
            key = widget_key("years")
            value = st.session_state.get(key)
            if not value or not (year_range[0] <= value[0] <= value[1] <= year_range[1]):
                st.session_state[key] = year_range
            st.slider(t("shell.period"), min_value=year_range[0], max_value=year_range[1], key=key)
        else:
            # No slider to show a period with: a period from a link must not filter unseen.
            st.session_state[widget_key("years")] = None
        st.text_input(
            t("shell.search"), key=widget_key("text"), placeholder=t("shell.search_placeholder"), max_chars=100
        )
        for name in URL_KEYS:
            labels = _labels(name, lang)
            key = widget_key(name)
            st.session_state[key] = [c for c in (st.session_state.get(key) or []) if c in labels]
            st.multiselect(
                FIELD_BY_NAME[name].label(lang),
                options=list(labels),
                format_func=labels.get,
                key=key,
                placeholder=t("shell.all"),
            )


def count_and_reset(shown: int, total: int, lang: str) -> None:
    with st.sidebar:
        st.markdown(t("shell.count", count=shown, total=format_number(total, lang)))
        st.button(t("shell.reset"), on_click=reset_filters, width="stretch")


def presentation() -> None:
    """The switch to presentation mode (``ui.present``); the filters stay as they are."""
    with st.sidebar:
        st.toggle(t("reports.present.toggle"), key=present.KEY, help=t("reports.present.help"))
