"""The report downloads beside the view line that opens every page.

``page_start`` keeps an empty place for them; the shell calls ``fill``
once the page has run, so that a commune's or a place's one-pager is about the commune or
place the page has just chosen (the page writes it to the URL) without the page knowing
about reports. Files are made when the button is clicked (Streamlit's deferred download),
never on every rerun.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import streamlit as st

from partdash.inventory.filters import Filters
from partdash.inventory.loader import Inventory
from partdash.ui.context import View, t

# Page stem -> the one-pager it offers, and the URL parameter naming its subject.
ONE_PAGERS = {"overview": None, "communes": "commune", "territory": "place", "followup": None}
INVENTORY_REPORT_ON = ("overview", "data")

_local = threading.local()


def keep_place(stem: str, v: View) -> None:
    """An empty place for this page's download buttons, filled by ``fill`` after the page ran."""
    _local.slot = (stem, v, st.empty()) if stem in ONE_PAGERS or stem in INVENTORY_REPORT_ON else None


def _maker(kind: str, inventory: Inventory, filters: Filters, lang: str, dataset: str, subject, as_pdf: bool):
    """The file's bytes, made on click in Streamlit's download thread (no session there:
    everything it needs is bound now)."""

    def make() -> bytes:
        from partdash.outputs.reports.document import Context
        from partdash.outputs.reports.inventory import inventory_report
        from partdash.outputs.reports.onepage import one_page
        from partdash.outputs.reports.render import print_pdf

        context = Context(inventory, filters, lang, dataset)
        document = inventory_report(context) if kind == "inventory" else one_page(kind, context, subject)
        return print_pdf(document.html(inline_js=False)) if as_pdf else document.html().encode("utf-8")

    return make


def _button(label: str, make: Callable[[], bytes], name: str, as_pdf: bool, key: str) -> None:
    st.download_button(
        label,
        data=make,
        file_name=f"{name}.{'pdf' if as_pdf else 'html'}",
        mime="application/pdf" if as_pdf else "text/html",
        on_click="ignore",
        icon=":material/picture_as_pdf:" if as_pdf else ":material/print:",
        help=None if as_pdf else t("reports.ui.no_browser"),
        key=key,
    )


def fill() -> None:
    """The download buttons of the page that has just run, in the place ``head`` kept."""
    from partdash.outputs.reports.render import chromium_path

    held = getattr(_local, "slot", None)
    _local.slot = None
    if held is None:
        return
    stem, v, slot = held
    as_pdf = chromium_path() is not None
    fmt = "pdf" if as_pdf else "html"
    with slot.container():
        if stem in ONE_PAGERS:
            param = ONE_PAGERS[stem]
            subject = st.query_params.get(param) if param else None
            make = _maker(stem, v.inventory, v.filters, v.lang, v.dataset, subject, as_pdf)
            name = "-".join(part for part in ("partdash", stem, subject, v.lang) if part).replace(":", "")
            _button(t(f"reports.ui.one_page_{fmt}"), make, name, as_pdf, "report_one_page")
        if stem in INVENTORY_REPORT_ON:
            make = _maker("inventory", v.inventory, v.filters, v.lang, v.dataset, None, as_pdf)
            _button(t(f"reports.ui.inventory_{fmt}"), make, f"partdash-inventory-{v.lang}", as_pdf, "report_inventory")
