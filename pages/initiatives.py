"""Initiatives: the searchable, sortable table and the record of one initiative."""

import streamlit as st

from partdash.ui.components import no_data, page_start
from partdash.ui.records import initiatives_table, open_record

page_start("initiatives", "initiatives.intro", needs_data=False)
chosen = open_record()
if no_data():
    st.stop()
initiatives_table(chosen)
