"""The Quality and Editions pages in Chromium: download a to-do workbook and load it back,
see what changed between the demo editions, upload another edition."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from browser_support import ROOT, TIMEOUT_MS, VIEWPORT, wait_for_app
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

# The app server and the browser, one per module, as the app's own browser tests start them
# (the browser fixture skips without Chromium locally and fails in CI).
from partdash.analysis.editions import compare
from partdash.i18n import format_number, translate
from partdash.inventory.loader import load_inventory
from partdash.outputs.todo import TODO_FILL

pytestmark = pytest.mark.browser

DEMO = ROOT / "data" / "demo"
FIRST = pd.read_csv(DEMO / "demo_inventory.csv", dtype=str, keep_default_na=False)
LATER = pd.read_csv(DEMO / "demo_inventory_2025b.csv", dtype=str, keep_default_na=False)


@pytest.fixture
def page(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base_url = base_url
    yield page
    assert errors == []
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()


def _open(page: Page, stem: str, lang: str) -> None:
    page.goto(f"{page.base_url}/{stem}?lang={lang}")
    wait_for_app(page, lang)


def _metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_download_the_todo_workbook_and_load_it_back(page, lang, tmp_path):
    _open(page, "quality", lang)
    expect(page.get_by_text(translate("quality.score_definition", lang))).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(2)
    button = page.get_by_role("button", name=translate("quality.download_one", lang))
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("demo_todo_") and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path)
    sheet = workbook["inventory"]
    assert any(cell.fill == TODO_FILL for row in sheet.iter_rows(min_row=2) for cell in row)
    assert any(dv.type == "list" for dv in sheet.data_validations.dataValidation)
    back = load_inventory(path)
    organiser = back.data["organiser"].iloc[0]
    assert set(back.data["organiser"]) == {organiser}
    assert sorted(back.data["id"]) == sorted(FIRST.loc[FIRST["organiser"] == organiser, "id"])
    demo = load_inventory(DEMO / "demo_inventory.csv").data
    assert compare(demo[demo["organiser"] == organiser], back.data).changed == []


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_see_what_changed_between_the_demo_editions(page, lang, tmp_path):
    _open(page, "editions", lang)
    added = set(LATER["id"]) - set(FIRST["id"])
    removed = set(FIRST["id"]) - set(LATER["id"])
    expect(_metric(page, translate("editions.added", lang))).to_have_text(format_number(len(added), lang))
    expect(_metric(page, translate("editions.removed", lang))).to_have_text(format_number(len(removed), lang))
    page.get_by_role("tab", name=translate("editions.changes_title", lang)).click()
    expect(page.get_by_role("button", name=translate("editions.download_csv", lang))).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name=translate("editions.download_csv", lang)).click()
    csv = Path(info.value.path()).read_text(encoding="utf-8-sig")
    header = csv.splitlines()[0]
    assert header.startswith(translate("editions.col_id", lang))
    status_label = translate("editions.status_chart", lang)
    expect(page.locator('[data-testid="stPlotlyChart"]').filter(has_text=status_label)).to_be_visible()


def test_upload_another_edition(page, tmp_path):
    _open(page, "editions", "en")
    page.get_by_text(translate("editions.source.upload", "en")).click()
    page.locator('input[type="file"]').set_input_files(str(DEMO / "demo_inventory_2025b.csv"))
    added = set(LATER["id"]) - set(FIRST["id"])
    expect(_metric(page, translate("editions.added", "en"))).to_have_text(str(len(added)))
    expect(page.get_by_text("demo_inventory_2025b.csv").first).to_be_visible()
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(empty))
    prefix = translate("editions.load_failed", "en", message="")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=prefix)).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
