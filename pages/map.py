"""Map: where the initiatives take place, coloured by a chosen field, over communes or quartiers."""

import streamlit as st

from partdash.analysis import mapdata
from partdash.charts.maps import initiatives_map
from partdash.ui import maps as map_ui
from partdash.ui.components import attribution, page_start
from partdash.ui.context import t

v = page_start("map", "map.intro")
df, lang = v.data, v.lang

choice = map_ui.map_controls()
target, last = map_ui.map_click("map_deck")
focus = map_ui.list_focus(target, last)
result = initiatives_map(
    df,
    lang,
    choice.colour_by,
    choice.background,
    choice.show_quartiers,
    choice.basemap,
    mapdata.view_for(v.filters.communes),
    highlight=mapdata.clicked_key(focus) if focus else map_ui.shared_place(),
)
placed = result.placement
map_ui.aggregated_note(placed)

left, right = st.columns([3, 1])
with left:
    map_ui.show_deck(result.deck, "map_deck", t("map.alt", count=placed.placed))
    attribution()
    if choice.basemap:
        st.caption(t("map.basemap_note"))
with right:
    map_ui.map_legends(result, choice)

shown = map_ui.selection_panel(df, target, last)
map_ui.map_list(df.drop(placed.unplaced.index), focus, shown)
map_ui.region_wide_list(placed.unplaced)
