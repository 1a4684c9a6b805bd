"""Dates shown to people are written as their language writes them ("2 mars 2026"), never
as ISO "2026-03-02", which stays for files that machines read."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from apptest_support import open_page

from partdash.analysis.editions import edition_date
from partdash.i18n import format_date
from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.outputs.reports.document import Context
from partdash.outputs.reports.onepage import one_page

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo" / "demo_inventory.csv"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize(("lang", "written"), [("fr", "2 mars 2026"), ("nl", "2 maart 2026"), ("en", "2 March 2026")])
def test_report_head_gives_the_production_date_in_the_report_language(lang, written):
    context = Context(load_inventory(DEMO), Filters(), lang, today=date(2026, 3, 2))
    head = one_page("overview", context).head()
    assert written in head
    assert "2026-03-02" not in head


def test_editions_page_dates_the_two_editions_in_the_page_language():
    at = open_page("editions", lang="nl")
    text = " ".join(m.value for m in at.markdown)
    assert not ISO.search(text), text
    dates = [format_date(edition_date(load_inventory(DEMO).data), "nl")]
    assert any(d in text for d in dates), text
