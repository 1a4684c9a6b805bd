"""Editions: what changed between another edition of the inventory and the open one."""

import streamlit as st

from partdash.analysis.editions import REGION_WIDE, UNKNOWN, edition_date, in_order
from partdash.charts.editions import moves_bars
from partdash.i18n import format_date, format_number
from partdash.inventory import reference
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.changes import (
    added_removed_table,
    changes_table,
    moves_labels,
    to_csv_bytes,
    to_xlsx_bytes,
)
from partdash.outputs.records import TABLE_LIMIT
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.upkeep import compared, other_edition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

v = page_start("editions", "editions.intro", needs_data=False)
lang = v.lang
picked = other_edition()
if picked is None:
    st.stop()
other, other_name = picked
pair = ((other.inventory, other_name), (v.inventory, t("editions.open_name")))
(older, old_name), (newer, new_name) = pair if in_order(pair[0][0].data, pair[1][0].data) else pair[::-1]
old, new = older.data, newer.data
demo = v.inventory.is_demo or other.inventory.is_demo
if other.inventory.is_demo and not v.inventory.is_demo:
    st.info(t("editions.demo_note"), icon=":material/science:")
dates = [edition_date(df) for df in (old, new)]
old_date, new_date = (format_date(d, lang) if d is not None else t("editions.no_date") for d in dates)
st.markdown(t("editions.direction", old=old_name, new=new_name, old_date=old_date, new_date=new_date))
diff = compared(older, newer)
cols = st.columns(3)
for col, key, ids in zip(cols, ("added", "removed", "changed"), (diff.added, diff.removed, diff.changed), strict=True):
    col.metric(t(f"editions.{key}"), format_number(len(ids), lang))
ID_COLUMNS = {c: st.column_config.TextColumn(t(f"editions.col_{c}")) for c in ("id", "title", "organiser")}
tabs = st.tabs([t("editions.added"), t("editions.removed"), t("editions.changes_title")])
for tab, ids, data, key in ((tabs[0], diff.added, new, "new"), (tabs[1], diff.removed, old, "gone")):
    tab.dataframe(
        added_removed_table(ids, data, lang),
        hide_index=True,
        width="stretch",
        column_config=ID_COLUMNS,
        key=f"editions_{key}",
    )
table = changes_table(diff, new, lang)
with tabs[2]:
    if table.empty:
        st.info(t("editions.no_changes"), icon=":material/info:")
    st.dataframe(
        table.head(TABLE_LIMIT),
        hide_index=True,
        width="stretch",
        height=min(460, 38 + 35 * min(len(table), TABLE_LIMIT)),
        key="editions_changes",
        column_config={
            **ID_COLUMNS,
            **{c: st.column_config.TextColumn(t(f"editions.col_{c}")) for c in ("field", "old", "new")},
        },
    )
    if len(table) > TABLE_LIMIT:
        st.caption(
            t("editions.truncated", shown=format_number(TABLE_LIMIT, lang), total=format_number(len(table), lang))
        )
    prefix = "demo_" if demo else ""
    downloads = (
        ("csv", lambda: to_csv_bytes(table, lang), "text/csv"),
        ("xlsx", lambda: to_xlsx_bytes(table, lang, demo), XLSX),
    )
    for col, (ext, data, mime) in zip(st.columns(2), downloads, strict=True):
        key, name = f"editions.download_{ext}", f"{prefix}changes.{ext}"
        col.download_button(t(key), data, name, mime, icon=":material/download:", on_click="ignore")

st.subheader(t("editions.moves_title"))
by_names = {b: t(f"editions.by_{b}") for b in ("organiser_level", "commune")}
by = st.radio(t("editions.by"), list(by_names), format_func=by_names.get, horizontal=True, key="editions_by")
groups = {
    **VOCABULARIES["organiser_level"].labels(lang),
    **reference.commune_names(lang),
    REGION_WIDE: t("editions.region_wide"),
    UNKNOWN: t("editions.unknown"),
}
for kind, col in zip(("status", "followup"), st.columns(2), strict=True):
    counts = diff.moves_by(kind, by)
    with col:
        if counts.empty:
            st.info(t("editions.no_moves"), icon=":material/info:")
            continue
        title = t(f"editions.{kind}_chart")
        labels = moves_labels(counts["move"].unique(), kind, lang)
        chart(moves_bars(counts, by, groups, labels, lang, title, t("editions.count_axis")), f"editions_{kind}")
st.caption(t("editions.moves_caption"))
