"""Data: the dataset in use and its validation report, upload, downloads."""

import streamlit as st

from partdash.ui.components import page_start
from partdash.ui.data import dataset_summary, downloads_section, report_section
from partdash.ui.upload import upload_section

v = page_start("data", "data.intro", needs_data=False)
dataset_summary(v)
report_section(v.inventory.report, v.lang)
st.divider()
upload_section()
st.divider()
downloads_section(v)
