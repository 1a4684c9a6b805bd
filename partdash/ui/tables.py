"""The tables that pages place, each with its columns named and sized in the UI language,
and the line that says when a table shows only the first rows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partdash.analysis.followup import FATES
from partdash.i18n import date_column_format, format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.ui.context import t

ROW_PX, HEAD_PX = 35, 38


def _height(rows: int, most: int | None = None) -> int:
    height = HEAD_PX + ROW_PX * rows
    return min(most, height) if most else height


def _link_column():
    return st.column_config.LinkColumn(t("followup.col_link"), display_text="↗", width="small")


def truncated(shown: int, total: int, lang: str) -> None:
    """Say that a table lists only its first ``shown`` of ``total`` rows."""
    if shown < total:
        st.caption(t("followup.truncated", count=shown, total=format_number(total, lang)))


def _initiatives(table: pd.DataFrame, key: str, most: int, **options) -> None:
    """A list of initiatives, one per row, at most ``most`` pixels high (it scrolls beyond)."""
    st.dataframe(table, hide_index=True, width="stretch", height=_height(len(table), most), key=key, **options)


def proposals_table(table: pd.DataFrame) -> None:
    """Initiatives with proposals (``analysis.followup.proposals_by_initiative`` with links)."""
    _initiatives(
        table,
        "followup_proposals",
        420,
        placeholder="–",
        column_order=("link", "title", "total", "adopted", "modified", "rejected", "not_reported", "percent_adopted"),
        column_config={
            "link": _link_column(),
            "title": st.column_config.TextColumn(t("followup.col_title"), width=240),
            "total": st.column_config.NumberColumn(t("followup.col_total"), format="%d"),
            **{f: st.column_config.NumberColumn(t(f"followup.fate.{f}"), format="%d") for f in FATES},
            "percent_adopted": st.column_config.ProgressColumn(
                t("followup.col_share_adopted"), format=t("followup.percent_format"), min_value=0.0, max_value=100.0
            ),
        },
    )


def without_feedback_table(missing: pd.DataFrame, lang: str) -> None:
    """Completed initiatives without feedback (``analysis.followup.completed_without_feedback`` with links)."""
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    _initiatives(
        missing,
        "followup_nofeedback",
        460,
        column_order=("link", "title", "organiser", "communes", "end_date", "results_published"),
        column_config={
            "link": _link_column(),
            "title": st.column_config.TextColumn(t("followup.col_title"), width=260),
            "organiser": st.column_config.TextColumn(label("organiser"), width="medium"),
            "communes": st.column_config.TextColumn(label("communes")),
            "end_date": st.column_config.DateColumn(label("end_date"), format=date_column_format(lang)),
            "results_published": st.column_config.TextColumn(label("results_published")),
        },
    )


def organisers_table(organisers: pd.DataFrame, lang: str) -> None:
    """A commune's organisers with their level and participation staff."""
    text = st.column_config.TextColumn
    st.dataframe(
        organisers,
        hide_index=True,
        column_config={
            "organiser": text(FIELD_BY_NAME["organiser"].label(lang), width="large"),
            "organiser_level": text(FIELD_BY_NAME["organiser_level"].label(lang), width="medium"),
            "participation_staff": text(t("communes.staff_card"), width="medium"),
        },
    )
