"""Keeping the inventory up: the Editions page's choice of the other edition (a previous
one, the later demo, an upload), and the quality checks and comparisons kept per process.

A cached result holds the inventories it was computed from, so their ``id`` cannot be
reused by another inventory while the entry lives: keying on it is safe and cheap.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from partdash.analysis.editions import EditionDiff, compare
from partdash.analysis.quality import QualityTables, quality_tables
from partdash.inventory.report import InventoryError
from partdash.memo import mark_stable
from partdash.ui.components import plain
from partdash.ui.context import View, current_lang, t
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


@st.cache_resource(show_spinner=False, max_entries=8)
def _quality(key: tuple, _owner, _data: pd.DataFrame, months: int) -> tuple[object, QualityTables]:
    return _owner, quality_tables(_data, months)


def quality(view: View, months: int) -> QualityTables:
    """``quality_tables`` of the view's rows, once per inventory, filters and threshold."""
    return _quality((id(view.inventory), view.filters, months), view.inventory, view.data, months)[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _compare(key: tuple, _owners: tuple, _old: pd.DataFrame, _new: pd.DataFrame) -> tuple[tuple, EditionDiff]:
    diff = compare(_old, _new)
    # Kept for as long as the pair is compared and never changed: the tables and charts
    # built from it are remembered by the frames' identity.
    mark_stable(diff.field_changes)
    mark_stable(diff.moves)
    return _owners, diff


def compared(old, new) -> EditionDiff:
    """``compare`` of two loaded inventories (``Inventory`` objects), once per pair."""
    return _compare((id(old), id(new)), (old, new), old.data, new.data)[1]
