"""A report as a list of blocks between a fixed head and foot, and its HTML.

Every report, one page or many, opens with the same head (its title, the view line, the
date of production, the dataset and the demonstration label) and closes with its sources,
so that a printed page never travels without saying what it shows and where it comes from.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from partdash.analysis.figures import published_note
from partdash.charts.style import localise, scale_fonts
from partdash.i18n import format_date, format_number, translate
from partdash.inventory.filters import Filters, apply_filters
from partdash.inventory.loader import Inventory
from partdash.inventory.reference import ATTRIBUTION
from partdash.outputs.reports.render import figure_html, page_html, text
from partdash.outputs.viewline import ViewLine, view_line

# Charts are drawn at print size: a little smaller text than on screen, never under 9 px.
PRINT_FONT_FACTOR = 0.8
PRINT_MIN_FONT = 9

CSS = """
@page { size: A4 landscape; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", Arial, "DejaVu Sans", sans-serif; color: #1b2430; font-size: 11px; }
.page { width: 281mm; }
.one { height: 193mm; overflow: hidden; display: flex; flex-direction: column; }
.one .body { flex: 1; overflow: hidden; }
.head h1 { font-size: 20px; margin: 0 0 2px 0; }
.head .line { font-size: 13px; font-weight: 600; margin: 0; }
.head .meta { font-size: 10px; color: #4a5563; margin: 2px 0 6px 0; }
.head .demo { color: #9a3412; font-weight: 600; }
.cards { display: flex; gap: 6px; margin: 4px 0; flex-wrap: wrap; }
.card { flex: 1 1 0; min-width: 120px; border: 1px solid #d5dae1; border-radius: 4px; padding: 3px 6px; }
.card .label { font-size: 9.5px; color: #4a5563; }
.card .value { font-size: 17px; font-weight: 700; }
.card .ref { font-size: 8.5px; color: #6b7280; }
.row { display: flex; gap: 8px; align-items: flex-start; }
p.text { margin: 3px 0; font-size: 11px; line-height: 1.35; }
p.note { margin: 2px 0 4px 0; font-size: 10px; font-style: italic; color: #4a5563; }
table { border-collapse: collapse; font-size: 10.5px; width: 100%; }
th, td { border-bottom: 1px solid #e5e8ec; padding: 2px 4px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num, th.num { text-align: right; }
.foot { font-size: 8px; color: #6b7280; border-top: 1px solid #d5dae1; padding-top: 2px; margin-top: 4px; }
section { break-inside: avoid; margin-top: 10px; }
section h2 { font-size: 16px; margin: 0 0 4px 0; border-bottom: 2px solid #0072B2; }
.break { break-before: page; }
"""


@dataclass
class Context:
    """What a report is made from: the inventory, the filters in force and the language.
    ``dataset`` is the app's dataset key (None from the command line)."""

    inventory: Inventory
    filters: Filters
    lang: str
    dataset: str | None = None
    today: date = field(default_factory=date.today)

    def __post_init__(self):
        self.data = apply_filters(self.inventory.data, self.filters)

    def t(self, key: str, **params) -> str:
        return translate(key, self.lang, **params)

    def number(self, value, decimals: int = 0) -> str:
        return format_number(value, self.lang, decimals)

    @property
    def published_note(self) -> str | None:
        """None when the published 2025 figures may be printed beside this report's figures
        (the whole inventory, unfiltered); else the sentence printed instead of them."""
        return published_note(self.data, self.inventory.data, self.lang)

    @property
    def line(self) -> ViewLine:
        return view_line(
            self.filters,
            len(self.data),
            len(self.inventory.data),
            self.lang,
            self.dataset,
            self.inventory.source,
            self.inventory.is_demo,
        )


@dataclass
class Document:
    context: Context
    title: str
    one_page: bool
    blocks: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=itertools.count)

    def add(self, *blocks: str) -> None:
        self.blocks.extend(blocks)

    def chart(self, fig: go.Figure, width: int, height: int) -> str:
        fig = scale_fonts(localise(fig, self.context.lang), PRINT_FONT_FACTOR, PRINT_MIN_FONT)
        return figure_html(fig, f"fig{next(self._ids)}", width, height)

    def head(self) -> str:
        c = self.context
        line = c.line
        demo = f' · <span class="demo">{text(line.demo)}</span>' if line.demo else ""
        produced = c.t("reports.produced", date=format_date(c.today, c.lang, "long"))
        return (
            f'<div class="head"><h1>{text(self.title)}</h1><p class="line">{text(line.text())}</p>'
            f'<p class="meta">{text(produced)}{demo}</p></div>'
        )

    def foot(self) -> str:
        c = self.context
        sources = [
            c.t("reports.source_inventory", name=c.line.dataset),
            *self.sources,
            c.t("reports.source_published"),
            c.t("shell.attribution", urbis=ATTRIBUTION["urbis"]),
            "partdash",
        ]
        return f'<div class="foot">{text(c.t("reports.sources"))} {" · ".join(text(s) for s in sources)}</div>'

    def html(self, inline_js: bool = True) -> str:
        body = "".join(self.blocks)
        if self.one_page:
            page = f'<div class="page one">{self.head()}<div class="body">{body}</div>{self.foot()}</div>'
        else:
            page = f'<div class="page">{self.head()}{body}{self.foot()}</div>'
        return page_html(self.title, self.context.lang, CSS, page, inline_js)


def cards(items: list[tuple[str, str, str | None]]) -> str:
    """Key figures side by side: label, value, and the reference under it (or nothing)."""
    out = []
    for label, value, reference in items:
        ref = f'<div class="ref">{text(reference)}</div>' if reference else ""
        out.append(
            f'<div class="card"><div class="label">{text(label)}</div><div class="value">{text(value)}</div>{ref}</div>'
        )
    return f'<div class="cards">{"".join(out)}</div>'


def paragraph(sentences: list[str] | str) -> str:
    body = " ".join(sentences) if isinstance(sentences, list) else sentences
    return f'<p class="text">{text(body)}</p>' if body else ""


def note(sentence: str | None) -> str:
    """A remark on the figures around it (why a reference is left out), set apart from the text."""
    return f'<p class="note">{text(sentence)}</p>' if sentence else ""


def row(*blocks: str) -> str:
    return f'<div class="row">{"".join(f"<div>{b}</div>" for b in blocks)}</div>'


def table(frame: pd.DataFrame, headers: dict[str, str], numeric: tuple[str, ...] = ()) -> str:
    """A small table; every cell is text from data, escaped."""
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{text(h)}</th>' for c, h in headers.items())
    rows = []
    for record in frame[list(headers)].itertuples(index=False):
        cells = "".join(
            f'<td class="{"num" if c in numeric else ""}">{text("" if v is None or v != v else v)}</td>'
            for c, v in zip(headers, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def section(title: str, *blocks: str, new_page: bool = False) -> str:
    cls = ' class="break"' if new_page else ""
    return f"<section{cls}><h2>{text(title)}</h2>{''.join(blocks)}</section>"
