"""Plotly and pydeck figure builders: pure functions from aggregated data and a language to
figures, each fetching its own titles, axis and legend texts from the catalogue. May import
``analysis``, ``inventory`` and ``i18n``, never Streamlit."""
