"""The translation catalogue (FR, NL, EN) and numbers, dates and plurals as each language writes them.

The catalogue is one dictionary merged from ``partdash/locales/*.toml`` (one file per
area of the product, so that areas can be edited independently). A key defined twice
is an error: the catalogue must stay one source of truth. Pure Python, so the CLI and
the core can phrase messages without Streamlit.

Numbers, percentages, dates and plural forms come from CLDR through Babel, for the
locales of the Region: fr_BE, nl_BE and en_IE (see ``LOCALES``). A message that holds a
count gives one text per CLDR plural category instead of a plain string::

    rejected_note = { fr = { one = "{count} ligne rejetée", other = "{count} lignes rejetées" }, nl = ..., en = ... }

and is called as ``translate(key, lang, count=n)``: the form follows the CLDR rule of the
language (French: 0 and 1 take "one"; Dutch and English: only 1) and ``{count}`` is filled
with ``n`` written as the locale writes numbers.
"""

from __future__ import annotations

import math
import re
import tomllib
from datetime import date, datetime
from functools import lru_cache
from numbers import Real
from pathlib import Path

import babel.dates
import babel.numbers
import pandas as pd
from babel import Locale

LANGS = ("fr", "nl", "en")
DEFAULT_LANG = "fr"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
# English as written in Ireland: a euro-area, day-month-year locale, like Belgium's own
# (en_GB would write the same numbers but assumes sterling for money).
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_IE"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
MISSING = "–"


def _is_plural(value) -> bool:
    return isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES)


def _is_message(value) -> bool:
    """A leaf: a table keyed by language whose values are texts or plural-form tables."""
    return (
        isinstance(value, dict)
        and bool(set(value) & set(LANGS))
        and all(
            isinstance(v, str) or (_is_plural(v) and all(isinstance(s, str) for s in v.values()))
            for v in value.values()
        )
    )


def _flatten(table: dict, prefix: str, out: dict[str, dict], origin: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if _is_message(value):
            if name in out:
                raise ValueError(f"translation key {name!r} defined twice (second time in {origin})")
            out[name] = value
        elif isinstance(value, dict):
            _flatten(value, f"{name}.", out, origin)
        else:
            raise ValueError(f"translation key {name!r} in {origin} must hold fr/nl/en strings")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str | dict[str, str]]]:
    out: dict[str, dict] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", out, path.name)
    return out


def plural_keys() -> list[str]:
    """The messages that hold a count (they carry plural forms)."""
    return [key for key, entry in catalogue().items() if any(isinstance(v, dict) for v in entry.values())]


@lru_cache(maxsize=len(LANGS))
def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["en"]))


def plural_category(count: float, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang`` ("one", "other", ...)."""
    return locale(lang).plural_form(abs(count))


def translate(key: str, lang: str, count: float | str | None = None, **params) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; the key itself if unknown.
    ``count`` picks the plural form of a message that has them and fills its ``{count}``."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    if isinstance(text, dict):
        if count is None or isinstance(count, str):
            raise TypeError(f"message {key!r} holds a count: call it with count=<number>")
        text = text.get(plural_category(count, lang), text["other"])
    if count is not None:
        # A message without plural forms may name an already written number {count}.
        params = {"count": count if isinstance(count, str) else format_number(count, lang), **params}
    return text.format(**params) if params else text


def _missing(value) -> bool:
    return value is None or (isinstance(value, Real) and math.isnan(value))


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """CLDR grouping and decimal marks: "1 234,5" (narrow spaces) in French, "1.234,5" in
    Belgian Dutch, "1,234.5" in English; always ``decimals`` digits; "–" when unknown."""
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel.numbers.format_decimal(value, format=pattern, locale=locale(lang), decimal_quantization=True)


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share in 0..1 as the locale writes percentages: "51 %" in French, "51%" in Dutch and English."""
    if _missing(share):
        return MISSING
    pattern = locale(lang).percent_formats[None].pattern
    if decimals > 0:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return babel.numbers.format_percent(share, format=pattern, locale=locale(lang), decimal_quantization=True)


def format_date(value: date | datetime | str | None, lang: str, style: str = "medium") -> str:
    """A date as the locale writes it: "2 mars 2024" / "2 mrt 2024" / "2 Mar 2024" (``medium``),
    "2/03/24"-like (``short``), or "dd/MM/y"-like numbers (``numeric``, for tables); "–" when unknown."""
    if value is None or pd.isna(value):
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    if style == "numeric":
        return babel.dates.format_date(value, format=numeric_date_pattern(lang), locale=locale(lang))
    return babel.dates.format_date(value, format=style, locale=locale(lang))


@lru_cache(maxsize=len(LANGS))
def numeric_date_pattern(lang: str) -> str:
    """The locale's short date pattern with a four-digit year ("d/MM/y" in fr_BE and nl_BE,
    "dd/MM/y" in en_IE): the order and separators of the locale, no ambiguous two-digit year."""
    pattern = locale(lang).date_formats["short"].pattern
    return pattern.replace("yyyy", "y").replace("yy", "y")


def format_dates(dates: pd.Series, lang: str) -> pd.Series:
    """A column of dates in the locale's numeric pattern (as ``format_date(..., "numeric")``),
    built column-wise so that 100,000 rows cost no more than a strftime; missing dates stay NA."""
    dates = pd.to_datetime(dates)
    parts = {
        "d": dates.dt.day.astype("Int64").astype(str),
        "dd": dates.dt.strftime("%d"),
        "M": dates.dt.month.astype("Int64").astype(str),
        "MM": dates.dt.strftime("%m"),
        "y": dates.dt.strftime("%Y"),
    }
    out = pd.Series("", index=dates.index, dtype=object)
    for token in re.findall(r"d+|M+|y+|[^dMy]+", numeric_date_pattern(lang)):
        out = out + (parts[token].astype(object) if token in parts else token)
    return out.where(dates.notna(), None)


def date_column_format(lang: str) -> str:
    """The locale's numeric date pattern in the notation of Streamlit's DateColumn (moment.js)."""
    return numeric_date_pattern(lang).replace("d", "D").replace("y", "YYYY")
