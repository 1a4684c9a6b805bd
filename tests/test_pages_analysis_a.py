"""The Themes, Timeline and Methods pages render in every language on both built-in
datasets, draw the charts they promise (titles checked against the catalogue, so a
chart in the wrong language or a missing chart fails), and say so instead of drawing
empty axes when the filters leave nothing."""

from __future__ import annotations

import base64
import csv
import json
from pathlib import Path

import numpy as np
import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest

from partdash.analysis.figures import PUBLISHED_2025
from partdash.i18n import format_number, translate
from partdash.inventory.vocab import VOCABULARIES

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "demo_inventory.csv"
EXAMPLES = ROOT / "data" / "examples" / "examples.csv"

CHART_TITLES = {
    "themes": (
        "themes.shares_title",
        "themes.by_year_title",
        "themes.by_level_title",
        "themes.cooc_title",
        "themes.trend_title",
    ),
    "timeline": (
        "timeline.per_year_title",
        "timeline.recurrence_title",
        "timeline.duration_title",
        "timeline.active_title",
    ),
    "methods": (
        "methods.ladder_title",
        "methods.by_level_title",
        "methods.selection_title",
        "methods.formats_title",
        "methods.mobilisation_title",
        "methods.publics_title",
    ),
}


def specs(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures by title."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def values(array) -> list:
    """A figure array as plotly serialises it: a list, or numbers packed as base64."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def with_duration(path: Path) -> int:
    """Rows with both dates that are not permanent bodies: the duration histogram's n."""
    return sum(bool(r["start_date"] and r["end_date"]) and r["recurrence"] != "permanent" for r in read_rows(path))


def titles(keys, lang: str, path: Path = DEMO) -> set[str]:
    """Chart titles from the catalogue (the duration histogram's carries its n, the theme
    trend its default periods)."""
    n = format_number(with_duration(path), lang)
    return {translate(k, lang, n=n, a="2017-2018", b="2019-2023") for k in keys}


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("page", list(CHART_TITLES))
def test_page_on_demo_data(page, lang):
    at = open_page(page, lang=lang)
    assert at.title[0].value == translate(f"nav.page.{page}", lang)
    figures = specs(at)
    assert set(figures) == titles(CHART_TITLES[page], lang)
    assert not at.warning


def demo_theme_shares() -> dict[str, float]:
    rows = read_rows(DEMO)
    return {
        code: sum(code in r["themes"].split(";") for r in rows) / len(rows) for code in VOCABULARIES["themes"].codes
    }


def test_theme_shares_chart_matches_the_demo_file():
    bars = specs(open_page("themes", lang="en"))[translate("themes.shares_title", "en")]["data"][0]
    drawn = dict(zip(values(bars["customdata"]), values(bars["x"]), strict=False))
    expected = demo_theme_shares()
    assert drawn == pytest.approx(expected)
    assert sum(expected.values()) > 1  # multi-theme rows: the shares add up past 100 %


def test_sortition_is_compared_with_the_published_figure():
    figures = specs(open_page("methods", lang="fr"))
    selection = figures[translate("methods.selection_title", "fr")]
    assert [s["x0"] for s in selection["layout"]["shapes"]] == [PUBLISHED_2025["share_sortition_max"]]
    bars = selection["data"][0]
    assert values(bars["customdata"])[-1] == "sortition"  # on top: horizontal bars are drawn bottom-up
    assert len(set(values(bars["marker"]["color"]))) == 2  # sortition in colour, the others grey


@pytest.mark.parametrize(
    ("page", "params", "swap"),
    [
        ("themes", {"split": "shares"}, ("themes.by_year_title", "themes.by_year_shares_title")),
        ("timeline", {"split": "organiser_level"}, None),
        ("methods", {}, None),
    ],
)
def test_page_on_examples(page, params, swap):
    at = open_page(page, lang="nl", data="examples", **params)
    expected = titles(CHART_TITLES[page], "nl", EXAMPLES)
    if swap:
        expected = (expected - titles(swap[:1], "nl")) | titles(swap[1:], "nl")
    figures = specs(at)
    assert set(figures) == expected
    if page == "timeline":
        (histogram,) = (figures[t] for t in titles(["timeline.duration_title"], "nl", EXAMPLES))
        names = {trace["name"] for trace in histogram["data"]}
        assert names and names <= set(VOCABULARIES["organiser_level"].labels("nl").values())


@pytest.mark.parametrize("page", list(CHART_TITLES))
def test_no_matching_initiative_says_so(page):
    at = open_page(page, lang="nl", q="zzzzzz")
    assert [w.value for w in at.warning] == [translate("shell.no_match", "nl")]
    assert not at.get("plotly_chart")
