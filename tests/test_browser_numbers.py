"""What the browser draws at 1280x800: no label cut with an ellipsis on any page in any
language, whole years under the Overview's bars with a period filter, and figures written
with the page language's separators."""

from __future__ import annotations

import re

import pytest
from browser_support import page_stems, wait_for_app
from playwright.sync_api import expect

from partdash.i18n import LANGS, translate

pytestmark = pytest.mark.browser

# Text that the browser shortens with an ellipsis because it does not fit its box.
CUT = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
  const style = getComputedStyle(e);
  return e.offsetParent !== null && e.innerText && e.innerText.trim()
    && style.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.innerText.trim())"""


def open_view(browser, base_url: str, path: str, lang: str, height: int = 800):
    context = browser.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.goto(f"{base_url}/{path}")
    wait_for_app(page, lang)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    return context, page


@pytest.mark.parametrize("lang", LANGS)
def test_no_label_is_cut_at_1280_pixels(browser, base_url, lang):
    cut = {}
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    for stem in page_stems():
        page.goto(f"{base_url}/{'' if stem == 'overview' else stem}?lang={lang}")
        wait_for_app(page, lang)
        expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
        if found := page.evaluate(CUT):
            cut[stem] = found
    context.close()
    assert cut == {}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_overview_year_ticks_are_whole_years(browser, base_url, lang):
    context, page = open_view(browser, base_url, f"?lang={lang}&years=2021-2023", lang, 1400)
    title = translate("overview.per_year_title", lang)
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text=title)
    expect(chart.locator(".xtick text").first).to_be_attached()
    ticks = chart.locator(".xtick text").all_text_contents()
    context.close()
    assert ticks == ["2021", "2022", "2023"]


def test_dutch_figures_use_the_belgian_separators(browser, base_url):
    context, page = open_view(browser, base_url, "communes?lang=nl&commune=21004", "nl", 1400)
    text = page.locator('[data-testid="stMain"]').inner_text()
    context.close()
    population = re.search(r"\(Statbel\): ([\d.]+) inwoners", text)
    assert population and re.fullmatch(r"\d{1,3}(\.\d{3})+", population[1])
