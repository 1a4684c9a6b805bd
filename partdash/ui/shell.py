"""The picture frame around every page: page config, sidebar, navigation, banners.

It loads the dataset, draws the shared filters, computes the filtered rows once per
rerun and hands them to the page through ``context.view()``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from partdash.i18n import DEFAULT_LANG, LANGS
from partdash.inventory.report import InventoryError
from partdash.ui import datasets, present, reports, sidebar, state
from partdash.ui.components import plain
from partdash.ui.context import View, set_lang, set_view, t

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
# A local file: a Material icon as page icon would be fetched from a font CDN, and the app runs offline.
FAVICON = Path(__file__).resolve().parent / "favicon.png"
DEFAULT_PAGE = "overview"  # served at the app's root URL
# (group, page file stem, icon, the kinds of chart it draws); titles come from the
# catalogue (nav.page.<stem>); the charts tell ``serve`` which modules to load with the page.
PAGES = (
    ("explore", "overview", ":material/dashboard:", ("plotly",)),
    ("explore", "map", ":material/map:", ("deck",)),
    ("explore", "initiatives", ":material/list:", ()),
    ("explore", "territory", ":material/location_on:", ("plotly", "deck")),
    ("analyse", "themes", ":material/category:", ("plotly",)),
    ("analyse", "timeline", ":material/timeline:", ("plotly",)),
    ("analyse", "methods", ":material/groups:", ("plotly",)),
    ("analyse", "followup", ":material/task_alt:", ("plotly",)),
    ("analyse", "communes", ":material/compare:", ("plotly",)),
    ("data", "data", ":material/database:", ()),
    ("data", "quality", ":material/fact_check:", ("plotly",)),
    ("data", "editions", ":material/difference:", ("plotly",)),
)


def _browser_lang() -> str:
    locale = (st.context.locale or "").lower()[:2]
    return locale if locale in LANGS else DEFAULT_LANG


def _navigation() -> st.navigation:
    groups: dict[str, list] = {}
    for group, stem, icon, _ in PAGES:
        path = PAGES_DIR / f"{stem}.py"
        if path.exists():
            page = st.Page(
                str(path), title=t(f"nav.page.{stem}"), icon=icon, url_path=stem, default=stem == DEFAULT_PAGE
            )
            groups.setdefault(t(f"nav.group.{group}"), []).append(page)
    return st.navigation(groups)


def _load(dataset: str):
    loaded = datasets.load(dataset)
    if isinstance(loaded, InventoryError):
        st.error(
            t("shell.load_failed", message=plain(loaded.message(st.session_state.get(state.LANG_KEY, DEFAULT_LANG))))
        )
        return datasets.load("demo"), "demo"
    return loaded, dataset


def run() -> None:
    sidebar_state = "collapsed" if present.seed() else "auto"
    st.set_page_config(
        page_title="partdash", page_icon=str(FAVICON), layout="wide", initial_sidebar_state=sidebar_state
    )
    choices = datasets.dataset_choices()
    state.seed_from_url(_browser_lang(), choices)
    state.apply_pending()
    set_lang(st.session_state.get(state.LANG_KEY, DEFAULT_LANG))
    lang, dataset = sidebar.language_and_dataset(choices)
    set_lang(lang)
    page = _navigation()
    loaded, dataset = _load(dataset)
    data = loaded.inventory.data
    years = data["start_year"].dropna()
    year_range = (int(years.min()), int(years.max())) if len(years) else None
    sidebar.filters(lang, year_range)
    filters = state.current_filters(year_range)
    filtered = datasets.filtered_rows(loaded, filters)
    sidebar.count_and_reset(len(filtered), len(data), lang)
    sidebar.presentation()
    state.write_url(filters, lang, dataset, choices[0])
    present.sync_url()
    ignored = st.session_state.pop(state.IGNORED, None)
    if ignored:
        st.info(t("shell.ignored_params", params=plain(", ".join(ignored))), icon=":material/link_off:")
    # In presentation the view line, first on the page, carries the demonstration label.
    if loaded.inventory.is_demo and not present.active():
        st.info(t("shell.demo_banner"), icon=":material/science:")
    elif dataset == "examples" and not present.active():
        st.info(t("shell.examples_banner"), icon=":material/menu_book:")
    rejected = loaded.inventory.report.rows_rejected
    if rejected and page.url_path != "data":
        st.warning(t("shell.rejected_note", count=rejected), icon=":material/rule:")
    set_view(View(loaded.inventory, filtered, filters, lang, dataset, loaded.search_blob))
    page.run()
    reports.fill()
