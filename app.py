"""Entry point: `streamlit run app.py`."""

from partdash.ui.shell import run

run()
