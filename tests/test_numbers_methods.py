"""The Methods page draws the published 2025 sortition ceiling only beside the whole
inventory, unfiltered: a filtered view or a small file gets its own shares and one line
saying what the published figures describe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import open_page

from partdash.analysis.figures import PUBLISHED_2025
from partdash.charts.methods import method_caption, method_chart
from partdash.i18n import format_percent, translate
from partdash.inventory.loader import load_inventory

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo" / "demo_inventory.csv"
CEILING = PUBLISHED_2025["share_sortition_max"]


@pytest.fixture(scope="module")
def demo():
    return load_inventory(DEMO).data


def _published_sentence(lang: str) -> str:
    return translate("methods.selection_published", lang, published=format_percent(CEILING, lang))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_selection_chart_draws_the_ceiling_only_when_published(demo, lang):
    beside = method_chart(demo, "selection", lang, published=True)
    alone = method_chart(demo, "selection", lang, published=False)
    assert [shape.x0 for shape in beside.layout.shapes] == [CEILING]
    assert alone.layout.shapes == ()
    line = translate("methods.published_line", lang, value=format_percent(CEILING, lang))
    assert line in [a.text for a in beside.layout.annotations]
    assert line not in [a.text for a in alone.layout.annotations]
    # Sortition stays on top and in colour; its bar keeps its own share text without the mark.
    bars = alone.data[0]
    assert bars.customdata[-1] == "sortition" and bars.text[-1]
    assert len(set(bars.marker.color)) == 2


def test_selection_caption_names_the_published_figure_only_when_published(demo):
    assert _published_sentence("fr") in method_caption(demo, "selection", True, "fr", published=True)
    caption = method_caption(demo, "selection", True, "fr", published=False)
    assert _published_sentence("fr") not in caption
    assert format_percent(CEILING, "fr") not in caption
    assert caption.endswith(translate("methods.click_filter", "fr"))


def _selection(at, lang: str) -> dict:
    title = translate("methods.selection_title", lang)
    return next(
        s for s in (json.loads(e.proto.spec) for e in at.get("plotly_chart")) if s["layout"]["title"]["text"] == title
    )


def test_methods_page_shows_the_published_ceiling_only_unfiltered():
    note = translate("figures.published_filtered", "nl", published="148")
    whole = open_page("methods", lang="nl")
    assert [s["x0"] for s in _selection(whole, "nl")["layout"].get("shapes", [])] == [CEILING]
    assert note not in [c.value for c in whole.caption]
    assert any(_published_sentence("nl") in c.value for c in whole.caption)

    filtered = open_page("methods", lang="nl", years="2021-2023")
    assert not _selection(filtered, "nl")["layout"].get("shapes")
    captions = [c.value for c in filtered.caption]
    assert note in captions
    assert not any(_published_sentence("nl") in c for c in captions)


def test_methods_page_on_a_small_file_says_what_the_published_figures_describe():
    at = open_page("methods", lang="fr", data="examples")
    captions = [c.value for c in at.caption]
    assert translate("figures.published_partial", "fr", published="148") in captions
    assert not any(_published_sentence("fr") in c for c in captions)
    assert not _selection(at, "fr")["layout"].get("shapes")
