"""Every number a chart shows on hover, inside a bar or on a colour bar is written by the
locale's own rules (Babel), never by a plotly (d3) format: d3 writes "50%" in every
language and groups thousands with commas, where French writes "50 %" and Belgian Dutch
"1.234". Checked on every chart of every page and every report, in each language."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from apptest_support import open_page

from partdash.charts.style import localise
from partdash.i18n import LANGS, format_percent
from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.outputs.reports import document
from partdash.outputs.reports.document import Context
from partdash.outputs.reports.inventory import inventory_report
from partdash.outputs.reports.onepage import KINDS, one_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
PLACEHOLDER = re.compile(r"%\{([^}]*)\}")
D3_NUMBER = re.compile(r"^[,.\d~+\-$#]*[%dfegsrpx]?$")  # ".0%", ",", ".1f", ",d"... (not a date format)
PERCENT_FORMAT = re.compile(r"^[,.\d~]*%$")
TEXT_KEYS = ("text", "hovertext")


def _array(value) -> list:
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, list | tuple):
        return [v for item in value for v in (_array(item) if isinstance(item, list | tuple | dict) else [item])]
    return [value]


def _column(trace: dict, name: str) -> list:
    """The values a template placeholder reads: ``x``, ``text``, ``customdata[1]``..."""
    match = re.fullmatch(r"customdata\[(\d+)\]", name)
    if match:
        rows = trace.get("customdata") or []
        if isinstance(rows, dict):  # packed numbers
            return _array(rows)
        return [v for row in rows for v in _array(row[int(match[1])] if isinstance(row, list) else row)]
    return _array(trace.get(name))


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reads_data(name: str) -> bool:
    return name in ("x", "y", "z", "value", *TEXT_KEYS) or name.startswith("customdata")


def template_problems(spec: dict) -> list[str]:
    """Placeholders that print a number plotly formats (a d3 format, or a raw number), and
    share scales whose ticks plotly writes."""
    found = []
    for trace in spec.get("data", []):
        for key in ("hovertemplate", "texttemplate"):
            for template in _array(trace.get(key)):
                for placeholder in PLACEHOLDER.findall(template or ""):
                    name, _, fmt = placeholder.partition(":")
                    name = name.split("|")[0]  # "x|%m/%Y": a numeric date, as the locale orders it
                    if fmt and D3_NUMBER.match(fmt):
                        found.append(f"{trace.get('type')}: d3 format in {template!r}")
                    elif _reads_data(name) and any(_is_number(v) for v in _column(trace, name)):
                        found.append(f"{trace.get('type')}: {name} printed as a raw number in {template!r}")
        for colorbar in (trace.get("colorbar"), (trace.get("marker") or {}).get("colorbar")):
            if colorbar and PERCENT_FORMAT.match(colorbar.get("tickformat", "")) and not colorbar.get("ticktext"):
                found.append(f"{trace.get('type')}: colour bar ticks written by d3 ({colorbar['tickformat']})")
    for name, axis in spec.get("layout", {}).items():
        share_axis = name.startswith(("xaxis", "yaxis")) and PERCENT_FORMAT.match(axis.get("tickformat", ""))
        if share_axis and not axis.get("ticktext"):
            found.append(f"{name}: share ticks written by d3 ({axis['tickformat']})")
    return found


def shown_texts(spec: dict) -> list[str]:
    """The texts a reader sees: bar and cell texts, hover texts, annotations, tick texts."""
    texts = []
    for trace in spec.get("data", []):
        for key in TEXT_KEYS:
            texts += [v for v in _array(trace.get(key)) if isinstance(v, str)]
        for colorbar in (trace.get("colorbar"), (trace.get("marker") or {}).get("colorbar")):
            texts += list((colorbar or {}).get("ticktext", []))
    layout = spec.get("layout", {})
    texts += [a.get("text", "") for a in layout.get("annotations", [])]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")):
            texts += [str(t) for t in axis.get("ticktext", [])]
    return texts


def percent_problems(texts: list[str], lang: str) -> list[str]:
    """Percentages not written as the locale writes them ("50 %" in French, "50%" in Dutch and English)."""
    wrong = r"\d%" if lang == "fr" else r"\d[\s\u00a0\u202f]%"
    return [t for t in texts if re.search(wrong, t)]


def unknown_keys(texts: list[str]) -> list[str]:
    """Catalogue keys shown as such: ``translate`` gives back a key it does not know."""
    return [t for t in texts if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", re.sub(r"<br>.*", "", t))]


def test_the_checks_can_fail():
    fig = go.Figure(go.Bar(x=[0.5], y=["a"], orientation="h", hovertemplate="%{y}: %{x:.0%}<extra></extra>"))
    fig.add_heatmap(z=[[0.5]], colorbar={"tickformat": ".0%"}, customdata=[[3]], hovertemplate="%{customdata[0]}")
    spec = json.loads(fig.update_xaxes(tickformat=".0%").to_json())
    assert len(template_problems(spec)) == 4
    assert template_problems(json.loads(localise(go.Figure(fig), "fr").to_json()))  # text still missing
    assert percent_problems(["50%", "12 of 20"], "fr") == ["50%"]
    assert percent_problems(["50\u00a0%"], "nl") == ["50\u00a0%"]
    assert percent_problems([format_percent(0.5, "fr"), "a 100 % stacked bar"], "fr") == []
    assert unknown_keys(["communes.staff_group_one", "Geen<br>(n = 5)", "0,5"]) == ["communes.staff_group_one"]


NO_CHARTS = {"data", "initiatives", "map"}
# Views whose charts differ from the page's first view: shares per year, a share indicator.
VARIANTS = {
    "themes": {"split": "shares"},
    "communes": {"indicator": "sortition"},
    "timeline": {"split": "organiser_level"},
}


def _page_specs(page: str, lang: str, **params: str) -> list[dict]:
    return [json.loads(e.proto.spec) for e in open_page(page, lang=lang, **params).get("plotly_chart")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_charts_write_numbers_as_the_locale_does(page, lang):
    specs = _page_specs(page, lang) + (_page_specs(page, lang, **VARIANTS[page]) if page in VARIANTS else [])
    assert bool(specs) == (page not in NO_CHARTS)
    for spec in specs:
        title = spec["layout"].get("title", {}).get("text")
        assert template_problems(spec) == [], (page, title)
        assert percent_problems(shown_texts(spec), lang) == [], (page, title)
        assert unknown_keys(shown_texts(spec)) == [], (page, title)


@pytest.mark.parametrize("lang", LANGS)
def test_a_share_on_the_themes_page_reads_as_the_locale_writes_it(lang):
    texts = [t for spec in _page_specs("themes", lang) for t in shown_texts(spec)]
    sample = format_percent(0.5, lang)
    assert sample in texts or any(sample in t for t in texts)
    assert sample == {"fr": "50\u00a0%", "nl": "50%", "en": "50%"}[lang]


@pytest.fixture(scope="module")
def demo_inventory():
    return load_inventory(ROOT / "data" / "demo" / "demo_inventory.csv")


@pytest.mark.parametrize("lang", LANGS)
def test_report_charts_write_numbers_as_the_locale_does(lang, demo_inventory, monkeypatch):
    drawn: list[go.Figure] = []
    original = document.Document.chart

    def keep(self, fig, width, height):
        drawn.append(localise(fig, self.context.lang))
        return original(self, fig, width, height)

    monkeypatch.setattr(document.Document, "chart", keep)
    context = Context(demo_inventory, Filters(), lang)
    inventory_report(context)
    for kind in KINDS:
        one_page(kind, context)
    assert len(drawn) > 10
    for fig in drawn:
        spec = json.loads(fig.to_json())
        assert template_problems(spec) == [], spec["layout"].get("title", {}).get("text")
        assert percent_problems(shown_texts(spec), lang) == []
