"""Text from data in the browser (issue 13): links, icons, emoji short codes, entities, HTML,
LaTeX and Markdown typed into titles, summaries, organisers and headers are shown exactly
as typed; a hostile upload ends in a sentence of the UI language; the column-mapping step
stays bounded however many columns a file has.

The server opens a CSV holding one initiative per payload (``PARTDASH_DATA``), so each
record is one URL away; uploads go through the Data page as a user's would.
"""

from __future__ import annotations

import hostile_corpus as corpus
import pytest
from browser_support import TIMEOUT_MS, VIEWPORT, streamlit_server, wait_for_app
from conftest import canonical_row, write_csv
from loadtest import _rss, _Sampler, _server_processes
from playwright.sync_api import Page, expect

from partdash.i18n import format_number, translate
from partdash.inventory import limits

pytestmark = pytest.mark.browser
JOINER = "\u2060"  # plain()'s invisible breaker of link and short-code patterns


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = corpus.csv_markup(folder / "markup.csv")
    with streamlit_server(folder / "server.log", extra_env={"PARTDASH_DATA": str(data)}) as url:
        yield url


@pytest.fixture
def page(browser):  # noqa: F811 - the fixture imported from test_browser
    context = browser.new_context(viewport=VIEWPORT, locale="fr-BE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def shown(locator) -> str:
    return locator.inner_text().replace(JOINER, "")


def assert_inert(page: Page) -> None:
    """Nothing in the main area came from interpreting data text."""
    main = page.locator('[data-testid="stMain"]')
    hrefs = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    # A heading's own anchor (#...) is Streamlit's; any other link must be the record's url field.
    assert not [h for h in hrefs if not h.startswith("#") and ("evil" in h or h.startswith("mailto:"))], hrefs
    assert main.locator(".katex, img[src='x'], b, strong:has-text('gras')").count() == 0
    assert main.locator('[data-testid="stMarkdownContainer"] [data-testid="stIconMaterial"]').count() == 0
    assert main.locator('[data-testid="stException"]').count() == 0


def test_a_record_shows_data_text_exactly_as_typed(page, base_url, tmp_path):
    """One record holds a payload of each kind in its title and its summary."""
    page.goto(f"{base_url}/initiatives?lang=fr&initiative=X-all")
    wait_for_app(page, "fr")
    main = page.locator('[data-testid="stMain"]')
    title = main.locator('[data-testid="stHeading"] h3').first
    expect(title).to_be_visible()
    assert shown(title) == corpus.ALL_PAYLOADS
    markdown = [shown(m) for m in main.locator('[data-testid="stMarkdownContainer"]').all()]
    assert corpus.ALL_PAYLOADS in markdown  # the summary, alone in its block
    assert_inert(page)
    page.screenshot(path=str(tmp_path / "record_fr.png"))


def test_upload_mapping_lists_a_bounded_number_of_columns_with_inert_labels(page, base_url, tmp_path):
    hostile_headers = ['=HYPERLINK("http://evil.example","clic")', ":material/warning: www.evil.example"]
    extra = 1500
    rows = [
        {h: "x" for h in hostile_headers} | canonical_row(n) | {f"extra_{i}": str(i) for i in range(extra)}
        for n in (1, 2)
    ]
    upload = write_csv(tmp_path / "wide.csv", rows)
    page.goto(f"{base_url}/data?lang=fr")
    wait_for_app(page, "fr")
    page.locator('input[type="file"]').first.set_input_files(str(upload))
    unmatched = extra + len(hostile_headers)
    opener = page.get_by_text(translate("data.mapping_optional", "fr", count=unmatched))
    opener.click()
    expander = page.locator('[data-testid="stExpander"]').filter(has=page.locator('[data-testid="stSelectbox"]'))
    expect(expander.locator('[data-testid="stSelectbox"]')).to_have_count(limits.MAX_MAPPING_COLUMNS)
    more = translate("loader.mapping_more", "fr", n=format_number(unmatched - limits.MAX_MAPPING_COLUMNS, "fr"))
    expect(expander.get_by_text(more)).to_be_visible()
    labels = [shown(x) for x in expander.locator('[data-testid="stWidgetLabel"]').all()]
    for header in hostile_headers:
        assert translate("data.mapping_column", "fr", column=header) in labels
    assert_inert(page)
    page.screenshot(path=str(tmp_path / "mapping_fr.png"))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_hostile_upload_ends_in_a_sentence_of_the_ui_language(page, base_url, tmp_path, lang):
    bomb = corpus.xlsx_last_cell(tmp_path / "bomb.xlsx", with_dimension=False)
    page.goto(f"{base_url}/data?lang={lang}")
    wait_for_app(page, lang)
    page.locator('input[type="file"]').first.set_input_files(str(bomb))
    far, limit = limits.count(1048576 * 16384), limits.count(limits.MAX_CELLS)
    reason = translate("loader.error.too_many_cells", lang, name="bomb.xlsx", n=far, limit=limit)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text=translate("data.upload_failed", lang, message=""))
    expect(alert).to_be_visible()
    assert shown(alert) == translate("data.upload_failed", lang, message=reason)
    assert_inert(page)


def test_bombs_uploaded_to_the_app_leave_its_memory_flat(page, base_url, tmp_path):
    """The issue measured 3.8 GB for the cell bomb and 3.4 GB for the inflating one; refused
    from their directory and scan, they cost the server next to nothing."""
    bombs = [
        corpus.xlsx_last_cell(tmp_path / "cell.xlsx", with_dimension=True),
        corpus.xlsx_inflating(tmp_path / "inflate.xlsx", inflated_mib=250),
    ]
    page.goto(f"{base_url}/data?lang=en")
    wait_for_app(page, "en")
    server = _server_processes(int(base_url.rsplit(":", 1)[1]))
    before = _rss(server)
    sampler = _Sampler(server)
    sampler.start()
    try:
        for bomb in bombs:
            page.locator('input[type="file"]').first.set_input_files(str(bomb))
            failed = translate("data.upload_failed", "en", message="")
            expect(
                page.locator('[data-testid="stAlert"]').filter(has_text=f"{failed}The file {bomb.name}")
            ).to_be_visible()
    finally:
        sampler.stop.set()
        sampler.join()
    assert max(sampler.peak, _rss(server)) - before < 150 * limits.MIB
    assert_inert(page)
