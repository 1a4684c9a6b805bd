"""Quality: completeness per field and organiser, records to look at, to-do workbooks."""

import streamlit as st

from partdash.analysis.followup import detail_links
from partdash.analysis.quality import DEFAULT_STALE_MONTHS, FIELD_GROUPS, REASONS
from partdash.charts.quality import completeness_bars, organiser_heatmap
from partdash.i18n import format_number
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.records import TABLE_LIMIT
from partdash.outputs.todo import checks_table, file_name, todo_workbook, todo_zip
from partdash.ui.components import chart, page_start
from partdash.ui.context import t
from partdash.ui.tables import localised
from partdash.ui.upkeep import quality

WIDTHS = {"id": 90, "title": 160, "organiser": 130, "reason": 210, "detail": 150}  # all within 1280 px
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
v = page_start("quality", "quality.intro")
df, lang, demo = v.data, v.lang, v.inventory.is_demo
groups = {g: t(f"quality.group.{g}") for g in FIELD_GROUPS}
months = st.slider(t("quality.stale_months"), 3, 60, DEFAULT_STALE_MONTHS, step=3, key="quality_months")
tables = quality(v, months)
by_field, flags, scores, heat = tables.by_field, tables.flags, tables.scores, tables.by_organiser
labels = {f: FIELD_BY_NAME[f].label(lang) for f in by_field["field"]}
bars = completeness_bars(by_field, labels, groups, lang, t("quality.completeness_title"), t("quality.share_axis"))
chart(bars, "quality_fields")
st.caption(t("quality.completeness_caption"))

hover = t("quality.hover_filled", filled="%{customdata[0]}", expected="%{customdata[1]}")
heatmap = organiser_heatmap(heat, groups, lang, t("quality.heatmap_title"), hover, t("quality.share_axis"))
chart(heatmap, "quality_heat")
st.caption(t("quality.heatmap_caption"))

st.subheader(t("quality.scores_title"))
st.info(t("quality.score_definition"), icon=":material/rule:")
st.dataframe(
    localised(scores.assign(score=scores["score"] * 100), lang, plain=["score"]),  # a bar with its own format
    hide_index=True,
    width="stretch",
    height=min(420, 38 + 35 * len(scores)),
    column_order=("organiser", "records", "score", "to_check"),
    column_config={
        "organiser": st.column_config.TextColumn(t("quality.col_organiser"), width="large"),
        "records": st.column_config.NumberColumn(t("quality.col_records")),
        "score": st.column_config.ProgressColumn(
            t("quality.col_score"), format=t("quality.score_format"), min_value=0.0, max_value=100.0
        ),
        "to_check": st.column_config.NumberColumn(t("quality.col_to_check")),
    },
)

st.subheader(t("quality.todo_title"))
st.caption(t("quality.todo_caption"))
organiser = st.selectbox(t("quality.organiser_pick"), scores["organiser"], key="quality_organiser")
prefix = "demo_" if demo else ""
downloads = (
    ("one", lambda: todo_workbook(df, organiser, lang, demo, v.inventory.organisers), file_name(organiser), XLSX),
    ("all", lambda: todo_zip(df, lang, demo, v.inventory.organisers), "todo.zip", "application/zip"),
)
for col, (key, data, name, mime) in zip(st.columns(2), downloads, strict=True):
    label = t(f"quality.download_{key}")
    col.download_button(
        label, data, prefix + name, mime, icon=":material/download:", on_click="ignore", key=f"todo_{key}"
    )

st.subheader(t("quality.checks_title"))
reason_names = {r: t(f"quality.reason.{r}") for r in REASONS}
reasons = st.multiselect(
    t("quality.reason_filter"), REASONS, default=list(REASONS), format_func=reason_names.get, key="quality_reasons"
)
picked = flags[flags["reason"].isin(reasons)]
n, k = (format_number(x, lang) for x in (picked["id"].nunique(), len(picked)))
st.markdown(t("quality.checks_summary", n=n, k=k))
shown = checks_table(df, picked.head(TABLE_LIMIT), lang)
shown = shown.assign(link=detail_links(shown["id"], v.filters, lang, v.dataset))
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    height=min(460, 38 + 35 * len(shown)),
    column_order=("link", "id", "title", "organiser", "reason", "detail"),
    column_config={
        "link": st.column_config.LinkColumn(t("quality.col_link"), display_text="↗", width="small"),
        **{c: st.column_config.TextColumn(t(f"quality.col_{c}"), width=w) for c, w in WIDTHS.items()},
    },
)
if len(picked) > TABLE_LIMIT:
    st.caption(t("quality.truncated", shown=format_number(TABLE_LIMIT, lang), total=k))
