"""Placing maps on a page: the deck, its legend, and links from a map to a record.

Legends are small HTML blocks of coloured glyphs. Their labels come from the vocabularies,
the catalogue and formatted numbers, and are escaped all the same; text from the data
never reaches them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import HEIGHT, InitiativeMap, LegendItem, colour_label, shown_initiative
from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.records import TABLE_LIMIT, display_title
from partdash.ui.components import plain
from partdash.ui.context import t, view
from partdash.ui.links import detail_hrefs, detail_link, truncated_note
from partdash.ui.records import record_view
from partdash.ui.state import page_param, set_page_param

SWATCH = (
    "display:inline-block;width:0.95em;height:0.95em;vertical-align:-0.12em;margin-right:0.35em;box-sizing:border-box;"
)
SWATCHES = {  # CSS of a legend swatch per drawing style, given its colour
    "fill": "background:{c};border:1px solid #8a94a3;",
    "point": "background:{c};border:1.5px solid white;border-radius:50%;box-shadow:0 0 0 1px #8a94a3;",
    "ring": "border:2.5px solid {c};border-radius:50%;",
}
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


@dataclass(frozen=True)
class MapChoice:
    colour_by: str
    background: str
    show_quartiers: bool
    basemap: bool


def map_controls() -> MapChoice:
    """The Map's choices (colour, background, quartiers, basemap), kept in the URL."""
    lang = view().lang
    colours, backgrounds = mapdata.colour_options(), mapdata.BACKGROUNDS
    chosen_colour = page_param("colour", colours) or colours[0]
    chosen_background = page_param("background", backgrounds) or backgrounds[0]
    c1, c2, c3 = st.columns([2, 2, 1.8], vertical_alignment="bottom")
    colour_by = c1.selectbox(
        t("map.colour_by"),
        colours,
        index=colours.index(chosen_colour),
        format_func=lambda option: colour_label(option, lang),
        key="map_colour",
    )
    background = c2.selectbox(
        t("map.background_label"),
        backgrounds,
        index=backgrounds.index(chosen_background),
        format_func=lambda b: translate(f"map.background.{b}", lang),
        key="map_background",
    )
    with c3:
        show_quartiers = st.toggle(
            t("map.show_quartiers"), value=False, key="map_quartiers", disabled=background == "quartier_count"
        )
        basemap = st.toggle(t("map.basemap"), value=False, key="map_basemap", help=t("map.basemap_help"))
    set_page_param("colour", None if colour_by == colours[0] else colour_by)
    set_page_param("background", None if background == backgrounds[0] else background)
    return MapChoice(colour_by, background, show_quartiers, basemap)


def aggregated_note(placed: mapdata.Placement) -> None:
    if placed.aggregate:
        lang = view().lang
        st.info(
            t("map.aggregated_note", count=placed.placed, max=format_number(mapdata.MAX_DRAWN, lang)),
            icon=":material/bubble_chart:",
        )


def map_legends(result: InitiativeMap, choice: MapChoice) -> None:
    """Beside the map: what the colours, the shapes and the background say."""
    legend(result.legend, colour_label(choice.colour_by, view().lang))
    legend(result.kinds, t("map.legend_kinds"))
    if choice.background != "none":
        legend(result.background_legend, t(f"map.background.{choice.background}"))
        st.caption(t(f"map.background_caption.{choice.background}", year=reference.population().attrs["year"]))


LAST_TARGET = "_map_last_target"


def selection_panel(df: pd.DataFrame, target: tuple[str, str] | None) -> None:
    """What a click on the Map picked, under the map: an initiative's record (also in the
    URL as ``initiative``), a place's initiatives, or a quartier or commune to open on
    Territory (the commune also becomes the place looked at on every page)."""
    lang = view().lang
    last = st.session_state.get(LAST_TARGET)
    st.session_state[LAST_TARGET] = target
    shown = shown_initiative(target, last, page_param("initiative"))
    record = df[df["id"] == shown] if shown else df.iloc[:0]
    set_page_param("initiative", shown if not record.empty else None)
    if not record.empty:
        record_view(record, closable=False)
    elif target is not None and target[0] == "place":
        place_card(mapdata.members(df, target[1]), target[1])
    elif target is not None and target[0] in ("quartier", "commune"):
        if target[0] == "commune":
            set_page_param("commune", target[1])
            name, params = reference.commune_names(lang).get(target[1], target[1]), {"commune": target[1]}
        else:
            name, params = reference.quartier_names(lang).get(int(target[1]), target[1]), {"place": f"q:{target[1]}"}
        st.page_link(
            "pages/territory.py",
            label=t("map.open_territory", place=plain(name)),
            icon=":material/location_on:",
            query_params=params,
        )
    else:
        st.caption(t("map.click_hint"))


def region_wide_list(unplaced: pd.DataFrame) -> None:
    """The initiatives the map cannot place (region-wide), each with a link to its record."""
    lang = view().lang
    st.subheader(t("map.region_wide_title", n=format_number(len(unplaced), lang)))
    st.caption(t("map.region_wide_caption"))
    if unplaced.empty:
        return
    table = mapdata.unplaced_table(unplaced, lang, limit=TABLE_LIMIT)
    truncated_note(len(table), len(unplaced))
    table["link"] = detail_hrefs(table["id"])
    st.dataframe(
        table[["title", "organiser", "year", "link"]],
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 320),
        column_config={
            "title": st.column_config.TextColumn(t("map.col_title"), width="large"),
            "organiser": st.column_config.TextColumn(FIELD_BY_NAME["organiser"].label(lang)),
            "year": st.column_config.NumberColumn(t("map.col_year"), format="%d", width="small"),
            "link": st.column_config.LinkColumn(t("map.col_link"), display_text=t("map.open_short"), width="small"),
        },
    )


def shared_place() -> str | None:
    """The commune chosen on another page (Communes, Territory), as a place key to outline."""
    nis = page_param("commune", set(reference.commune_names("fr")))
    return f"c:{nis}" if nis else None
