"""Plotly and pydeck figure builders: pure functions from aggregated data to figures."""
