"""The key figures of SPEC section 5, computed from a loaded (optionally filtered) inventory.

The definitions here are the only ones: the Overview, the CLI and the tests all call
these functions. Shares are fractions in 0..1 and ``None`` when their denominator is 0,
so that "no data" is never shown as 0 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partdash.i18n import format_number, translate
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES

PERIOD_2019_2023 = (2019, 2023)

# The June 2025 published analysis (SPEC 5), shown beside computed figures, never used in them.
PUBLISHED_2025 = {
    "n_initiatives": 148,
    "share_start_2019_2023": 0.82,
    "theme_share_urban_planning": 0.51,
    "level_share_communal": 2 / 3,
    "level_share_regional": 1 / 3,
    "share_sortition_max": 0.10,
}


def published_note(shown: pd.DataFrame, inventory: pd.DataFrame, lang: str) -> str | None:
    """None when the published 2025 figures may stand beside figures computed on ``shown``:
    every initiative of ``inventory`` is shown (no filter leaves any out) and the inventory
    holds at least the published count (148), so that it is the full inventory (the demo,
    calibrated to it, or an official file) and not a sample or a file of a few rows.
    Otherwise the one sentence that says why they are left out."""
    published = PUBLISHED_2025["n_initiatives"]
    if len(inventory) < published:
        key = "figures.published_partial"
    elif len(shown) < len(inventory):
        key = "figures.published_filtered"
    else:
        return None
    return translate(key, lang, published=format_number(published, lang))


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def n_initiatives(df: pd.DataFrame) -> int:
    return len(df)


def share_start_2019_2023(df: pd.DataFrame) -> float | None:
    years = df["start_year"].dropna()
    return _share(int(years.between(*PERIOD_2019_2023).sum()), len(years))


def code_counts(df: pd.DataFrame, field: str) -> pd.Series:
    """Initiatives per code of ``field`` (multi-valued fields count each initiative once per code),
    in vocabulary order, zeros included."""
    values = df[field]
    counts = values.explode().value_counts() if VOCABULARIES[field].multi else values.value_counts()
    return counts.reindex(list(VOCABULARIES[field].codes), fill_value=0).astype(int)


def theme_share(df: pd.DataFrame) -> dict[str, float | None]:
    """Share of all initiatives having each theme; shares add up past 1 with multi-theme rows."""
    return {code: _share(int(n), len(df)) for code, n in code_counts(df, "themes").items()}


def top_theme(df: pd.DataFrame) -> str | None:
    counts = code_counts(df, "themes")
    return str(counts.idxmax()) if counts.max() > 0 else None


def level_share(df: pd.DataFrame, field: str = "organiser_level") -> dict[str, float | None]:
    """Share per code of a single-valued field, over initiatives where the field is known."""
    counts = code_counts(df, field)
    known = int(counts.sum())
    return {code: _share(int(n), known) for code, n in counts.items()}


def share_sortition(df: pd.DataFrame) -> float | None:
    known = df["selection"][df["selection"].map(len) > 0]
    return _share(int(known.map(lambda s: "sortition" in s).sum()), len(known))


def duration_months(df: pd.DataFrame) -> dict[str, float | int | None]:
    months = df["duration_months"].dropna().astype(float)
    if months.empty:
        return {"median": None, "p25": None, "p75": None, "n": 0}
    return {
        "median": float(months.median()),
        "p25": float(months.quantile(0.25)),
        "p75": float(months.quantile(0.75)),
        "n": int(len(months)),
    }


def share_recurring(df: pd.DataFrame) -> float | None:
    known = df["recurrence"].dropna()
    return _share(int(known.isin(["recurring", "permanent"]).sum()), len(known))


def followup(df: pd.DataFrame) -> dict[str, dict[str, float | int | None]]:
    """Share of yes over initiatives where the field is known, with that known count."""
    out = {}
    for field in FOLLOWUP_FIELDS:
        known = df[field].dropna()
        out[field] = {"share": _share(int(known.sum()), len(known)), "known": int(len(known))}
    return out


def proposals(df: pd.DataFrame) -> dict[str, int]:
    return {key: int(df[f"proposals_{key}"].sum()) for key in ("total", "adopted", "modified", "rejected")}


def by_commune(df: pd.DataFrame) -> dict[str, int]:
    """Initiatives per commune NIS: counted once for each commune they list."""
    counts = df["communes"].explode().dropna().value_counts()
    return {str(k): int(v) for k, v in counts.sort_index().items()}


def region_wide_mask(df: pd.DataFrame) -> np.ndarray:
    """Initiatives for the whole region: perimeter ``region`` and no commune named. They are
    counted apart, never spread over the communes."""
    return ((df["perimeter"] == "region").fillna(False) & (df["communes"].map(len) == 0)).to_numpy(bool)


def region_wide(df: pd.DataFrame) -> int:
    return int(region_wide_mask(df).sum())


def _round(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def key_figures(df: pd.DataFrame) -> dict:
    """All key figures in the JSON layout of ``partdash figures --json``."""
    figures = {
        "n_initiatives": n_initiatives(df),
        "share_start_2019_2023": share_start_2019_2023(df),
        "theme_share": theme_share(df),
        "top_theme": top_theme(df),
        "level_share": level_share(df),
        "participation_level_share": level_share(df, "participation_level"),
        "share_sortition": share_sortition(df),
        "duration_months": duration_months(df),
        "share_recurring": share_recurring(df),
        "followup": followup(df),
        "proposals": proposals(df),
        "by_commune": by_commune(df),
        "region_wide": region_wide(df),
    }
    return _round(figures)
