"""The upload flow of the Data page: load a file, or map its columns first.

An uploaded file is kept in session state (its bytes and the column mapping) and loaded
through the cached loader, so a rerun never parses it twice. Whatever happens to a file,
the page says it in a sentence of the UI language; headers and names from the file are
shown through ``plain`` and never as Markdown.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from partdash.i18n import format_number
from partdash.inventory import limits
from partdash.inventory.loader import REQUIRED_COLUMNS, inspect_columns
from partdash.inventory.report import InventoryError
from partdash.inventory.schema import FIELDS
from partdash.ui.components import plain
from partdash.ui.context import current_lang, t
from partdash.ui.datasets import UPLOAD_STATE, load_upload
from partdash.ui.state import request_dataset

MAPPING_ERRORS = ("no_known_columns", "missing_required_columns")
EXTENSIONS = ["csv", "txt", "tsv", "xlsx", "xlsm", "geojson", "json", "gpkg"]


def _preview(name: str, content: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(name).suffix}"
        path.write_bytes(content)
        return inspect_columns(path, name=name)


def _guarded(name: str, work):
    """The result of ``work()``, or an ``InventoryError`` naming what went wrong: an error
    nobody foresaw becomes a sentence too, never a traceback on the page."""
    try:
        return work()
    except InventoryError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - the page must end in a sentence
        return InventoryError("unexpected", name=name, detail=type(exc).__name__)


def _failed(error: InventoryError) -> None:
    """File names and headers come from the user: escaped, they show as typed."""
    st.error(t("data.upload_failed", message=plain(error.message(current_lang()))))


def _use(name: str, content: bytes, column_map: dict[str, str | None], *, rerun: bool = True) -> None:
    st.session_state[UPLOAD_STATE] = {"name": name, "content": content, "column_map": column_map}
    request_dataset("upload", rerun=rerun)


def _mapping_step(name: str, content: bytes) -> None:
    lang = current_lang()
    preview = _guarded(name, lambda: _preview(name, content))
    if isinstance(preview, InventoryError):
        _failed(preview)
        return
    st.subheader(t("data.mapping_title"))
    taken = {f for f in preview.matched.values() if f}
    choices = [None] + [f.name for f in FIELDS if f.name not in taken]
    labels = {f.name: f"{f.label(lang)} ({f.name})" for f in FIELDS}
    mapping: dict[str, str | None] = {}
    columns = st.columns(3)
    listed = preview.unmatched[: limits.MAX_MAPPING_COLUMNS]
    for i, header in enumerate(listed):
        with columns[i % 3]:
            mapping[header] = st.selectbox(
                t("data.mapping_column", column=plain(header)),
                choices,
                format_func=lambda f: t("data.mapping_ignore") if f is None else labels[f],
                key=f"map_{name}_{header}",
            )
    if len(preview.unmatched) > len(listed):
        more = len(preview.unmatched) - len(listed)
        st.caption(t("loader.mapping_more", n=format_number(more, lang)))
    found = taken | {f for f in mapping.values() if f}
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    st.caption(t("data.mapping_help", missing=", ".join(labels[c] for c in missing) or t("data.mapping_none_missing")))
    st.caption(t("data.mapping_preview"))
    st.dataframe(preview.preview.iloc[:, : limits.MAX_MAPPING_COLUMNS], hide_index=True, width="stretch")
    # The mapping is read from the widgets' state when the click arrives, in the callback:
    # the choices sent with the click, whatever run of the script they came in.
    st.button(
        t("data.mapping_load"),
        type="primary",
        disabled=bool(missing),
        on_click=lambda: _use(
            name,
            content,
            {h: f for h, f in preview.matched.items() if f}
            | {h: st.session_state.get(f"map_{name}_{h}") for h in listed},
            rerun=False,
        ),
    )


def upload_section() -> None:
    st.subheader(t("data.upload_title"))
    limit = limits.upload_limit_mib()
    st.caption(t("loader.upload_help", limit=format_number(limit, current_lang())))
    uploaded = st.file_uploader(t("data.upload_label"), type=EXTENSIONS, key="upload_file", max_upload_size=limit)
    if uploaded is None:
        return
    content = uploaded.getvalue()
    too_large = _guarded(uploaded.name, lambda: limits.check_file_size(len(content), uploaded.name))
    if too_large is not None:
        _failed(too_large)
        return
    current = st.session_state.get(UPLOAD_STATE)
    same_file = bool(current) and current["content"] == content
    mapped = current.get("column_map") if same_file else None
    result = _guarded(uploaded.name, lambda: load_upload(uploaded.name, content, mapped))
    if isinstance(result, InventoryError):
        if result.key in MAPPING_ERRORS:
            _mapping_step(uploaded.name, content)
            return
        _failed(result)
        return
    report = result.inventory.report
    lang = current_lang()
    if not (same_file and st.session_state.get("dataset") == "upload"):
        _use(uploaded.name, content, {})
    st.success(
        t(
            "data.upload_loaded",
            name=plain(uploaded.name),
            count=report.rows_loaded,
            rows=format_number(report.rows_in, lang),
            rejected=format_number(report.rows_rejected, lang),
        )
    )
    # The file loaded, but columns with other names may hold optional fields: offer to map
    # those still ignored, again after a load that left some of them unmapped.
    preview = _guarded(uploaded.name, lambda: _preview(uploaded.name, content))
    ignored = [] if isinstance(preview, InventoryError) else [h for h in preview.unmatched if not (mapped or {}).get(h)]
    if ignored:
        with st.expander(t("data.mapping_optional", count=len(ignored))):
            _mapping_step(uploaded.name, content)
