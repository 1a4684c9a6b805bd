"""One look for every chart: a colour-blind-safe palette and projector-friendly layout.

Categorical colours follow Okabe & Ito (2008) and Paul Tol's "muted" scheme, both safe
for the common colour-vision deficiencies; each vocabulary code keeps its colour on
every page. Sequential scales use cividis-like blues, readable in greyscale.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from partdash.inventory.vocab import VOCABULARIES

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
    "#661100",
)
GREY = "#BBBBBB"
UNKNOWN = "#DDDDDD"
YES = "#009E73"
NO = "#D55E00"
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
FONT_SIZE = 15


def code_colours(field: str) -> dict[str, str]:
    """A fixed colour per code of ``field``; "other"/"none" are grey."""
    codes = VOCABULARIES[field].codes
    palette = OKABE_ITO if len(codes) <= len(OKABE_ITO) else TOL_MUTED
    colours = {}
    for i, code in enumerate(c for c in codes if c not in ("other", "none")):
        colours[code] = palette[i % len(palette)]
    colours.update({c: GREY for c in codes if c in ("other", "none")})
    return colours


# The look of every chart, built once: a template is cheaper to apply than the same
# settings figure by figure, and replaces plotly's default template in the JSON sent.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"size": FONT_SIZE, "family": "Source Sans Pro, Arial, sans-serif", "color": "#1b2430"},
        "colorway": OKABE_ITO,
        "margin": {"l": 10, "r": 20, "t": 60, "b": 10},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "title": {"text": ""},
            "traceorder": "normal",
        },
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "title": {"x": 0, "xanchor": "left", "font": {"size": FONT_SIZE + 3}},
        "xaxis": {"showgrid": False, "automargin": True, "linecolor": "#444", "ticks": "outside", "tickcolor": "#bbb"},
        "yaxis": {"gridcolor": "#e5e8ec", "automargin": True, "rangemode": "tozero", "zerolinecolor": "#bbb"},
    }
)


def apply_layout(
    fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None, height: int = 420
) -> go.Figure:
    """Title, axis titles, large fonts, legend under the plot and under the x-axis title
    (it never covers either)."""
    fig.update_layout(template=TEMPLATE, title_text=title, height=height)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


# Decimal and thousands separators per UI language, for plotly axes and hovers.
SEPARATORS = {"fr": ",\u202f", "nl": ",\u2009", "en": ".,"}


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """Decimal and thousands separators of the UI language on axes and hover values."""
    return fig.update_layout(separators=SEPARATORS.get(lang, SEPARATORS["en"]))


def wrap(text: str, width: int = 16) -> str:
    """A label broken into short lines (plotly's <br>), so that axis labels stay horizontal."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def legend_below(fig: go.Figure, columns: int | None = None) -> go.Figure:
    """The legend at the foot of the figure, under the x-axis title: anchored to the
    container, plotly grows the bottom margin to fit it, however many rows it takes.
    ``columns`` lines long entries up in that many columns."""
    legend = {"yref": "container", "y": 0, "yanchor": "bottom", "orientation": "h", "traceorder": "normal"}
    if columns:
        legend.update(entrywidth=1 / columns, entrywidthmode="fraction")
    return fig.update_layout(legend=legend)


def _scaled(value, factor: float, minimum: float):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return max(minimum, round(value * factor, 1))
    if isinstance(value, list | tuple):
        return [_scaled(v, factor, minimum) for v in value]
    return value


def _scale_sizes(node, factor: float, minimum: float, in_font: bool = False):
    """Every ``size`` found in a font (font, textfont, tickfont, title.font...), scaled."""
    if isinstance(node, dict):
        return {
            key: _scaled(value, factor, minimum)
            if in_font and key == "size"
            else _scale_sizes(value, factor, minimum, key.endswith("font"))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_scale_sizes(item, factor, minimum) for item in node]
    return node


def scale_fonts(fig: go.Figure, factor: float, minimum: float = 0.0, height_factor: float = 1.0) -> go.Figure:
    """The same figure with all its text ``factor`` times larger and never under ``minimum``
    pixels: one hook for a meeting-room screen or a printed page, so that no chart builder
    carries a size per use. Text plotly would shrink to fit inside bars keeps the minimum."""
    spec = _scale_sizes(fig.to_plotly_json(), factor, minimum)
    layout = spec.setdefault("layout", {})
    base = layout.get("font", {}).get("size") or FONT_SIZE
    layout.setdefault("font", {})["size"] = max(minimum, base * factor)
    if minimum:
        layout["uniformtext"] = {"minsize": minimum, "mode": "show"}
    if layout.get("height"):
        layout["height"] = round(layout["height"] * height_factor)
    return go.Figure(spec)
