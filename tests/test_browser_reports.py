"""The view line, presentation mode and the report downloads, as a browser sees them.

Presentation is checked on a 1920x1080 screen by reading what the browser drew: the font
size of every text plotly put in the charts' SVG, the charts' and the map's boxes.
"""

from __future__ import annotations

import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.filters import apply_filters, from_query
from partdash.inventory.loader import load_inventory
from partdash.outputs.viewline import view_line
from partdash.ui.datasets import BUILTIN

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1280, "height": 800}
MEETING = {"level": "communal", "themes": "mobility", "years": "2021-2023"}
MEETING_QUERY = "&".join(f"{k}={v}" for k, v in MEETING.items())


@pytest.fixture
def open_page(browser, base_url):
    contexts = []

    def make(path: str, viewport: dict) -> Page:
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/{path}")
        settled(page)
        return page

    yield make
    for context in contexts:
        context.close()


def settled(page: Page) -> None:
    """The script has finished and the page's head is drawn (the sidebar may be collapsed)."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached()
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    expect(page.locator(".st-key-view_line")).to_be_visible()
    assert not page.locator('[data-testid="stException"]').count()


def meeting_line(lang: str) -> str:
    inventory = load_inventory(BUILTIN["demo"])
    filters = from_query(MEETING)
    shown = len(apply_filters(inventory.data, filters))
    line = view_line(filters, shown, len(inventory.data), lang, "demo", inventory.source, True)
    return translate("reports.line.full", lang, filters=line.filters, count=line.count)


def chart_font_sizes(page: Page) -> list[float]:
    """The font size of every text drawn in the charts, each chart read while in view."""
    sizes: list[float] = []
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        chart.scroll_into_view_if_needed()
        texts = chart.locator(".main-svg text")
        expect(texts.first).to_be_attached()
        for _ in range(20):  # until plotly has laid the texts out (a redraw may be under way)
            drawn = texts.evaluate_all(
                "els => els.filter(e => e.textContent.trim() && e.getBBox().width > 0)"
                ".map(e => parseFloat(getComputedStyle(e).fontSize))"
            )
            if drawn:
                break
            page.wait_for_timeout(250)
        assert drawn, "a chart drew no text"
        sizes.extend(drawn)
    return sizes


@pytest.mark.parametrize(("stem", "lang"), [("", "fr"), ("followup", "nl"), ("themes", "en")])
def test_presentation_link_opens_large_full_width_and_without_sidebar(open_page, stem, lang):
    page = open_page(f"{stem}?present=1&lang={lang}&{MEETING_QUERY}", SCREEN)
    expect(page.locator(".st-key-view_line")).to_contain_text(meeting_line(lang))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    sizes = chart_font_sizes(page)
    assert sizes and min(sizes) >= 18, sorted(sizes)[:5]
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        assert chart.bounding_box()["width"] >= 0.9 * SCREEN["width"]
    title = page.locator("h1").first
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48


def test_without_presentation_charts_keep_their_screen_size(open_page):
    page = open_page(f"?lang=fr&{MEETING_QUERY}", SCREEN)
    sizes = chart_font_sizes(page)
    assert sizes and min(sizes) < 18  # the hook acts in presentation only
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "false")


def test_presentation_map_fills_the_width_and_most_of_the_height(open_page):
    page = open_page("map?present=1&lang=nl", SCREEN)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    expect(deck.locator("canvas").first).to_be_attached()
    box = deck.bounding_box()
    assert box["height"] >= 0.7 * SCREEN["height"]
    assert box["width"] >= 0.9 * SCREEN["width"]


def test_leaving_presentation_keeps_the_filters(open_page):
    page = open_page(f"?present=1&lang=fr&{MEETING_QUERY}", SCREEN)
    page.get_by_role("button", name=translate("reports.present.leave", "fr")).click()
    expect(page.get_by_role("button", name=translate("reports.present.leave", "fr"))).to_have_count(0)
    settled(page)
    query = parse_qs(urlparse(page.url).query)
    assert "present" not in query
    assert {k: query[k][0] for k in MEETING} == MEETING
    expect(page.locator(".st-key-view_line")).to_contain_text(meeting_line("fr"))


def test_a_chart_click_changes_the_view_line_at_once(open_page):
    page = open_page("?lang=fr", LAPTOP)
    line = page.locator(".st-key-view_line")
    expect(line).to_contain_text(translate("reports.line.all", "fr"))
    chart = page.locator(".st-key-overview_levels")
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".point path").first
    expect(bar).to_be_attached()
    bar.click(force=True)
    expect(line).not_to_contain_text(translate("reports.line.all", "fr"))
    demo = load_inventory(BUILTIN["demo"]).data
    level = parse_qs(urlparse(page.url).query)["level"][0]
    shown = len(apply_filters(demo, from_query({"level": level})))
    count = translate("reports.line.count", "fr", count=shown, total=format_number(148, "fr"))
    expect(line).to_contain_text(count)


def _download(page: Page, label: str, tmp_path) -> str:
    button = page.get_by_role("button", name=label)
    with page.expect_download(timeout=120_000) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_one_page_pdf_of_a_commune_downloads_with_its_line(open_page, tmp_path, lang):
    page = open_page(f"communes?lang={lang}&commune=21013&{MEETING_QUERY}", LAPTOP)
    path = _download(page, translate("reports.ui.one_page_pdf", lang), tmp_path)
    assert path.suffix == ".pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert " ".join(meeting_line(lang).split()) in text
    assert reference.commune_names(lang)["21013"] in text
