"""The catalogue speaks the three languages of the Region, and numbers read as each writes them."""

from __future__ import annotations

import string

import pytest

from partdash.i18n import LANGS, catalogue, format_number, format_percent, translate

NNBSP = "\u202f"  # narrow no-break space, the French typographic space before % and between thousands


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_catalogue_is_not_empty():
    assert len(catalogue()) > 50


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_entry_in_three_languages_with_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) >= set(LANGS)
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), f"{key} has no {lang} text"
    assert _placeholders(entry["fr"]) == _placeholders(entry["nl"]) == _placeholders(entry["en"])


def test_translate_fills_placeholders_in_each_language():
    key = "loader.finding.duplicate_id"
    texts = {lang: translate(key, lang, value="X-1", first=7) for lang in LANGS}
    assert all("X-1" in t and "7" in t and "{" not in t for t in texts.values())
    assert len(set(texts.values())) == 3


def test_unknown_key_is_returned_as_is():
    assert translate("no.such.key", "fr") == "no.such.key"


@pytest.mark.parametrize(
    "share, lang, decimals, expected",
    [
        (0.51, "fr", 0, f"51{NNBSP}%"),
        (0.51, "nl", 0, "51%"),
        (0.51, "en", 0, "51%"),
        (0.5134, "fr", 1, f"51,3{NNBSP}%"),
        (0.5134, "nl", 1, "51,3%"),
        (0.5134, "en", 1, "51.3%"),
        (1.0, "fr", 0, f"100{NNBSP}%"),
        (0.0, "en", 0, "0%"),
    ],
)
def test_format_percent(share, lang, decimals, expected):
    assert format_percent(share, lang, decimals) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_missing_values_are_a_dash_never_zero(lang):
    assert format_percent(None, lang) == format_number(None, lang) == format_number(float("nan"), lang) == "–"


def test_format_number_french_narrow_spaces_and_decimal_comma():
    assert format_number(1234567.891, "fr", 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert format_number(148, "fr") == "148"


def test_format_number_dutch_decimal_comma():
    text = format_number(1234567.891, "nl", 2)
    assert text.endswith(",89")
    # Thousands apart by a space-like separator, never by the comma that marks decimals.
    groups = text[:-3]
    assert groups[1].isspace() and groups[5].isspace() and groups.replace(groups[1], "") == "1234567"


def test_format_number_english():
    assert format_number(1234567.891, "en", 2) == "1,234,567.89"
    assert format_number(0.5, "en", 1) == "0.5"
