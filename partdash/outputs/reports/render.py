"""From a report document to a print-ready HTML file and an A4 PDF, offline.

Charts stay plotly figures: the HTML carries plotly.js from the installed plotly package
(no CDN) and draws them as SVG when opened. The PDF is that same HTML printed by the
system Chromium in headless mode, one browser start per document: no browser download,
no image conversion step, and chart text stays text in the PDF (searchable, crisp).
Where no Chromium is installed, the HTML is the deliverable: any browser prints it.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import plotly
import plotly.graph_objects as go

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
# The kaleido convention, so one setting serves both; the default is the Debian package's path.
BROWSER_ENV = "BROWSER_PATH"
DEFAULT_BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_TIMEOUT_S = 120
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    # Lets the page's scripts (plotly drawing the charts) finish before printing.
    "--virtual-time-budget=20000",
)


class RenderError(Exception):
    """The PDF could not be produced; carries a catalogue key like ``InventoryError``."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(key)


def chromium_path() -> str | None:
    """The browser that prints PDFs: ``BROWSER_PATH`` when set (an empty or missing path
    means none), else the first Chromium on the PATH."""
    configured = os.environ.get(BROWSER_ENV)
    if configured is not None:
        return configured if configured and os.access(configured, os.X_OK) else None
    for name in DEFAULT_BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def text(value) -> str:
    """Text from data or catalogue for the HTML body: escaped, shown as typed."""
    return html.escape(str(value), quote=True)


def figure_html(fig: go.Figure, ident: str, width: int, height: int) -> str:
    """A placeholder and the script that draws ``fig`` into it at a fixed size (a page
    has a fixed size, so the charts do too). ``</`` in the JSON is escaped so that a
    title typed in the data cannot close the script element."""
    fig = go.Figure(fig).update_layout(width=width, height=height)
    spec = fig.to_json().replace("</", "<\\/").replace("<!--", "<\\!--")
    return (
        f'<div class="fig" id="{ident}" style="width:{width}px;height:{height}px"></div>'
        f'<script>(function(){{var s={spec};Plotly.newPlot("{ident}",s.data,s.layout,'
        f"{{staticPlot:true,displayModeBar:false}});}})();</script>"
    )


def page_html(title: str, lang: str, css: str, body: str, inline_js: bool) -> str:
    """The whole document. ``inline_js`` puts plotly.js inside (a self-contained download);
    otherwise it is loaded from the file next to the HTML (printing, from a temporary folder)."""
    script = (
        f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script>"
        if inline_js
        else '<script src="plotly.min.js"></script>'
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{text(title)}</title><style>{css}</style>{script}</head><body>{body}</body></html>"
    )


def print_pdf(document_html: str, browser: str | None = None) -> bytes:
    """The HTML printed to PDF by headless Chromium (A4 landscape comes from the CSS @page)."""
    browser = browser or chromium_path()
    if browser is None:
        raise RenderError("no_browser")
    with tempfile.TemporaryDirectory(prefix="partdash-report-") as tmp:
        folder = Path(tmp)
        (folder / "plotly.min.js").symlink_to(PLOTLY_JS)
        page = folder / "report.html"
        page.write_text(document_html, encoding="utf-8")
        out = folder / "report.pdf"
        command = [
            browser,
            *CHROMIUM_ARGS,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError("print_failed", reason=type(exc).__name__) from exc
        if not out.exists() or out.stat().st_size == 0:
            raise RenderError("print_failed", reason="no output")
        return out.read_bytes()
