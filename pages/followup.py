"""Follow-up: the chain from mandate to decision, the fate of proposals, who got no feedback."""

import streamlit as st

from partdash.analysis.followup import (
    FATES,
    REGION_WIDE,
    chain_by_commune,
    chain_by_level,
    completed_feedback,
    completed_without_feedback,
    detail_links,
    proposal_fate,
    proposals_by_initiative,
    yes_no_counts,
)
from partdash.charts.followup import commune_heatmap, fate_bar, level_bars, yes_no_bars
from partdash.charts.style import wrap
from partdash.i18n import date_column_format, format_number, format_percent
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_CHAIN, FOLLOWUP_FIELDS, VOCABULARIES
from partdash.ui.components import chart, page_start
from partdash.ui.context import t

v = page_start("followup", "followup.intro")
df, lang = v.data, v.lang

label = lambda field: FIELD_BY_NAME[field].label(lang)  # noqa: E731
answers = {**VOCABULARIES["yes_no"].labels(lang), "unknown": t("followup.unknown")}
OTHER_FIELDS = tuple(f for f in FOLLOWUP_FIELDS if f not in FOLLOWUP_CHAIN)


def known_line(row) -> str:
    if not row.known:
        return t("followup.none_known")
    return t(
        "followup.yes_of_known",
        yes=format_number(row.yes, lang),
        count=row.known,
        share=format_percent(row.share, lang),
    )


def yes_no_section(fields, title_key, caption_key, key):
    counts = yes_no_counts(df, fields)
    row_labels = [f"<b>{label(r.field)}</b><br>{known_line(r)}" for r in counts.itertuples()]
    chart(yes_no_bars(counts, row_labels, answers, lang, t(title_key), t("followup.count_axis")), key)
    st.caption(t(caption_key))
    st.markdown("\n".join(t("followup.explain_line", label=label(f), text=t(f"followup.explain.{f}")) for f in fields))


yes_no_section(FOLLOWUP_CHAIN, "followup.chain_title", "followup.chain_caption", "followup_chain")
st.divider()
yes_no_section(OTHER_FIELDS, "followup.other_title", "followup.other_caption", "followup_other")

st.divider()
fate = proposal_fate(df)
if fate["total"]:
    texts = {
        f: t(
            "followup.fate_text",
            count=format_number(fate[f], lang),
            share=format_percent(fate[f] / fate["total"], lang),
        )
        for f in FATES
    }
    title = t("followup.fate_title", count=fate["total"], n=format_number(fate["initiatives"], lang))
    chart(
        fate_bar(fate, {f: t(f"followup.fate.{f}") for f in FATES}, texts, lang, title, t("followup.fate_axis")),
        "followup_fate",
    )
    st.caption(t("followup.fate_caption"))
    st.markdown(f"**{t('followup.proposals_title')}**")
    table = proposals_by_initiative(df, lang)
    table["link"] = detail_links(table["id"], v.filters, lang, v.dataset)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(table)),
        key="followup_proposals",
        placeholder="–",
        column_order=("link", "title", "total", "adopted", "modified", "rejected", "not_reported", "percent_adopted"),
        column_config={
            "link": st.column_config.LinkColumn(t("followup.col_link"), display_text="↗", width="small"),
            "title": st.column_config.TextColumn(t("followup.col_title"), width=240),
            "total": st.column_config.NumberColumn(t("followup.col_total"), format="%d"),
            **{f: st.column_config.NumberColumn(t(f"followup.fate.{f}"), format="%d") for f in FATES},
            "percent_adopted": st.column_config.ProgressColumn(
                t("followup.col_share_adopted"), format=t("followup.percent_format"), min_value=0.0, max_value=100.0
            ),
        },
    )
    if len(table) < fate["initiatives"]:
        st.caption(
            t(
                "followup.truncated",
                count=len(table),
                total=format_number(fate["initiatives"], lang),
            )
        )
    st.caption(t("followup.proposals_caption"))
else:
    st.info(t("followup.fate_none"), icon=":material/info:")

st.divider()
steps = {f: wrap(label(f)) for f in FOLLOWUP_CHAIN}
by_level = chain_by_level(df)
hover = t("followup.hover_yes_known", yes="%{customdata[1]}", known="%{customdata[2]}")
chart(
    level_bars(by_level, steps, lang, t("followup.level_title"), t("followup.share_axis"), hover),
    "followup_levels",
    filter_field="organiser_level",
)
st.caption(t("followup.level_caption"))
by_commune = chain_by_commune(df)
rows = {**reference.commune_names(lang), REGION_WIDE: t("followup.region_wide")}
cell_hover = t("followup.hover_yes_known", yes="%{customdata[0]}", known="%{customdata[1]}")
chart(
    commune_heatmap(by_commune, rows, steps, lang, t("followup.commune_title"), cell_hover, t("followup.colour_title")),
    "followup_communes",
)
st.caption(t("followup.commune_caption"))

st.divider()
st.subheader(t("followup.nofeedback_title"))
counts = completed_feedback(df)
st.markdown(
    t(
        "followup.nofeedback_summary",
        count=counts["completed"],
        no=format_number(counts["no"], lang),
        unknown=format_number(counts["unknown"], lang),
    )
)
missing = completed_without_feedback(df, lang)
if missing.empty:
    st.info(t("followup.nofeedback_none"), icon=":material/info:")
else:
    missing["link"] = detail_links(missing["id"], v.filters, lang, v.dataset)
    st.dataframe(
        missing,
        hide_index=True,
        width="stretch",
        height=min(460, 38 + 35 * len(missing)),
        key="followup_nofeedback",
        column_order=("link", "title", "organiser", "communes", "end_date", "results_published"),
        column_config={
            "link": st.column_config.LinkColumn(t("followup.col_link"), display_text="↗", width="small"),
            "title": st.column_config.TextColumn(t("followup.col_title"), width=260),
            "organiser": st.column_config.TextColumn(label("organiser"), width="medium"),
            "communes": st.column_config.TextColumn(label("communes")),
            "end_date": st.column_config.DateColumn(label("end_date"), format=date_column_format(lang)),
            "results_published": st.column_config.TextColumn(label("results_published")),
        },
    )
    if len(missing) < counts["no"]:
        st.caption(t("followup.truncated", count=len(missing), total=format_number(counts["no"], lang)))
    st.caption(t("followup.nofeedback_caption"))
