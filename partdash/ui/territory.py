"""The Territory page's pieces: the place chosen (from the URL, the list or a click on
the map), the counts of how initiatives touched it, its list, and the period of the map."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from partdash.analysis import territory
from partdash.i18n import format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.memo import memoised
from partdash.outputs.records import TABLE_LIMIT
from partdash.ui.components import plain
from partdash.ui.context import t, view
from partdash.ui.links import detail_link, hrefs, record_query, truncated_note
from partdash.ui.state import page_param, set_page_param

PLACE_KEY = "territory_place"
WRITTEN = "_territory_place_written"
WRITTEN_COMMUNE = "_territory_commune_written"
PENDING = "_territory_place_pending"
CLICKED = "_territory_map_clicked"


def choose_place(labels: dict[str, str]) -> str:
    """The place looked at: a click on the map (pending from the last run) wins, then a
    new place in the URL, then the commune chosen on another page (Communes, Map), then
    the list's own state, else the default place. The place's commune is shared back."""
    v = view()
    pending = st.session_state.pop(PENDING, None)
    from_url = page_param("place", labels)
    shared = page_param("commune")
    current = st.session_state.get(PLACE_KEY)
    if pending in labels:
        st.session_state[PLACE_KEY] = pending
    elif from_url and from_url != st.session_state.get(WRITTEN):
        st.session_state[PLACE_KEY] = from_url
    elif (
        f"c:{shared}" in labels
        and (current not in labels or shared != st.session_state.get(WRITTEN_COMMUNE))
        and territory.place_commune(current) != shared
    ):
        st.session_state[PLACE_KEY] = f"c:{shared}"
    if st.session_state.get(PLACE_KEY) not in labels:
        st.session_state[PLACE_KEY] = territory.default_place(v.data, v.filters.communes)
    chosen = st.selectbox(
        t("territory.place"), list(labels), format_func=labels.get, key=PLACE_KEY, help=t("territory.place_help")
    )
    set_page_param("place", chosen if chosen.startswith("q:") else None)
    commune = territory.place_commune(chosen)
    set_page_param("commune", commune)
    st.session_state[WRITTEN] = chosen
    st.session_state[WRITTEN_COMMUNE] = commune
    return chosen


def touch_metrics(touched: territory.Touched, place: territory.Place) -> None:
    lang = view().lang
    local, ways = touched.local, touched.ways
    shown_ways = territory.TOUCH_ORDER[:3] if place.kind == "q" else territory.TOUCH_ORDER[:2]
    cols = st.columns(len(shown_ways) + 2)
    cols[0].metric(t("territory.n_local"), format_number(len(local), lang))
    for col, way in zip(cols[1:], shown_ways, strict=False):
        col.metric(
            t(f"territory.touch.{way}"),
            format_number(ways[way], lang),
            help=t(f"territory.touch_help.{way}"),
        )
    cols[-1].metric(
        t("territory.touch.region_wide"),
        format_number(len(touched.region), lang),
        help=t("territory.touch_help.region_wide"),
    )


def touch_list(rows: pd.DataFrame, key: str) -> None:
    """Initiatives that touched the place, newest first, their follow-up first and in
    words; a selected row links to its record."""
    lang = view().lang
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    table = territory.touch_table(rows, lang, limit=TABLE_LIMIT)
    truncated_note(len(table), len(rows))
    # Short headings and fixed widths, so that the follow-up reads whole at 1280 pixels;
    # each heading's tooltip gives the field's full name.
    follow_up = {
        name: st.column_config.TextColumn(t(f"territory.col_{name}"), width=100, help=label(name))
        for name in territory.FOLLOWUP_COLUMNS[:-1]
    }
    follow_up["proposals"] = st.column_config.TextColumn(
        t("territory.col_proposals"), width=150, help=t("territory.col_proposals_help")
    )
    event = st.dataframe(
        _linked(table, record_query()),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 420),
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            **follow_up,
            "title": st.column_config.TextColumn(t("territory.col_title"), width="large"),
            "link": st.column_config.LinkColumn(
                t("territory.col_link"), display_text=t("territory.open_short"), width=70
            ),
            "years": st.column_config.TextColumn(t("territory.col_years"), width="small"),
            "participation_level": st.column_config.TextColumn(label("participation_level")),
            "touch": st.column_config.TextColumn(t("territory.col_touch")),
            "organiser": st.column_config.TextColumn(label("organiser"), width="medium"),
        },
    )
    picked = event.selection.rows if event else []
    if picked:
        row = table.iloc[picked[0]]
        detail_link(str(row["id"]), t("territory.open_selected", title=plain(row["title"])))
    else:
        st.caption(t("territory.table_hint"))


@memoised
def _linked(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """The list's columns in their order, with each row's link to its record (the table is
    shared between reruns: a new one, never a changed one)."""
    table = table.assign(link=hrefs(table["id"], query))
    return table[[*territory.FOLLOWUP_COLUMNS, "link", "title", "years", "participation_level", "touch", "organiser"]]


def period_controls() -> tuple[int, int, bool]:
    """The period of the solicitation map (kept in the URL when it differs from the
    sidebar's), and whether region-wide initiatives count."""
    v = view()
    lowest, highest = territory.year_span(v.all_data)
    highest = max(highest, date.today().year)
    default_period = v.filters.years or (lowest, highest)
    allowed_years = {str(y) for y in range(lowest, highest + 1)}
    period_from, period_to = page_param("period_from", allowed_years), page_param("period_to", allowed_years)
    if period_from and period_to and int(period_from) <= int(period_to):
        default_period = (int(period_from), int(period_to))
    default_period = (max(default_period[0], lowest), min(default_period[1], highest))
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    if lowest < highest:
        first, last = c1.slider(
            t("territory.period"), min_value=lowest, max_value=highest, value=default_period, key="territory_period"
        )
    else:
        first, last = lowest, highest
    include_region = c2.toggle(
        t("territory.include_region"),
        value=False,
        key="territory_include_region",
        help=t("territory.include_region_help"),
    )
    changed = (first, last) != (v.filters.years or (lowest, highest))
    set_page_param("period_from", str(first) if changed else None)
    set_page_param("period_to", str(last) if changed else None)
    return first, last, include_region


def top_list(counts: pd.Series) -> None:
    top = territory.top_quartiers(counts, view().lang)
    if top.empty:
        return
    st.markdown(f"**{t('territory.top_title')}**")
    st.dataframe(
        top[["count", "quartier"]],
        hide_index=True,
        width="stretch",
        column_config={
            "quartier": st.column_config.TextColumn(t("territory.col_quartier")),
            "count": st.column_config.NumberColumn(t("territory.col_count"), width="small"),
        },
    )


def follow_map_click(target: tuple[str, str] | None, labels: dict[str, str], chosen: str) -> None:
    """A quartier clicked on the map becomes the place looked at (once per click: the
    selection outlives the rerun it causes)."""
    clicked = f"q:{target[1]}" if target and target[0] == "quartier" else None
    if clicked in labels and clicked != st.session_state.get(CLICKED):
        st.session_state[CLICKED] = clicked
        if clicked != chosen:
            st.session_state[PENDING] = clicked
            st.rerun()
    elif clicked is None:
        st.session_state.pop(CLICKED, None)
