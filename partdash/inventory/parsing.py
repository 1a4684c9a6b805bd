"""Parsers for single cells of an inventory, one per kind of field.

Each parser takes the text of a cell and returns a ``Parsed`` value: the typed value,
at most one error (the row is then rejected) and the warnings for values it repaired.
Parsers are pure and keyed on the text alone, so the loader runs each of them once
per distinct cell text, which keeps a 100,000-row file fast.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from partdash.inventory.reference import resolve_commune, resolve_quartier
from partdash.inventory.vocab import match_code, normalise_token, vocabulary_for

Problem = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Parsed:
    value: object = None
    error: Problem | None = None
    warnings: tuple[Problem, ...] = ()


EMPTY = Parsed()
# C0 controls but tab and line breaks, DEL and C1 controls: no spreadsheet cell may hold them,
# and a terminal acts on them (ESC starts an escape sequence).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(value):
    """A cell fit for an XLSX file (the loader has warned about each value this changes)."""
    return CONTROL_CHARS.sub("", value) if isinstance(value, str) else value


_MULTI_SPLIT = re.compile(r"\s*[;|\n]\s*")
_LIST_SPLIT = re.compile(r"\s*[;|,\n]\s*")


def _problem(key: str, **params) -> Problem:
    return key, tuple((k, str(v)) for k, v in params.items())


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")


def strip_invisible(text: str) -> str:
    """Strip spaces and invisible characters (zero-width spaces, joiners, a stray BOM) at both
    ends: a cell holding only those is empty, not an id nobody can see or type."""
    text = text.strip()
    if not text or not (_invisible(text[0]) or _invisible(text[-1])):
        return text
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def parse_text(text: str) -> Parsed:
    text = strip_invisible(text)
    return Parsed(text) if text else EMPTY


def parse_code(field: str, text: str) -> Parsed:
    text = text.strip()
    if not text:
        return EMPTY
    code = match_code(field, text)
    if code is None:
        return Parsed(error=_problem("unknown_code", value=text, expected=", ".join(vocabulary_for(field).codes)))
    if normalise_token(text) != normalise_token(code):
        return Parsed(code, warnings=(_problem("label_matched", value=text, code=code),))
    return Parsed(code)


def parse_codes(field: str, text: str) -> Parsed:
    parts = [p for p in _MULTI_SPLIT.split(text.strip()) if p]
    codes: list[str] = []
    warnings: list[Problem] = []
    for part in parts:
        single = parse_code(field, part)
        if single.error:
            return single
        warnings.extend(single.warnings)
        if single.value not in codes:
            codes.append(single.value)
    return Parsed(tuple(codes), warnings=tuple(warnings))


def parse_communes(text: str) -> Parsed:
    codes: list[str] = []
    warnings: list[Problem] = []
    for part in (p for p in _LIST_SPLIT.split(text.strip()) if p):
        part = part[:-2] if part.endswith(".0") else part
        nis = resolve_commune(part)
        if nis is None:
            return Parsed(error=_problem("unknown_commune", value=part))
        if part != nis:
            warnings.append(_problem("commune_matched", value=part, code=nis))
        if nis not in codes:
            codes.append(nis)
    return Parsed(tuple(codes), warnings=tuple(warnings))


def parse_quartiers(text: str) -> Parsed:
    codes: list[int] = []
    for part in (p for p in _MULTI_SPLIT.split(text.strip()) if p):
        pieces = [part] if resolve_quartier(part) is not None else [p for p in part.split(",") if p.strip()]
        for piece in pieces:
            code = resolve_quartier(piece)
            if code is None:
                return Parsed(error=_problem("unknown_quartier", value=piece.strip()))
            if code not in codes:
                codes.append(code)
    return Parsed(tuple(codes))


# re.ASCII everywhere: \d would otherwise accept full-width and other scripts' digits.
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):?(\d{2}))?)?$",
    re.ASCII,
)
_DAYFIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", re.ASCII)
_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$", re.ASCII)
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{4})$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$", re.ASCII)


def _valid_time(m: re.Match) -> bool:
    """Hours, minutes, seconds and a UTC offset that exist (an offset is at most 14 hours)."""
    hour, minute, second, _, off_h, off_m = (int(v) if v and v[0].isdigit() else 0 for v in m.groups()[3:])
    return hour <= 23 and minute <= 59 and second <= 59 and off_h <= 14 and off_m <= 59


def _timestamp(year: int, month: int, day: int) -> pd.Timestamp | None:
    """The date, or None for an impossible one; a year outside 1900-2100 is a typo (and
    would not fit the loader's nanosecond dates)."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


def parse_date(text: str) -> Parsed:
    """ISO dates, Belgian day-first dates, year-month and bare years (1 January)."""
    text = text.strip()
    if not text:
        return EMPTY
    bad = Parsed(error=_problem("bad_date", value=text))
    if m := _ISO.match(text):
        ts = _timestamp(int(m[1]), int(m[2]), int(m[3])) if _valid_time(m) else None
        return Parsed(ts) if ts is not None else bad
    if m := _DAYFIRST.match(text):
        ts = _timestamp(int(m[3]), int(m[2]), int(m[1]))
        if ts is None:
            return bad
        return Parsed(ts, warnings=(_problem("date_dayfirst", value=text, date=ts.date().isoformat()),))
    partial = None
    if m := _YEAR_MONTH.match(text):
        partial = _timestamp(int(m[1]), int(m[2]), 1)
    elif m := _MONTH_YEAR.match(text):
        partial = _timestamp(int(m[2]), int(m[1]), 1)
    elif m := _YEAR.match(text):
        partial = _timestamp(int(m[1]), 1, 1)
    if partial is None:
        return bad
    return Parsed(partial, warnings=(_problem("date_partial", value=text, date=partial.date().isoformat()),))


_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)


def _to_float(text: str) -> float | None:
    """A finite number written with ASCII digits; Python's float() would also take
    "1_000", full-width digits, "inf" and "nan", none of which a spreadsheet writes."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned) if _DECIMAL.match(cleaned) else None
    return value if value is not None and math.isfinite(value) else None  # "9" * 400 overflows to inf


_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$", re.ASCII)


def parse_number(text: str, integer: bool = False) -> Parsed:
    """Non-negative numbers, with decimal commas and thousands separators as Excel writes them."""
    text = text.strip()
    if not text:
        return EMPTY
    if integer and _DOTTED_THOUSANDS.match(text):
        text = text.replace(".", "")  # "1.234" participants: a Belgian thousands separator
    value = _to_float(text)
    # The bound keeps integers inside the loader's Int64 columns ("1e30" is a typo, not a count).
    if value is None or not 0 <= value < 2**53 or (integer and not value.is_integer()):
        return Parsed(error=_problem("bad_number", value=text))
    return Parsed(int(value) if integer else value)


def parse_coordinate(text: str) -> Parsed:
    text = text.strip()
    if not text:
        return EMPTY
    value = _to_float(text)
    return Parsed(value) if value is not None else Parsed(error=_problem("bad_coordinates", value=text))


def parse_yes_no(text: str) -> Parsed:
    text = text.strip()
    if not text:
        return EMPTY
    code = match_code("yes_no", text)
    if code is None:
        return Parsed(error=_problem("unknown_code", value=text, expected="yes, no"))
    return Parsed(code == "yes")


def parse_url(text: str) -> Parsed:
    text = text.strip()
    if not text:
        return EMPTY
    if re.match(r"^https?://\S+$", text, flags=re.IGNORECASE):
        return Parsed(text)
    return Parsed(warnings=(_problem("bad_url", value=text),))


def parser_for(name: str, kind: str):
    """The cell parser of a canonical field."""
    return {
        "text": parse_text,
        "code": lambda t: parse_code(name, t),
        "codes": lambda t: parse_codes(name, t),
        "nis": parse_communes,
        "mdrc": parse_quartiers,
        "date": parse_date,
        "int": lambda t: parse_number(t, integer=True),
        "number": parse_number,
        "yes_no": parse_yes_no,
        "url": parse_url,
        "coord": parse_coordinate,
    }[kind]
