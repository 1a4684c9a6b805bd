"""Start the app: ``python -m partdash.ui.serve [streamlit options]``.

The design keeps page files in ``pages/``, a folder name Streamlit also treats as a
legacy multipage app: on a process's first request, a deep link such as ``/map`` would
run the page file without the shell around it. The app navigates with ``st.navigation``
only, so that legacy routing is switched off before Streamlit starts.

The browser only asks for a chart's code (plotly.js is 4.7 MB) once the first run of the
page has reached it, and then spends most of a second evaluating it. Every page knows
which charts it draws, so the page's HTML names their modules after Streamlit's own: the
browser evaluates them while that first run is on its way.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit's front-end modules for each kind of chart a page declares (``shell.PAGES``).
CHART_MODULES = {"plotly": "PlotlyChart", "deck": "DeckGlJsonChart"}
APP = Path(__file__).resolve().parents[2] / "app.py"


def disable_legacy_pages() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    if not getattr(PagesManager.__init__, "_partdash", False):
        init._partdash = True
        PagesManager.__init__ = init
    PagesManager.uses_pages_directory = False


def chart_scripts(static_dir: Path) -> dict[str, str]:
    """Per page path ("" for the default page), its HTML with its chart modules loaded;
    a page without charts, or a module this Streamlit does not ship, is left out."""
    from partdash.ui.shell import DEFAULT_PAGE, PAGES

    index = (static_dir / "index.html").read_text(encoding="utf-8")
    modules = {
        kind: sorted((static_dir / "static" / "js").glob(f"{stem}.*.js")) for kind, stem in CHART_MODULES.items()
    }
    pages = {}
    for _, stem, *_, charts in PAGES:
        found = [modules[kind][0].name for kind in charts if len(modules[kind]) == 1]
        scripts = "".join(f'<script type="module" crossorigin src="./static/js/{name}"></script>' for name in found)
        if scripts and "</head>" in index:
            pages["" if stem == DEFAULT_PAGE else stem] = index.replace("</head>", scripts + "</head>", 1)
    return pages


def load_charts_with_the_page() -> None:
    """Serve each page's HTML with its chart modules (``chart_scripts``). The index is what
    Streamlit's static files answer for any page path; its other answers are unchanged."""
    from starlette.responses import HTMLResponse
    from streamlit.web.server.starlette import starlette_static_routes as routes

    original = routes.create_streamlit_static_handler
    if getattr(original, "_partdash", False):
        return

    def create(directory: str, base_url: str | None):
        handler = original(directory, base_url)
        pages = chart_scripts(Path(directory))

        class WithCharts(type(handler)):
            async def get_response(self, path, scope):
                response = await super().get_response(path, scope)
                html = pages.get(path.strip("./"))
                if html is None or Path(getattr(response, "path", "")).name != "index.html":
                    return response
                return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

        handler.__class__ = WithCharts
        return handler

    create._partdash = True
    routes.create_streamlit_static_handler = create


def main(argv: list[str] | None = None) -> None:
    """The upload limit comes from ``limits`` (options given after it still win), so the
    uploader refuses exactly what the loader would."""
    from streamlit.web import cli

    from partdash.inventory.limits import upload_limit_mib

    disable_legacy_pages()
    load_charts_with_the_page()
    options = ["--server.maxUploadSize", str(upload_limit_mib())]
    sys.argv = ["streamlit", "run", str(APP), *options, *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
