"""Methods: the ladder of participation, selection (sortition), formats, mobilisation, publics."""

import streamlit as st

from partdash.analysis import methods
from partdash.analysis.figures import PUBLISHED_2025
from partdash.charts.methods import code_share_bars, count_bars, highlighted_shares, stacked_shares
from partdash.i18n import format_number, format_percent
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.ui.components import chart, page_start
from partdash.ui.context import t

v = page_start("methods", "methods.intro")
df, lang = v.data, v.lang


def counts(field: str) -> dict[str, str]:
    return {k: format_number(n, lang) for k, n in methods.coverage(df, field).items()}


def no_known(field: str) -> None:
    st.info(t("methods.no_known", field=FIELD_BY_NAME[field].label(lang)), icon=":material/help:")


def multi_valued(field: str, filter_field: str | None = None) -> None:
    """Share bars of a multi-valued field over the initiatives where it is filled in."""
    if not methods.coverage(df, field)["known"]:
        no_known(field)
        return
    chart(
        code_share_bars(
            methods.method_shares(df, field), field, lang, t(f"methods.{field}_title"), t("methods.share_axis")
        ),
        f"methods_{field}",
        filter_field=filter_field,
    )
    st.caption(
        " ".join(
            [t("methods.multi_caption", count=methods.coverage(df, field)["known"], **counts(field))]
            + ([t("methods.click_filter")] if filter_field else [])
        )
    )


chart(
    count_bars(methods.ladder(df), "participation_level", lang, t("methods.ladder_title"), t("methods.count_axis")),
    "methods_ladder",
    filter_field="participation_level",
)
st.caption(t("methods.ladder_caption", count=methods.coverage(df, "participation_level")["known"]))

chart(
    stacked_shares(
        methods.ladder_by_level(df),
        "participation_level",
        "organiser_level",
        lang,
        t("methods.by_level_title"),
        t("methods.share_axis"),
    ),
    "methods_ladder_by_level",
    filter_field="participation_level",
)
st.caption(t("methods.by_level_caption"))

published = format_percent(PUBLISHED_2025["share_sortition_max"], lang)
if methods.coverage(df, "selection")["known"]:
    fig = highlighted_shares(
        methods.method_shares(df, "selection"),
        "selection",
        lang,
        t("methods.selection_title"),
        t("methods.share_axis"),
        "sortition",
        PUBLISHED_2025["share_sortition_max"],
        t("methods.published_line", value=published),
    )
    chart(fig, "methods_selection", filter_field="selection")
    sortition = methods.sortition(df)
    st.caption(
        t(
            "methods.selection_caption",
            share=format_percent(sortition["share"], lang),
            sortition=format_number(sortition["count"], lang),
            count=methods.coverage(df, "selection")["known"],
            published=published,
            **counts("selection"),
        )
    )
else:
    no_known("selection")

multi_valued("formats", filter_field="formats")
multi_valued("mobilisation")
multi_valued("publics")
