"""The Data page in a browser: the downloads a user clicks, and a filled template uploaded.

Expected rows come from the demo CSV read here with pandas; expected sentences from the
catalogue; every downloaded file is opened with openpyxl, json or the loader.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from browser_support import as_shown
from playwright.sync_api import Page, expect

# The browser fixtures of test_browser (one server and one Chromium per module), by name.
from test_browser import DEMO_CSV, Watched, expect_count, new_user, require_page, user  # noqa: F401
from test_template import _filled

from partdash.i18n import translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import group_findings

pytestmark = pytest.mark.browser


def download(page: Page, label: str, tmp_path: Path) -> Path:
    button = page.get_by_role("button", name=label, exact=True)
    button.scroll_into_view_if_needed()
    with page.expect_download() as caught:
        button.click()
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(path)
    return path


def test_downloads_give_the_filtered_rows_for_people_and_for_machines(user: Watched, tmp_path):  # noqa: F811
    require_page("data")
    demo = pd.read_csv(DEMO_CSV, dtype=str, keep_default_na=False)
    expected = demo[demo["themes"].str.split(";").map(lambda codes: "mobility" in codes)]
    assert 0 < len(expected) < len(demo)
    page = user.open("/data?lang=fr&themes=mobility", "fr")
    expect_count(page, "fr", len(expected), len(demo))

    people = download(page, translate("data.download_people", "fr", fmt="XLSX"), tmp_path)
    assert people.name == "partdash_demo_fr.xlsx"
    workbook = openpyxl.load_workbook(people)
    assert workbook.sheetnames == ["inventaire", "à propos"]
    sheet = workbook["inventaire"]
    assert sheet.freeze_panes == "A2" and sheet.max_row == len(expected) + 1
    assert [c.value for c in sheet["A"][1:]] == expected["id"].tolist()
    about = {row[0]: row[1] for row in workbook["à propos"].iter_rows(values_only=True)}
    assert about["Thèmes"] == "Mobilité"
    assert about[translate("export.demo_title", "fr")] == translate("export.demo_text", "fr")

    machine = download(page, translate("data.download_machine", "fr", fmt="CSV"), tmp_path)
    again = load_inventory(machine)
    assert again.report.errors == [] and again.data["id"].tolist() == expected["id"].tolist()

    geojson = json.loads(download(page, translate("data.download_machine", "fr", fmt="GeoJSON"), tmp_path).read_text())
    assert [f["properties"]["id"] for f in geojson["features"]] == expected["id"].tolist()
    approximate = [f for f in geojson["features"] if f["properties"]["approximate"]]
    assert approximate and all(f["geometry"]["type"] == "Point" for f in approximate)
    assert geojson["partdash"]["filters"] == {"themes": "mobility"} and geojson["partdash"]["demonstration"]

    template = openpyxl.load_workbook(download(page, translate("data.download_template", "fr"), tmp_path))
    assert template.sheetnames[0] == "readme" and "codebook" in template.sheetnames
    user.assert_clean()


def test_a_filled_template_uploads_and_its_unknown_value_is_offered_for_download(user: Watched, tmp_path):  # noqa: F811
    require_page("data")
    filled = _filled(tmp_path, "nl")
    page = user.open("/data?lang=nl", "nl")
    page.locator('input[type="file"]').first.set_input_files(str(filled))
    loaded = translate("data.upload_loaded", "nl", name=filled.name, count=3, rows="3", rejected="0")
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=loaded)).to_be_visible()
    expect_count(page, "nl", 3, 3)
    report = load_inventory(filled).report
    problem = group_findings(report.warnings)[0]
    assert problem.key == "unmatched_value"
    box = page.locator('[data-testid="stAlert"]').filter(has_text=as_shown(problem.message("nl")))
    expect(box).to_be_visible()
    for group in group_findings(report.warnings)[1:]:
        expect(page.get_by_text(as_shown(group.message("nl")))).to_be_visible()

    unmatched = download(page, translate("data.download_unmatched", "nl", n="1"), tmp_path)
    rows = pd.read_csv(io.BytesIO(unmatched.read_bytes()), sep=";", encoding="utf-8-sig", dtype=str)
    assert rows.to_dict("records") == [
        {
            translate("data.col_row", "nl"): "4",
            translate("data.col_field", "nl"): "quartiers",
            translate("data.col_unknown", "nl"): "Quartier qui n'existe pas",
            translate("data.col_cell", "nl"): "Quartier qui n'existe pas",
        }
    ]
    user.assert_clean()
