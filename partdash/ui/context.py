"""The view that every page of one script run reads: data, filters and language.

The shell builds it once per rerun, before the page runs; a thread-local holds it
because Streamlit runs each session's script in its own thread, so sessions never see
each other's view and nothing needs pickling into session state.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from partdash.i18n import translate
from partdash.inventory.filters import Filters
from partdash.inventory.loader import Inventory

_local = threading.local()


@dataclass(frozen=True)
class View:
    inventory: Inventory
    data: gpd.GeoDataFrame  # the filtered rows
    filters: Filters
    lang: str
    dataset: str  # demo | examples | env | upload
    search_blob: pd.Series

    @property
    def all_data(self) -> gpd.GeoDataFrame:
        return self.inventory.data


def set_view(view: View) -> None:
    _local.view = view


def view() -> View:
    current = getattr(_local, "view", None)
    if current is None:
        # The page ran without the shell: a server started with plain `streamlit run`
        # applies its legacy `pages/` routing to a first deep link. Switch that routing off
        # (as `partdash.ui.serve` does at start) and run again, through the shell this time.
        from partdash.ui.serve import disable_legacy_pages

        disable_legacy_pages()
        st.rerun()
    return current


def current_lang() -> str:
    return getattr(_local, "lang", "fr")


def set_lang(lang: str) -> None:
    _local.lang = lang


def t(key: str, **params) -> str:
    """The catalogue text for ``key`` in the language of the current view."""
    return translate(key, current_lang(), **params)
