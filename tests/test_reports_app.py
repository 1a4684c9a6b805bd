"""Presentation mode, the view line and the report buttons under AppTest (no browser)."""

from __future__ import annotations

import pytest
from apptest_support import open_page

from partdash.i18n import translate
from partdash.ui import present
from partdash.ui.components import plain


def view_line_text(at) -> str:
    return next(m.value for m in at.markdown if translate("reports.line.count", "fr", count=15, total="148") in m.value)


def test_present_link_turns_presentation_on_and_the_toggle_off_keeps_the_filters():
    at = open_page("overview", present="1", lang="fr", themes="mobility", level="communal", years="2021-2023")
    assert at.session_state[present.KEY] is True
    assert at.query_params["present"] == "1"
    assert any("font-size" in h.proto.body for h in at.get("html"))
    assert "Mobilité" in view_line_text(at)
    # The line, first on the page, carries the demonstration label in place of the banner.
    assert plain(translate("reports.demo_label", "fr")) in view_line_text(at)
    assert translate("shell.demo_banner", "fr") not in [i.value for i in at.info]
    at.toggle(key=present.KEY).set_value(False).run()
    assert not at.exception
    assert "present" not in at.query_params
    assert at.query_params["themes"] == "mobility"
    assert all("font-size" not in h.proto.body for h in at.get("html"))
    assert "Mobilité" in view_line_text(at)
    assert translate("shell.demo_banner", "fr") in [i.value for i in at.info]


@pytest.mark.parametrize(("browser", "label"), [(None, "reports.ui.one_page_pdf"), ("", "reports.ui.one_page_html")])
def test_report_button_offers_html_where_no_chromium_is_installed(monkeypatch, browser, label):
    if browser is not None:
        monkeypatch.setenv("BROWSER_PATH", browser)
    at = open_page("followup", lang="nl")
    labels = [b.proto.label for b in at.get("download_button")]
    assert translate(label, "nl") in labels
