"""Start the app: ``python -m partdash.ui.serve [streamlit options]``.

The design keeps page files in ``pages/``, a folder name Streamlit also treats as a
legacy multipage app: on a process's first request, a deep link such as ``/map`` would
run the page file without the shell around it. The app navigates with ``st.navigation``
only, so that legacy routing is switched off before Streamlit starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

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


def main(argv: list[str] | None = None) -> None:
    """The upload limit comes from ``limits`` (options given after it still win), so the
    uploader refuses exactly what the loader would."""
    from streamlit.web import cli

    from partdash.inventory.limits import upload_limit_mib

    disable_legacy_pages()
    options = ["--server.maxUploadSize", str(upload_limit_mib())]
    sys.argv = ["streamlit", "run", str(APP), *options, *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
