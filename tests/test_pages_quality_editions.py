"""The Quality and Editions pages under AppTest, in French, Dutch and English.

Expected ids and counts are read from the demo CSVs with pandas; expected sentences come
from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from apptest_support import open_page

from partdash.i18n import LANGS, format_number, translate
from partdash.inventory.schema import FIELD_BY_NAME

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
FIRST = pd.read_csv(DEMO / "demo_inventory.csv", dtype=str, keep_default_na=False)
LATER = pd.read_csv(DEMO / "demo_inventory_2025b.csv", dtype=str, keep_default_na=False)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", LANGS)
def test_quality_page(lang):
    at = open_page("quality", lang=lang)
    assert [t.value for t in at.main.title] == [translate("nav.page.quality", lang)]
    assert translate("quality.score_definition", lang) in [i.value for i in at.info]
    organisers = at.selectbox(key="quality_organiser")
    assert sorted(organisers.options) == sorted(FIRST["organiser"].unique())
    scores = at.dataframe[0].value
    assert scores["records"].sum() == len(FIRST)
    assert scores["score"].is_monotonic_increasing  # lowest score first: whom to ask first
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [translate("quality.download_one", lang), translate("quality.download_all", lang)]
    assert not at.error


def test_quality_reasons_and_months_narrow_the_list():
    at = open_page("quality", lang="en")
    before = len(at.dataframe[1].value)
    at.session_state["quality_reasons"] = ["one_title"]
    at.run()
    assert len(at.dataframe[1].value) == 0  # every demo record has both titles
    assert any(m.value.startswith("Records to look at: 0") for m in at.markdown)
    assert before > 0


@pytest.mark.parametrize("lang", LANGS)
def test_editions_page_with_the_later_demo_edition(lang):
    at = open_page("editions", lang=lang)
    assert [t.value for t in at.main.title] == [translate("nav.page.editions", lang)]
    added = sorted(set(LATER["id"]) - set(FIRST["id"]))
    removed = sorted(set(FIRST["id"]) - set(LATER["id"]))
    metrics = _metrics(at)
    assert metrics[translate("editions.added", lang)] == format_number(len(added), lang)
    assert metrics[translate("editions.removed", lang)] == format_number(len(removed), lang)
    new_table, gone_table, changes = (d.value for d in at.dataframe[:3])
    assert sorted(new_table["id"]) == added and sorted(gone_table["id"]) == removed
    both = FIRST.merge(LATER, on="id", suffixes=("_a", "_b"))
    status_changed = both.loc[both["status_a"] != both["status_b"], "id"]
    status_rows = changes[changes["field"] == FIELD_BY_NAME["status"].label(lang)]
    assert set(status_rows["id"]) == set(status_changed) and len(status_changed) > 10
    # The first edition is older: it is the "from" side.
    assert any("2025b" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == 2
    at.session_state["editions_by"] = "commune"
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 2


def test_editions_page_previous_edition_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARTDASH_DATA_PREVIOUS", str(DEMO / "demo_inventory.csv"))
    at = open_page("editions", lang="fr")
    assert at.radio(key="editions_other").value == "previous"
    values = set(_metrics(at).values())
    assert values == {"0"}  # the open demo against itself
    assert any(i.value == translate("editions.no_changes", "fr") for i in at.info)


def test_editions_upload_waits_for_a_file():
    at = open_page("editions", lang="nl")
    at.session_state["editions_other"] = "upload"
    at.run()
    assert translate("editions.upload_wait", "nl") in [i.value for i in at.info]
    assert not at.metric


def test_editions_page_says_when_the_previous_edition_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTDASH_DATA_PREVIOUS", str(tmp_path / "missing.csv"))
    at = open_page("editions", lang="nl")
    prefix = translate("editions.load_failed", "nl", message="")
    assert any(e.value.startswith(prefix) and "missing" in e.value for e in at.error)
    assert not at.metric
