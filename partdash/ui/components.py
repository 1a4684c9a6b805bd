"""Small building blocks that pages place: figure cards, charts, notices, attribution."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from partdash.charts.style import localise
from partdash.inventory.reference import ATTRIBUTION
from partdash.ui.context import t, view
from partdash.ui.state import request_filter

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}


def figure_card(label: str, value: str, reference: str | None = None, help_text: str | None = None) -> None:
    """A key figure, with the published 2025 reference under it when there is one."""
    with st.container(border=True, height="stretch"):
        st.metric(label, value, help=help_text)
        if reference:
            st.caption(reference)


def chart(fig: go.Figure, key: str, filter_field: str | None = None) -> None:
    """Place a plotly figure. With ``filter_field``, clicking a bar adds its code (the
    trace's ``customdata``) to that shared filter: the sidebar and the URL follow."""
    localise(fig, view().lang)
    if filter_field is None:
        st.plotly_chart(fig, key=key, theme=None, config=PLOTLY_CONFIG, width="stretch")
        return
    event = st.plotly_chart(
        fig, key=key, theme=None, config=PLOTLY_CONFIG, width="stretch", on_select="rerun", selection_mode="points"
    )
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    # A selection outlives the rerun when the figure stays the same (a click on a code
    # already filtered): asking again for a code already there would rerun forever.
    active = set(getattr(view().filters, filter_field))
    for point in points:
        code = point.get("customdata")
        code = code[0] if isinstance(code, list) else code
        if code and str(code) not in active:
            request_filter(filter_field, str(code))


def no_data() -> bool:
    """Say so, and tell the page to stop, when no initiative matches the filters."""
    if view().data.empty:
        st.warning(t("shell.no_match"), icon=":material/filter_alt_off:")
        return True
    return False


def attribution() -> None:
    st.caption(t("shell.attribution", urbis=ATTRIBUTION["urbis"]))


_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def plain(text: str) -> str:
    """Text from data, escaped so Markdown shows it as typed (no links, no HTML, no formatting)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def page_start(stem: str, intro_key: str, needs_data: bool = True):
    """Every page's head: its title, its one-line purpose, and a stop with a notice when no
    initiative matches the filters (``needs_data``). Returns the view."""
    st.title(t(f"nav.page.{stem}"))
    st.caption(t(intro_key))
    if needs_data and no_data():
        st.stop()
    return view()
