"""The translation catalogue (FR, NL, EN) and locale-aware number formatting.

The catalogue is one dictionary merged from ``partdash/locales/*.toml`` (one file per
area of the product, so that areas can be edited independently). A key defined twice
is an error: the catalogue must stay one source of truth. Pure Python, so the CLI and
the core can phrase messages without Streamlit.
"""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("fr", "nl", "en")
DEFAULT_LANG = "fr"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def _flatten(table: dict, prefix: str, out: dict[str, dict[str, str]], origin: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) & set(LANGS) and all(isinstance(v, str) for v in value.values()):
            if name in out:
                raise ValueError(f"translation key {name!r} defined twice (second time in {origin})")
            out[name] = value
        elif isinstance(value, dict):
            _flatten(value, f"{name}.", out, origin)
        else:
            raise ValueError(f"translation key {name!r} in {origin} must hold fr/nl/en strings")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", out, path.name)
    return out


def translate(key: str, lang: str, **params) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; the key itself if unknown."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**params) if params else text


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """Thousands separated and decimal comma in FR/NL ("1 234,5"), point in EN ("1,234.5")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    if lang == "nl":
        return text.replace(",", "\u2009").replace(".", ",")
    return text


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share in 0..1 as a percentage: "51 %" in French, "51%" in Dutch and English."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = format_number(share * 100, lang, decimals)
    return f"{number}\u202f%" if lang == "fr" else f"{number}%"
