"""The tables that pages place, each with its columns named and sized in the UI language,
its numbers written as that language writes them, and the line that says when a table
shows only the first rows."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from partdash.analysis.followup import FATES
from partdash.i18n import MISSING, date_column_format, format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.ui.context import t

ROW_PX, HEAD_PX = 35, 38


def table_height(rows: int, most: int | None = None) -> int:
    """Tall enough for its rows, so that a short table shows no empty grid under them."""
    height = HEAD_PX + ROW_PX * rows
    return min(most, height) if most else height


MOST_DECIMALS = 2


def _number(value, lang: str, decimals: int) -> str:
    return MISSING if pd.isna(value) else format_number(value, lang, decimals)


def _decimals(values: pd.Series) -> int:
    """The fewest decimals (up to ``MOST_DECIMALS``) that write every value of a column exactly."""
    known = values.dropna().to_numpy(float)
    return next((d for d in range(MOST_DECIMALS) if np.allclose(known, known.round(d))), MOST_DECIMALS)


def localised(table: pd.DataFrame, lang: str, plain: Iterable[str] = ()) -> Styler | pd.DataFrame:
    """``table`` for ``st.dataframe`` with its numbers grouped and marked as the app's
    language writes them ("12 345,5" in French, "12.345,5" in Dutch). Streamlit's own
    number formats ("localized") follow the browser's locale, not the app's; a Styler's
    display text is shown instead while the column stays numeric, so it still sorts as
    numbers. A ``column_config`` format on a column overrides this text: give none.
    Columns in ``plain`` (years, codes) keep their digits as they are. A table whose
    numbers every language writes alike (whole numbers under 1,000) is returned as it is:
    a Styler is rendered cell by cell on every rerun."""
    formats = {
        name: partial(_number, lang=lang, decimals=_decimals(table[name]))
        for name in table.columns
        if name not in set(plain)
        and pd.api.types.is_numeric_dtype(table[name])
        and not pd.api.types.is_bool_dtype(table[name])
    }
    if not any(_written_apart(table[name]) for name in formats):
        return table
    return table.style.format(formats)


def _written_apart(values: pd.Series) -> bool:
    """Whether some number of the column reads differently from one language to another."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    return bool(((numbers.abs() >= 1000) | (numbers != numbers.round())).any())


def _link_column():
    return st.column_config.LinkColumn(t("followup.col_link"), display_text="↗", width="small")


def truncated(shown: int, total: int, lang: str) -> None:
    """Say that a table lists only its first ``shown`` of ``total`` rows."""
    if shown < total:
        st.caption(t("followup.truncated", count=shown, total=format_number(total, lang)))


def _initiatives(table: pd.DataFrame | Styler, key: str, most: int, **options) -> None:
    """A list of initiatives, one per row, at most ``most`` pixels high (it scrolls beyond)."""
    rows = len(table.data if isinstance(table, Styler) else table)
    st.dataframe(table, hide_index=True, width="stretch", height=table_height(rows, most), key=key, **options)


def proposals_table(table: pd.DataFrame, lang: str) -> None:
    """Initiatives with proposals (``analysis.followup.proposals_by_initiative`` with links)."""
    _initiatives(
        localised(table, lang, plain=["percent_adopted"]),  # a progress bar, written by its own format
        "followup_proposals",
        420,
        placeholder="–",
        column_order=("link", "title", "total", "adopted", "modified", "rejected", "not_reported", "percent_adopted"),
        column_config={
            "link": _link_column(),
            "title": st.column_config.TextColumn(t("followup.col_title"), width=170),
            "total": st.column_config.NumberColumn(t("followup.col_total")),
            **{f: st.column_config.NumberColumn(t(f"followup.fate.{f}")) for f in FATES},
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
