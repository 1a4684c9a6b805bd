"""The published 2025 figures in the reports: beside the figures only on the whole inventory,
unfiltered; on a filtered view or a smaller file, the one sentence that says why not.

Reports are built with the core functions and read as HTML (chart texts are in the charts'
JSON there) and, for one filtered report, as a printed PDF with pdftotext.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partdash.analysis.aggregates import MIN_KNOWN
from partdash.analysis.figures import PUBLISHED_2025
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.outputs.reports.document import Context
from partdash.outputs.reports.inventory import inventory_report
from partdash.outputs.reports.onepage import one_page, overview_cards
from partdash.outputs.reports.render import print_pdf

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo" / "demo_inventory.csv"
EXAMPLES = ROOT / "data" / "examples" / "examples.csv"
MOBILITY = Filters(themes=("mobility",))


def words(text: str) -> str:
    return " ".join(text.split())


def references(lang: str) -> list[str]:
    """Texts that only a report printing the published figures carries."""
    return [
        translate("overview.published", lang, value=format_number(PUBLISHED_2025["n_initiatives"], lang)),
        translate("reports.col_published", lang),
        translate("methods.published_line", lang, value=format_percent(PUBLISHED_2025["share_sortition_max"], lang)),
        translate(
            "methods.selection_published", lang, published=format_percent(PUBLISHED_2025["share_sortition_max"], lang)
        ),
    ]


def forms(text: str) -> tuple[str, str]:
    """How a text stands in the HTML: escaped in the body, JSON-encoded in a chart."""
    return html.escape(text, quote=True), json.dumps(text)[1:-1]


def appears(text: str, page: str) -> int:
    return sum(page.count(form) for form in set(forms(text)))


def report_html(path: Path, filters: Filters, lang: str) -> str:
    context = Context(load_inventory(path), filters, lang)
    return one_page("overview", context).html(inline_js=False) + inventory_report(context).html(inline_js=False)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_whole_demo_inventory_prints_the_published_figures_and_no_note(lang):
    page = report_html(DEMO, Filters(), lang)
    for reference in references(lang):
        assert appears(reference, page), reference
    assert not appears(translate("figures.published_filtered", lang, published="148"), page)
    assert not appears(translate("figures.published_partial", lang, published="148"), page)


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize(
    ("path", "filters", "note"),
    [(DEMO, MOBILITY, "figures.published_filtered"), (EXAMPLES, Filters(), "figures.published_partial")],
    ids=["filtered-demo", "examples"],
)
def test_filtered_or_small_data_print_the_note_instead_of_the_published_figures(path, filters, note, lang):
    page = report_html(path, filters, lang)
    for reference in references(lang):
        assert not appears(reference, page), reference
    sentence = translate(note, lang, published="148")
    # Once in the overview page, twice in the inventory report: key figures and sortition.
    assert appears(sentence, page) == 3


def test_report_key_figures_on_few_rows_are_counts_not_bare_percentages():
    context = Context(load_inventory(EXAMPLES), Filters(communes=("21013",)), "fr")
    assert 0 < len(context.data) < MIN_KNOWN
    values = [card.value for card in overview_cards(context)]
    assert not any("%" in value for value in values)
    total = format_number(len(context.data), "fr")
    assert any(value.endswith(f" {total}") for value in values)  # "n sur N"
    page = one_page("overview", context).html(inline_js=False)
    assert all(appears(value, page) for value in values)


HAVE_TOOLS = bool(shutil.which("chromium") and shutil.which("pdftotext"))


@pytest.mark.skipif(not HAVE_TOOLS and os.environ.get("CI") != "true", reason="Chromium or poppler-utils missing")
def test_filtered_printed_overview_carries_the_note_and_no_reference(tmp_path):
    context = Context(load_inventory(DEMO), MOBILITY, "nl")
    out = tmp_path / "overview.pdf"
    out.write_bytes(print_pdf(one_page("overview", context).html(inline_js=False)))
    text = words(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
    assert words(translate("figures.published_filtered", "nl", published="148")) in text
    assert "Gepubliceerd 2025" not in text
