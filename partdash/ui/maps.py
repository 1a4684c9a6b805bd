"""Placing maps on a page: the deck, its legend, and links from a map to a record.

Legends are small HTML blocks of coloured glyphs. Their labels come from the vocabularies,
the catalogue and formatted numbers, and are escaped all the same; text from the data
never reaches them.
"""

from __future__ import annotations

import html
from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import HEIGHT, LegendItem
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.records import display_title, summary_text
from partdash.ui import datasets
from partdash.ui.components import plain
from partdash.ui.context import t, view

SWATCH = (
    "display:inline-block;width:0.95em;height:0.95em;vertical-align:-0.12em;margin-right:0.35em;box-sizing:border-box;"
)
SWATCHES = {  # CSS of a legend swatch per drawing style, given its colour
    "fill": "background:{c};border:1px solid #8a94a3;",
    "point": "background:{c};border:1.5px solid white;border-radius:50%;box-shadow:0 0 0 1px #8a94a3;",
    "dashed": "border:2px dashed {c};",
    "ring": "border:2.5px solid {c};border-radius:50%;",
}
SUMMARY_LENGTH = 320
PLACE_CARD_LINKS = 12


def legend(items: list[LegendItem], title: str | None = None) -> None:
    """Coloured swatches need HTML; every label and colour is escaped, since a label can
    come from the data (a theme highlighted by name, a class of values)."""
    if not items:
        return
    lines = []
    for item in items:
        count = f" <span style='color:#5b6573'>· {item.count}</span>" if item.count is not None else ""
        css = SWATCH + SWATCHES.get(item.style, SWATCHES["fill"]).format(c=html.escape(item.colour))
        lines.append(f"<span style='{css}'></span>{html.escape(item.label)}{count}")
    head = f"<b>{html.escape(title)}</b><br>" if title else ""
    st.markdown(
        f"<div style='line-height:1.75;font-size:0.95em'>{head}{'<br>'.join(lines)}</div>", unsafe_allow_html=True
    )


def show_deck(deck, key: str, alt: str, height: int = HEIGHT):
    """Place a deck that reports clicks (single object); returns the selection dict."""
    event = st.pydeck_chart(
        deck, key=key, on_select="rerun", selection_mode="single-object", height=height, width="stretch", alt=alt
    )
    return (event or {}).get("selection") if event else None


def detail_hrefs(ids: pd.Series) -> pd.Series:
    """Links to initiatives' records that also work in a new tab (a new session): they
    carry the language and the dataset, except an upload, which lives in this session."""
    v = view()
    params = {"lang": v.lang}
    if v.dataset not in (datasets.default_dataset(), "upload"):
        params["data"] = v.dataset
    return "initiatives?initiative=" + ids.astype(str).map(quote_plus) + "&" + urlencode(params)


def detail_link(initiative_id: str, label: str | None = None) -> None:
    st.page_link(
        "pages/initiatives.py",
        label=label or t("map.open_detail"),
        icon=":material/open_in_new:",
        query_params={"initiative": initiative_id},
    )


def initiative_card(record: pd.DataFrame) -> None:
    """A short card for one initiative (a one-row frame), with the link to its record."""
    lang = view().lang
    row = record.iloc[0]
    with st.container(border=True):
        st.markdown(f"**{plain(display_title(record, lang).iloc[0])}**")
        level = (
            VOCABULARIES["participation_level"].label(row["participation_level"], lang)
            if pd.notna(row["participation_level"])
            else ""
        )
        parts = [plain(str(row["organiser"])), mapdata.date_text(record, lang).iloc[0], level]
        st.caption(" · ".join(p for p in parts if p))
        summary = summary_text(row, lang)
        if summary:
            st.markdown(plain(summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"))
        if row["location_kind"] == "approximate":
            st.caption(t("map.card_approximate"))
        detail_link(str(row["id"]))


def place_card(group: pd.DataFrame, key: str) -> None:
    """The initiatives placed approximately at one place, newest first, each a link."""
    if group.empty:
        return
    lang = view().lang
    group = group.sort_values("start_date", ascending=False)
    shown = group.head(PLACE_CARD_LINKS)
    with st.container(border=True):
        st.markdown(f"**{plain(t('map.group_title', count=len(group), place=mapdata.place_name(key, lang, most=6)))}**")
        st.caption(t("map.card_approximate"))
        for initiative_id, title in zip(shown["id"], display_title(shown, lang), strict=False):
            detail_link(str(initiative_id), plain(title))
        if len(group) > len(shown):
            st.caption(t("map.and_more", count=len(group) - len(shown)))
