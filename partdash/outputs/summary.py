"""A plain-language summary of the key figures, for people who read rather than scan charts."""

from __future__ import annotations

import pandas as pd

from partdash.analysis import figures
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.vocab import VOCABULARIES

# Shares close to a simple fraction are said in words ("two thirds"), as the published analysis does.
_FRACTIONS = ((1 / 4, "quarter"), (1 / 3, "third"), (1 / 2, "half"), (2 / 3, "two_thirds"), (3 / 4, "three_quarters"))


def share_words(share: float, lang: str) -> str:
    for value, key in _FRACTIONS:
        if abs(share - value) <= 0.02:
            return translate(f"summary.fraction.{key}", lang)
    return format_percent(share, lang)


def overview_summary(df: pd.DataFrame, lang: str) -> list[str]:
    n = len(df)
    if n == 0:
        return []
    sentences = []
    started = figures.share_start_2019_2023(df)
    sentences.append(
        translate("summary.count", lang, count=n, share=format_percent(started, lang))
        if started is not None
        else translate("summary.count_only", lang, count=n)
    )
    levels = figures.level_share(df)
    if levels.get("communal") is not None:
        sentences.append(
            translate(
                "summary.levels",
                lang,
                communal=share_words(levels["communal"], lang),
                regional=share_words(levels["regional"] or 0.0, lang),
            )
        )
    top = figures.top_theme(df)
    if top:
        sentences.append(
            translate(
                "summary.theme",
                lang,
                theme=VOCABULARIES["themes"].label(top, lang).lower(),
                share=format_percent(figures.theme_share(df)[top], lang),
            )
        )
    participation = figures.level_share(df, "participation_level")
    sortition = figures.share_sortition(df)
    if participation.get("co_decision") is not None:
        sentences.append(
            translate("summary.co_decision", lang, share=format_percent(participation["co_decision"], lang))
        )
    if sortition is not None:
        sentences.append(translate("summary.sortition", lang, share=format_percent(sortition, lang)))
    feedback = figures.followup(df)["feedback_to_participants"]
    if feedback["known"]:
        sentences.append(
            translate(
                "summary.feedback",
                lang,
                share=format_percent(feedback["share"], lang),
                count=feedback["known"],
                unknown=format_number(n - feedback["known"], lang),
            )
        )
    return [s[0].upper() + s[1:] for s in sentences]
