"""Presentation mode: the view on a meeting-room screen, readable from the back of the room.

``?present=1`` opens a page in it and the sidebar toggle switches it; the filters stay as
they are either way. The sidebar is collapsed, titles, key figures and chart text grow
(charts through one hook, ``charts.style.scale_fonts``), charts and the map take the full
width, the map most of the screen's height, and captions are cut to two lines.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from partdash.charts.style import scale_fonts
from partdash.ui.state import set_page_param

KEY = "present"
URL_VALUE = "1"
# At least 18 px chart text on a 1920x1080 screen, and charts a little taller to match.
FONT_FACTOR = 1.4
MIN_FONT_PX = 18
HEIGHT_FACTOR = 1.25

MAP_HEIGHT = "75vh"  # most of the screen, for every map (``ui.maps`` sizes its own box to it)
_CSS = """
<style>
.block-container { max-width: 100% !important; padding: 3.75rem 2.5rem 2rem !important; }
h1 { font-size: 3.4rem !important; }
h2, h3 { font-size: 2.2rem !important; }
.st-key-view_line p { font-size: 1.6rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3.6rem !important; line-height: 1.15; }
[data-testid="stMetricLabel"] * { font-size: 1.4rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.2rem !important; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; overflow: hidden; }
[data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]) {
  flex-direction: column !important; }
[data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"])
  > [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important; }
[data-testid="stDeckGlJsonChart"], [data-testid="stDeckGlJsonChart"] > div { height: __MAP_HEIGHT__ !important; }
</style>
"""


def seed() -> bool:
    """On a session's first run, the link decides; afterwards the toggle does."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(KEY) == URL_VALUE
    return bool(st.session_state[KEY])


def active() -> bool:
    return bool(st.session_state.get(KEY))


def sync_url() -> None:
    """The address bar says whether the view is in presentation mode, so that a copied link
    opens the same way; the filters in it are not touched."""
    set_page_param(KEY, URL_VALUE if active() else None)


def leave() -> None:
    st.session_state[KEY] = False


def style() -> None:
    if active():
        st.html(_CSS.replace("__MAP_HEIGHT__", MAP_HEIGHT))


def figure(fig: go.Figure) -> go.Figure:
    """A chart as the current mode shows it."""
    return scale_fonts(fig, FONT_FACTOR, MIN_FONT_PX, HEIGHT_FACTOR) if active() else fig
