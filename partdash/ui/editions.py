"""The Editions page's choice of the other edition: a previous one, the later demo, an upload."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from partdash.inventory.report import InventoryError
from partdash.ui.components import plain
from partdash.ui.context import current_lang, t
from partdash.ui.datasets import PREVIOUS_ENV, Loaded, edition_choices, load_edition, load_upload
from partdash.ui.upload import EXTENSIONS


def _name(choice: str) -> str:
    if choice == "previous":
        return t("editions.source.previous", name=plain(Path(os.environ.get(PREVIOUS_ENV, "")).name))
    return t(f"editions.source.{choice}")


def other_edition() -> tuple[Loaded, str] | None:
    """The edition to compare with and its name, escaped for Markdown, or None (the page says why)."""
    names = {c: _name(c) for c in edition_choices()}  # a dict: AppTest formats options outside the script run
    choice = st.radio(t("editions.other"), list(names), format_func=names.get, horizontal=True, key="editions_other")
    if choice == "upload":
        upload = st.file_uploader(t("editions.upload"), type=EXTENSIONS, key="editions_upload")
        if upload is None:
            st.info(t("editions.upload_wait"), icon=":material/upload_file:")
            return None
        loaded, name = load_upload(upload.name, upload.getvalue()), upload.name
    else:
        loaded = load_edition(choice)
        name = Path(os.environ[PREVIOUS_ENV]).name if choice == "previous" else "demo_inventory_2025b.csv"
    if isinstance(loaded, InventoryError):
        st.error(t("editions.load_failed", message=plain(loaded.message(current_lang()))))
        return None
    return loaded, plain(name)
