"""Links to an initiative's record, and the note under a table cut short."""

from __future__ import annotations

from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from partdash.i18n import format_number
from partdash.ui import datasets
from partdash.ui.context import t, view


def record_query() -> str:
    """What a link to a record carries besides its id, so that it also works in a new tab
    (a new session): the language and the dataset, except an upload, which lives in this session."""
    v = view()
    params = {"lang": v.lang}
    if v.dataset not in (datasets.default_dataset(), "upload"):
        params["data"] = v.dataset
    return urlencode(params)


def hrefs(ids: pd.Series, query: str) -> pd.Series:
    """Links to the records of ``ids``, each followed by ``query`` (``record_query``)."""
    return "initiatives?initiative=" + ids.astype(str).map(quote_plus) + "&" + query


def detail_hrefs(ids: pd.Series) -> pd.Series:
    return hrefs(ids, record_query())


def detail_link(initiative_id: str, label: str | None = None) -> None:
    st.page_link(
        "pages/initiatives.py",
        label=label or t("map.open_detail"),
        icon=":material/open_in_new:",
        query_params={"initiative": initiative_id},
    )


def truncated_note(shown: int, total: int) -> None:
    if shown < total:
        lang = view().lang
        st.caption(t("initiatives.truncated", count=shown, total=format_number(total, lang)))
