"""Placing maps on a page: the deck, its legend, and links from a map to a record.

Legends are small HTML blocks of coloured glyphs. Their labels come from the vocabularies,
the catalogue and formatted numbers, and are escaped all the same; text from the data
never reaches them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import (
    HEIGHT,
    InitiativeMap,
    LegendItem,
    colour_label,
    selection_target,
    shown_initiative,
)
from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.records import TABLE_LIMIT
from partdash.ui import present
from partdash.ui.components import plain
from partdash.ui.context import current_lang, t, view
from partdash.ui.links import detail_hrefs, truncated_note
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


def legend(items: list[LegendItem], title: str | None = None) -> None:
    """Coloured swatches need HTML; every label and colour is escaped, since a label can
    come from the data (a theme highlighted by name, a class of values)."""
    if not items:
        return
    lines = []
    for item in items:
        number = format_number(item.count, current_lang()) if item.count is not None else None
        count = f" <span style='color:#5b6573'>· {html.escape(number)}</span>" if number is not None else ""
        css = SWATCH + SWATCHES.get(item.style, SWATCHES["fill"]).format(c=html.escape(item.colour))
        lines.append(f"<span style='{css}'></span>{html.escape(item.label)}{count}")
    head = f"<b>{html.escape(title)}</b><br>" if title else ""
    st.markdown(
        f"<div style='line-height:1.75;font-size:0.95em'>{head}{'<br>'.join(lines)}</div>", unsafe_allow_html=True
    )


# The map's height follows the window: what is left under the page's head, from the
# smallest height its view is fitted to up to a tall screen's worth; in presentation mode,
# most of the screen, as ``ui.present`` asks of every map.
GROWING_HEIGHT = f"clamp({HEIGHT}px, calc(100vh - 240px), 1000px)"
DECK_BOX = "[data-testid='stDeckGlJsonChart']"


def show_deck(deck, key: str, alt: str):
    """Place a deck that reports clicks (single object); returns the selection dict.

    Streamlit only takes a height in pixels, so CSS on the keyed element and the boxes
    inside it makes the deck grow with the window (deck.gl redraws its canvas at its
    container's size); the element's own box must grow too, or the map would spill over
    what follows it."""
    height = present.MAP_HEIGHT if present.active() else GROWING_HEIGHT
    box = f".st-key-{key}"
    boxes = ", ".join(
        [box, *(f"{box} {inner}" for inner in ("[data-testid='stFullScreenFrame']", DECK_BOX, f"{DECK_BOX} > div"))]
    )
    st.html(f"<style>{boxes} {{ height: {height} !important; flex: 0 0 auto !important; }}</style>")
    event = st.pydeck_chart(
        deck, key=key, on_select="rerun", selection_mode="single-object", height=HEIGHT, width="stretch", alt=alt
    )
    return (event or {}).get("selection") if event else None


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
FOCUS = "_map_list_focus"


def map_click(key: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """What the map's selection picks (``selection_target``) and what it picked on the run
    before. Read from the deck's state before the map is drawn, so that the map can
    outline the place clicked; a selection outlives the reruns it causes, so only a
    change of it is a new click."""
    state = st.session_state.get(key) or {}
    target = selection_target(state.get("selection"))
    last = st.session_state.get(LAST_TARGET)
    st.session_state[LAST_TARGET] = target
    return target, last


def list_focus(target: tuple[str, str] | None, last: tuple[str, str] | None) -> tuple[str, str] | None:
    """The place the list under the map keeps to: the commune, quartier or approximate
    place last clicked, until another one is clicked or the list is set back to all. A
    click on an initiative keeps it, so that its record opens in the place's context."""
    if target != last and target is not None and target[0] != "initiative":
        st.session_state[FOCUS] = target
    return st.session_state.get(FOCUS)


def _clear_focus() -> None:
    st.session_state.pop(FOCUS, None)


def selection_panel(df: pd.DataFrame, target: tuple[str, str] | None, last: tuple[str, str] | None) -> str | None:
    """What a click on the Map picked, under the map: an initiative's record (also in the
    URL as ``initiative``), or a quartier or commune to open on Territory (the commune
    also becomes the place looked at on every page). Returns the initiative shown."""
    lang = view().lang
    shown = shown_initiative(target, last, page_param("initiative"))
    record = df[df["id"] == shown] if shown else df.iloc[:0]
    set_page_param("initiative", shown if not record.empty else None)
    if not record.empty:
        record_view(record, closable=False)
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
    return shown if not record.empty else None


def _place_name(target: tuple[str, str], lang: str) -> str:
    kind, code = target
    if kind == "commune":
        return reference.commune_names(lang).get(code, code)
    if kind == "quartier":
        return reference.quartier_names(lang).get(int(code), code)
    return mapdata.place_name(code, lang, most=6)


def map_list(on_map: pd.DataFrame, focus: tuple[str, str] | None, shown: str | None) -> None:
    """The initiatives the map shows, as filtered, or only those of the place clicked (with
    a way back to all); the one whose record is open above is marked."""
    lang = view().lang
    rows = on_map if focus is None else mapdata.clicked_rows(on_map, focus)
    st.subheader(t("map.list_title", n=format_number(len(on_map), lang)))
    if focus is None:
        st.caption(t("map.list_caption"))
    else:
        c1, c2 = st.columns([3, 1.2], vertical_alignment="center")
        c1.markdown(t("map.list_focus", place=plain(_place_name(focus, lang)), count=len(rows)))
        c2.button(t("map.list_all"), on_click=_clear_focus, icon=":material/undo:", width="stretch")
    _initiative_table(rows, "map_list", shown)


def _initiative_table(rows: pd.DataFrame, key: str, shown: str | None = None) -> None:
    lang = view().lang
    if rows.empty:
        return
    table = mapdata.list_table(rows, lang, limit=TABLE_LIMIT)
    truncated_note(len(table), len(rows))
    table["link"] = detail_hrefs(table["id"])
    # The initiative whose record is open above comes first, marked.
    table["shown"] = np.where(table["id"] == shown, "●", "")
    table = table.sort_values("shown", ascending=False, kind="stable")
    columns = ["shown"] if shown in set(table["id"]) else []
    st.container(key=key).dataframe(
        table[[*columns, "title", "organiser", "year", "link"]],
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 320),
        column_config={
            "shown": st.column_config.TextColumn(t("map.col_shown"), width=70),
            # Narrower beside the mark, so that the links stay in view at 1280 pixels.
            "title": st.column_config.TextColumn(t("map.col_title"), width=330 if columns else "large"),
            "organiser": st.column_config.TextColumn(FIELD_BY_NAME["organiser"].label(lang)),
            "year": st.column_config.NumberColumn(t("map.col_year"), format="%d", width="small"),
            "link": st.column_config.LinkColumn(t("map.col_link"), display_text=t("map.open_short"), width="small"),
        },
    )


def region_wide_list(unplaced: pd.DataFrame) -> None:
    """The initiatives the map cannot place (region-wide), each with a link to its record."""
    st.subheader(t("map.region_wide_title", n=format_number(len(unplaced), view().lang)))
    st.caption(t("map.region_wide_caption"))
    _initiative_table(unplaced, "map_region_wide")


def shared_place() -> str | None:
    """The commune chosen on another page (Communes, Territory), as a place key to outline."""
    nis = page_param("commune", set(reference.commune_names("fr")))
    return f"c:{nis}" if nis else None
