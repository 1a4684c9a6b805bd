"""Numbers as people read them on every page: plurals that agree with their count on an
inventory of one initiative, whole-year axes, Belgian Dutch thousands, and the published
2025 figures only beside figures that they describe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from apptest_support import open_page
from conftest import canonical_row
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from partdash.analysis import figures
from partdash.charts.style import apply_layout, localise, separators
from partdash.i18n import LANGS, catalogue, plural_keys, translate
from partdash.inventory.loader import load_inventory

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
DEMO = ROOT / "data" / "demo" / "demo_inventory.csv"
ELEMENTS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "success",
    "error",
    "metric",
    "expander",
    "plotly_chart",
    "deck_gl_json_chart",
)


def _strings(value) -> list[str]:
    """Every string in a message, with JSON specs (plotly, pydeck) opened."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, str):
        if value[:1] in "{[":
            try:
                return _strings(json.loads(value))
            except ValueError:
                pass
        return [value]
    return []


def page_text(at: AppTest) -> str:
    return "\n".join(s for kind in ELEMENTS for element in at.get(kind) for s in _strings(MessageToDict(element.proto)))


def plural_words(lang: str) -> set[str]:
    """The words that a plural form puts after its count where the singular form says
    something else ("initiatives" for "initiative", "gewestelijke" for "gewestelijk")."""
    words = set()
    for key in plural_keys():
        forms = catalogue()[key][lang]
        one, other = (re.split(r"\{count\}\**", forms[f], maxsplit=1)[-1].split()[:2] for f in ("one", "other"))
        words |= {w.strip(".,:;()") for w, s in zip(other, one, strict=False) if w != s}
    return {w for w in words if w}


def disagreeing(text: str, lang: str) -> list[str]:
    """Counts of one (and, in French, of zero) followed by a plural form: "1 initiatives"."""
    counts = "[01]" if lang == "fr" else "1"
    words = "|".join(sorted(map(re.escape, plural_words(lang)), key=len, reverse=True))
    return re.findall(rf"(?<![\d.,\u202f\u00a0]){counts}\**\s+(?:(?:{words})\b)", text)


def test_plural_words_are_found_and_the_check_can_fail():
    assert {"initiatives", "lignes", "lieux"} <= plural_words("fr")
    assert {"initiatieven", "rijen", "plaatsen"} <= plural_words("nl")
    assert {"initiatives", "rows", "places"} <= plural_words("en")
    assert disagreeing("telt 1 initiatieven", "nl") == ["1 initiatieven"]
    assert disagreeing("0 initiatives régionales ; 21 initiatives", "fr") == ["0 initiatives"]
    assert disagreeing("**1** initiatives sur 148", "fr") == ["1** initiatives"]
    assert disagreeing("0 initiatives, 1 initiative, 11 initiatives", "en") == []


@pytest.fixture(scope="module")
def one_initiative(tmp_path_factory):
    path = tmp_path_factory.mktemp("one") / "one.csv"
    row = canonical_row(1, quartiers="47", selection="sortition", feedback_to_participants="no")
    pd.DataFrame([row]).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_count_disagrees_with_its_noun_on_one_initiative(page, lang, one_initiative, monkeypatch):
    monkeypatch.setenv("PARTDASH_DATA", str(one_initiative))
    at = open_page(page, lang=lang)
    text = page_text(at)
    assert len(text) > 100, text
    assert disagreeing(text, lang) == [], page


def test_overview_year_axis_has_whole_years_only():
    at = open_page("overview", lang="nl", years="2021-2023")
    title = translate("overview.per_year_title", "nl")
    spec = next(
        s for s in (json.loads(e.proto.spec) for e in at.get("plotly_chart")) if s["layout"]["title"]["text"] == title
    )
    years = {x for trace in spec["data"] for x in trace["x"]}
    assert years == {"2021", "2022", "2023"}
    # Categories: one tick per year, and nothing between two years.
    assert spec["layout"]["xaxis"]["type"] == "category"
    assert spec["layout"]["separators"] == ",."


def test_numeric_years_get_integer_ticks_and_counts_do_not():
    fig = go.Figure(go.Bar(x=[2021, 2022, 2023], y=[2021, 4, 9]))
    localise(apply_layout(fig, "t"), "fr")
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick == 1
    assert fig.layout.yaxis.tickformat is None  # a count axis, even when a count looks like a year
    wide = apply_layout(go.Figure(go.Scatter(x=list(range(1990, 2025)), y=[1] * 35)), "t")
    assert wide.layout.xaxis.tickformat == "d" and wide.layout.xaxis.dtick is None
    shares = apply_layout(go.Figure(go.Bar(x=[0.2, 0.5], y=["a", "b"], orientation="h")), "t")
    assert shares.layout.xaxis.tickformat is None and shares.layout.yaxis.type is None


@pytest.mark.parametrize(("lang", "expected"), [("fr", ",\u202f"), ("nl", ",."), ("en", ".,")])
def test_plotly_separators_follow_cldr(lang, expected):
    assert separators(lang) == expected


def test_dutch_population_uses_points_for_thousands():
    at = open_page("communes", lang="nl", commune="21004")
    captions = " ".join(c.value for c in at.caption)
    population = re.search(r"\(Statbel\): ([\d.]+) inwoners", captions)
    assert population and re.fullmatch(r"\d{1,3}(\.\d{3})+", population[1]), captions


# ---------------------------------------------------------------- published 2025 references


@pytest.fixture(scope="module")
def demo():
    return load_inventory(DEMO).data


def test_published_figures_stand_beside_the_whole_demo_inventory(demo):
    assert figures.published_note(demo, demo, "fr") is None


def test_published_figures_are_left_out_of_a_filtered_view(demo):
    note = figures.published_note(demo.iloc[:10], demo, "nl")
    assert note == translate("figures.published_filtered", "nl", published="148")


def test_published_figures_are_left_out_beside_a_small_file(demo):
    two = demo.iloc[:2]
    assert figures.published_note(two, two, "en") == translate("figures.published_partial", "en", published="148")


def test_overview_shows_references_only_unfiltered():
    reference = translate("overview.published", "fr", value="148")
    whole = open_page("overview", lang="fr")
    assert reference in [c.value for c in whole.caption]
    assert translate("figures.published_filtered", "fr", published="148") not in [c.value for c in whole.caption]
    filtered = open_page("overview", lang="fr", years="2021-2023")
    captions = [c.value for c in filtered.caption]
    assert not any(c.startswith(translate("overview.published", "fr", value="")) for c in captions)
    assert translate("figures.published_filtered", "fr", published="148") in captions
    examples = open_page("overview", lang="en", data="examples")
    assert translate("figures.published_partial", "en", published="148") in [c.value for c in examples.caption]


# ---------------------------------------------------------------- names and attribution


def test_quartier_names_are_accented_and_cased():
    from partdash.inventory.reference import quartier_names, quartiers, resolve_quartier

    fr, nl = quartier_names("fr"), quartier_names("nl")
    assert len(fr) == len(nl) == len(quartiers()) == 145
    assert fr[35] == "Quartier Européen" and fr[41] == "Berckmans - Hôtel des Monnaies"
    assert fr[700] == "Cimetière de Bruxelles" and fr[12] == "Cureghem Vétérinaire" and nl[49] == "Bosnië"
    for name in [*fr.values(), *nl.values()]:
        assert name and name != name.upper() and "  " not in name and name == name.strip(), name
    # Typed with or without accents, a name still finds its quartier.
    assert resolve_quartier("Quartier Européen") == resolve_quartier("QUARTIER EUROPEEN") == 35


@pytest.mark.parametrize("lang", LANGS)
def test_map_attribution_is_in_the_page_language(lang):
    text = translate("shell.attribution", lang, urbis="Brussels UrbIS")
    assert "statistical sectors" not in text or lang == "en"
    assert "Fonds de carte" not in text and "Kaartgegevens" not in text
    assert "2016-2026" in text and "Statbel" in text


def test_date_axes_tick_in_numbers_day_first():
    from partdash.charts.style import d3_date_format

    assert [d3_date_format(lang) for lang in LANGS] == ["%-d/%m/%Y", "%-d/%m/%Y", "%d/%m/%Y"]
    months = pd.date_range("2021-01-01", periods=5, freq="MS")
    fig = localise(apply_layout(go.Figure(go.Scatter(x=months, y=[1, 2, 3, 4, 5])), "t"), "nl")
    assert [s.value for s in fig.layout.xaxis.tickformatstops] == ["%-d/%m/%Y", "%m/%Y", "%Y"]
    own = go.Figure(go.Scatter(x=months, y=[1, 2, 3, 4, 5])).update_xaxes(tickformat="%Y")
    assert not localise(own, "fr").layout.xaxis.tickformatstops  # a chart's own format stays


def test_share_axes_write_percentages_as_the_locale_does():
    def shares(**axis):
        fig = go.Figure(go.Bar(x=[0.2, 0.5], y=["a", "b"], orientation="h")).update_xaxes(tickformat=".0%", **axis)
        return fig

    fr = localise(shares(range=[0, 1]), "fr").layout.xaxis
    assert list(fr.tickvals) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert fr.ticktext == ("0\u00a0%", "20\u00a0%", "40\u00a0%", "60\u00a0%", "80\u00a0%", "100\u00a0%")
    assert localise(shares(tickvals=[0, 0.25]), "nl").layout.xaxis.ticktext == ("0%", "25%")
    assert localise(shares(), "fr").layout.xaxis.ticktext is None  # no range, no ticks: plotly places them


def test_four_digit_counts_are_grouped_but_years_are_not():
    fig = apply_layout(go.Figure(go.Bar(x=[2021, 2022], y=[1200, 1800])), "t")
    assert fig.layout.template.layout.yaxis.separatethousands is True
    assert fig.layout.xaxis.tickformat == "d"  # "d" never groups: 2021, not "2 021"
