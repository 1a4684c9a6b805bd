"""The shared filters: what they are, how they apply, and how they travel in a URL.

A view is fully described by a ``Filters`` value, and a ``Filters`` value by a handful
of plain query parameters, so that a link reproduces exactly the view on screen. URL
values are validated against the vocabularies; anything else is ignored and named, never
evaluated or unpickled.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from partdash.inventory import reference
from partdash.inventory.vocab import VOCABULARIES, normalise_token

# filter field -> URL key. The order is the sidebar's order.
URL_KEYS = {
    "themes": "themes",
    "organiser_level": "level",
    "communes": "communes",
    "perimeter": "perimeter",
    "participation_level": "plevel",
    "selection": "selection",
    "formats": "format",
    "framework": "framework",
    "status": "status",
    "recurrence": "recurrence",
}
YEARS_KEY = "years"
TEXT_KEY = "q"
MAX_TEXT = 100


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] | None = None
    text: str = ""
    themes: tuple[str, ...] = ()
    organiser_level: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    perimeter: tuple[str, ...] = ()
    participation_level: tuple[str, ...] = ()
    selection: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    framework: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    recurrence: tuple[str, ...] = ()
    ignored: tuple[str, ...] = field(default=(), compare=False)

    def is_empty(self) -> bool:
        return self == Filters()

    def with_value(self, name: str, code: str) -> Filters:
        """The same filters with one more code for ``name`` (used by chart clicks)."""
        current = getattr(self, name)
        return self if code in current else replace(self, **{name: tuple(current) + (code,)})


def allowed_codes(name: str) -> tuple[str, ...]:
    if name == "communes":
        return tuple(reference.communes()["nis"])
    return VOCABULARIES[name].codes


def from_query(params: dict[str, str]) -> Filters:
    """Filters from URL query parameters. Invalid values are dropped and listed in
    ``ignored``; the rest of the link still applies. Keys that are not filters are left
    to the caller, which knows the other parameters a link may carry."""
    values: dict[str, object] = {}
    ignored: list[str] = []
    by_key = {v: k for k, v in URL_KEYS.items()}
    for key, raw in params.items():
        raw = str(raw)
        if key in by_key:
            name = by_key[key]
            allowed = set(allowed_codes(name))
            codes = [c for c in (p.strip() for p in raw.split(",")) if c]
            good = tuple(dict.fromkeys(c for c in codes if c in allowed))
            ignored.extend(f"{key}={c[:20]}" for c in codes if c not in allowed)
            if good:
                values[name] = good
        elif key == YEARS_KEY:
            m = re.fullmatch(r"(\d{4})-(\d{4})", raw.strip())
            if m and 1900 <= int(m[1]) <= int(m[2]) <= 2100:
                values["years"] = (int(m[1]), int(m[2]))
            else:
                ignored.append(f"{key}={raw[:20]}")
        elif key == TEXT_KEY:
            values["text"] = raw[:MAX_TEXT]
    return Filters(**values, ignored=tuple(ignored))


def to_query(filters: Filters) -> dict[str, str]:
    out: dict[str, str] = {}
    if filters.years:
        out[YEARS_KEY] = f"{filters.years[0]}-{filters.years[1]}"
    if filters.text:
        out[TEXT_KEY] = filters.text
    for name, key in URL_KEYS.items():
        if getattr(filters, name):
            out[key] = ",".join(getattr(filters, name))
    return out


def search_blob(df: pd.DataFrame) -> pd.Series:
    """Titles, summaries and organiser in one normalised string per row, for free-text search.

    Texts repeat (one organiser, a few summaries per kind of initiative), so each distinct
    cell and each distinct word is normalised once: 100,000 rows take a second, not half a
    minute. A search token has no spaces, so how the cells are spaced apart is immaterial."""
    normalise = functools.lru_cache(maxsize=None)(normalise_token)
    blob = np.full(len(df), "", dtype=object)
    for col in ("title_fr", "title_nl", "title_en", "summary_fr", "summary_nl", "summary_en", "organiser"):
        codes, texts = pd.factorize(df[col].fillna("").astype(str).to_numpy(dtype=object))
        words = np.array([" ".join(normalise(w) for w in text.split()) for text in texts], dtype=object)
        blob = blob + " " + words[codes]
    return pd.Series(blob, index=df.index, dtype="str")


def _has_any(column: pd.Series, codes: tuple[str, ...]) -> np.ndarray:
    wanted = set(codes)
    if column.dtype == object:
        return column.map(lambda values: not wanted.isdisjoint(values)).to_numpy(bool)
    return column.isin(wanted).fillna(False).to_numpy(bool)


def apply_filters(df: pd.DataFrame, filters: Filters, blob: pd.Series | None = None) -> pd.DataFrame:
    """The rows matching every active filter; within one filter, any selected value matches.
    With nothing filtered out, the frame itself comes back (no copy): callers never mutate it."""
    mask = np.ones(len(df), dtype=bool)
    if filters.years:
        mask &= df["start_year"].between(*filters.years).fillna(False).to_numpy(bool)
    for f in fields(Filters):
        if f.name in URL_KEYS and getattr(filters, f.name):
            mask &= _has_any(df[f.name], getattr(filters, f.name))
    if filters.text.strip():
        blob = search_blob(df) if blob is None else blob
        for word in filters.text.split():
            token = normalise_token(word)
            if token:
                mask &= blob.str.contains(token, regex=False).to_numpy(bool)
    return df if mask.all() else df[mask]
