"""The two periods the Themes trend compares, chosen with two sliders and kept in the URL."""

from __future__ import annotations

import streamlit as st

from partdash.analysis.themes import DEFAULT_PERIODS, clamp_period, parse_periods, periods_text
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

KEYS = ("themes_period_a", "themes_period_b")


def choose_periods(low: int, high: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Periods A and B within the years ``low``..``high`` (``low`` < ``high``): from the link,
    else the defaults brought within the years."""
    defaults = parse_periods(page_param("periods"), low, high) or tuple(
        clamp_period(p, low, high) for p in DEFAULT_PERIODS
    )
    chosen = []
    labels = (t("themes.period_a"), t("themes.period_b"))
    for column, key, default, label in zip(st.columns(2), KEYS, defaults, labels, strict=True):
        held = st.session_state.get(key)
        if held is not None and not low <= held[0] <= held[1] <= high:
            del st.session_state[key]  # another dataset: its years no longer fit
        with column:
            chosen.append(tuple(st.slider(label, low, high, value=default, step=1, key=key)))
    periods = (chosen[0], chosen[1])
    set_page_param("periods", None if periods == DEFAULT_PERIODS else periods_text(periods))
    return periods
