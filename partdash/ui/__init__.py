"""The Streamlit-aware layer: caching, the sidebar, URL state and translation lookup.

Nothing outside this package, ``app.py`` and ``pages/`` imports Streamlit.
"""
