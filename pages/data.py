"""Data: the dataset in use and its validation report, upload, downloads."""

import pandas as pd
import streamlit as st

from partdash.i18n import format_number
from partdash.outputs.export import to_csv_bytes, to_geojson_bytes, to_xlsx_bytes
from partdash.outputs.template import build_codebook
from partdash.ui.components import page_start, plain
from partdash.ui.context import t
from partdash.ui.datasets import DATA_DIR
from partdash.ui.upload import upload_section

WARNINGS_SHOWN = 2000
v = page_start("data", "data.intro", needs_data=False)
lang, report = v.lang, v.inventory.report

st.subheader(t("data.in_use"))
st.markdown(f"**{t(f'shell.dataset_name.{v.dataset}')}** · {t('data.file', name=plain(report.source))}")
st.caption(t(f"data.provenance.{v.dataset}"))
cols = st.columns(4)
for col, (label, value) in zip(
    cols,
    (
        (t("data.rows_in"), report.rows_in),
        (t("data.rows_loaded"), report.rows_loaded),
        (t("data.rows_rejected"), report.rows_rejected),
        (t("data.warnings"), len(report.warnings)),
    ),
    strict=False,
):
    col.metric(label, format_number(value, lang))
st.caption(t("data.invariant"))


def findings_table(findings) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("data.col_row"): [f.row for f in findings],
            t("data.col_field"): [f.field for f in findings],
            t("data.col_message"): [f.message(lang) for f in findings],
        }
    )


st.markdown(f"**{t('data.rejected_title')}**")
if report.errors:
    st.dataframe(
        findings_table(report.errors), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(report.errors))
    )
else:
    st.caption(t("data.no_rejected"))
with st.expander(t("data.warnings_title", n=format_number(len(report.warnings), lang))):
    if len(report.warnings) > WARNINGS_SHOWN:
        st.caption(
            t(
                "data.warnings_truncated",
                count=WARNINGS_SHOWN,
                total=format_number(len(report.warnings), lang),
            )
        )
    st.dataframe(findings_table(report.warnings[:WARNINGS_SHOWN]), hide_index=True, width="stretch")

st.divider()
upload_section()

st.divider()
st.subheader(t("data.downloads_title"))
st.caption(t("data.downloads_help", count=len(v.data)))
filtered = v.data
row1 = st.columns(3)
row1[0].download_button(
    t("data.download_csv"),
    lambda: to_csv_bytes(filtered),
    "partdash_inventory.csv",
    "text/csv",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
row1[1].download_button(
    t("data.download_xlsx"),
    lambda: to_xlsx_bytes(filtered),
    "partdash_inventory.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
row1[2].download_button(
    t("data.download_geojson"),
    lambda: to_geojson_bytes(filtered),
    "partdash_inventory.geojson",
    "application/geo+json",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
row2 = st.columns(3)
template = DATA_DIR / "template" / "partdash_template.xlsx"
row2[0].download_button(
    t("data.download_template"),
    template.read_bytes(),
    template.name,
    icon=":material/table:",
    on_click="ignore",
    width="stretch",
)
row2[1].download_button(
    t("data.download_codebook"),
    lambda: build_codebook(lang),
    f"partdash_codebook_{lang}.md",
    "text/markdown",
    icon=":material/menu_book:",
    on_click="ignore",
    width="stretch",
)
