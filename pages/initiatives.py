"""Initiatives: the searchable, sortable table and the record of one initiative."""

import pandas as pd
import streamlit as st

from partdash.i18n import date_column_format, format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.records import detail, display_title, summary_text, table_frame
from partdash.ui.components import no_data, page_start, plain
from partdash.ui.context import t
from partdash.ui.state import page_param, set_page_param

v = page_start("initiatives", "initiatives.intro", needs_data=False)
df, lang = v.data, v.lang
label = lambda name: FIELD_BY_NAME[name].label(lang)  # noqa: E731

CLOSED = "_closed_initiative"
chosen = page_param("initiative")
if chosen is not None:
    matches = df[df["id"] == chosen]
    if matches.empty:
        known = bool((v.all_data["id"] == chosen).any())
        st.warning(
            t("initiatives.filtered_out" if known else "initiatives.not_found", id=plain(chosen[:80])),
            icon=":material/search_off:",
        )
    else:
        record = matches.iloc[0]
        with st.container(border=True):
            top, close = st.columns([4, 1], vertical_alignment="center")
            top.subheader(plain(display_title(matches, lang).iloc[0]))
            if close.button(t("initiatives.close"), icon=":material/close:", width="stretch"):
                st.session_state[CLOSED] = chosen
                set_page_param("initiative", None)
                st.rerun()
            summary = summary_text(record, lang)
            if summary:
                st.markdown(plain(summary))
            if record["location_kind"] == "approximate":
                st.caption(t("initiatives.approximate"))
            elif record["location_kind"] == "none":
                st.caption(t("initiatives.region_wide"))
            sections = detail(record, lang)
            columns = st.columns(3)
            for i, (section, rows) in enumerate(sections.items()):
                with columns[i % 3]:
                    st.markdown(f"**{t(f'initiatives.section.{section}')}**")
                    st.markdown(
                        "\n".join(
                            "- " + t("initiatives.field_value", label=plain(name), value=plain(value))
                            for name, value in rows
                        )
                    )
            if pd.notna(record["proposals_total"]):
                st.markdown(
                    f"**{t('initiatives.proposals_fate')}** · "
                    + t(
                        "initiatives.proposals_line",
                        **{
                            k: format_number(
                                record[f"proposals_{k}"] if pd.notna(record[f"proposals_{k}"]) else 0, lang
                            )
                            for k in ("adopted", "modified", "rejected", "total")
                        },
                    )
                )
            if pd.notna(record["url"]):
                st.link_button(t("initiatives.source_link"), record["url"], icon=":material/open_in_new:")
            else:
                st.caption(t("initiatives.no_source"))

if no_data():
    st.stop()
table = table_frame(df, lang)
if len(table) < len(df):
    st.caption(t("initiatives.truncated", count=len(table), total=format_number(len(df), lang)))
event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=560,
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
