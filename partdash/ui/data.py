"""The Data page's sections: the dataset in use, its report read by kind, and the downloads.

Downloads are built only when clicked (``download_button`` with a callable), so a rerun
of the page costs nothing for the files nobody asked for.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partdash.i18n import format_number, translate
from partdash.inventory.report import PROBLEM, ValidationReport, group_findings
from partdash.outputs.export import MEDIA_TYPES, ExportInfo, export_bytes, export_name
from partdash.outputs.template import build_codebook, template_bytes, template_name
from partdash.ui.components import plain
from partdash.ui.context import View, t

WARNINGS_SHOWN = 2000
_FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "geojson": "GeoJSON", "gpkg": "GeoPackage"}
_ICONS = {"problem": ":material/error:", "repair": ":material/build:", "info": ":material/info:"}


def dataset_summary(v: View) -> None:
    report = v.inventory.report
    st.subheader(t("data.in_use"))
    st.markdown(f"**{t(f'shell.dataset_name.{v.dataset}')}** · {t('data.file', name=plain(report.source))}")
    st.caption(t(f"data.provenance.{v.dataset}"))
    figures = (
        ("data.rows_in", report.rows_in),
        ("data.rows_loaded", report.rows_loaded),
        ("data.rows_rejected", report.rows_rejected),
        ("data.warnings", len(report.warnings)),
    )
    for col, (key, value) in zip(st.columns(4), figures, strict=True):
        col.metric(t(key), format_number(value, v.lang))
    st.caption(t("data.invariant"))


def _findings_table(findings, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("data.col_row"): [f.row for f in findings],
            t("data.col_field"): [f.field for f in findings],
            t("data.col_message"): [f.message(lang) for f in findings],
        }
    )


def _groups(report: ValidationReport, lang: str) -> None:
    """One line per kind of warning, problems first in a box; examples quote the file, so
    they are escaped to show as typed."""
    for group in group_findings(report.warnings):
        text = f"**{t(f'warnings.severity.{group.severity}')}** · {plain(group.message(lang))}"
        if group.severity == PROBLEM:
            st.warning(text, icon=_ICONS[PROBLEM])
        else:
            st.markdown(f"{_ICONS[group.severity]} {text}")


def unmatched_csv(report: ValidationReport, lang: str) -> bytes:
    """The values of optional fields that matched nothing, one per line, to correct at the
    source. Built when clicked, outside the page's run: ``lang`` is passed, not looked up."""
    rows = report.unmatched
    frame = pd.DataFrame(
        {
            translate("data.col_row", lang): [f.row for f in rows],
            translate("data.col_field", lang): [f.field for f in rows],
            translate("data.col_unknown", lang): [dict(f.params)["unknown"] for f in rows],
            translate("data.col_cell", lang): [dict(f.params)["value"] for f in rows],
        }
    )
    return frame.to_csv(index=False, sep=";" if lang in ("fr", "nl") else ",").encode("utf-8-sig")


def report_section(report: ValidationReport, lang: str) -> None:
    st.markdown(f"**{t('data.rejected_title')}**")
    if report.errors:
        height = min(420, 38 + 35 * len(report.errors))
        st.dataframe(_findings_table(report.errors, lang), hide_index=True, width="stretch", height=height)
    else:
        st.caption(t("data.no_rejected"))
    st.markdown(f"**{t('warnings.groups_title')}**")
    if not report.warnings:
        st.caption(t("warnings.no_warnings"))
        return
    _groups(report, lang)
    if report.unmatched:
        st.download_button(
            t("data.download_unmatched", n=format_number(len(report.unmatched), lang)),
            lambda: unmatched_csv(report, lang),
            f"partdash_unmatched_{lang}.csv",
            "text/csv",
            icon=":material/rule:",
            on_click="ignore",
        )
    with st.expander(t("warnings.details_title", n=format_number(len(report.warnings), lang))):
        if len(report.warnings) > WARNINGS_SHOWN:
            total = format_number(len(report.warnings), lang)
            st.caption(t("data.warnings_truncated", count=WARNINGS_SHOWN, total=total))
        st.dataframe(_findings_table(report.warnings[:WARNINGS_SHOWN], lang), hide_index=True, width="stretch")


def _download(column, label_key: str, fmt: str, labels: str | None, v: View, info: ExportInfo) -> None:
    column.download_button(
        t(label_key, fmt=_FORMAT_NAMES[fmt]),
        lambda: export_bytes(v.data, fmt, labels, info),
        export_name(fmt, labels, v.inventory.is_demo),
        MEDIA_TYPES[fmt],
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
        key=f"download_{fmt}_{labels or 'codes'}",
    )


def downloads_section(v: View) -> None:
    st.subheader(t("data.downloads_title"))
    st.caption(t("data.downloads_help", count=len(v.data)))
    info = ExportInfo(
        dataset=t(f"shell.dataset_name.{v.dataset}"),
        source=v.inventory.report.source,
        is_demo=v.inventory.is_demo,
        filters=v.filters,
        rows_total=len(v.all_data),
    )
    st.markdown(f"**{t('data.for_people')}** · {t('data.for_people_help')}")
    people = st.columns(4)
    for column, fmt in zip(people, ("xlsx", "csv"), strict=False):
        _download(column, "data.download_people", fmt, v.lang, v, info)
    st.markdown(f"**{t('data.for_machines')}** · {t('data.for_machines_help')}")
    for column, fmt in zip(st.columns(4), ("csv", "xlsx", "geojson", "gpkg"), strict=True):
        _download(column, "data.download_machine", fmt, None, v, info)
    st.markdown(f"**{t('data.template_title')}** · {t('data.template_help')}")
    row = st.columns(3)
    row[0].download_button(
        t("data.download_template"),
        lambda: template_bytes(v.lang),
        template_name(v.lang),
        MEDIA_TYPES["xlsx"],
        icon=":material/table:",
        on_click="ignore",
        width="stretch",
    )
    row[1].download_button(
        t("data.download_codebook"),
        lambda: build_codebook(v.lang),
        f"partdash_codebook_{v.lang}.md",
        "text/markdown",
        icon=":material/menu_book:",
        on_click="ignore",
        width="stretch",
    )
