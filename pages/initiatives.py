"""Initiatives: the searchable, sortable table and the record of one initiative."""

from partdash.ui.components import end_page, no_data, page_start
from partdash.ui.records import initiatives_table, open_record

page_start("initiatives", "initiatives.intro", needs_data=False)
chosen = open_record()
if no_data():
    end_page()
initiatives_table(chosen)
