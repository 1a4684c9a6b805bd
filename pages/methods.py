"""Methods: the ladder of participation, selection (sortition), formats, mobilisation, publics."""

import streamlit as st

from partdash.analysis.figures import published_note
from partdash.analysis.methods import coverage
from partdash.charts.methods import (
    ladder_by_level_chart,
    ladder_caption,
    ladder_chart,
    method_caption,
    method_chart,
    no_known_text,
)
from partdash.ui.components import chart, page_start
from partdash.ui.context import t

# Method fields in page order, with the shared filter a click on a bar adds to (None: not clickable).
METHOD_FIELDS = {"selection": "selection", "formats": "formats", "mobilisation": None, "publics": None}

v = page_start("methods", "methods.intro")
df, lang = v.data, v.lang
note = published_note(df, v.all_data, lang)  # why the published sortition figure is left out, if it is

chart(ladder_chart(df, lang), "methods_ladder", filter_field="participation_level", caption=ladder_caption(df, lang))

chart(
    ladder_by_level_chart(df, lang),
    "methods_ladder_by_level",
    filter_field="participation_level",
    caption=t("methods.by_level_caption"),
)

for field, filter_field in METHOD_FIELDS.items():
    if not coverage(df, field)["known"]:
        st.info(no_known_text(field, lang), icon=":material/help:")
        continue
    chart(
        method_chart(df, field, lang, published=note is None),
        f"methods_{field}",
        filter_field=filter_field,
        caption=method_caption(df, field, filter_field is not None, lang, published=note is None),
    )
    if field == "selection" and note:
        st.caption(note)
