"""Initiatives as people read them: a display table and a detail record in one language."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partdash.i18n import format_date, format_number, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES

TITLE_ORDER = {
    "fr": ("title_fr", "title_nl", "title_en"),
    "nl": ("title_nl", "title_fr", "title_en"),
    "en": ("title_en", "title_fr", "title_nl"),
}
SUMMARY_ORDER = {lang: tuple(c.replace("title", "summary") for c in cols) for lang, cols in TITLE_ORDER.items()}
TABLE_LIMIT = 5000


def display_title(df: pd.DataFrame, lang: str) -> pd.Series:
    """The title in ``lang``, falling back to the other languages."""
    cols = TITLE_ORDER.get(lang, TITLE_ORDER["en"])
    out = df[cols[0]]
    for col in cols[1:]:
        out = out.fillna(df[col])
    return out.fillna("")


def _labels_of(values: pd.Series, field: str, lang: str) -> pd.Series:
    labels = VOCABULARIES[field].labels(lang)
    if VOCABULARIES[field].multi:
        return values.map(lambda codes: [labels.get(c, c) for c in codes])
    return values.map(labels).astype(object).where(values.notna(), None)


def table_frame(df: pd.DataFrame, lang: str, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """One row per initiative with labels in ``lang``, newest first, at most ``limit`` rows."""
    rows = df.sort_values("start_date", ascending=False, na_position="last").head(limit)
    communes = reference.commune_names(lang)
    return pd.DataFrame(
        {
            "id": rows["id"].astype(str),
            "title": display_title(rows, lang),
            "organiser": rows["organiser"],
            "organiser_level": _labels_of(rows["organiser_level"], "organiser_level", lang),
            "communes": rows["communes"].map(lambda codes: [communes.get(c, c) for c in codes]),
            "themes": _labels_of(rows["themes"], "themes", lang),
            "participation_level": _labels_of(rows["participation_level"], "participation_level", lang),
            "start_date": rows["start_date"].dt.date,
            "end_date": rows["end_date"].dt.date,
            "status": _labels_of(rows["status"], "status", lang),
            "feedback_to_participants": rows["feedback_to_participants"]
            .map({True: "✔", False: "✘"})
            .astype(object)
            .where(rows["feedback_to_participants"].notna(), "?"),
            "url": rows["url"],
        }
    ).reset_index(drop=True)


def _value_text(name: str, value, lang: str) -> str | None:
    if value is None or (not isinstance(value, tuple) and pd.isna(value)):
        return None
    kind = FIELD_BY_NAME[name].kind
    if kind in ("code", "codes"):
        vocab = VOCABULARIES[name]
        codes = value if isinstance(value, tuple) else (value,)
        return ", ".join(vocab.label(c, lang) for c in codes) or None
    if kind == "nis":
        names = reference.commune_names(lang)
        return ", ".join(names.get(c, c) for c in value) or None
    if kind == "mdrc":
        names = reference.quartier_names(lang)
        return ", ".join(names.get(c, str(c)) for c in value) or None
    if kind == "date":
        return format_date(value, lang, "numeric")
    if kind == "yes_no":
        return VOCABULARIES["yes_no"].label("yes" if value else "no", lang)
    if kind in ("int", "number"):
        return format_number(value, lang)
    return str(value)


DETAIL_SECTIONS = {
    "what": ("organiser", "organiser_service", "organiser_level", "themes", "framework", "publics"),
    "where": ("perimeter", "communes", "quartiers"),
    "when": ("start_date", "end_date", "status", "recurrence"),
    "how": ("participation_level", "selection", "formats", "mobilisation", "participants", "budget_eur"),
    "followup": FOLLOWUP_FIELDS + ("proposals_total", "proposals_adopted", "proposals_modified", "proposals_rejected"),
    "record": ("id", "url", "updated"),
}


def detail(record: pd.Series, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Every field of one initiative, grouped in sections; unknown values say so."""
    unknown = translate("records.unknown", lang)
    out = {}
    for section, names in DETAIL_SECTIONS.items():
        out[section] = [(FIELD_BY_NAME[n].label(lang), _value_text(n, record.get(n), lang) or unknown) for n in names]
    return out


def summary_text(record: pd.Series, lang: str) -> str | None:
    for col in SUMMARY_ORDER.get(lang, SUMMARY_ORDER["en"]):
        value = record.get(col)
        if isinstance(value, str) and value:
            return value
    return None


# --- the record as a commune officer reads it ---------------------------------------

RECORD_SECTIONS = {
    "what": ("themes", "framework", "publics"),
    "who": ("organiser", "organiser_service", "organiser_level"),
    "where": ("perimeter", "communes", "quartiers"),
    "when": ("start_date", "end_date", "status", "recurrence"),
    "how": ("participation_level", "selection", "formats", "mobilisation", "participants", "budget_eur"),
    "followup": FOLLOWUP_FIELDS,
}
NEARBY_LIMIT = 6


@dataclass(frozen=True)
class Record:
    """One initiative's known facts by section; what is not known, named once."""

    sections: dict[str, list[tuple[str, str]]]
    unknown: list[str]
    proposals: str | None  # the fate of proposals in one sentence, when counted
    source: str | None  # the record's own link, only when it is a web address


def web_link(value) -> str | None:
    """A link worth offering: an http(s) address, nothing else (no javascript:, no data:)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if text.lower().startswith(("http://", "https://")) and " " not in text else None


def record(row: pd.Series, lang: str) -> Record:
    region_wide = row.get("perimeter") == "region" and not row.get("communes")
    sections: dict[str, list[tuple[str, str]]] = {}
    unknown: list[str] = []
    for section, names in RECORD_SECTIONS.items():
        known = []
        for name in names:
            value = _value_text(name, row.get(name), lang)
            if name == "communes" and value is None and region_wide:
                value = translate("records.region_wide", lang)
            if value is None:
                if not (region_wide and name == "quartiers"):
                    unknown.append(FIELD_BY_NAME[name].label(lang))
            else:
                known.append((FIELD_BY_NAME[name].label(lang), value))
        sections[section] = known
    proposals = None
    if pd.notna(row.get("proposals_total")):
        counts = {
            k: format_number(row[f"proposals_{k}"] if pd.notna(row[f"proposals_{k}"]) else 0, lang)
            for k in ("adopted", "modified", "rejected", "total")
        }
        proposals = translate("initiatives.proposals_line", lang, **counts)
    else:
        unknown.append(translate("initiatives.proposals_fate", lang))
    source = web_link(row.get("url"))
    if source is None:
        unknown.append(FIELD_BY_NAME["url"].label(lang))
    return Record(sections, unknown, proposals, source)


def nearby(df: pd.DataFrame, row: pd.Series, limit: int = NEARBY_LIMIT) -> pd.DataFrame:
    """Initiatives worth reading next to ``row``: those in the same quartiers first (most
    shared first), then those on a shared theme in a shared commune; newest first within
    each, never the initiative itself. Adds ``why`` ("quartier" or "theme")."""
    others = df[df["id"] != row["id"]]
    quartiers, themes, communes = set(row["quartiers"]), set(row["themes"]), set(row["communes"])
    shared_q = others["quartiers"].map(lambda codes: len(quartiers.intersection(codes))).to_numpy()
    same_theme = (
        others["themes"].map(lambda codes: not themes.isdisjoint(codes))
        & others["communes"].map(lambda codes: not communes.isdisjoint(codes))
    ).to_numpy(bool)
    keep = (shared_q > 0) | same_theme
    out = others[keep].assign(_shared=shared_q[keep], why=np.where(shared_q[keep] > 0, "quartier", "theme"))
    out = out.sort_values(["_shared", "start_date", "id"], ascending=[False, False, True], na_position="last")
    return out.drop(columns="_shared").head(limit)
