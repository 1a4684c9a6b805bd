"""One commune against its peers: indicators per commune, the regional median and range.

Per commune, an initiative counts once for each commune it lists (SPEC 5); initiatives
that list none are region-wide and counted apart, never spread. A commune's shares follow
the definitions of the key figures (``figures``) on that commune's initiatives, so that a
commune's share means exactly what the regional one means; they are computed for all
communes at once because the page must stay fast on very large inventories.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partdash.analysis.aggregates import is_small, small_text
from partdash.analysis.figures import region_wide
from partdash.analysis.overview import Card
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised

PER = 10_000
RATE_FIELDS = ("feedback_to_participants", "results_published", "integrated_in_decision")
RECURRING = ("recurring", "permanent")
UNKNOWN_STAFF = "unknown"


@dataclass(frozen=True)
class Indicator:
    key: str
    group: str  # count | themes | participation_level | methods | followup
    kind: str  # count | per_capita | share (0..1, with its known count)

    def label(self, lang: str) -> str:
        if self.group == "themes":
            return VOCABULARIES["themes"].label(self.key.removeprefix("theme_"), lang)
        if self.group == "participation_level":
            return VOCABULARIES["participation_level"].label(self.key.removeprefix("level_"), lang)
        if self.group == "followup":
            return FIELD_BY_NAME[self.key].label(lang)
        return translate(f"communes.indicator.{self.key}", lang)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("initiatives", "count", "count"),
    Indicator("per_10k", "count", "per_capita"),
    *(Indicator(f"theme_{c}", "themes", "share") for c in VOCABULARIES["themes"].codes),
    *(Indicator(f"level_{c}", "participation_level", "share") for c in VOCABULARIES["participation_level"].codes),
    Indicator("sortition", "methods", "share"),
    Indicator("recurring", "methods", "share"),
    *(Indicator(f, "followup", "share") for f in RATE_FIELDS),
)
INDICATOR_BY_KEY = {i.key: i for i in INDICATORS}
GROUPS = tuple(dict.fromkeys(i.group for i in INDICATORS))


def commune_order() -> list[str]:
    return list(reference.communes()["nis"])


def tuple_pairs(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, item) for every item of a column of tuples. Rows share few distinct
    tuples, so items are listed once per distinct tuple and gathered with array indexing,
    which keeps very large inventories fast."""
    inverse, uniques = pd.factorize(values.to_numpy(dtype=object))
    unique_lengths = np.array([len(u) for u in uniques], dtype=int)
    items = np.array([item for u in uniques for item in u], dtype=object)
    lengths = unique_lengths[inverse]
    positions = np.repeat(np.arange(len(values)), lengths)
    first_item = (np.cumsum(unique_lengths) - unique_lengths)[inverse]
    within = np.arange(len(positions)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return positions, items[np.repeat(first_item, lengths) + within]


def _multi_hot(values: pd.Series, codes: tuple[str, ...]) -> pd.DataFrame:
    """0/1 per row and code of a multi-valued column (row order kept, every code a column),
    worked out once per distinct tuple."""
    inverse, uniques = pd.factorize(values.to_numpy(dtype=object))
    column_of = {code: i for i, code in enumerate(codes)}
    hot = np.zeros((len(uniques), len(codes)), dtype=int)
    for i, items in enumerate(uniques):
        hot[i, [column_of[c] for c in items if c in column_of]] = 1
    return pd.DataFrame(hot[inverse], columns=list(codes))


def _row_terms(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per initiative, the numerator and the denominator (both 0/1) of every share indicator,
    with the definitions of ``figures``: themes over all initiatives, the rest over the known."""
    n = len(frame)
    num: dict[str, np.ndarray] = {}
    den: dict[str, np.ndarray] = {}
    themes = _multi_hot(frame["themes"], VOCABULARIES["themes"].codes)
    for code in themes.columns:
        num[f"theme_{code}"], den[f"theme_{code}"] = themes[code].to_numpy(), np.ones(n, int)
    level = frame["participation_level"]
    for code in VOCABULARIES["participation_level"].codes:
        num[f"level_{code}"], den[f"level_{code}"] = (
            level.eq(code).fillna(False).to_numpy(int),
            level.notna().to_numpy(int),
        )
    selection = _multi_hot(frame["selection"], VOCABULARIES["selection"].codes)
    num["sortition"], den["sortition"] = selection["sortition"].to_numpy(), (selection.sum(axis=1) > 0).to_numpy(int)
    recurrence = frame["recurrence"]
    num["recurring"], den["recurring"] = (
        recurrence.isin(RECURRING).fillna(False).to_numpy(int),
        recurrence.notna().to_numpy(int),
    )
    for field in RATE_FIELDS:
        num[field], den[field] = frame[field].eq(True).fillna(False).to_numpy(int), frame[field].notna().to_numpy(int)
    return pd.DataFrame(num), pd.DataFrame(den)


@memoised
def indicator_table(df: pd.DataFrame, population: pd.Series | None = None) -> pd.DataFrame:
    """Every indicator (columns, plus ``known_<key>`` for shares) for each of the 19 communes
    (index: NIS). A commune without initiatives has 0 initiatives and unknown shares."""
    population = reference.population() if population is None else population
    order = commune_order()
    positions, codes = tuple_pairs(df["communes"])
    num, den = _row_terms(df)
    num_sums = num.iloc[positions].groupby(codes).sum().reindex(order, fill_value=0)
    known = den.iloc[positions].groupby(codes).sum().reindex(order, fill_value=0)
    count = pd.Series(codes, dtype=object).value_counts().reindex(order, fill_value=0).astype(int)
    people = population.reindex(order).astype(float)
    table = pd.DataFrame({"initiatives": count, "per_10k": count / people * PER}, index=order)
    shares = (num_sums / known.where(known > 0)).astype(float)
    return pd.concat([table, shares, known.add_prefix("known_").astype(int)], axis=1)


def ranked_values(table: pd.DataFrame) -> pd.DataFrame:
    """The indicator values that enter medians, ranges and ranks: a share over fewer than
    ``MIN_KNOWN`` known values is left out (the small-count rule), as is an undefined one."""
    values = table[[i.key for i in INDICATORS]].astype(float)
    for indicator in INDICATORS:
        if indicator.kind == "share":
            values[indicator.key] = values[indicator.key].where(~is_small(table[f"known_{indicator.key}"].to_numpy()))
    return values


def regional_stats(table: pd.DataFrame) -> pd.DataFrame:
    """Median, min and max of each indicator over the communes where it is defined on enough known values."""
    values = ranked_values(table)
    return pd.DataFrame(
        {"median": values.median(), "min": values.min(), "max": values.max(), "communes": values.notna().sum()}
    )


@memoised
def profile(table: pd.DataFrame, nis: str) -> pd.DataFrame:
    """One commune's indicators beside the regional median and range, with its rank (1 = highest)."""
    stats = regional_stats(table)
    keys = [i.key for i in INDICATORS]
    ranks = ranked_values(table).rank(ascending=False, method="min")

    return pd.DataFrame(
        {
            "key": keys,
            "group": [INDICATOR_BY_KEY[k].group for k in keys],
            "kind": [INDICATOR_BY_KEY[k].kind for k in keys],
            "value": table.loc[nis, keys].astype(float).to_numpy(),
            "known": [table.at[nis, f"known_{k}"] if f"known_{k}" in table else np.nan for k in keys],
            "median": stats["median"].to_numpy(),
            "min": stats["min"].to_numpy(),
            "max": stats["max"].to_numpy(),
            "rank": ranks.loc[nis].to_numpy(),
            "ranked": stats["communes"].to_numpy(),
        }
    )


def profile_ranks(table: pd.DataFrame, key: str) -> dict[str, int]:
    """Each ranked commune's rank on ``key`` (1 = highest, ties share a rank); the others have none."""
    ranks = ranked_values(table)[key].rank(ascending=False, method="min").dropna()
    return {nis: int(r) for nis, r in ranks.items()}


def ranking(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """All communes on one indicator, highest first, with known counts: first the ranked ones,
    then the shares on too few known values (``small``, unranked), then the undefined ones."""
    known = table[f"known_{key}"] if f"known_{key}" in table else pd.Series(np.nan, index=table.index)
    value = table[key].astype(float)
    ranked = ranked_values(table)[key]
    out = pd.DataFrame(
        {
            "nis": table.index,
            "value": value.to_numpy(),
            "known": known.to_numpy(),
            "small": (value.notna() & ranked.isna()).to_numpy(bool),
            "_tier": np.where(ranked.notna(), 0, np.where(value.notna(), 1, 2)),
        }
    )
    order = out.sort_values(["_tier", "value", "nis"], ascending=[True, False, True], kind="stable")
    return order.drop(columns="_tier").reset_index(drop=True)


def default_commune(table: pd.DataFrame, chosen_in_filters: tuple[str, ...]) -> str:
    """The commune to show first: the one filtered on, else the one with most initiatives."""
    for nis in chosen_in_filters:
        if nis in table.index:
            return nis
    return str(table["initiatives"].astype(int).idxmax())


def _communal_organisers(organisers: pd.DataFrame) -> pd.DataFrame:
    """Organisers attached to a commune at communal level (its administration, its CPAS); an
    organiser whose level was left empty is taken at its word that it belongs to that commune."""
    level = organisers["organiser_level"]
    return organisers[(organisers["commune"].notna() & (level.isna() | (level == "communal"))).fillna(False)]


def commune_organisers(organisers: pd.DataFrame, nis: str, lang: str) -> pd.DataFrame:
    """Every organiser of the table attached to the commune, with its level and participation
    staff in words (an empty cell says it was not given)."""
    rows = organisers[organisers["commune"] == nis]
    staff = VOCABULARIES["participation_staff"].labels(lang)
    levels = VOCABULARIES["organiser_level"].labels(lang)
    not_given = translate("communes.staff_not_given", lang)
    return pd.DataFrame(
        {
            "organiser": rows["organiser"].astype(str).to_numpy(),
            "organiser_level": [
                levels.get(c, not_given) if isinstance(c, str) else not_given for c in rows["organiser_level"]
            ],
            "participation_staff": [
                staff.get(c, not_given) if isinstance(c, str) else not_given for c in rows["participation_staff"]
            ],
        }
    )


@memoised
def commune_staff(organisers: pd.DataFrame) -> pd.Series:
    """Per commune (all 19, NIS index): the most staffed of its communal organisers
    (a commune has an officer if its administration or its CPAS has one); None when unknown."""
    codes = VOCABULARIES["participation_staff"].codes
    rows = _communal_organisers(organisers).dropna(subset=["participation_staff"])
    rank = rows["participation_staff"].map({c: i for i, c in enumerate(codes)})
    best = rank.groupby(rows["commune"].to_numpy()).max()
    named = best.map(lambda i: codes[int(i)]).reindex(commune_order()).astype(object)
    return named.where(named.notna(), None)


def staff_points(table: pd.DataFrame, staff: pd.Series) -> pd.DataFrame:
    """One row per commune: its staff level (``unknown`` when the table says nothing) and activity."""
    return pd.DataFrame(
        {
            "nis": table.index,
            "staff": staff.reindex(table.index).fillna(UNKNOWN_STAFF).to_numpy(str),
            "initiatives": table["initiatives"].astype(int).to_numpy(),
            "per_10k": table["per_10k"].astype(float).to_numpy(),
        }
    )


def staff_summary(points: pd.DataFrame) -> pd.DataFrame:
    """Per staff level (vocabulary order, then unknown), the communes and their mean activity."""
    order = [*VOCABULARIES["participation_staff"].codes, UNKNOWN_STAFF]
    grouped = points.groupby("staff")
    out = pd.DataFrame(
        {
            "communes": grouped.size(),
            "mean_per_10k": grouped["per_10k"].mean(),
            "mean_initiatives": grouped["initiatives"].mean(),
        }
    )
    present = [s for s in order if s in out.index]
    return out.reindex(present).rename_axis("staff").reset_index()


def format_value(kind: str, value, lang: str, known=None) -> str:
    """An indicator's value as people read it: a count, a rate with one decimal, or a
    percentage; a share over too few ``known`` values as its count ("1 of 2")."""
    if value is None or pd.isna(value):
        return "–"
    if kind == "share" and known is not None and is_small(known):
        return small_text(round(value * known), int(known), lang)
    if kind == "share":
        return format_percent(value, lang)
    return format_number(value, lang, 1 if kind == "per_capita" else 0)


def indicator_choice_label(key: str, lang: str) -> str:
    """The label of an indicator in a list of all of them, prefixed by its group where it has one."""
    indicator = INDICATOR_BY_KEY[key]
    if indicator.group == "count":
        return indicator.label(lang)
    return f"{translate(f'communes.group.{indicator.group}', lang)} · {indicator.label(lang)}"


def profile_display(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The profile as text columns (indicator, value, known, median, min, max, rank) for a table."""
    fmt = lambda kind, values: [format_value(k, v, lang) for k, v in zip(kind, values, strict=False)]  # noqa: E731
    return pd.DataFrame(
        {
            "indicator": [indicator_choice_label(k, lang) for k in rows["key"]],
            "value": [
                format_value(k, v, lang, n) for k, v, n in zip(rows["kind"], rows["value"], rows["known"], strict=False)
            ],
            "known": [format_number(k, lang) if pd.notna(k) else "" for k in rows["known"]],
            "median": fmt(rows["kind"], rows["median"]),
            "min": fmt(rows["kind"], rows["min"]),
            "max": fmt(rows["kind"], rows["max"]),
            "rank": [str(int(r)) if pd.notna(r) else "" for r in rows["rank"]],
        }
    )


def ranking_texts(rows: pd.DataFrame, key: str, lang: str) -> list[str]:
    """Bar labels of a ranking: the value, and for a share the number it is over."""
    kind = INDICATOR_BY_KEY[key].kind
    if kind != "share":
        return [format_value(kind, v, lang) for v in rows["value"]]
    return [
        "–"
        if pd.isna(v)
        else format_value(kind, v, lang, k)
        if is_small(k)
        else translate("communes.share_text", lang, share=format_value(kind, v, lang), known=format_number(k, lang))
        for v, k in zip(rows["value"], rows["known"], strict=False)
    ]


def count_cards(rows: pd.DataFrame, lang: str) -> list[Card]:
    """The commune's counts (a ``profile``'s count rows) as cards, each with the region's median, range and its rank."""
    cards = []
    for row in rows[rows["group"] == "count"].itertuples():
        value = lambda v, kind=row.kind: format_value(kind, v, lang)  # noqa: E731
        reference_line = translate(
            "communes.card_reference",
            lang,
            median=value(row.median),
            min=value(row.min),
            max=value(row.max),
            rank=format_number(row.rank, lang),
            ranked=format_number(row.ranked, lang),
        )
        cards.append(Card(INDICATOR_BY_KEY[row.key].label(lang), value(row.value), reference_line))
    return cards


def counting_note(df: pd.DataFrame, nis: str, population: pd.Series, lang: str) -> str:
    """How initiatives are counted per commune, and the population the rates are over."""
    counting = translate("communes.counting", lang, count=region_wide(df))
    people = population[nis]
    return counting + " " + translate("communes.population", lang, year=population.attrs["year"], count=people)
