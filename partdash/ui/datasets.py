"""Which inventory is open, and loading it once per process (``st.cache_resource``).

Loaded inventories are shared read-only objects: pages filter them (which copies) and
never mutate them. A file that cannot be used comes back as its ``InventoryError`` so the
page can say why in the user's language; exceptions are never cached by Streamlit.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from partdash.inventory.filters import search_blob
from partdash.inventory.loader import Inventory, load_inventory
from partdash.inventory.report import InventoryError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUILTIN = {
    "demo": DATA_DIR / "demo" / "demo_inventory.csv",
    "examples": DATA_DIR / "examples" / "examples.csv",
}
ENV_VAR = "PARTDASH_DATA"
UPLOAD_STATE = "uploaded_dataset"


@dataclass(frozen=True)
class Loaded:
    inventory: Inventory
    search_blob: pd.Series


def dataset_choices() -> list[str]:
    choices = ["demo", "examples"]
    if os.environ.get(ENV_VAR):
        choices.insert(0, "env")
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
    return Loaded(inventory, search_blob(inventory.data))


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
    return Loaded(inventory, search_blob(inventory.data))


def load_upload(name: str, content: bytes, column_map: dict[str, str | None] | None = None) -> Loaded | InventoryError:
    digest = hashlib.sha256(content).hexdigest()
    return _load_upload(name, digest, content, tuple(sorted((column_map or {}).items())))


def load(dataset: str) -> Loaded | InventoryError:
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
