"""Driving the running app in the system Chromium: the server, the browser, and waits.

Shared by the browser tests and by a small CLI that takes screenshots of every page in
every language for a human to look at:

    .venv/bin/python tests/browser_support.py --out /tmp/shots

Playwright never downloads a browser here: it drives ``/usr/bin/chromium``. Streamlit
redraws the page after every interaction, so nothing waits for a fixed time: each wait
is for a state of the page (the script has stopped running, a text is shown).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright

from partdash.i18n import LANGS, catalogue
from partdash.ui.shell import PAGES, PAGES_DIR

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
STARTUP_TIMEOUT_S = 60
# Generous: the first render of a page loads plotly / deck.gl bundles, and tests may
# share two cores with other work.
TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(log_path: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """The app on a free port, started as ``make run`` starts it, answering its health
    check; yields its base URL.

    ``PARTDASH_DATA`` is removed from the server's environment so that the demo
    inventory is the default dataset, whatever the shell running the tests has set;
    ``extra_env`` sets it (or anything else) on purpose.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "PARTDASH_DATA"} | (extra_env or {})
    command = [
        sys.executable,
        "-m",
        "partdash.ui.serve",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base_url):
            if server.poll() is not None:
                raise RuntimeError(f"streamlit exited with {server.returncode}: {log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"streamlit not healthy after {STARTUP_TIMEOUT_S} s: {log_path.read_text(errors='replace')}"
                )
            time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def launch(playwright: Playwright) -> Browser:
    """The system Chromium; also gives every ``expect`` the generous timeout."""
    expect.set_options(timeout=TIMEOUT_MS)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def count_pattern(lang: str, shown: str | None = None, total: str | None = None) -> re.Pattern:
    """The sidebar's "N of M initiatives" line in ``lang``, as the catalogue phrases it
    (its markdown bold removed); any number where ``shown`` / ``total`` is not given."""
    number = r"[\d\s\u202f\u2009.,]+"
    patterns = []
    for form in catalogue()["shell.count"][lang].values():  # singular and plural forms
        pattern = re.escape(form.format(count="\0shown\0", total="\0total\0").replace("**", ""))
        pattern = pattern.replace(re.escape("\0shown\0"), re.escape(shown) if shown else number)
        patterns.append(pattern.replace(re.escape("\0total\0"), re.escape(total) if total else number))
    return re.compile(rf"^\s*(?:{'|'.join(patterns)})\s*$")


def wait_for_app(page: Page, lang: str) -> None:
    """Until the script run has finished and the sidebar shows its count line; fails at
    once, with the traceback's text, if the app raised instead."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached()
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    raised = page.locator('[data-testid="stException"]')
    expect(sidebar_count(page, lang).or_(raised).first).to_be_visible()
    if raised.count():
        raise AssertionError(f"the app raised on {page.url}:\n{raised.first.inner_text()}")


def sidebar_count(page: Page, lang: str, shown: str | None = None, total: str | None = None) -> Locator:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.locator('[data-testid="stMarkdownContainer"]').filter(has_text=count_pattern(lang, shown, total))


def page_stems() -> list[str]:
    """The pages present, in the navigation's order."""
    return [stem for _, stem, *_ in PAGES if (PAGES_DIR / f"{stem}.py").exists()]


def take_screenshots(out: Path, langs=LANGS) -> list[Path]:
    """A 1280x800 screenshot of each page in each language, plus a taller one showing
    what lies below the fold; the names say page, language and which."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with streamlit_server(out / "server.log") as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        for lang in langs:
            for stem in page_stems():
                for suffix, height in (("", VIEWPORT["height"]), ("_tall", 2400)):
                    context = browser.new_context(viewport={"width": VIEWPORT["width"], "height": height})
                    page = context.new_page()
                    page.goto(f"{base_url}/{'' if stem == 'overview' else stem}?lang={lang}")
                    wait_for_app(page, lang)
                    _settle(page)
                    path = out / f"{stem}_{lang}{suffix}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                    context.close()
        browser.close()
    return written


def _settle(page: Page) -> None:
    """Until the charts and maps on screen have drawn (they render after the run)."""
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    for testid, drawn in (("stPlotlyChart", ".main-svg"), ("stDeckGlJsonChart", "canvas")):
        shown = page.locator(f'[data-testid="{testid}"]').filter(visible=True)
        for i in range(shown.count()):
            expect(shown.nth(i).locator(drawn).first).to_be_attached()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Screenshot every page of the app in every language.")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--lang", choices=LANGS, action="append", help="only these languages (repeatable)")
    args = parser.parse_args(argv)
    for path in take_screenshots(args.out, tuple(args.lang or LANGS)):
        print(path)


if __name__ == "__main__":
    main()


def as_shown(text: str) -> re.Pattern:
    """``text`` as the page shows data text through ``plain()``, which may put an invisible word
    joiner (U+2060) after characters that Markdown would otherwise turn into links or icons."""
    return re.compile("\u2060?".join(re.escape(ch) for ch in text))
