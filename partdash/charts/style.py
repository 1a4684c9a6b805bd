"""One look for every chart: a colour-blind-safe palette and projector-friendly layout.

Categorical colours follow Okabe & Ito (2008), safe for the common colour-vision
deficiencies; a vocabulary with more codes (the eleven themes) continues with three dark
shades chosen so that, under simulated deuteranopia and protanopia (Machado et al. 2009)
as in normal vision, no two colours and no colour and the neutral greys come closer than
Okabe-Ito's own closest pair (CIEDE2000 11.6, orange and yellow under deuteranopia;
tests/test_palette.py keeps it so). Each vocabulary code keeps its colour on every page.
Sequential scales are ColorBrewer's blues, light to dark, readable in greyscale.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from numbers import Integral

import plotly.graph_objects as go

from partdash.i18n import format_percent, locale, numeric_date_pattern
from partdash.inventory.vocab import VOCABULARIES

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
CATEGORICAL = OKABE_ITO + ("#662200", "#006655", "#442255")  # then brown, deep teal, aubergine
GREY = "#BBBBBB"
UNKNOWN = "#DDDDDD"
YES = "#009E73"
NO = "#D55E00"
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
FONT_SIZE = 15


def code_colours(field: str) -> dict[str, str]:
    """A fixed colour per code of ``field``; "other"/"none" are grey."""
    codes = VOCABULARIES[field].codes
    colours = {}
    for i, code in enumerate(c for c in codes if c not in ("other", "none")):
        colours[code] = CATEGORICAL[i % len(CATEGORICAL)]
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
        # "strict": numbers given as text ("2021") stay categories instead of becoming a
        # linear axis with ticks at 2020.5. Four-digit counts are grouped as CLDR does
        # ("1 800", "1.800"); year axes get a format of their own (``year_axes``).
        "xaxis": {
            "showgrid": False,
            "automargin": True,
            "linecolor": "#444",
            "ticks": "outside",
            "tickcolor": "#bbb",
            "autotypenumbers": "strict",
            "separatethousands": True,
        },
        "yaxis": {
            "gridcolor": "#e5e8ec",
            "automargin": True,
            "rangemode": "tozero",
            "zerolinecolor": "#bbb",
            "autotypenumbers": "strict",
            "separatethousands": True,
        },
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
    return year_axes(fig)


YEARS = range(1900, 2101)
YEARLY_TICKS_UP_TO = 15  # years of span up to which every year gets its tick


def _year_values(values) -> list | None:
    """The values as years when every one is a whole year (number or text), else None."""
    if values is None or isinstance(values, str) or len(values) == 0:
        return None
    years = []
    for value in values:
        if isinstance(value, str) and value.isdigit() or isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, Integral) or isinstance(value, bool) or value not in YEARS:
            return None
        years.append(value)
    return years


def year_axes(fig: go.Figure) -> go.Figure:
    """Axes that carry years tick whole years only, never "2020.5", and no thousands
    separator ("2021", not "2 021"): years given as text are categories, years given as
    numbers get integer ticks (one per year over a short span)."""
    for trace in fig.data:
        for letter in ("x", "y"):
            years = _year_values(getattr(trace, letter, None))
            # The value axis of a bar or a line is a count, whatever its values.
            horizontal = getattr(trace, "orientation", None) == "h"
            if years is None or (letter == "y") != horizontal:
                continue
            name = (getattr(trace, f"{letter}axis", None) or letter).replace(letter, f"{letter}axis", 1)
            as_text = all(isinstance(v, str) for v in getattr(trace, letter))
            span = max(years) - min(years)
            if as_text:
                update = {"type": "category"}
            else:
                update = {"tickformat": "d", "dtick": 1 if span <= YEARLY_TICKS_UP_TO else None}
            fig.layout[name].update(update)
    return fig


def separators(lang: str) -> str:
    """The decimal mark and thousands separator of the UI language's CLDR locale, as plotly
    wants them ("," and narrow space in French, "," and "." in Belgian Dutch)."""
    symbols = locale(lang).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


_D3 = {"d": "%-d", "dd": "%d", "M": "%-m", "MM": "%m", "y": "%Y"}


def d3_date_format(lang: str) -> str:
    """The locale's numeric date pattern (CLDR) in plotly's (d3) notation: "%-d/%m/%Y" in fr_BE."""
    tokens = re.findall(r"d+|M+|y+|[^dMy]+", numeric_date_pattern(lang))
    return "".join(_D3.get(token, token) for token in tokens)


def _is_date(values) -> bool:
    if values is None or isinstance(values, str) or len(values) == 0:
        return False
    first = next((v for v in values if v is not None), None)
    return isinstance(first, date) or hasattr(first, "dtype") and "datetime" in str(first.dtype)


def date_axes(fig: go.Figure, lang: str) -> go.Figure:
    """Date axes tick in numbers, day first as the locale writes them, and never with
    plotly's English month names ("Jan 2021"): days, then months, then years as the axis
    zooms out. Axes given their own tick format keep it."""
    names = {name for name in fig.layout if name.startswith("xaxis") and fig.layout[name].type == "date"}
    for trace in fig.data:
        if _is_date(getattr(trace, "x", None)):
            names.add((getattr(trace, "xaxis", None) or "x").replace("x", "xaxis", 1))
    stops = [
        {"dtickrange": [None, "M1"], "value": d3_date_format(lang)},
        {"dtickrange": ["M1", "M12"], "value": "%m/%Y"},
        {"dtickrange": ["M12", None], "value": "%Y"},
    ]
    for name in names:
        if not fig.layout[name].tickformat and not fig.layout[name].tickformatstops:
            fig.layout[name].update(tickformatstops=stops)
    return fig


PERCENT_FORMAT = re.compile(r"^\.(\d)%$")


def _percent_ticks(low: float, high: float) -> list[float]:
    """Round shares from ``low`` to ``high`` (within 0..1), about five of them."""
    span = high - low
    step = 0.05 if span <= 0.3 else 0.1 if span <= 0.6 else 0.2
    first = max(0, int(low / step - 1e-9) + (low > 0))
    return [round(i * step, 4) for i in range(first, int(min(high, 1.0) / step + 1e-9) + 1)]


def _percent_ticktext(ticks, lang: str, values: list[float] | None, low: float, high: float) -> None:
    """Ticks of a share scale (an axis or a colour bar) given as ``format_percent`` texts,
    at their own values or at round shares from ``low`` to ``high``."""
    match = PERCENT_FORMAT.match(ticks.tickformat or "")
    if not match or ticks.ticktext:
        return
    values = values or (_percent_ticks(low, high) if low is not None and high is not None else None)
    if values:
        text = [format_percent(v, lang, int(match[1])) for v in values]
        ticks.update(tickmode="array", tickvals=values, ticktext=text)


def percent_axes(fig: go.Figure, lang: str) -> go.Figure:
    """Share axes and colour bars labelled as the locale writes percentages ("50 %" in
    French), which plotly's own ".0%" format cannot do: the ticks get their text from
    ``format_percent``, at their own tick values or at round shares across the range."""
    for name in [n for n in fig.layout if n.startswith(("xaxis", "yaxis"))]:
        axis = fig.layout[name]
        values = list(axis.tickvals) if axis.tickvals is not None else None
        _percent_ticktext(axis, lang, values, *(axis.range or (None, None)))
    for trace in fig.data:
        colorbar = getattr(trace, "colorbar", None) or getattr(getattr(trace, "marker", None), "colorbar", None)
        if colorbar is not None:
            values = list(colorbar.tickvals) if colorbar.tickvals is not None else None
            low, high = getattr(trace, "zmin", None), getattr(trace, "zmax", None)
            _percent_ticktext(colorbar, lang, values, 0 if low is None else low, 1 if high is None else high)
    return fig


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """The UI language's separators on axes and hover values, whole-year axes, numeric
    dates and percentages as the locale writes them."""
    return percent_axes(date_axes(year_axes(fig.update_layout(separators=separators(lang))), lang), lang)


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
