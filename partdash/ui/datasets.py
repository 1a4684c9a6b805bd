"""Which inventory is open, and loading it once per process (``st.cache_resource``).

Loaded inventories are shared read-only objects: pages filter them (which copies) and
never mutate them. A file that cannot be used comes back as its ``InventoryError`` so the
page can say why in the user's language; exceptions are never cached by Streamlit.

``PARTDASH_DATA`` is a file path or a PostgreSQL address; the address is never shown
(it may hold a password): the dataset is then called "database", in the URL bar too.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from partdash.inventory.filters import Filters, apply_filters, search_blob
from partdash.inventory.loader import Inventory, load_inventory
from partdash.inventory.report import InventoryError
from partdash.memo import ByIdentity, mark_stable
from partdash.store import is_database_url

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUILTIN = {
    "demo": DATA_DIR / "demo" / "demo_inventory.csv",
    "examples": DATA_DIR / "examples" / "examples.csv",
}
ENV_VAR = "PARTDASH_DATA"
UPLOAD_STATE = "uploaded_dataset"
DATABASE_CHECK_S = 30  # how soon a new edition imported by a colleague shows up


@dataclass(frozen=True)
class Loaded:
    inventory: Inventory
    search_blob: pd.Series


# A few views per process: each may hold a copy of the rows it selects.
_filtered = ByIdentity(size=4)


def filtered_rows(loaded: Loaded, filters: Filters) -> pd.DataFrame:
    """The rows ``filters`` select, the same object on every rerun of the same view, which
    is what lets chart builders remember their figures (``partdash.memo``) across reruns."""
    return _filtered.get(
        loaded, (filters,), lambda: mark_stable(apply_filters(loaded.inventory.data, filters, loaded.search_blob))
    )


def _loaded(inventory: Inventory) -> Loaded:
    """A loaded inventory's rows never change, so builders may key on their identity (the
    open edition's and the one the Editions page compares it with alike)."""
    mark_stable(inventory.data)
    return Loaded(inventory, search_blob(inventory.data))


def dataset_choices() -> list[str]:
    choices = ["demo", "examples"]
    if os.environ.get(ENV_VAR):
        choices.insert(0, "database" if is_database_url(os.environ[ENV_VAR]) else "env")
    if st.session_state.get(UPLOAD_STATE):
        choices.append("upload")
    return choices


def default_dataset() -> str:
    return dataset_choices()[0]


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_path(path: str, mtime: float, max_bytes: int | None) -> Loaded | InventoryError:
    try:
        kwargs = {"max_bytes": max_bytes} if max_bytes else {}
        inventory = load_inventory(path, **kwargs)
    except InventoryError as exc:
        return exc
    return _loaded(inventory)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_upload(
    name: str, digest: str, _content: bytes, column_map: tuple[tuple[str, str | None], ...]
) -> Loaded | InventoryError:
    suffix = Path(name).suffix
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(_content)
        try:
            inventory = load_inventory(path, name=name, column_map=dict(column_map) or None)
        except InventoryError as exc:
            return exc
    return _loaded(inventory)


def load_upload(name: str, content: bytes, column_map: dict[str, str | None] | None = None) -> Loaded | InventoryError:
    digest = hashlib.sha256(content).hexdigest()
    return _load_upload(name, digest, content, tuple(sorted((column_map or {}).items())))


@st.cache_data(show_spinner=False, ttl=DATABASE_CHECK_S, max_entries=4)
def _database_editions(url: str) -> list | InventoryError:
    from partdash.store.database import list_editions

    try:
        return list_editions(url)
    except InventoryError as exc:
        return exc


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_database(url: str, edition: str, imported_at: object) -> Loaded | InventoryError:
    from partdash.store.database import read_inventory

    try:
        inventory = read_inventory(url, edition)
    except InventoryError as exc:
        return exc
    return _loaded(inventory)


def database_editions() -> list | InventoryError:
    """The editions of the configured database, oldest first (for the Editions comparison)."""
    return _database_editions(os.environ.get(ENV_VAR, ""))


def load_database(edition: str | None = None) -> Loaded | InventoryError:
    """One edition of the configured database, the latest by default; re-read when it is re-imported."""
    editions = database_editions()
    if isinstance(editions, InventoryError):
        return editions
    chosen = [e for e in editions if e.name == edition] if edition else editions[-1:]
    if not chosen:
        from partdash.store.database import missing_edition, parse_target

        return missing_edition(parse_target(os.environ[ENV_VAR]), edition, editions)
    return _load_database(os.environ[ENV_VAR], chosen[-1].name, chosen[-1].imported_at)


def load(dataset: str) -> Loaded | InventoryError:
    if dataset == "database" and is_database_url(os.environ.get(ENV_VAR)):
        return load_database()
    if dataset == "upload" and st.session_state.get(UPLOAD_STATE):
        upload = st.session_state[UPLOAD_STATE]
        return load_upload(upload["name"], upload["content"], upload.get("column_map"))
    path = (
        Path(os.environ[ENV_VAR])
        if dataset == "env" and os.environ.get(ENV_VAR)
        else BUILTIN.get(dataset, BUILTIN["demo"])
    )
    max_bytes = int(os.environ.get("PARTDASH_MAX_BYTES", "0")) or None
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_path(str(path), mtime, max_bytes)


# Other editions of the inventory, for the Editions page: a previous edition named by
# PARTDASH_DATA_PREVIOUS, the later demonstration edition, or an uploaded file.
PREVIOUS_ENV = "PARTDASH_DATA_PREVIOUS"
LATER_DEMO = DATA_DIR / "demo" / "demo_inventory_2025b.csv"


def edition_choices() -> list[str]:
    return (["previous"] if os.environ.get(PREVIOUS_ENV) else []) + ["demo_later", "upload"]


def load_edition(choice: str) -> Loaded | InventoryError:
    """The edition named by ``choice`` ("previous" or "demo_later"); an upload goes through ``load_upload``."""
    path = Path(os.environ[PREVIOUS_ENV]) if choice == "previous" and os.environ.get(PREVIOUS_ENV) else LATER_DEMO
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_path(str(path), mtime, None)
