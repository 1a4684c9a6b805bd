"""The Overview's key figures as cards: each figure computed from the rows, in the UI
language, with the published 2025 figure (SPEC 5) under it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from partdash.analysis import figures
from partdash.analysis.aggregates import is_small, known_mask, small_text
from partdash.i18n import format_number, format_percent, translate


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    reference: str | None = None
    help: str | None = None
    # The published figure alone, for a table whose column already says where it comes from.
    published: str | None = None


def key_figure_cards(df: pd.DataFrame, lang: str, published: bool = True) -> list[Card]:
    """The eight key figures of the Overview, in reading order; the published 2025 figure
    under each only when ``published`` (see figures.published_note: they compare only there)."""
    pub = figures.PUBLISHED_2025
    tr = lambda key, **params: translate(f"overview.{key}", lang, **params)  # noqa: E731
    known = {
        "started": int(df["start_year"].notna().sum()),
        "levels": int(known_mask(df, "organiser_level").sum()),
        "sortition": int(known_mask(df, "selection").sum()),
        "participation": int(known_mask(df, "participation_level").sum()),
    }

    def pct(value, over: str | None = None) -> str:
        """A share, or its count under the small-count rule."""
        n = len(df) if over is None else known[over]
        if value is not None and is_small(n):
            return small_text(round(value * n), n, lang)
        return format_percent(value, lang)

    levels = figures.level_share(df)
    duration = figures.duration_months(df)
    spread = None
    if duration["n"]:
        quartiles = {k: format_number(duration[k], lang, 1) for k in ("p25", "p75")}
        spread = tr("duration_help", n=duration["n"], **quartiles)
    rows = (
        ("n_initiatives", format_number(len(df), lang), format_number(pub["n_initiatives"], lang), None),
        (
            "started",
            pct(figures.share_start_2019_2023(df), "started"),
            format_percent(pub["share_start_2019_2023"], lang),
            None,
        ),
        (
            "urban_planning",
            pct(figures.theme_share(df)["urban_planning"]),
            format_percent(pub["theme_share_urban_planning"], lang),
            tr("urban_planning_help"),
        ),
        ("communal", pct(levels["communal"], "levels"), tr("pub_two_thirds"), None),
        ("regional", pct(levels["regional"], "levels"), tr("pub_one_third"), None),
        ("sortition", pct(figures.share_sortition(df), "sortition"), tr("pub_under_10"), tr("sortition_help")),
        (
            "co_decision",
            pct(figures.level_share(df, "participation_level")["co_decision"], "participation"),
            tr("pub_rare"),
            None,
        ),
        (
            "duration",
            format_number(duration["median"], lang, 1) if duration["n"] else "–",
            tr("pub_duration"),
            spread,
        ),
    )
    return [
        Card(tr(key), value, tr("published", value=reference), note, reference)
        if published
        else Card(tr(key), value, None, note)
        for key, value, reference, note in rows
    ]
