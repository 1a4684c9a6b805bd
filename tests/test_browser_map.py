"""Clicks on the drawn maps, in the system Chromium: real pixels of the deck.gl canvas.

The pixel of a place is computed from the map's view state with the Web Mercator
projection deck.gl uses (a 512-pixel world at zoom 0), and checked by hovering it first:
the tooltip must name what the test is about to click. Expected titles and names come
from the demo CSV and the reference files, read here with pandas and shapely.

Why clicks were lost: deck.gl picks the object under the pointer synchronously on
``pointerdown`` and its gesture recogniser only calls a press a click when the button is
released within 250 ms. In software WebGL that pick had to finish drawing the dashed
outlines of every approximate place first, which took one to three seconds, so no click
ever reached Streamlit while hovering (picked in animation frames) kept working.
"""

from __future__ import annotations

import io
import math
import re
import time

import numpy as np
import pandas as pd
import pytest
import shapely
from browser_support import ROOT, TIMEOUT_MS, VIEWPORT, wait_for_app
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from partdash.analysis.mapdata import REGION_VIEW
from partdash.i18n import translate
from partdash.inventory import reference

pytestmark = pytest.mark.browser

DEMO_CSV = ROOT / "data" / "demo" / "demo_inventory.csv"
DECK = '[data-testid="stDeckGlJsonChart"]'
UCCLE = "21016"  # large, so some of it is free of points and rings


@pytest.fixture
def page(browser, base_url):  # noqa: F811  (pytest hands in the imported fixtures)
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.base = base_url
    yield page
    context.close()


def open_page(page: Page, path: str) -> None:
    page.goto(f"{page.base}{path}")
    wait_for_app(page, "en")


def mercator(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2**zoom
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


def drawn_canvas(page: Page, index: int = 0) -> dict:
    """The box of a deck's canvas, scrolled into view, once deck.gl has drawn its layers at
    the size the page gives it: a canvas starts at the browser's default 300 × 150 and takes
    the column's size once laid out, later on a busy machine."""
    canvas = page.locator(f"{DECK} canvas").nth(index)
    expect(canvas).to_be_attached()
    read_box = """e => { e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
        return {x: r.left, y: r.top, width: r.width, height: r.height}; }"""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    box = canvas.evaluate(read_box)
    while time.monotonic() < deadline:
        laid_out = box["width"] > 300 and box["height"] > 300
        if laid_out:
            image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
            if len(image.getcolors(maxcolors=1 << 24)) >= 20:
                settled = canvas.evaluate(read_box)
                if settled == box:
                    return box
                box = settled
                continue
        page.wait_for_timeout(500)
        box = canvas.evaluate(read_box)
    raise AssertionError(f"the map's canvas was not laid out and drawn in time: {box}")


def pixel(box: dict, lon: float, lat: float, view: dict = REGION_VIEW) -> tuple[float, float]:
    cx, cy = mercator(view["longitude"], view["latitude"], view["zoom"])
    px, py = mercator(lon, lat, view["zoom"])
    return box["x"] + box["width"] / 2 + px - cx, box["y"] + box["height"] / 2 + py - cy


def hover_until_tip(page: Page, x: float, y: float, text: str) -> None:
    """Hover the pixel until the map's tooltip shows ``text``: deck.gl has loaded the
    layers and the object under the pointer is the one the test means."""
    tip = page.locator(".deck-tooltip")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page.mouse.move(x - 3, y)
        page.mouse.move(x, y)
        page.wait_for_timeout(400)
        if tip.count() and tip.first.is_visible() and text in tip.first.inner_text():
            return
    raise AssertionError(f"no tooltip with {text!r} at ({x:.0f}, {y:.0f})")


def click_until(page: Page, x: float, y: float, shown: Locator, attempts: int = 3) -> None:
    """Click the map until ``shown`` is visible: the state the click leads to, waited for.
    On a busy machine deck.gl may drop a press that outlasts its 250 ms tap window, as a
    user's click would be lost; a click is repeated only after a long wait, since one
    reaching the app late would otherwise be undone by the next."""
    for attempt in range(attempts):
        page.mouse.click(x, y)
        try:
            expect(shown).to_be_visible(timeout=30_000)
            break
        except AssertionError:
            if attempt == attempts - 1:
                raise
            wait_for_app(page, "en")
    wait_for_app(page, "en")


def commune_ground(page: Page, box: dict, nis: str, name: str) -> tuple[float, float]:
    """A pixel of the commune where nothing else is drawn. Points and rings have longer
    tooltips: a pixel whose tooltip is the name alone is the commune's ground. Scanned
    twice, since the layers may still be loading."""
    polygon = reference.communes().set_index("nis").geometry[nis]
    minx, miny, maxx, maxy = polygon.bounds
    candidates = [
        pixel(box, lon, lat)
        for lon in np.linspace(minx, maxx, 9)[1:-1]
        for lat in np.linspace(miny, maxy, 9)[1:-1]
        if polygon.contains(shapely.Point(lon, lat))
    ]
    tip = page.locator(".deck-tooltip")
    for x, y in candidates * 2:
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        if tip.count() and tip.first.is_visible() and tip.first.inner_text().strip() == name:
            return x, y
    raise AssertionError(f"no pixel of {name} free of points")


@pytest.fixture(scope="module")
def isolated_point() -> pd.Series:
    """The demo initiative with a point farthest from any other point, so that its pixel
    cannot be anyone else's."""
    demo = pd.read_csv(DEMO_CSV, dtype=str, keep_default_na=False)
    located = demo[(demo["lat"] != "") & (demo["lon"] != "")].reset_index(drop=True)
    xy = located[["lon", "lat"]].astype(float).to_numpy()
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(distance, np.inf)
    return located.iloc[int(distance.min(axis=1).argmax())]


def test_map_click_opens_record(page, isolated_point):
    open_page(page, "/map?lang=en")
    box = drawn_canvas(page)
    x, y = pixel(box, float(isolated_point["lon"]), float(isolated_point["lat"]))
    title = isolated_point["title_en"] or isolated_point["title_fr"]
    hover_until_tip(page, x, y, title)
    heading = page.get_by_role("heading", name=title)
    click_until(page, x, y, heading)
    expect(page.get_by_text(translate("records.section.nearby", "en"), exact=True)).to_be_visible()
    assert f"initiative={isolated_point['id']}" in page.url
    # A click on it again clears the selection and closes the record; the click hint
    # takes the record's place.
    hover_until_tip(page, x, y, title)
    click_until(page, x, y, page.get_by_text(translate("map.click_hint", "en")))
    expect(heading).to_have_count(0)
    expect(page).not_to_have_url(re.compile("initiative="))


def test_map_click_on_a_commune_selects_it_on_territory(page):
    """A click on a commune where nothing else is drawn: the link to Territory, which
    then looks at that commune."""
    name = reference.commune_names("en")[UCCLE]
    open_page(page, "/map?lang=en")
    found = commune_ground(page, drawn_canvas(page), UCCLE, name)
    link = page.get_by_role("link", name=translate("map.open_territory", "en", place=name))
    click_until(page, *found, link)
    link.click()
    wait_for_app(page, "en")
    expect(page.get_by_role("combobox", name=translate("territory.place", "en"))).to_have_value(
        re.compile(re.escape(name))
    )


def listed_rows(page: Page):
    """The number of rows of the list under the map (the grid counts its header row)."""
    grid = page.locator('.st-key-map_list [role="grid"]')
    expect(grid).to_be_attached()
    return int(grid.get_attribute("aria-rowcount")) - 1


def test_map_click_on_a_commune_lists_only_its_initiatives(page):
    """The list under the map keeps to the commune clicked: the initiatives naming it or
    located in it, with a caption saying so, until it is set back to all."""
    demo = pd.read_csv(DEMO_CSV, dtype=str, keep_default_na=False)
    polygon = reference.communes().set_index("nis").geometry[UCCLE]
    named = demo["communes"].map(lambda cell: UCCLE in cell.split(";"))
    located = np.array(
        [
            bool(lat and lon and polygon.intersects(shapely.Point(float(lon), float(lat))))
            for lat, lon in zip(demo["lat"], demo["lon"], strict=True)
        ]
    )
    expected = int((named | located).sum())
    name = reference.commune_names("en")[UCCLE]
    open_page(page, "/map?lang=en")
    everything = listed_rows(page)
    assert everything > expected > 0
    found = commune_ground(page, drawn_canvas(page), UCCLE, name)
    click_until(page, *found, page.get_by_text(translate("map.list_focus", "en", place=name, count=expected)))
    expect(page.locator('.st-key-map_list [role="grid"]')).to_have_attribute("aria-rowcount", str(expected + 1))
    page.get_by_role("button", name=translate("map.list_all", "en")).click()
    wait_for_app(page, "en")
    expect(page.locator('.st-key-map_list [role="grid"]')).to_have_attribute("aria-rowcount", str(everything + 1))
    expect(page.get_by_text(translate("map.list_caption", "en"))).to_be_visible()


def test_map_grows_with_the_window(browser, base_url):
    """On a laptop the map and its controls fit in the window together; on a large screen
    the map is clearly taller, and deck.gl draws its canvas at that size."""
    heights = {}
    for viewport in ({"width": 1280, "height": 800}, {"width": 1920, "height": 1080}):
        context = browser.new_context(viewport=viewport, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.base = base_url
        open_page(page, "/map?lang=en")
        box = drawn_canvas(page)
        canvas = page.locator(f"{DECK} canvas").first
        drawn = canvas.evaluate("e => [e.width / devicePixelRatio, e.height / devicePixelRatio]")
        assert drawn == pytest.approx([box["width"], box["height"]], abs=2)
        # The element's box grows with the map, which so never spills over what follows.
        assert page.locator(".st-key-map_deck").bounding_box()["height"] == pytest.approx(box["height"], abs=2)
        controls = page.get_by_role("combobox", name=translate("map.colour_by", "en")).bounding_box()
        assert box["y"] + box["height"] - controls["y"] <= viewport["height"], "map and controls fit together"
        heights[viewport["height"]] = box["height"]
        context.close()
    assert heights[800] >= 500
    assert heights[1080] >= heights[800] + 200


def test_territory_map_click_selects_the_quartier(page):
    quartiers = reference.quartiers()
    names = reference.quartier_names("en")
    # A large quartier away from the commune looked at first (Bruxelles), at a point inside it.
    row = (
        quartiers[quartiers["commune_nis"] == "21016"]
        .assign(area=lambda q: q.geometry.to_crs(31370).area)
        .nlargest(1, "area")
    )
    mdrc = int(row["mdrc"].iloc[0])
    inside = shapely.point_on_surface(row.geometry.iloc[0])
    open_page(page, "/territory?lang=en&place=c:21004")
    box = drawn_canvas(page, index=0)
    x, y = pixel(box, inside.x, inside.y)
    hover_until_tip(page, x, y, names[mdrc])
    page.mouse.click(x, y)
    expect(page.get_by_role("combobox", name=translate("territory.place", "en"))).to_have_value(
        re.compile(re.escape(names[mdrc]))
    )
    expect(page).to_have_url(re.compile(f"place=q%3A{mdrc}|place=q:{mdrc}"))
