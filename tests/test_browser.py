"""The app as a user's browser sees it: the shell, links, language, upload and every page.

One Streamlit server and one Chromium serve the whole module; each test gets a fresh
browser context (a new user, with no session). Expected counts come from the demo CSV
read here with pandas, not from the app's code; expected sentences from the catalogue.
"""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pandas as pd
import pytest
from browser_support import (
    PAGES_DIR,
    ROOT,
    TIMEOUT_MS,
    VIEWPORT,
    sidebar_count,
    streamlit_server,
    wait_for_app,
)
from conftest import canonical_row, write_excel_style_xlsx
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from partdash.i18n import format_number, translate
from partdash.inventory.reference import quartier_names
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.ui.sidebar import LANG_NAMES
from partdash.ui.tables import table_height

pytestmark = pytest.mark.browser

DEMO_CSV = ROOT / "data" / "demo" / "demo_inventory.csv"
ANALYSIS_PAGES = ("themes", "timeline", "methods", "followup", "communes")
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "data:", "blob:")
LANG_SELECT = "Langue · Taal · Language"
# The chosen value shows at once, before the rerun: longer means the widget was redrawn.
REDRAW_MS = 15_000


def require_page(stem: str) -> None:
    if not (PAGES_DIR / f"{stem}.py").exists():
        pytest.skip(f"{PAGES_DIR.name}/{stem}.py does not exist yet")


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return pd.read_csv(DEMO_CSV, dtype=str, keep_default_na=False)


class Watched:
    """A page with what went wrong in it: console errors, uncaught exceptions, and
    requests to anywhere but the app itself."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        self.outside: list[str] = []
        # Opened at /<page>, Streamlit's frontend first looks for its server under that
        # path (a 404) and then at the root: streamlit/streamlit#7074, not the app's error.
        self.subpage_probe = re.compile(rf"^{re.escape(base_url)}/[\w-]+/_stcore/(health|host-config)$")
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", lambda req: None if req.url.startswith(LOCAL_PREFIXES) else self.outside.append(req.url))

    def _console(self, msg) -> None:
        url = msg.location.get("url", "")
        if msg.type == "error" and not (self.subpage_probe.match(url) and "404" in msg.text):
            self.errors.append(f"console: {msg.text} ({url})")

    def open(self, path: str, lang: str) -> Page:
        self.page.goto(f"{self.base_url}{path}")
        wait_for_app(self.page, lang)
        return self.page

    def assert_clean(self) -> None:
        assert self.errors == []
        raised = self.page.locator('[data-testid="stException"]')
        assert raised.count() == 0, raised.first.inner_text()


@pytest.fixture
def new_user(browser, base_url):
    """Opens fresh browser contexts (English browser locale), closed after the test."""
    contexts = []

    def make(server: str = base_url) -> Watched:
        context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return Watched(context.new_page(), server)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def user(new_user) -> Watched:
    return new_user()


def plain(key: str, lang: str, **params) -> str:
    """A catalogue sentence as shown on screen (markdown bold removed)."""
    return translate(key, lang, **params).replace("**", "")


def expect_count(page: Page, lang: str, shown: int, total: int) -> None:
    locator = sidebar_count(page, lang, format_number(shown, lang), format_number(total, lang))
    expect(locator).to_be_visible()


def expect_charts(page: Page, at_least: int) -> None:
    """At least ``at_least`` plotly charts drawn (their SVG is on screen)."""
    for i in range(at_least):
        expect(page.locator(".js-plotly-plot").nth(i).locator(".main-svg").first).to_be_visible()


def multiselect(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )


def pick(page: Page, label: str, option: str, done: Locator) -> None:
    """Choose ``option`` in the select box labelled ``label`` by typing it, as a user
    would, until ``done`` shows; once more if Streamlit redrew the widget under the keyboard."""
    for attempt in range(2):
        if attempt and done.count():
            return
        box = page.get_by_role("combobox", name=label, exact=True)
        box.click()
        box.fill(option)
        expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
        box.press("Enter")
        box.press("Escape")
        try:
            expect(done.first).to_be_visible(timeout=None if attempt else REDRAW_MS)
            return
        except AssertionError:
            if attempt:
                raise


@pytest.mark.parametrize(
    ("path", "lang", "modules"),
    [("", "en", {"PlotlyChart"}), ("/map", "fr", {"DeckGlJsonChart"}), ("/data", "nl", set())],
)
def test_a_page_names_its_chart_modules_in_its_html_and_still_draws_cleanly(user, path, lang, modules):
    """A page's first chart does not wait for the first script run to ask for its module:
    the page's HTML names the modules of the charts it draws, none for a page without."""
    page = user.open(f"{path}?lang={lang}", lang)
    sources = page.evaluate("() => [...document.querySelectorAll('script[type=module]')].map(s => s.src)")
    named = {re.sub(r"\..*", "", src.rsplit("/", 1)[-1]) for src in sources} - {"index"}
    assert named == modules
    if "PlotlyChart" in modules:
        expect_charts(page, 2)
    if "DeckGlJsonChart" in modules:
        expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first).to_be_visible()
    user.assert_clean()


def test_overview_opens_with_banner_figures_and_charts(user, demo):
    page = user.open("/?lang=en", "en")
    expect(page.get_by_role("heading", name=translate("nav.page.overview", "en"), exact=True)).to_be_visible()
    expect(page.get_by_text(plain("shell.demo_banner", "en"), exact=True)).to_be_visible()
    expect_count(page, "en", len(demo), len(demo))
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.first).to_be_visible()
    expect(metrics.filter(has_text=translate("overview.n_initiatives", "en"))).to_contain_text(
        format_number(len(demo), "en")
    )
    expect_charts(page, 2)
    user.assert_clean()


def test_filter_narrows_the_count_and_the_link_reproduces_the_view(user, new_user, demo):
    mobility = VOCABULARIES["themes"].label("mobility", "en")
    expected = int(demo["themes"].str.split(";").map(lambda codes: "mobility" in codes).sum())
    assert 0 < expected < len(demo)
    themes = FIELD_BY_NAME["themes"].label("en")

    page = user.open("/?lang=en", "en")
    pick(page, themes, mobility, multiselect(page, themes).get_by_title(mobility, exact=True))
    expect_count(page, "en", expected, len(demo))
    expect(page).to_have_url(re.compile(r"[?&]themes=mobility(&|$)"))
    link = page.url
    user.assert_clean()

    other = new_user()
    shared = other.open(link.removeprefix(other.base_url), "en")
    expect_count(shared, "en", expected, len(demo))
    expect(multiselect(shared, themes).get_by_title(mobility, exact=True)).to_be_visible()
    other.assert_clean()


def test_language_switch_translates_the_page_and_the_url(user, demo):
    page = user.open("/?lang=en", "en")
    title = page.get_by_role("heading", name=translate("nav.page.overview", "nl"), exact=True)
    pick(page, LANG_SELECT, LANG_NAMES["nl"], title)
    expect(page).to_have_url(re.compile(r"[?&]lang=nl(&|$)"))
    expect_count(page, "nl", len(demo), len(demo))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(translate("shell.filters", "nl"), exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name=FIELD_BY_NAME["organiser_level"].label("nl"), exact=True)).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    for group, stem in (("explore", "overview"), ("analyse", "themes")):
        expect(nav).to_contain_text(translate(f"nav.group.{group}", "nl"))
        expect(nav).to_contain_text(translate(f"nav.page.{stem}", "nl"))
    expect(nav).not_to_contain_text(translate("nav.page.overview", "en"))
    user.assert_clean()


def test_upload_on_the_data_page_reports_loaded_and_rejected_rows(user, tmp_path):
    require_page("data")
    upload = tmp_path / "three_rows.csv"
    # Two valid rows and one whose participation level is not a code: 2 loaded, 1 rejected.
    upload.write_text(
        "id,title_fr,organiser,organiser_level,perimeter,communes,themes,participation_level,start_date\n"
        "UP-1,Place du marché,Commune de Saint-Gilles,communal,commune,21013,urban_planning,consultation,2021-03-01\n"
        "UP-2,Plan vélo,Région,regional,region,,mobility;environment_climate,co_construction,2022-09-15\n"
        "UP-3,Ligne sans niveau,Commune d'Ixelles,communal,commune,21009,housing,sometimes,2023-01-10\n",
        encoding="utf-8",
    )
    page = user.open("/data?lang=en", "en")
    page.locator('input[type="file"]').first.set_input_files(str(upload))
    loaded = translate("data.upload_loaded", "en", name=upload.name, count=2, rows="3", rejected="1")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=loaded)).to_be_visible()
    for label, value in (("data.rows_in", "3"), ("data.rows_loaded", "2"), ("data.rows_rejected", "1")):
        metric = page.locator('[data-testid="stMetric"]').filter(
            has=page.get_by_text(translate(label, "en"), exact=True)
        )
        expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(value)
    expect_count(page, "en", 2, 2)
    user.assert_clean()


def test_upload_of_a_workbook_as_excel_stores_it_loads_numbers_and_dates(user, tmp_path):
    """Text in shared strings, participants as numbers and start dates as Excel dates: the
    fast reader takes the sheet, and every row loads with its numbers and dates."""
    require_page("data")
    rows = [canonical_row(n, id=f"XL-{n}") for n in (1, 2, 3)]
    typed = [
        [int(v) if k == "participants" else date.fromisoformat(v) if k == "start_date" else v for k, v in r.items()]
        for r in rows
    ]
    upload = write_excel_style_xlsx(tmp_path / "excel.xlsx", [list(rows[0]), *typed])
    page = user.open("/data?lang=nl", "nl")
    page.locator('input[type="file"]').first.set_input_files(str(upload))
    loaded = translate("data.upload_loaded", "nl", name=upload.name, count=3, rows="3", rejected="0")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=loaded)).to_be_visible()
    expect_count(page, "nl", 3, 3)
    # The list of initiatives is as tall as its three rows, with no empty grid under them.
    page.locator('[data-testid="stSidebarNav"]').get_by_text(translate("nav.page.initiatives", "nl")).click()
    title = translate("nav.page.initiatives", "nl")
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    wait_for_app(page, "nl")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_have_count(1)
    expect(table).to_be_visible()
    assert table.bounding_box()["height"] <= table_height(3) + 4
    user.assert_clean()


def test_upload_maps_a_column_with_another_name(user, tmp_path):
    """A file that loads but has a column under another name: the user maps it to a field,
    and the loaded data then holds that field."""
    require_page("data")
    upload = tmp_path / "other_names.csv"
    upload.write_text(
        "id,title_fr,organiser,organiser_level,perimeter,communes,themes,participation_level,start_date,"
        "Nombre de personnes\n"
        "UM-1,Budget participatif,Commune d'Evere,communal,commune,Evere,urban_planning,co_decision,2022-03-01,120\n"
        "UM-2,Atelier rue,Commune d'Evere,communal,neighbourhood,Evere,mobility,consultation,2023-05-01,30\n",
        encoding="utf-8",
    )
    page = user.open("/data?lang=en", "en")
    page.locator('input[type="file"]').first.set_input_files(str(upload))
    loaded = translate("data.upload_loaded", "en", name=upload.name, count=2, rows="2", rejected="0")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=loaded)).to_be_visible()
    warnings = (
        page.locator('[data-testid="stMetric"]')
        .filter(has=page.get_by_text(translate("data.warnings", "en"), exact=True))
        .locator('[data-testid="stMetricValue"]')
    )
    before = int(warnings.inner_text())
    select = page.locator('[data-testid="stExpander"] [data-testid="stSelectbox"]').first
    option = "Participants (participants)"
    page.get_by_text(translate("data.mapping_optional", "en", count=1)).click()
    select.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    # The choice is shown and its run is over before the load is clicked, as a user sees it.
    expect(select.get_by_role("combobox")).to_have_value(option)
    wait_for_app(page, "en")
    page.get_by_role("button", name=translate("data.mapping_load", "en")).click()
    # The column is no longer ignored: one warning fewer, and the mapping step is gone.
    expect(warnings).to_have_text(str(before - 1))
    expect(page.get_by_text(translate("data.mapping_optional", "en", count=1))).to_have_count(0)
    user.assert_clean()


def colours_drawn(page: Page, box: dict) -> int:
    """Distinct colours in a region of the screen (a blank canvas has one)."""
    image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24))


def test_map_draws_offline(user):
    require_page("map")
    page = user.open("/map?lang=en", "en")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible()
    # Read through the DOM, not Playwright's element geometry, which waits for two equal
    # animation frames: deck.gl keeps drawing, and software WebGL may not keep up.
    # The canvas starts at the browser's default 300 px and takes the column's width once laid out.
    canvas.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
        .some(c => c.getBoundingClientRect().width > 300 && c.getBoundingClientRect().height > 300)""",
        timeout=TIMEOUT_MS,
    )
    box = canvas.evaluate(
        """e => { e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
        return {x: r.left, y: Math.max(r.top, 0), width: r.width,
                height: Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)}; }"""
    )
    assert box["width"] > 300 and box["height"] > 300
    # deck.gl paints after its layers load: wait for boundaries and points, not for a time.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while colours_drawn(page, box) < 20 and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert colours_drawn(page, box) >= 20
    user.assert_clean()
    assert user.outside == []


@pytest.mark.parametrize("stem", ANALYSIS_PAGES)
def test_analysis_page_draws_a_chart(user, stem):
    require_page(stem)
    page = user.open(f"/{stem}?lang=en", "en")
    expect(page.get_by_role("heading", name=translate(f"nav.page.{stem}", "en"), exact=True)).to_be_visible()
    expect_charts(page, 1)
    user.assert_clean()


def test_territory_link_shows_a_quartier_timeline_to_a_fresh_servers_first_visitor(new_user, tmp_path):
    """A shared deep link is often the first request after a restart: Streamlit then has
    not yet seen ``st.navigation`` and must still run the app around the page."""
    require_page("territory")
    name = quartier_names("en")[12]
    # The title names the place by its full label, which starts with the quartier's name.
    title = translate("territory.timeline_title", "en", place=name)
    with streamlit_server(tmp_path / "server.log") as fresh:
        user = new_user(fresh)
        page = user.open("/territory?lang=en&place=q:12", "en")
        expect(page.get_by_role("combobox", name=translate("territory.place", "en"))).to_have_value(
            re.compile(re.escape(name))
        )
        timeline = page.locator(".js-plotly-plot").filter(has_text=title)
        expect(timeline.locator(".main-svg").first).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]place=q(:|%3A)12(&|$)"))
        user.assert_clean()


def test_garbage_link_is_ignored_gently(user, demo):
    page = user.open("/?themes=nonsense&years=abc&foo=bar", "en")
    notice = page.locator('[data-testid="stAlert"]').filter(
        has_text=plain("shell.ignored_params", "en", params="").strip()
    )
    expect(notice).to_be_visible()
    for part in ("themes=nonsense", "years=abc", "foo"):
        expect(notice).to_contain_text(part)
    expect_count(page, "en", len(demo), len(demo))
    expect(page.get_by_text(plain("shell.demo_banner", "en"), exact=True)).to_be_visible()
    user.assert_clean()
