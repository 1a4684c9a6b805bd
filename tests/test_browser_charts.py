"""The analysis charts in the system Chromium: clicking a commune's bar in the Communes
ranking chooses that commune, and a chart's data can be opened and downloaded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_browser import new_user, user  # noqa: F401

from partdash.i18n import translate
from partdash.inventory.reference import commune_names

pytestmark = pytest.mark.browser

UCCLE = "21016"


def chart_titled(page: Page, title: str):
    chart = page.locator(".js-plotly-plot").filter(has_text=title)
    expect(chart.locator(".main-svg").first).to_be_visible()
    return chart


def click_bar_of(page: Page, chart, label: str) -> None:
    """Click inside the bar whose y-axis label is ``label``, near the axis where every bar starts."""
    tick = chart.locator("g.ytick text").filter(has_text=re.compile(rf"^{re.escape(label)}$"))
    plot = chart.locator("rect.nsewdrag").first
    tick.scroll_into_view_if_needed()
    tick_box, plot_box = tick.bounding_box(), plot.bounding_box()
    page.mouse.click(plot_box["x"] + 6, tick_box["y"] + tick_box["height"] / 2)


def test_clicking_a_communes_bar_chooses_it(user):  # noqa: F811
    lang = "en"
    names = commune_names(lang)
    page = user.open(f"/communes?lang={lang}&commune=21015", lang)
    ranking_title = translate("communes.ranking_title", lang, indicator=translate("communes.indicator.per_10k", lang))
    ranking = chart_titled(page, ranking_title)
    click_bar_of(page, ranking, names[UCCLE])
    expect(page).to_have_url(re.compile(rf"[?&]commune={UCCLE}(&|$)"))
    chart_titled(page, translate("communes.profile_title", lang, name=names[UCCLE]))
    choice = page.get_by_role("combobox", name=translate("communes.choose", lang), exact=True)
    expect(choice).to_have_value(names[UCCLE])
    user.assert_clean()


def test_a_charts_data_opens_as_a_table_and_downloads_as_csv(user):  # noqa: F811
    lang = "fr"
    page = user.open(f"/?lang={lang}", lang)
    chart_titled(page, translate("overview.levels_title", lang))
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=translate("charts.data_title", lang))
    expander.nth(1).locator("summary").click()
    expect(expander.nth(1).locator('[data-testid="stDataFrame"]')).to_be_visible()
    button = expander.nth(1).get_by_role("button", name=translate("charts.download_csv", lang))
    button.scroll_into_view_if_needed()
    expect(button).to_be_enabled()
    with page.expect_download() as download:
        button.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    header = text.splitlines()[0]
    assert translate("charts.col.denominator", lang) in header
    assert "Communal" in text and "148" in text
    user.assert_clean()
