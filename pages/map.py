"""Map: where the initiatives take place, coloured by a chosen field, over communes or quartiers."""

import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import initiatives_map, selection_target
from partdash.ui import maps as map_ui
from partdash.ui.components import attribution, page_start
from partdash.ui.context import t

v = page_start("map", "map.intro")
df, lang = v.data, v.lang

choice = map_ui.map_controls()
result = initiatives_map(
    df,
    lang,
    choice.colour_by,
    choice.background,
    choice.show_quartiers,
    choice.basemap,
    mapdata.view_for(v.filters.communes),
    highlight=map_ui.shared_place(),
)
placed = result.placement
map_ui.aggregated_note(placed)

left, right = st.columns([3, 1])
with left:
    selection = map_ui.show_deck(result.deck, "map_deck", t("map.alt", count=placed.placed))
    attribution()
    if choice.basemap:
        st.caption(t("map.basemap_note"))
with right:
    map_ui.map_legends(result, choice)

map_ui.selection_panel(df, selection_target(selection))
map_ui.region_wide_list(placed.unplaced)
