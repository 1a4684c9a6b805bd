"""One A4 landscape page per view, for a council note or a meeting's papers: Overview,
one commune against its peers, the history of one place, and the follow-up chain.

Each page's charts are the app's own chart builders fed by the same analysis functions,
so a printed page and the screen always agree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from partdash.analysis import figures, territory
from partdash.analysis.aggregates import counts_by_year, share_table
from partdash.analysis.communes import (
    INDICATOR_BY_KEY,
    default_commune,
    format_value,
    indicator_table,
    profile,
)
from partdash.analysis.followup import FATES, chain_by_level, completed_feedback, proposal_fate, yes_no_counts
from partdash.analysis.overview import Card, key_figure_cards
from partdash.charts.communes import profile_dots, ranked_bars
from partdash.charts.followup import fate_bar, level_bars, yes_no_bars
from partdash.charts.overview import share_bars, stacked_by_year
from partdash.charts.style import wrap
from partdash.charts.territory import timeline
from partdash.i18n import format_percent
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES
from partdash.outputs.reports.document import Context, Document, cards, note, paragraph, row, table
from partdash.outputs.summary import overview_summary

KINDS = ("overview", "communes", "territory", "followup")
# The printable width of an A4 landscape page with 8 mm margins, in CSS pixels.
PAGE_WIDTH = 1050


def overview_cards(c: Context) -> list[Card]:
    """The Overview's eight key figures as the app shows them, with the published 2025 figure
    only where it compares (``Context.published_note``)."""
    return key_figure_cards(c.data, c.lang, published=c.published_note is None)


def starts_by_organiser(c: Context):
    """The Overview's chart of starts per year, coloured by organiser level."""
    return stacked_by_year(
        counts_by_year(c.data, "organiser_level"),
        "organiser_level",
        c.lang,
        c.t("overview.per_year_title"),
        c.t("overview.year"),
        c.t("overview.count_axis"),
    )


def overview(c: Context) -> Document:
    doc = Document(c, c.t("nav.page.overview"), one_page=True)
    df, lang = c.data, c.lang
    by_year = starts_by_organiser(c)
    shares = share_table(df, "organiser_level")
    labels = [
        c.t("overview.count_of", share=format_percent(r.share, lang), count=r.count, total=r.denominator)
        for r in shares.itertuples()
    ]
    levels = share_bars(
        shares, "organiser_level", lang, c.t("overview.levels_title"), c.t("overview.share_axis"), labels
    )
    cells = [(card.label, card.value, card.reference) for card in overview_cards(c)]
    doc.add(
        cards(cells[:4]),
        cards(cells[4:]),
        note(c.published_note),
        paragraph(overview_summary(df, lang)),
        row(doc.chart(by_year, 600, 380), doc.chart(levels, 440, 380)),
    )
    return doc


def communes(c: Context, nis: str | None = None) -> Document:
    """One commune against the 19: its counts, its profile of shares, its rank per inhabitant."""
    lang = c.lang
    table_ = indicator_table(c.data)
    nis = nis if nis in table_.index else default_commune(table_, c.filters.communes)
    names = reference.commune_names(lang)
    name = names[nis]
    doc = Document(c, f"{c.t('nav.page.communes')} · {name}", one_page=True)
    rows = profile(table_, nis)
    population = reference.population()
    items = [
        (
            INDICATOR_BY_KEY[r.key].label(lang),
            format_value(r.kind, r.value, lang),
            c.t(
                "communes.card_reference",
                median=format_value(r.kind, r.median, lang),
                min=format_value(r.kind, r.min, lang),
                max=format_value(r.kind, r.max, lang),
                rank=c.number(r.rank),
                ranked=c.number(r.ranked),
            ),
        )
        for r in rows[rows["group"] == "count"].itertuples()
    ]
    items.append((c.t("reports.population", year=population.attrs["year"]), c.number(population[nis]), None))
    items.append((c.t("reports.region_wide"), c.number(figures.region_wide(c.data)), None))
    profile_fig = profile_dots(rows, name, lang)
    ranking_fig = ranked_bars(table_, "per_10k", names, nis, lang)
    doc.add(cards(items), row(doc.chart(profile_fig, 590, 575), doc.chart(ranking_fig, 450, 575)))
    doc.sources.append(c.t("reports.source_population", year=population.attrs["year"]))
    return doc


def parse_place(value: str) -> str | None:
    """A place from the command line or a link: "q:58" / "c:21013", a commune's NIS code or a
    quartier's number; None when it names no place."""
    value = value.strip()
    for candidate in (value, f"c:{value}", f"q:{value}"):
        if territory.parse_place(candidate) is not None:
            return candidate
    return None


TABLE_ROWS = 9


def territory_page(c: Context, place: str | None = None) -> Document:
    """Everything that already touched one place: counts by way of touching, the timeline, the latest initiatives."""
    lang = c.lang
    df = c.data
    labels = territory.place_labels(lang)
    place = place if place in labels else territory.default_place(df, c.filters.communes)
    name = labels[place]
    doc = Document(c, f"{c.t('nav.page.territory')} · {name}", one_page=True)
    touched = territory.touched(df, territory.parse_place(place))
    local = touched.local
    shown_ways = territory.TOUCH_ORDER[:3] if place.startswith("q:") else territory.TOUCH_ORDER[:2]
    items = [(c.t("territory.n_local"), c.number(len(local)), None)]
    items += [(c.t(f"territory.touch.{w}"), c.number(touched.ways[w]), None) for w in shown_ways]
    items.append((c.t("territory.touch.region_wide"), c.number(len(touched.region)), None))
    doc.add(cards(items))
    if local.empty:
        doc.add(paragraph(c.t("territory.none_local", place=name)))
        return doc
    today = pd.Timestamp(date.today())
    fig = timeline(territory.timeline_frame(local, lang, today, limit=14), lang, name, today)
    listing = territory.touch_table(local, lang, limit=TABLE_ROWS)
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    headers = {
        "title": c.t("territory.col_title"),
        "years": c.t("territory.col_years"),
        "participation_level": label("participation_level"),
        "touch": c.t("territory.col_touch"),
        "results_published": label("results_published"),
        "feedback_to_participants": label("feedback_to_participants"),
        "proposals": c.t("territory.col_proposals"),
    }
    doc.add(doc.chart(fig, PAGE_WIDTH, 330), table(listing, headers))
    if len(local) > len(listing):
        doc.add(paragraph(c.t("reports.more_rows", shown=c.number(len(listing)), total=c.number(len(local)))))
    return doc


def followup(c: Context) -> Document:
    """The chain from mandate to decision, the fate of proposals, and the chain by organiser level."""
    lang, df = c.lang, c.data
    doc = Document(c, c.t("nav.page.followup"), one_page=True)
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    answers = {**VOCABULARIES["yes_no"].labels(lang), "unknown": c.t("followup.unknown")}
    counts = yes_no_counts(df, FOLLOWUP_CHAIN)
    row_labels = [f"<b>{label(r.field)}</b>" for r in counts.itertuples()]
    chain = yes_no_bars(counts, row_labels, answers, lang, c.t("followup.chain_title"), c.t("followup.count_axis"))
    fate = proposal_fate(df)
    feedback = completed_feedback(df)
    items = [
        (c.t("reports.completed"), c.number(feedback["completed"]), None),
        (c.t("reports.no_feedback"), c.number(feedback["no"]), None),
        (c.t("reports.feedback_unknown"), c.number(feedback["unknown"]), None),
        (c.t("reports.proposals_total"), c.number(fate["total"]), None),
        (
            c.t("followup.fate.adopted"),
            c.number(fate["adopted"]),
            format_percent(fate["adopted"] / fate["total"], lang) if fate["total"] else None,
        ),
    ]
    steps = {f: wrap(label(f)) for f in FOLLOWUP_CHAIN}
    hover = c.t("followup.hover_yes_known", yes="%{customdata[1]}", known="%{customdata[2]}")
    levels = level_bars(chain_by_level(df), steps, lang, c.t("followup.level_title"), c.t("followup.share_axis"), hover)
    right = doc.chart(levels, 470, 500)
    if fate["total"]:
        texts = {
            f: c.t("followup.fate_text", count=c.number(fate[f]), share=format_percent(fate[f] / fate["total"], lang))
            for f in FATES
        }
        title = c.t("followup.fate_title", count=fate["total"], n=c.number(fate["initiatives"]))
        fate_fig = fate_bar(fate, {f: c.t(f"followup.fate.{f}") for f in FATES}, texts, lang, title, "")
        left = doc.chart(chain, 570, 330) + doc.chart(fate_fig, 570, 170)
    else:
        left = doc.chart(chain, 570, 500)
    doc.add(cards(items), row(left, right))
    return doc


BUILDERS = {"overview": overview, "communes": communes, "territory": territory_page, "followup": followup}


def one_page(kind: str, context: Context, subject: str | None = None) -> Document:
    """The one-pager of ``kind``; ``subject`` is the commune (NIS) or the place it is about."""
    builder = BUILDERS[kind]
    return builder(context, subject) if kind in ("communes", "territory") else builder(context)
