"""Filter state between the sidebar widgets, the session and the URL.

The URL is read once per session (on its first run) to seed the widgets; afterwards the
widgets are the truth and the URL is rewritten from them on every run, so that copying
the address bar always gives a link to the view on screen. Page-specific parameters
(an open initiative, a chosen commune...) survive only if whitelisted here.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from partdash.i18n import LANGS
from partdash.inventory.filters import MAX_TEXT, URL_KEYS, Filters, from_query, to_query

LANG_KEY = "lang"
DATASET_KEY = "data"
SEEDED = "_url_seeded"
PENDING = "_pending_filter"
PENDING_DATASET = "_pending_dataset"
IGNORED = "_ignored_params"
# Parameters a page may put in the URL, each with its validation done by that page.
# The commune looked at travels between pages (Communes, Territory, Map): Streamlit drops
# the URL's parameters on a change of page, so the session keeps the last one chosen.
SHARED_KEYS = ("commune",)
# Widgets of other pages that show a shared value: a new value from elsewhere resets them,
# so that they take it up next time their page runs.
SHARED_WIDGETS = {"commune": ("communes_choice",)}
PAGE_KEYS = ("initiative", "commune", "place", "colour", "background", "indicator", "period_from", "period_to", "split")
PAGE_KEYS += ("periods",)  # the Themes page's two compared periods, as "2017-2018,2019-2023"
PAGE_KEYS += ("present",)  # presentation mode, for the meeting room


def widget_key(name: str) -> str:
    return f"filter_{name}"


def seed_from_url(default_lang: str, datasets: list[str]) -> None:
    """On a session's first run, put the link's view into the widgets."""
    if st.session_state.get(SEEDED):
        return
    params = {k: st.query_params.get(k) for k in st.query_params}
    filters = from_query({k: v for k, v in params.items() if k not in (LANG_KEY, DATASET_KEY, *PAGE_KEYS)})
    ignored = list(filters.ignored)
    lang = params.get(LANG_KEY)
    if lang and lang not in LANGS:
        ignored.append(f"{LANG_KEY}={lang[:10]}")
    st.session_state[LANG_KEY] = lang if lang in LANGS else default_lang
    dataset = params.get(DATASET_KEY)
    if dataset and dataset not in datasets:
        ignored.append(f"{DATASET_KEY}={dataset[:20]}")
    st.session_state["dataset"] = dataset if dataset in datasets else datasets[0]
    known = {LANG_KEY, DATASET_KEY, "years", "q", *URL_KEYS.values(), *PAGE_KEYS}
    ignored.extend(k[:20] for k in params if k not in known)
    put_filters(filters)
    st.session_state[IGNORED] = ignored
    st.session_state[SEEDED] = True


def put_filters(filters: Filters) -> None:
    for f in fields(Filters):
        if f.name == "ignored":
            continue
        value = getattr(filters, f.name)
        st.session_state[widget_key(f.name)] = list(value) if isinstance(value, tuple) and f.name != "years" else value


def request_filter(name: str, code: str) -> None:
    """Ask for one more filter value (a click on a chart); applied before the widgets
    are drawn on the next run, since a drawn widget's state cannot change."""
    st.session_state[PENDING] = (name, code)
    st.rerun()


def request_dataset(dataset: str, *, rerun: bool = True) -> None:
    """Switch dataset on the next run (the dataset selector is already drawn on this one).
    A widget's callback passes ``rerun=False``: the run that follows it is that next run."""
    st.session_state[PENDING_DATASET] = dataset
    if rerun:
        st.rerun()


def apply_pending() -> None:
    dataset = st.session_state.pop(PENDING_DATASET, None)
    if dataset:
        st.session_state["dataset"] = dataset
    pending = st.session_state.pop(PENDING, None)
    if pending and pending[0] in URL_KEYS:
        key = widget_key(pending[0])
        current = list(st.session_state.get(key) or [])
        if pending[1] not in current:
            st.session_state[key] = current + [pending[1]]


def current_filters(full_years: tuple[int, int] | None) -> Filters:
    values = {}
    for name in URL_KEYS:
        values[name] = tuple(st.session_state.get(widget_key(name)) or ())
    years = st.session_state.get(widget_key("years"))
    if years and full_years and tuple(years) != tuple(full_years):
        values["years"] = (int(years[0]), int(years[1]))
    values["text"] = str(st.session_state.get(widget_key("text")) or "")[:MAX_TEXT]
    return Filters(**values)


def write_url(filters: Filters, lang: str, dataset: str, default_dataset: str) -> None:
    wanted = {LANG_KEY: lang}
    if dataset != default_dataset and dataset != "upload":
        wanted[DATASET_KEY] = dataset
    wanted.update(to_query(filters))
    for key in PAGE_KEYS:
        if key in st.query_params:
            wanted[key] = st.query_params[key]
    current = {k: st.query_params[k] for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def page_param(key: str, allowed=None) -> str | None:
    """A page's own URL parameter, if present and among ``allowed``. With ``allowed`` None
    the page takes any value, to say that it names nothing; it escapes it before showing it."""
    assert key in PAGE_KEYS
    value = st.query_params.get(key)
    if value is None and key in SHARED_KEYS:
        value = st.session_state.get(_shared(key))
    return value if value is not None and (allowed is None or value in allowed) else None


def _shared(key: str) -> str:
    return f"_shared_{key}"


def set_page_param(key: str, value: str | None) -> None:
    assert key in PAGE_KEYS
    if key in SHARED_KEYS and value is not None:
        st.session_state[_shared(key)] = value
        for widget in SHARED_WIDGETS.get(key, ()):
            if widget in st.session_state and st.session_state[widget] != value:
                del st.session_state[widget]
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def reset_filters() -> None:
    put_filters(Filters())
    st.session_state[widget_key("years")] = None
