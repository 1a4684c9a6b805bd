"""The Data page in AppTest: the report read by kind and the downloads offered, in FR and NL."""

from __future__ import annotations

import pytest
from apptest_support import open_page
from conftest import canonical_row

from partdash.i18n import format_number, translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import group_findings


@pytest.fixture
def officer_file(csv_file, monkeypatch):
    """A file with labels, a Dutch commune name and one unknown format, set as the server's dataset."""
    rows = [canonical_row(n, themes="Mobiliteit", communes="Sint-Gillis") for n in (1, 2, 3)]
    rows[1]["formats"] = "Atelier de rêve"
    path = csv_file(rows, name="officer.csv", sep=";")
    monkeypatch.setenv("PARTDASH_DATA", str(path))
    return path


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_warnings_are_read_by_kind_with_the_problem_first(officer_file, lang):
    at = open_page("data", lang=lang)
    report = load_inventory(officer_file).report
    groups = group_findings(report.warnings)
    assert [g.key for g in groups][0] == "unmatched_value"
    boxes = [
        w.value.replace("\\", "").replace("\u2060", "") for w in at.warning
    ]  # the text is escaped: it quotes the file
    assert len(boxes) == 1 and groups[0].message(lang) in boxes[0]
    shown = " ".join(m.value.replace("\\", "") for m in at.markdown)
    for group in groups[1:]:
        assert translate(f"warnings.severity.{group.severity}", lang) in shown
        assert format_number(group.count, lang) in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("data.rows_loaded", lang)] == "3"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_page_offers_both_flavours_the_template_and_the_unmatched_values(officer_file, lang):
    at = open_page("data", lang=lang)
    # The inventory report (PDF where Chromium is, else print-ready HTML) comes first.
    report = {translate(f"reports.ui.inventory_{fmt}", lang) for fmt in ("pdf", "html")}
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0] in report
    labels = labels[1:]
    expected = [
        translate("data.download_unmatched", lang, n="1"),
        *(translate("data.download_people", lang, fmt=f) for f in ("XLSX", "CSV")),
        *(translate("data.download_machine", lang, fmt=f) for f in ("CSV", "XLSX", "GeoJSON", "GeoPackage")),
        translate("data.download_template", lang),
        translate("data.download_codebook", lang),
    ]
    assert labels[-len(expected) :] == expected  # after the report buttons of the sidebar
