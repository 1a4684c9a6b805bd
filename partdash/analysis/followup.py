"""What became of initiatives: the follow-up chain, the fate of proposals, the missing feedback.

An unanswered follow-up field is unknown, never "no" (SPEC 3): every count here keeps
yes, no and unknown apart, and every rate is yes over known, carried with its known
count so that a reader can tell 3 of 4 from 300 of 400.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd

from partdash.analysis import figures
from partdash.analysis.communes import tuple_pairs
from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.filters import Filters, to_query
from partdash.inventory.schema import PROPOSAL_FIELDS
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES
from partdash.memo import memoised
from partdash.outputs.records import TITLE_ORDER, display_title

# Group key of the initiatives that list no commune: counted apart, never spread over communes.
REGION_WIDE = "region_wide"
FATES = ("adopted", "modified", "rejected", "not_reported")
DETAIL_PAGE = "initiatives"
# Tables list at most this many initiatives; the page says how many there are in all.
TABLE_LIMIT = 1000


def yes_no_counts(df: pd.DataFrame, fields: tuple[str, ...] = FOLLOWUP_CHAIN) -> pd.DataFrame:
    """Per follow-up field, in the order given: yes, no, unknown, known and the share of yes over known."""
    values = df[list(fields)]
    yes = values.eq(True).sum().astype(int)
    no = values.eq(False).sum().astype(int)
    known = yes + no
    return pd.DataFrame(
        {
            "field": list(fields),
            "yes": yes.to_numpy(),
            "no": no.to_numpy(),
            "unknown": (len(df) - known).to_numpy(),
            "known": known.to_numpy(),
            "share": (yes / known.where(known > 0)).to_numpy(float),
        }
    )


def _with_proposals(df: pd.DataFrame, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The initiatives that counted proposals, with only the columns needed (a large inventory
    is not copied whole)."""
    mask = (df["proposals_total"].fillna(0) > 0).to_numpy(bool)
    return df.loc[mask, [*PROPOSAL_FIELDS, *columns]]


@memoised
def proposal_fate(df: pd.DataFrame) -> dict[str, int]:
    """Proposals of the initiatives that counted some, by fate. Whatever the record does not
    say was adopted, modified or rejected is "not reported", so the four fates add up to the total."""
    with_proposals = _with_proposals(df)
    sums = figures.proposals(with_proposals)
    reported = sums["adopted"] + sums["modified"] + sums["rejected"]
    return {"initiatives": len(with_proposals), **sums, "not_reported": sums["total"] - reported}


@memoised
def proposals_by_initiative(df: pd.DataFrame, lang: str, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """One row per initiative with proposals, most proposals first, at most ``limit``. A part
    left empty in the record stays empty (not zero); the percentage adopted is over the
    initiative's total."""
    rows = (
        _with_proposals(df, ("id", *TITLE_ORDER[lang]))
        .sort_values("proposals_total", ascending=False, kind="stable")
        .head(limit)
    )
    parts = {key: rows[f"proposals_{key}"] for key in ("total", "adopted", "modified", "rejected")}
    reported = (parts["adopted"].fillna(0) + parts["modified"].fillna(0) + parts["rejected"].fillna(0)).astype("Int64")
    return pd.DataFrame(
        {
            "id": rows["id"].astype(str),
            "title": display_title(rows, lang),
            **parts,
            "not_reported": parts["total"] - reported,
            "percent_adopted": (100 * parts["adopted"].astype("Float64") / parts["total"].astype("Float64")).astype(
                float
            ),
        }
    ).reset_index(drop=True)


def _chain_by(answers: pd.DataFrame, keys: np.ndarray, order: list[str], fields: tuple[str, ...]) -> pd.DataFrame:
    yes = pd.DataFrame(answers.eq(True).fillna(False).to_numpy(int), columns=list(fields)).groupby(keys).sum()
    known = pd.DataFrame(answers.notna().to_numpy(int), columns=list(fields)).groupby(keys).sum()
    n = pd.Series(keys).value_counts().reindex(order, fill_value=0)
    long = pd.DataFrame(
        {
            "group": np.repeat(order, len(fields)),
            "field": list(fields) * len(order),
            "n": np.repeat(n.to_numpy(int), len(fields)),
            "yes": yes.reindex(order, fill_value=0).to_numpy(int).ravel(),
            "known": known.reindex(order, fill_value=0).to_numpy(int).ravel(),
        }
    )
    long["share"] = long["yes"] / long["known"].where(long["known"] > 0)
    return long


def chain_by_level(df: pd.DataFrame, fields: tuple[str, ...] = FOLLOWUP_CHAIN) -> pd.DataFrame:
    """Long table (group, field, n, yes, known, share) per organiser level that has initiatives."""
    levels = df["organiser_level"]
    present = set(levels.dropna())
    order = [c for c in VOCABULARIES["organiser_level"].codes if c in present]
    known_level = levels.notna().to_numpy(bool)
    return _chain_by(df.loc[known_level, list(fields)], levels[known_level].to_numpy(object), order, fields)


def chain_by_commune(df: pd.DataFrame, fields: tuple[str, ...] = FOLLOWUP_CHAIN) -> pd.DataFrame:
    """Long table per commune (every one of the 19, NIS order), an initiative counting once for
    each commune it lists; initiatives listing none form the ``REGION_WIDE`` group, last."""
    positions, codes = tuple_pairs(df["communes"])
    region_wide = np.flatnonzero(df["communes"].map(len).to_numpy(int) == 0)
    rows = np.concatenate([positions, region_wide])
    keys = np.concatenate([codes, np.full(len(region_wide), REGION_WIDE, dtype=object)])
    order = list(reference.communes()["nis"]) + ([REGION_WIDE] if len(region_wide) else [])
    return _chain_by(df[list(fields)].iloc[rows], keys, order, fields)


@memoised
def completed_feedback(df: pd.DataFrame) -> dict[str, int]:
    """Completed initiatives by whether their participants got feedback (yes, no, unknown)."""
    completed = df.loc[df["status"] == "completed", "feedback_to_participants"]
    return {
        "completed": int(len(completed)),
        "yes": int(completed.eq(True).sum()),
        "no": int(completed.eq(False).sum()),
        "unknown": int(completed.isna().sum()),
    }


def answer_labels(values: pd.Series, lang: str) -> pd.Series:
    """Yes / no / unknown in words, so that a table never shows an unknown as an unticked box."""
    labels = VOCABULARIES["yes_no"].labels(lang)
    words = values.map({True: labels["yes"], False: labels["no"]}).astype(object)
    return words.where(values.notna(), translate("followup.unknown", lang))


@memoised
def completed_without_feedback(df: pd.DataFrame, lang: str, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """Completed initiatives whose record says participants got no feedback, latest ended
    first, at most ``limit`` (unknown ones are not listed: ``completed_feedback`` counts them)."""
    mask = ((df["status"] == "completed") & df["feedback_to_participants"].eq(False)).fillna(False).to_numpy(bool)
    columns = ["id", *TITLE_ORDER[lang], "organiser", "communes", "end_date", "results_published"]
    rows = df.loc[mask, columns].sort_values("end_date", ascending=False, na_position="last", kind="stable").head(limit)
    names = reference.commune_names(lang)
    return pd.DataFrame(
        {
            "id": rows["id"].astype(str),
            "title": display_title(rows, lang),
            "organiser": rows["organiser"],
            "communes": rows["communes"].map(lambda codes: ", ".join(names.get(c, c) for c in codes)),
            "end_date": rows["end_date"].dt.date,
            "results_published": answer_labels(rows["results_published"], lang),
        }
    ).reset_index(drop=True)


def detail_query(ident: str, filters: Filters, lang: str, dataset: str | None) -> dict[str, str]:
    """The query of an initiative's record in the same view (language, dataset, filters). An
    uploaded file lives in its session only, so its name is never put in a link."""
    base = {"lang": lang, **({"data": dataset} if dataset and dataset != "upload" else {}), **to_query(filters)}
    return {**base, "initiative": str(ident)}


@memoised
def detail_links(ids: pd.Series, filters: Filters, lang: str, dataset: str | None) -> pd.Series:
    """Relative links to each initiative's record that reopen the same view in a new tab."""
    return ids.map(lambda ident: f"{DETAIL_PAGE}?{urlencode(detail_query(ident, filters, lang, dataset))}")
