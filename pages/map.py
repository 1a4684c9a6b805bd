"""Map: where the initiatives take place, coloured by a chosen field, over communes or quartiers."""

import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import initiatives_map, selection_target
from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.records import TABLE_LIMIT
from partdash.ui.components import attribution, page_start, plain
from partdash.ui.context import t
from partdash.ui.maps import detail_hrefs, initiative_card, legend, place_card, show_deck
from partdash.ui.state import page_param, set_page_param

v = page_start("map", "map.intro")
df, lang = v.data, v.lang


def colour_label(option: str) -> str:
    # Labels name their language: widgets may format options outside the script's thread.
    if option.startswith(mapdata.THEME_PREFIX):
        return translate(
            "map.colour_theme",
            lang,
            theme=VOCABULARIES["themes"].label(option.removeprefix(mapdata.THEME_PREFIX), lang),
        )
    if option in ("themes", "start_year"):
        return translate(f"map.colour_{'first_theme' if option == 'themes' else option}", lang)
    return FIELD_BY_NAME[option].label(lang)


colours = mapdata.colour_options()
backgrounds = mapdata.BACKGROUNDS
chosen_colour = page_param("colour", colours) or colours[0]
chosen_background = page_param("background", backgrounds) or backgrounds[0]
c1, c2, c3 = st.columns([2, 2, 1.4], vertical_alignment="bottom")
colour_by = c1.selectbox(
    t("map.colour_by"), colours, index=colours.index(chosen_colour), format_func=colour_label, key="map_colour"
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

result = initiatives_map(df, lang, colour_by, background, show_quartiers, basemap, mapdata.view_for(v.filters.communes))
placed = result.placement
if placed.aggregate:
    st.info(
        t("map.aggregated_note", count=placed.placed, max=format_number(mapdata.MAX_DRAWN, lang)),
        icon=":material/bubble_chart:",
    )

left, right = st.columns([5, 2])
with left:
    selection = show_deck(result.deck, "map_deck", t("map.alt", count=placed.placed))
    attribution()
    if basemap:
        st.caption(t("map.basemap_note"))
with right:
    legend(result.legend, colour_label(colour_by))
    legend(result.kinds, t("map.legend_kinds"))
    if background != "none":
        legend(result.background_legend, t(f"map.background.{background}"))
        st.caption(t(f"map.background_caption.{background}", year=reference.population().attrs["year"]))

target = selection_target(selection)
if target is None:
    st.caption(t("map.click_hint"))
elif target[0] == "initiative":
    record = df[df["id"] == target[1]]
    if not record.empty:
        initiative_card(record)
elif target[0] == "place":
    place_card(mapdata.members(df, target[1]), target[1])
elif target[0] == "quartier":
    name = reference.quartier_names(lang).get(int(target[1]), target[1])
    st.page_link(
        "pages/territory.py",
        label=t("map.open_territory", place=plain(name)),
        icon=":material/location_on:",
        query_params={"place": f"q:{target[1]}"},
    )

st.subheader(t("map.region_wide_title", n=format_number(len(placed.unplaced), lang)))
st.caption(t("map.region_wide_caption"))
if not placed.unplaced.empty:
    table = mapdata.unplaced_table(placed.unplaced, lang, limit=TABLE_LIMIT)
    if len(table) < len(placed.unplaced):
        st.caption(
            t(
                "initiatives.truncated",
                count=len(table),
                total=format_number(len(placed.unplaced), lang),
            )
        )
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
