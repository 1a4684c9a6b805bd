"""Small building blocks that pages place: figure cards, charts, notices, attribution."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from partdash.charts.style import localise
from partdash.charts.tables import column, has_small, small_rule, table_csv, table_of
from partdash.inventory.reference import ATTRIBUTION
from partdash.memo import ByIdentity
from partdash.outputs.viewline import view_line as describe_view
from partdash.ui import present, reports
from partdash.ui.context import View, t, view
from partdash.ui.state import request_filter
from partdash.ui.tables import localised

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}


def figure_card(label: str, value: str, reference: str | None = None, help_text: str | None = None) -> None:
    """A key figure, with the published 2025 reference under it when there is one."""
    with st.container(border=True, height="stretch"):
        st.metric(label, value, help=help_text)
        if reference:
            st.caption(reference)


def chart(
    fig: go.Figure,
    key: str,
    filter_field: str | None = None,
    on_pick: Callable[[str], None] | None = None,
    caption: str | None = None,
) -> None:
    """Place a plotly figure with its ``caption``, and under it the table it draws (when its
    builder attached one) in an expander, with a CSV download of that table.

    With ``filter_field``, clicking a bar adds its code (the trace's ``customdata``) to that
    shared filter: the sidebar and the URL follow. With ``on_pick``, clicking a bar hands its
    ``customdata`` to ``on_pick`` before the next run draws any widget, so it may set their state.
    """
    shown = _prepared(fig, view().lang, present.active())
    fig = shown.figure
    options = {"key": key, "theme": None, "config": PLOTLY_CONFIG, "width": "stretch"}
    if on_pick is not None:
        st.plotly_chart(fig, on_select=lambda: _picked(key, on_pick), selection_mode="points", **options)
    elif filter_field is None:
        st.plotly_chart(fig, **options)
    else:
        event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", **options)
        # A selection outlives the rerun when the figure stays the same (a click on a code
        # already filtered): asking again for a code already there would rerun forever.
        active = set(getattr(view().filters, filter_field))
        for code in _codes(event):
            if code not in active:
                request_filter(filter_field, code)
    if caption:
        st.caption(caption)
    if shown.table is not None:
        if shown.small:
            st.caption(small_rule(view().lang))
        # Drawn only once opened: a table written in the language's numbers costs every rerun.
        expander = st.expander(t("charts.data_title"), icon=":material/table:", key=f"{key}_data", on_change="rerun")
        with expander:
            if expander.open:
                st.dataframe(shown.styled, hide_index=True, width="stretch")
                st.download_button(
                    t("charts.download_csv"),
                    shown.csv,
                    file_name=f"{key}.csv",
                    mime="text/csv",
                    key=f"{key}_csv",
                    on_click="ignore",
                    icon=":material/download:",
                )


@dataclass(frozen=True)
class Prepared:
    """A figure as the page shows it, with the table behind it and that table's CSV."""

    figure: go.Figure
    table: pd.DataFrame | None
    styled: Styler | None  # the table with its numbers written as the language writes them
    small: bool
    csv: bytes


_prepared_figures = ByIdentity(size=128)


def _prepared(fig: go.Figure, lang: str, presenting: bool) -> Prepared:
    """Localised (and enlarged for presentation) once per figure: a builder that remembers
    its figure (``partdash.memo``) hands back the same object on every rerun of the same view,
    so a rerun only sends it again."""
    return _prepared_figures.get(fig, (lang, presenting), lambda: _prepare(fig, lang))


def _prepare(fig: go.Figure, lang: str) -> Prepared:
    table = table_of(fig)
    return Prepared(
        present.figure(localise(fig, lang)),
        table,
        localised(table, lang, plain=[column("year", lang)]) if table is not None else None,
        table is not None and has_small(table, lang),
        table_csv(table) if table is not None else b"",
    )


def _codes(event) -> list[str]:
    """The ``customdata`` codes of the points a plotly selection event holds."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    codes = []
    for point in points:
        code = point.get("customdata")
        code = code[0] if isinstance(code, list) else code
        if code:
            codes.append(str(code))
    return codes


def _picked(key: str, on_pick: Callable[[str], None]) -> None:
    for code in _codes(st.session_state.get(key)):
        on_pick(code)


def no_data() -> bool:
    """Say so, and tell the page to stop, when no initiative matches the filters."""
    if view().data.empty:
        st.warning(t("shell.no_match"), icon=":material/filter_alt_off:")
        return True
    return False


def attribution() -> None:
    st.caption(t("shell.attribution", urbis=ATTRIBUTION["urbis"]))


_MD_SPECIAL = frozenset(string.punctuation)
# Streamlit's Markdown also rewrites the text left after escapes are resolved: bare URLs,
# www. addresses and e-mail addresses become links, :material/...: an icon, :smile: an emoji,
# :red[...] coloured text. An invisible WORD JOINER after every ":" and "@" and inside
# "www." breaks each of those patterns without changing what the reader sees.
_JOINER = "\u2060"
_WWW = re.compile(r"(?<=www)(?=\\\.)", re.IGNORECASE)


def plain(text: str) -> str:
    """Text from data, made inert for Markdown: shown exactly as typed, never as a link,
    HTML, an entity, an icon, an emoji short code, LaTeX or formatting. Every ASCII
    punctuation mark is backslash-escaped (CommonMark allows it for all of them), which
    also stops ``&lt;`` from being read as an entity and ``$..$`` as a formula."""
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
    escaped = escaped.replace(":", ":" + _JOINER).replace("@", "@" + _JOINER)
    return _WWW.sub(_JOINER, escaped)


def view_line(v: View) -> None:
    """What the view shows, in one line: the filters in words, the count, the dataset and
    the demonstration label. A chart click reruns the script, so it is always current."""
    line = describe_view(
        v.filters, len(v.data), len(v.all_data), v.lang, v.dataset, v.inventory.source, v.inventory.is_demo
    )
    shown = t("reports.line.full", filters=f"**{plain(line.filters)}**", count=plain(line.count))
    demo = f" · :orange[{plain(line.demo)}]" if line.demo else ""
    with st.container(key="view_line"):
        st.markdown(f"{shown} — {plain(line.dataset)}{demo}")


def page_start(stem: str, intro_key: str, needs_data: bool = True):
    """Every page's head: the view line with the page's report downloads and the way out of
    presentation mode, its title, its one-line purpose, and a stop with a notice when no
    initiative matches the filters (``needs_data``). Returns the view."""
    v = view()
    present.style()
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        view_line(v)
    with right, st.container(horizontal=True, horizontal_alignment="right"):
        if present.active():
            st.button(t("reports.present.leave"), on_click=present.leave, icon=":material/close_fullscreen:")
        reports.keep_place(stem, v)
    st.title(t(f"nav.page.{stem}"))
    st.caption(t(intro_key))
    if needs_data and no_data():
        st.stop()
    return v
