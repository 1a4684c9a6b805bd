"""Pytest plugin (loaded from pyproject addopts): AppTest runs the app as the server does,
with Streamlit's legacy ``pages/`` routing off (see partdash.ui.serve)."""

from partdash.ui.serve import disable_legacy_pages

disable_legacy_pages()
