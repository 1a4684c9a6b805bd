"""Seeded generator of the demonstration inventory (SPEC section 2, point 2).

The record-level inventory is not public, so the dashboard ships a synthetic one that
looks and behaves like it. Rows are drawn from a catalogue of initiative *kinds*
(sustainable neighbourhood contract, participatory budget, deliberative committee...),
each with its organisers, perimeters, themes, methods, durations and follow-up habits.
The kinds' weights and the yearly start profile are tuned so that the shares of SPEC
section 5 come out of the mixture; no share is imposed directly, so cross-tabulations
(theme by level, sortition by format, follow-up by framework) stay coherent.

Every row follows the same distribution whatever ``n``. Kinds and start years are
allocated by systematic sampling and multi-valued fields drawn from stratified uniforms,
so that the 148-row demo sits as close to the calibration as a large inventory would.
Everything is vectorised with numpy: 100,000 rows (benchmark inventories) take a few
seconds. The same ``seed`` always gives the same rows.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import shapely

from partdash.inventory import reference
from partdash.inventory.schema import COLUMN_ORDER
from partdash.inventory.vocab import VOCABULARIES

# Status is derived against the end of the inventory's collection period.
AS_OF = date(2024, 6, 30)
COLUMNS = (*COLUMN_ORDER, "lat", "lon")

FORCED = math.inf  # a weight (`inf` in kinds.toml) that makes a code always part of a multi-valued draw
COMMUNE, CPAS = "<commune>", "<cpas>"  # organiser slots filled with the row's commune
REGION_PLACE = ("Région bruxelloise", "Brussels Gewest", "Brussels-Capital Region")
LANGS = ("fr", "nl", "en")
DAYS_PER_MONTH = 30.44

# Organisers other than the communes and their CPAS: (name, level, commune NIS or None).
CATALOGUE = (
    ("Bruxelles Environnement", "regional", None),
    ("Bruxelles Mobilité", "regional", None),
    ("perspective.brussels", "regional", None),
    ("Parlement bruxellois", "regional", None),
    ("urban.brussels", "regional", None),
    ("Bruxelles Logement", "regional", None),
    ("hub.brussels", "regional", None),
    ("COCOF", "community", None),
    ("VGC", "community", None),
    ("COCOM", "community", None),
    ("Foyer Schaerbeekois", "other", "21015"),
    ("Le Logement Molenbeekois", "other", "21012"),
    ("Foyer Anderlechtois", "other", "21001"),
)

# Communes with more participation staff organise more (SPEC section 3, organisers table):
# how many communes get each staffing level, and how much it multiplies their activity.
STAFF_SPLIT = (("service", 6), ("officer", 7), ("none", 6))
STAFF_ACTIVITY = {"service": 1.7, "officer": 1.0, "none": 0.55}
OTHER_STAFF = {"none": 0.35, "officer": 0.45, "service": 0.2}  # CPAS and other bodies

# Relative number of initiatives started each year (shape of the inventory's growth).
START_YEARS = {2017: 2, 2018: 3, 2019: 9, 2020: 9.5, 2021: 12, 2022: 14, 2023: 13, 2024: 6, 2025: 1.5}

# How many codes a row gets in each multi-valued field, and how often the field is known.
COUNTS = {
    "themes": (0.45, 0.38, 0.17),
    "formats": (0.25, 0.35, 0.28, 0.12),
    "selection": (0.75, 0.25),
    "mobilisation": (0.2, 0.35, 0.3, 0.15),
    "publics": (0.55, 0.3, 0.15),
}
KNOWN = {"formats": 0.95, "selection": 0.85, "mobilisation": 0.85, "publics": 0.9}
DEFAULT_MOBILISATION = {
    "posters_flyers": 8,
    "website_newsletter": 8,
    "social_media": 7,
    "letters": 5,
    "associations_social_work": 4,
    "street_events": 3,
    "door_to_door": 2,
    "press": 2,
    "other": 0.5,
}
DEFAULT_PUBLICS = {
    "all_residents": 10,
    "associations": 3,
    "families": 1,
    "youth": 1,
    "seniors": 1,
    "vulnerable": 1,
    "businesses": 1,
    "users": 0.5,
    "newcomers": 0.3,
}
# Share of rows where a follow-up field was left unanswered.
FOLLOWUP_UNKNOWN = {
    "mandate_communicated": 0.18,
    "results_published": 0.2,
    "feedback_to_participants": 0.24,
    "integrated_in_decision": 0.27,
    "response_obligation": 0.25,
    "evaluation_done": 0.22,
}
# Each step of the follow-up chain given the previous step was done / not done.
BASE_FOLLOWUP = 0.8
CHAIN_IF_YES = (0.72, 0.6, 0.65)
CHAIN_IF_NO = (0.3, 0.1, 0.1)
EVALUATED_IF_COMPLETED, EVALUATED_OTHERWISE = 0.4, 0.15
# An open-ended record (no end date) is common for standing bodies and yearly schemes.
OPEN_ENDED = {"recurring": 0.45, "permanent": 0.8}
POINT_SHARE = {"neighbourhood": 0.65, "commune": 0.2, "multi_commune": 0.1}


@dataclass(frozen=True)
class Kind:
    """An archetype of initiative; every weight dict maps vocabulary codes to weights."""

    key: str
    weight: float
    organisers: tuple[str, ...]
    perimeter: dict[str, float]
    themes: dict[str, float]
    formats: dict[str, float]
    participation_level: dict[str, float]
    titles: dict[str, tuple[tuple[str, str, str], ...]]  # by perimeter, "*" for any
    summary: tuple[str, str, str]
    selection: dict[str, float] = field(default_factory=lambda: {"open": 6, "stakeholders": 2, "targeted": 1})
    framework: dict[str, float] = field(default_factory=lambda: {"none": 0.85, "other": 0.05})
    recurrence: dict[str, float] = field(default_factory=lambda: {"one_off": 1})
    months: tuple[float, float] = (14, 0.35)  # median duration and log-spread
    open_ended: float = 0.03
    participants: float = 80
    budget: float | None = None
    proposals: tuple[float, float] = (0.15, 12)  # share with proposals, median count
    response: float = 0.005
    followup: float = BASE_FOLLOWUP  # chance the mandate was communicated; scales the chain
    publics: dict[str, float] = field(default_factory=dict)
    mobilisation: dict[str, float] = field(default_factory=dict)
    service: str | None = None


KINDS_FILE = Path(__file__).with_name("kinds.toml")
# Fields whose values are vocabulary codes mapped to weights, checked against the vocabularies.
WEIGHTED = (
    "perimeter",
    "themes",
    "formats",
    "participation_level",
    "selection",
    "framework",
    "recurrence",
    "publics",
    "mobilisation",
)


def _as_tuples(value):
    return tuple(_as_tuples(v) for v in value) if isinstance(value, list) else value


@lru_cache(maxsize=1)
def load_kinds(path: Path = KINDS_FILE) -> tuple[Kind, ...]:
    """The kinds, read from their data file and checked, so that a typo in a code fails at start
    instead of silently shifting the demo's shares."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)["kind"]
    known = {f.name for f in fields(Kind)}
    kinds = []
    for entry in raw:
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"{path.name}: kind {entry.get('key')!r} has unknown fields {sorted(unknown)}")
        for name in WEIGHTED:
            bad = set(entry.get(name, {})) - set(VOCABULARIES[name].codes)
            if bad:
                raise ValueError(f"{path.name}: kind {entry['key']!r}, {name}: unknown codes {sorted(bad)}")
        entry = {
            k: ({p: _as_tuples(t) for p, t in v.items()} if k == "titles" else _as_tuples(v)) for k, v in entry.items()
        }
        kinds.append(Kind(**entry))
    return tuple(kinds)


# --- reference geography ------------------------------------------------------------------


@dataclass(frozen=True)
class _Geography:
    nis: np.ndarray  # commune NIS codes, index = commune position
    names: dict[str, np.ndarray]  # commune names by language
    population: np.ndarray
    neighbours: np.ndarray  # padded adjacency, -1 beyond degree
    degree: np.ndarray
    quartiers: np.ndarray  # padded residential quartier positions per commune
    n_quartiers: np.ndarray
    mdrc: np.ndarray
    quartier_names: dict[str, np.ndarray]
    cores: tuple  # per quartier: its part inside its main commune (where points go)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


@lru_cache(maxsize=1)
def _geography() -> _Geography:
    communes = reference.communes()
    nis = communes["nis"].astype(str).to_numpy()
    position = {code: i for i, code in enumerate(nis)}
    geoms = communes.geometry.to_numpy()
    touching = [
        [j for j in range(len(nis)) if j != i and geoms[i].buffer(1e-4).intersects(geoms[j])] for i in range(len(nis))
    ]
    degree = np.array([len(t) for t in touching])
    neighbours = np.full((len(nis), degree.max()), -1)
    for i, t in enumerate(touching):
        neighbours[i, : len(t)] = t

    quartiers = reference.quartiers()
    residential = quartiers[quartiers["zone_type"] == "residential"].reset_index(drop=True)
    home = residential["commune_nis"].map(position).to_numpy()
    per_commune = [np.flatnonzero(home == i) for i in range(len(nis))]
    n_quartiers = np.array([len(p) for p in per_commune])
    padded = np.full((len(nis), n_quartiers.max()), -1)
    for i, p in enumerate(per_commune):
        padded[i, : len(p)] = p
    cores = tuple(
        shapely.intersection(q, geoms[h]) for q, h in zip(residential.geometry.to_numpy(), home, strict=False)
    )
    population = reference.population().reindex(nis).to_numpy(dtype=float)
    return _Geography(
        nis=nis,
        names={
            "fr": communes["name_fr"].to_numpy(),
            "nl": communes["name_nl"].to_numpy(),
            "en": communes["name_fr"].to_numpy(),
        },
        population=population,
        neighbours=neighbours,
        degree=degree,
        quartiers=padded,
        n_quartiers=n_quartiers,
        mdrc=residential["mdrc"].astype(int).to_numpy(),
        quartier_names={
            "fr": residential["label_fr"].map(_clean).to_numpy(),
            "nl": residential["label_nl"].map(_clean).to_numpy(),
            "en": residential["label_fr"].map(_clean).to_numpy(),
        },
        cores=cores,
    )


def _organiser_table(geo: _Geography) -> pd.DataFrame:
    """Every possible organiser: communes, then their CPAS, then the catalogue."""

    def commune_name(fr: str) -> str:
        return (
            "Ville de Bruxelles"
            if fr == "Bruxelles"
            else (f"Commune d'{fr}" if fr[0] in "AEIOUÉ" else f"Commune de {fr}")
        )

    def cpas_name(fr: str) -> str:
        return f"CPAS d'{fr}" if fr[0] in "AEIOUÉ" else f"CPAS de {fr}"

    rows = [(commune_name(fr), "communal", code) for fr, code in zip(geo.names["fr"], geo.nis, strict=False)]
    rows += [(cpas_name(fr), "communal", code) for fr, code in zip(geo.names["fr"], geo.nis, strict=False)]
    rows += list(CATALOGUE)
    return pd.DataFrame(rows, columns=["organiser", "organiser_level", "commune"])


def _staffing(seed: int, geo: _Geography) -> tuple[np.ndarray, np.ndarray]:
    """Participation staff per commune and per other organiser, from the seed alone.

    Larger communes are likelier to have a service (a noisy ranking by population), so
    that generate_inventory and generate_organisers agree without sharing state.
    """
    rng = np.random.default_rng([seed, 1])
    score = np.log(geo.population) + rng.normal(0, 0.6, len(geo.nis))
    levels = np.repeat([lvl for lvl, _ in STAFF_SPLIT], [k for _, k in STAFF_SPLIT])
    communes = np.empty(len(geo.nis), dtype=object)
    communes[np.argsort(-score)] = levels
    others = rng.choice(list(OTHER_STAFF), size=len(geo.nis) + len(CATALOGUE), p=list(OTHER_STAFF.values()))
    return communes, others


# --- vectorised sampling helpers ---------------------------------------------------------


def _weights(kinds, attr: str, codes: tuple[str, ...], default: dict | None = None) -> np.ndarray:
    """Kind x code weight matrix of one field (defaults added to each kind's own weights)."""
    out = np.zeros((len(kinds), len(codes)))
    for i, kind in enumerate(kinds):
        merged = dict(default or {})
        for code, w in getattr(kind, attr).items():
            merged[code] = merged.get(code, 0) + w
        for code, w in merged.items():
            out[i, codes.index(code)] = w
    return out


def _draw(rng, weights, n: int) -> np.ndarray:
    """``n`` indices drawn from one vector of (unnormalised) weights."""
    weights = np.asarray(weights, dtype=float)
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def _draw_by(rng, table: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One index per row, drawn from the weights of the row's group (a row of ``table``)."""
    cdf = np.cumsum(table, axis=1) / table.sum(axis=1, keepdims=True)
    u = rng.random(len(group))
    return np.minimum((u[:, None] >= cdf[group]).sum(axis=1), table.shape[1] - 1)


def _latin_hypercube(rng, n: int, m: int) -> np.ndarray:
    """Uniforms in (0, 1), each column stratified over the rows (one value per 1/n slice).

    Each row still gets independent uniforms, but column totals vary less, so a 148-row
    inventory lands closer to its calibrated shares.
    """
    strata = rng.permuted(np.broadcast_to(np.arange(n)[:, None], (n, m)), axis=0)
    return (strata + rng.uniform(1e-12, 1, size=(n, m))) / n


def _subset(rng, table: np.ndarray, group: np.ndarray, count_probs: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Weighted draw without replacement of 1..k codes per row (Gumbel top-k).

    A FORCED weight is always drawn first (at most one per group and field). Returns the
    selection mask and the first code drawn (the row's main code).
    """
    n, m = len(group), table.shape[1]
    with np.errstate(divide="ignore"):
        keys = np.log(table)[group] - np.log(-np.log(_latin_hypercube(rng, n, m)))
    cdf = np.cumsum(count_probs) / np.sum(count_probs)
    drawn = np.minimum((_latin_hypercube(rng, n, 1) >= cdf).sum(axis=1), len(cdf) - 1)
    counts = np.minimum(drawn + 1, (table > 0).sum(axis=1)[group])
    kth_largest = np.take_along_axis(np.sort(keys, axis=1), (m - counts)[:, None], axis=1)
    return keys >= kth_largest, keys.argmax(axis=1)


def _join(mask: np.ndarray, codes: tuple[str, ...], known: np.ndarray | None = None) -> np.ndarray:
    """';'-joined codes per row in vocabulary order; None where unknown or empty."""
    bits = mask.astype(np.int64) @ (1 << np.arange(mask.shape[1], dtype=np.int64))
    uniq, inverse = np.unique(bits, return_inverse=True)
    text = np.array([";".join(c for j, c in enumerate(codes) if b >> j & 1) or None for b in uniq], dtype=object)
    out = text[inverse]
    if known is not None:
        out[~known] = None
    return out


def _stratified(rng, weights, n: int) -> np.ndarray:
    """``n`` category indices in shuffled order, each category getting floor or ceil of its share.

    Systematic sampling keeps a small inventory (148 rows) as close to the kinds' mix as
    a large one, instead of adding sampling noise to the calibration.
    """
    cdf = np.cumsum(weights) / np.sum(weights)
    picks = np.searchsorted(cdf, (rng.random() + np.arange(n)) / n, side="right")
    return rng.permutation(np.minimum(picks, len(cdf) - 1))


def _yes_no(done: np.ndarray, known: np.ndarray) -> np.ndarray:
    out = np.where(done, "yes", "no").astype(object)
    out[~known] = None
    return out


def _lognormal(rng, median: np.ndarray, sigma: np.ndarray | float) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(len(median)))


def _int_column(values: np.ndarray, known: np.ndarray) -> pd.Series:
    return pd.Series(pd.array(np.where(known, values, 0).astype(np.int64), dtype="Int64")).mask(~known)


# --- the generator ----------------------------------------------------------------------


def _geography_columns(rng, geo: _Geography, home: np.ndarray, perimeter: np.ndarray) -> dict:
    """Communes, quartiers and precise points of every row, consistent with each other."""
    n = len(home)
    is_region = perimeter == "region"
    is_multi = perimeter == "multi_commune"
    # Multi-commune rows: the home commune and one or two communes that touch it.
    deg = geo.degree[home]
    first = (rng.random(n) * deg).astype(int)
    second = (first + 1 + (rng.random(n) * (deg - 1)).astype(int)) % deg
    n1, n2 = geo.neighbours[home, first], geo.neighbours[home, second]
    three = is_multi & (deg > 1) & (rng.random(n) < 0.4)
    communes = geo.nis[home].astype(object)
    communes[is_multi] = [f"{a};{b}" for a, b in zip(geo.nis[home[is_multi]], geo.nis[n1[is_multi]], strict=False)]
    communes[three] = [f"{a};{b}" for a, b in zip(communes[three], geo.nis[n2[three]], strict=False)]
    communes[is_region] = None

    # Quartiers: every neighbourhood row, and any row that gets a precise point.
    has_point = np.zeros(n, dtype=bool)
    for code, share in POINT_SHARE.items():
        has_point |= (perimeter == code) & (rng.random(n) < share)
    has_quartier = (perimeter == "neighbourhood") | has_point
    nq = geo.n_quartiers[home]
    q1_slot = (rng.random(n) * nq).astype(int)
    q2_slot = (q1_slot + 1 + (rng.random(n) * np.maximum(nq - 1, 1)).astype(int)) % nq
    q1, q2 = geo.quartiers[home, q1_slot], geo.quartiers[home, q2_slot]
    two = (perimeter == "neighbourhood") & (nq > 1) & (rng.random(n) < 0.15)
    quartiers = geo.mdrc[q1].astype(str).astype(object)
    quartiers[two] = [f"{a};{b}" for a, b in zip(quartiers[two], geo.mdrc[q2[two]], strict=False)]
    quartiers[~has_quartier] = None

    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    for q in np.unique(q1[has_point]):
        rows = np.flatnonzero(has_point & (q1 == q))
        lon[rows], lat[rows] = _points_in(rng, geo.cores[q], len(rows))
    place = {
        lang: np.where(perimeter == "neighbourhood", geo.quartier_names[lang][q1], geo.names[lang][home]).astype(object)
        for lang in LANGS
    }
    for lang, region_name in zip(LANGS, REGION_PLACE, strict=False):
        name_of = dict(zip(geo.nis, geo.names[lang], strict=False))
        place[lang][is_multi] = [" / ".join(name_of[c] for c in codes.split(";")) for codes in communes[is_multi]]
        place[lang][is_region] = region_name
    return {"communes": communes, "quartiers": quartiers, "lat": lat, "lon": lon, "place": place}


def _points_in(rng, polygon, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``k`` uniform points strictly inside ``polygon``, rounded to 6 decimals (~0.1 m)."""
    minx, miny, maxx, maxy = polygon.bounds
    fill = polygon.area / ((maxx - minx) * (maxy - miny))
    xs, ys = [], []
    found = 0
    while found < k:
        m = int((k - found) / fill * 1.5) + 8
        x = np.round(rng.uniform(minx, maxx, m), 6)
        y = np.round(rng.uniform(miny, maxy, m), 6)
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        found += int(inside.sum())
    return np.concatenate(xs)[:k], np.concatenate(ys)[:k]


def _dates(rng, kinds, kind: np.ndarray, recurrence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(kind)
    year = np.array(list(START_YEARS))[_stratified(rng, list(START_YEARS.values()), n)]
    jan1 = year.astype(str).astype("datetime64[D]")
    length = (year.astype(str).astype("datetime64[Y]") + 1).astype("datetime64[D]") - jan1
    start = jan1 + (rng.random(n) * length.astype(int)).astype(int)
    median = np.array([k.months[0] for k in kinds])[kind]
    sigma = np.array([k.months[1] for k in kinds])[kind]
    months = np.clip(_lognormal(rng, median, sigma), 0.5, 72)
    end = start + np.round(months * DAYS_PER_MONTH).astype(int)
    open_ended = np.array([k.open_ended for k in kinds])[kind]
    for code, share in OPEN_ENDED.items():
        open_ended = np.where(recurrence == code, share, open_ended)
    end = np.where(rng.random(n) < open_ended, np.datetime64("NaT"), end)
    return start, end


def _followup(rng, kinds, kind: np.ndarray, planned: np.ndarray, completed: np.ndarray) -> dict:
    """The follow-up chain: each step likelier when the previous one was done."""
    n = len(kind)
    quality = np.array([k.followup for k in kinds])[kind]
    done = rng.random(n) < quality
    scale = quality / BASE_FOLLOWUP
    out = {}
    for i, name in enumerate(
        ("mandate_communicated", "results_published", "feedback_to_participants", "integrated_in_decision")
    ):
        if i:
            p = np.minimum(np.where(done, CHAIN_IF_YES[i - 1], CHAIN_IF_NO[i - 1]) * scale, 0.98)
            done = rng.random(n) < p
        known = rng.random(n) >= FOLLOWUP_UNKNOWN[name]
        if i:
            known &= ~planned
        out[name] = _yes_no(done, known)
    obliged = rng.random(n) < np.array([k.response for k in kinds])[kind]
    out["response_obligation"] = _yes_no(obliged, rng.random(n) >= FOLLOWUP_UNKNOWN["response_obligation"])
    evaluated = rng.random(n) < np.where(completed, EVALUATED_IF_COMPLETED, EVALUATED_OTHERWISE)
    out["evaluation_done"] = _yes_no(evaluated, (rng.random(n) >= FOLLOWUP_UNKNOWN["evaluation_done"]) & ~planned)
    return out


def _proposals(rng, kinds, kind: np.ndarray, planned: np.ndarray) -> dict:
    n = len(kind)
    share = np.array([k.proposals[0] for k in kinds])[kind]
    median = np.array([k.proposals[1] for k in kinds])[kind]
    has = (rng.random(n) < share) & ~planned
    total = np.maximum(np.round(_lognormal(rng, median, 0.6)), 1).astype(np.int64)
    decided = rng.binomial(total, rng.uniform(0.6, 1.0, n))
    fate = rng.multinomial(decided, rng.dirichlet((3, 2, 3), size=n))
    fate_known = has & (rng.random(n) < 0.8)
    out = {"proposals_total": _int_column(total, has)}
    for j, name in enumerate(("proposals_adopted", "proposals_modified", "proposals_rejected")):
        out[name] = _int_column(fate[:, j], fate_known)
    return out


def _texts(rng, kinds, kind, perimeter_index, year, theme, place) -> dict:
    """Titles from the kind's templates for the row's perimeter, summaries per kind.

    Each distinct (template, place, year, theme) is formatted once: a large inventory
    repeats them a lot.
    """
    perimeters = VOCABULARIES["perimeter"].codes
    templates: list[tuple[str, str, str]] = []
    offset = np.zeros((len(kinds), len(perimeters)), dtype=int)
    count = np.zeros_like(offset)
    for k, spec in enumerate(kinds):
        for p, code in enumerate(perimeters):
            variants = spec.titles.get(code, spec.titles["*"])
            offset[k, p], count[k, p] = len(templates), len(variants)
            templates.extend(variants)
    template = offset[kind, perimeter_index] + (rng.random(len(kind)) * count[kind, perimeter_index]).astype(int)
    place_id, distinct_places = pd.MultiIndex.from_arrays([place[lang] for lang in LANGS]).factorize()
    places = list(distinct_places)
    keys, inverse = np.unique(np.column_stack([template, place_id, year, theme]), axis=0, return_inverse=True)
    theme_codes = VOCABULARIES["themes"].codes
    labels = [VOCABULARIES["themes"].labels(lang) for lang in LANGS]
    out = {}
    for i, lang in enumerate(LANGS):
        distinct = np.array(
            [
                templates[t][i].format(place=places[p][i], year=y, theme=labels[i][theme_codes[th]])
                for t, p, y, th in keys
            ],
            dtype=object,
        )
        out[f"title_{lang}"] = distinct[inverse.ravel()]
    for i, lang in enumerate(LANGS):
        out[f"summary_{lang}"] = np.array([spec.summary[i] for spec in kinds], dtype=object)[kind]
    return out


def _organisers_and_homes(rng, kinds, kind: np.ndarray, geo: _Geography, organisers: pd.DataFrame, seed: int):
    """Each row's organiser (a row of ``organisers``) and home commune (a commune position).

    A commune or CPAS organises in its own commune, drawn by population times the
    commune's participation staff; a housing company in its commune; a regional or
    community body wherever people live (by population).
    """
    names = sorted({o for k in kinds for o in k.organisers})
    slot = _draw_by(rng, np.array([[k.organisers.count(s) for s in names] for k in kinds], dtype=float), kind)
    staff, _ = _staffing(seed, geo)
    by_activity = _draw(rng, geo.population * np.array([STAFF_ACTIVITY[s] for s in staff]), len(kind))
    by_population = _draw(rng, geo.population, len(kind))
    position = {code: i for i, code in enumerate(geo.nis)}
    # Per organiser slot: its row in ``organisers`` and its fixed home, -1 when none.
    known = {
        name: (i, position.get(nis, -1))
        for i, (name, nis) in enumerate(zip(organisers["organiser"], organisers["commune"], strict=False))
    }
    slot_row, slot_home = np.array([known.get(s, (-1, -1)) for s in names]).T
    communal = np.isin(names, (COMMUNE, CPAS))[slot]
    home = np.where(slot_home[slot] >= 0, slot_home[slot], np.where(communal, by_activity, by_population))
    own_row = home + np.where(np.array(names)[slot] == CPAS, len(geo.nis), 0)
    return np.where(communal, own_row, slot_row[slot]), home


def generate_inventory(n: int = 148, seed: int = 2025) -> pd.DataFrame:
    """A synthetic inventory of ``n`` initiatives in the canonical CSV layout."""
    rng = np.random.default_rng(seed)
    geo = _geography()
    kinds = load_kinds()
    kind = _stratified(rng, [k.weight for k in kinds], n)
    organisers = _organiser_table(geo)
    organiser_row, home = _organisers_and_homes(rng, kinds, kind, geo, organisers, seed)
    perimeter_codes = VOCABULARIES["perimeter"].codes
    perimeter_index = _draw_by(rng, _weights(kinds, "perimeter", perimeter_codes), kind)
    perimeter = np.array(perimeter_codes, dtype=object)[perimeter_index]
    geo_cols = _geography_columns(rng, geo, home, perimeter)

    cols: dict = {}
    theme_codes = VOCABULARIES["themes"].codes
    theme_mask, main_theme = _subset(rng, _weights(kinds, "themes", theme_codes), kind, COUNTS["themes"])
    cols["themes"] = _join(theme_mask, theme_codes)
    for name, default in (
        ("formats", None),
        ("selection", None),
        ("mobilisation", DEFAULT_MOBILISATION),
        ("publics", DEFAULT_PUBLICS),
    ):
        codes = VOCABULARIES[name].codes
        mask, _ = _subset(rng, _weights(kinds, name, codes, default), kind, COUNTS[name])
        cols[name] = _join(mask, codes, rng.random(n) < KNOWN[name])
    for name in ("participation_level", "framework", "recurrence"):
        codes = VOCABULARIES[name].codes
        cols[name] = np.array(codes, dtype=object)[_draw_by(rng, _weights(kinds, name, codes), kind)]
    cols["framework"][rng.random(n) < 0.08] = None

    start, end = _dates(rng, kinds, kind, cols["recurrence"])
    as_of = np.datetime64(AS_OF)
    planned = start > as_of
    completed = ~planned & ~np.isnat(end) & (end < as_of)
    status = np.where(planned, "planned", np.where(completed, "completed", "ongoing")).astype(object)
    status[rng.random(n) < 0.03] = None

    participants_median = np.array([k.participants for k in kinds])[kind]
    participants = np.maximum(np.round(_lognormal(rng, participants_median, 0.7)), 3)
    budget_median = np.array([k.budget or 15e3 for k in kinds])[kind]
    budget_known = rng.random(n) < np.array([0.6 if k.budget else 0.1 for k in kinds])[kind]
    budget = np.maximum(np.round(_lognormal(rng, budget_median, 0.5), -3), 1000)
    service = np.array([k.service for k in kinds], dtype=object)[kind]
    service[rng.random(n) < 0.35] = None
    width = max(4, len(str(n)))
    ids = np.array([f"DEMO-{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    url = np.where(rng.random(n) < 0.5, np.char.add("https://example.org/demo/", ids.astype(str)), None)
    updated = np.datetime64("2024-01-01") + (rng.random(n) * 366).astype(int)

    cols.update(
        _texts(
            rng,
            kinds,
            kind,
            perimeter_index,
            start.astype("datetime64[Y]").astype(int) + 1970,
            main_theme,
            geo_cols["place"],
        )
    )
    cols.update(_followup(rng, kinds, kind, planned, completed))
    cols.update(_proposals(rng, kinds, kind, planned))
    cols.update(
        id=ids,
        organiser=organisers["organiser"].to_numpy()[organiser_row],
        organiser_service=service,
        organiser_level=organisers["organiser_level"].to_numpy()[organiser_row],
        perimeter=perimeter,
        communes=geo_cols["communes"],
        quartiers=geo_cols["quartiers"],
        start_date=start.astype(str),
        end_date=np.where(np.isnat(end), None, end.astype(str)),
        status=status,
        participants=_int_column(participants, (rng.random(n) >= 0.2) & ~planned),
        budget_eur=_int_column(budget, budget_known),
        url=url,
        updated=updated.astype(str),
        lat=np.round(geo_cols["lat"], 6),
        lon=np.round(geo_cols["lon"], 6),
    )
    as_text = {
        name: pd.Series(values, dtype="str")
        for name, values in cols.items()
        if isinstance(values, np.ndarray) and values.dtype == object
    }
    return pd.DataFrame({name: as_text.get(name, cols[name]) for name in COLUMNS})


def generate_organisers(inventory: pd.DataFrame, seed: int = 2025) -> pd.DataFrame:
    """The organisers table of an inventory made by ``generate_inventory`` with ``seed``."""
    geo = _geography()
    table = _organiser_table(geo)
    communes_staff, others_staff = _staffing(seed, geo)
    table["participation_staff"] = np.concatenate([communes_staff, others_staff])
    out = table[table["organiser"].isin(inventory["organiser"].dropna().unique())]
    level_rank = out["organiser_level"].map(VOCABULARIES["organiser_level"].codes.index)
    out = out.assign(rank=level_rank).sort_values(["rank", "organiser"]).drop(columns="rank")
    return out.reset_index(drop=True).astype("str")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8, comma-separated, text quoted, empty cells for unknowns.

    Arrow's writer rather than ``DataFrame.to_csv``: it writes 100,000 rows in a fraction
    of a second instead of several seconds, which matters for the benchmark inventories.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pa_csv.write_csv(table, path, pa_csv.WriteOptions(quoting_style="needed"))


def write_demo(path, n: int = 148, seed: int = 2025, later: bool = False) -> tuple[Path, ...]:
    """Write the inventory CSV and ``<stem>_organisers.csv`` beside it; with ``later``, also
    the later edition (``<stem>_2025b.csv``, see ``partdash.demo.later``) and its organisers."""
    from partdash.demo.later import LATER_SUFFIX, later_edition

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    editions = [(path, generate_inventory(n, seed))]
    if later:
        editions.append((path.with_name(f"{path.stem}{LATER_SUFFIX}.csv"), later_edition(editions[0][1], seed)))
    written: list[Path] = []
    for edition_path, inventory in editions:
        organisers_path = edition_path.with_name(f"{edition_path.stem}_organisers.csv")
        _write_csv(inventory, edition_path)
        _write_csv(generate_organisers(inventory, seed), organisers_path)
        written += [edition_path, organisers_path]
    return tuple(written)
