"""The inventory report: the structure of the analysis published in June 2025, produced
again from any loaded inventory (and any filters), in French, Dutch or English.

Sections follow the published analysis: key figures beside the published ones, themes,
who organises, levels and methods, selection and sortition, durations and recurrence,
the follow-up chain and the fate of proposals, communes per inhabitant; then the data's
validation summary. Each section has a few generated sentences; every number in them
comes from the analysis functions the app uses, never from a second computation here.
"""

from __future__ import annotations

import pandas as pd

from partdash.analysis import figures, methods, themes
from partdash.analysis.aggregates import share_table
from partdash.analysis.communes import indicator_table, ranking, regional_stats
from partdash.analysis.durations import duration_histogram
from partdash.analysis.followup import FATES, proposal_fate, yes_no_counts
from partdash.charts.communes import ranked_bars
from partdash.charts.followup import fate_bar, yes_no_bars
from partdash.charts.methods import code_share_bars, count_bars, highlighted_shares
from partdash.charts.timeline import duration_histogram as duration_chart
from partdash.i18n import format_percent
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES
from partdash.outputs.reports.document import Context, Document, note, paragraph, row, section, table
from partdash.outputs.reports.onepage import PAGE_WIDTH, overview_cards, starts_by_organiser
from partdash.outputs.summary import overview_summary, share_words

HALF = 515


def _label(field: str, code: str | None, lang: str) -> str:
    return VOCABULARIES[field].label(code, lang) if code else "–"


def _top(counts, field: str, lang: str) -> tuple[str, int]:
    """The most frequent code of a count table (``share_table``) and its count."""
    counts = counts[counts["code"].isin(VOCABULARIES[field].codes)]
    if counts.empty or counts["count"].max() == 0:
        return "–", 0
    top = counts.sort_values("count", ascending=False, kind="stable").iloc[0]
    return _label(field, top["code"], lang), int(top["count"])


def key_figures(c: Context, doc: Document) -> str:
    cards = overview_cards(c)
    left_out = c.published_note
    frame = {"figure": [card.label for card in cards], "value": [card.value for card in cards]}
    headers = {"figure": c.t("reports.col_figure"), "value": c.t("reports.col_value")}
    if left_out is None:
        frame["published"] = [card.published for card in cards]
        headers["published"] = c.t("reports.col_published")
    return section(
        c.t("reports.section.key_figures"),
        paragraph(overview_summary(c.data, c.lang)),
        table(pd.DataFrame(frame), headers),
        note(left_out),
    )


def themes_section(c: Context, doc: Document) -> str:
    df, lang = c.data, c.lang
    shares = share_table(df, "themes")
    top = figures.top_theme(df)
    several = themes.multi_theme(df)
    text = c.t(
        "reports.text.themes",
        theme=_label("themes", top, lang),
        share=format_percent(figures.theme_share(df).get(top) if top else None, lang),
        several=c.number(several["several"]),
        n=c.number(several["initiatives"]),
    )
    fig = code_share_bars(shares, "themes", lang, c.t("themes.shares_title"), c.t("themes.share_axis"))
    return section(c.t("reports.section.themes"), paragraph(text), doc.chart(fig, PAGE_WIDTH, 350))


def organisers_section(c: Context, doc: Document) -> str:
    df, lang = c.data, c.lang
    levels = figures.level_share(df)
    text = c.t(
        "reports.text.organisers",
        communal=share_words(levels["communal"], lang) if levels["communal"] is not None else "–",
        regional=share_words(levels["regional"], lang) if levels["regional"] is not None else "–",
        started=format_percent(figures.share_start_2019_2023(df), lang),
    )
    fig = starts_by_organiser(c)
    return section(c.t("reports.section.organisers"), paragraph(text), doc.chart(fig, PAGE_WIDTH, 300))


def methods_section(c: Context, doc: Document) -> str:
    df, lang = c.data, c.lang
    ladder = methods.ladder(df)
    participation = figures.level_share(df, "participation_level")
    top_level, _ = _top(ladder, "participation_level", lang)
    formats = methods.method_shares(df, "formats")
    top_format, format_count = _top(formats, "formats", lang)
    text = c.t(
        "reports.text.methods",
        level=top_level,
        co_decision=format_percent(participation.get("co_decision"), lang),
        format=top_format,
        count=c.number(format_count),
        known=c.number(methods.coverage(df, "formats")["known"]),
    )
    ladder_fig = count_bars(ladder, "participation_level", lang, c.t("methods.ladder_title"), c.t("methods.count_axis"))
    formats_fig = code_share_bars(formats, "formats", lang, c.t("methods.formats_title"), c.t("methods.share_axis"))
    return section(
        c.t("reports.section.methods"),
        paragraph(text),
        row(doc.chart(ladder_fig, HALF, 310), doc.chart(formats_fig, HALF, 310)),
    )


def selection_section(c: Context, doc: Document) -> str:
    """Sortition beside the published ceiling, or beside the sentence that says why not."""
    df, lang = c.data, c.lang
    sortition = methods.sortition(df)
    left_out = c.published_note
    ceiling = figures.PUBLISHED_2025["share_sortition_max"]
    published = format_percent(ceiling, lang)
    sentences = [
        c.t(
            "reports.text.selection",
            share=format_percent(sortition["share"], lang),
            count=c.number(sortition["count"]),
            known=c.number(sortition["known"]),
        )
    ]
    if left_out:
        sentences.append(left_out)
    elif sortition["known"]:  # the sentence points at the chart's dashed line
        sentences.append(c.t("methods.selection_published", published=published))
    blocks = [paragraph(sentences)]
    if sortition["known"]:
        reference = () if left_out else (ceiling, c.t("methods.published_line", value=published))
        fig = highlighted_shares(
            methods.method_shares(df, "selection"),
            "selection",
            lang,
            c.t("methods.selection_title"),
            c.t("methods.share_axis"),
            "sortition",
            *reference,
        )
        blocks.append(doc.chart(fig, PAGE_WIDTH, 240))
    return section(c.t("reports.section.selection"), *blocks)


def durations_section(c: Context, doc: Document) -> str:
    df, lang = c.data, c.lang
    stats = figures.duration_months(df)
    recurring = figures.share_recurring(df)
    text = c.t(
        "reports.text.durations",
        n=c.number(stats["n"]),
        median=c.number(stats["median"], 1),
        p25=c.number(stats["p25"], 1),
        p75=c.number(stats["p75"], 1),
        recurring=format_percent(recurring, lang),
    )
    recurrence = count_bars(
        share_table(df, "recurrence", with_unknown=True),
        "recurrence",
        lang,
        c.t("timeline.recurrence_title"),
        c.t("timeline.count_axis"),
    )
    charts = [doc.chart(recurrence, HALF, 340)]
    if stats["n"]:
        split = "organiser_level"
        histogram = duration_chart(
            duration_histogram(df, split),
            stats,
            split,
            lang,
            c.t("timeline.duration_title", n=c.number(stats["n"])),
            c.t("timeline.duration_axis"),
            c.t("timeline.count_axis"),
        )
        charts.insert(0, doc.chart(histogram, HALF, 340))
    return section(c.t("reports.section.durations"), paragraph(text), row(*charts))


def followup_section(c: Context, doc: Document) -> str:
    df, lang = c.data, c.lang
    label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
    counts = yes_no_counts(df, FOLLOWUP_CHAIN)
    answers = {**VOCABULARIES["yes_no"].labels(lang), "unknown": c.t("followup.unknown")}
    chain = yes_no_bars(
        counts,
        [f"<b>{label(r.field)}</b>" for r in counts.itertuples()],
        answers,
        lang,
        c.t("followup.chain_title"),
        c.t("followup.count_axis"),
    )
    feedback = figures.followup(df)["feedback_to_participants"]
    fate = proposal_fate(df)
    text = c.t(
        "reports.text.followup",
        feedback=format_percent(feedback["share"], lang),
        known=c.number(feedback["known"]),
        total=c.number(fate["total"]),
        adopted=format_percent(fate["adopted"] / fate["total"] if fate["total"] else None, lang),
        n=c.number(fate["initiatives"]),
    )
    blocks = [paragraph(text), doc.chart(chain, PAGE_WIDTH, 330)]
    if fate["total"]:
        texts = {
            f: c.t("followup.fate_text", count=c.number(fate[f]), share=format_percent(fate[f] / fate["total"], lang))
            for f in FATES
        }
        title = c.t("followup.fate_title", count=fate["total"], n=c.number(fate["initiatives"]))
        blocks.append(
            doc.chart(
                fate_bar(fate, {f: c.t(f"followup.fate.{f}") for f in FATES}, texts, lang, title, ""), PAGE_WIDTH, 200
            )
        )
    return section(c.t("reports.section.followup"), *blocks)


def communes_section(c: Context, doc: Document) -> str:
    lang = c.lang
    table_ = indicator_table(c.data)
    key = "per_10k"
    ranked = ranking(table_, key)
    names = reference.commune_names(lang)
    median = float(regional_stats(table_).at[key, "median"])
    top = ranked.iloc[0]
    text = c.t(
        "reports.text.communes",
        top=names[top["nis"]],
        value=c.number(top["value"], 1),
        median=c.number(median, 1),
        region_wide=c.number(figures.region_wide(c.data)),
        year=reference.population().attrs["year"],
    )
    fig = ranked_bars(table_, key, names, "", lang)
    doc.sources.append(c.t("reports.source_population", year=reference.population().attrs["year"]))
    return section(c.t("reports.section.communes"), paragraph(text), doc.chart(fig, PAGE_WIDTH, 560))


def validation_section(c: Context, doc: Document) -> str:
    report = c.inventory.report
    text = c.t(
        "reports.text.validation",
        source=c.inventory.source,
        rows_in=c.number(report.rows_in),
        loaded=c.number(report.rows_loaded),
        rejected=c.number(report.rows_rejected),
        warnings=c.number(len(report.warnings)),
    )
    filters = c.t("reports.text.filters", line=c.line.text())
    return section(c.t("reports.section.validation"), paragraph(text), paragraph(filters))


SECTIONS = (
    key_figures,
    themes_section,
    organisers_section,
    methods_section,
    selection_section,
    durations_section,
    followup_section,
    communes_section,
    validation_section,
)


def inventory_report(c: Context) -> Document:
    doc = Document(c, c.t("reports.inventory_title"), one_page=False)
    for build in SECTIONS:
        doc.add(build(c, doc))
    return doc
