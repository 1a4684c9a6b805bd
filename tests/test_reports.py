"""The view line, the one-page PDFs, the inventory report and ``partdash report``.

Expected counts come from ``partdash figures --json`` with the same filters, expected names
from the reference tables and the catalogue; the PDFs are read back with poppler
(``pdfinfo``, ``pdftotext``). PDF tests need Chromium and poppler: they skip locally
when one is absent and fail in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partdash import cli
from partdash.analysis.aggregates import share_table
from partdash.charts.overview import share_bars
from partdash.charts.style import scale_fonts
from partdash.i18n import LANGS, format_number, translate
from partdash.inventory import reference
from partdash.inventory.filters import Filters, apply_filters, from_query
from partdash.inventory.loader import load_inventory
from partdash.outputs.reports.onepage import parse_place
from partdash.outputs.viewline import filter_words, view_line

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo" / "demo_inventory.csv"
EXAMPLES = ROOT / "data" / "examples" / "examples.csv"
# The meeting's picture (issue 10) on the demo; communal initiatives on the examples.
FILTERS = {DEMO: ["level=communal", "themes=mobility", "years=2021-2023"], EXAMPLES: ["level=communal"]}
COMMUNE = "21013"  # Saint-Gilles / Sint-Gillis
QUARTIER = "58"

HAVE_TOOLS = bool(shutil.which("chromium") and shutil.which("pdftotext") and shutil.which("pdfinfo"))
needs_pdf = pytest.mark.skipif(
    not HAVE_TOOLS and os.environ.get("CI") != "true", reason="Chromium or poppler-utils not installed"
)


def words(text: str) -> str:
    """Whitespace made uniform: PDF text breaks lines where the page did."""
    return " ".join(text.split())


def figures_json(path: Path, filters: list[str], capsys) -> dict:
    args = ["figures", str(path), "--json"] + [f"--filter={f}" for f in filters]
    assert cli.main(args) == 0
    return json.loads(capsys.readouterr().out)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(path: Path) -> str:
    return words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


# The view line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Mobilité · Communal · 2021–2023 : 15 initiatives sur 148"),
        ("nl", "Mobiliteit · Gemeentelijk · 2021–2023: 15 initiatieven van 148"),
        ("en", "Mobility · Communal · 2021–2023: 15 initiatives of 148"),
    ],
)
def test_view_line_names_the_filters_and_the_count_in_the_language(lang, expected):
    inventory = load_inventory(DEMO)
    filters = from_query({"level": "communal", "themes": "mobility", "years": "2021-2023"})
    shown = len(apply_filters(inventory.data, filters))
    line = view_line(filters, shown, len(inventory.data), lang, "demo", inventory.source, inventory.is_demo)
    assert line.text().startswith(expected)
    assert line.dataset == translate("shell.dataset_name.demo", lang)
    assert line.text().endswith(translate("reports.demo_label", lang))


def test_view_line_without_filters_says_all_and_real_data_has_no_demo_label():
    inventory = load_inventory(EXAMPLES)
    n = len(inventory.data)
    line = view_line(Filters(), n, n, "fr", None, "examples.csv", inventory.is_demo)
    assert line.text() == f"Toutes les initiatives : {n} initiatives sur {n} — examples.csv"
    assert line.demo is None


def test_filter_words_join_values_of_one_filter_with_or_and_quote_the_search():
    filters = from_query({"communes": "21013,21004", "q": "budget"})
    names = reference.commune_names("nl")
    assert filter_words(filters, "nl") == [f"{names['21013']} of {names['21004']}", "‘budget’"]


# Presentation fonts -------------------------------------------------------------------


def test_scale_fonts_raises_every_chart_text_to_the_minimum():
    demo = load_inventory(DEMO).data
    shares = share_table(demo, "organiser_level")
    fig = share_bars(shares, "organiser_level", "fr", "Titre", "Part", ["a"] * len(shares))
    fig.update_traces(textfont_size=11)
    big = scale_fonts(fig, 1.4, 18, 1.25)
    assert big.layout.font.size >= 18
    assert all(trace.textfont.size >= 18 for trace in big.data)
    assert big.layout.template.layout.title.font.size >= 18
    assert big.layout.height == round(fig.layout.height * 1.25)
    assert fig.data[0].textfont.size == 11  # the original is untouched


# Reports from the command line --------------------------------------------------------


def _expect_common(text: str, path: Path, filters: list[str], lang: str, capsys) -> None:
    inventory = load_inventory(path)
    figures = figures_json(path, filters, capsys)
    query = dict(f.split("=", 1) for f in filters)
    line = view_line(
        from_query(query), figures["n_initiatives"], len(inventory.data), lang, None, path.name, inventory.is_demo
    )
    assert words(line.text()) in text
    count = translate(
        "reports.line.count",
        lang,
        count=figures["n_initiatives"],
        total=format_number(len(inventory.data), lang),
    )
    assert words(count) in text
    demo_label = words(translate("reports.demo_label", lang))
    assert (demo_label in text) == (path == DEMO)


@needs_pdf
@pytest.mark.parametrize("path", [DEMO, EXAMPLES], ids=["demo", "examples"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["overview", "commune", "territory", "followup"])
def test_one_page_reports_are_one_a4_page_saying_what_they_show(kind, lang, path, tmp_path, capsys):
    out = tmp_path / f"{kind}.pdf"
    filters = FILTERS[path]
    args = ["report", kind, str(path), "--lang", lang, "-o", str(out)] + [f"--filter={f}" for f in filters]
    args += {"commune": ["--commune", COMMUNE], "territory": ["--place", QUARTIER]}.get(kind, [])
    assert cli.main(args) == 0
    capsys.readouterr()
    assert pdf_pages(out) == 1
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "841.92 x 594.96" in info  # A4 landscape, in points
    text = pdf_text(out)
    _expect_common(text, path, filters, lang, capsys)
    if kind == "commune":
        assert words(reference.commune_names(lang)[COMMUNE]) in text
    if kind == "territory":
        quartiers = reference.quartiers().set_index("mdrc")
        column = "label_nl" if lang == "nl" else "label_fr"
        assert words(quartiers.loc[int(QUARTIER), column]) in text
    if kind == "overview":
        figures = figures_json(path, filters, capsys)
        # Both views are filtered: the note, never the published figures beside them.
        assert words(translate("overview.published", lang, value=format_number(148, lang))) not in text
        note = "figures.published_filtered" if path == DEMO else "figures.published_partial"
        assert words(translate(note, lang, published=format_number(148, lang))) in text
        assert format_number(figures["n_initiatives"], lang) in text


@needs_pdf
@pytest.mark.parametrize("path", [DEMO, EXAMPLES], ids=["demo", "examples"])
@pytest.mark.parametrize("lang", LANGS)
def test_inventory_report_follows_the_published_analysis(lang, path, tmp_path, capsys):
    out = tmp_path / "inventory.pdf"
    assert cli.main(["report", "inventory", str(path), "--lang", lang, "-o", str(out)]) == 0
    capsys.readouterr()
    assert 3 <= pdf_pages(out) <= 8
    text = pdf_text(out)
    _expect_common(text, path, [], lang, capsys)
    for section in ("key_figures", "themes", "organisers", "methods", "selection", "durations", "followup", "communes"):
        assert words(translate(f"reports.section.{section}", lang)) in text
    report = load_inventory(path).report
    assert (
        words(
            translate(
                "reports.text.validation",
                lang,
                source=path.name,
                rows_in=format_number(report.rows_in, lang),
                loaded=format_number(report.rows_loaded, lang),
                rejected=format_number(report.rows_rejected, lang),
                warnings=format_number(len(report.warnings), lang),
            )
        )
        in text
    )


def test_html_report_without_chromium_is_self_contained_and_shows_data_as_typed(
    csv_file, monkeypatch, tmp_path, capsys
):
    from conftest import canonical_row

    path = csv_file([canonical_row(1, title_fr="<b>Place</b></script><img src=x>")])
    monkeypatch.setenv("BROWSER_PATH", "")
    assert cli.main(["report", "territory", str(path), "--place", "21013", "-o", str(tmp_path / "t.pdf")]) == 2
    assert "Chromium" in capsys.readouterr().err
    out = tmp_path / "t.html"
    assert cli.main(["report", "territory", str(path), "--place", "21013", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;Place&lt;/b&gt;&lt;/script&gt;&lt;img src=x&gt;" in html  # the table cell
    assert "<img src=x>" not in html and "</script><img" not in html  # nor in the chart's JSON
    assert 'src="http' not in html and "<script src=" not in html  # plotly.js inside: opens offline
    assert "Plotly.newPlot" in html


@pytest.mark.parametrize(
    ("args", "words_in_error"),
    [
        (["inventory", "{demo}", "--filter", "themes=nope", "-o", "x.pdf"], "themes=nope"),
        (["inventory", "{demo}", "--filter", "colour=red", "-o", "x.pdf"], "colour=red"),
        (["commune", "{demo}", "--commune", "99999", "-o", "x.pdf"], "99999"),
        (["commune", "{demo}", "-o", "x.pdf"], "--commune 21013"),
        (["territory", "{demo}", "--place", "q:9999", "-o", "x.pdf"], "q:9999"),
        (["inventory", "{demo}", "-o", "x.docx"], "x.docx"),
        (["inventory", "{missing}", "-o", "x.html"], "missing.csv"),
    ],
)
def test_bad_arguments_exit_2_with_one_sentence(args, words_in_error, tmp_path, capsys):
    args = [a.format(demo=DEMO, missing=tmp_path / "missing.csv") for a in args]
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    assert cli.main(["report", *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert words_in_error in err
    assert len(err.splitlines()) == 1 and err.startswith("partdash: ")
    assert not any(tmp_path.glob("x.*"))


def test_place_accepts_a_quartier_number_a_nis_code_or_the_link_form():
    assert parse_place("58") == "q:58"
    assert parse_place("21013") == "c:21013"
    assert parse_place("q:58") == "q:58"
    assert parse_place("Saint-Gilles") is None


def test_bench_lines_judge_each_report_against_its_target():
    from partdash.bench import reports as bench_reports

    lines = bench_reports.render(
        {"seconds": {"overview": 4.2, "communes": 5.5, "inventory": 19.0}, "presentation_pages_s": {"map": 0.5}}
    )
    verdicts = {line.split()[0]: line.split()[-1] for line in lines[1:4]}
    assert verdicts == {"overview": "ok", "communes": "MISS", "inventory": "ok"}
    assert lines[-1].split() == ["map", "0.500"]
    assert bench_reports.render({"skipped": "no Chromium"})[-1] == "  skipped: no Chromium"
