"""The record of one initiative as the Initiatives page shows it, and the table it opens from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partdash.charts.maps import RECORD_MAP_SIZE, record_map
from partdash.i18n import date_column_format
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs import records
from partdash.outputs.records import display_title, summary_text, table_frame
from partdash.ui.components import plain
from partdash.ui.context import t, view
from partdash.ui.links import detail_link, truncated_note
from partdash.ui.state import page_param, set_page_param
from partdash.ui.tables import table_height

CLOSED = "_closed_initiative"


def open_record() -> str | None:
    """The record asked for in the URL, shown above the table; its id, or None."""
    v = view()
    chosen = page_param("initiative")
    if chosen is None:
        return None
    matches = v.data[v.data["id"] == chosen]
    if matches.empty:
        known = bool((v.all_data["id"] == chosen).any())
        st.warning(
            t("initiatives.filtered_out" if known else "initiatives.not_found", id=plain(chosen[:80])),
            icon=":material/search_off:",
        )
    else:
        record_view(matches)
    return chosen


def record_view(matches: pd.DataFrame, closable: bool = True) -> None:
    """One initiative as a commune officer reads it: what and why, who, where (with a small
    map), when, how, follow-up, what is not known in one line, its source, and what else
    happened nearby or on the same themes. Text from the data is shown as typed."""
    v = view()
    lang = v.lang
    row = matches.iloc[0]
    chosen = str(row["id"])
    facts = records.record(row, lang)
    with st.container(border=True):
        top, close = st.columns([4, 1], vertical_alignment="center")
        top.subheader(plain(display_title(matches, lang).iloc[0]))
        if closable and close.button(t("initiatives.close"), icon=":material/close:", width="stretch"):
            st.session_state[CLOSED] = chosen
            set_page_param("initiative", None)
            st.rerun()
        summary = summary_text(row, lang)
        if summary:
            st.markdown(plain(summary))
        left, middle, right = st.columns([1.1, 1.1, 1])
        _section(left, "what", facts)
        _section(left, "who", facts)
        _section(left, "followup", facts)
        _section(middle, "when", facts)
        _section(middle, "how", facts)
        with right:
            _section(right, "where", facts)
            if row["location_kind"] == "approximate":
                st.caption(t("initiatives.approximate"))
            elif row["location_kind"] == "none":
                st.caption(t("initiatives.region_wide"))
            st.pydeck_chart(record_map(row), height=RECORD_MAP_SIZE[1], width="stretch", alt=t("records.small_map_alt"))
        if facts.proposals:
            st.markdown(f"**{t('initiatives.proposals_fate')}** · {plain(facts.proposals)}")
        if facts.unknown:
            st.caption(t("records.not_known", fields=plain(", ".join(facts.unknown))))
        if facts.source:
            st.link_button(t("initiatives.source_link"), facts.source, icon=":material/open_in_new:")
        _nearby(records.nearby(v.data, row))


def _section(place, section: str, facts: records.Record) -> None:
    rows = facts.sections[section]
    if not rows:
        return
    place.markdown(
        f"**{t(f'records.section.{section}')}**  \n"
        + "  \n".join(t("initiatives.field_value", label=plain(label), value=plain(value)) for label, value in rows)
    )


def _nearby(others: pd.DataFrame) -> None:
    lang = view().lang
    st.markdown(f"**{t('records.section.nearby')}**")
    if others.empty:
        st.caption(t("records.nearby_none"))
        return
    for ident, title, why in zip(others["id"], display_title(others, lang), others["why"], strict=False):
        detail_link(str(ident), f"{plain(title)} · {t(f'records.nearby_{why}')}")


def initiatives_table(chosen: str | None) -> None:
    """Every initiative, newest first; selecting a row opens its record."""
    v = view()
    lang = v.lang
    label = lambda name: FIELD_BY_NAME[name].label(lang)  # noqa: E731
    table = table_frame(v.data, lang)
    truncated_note(len(table), len(v.data))
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=table_height(len(table), 560),
        on_select="rerun",
        selection_mode="single-row",
        key="initiatives_table",
        column_config={
            "id": st.column_config.TextColumn(label("id"), width="medium"),
            "title": st.column_config.TextColumn(t("initiatives.col_title"), width="large"),
            "organiser": st.column_config.TextColumn(label("organiser")),
            "organiser_level": st.column_config.TextColumn(label("organiser_level")),
            "communes": st.column_config.ListColumn(label("communes")),
            "themes": st.column_config.ListColumn(label("themes")),
            "participation_level": st.column_config.TextColumn(label("participation_level")),
            "start_date": st.column_config.DateColumn(label("start_date"), format=date_column_format(lang)),
            "end_date": st.column_config.DateColumn(label("end_date"), format=date_column_format(lang)),
            "status": st.column_config.TextColumn(label("status")),
            "feedback_to_participants": st.column_config.TextColumn(t("initiatives.col_feedback"), width="small"),
            "url": st.column_config.LinkColumn(label("url"), display_text="↗"),
        },
    )
    rows = event.selection.rows if event else []
    selected = table.iloc[rows[0]]["id"] if rows else None
    # The row of a closed record stays selected in the table: it must not reopen the record,
    # but any other selection (including that row again, later) opens what it selects.
    if selected != st.session_state.get(CLOSED):
        st.session_state.pop(CLOSED, None)
        if selected is not None and selected != chosen:
            set_page_param("initiative", selected)
            st.rerun()
