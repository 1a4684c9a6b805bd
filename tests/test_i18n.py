"""The catalogue speaks the three languages of the Region; numbers, dates and plurals as each writes them (CLDR)."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from partdash.i18n import (
    LANGS,
    catalogue,
    format_date,
    format_number,
    format_percent,
    plural_category,
    plural_keys,
    translate,
)

NNBSP = "\u202f"  # narrow no-break space: French thousands separator (CLDR fr)
NBSP = "\u00a0"  # no-break space: French space before % (CLDR fr)
# Placeholders that hold a name, a share, a year, a unit measure or a decimal: a word after
# them is not a noun counted by them. Any other placeholder followed by a word holds a count,
# and a count must be ``{count}`` in a message with plural forms.
NOT_COUNTS = {
    "name",
    "label",
    "place",
    "value",
    "share",
    "year",
    "first",
    "last",
    "indicator",
    "column",
    "columns",
    "kind",
    "detail",
    "missing",
    "field",
    "size_mb",
    "limit_mb",
    "p25",
    "p75",
    "median",
    "communal",
    "regional",
    "theme",
    "date",
    "min",
    "max",
    "published",
    "message",
    "server",
    "database",
    "edition",
    "user",
    "tables",
    "path",
    "file",
    "top",
    "ratio",  # a decimal
    "limit",  # a fixed limit, never 1
    "change",  # percentage points, a decimal
    "old",  # edition names
    "new",
}
# Words after a number that are not what it counts.
LINKS = {
    "sur",
    "van",
    "of",
    "de",
    "des",
    "du",
    "to",
    "from",
    "à",
    "tot",
    "et",
    "en",
    "and",
    "on",
    "op",
    "in",
    "pour",
    "per",
    "for",
    "out",
}
LINKS |= {
    "est",
    "sont",
    "ont",
    "is",
    "are",
    "has",
    "have",
    "wordt",
    "worden",
    "heeft",
    "hebben",
}  # verbs agreeing with {count}
# A placeholder straight before a word (not "{n})", "{share} (", nor a Markdown "**").
COUNTED = re.compile(r"\{(\w+)\}\**\s+(?:«\s*)?([^\W\d_]{2,})")


def _texts(entry) -> list[str]:
    return [t for v in entry.values() for t in (v.values() if isinstance(v, dict) else [v])]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogue_is_not_empty():
    assert len(catalogue()) > 50


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_entry_in_three_languages_with_the_same_placeholders(key):
    entry = catalogue()[key]
    assert set(entry) >= set(LANGS)
    for lang in LANGS:
        forms = entry[lang] if isinstance(entry[lang], dict) else {"": entry[lang]}
        assert all(isinstance(t, str) and t.strip() for t in forms.values()), f"{key} has no {lang} text"
    assert len({frozenset(_placeholders(t)) for t in _texts(entry)}) == 1, f"{key}: placeholders differ"


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_message_holding_a_count_has_plural_forms(key):
    entry = catalogue()[key]
    for text in _texts(entry):
        for name, word in COUNTED.findall(text):
            if name in NOT_COUNTS or word.lower() in LINKS:
                continue
            assert name == "count", f"{key}: {{{name}}} counts «{word}»: name it {{count}} and give plural forms"
            assert key in plural_keys(), f"{key}: {{count}} «{word}» needs one/other forms"


def test_count_messages_are_converted():
    # The messages the issue found in the product ("1 initiatives sur 148", "1 lignes ... ont été rejetées",
    # "1 lieux", "Of 1 completed initiatives", "0 initiatives régionales") all carry plural forms.
    assert {
        "shell.count",
        "shell.rejected_note",
        "map.kind_approximate_rings",
        "followup.nofeedback_summary",
        "communes.counting",
        "summary.count",
    } <= set(plural_keys())
    assert len(plural_keys()) >= 30


@pytest.mark.parametrize(
    "lang, count, category",
    [
        ("fr", 0, "one"),
        ("fr", 1, "one"),
        ("fr", 2, "other"),
        ("fr", 1234, "other"),
        ("nl", 0, "other"),
        ("nl", 1, "one"),
        ("nl", 2, "other"),
        ("en", 0, "other"),
        ("en", 1, "one"),
        ("en", 1234, "other"),
    ],
)
def test_cldr_plural_rules(lang, count, category):
    assert plural_category(count, lang) == category


THOUSANDS = {"fr": f"1{NNBSP}234", "nl": "1.234", "en": "1,234"}


def _params(key: str, lang: str) -> dict[str, str]:
    entry = catalogue()[key]
    return {name: f"<{name}>" for name in _placeholders(_texts(entry)[0]) if name != "count"}


@pytest.mark.parametrize("key", plural_keys())
@pytest.mark.parametrize("lang", LANGS)
def test_plural_messages_render_for_0_1_2_and_1234(key, lang):
    forms = catalogue()[key][lang]
    params = _params(key, lang)
    for count in (0, 1, 2, 1234):
        text = translate(key, lang, count=count, **params)
        expected = forms[plural_category(count, lang)].format(count=format_number(count, lang), **params)
        assert text == expected and "{" not in text
        shown = THOUSANDS[lang] if count == 1234 else str(count)
        assert shown in text, f"{key} {lang} {count}: {text}"
    singular, plural = forms["one"], forms["other"]
    assert translate(key, lang, count=1, **params) == singular.format(count="1", **params)
    assert translate(key, lang, count=2, **params) == plural.format(count="2", **params)
    # French treats 0 as singular; Dutch and English only 1.
    zero = singular if lang == "fr" else plural
    assert translate(key, lang, count=0, **params) == zero.format(count="0", **params)


def test_a_plural_message_without_count_is_an_error():
    with pytest.raises(TypeError):
        translate("shell.rejected_note", "fr")


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("fr", "1 ligne du fichier a été rejetée", f"1{NNBSP}234 lignes du fichier ont été rejetées"),
        ("nl", "1 rij van het bestand werd geweigerd", "1.234 rijen van het bestand werden geweigerd"),
        ("en", "1 row of the file was rejected", "1,234 rows of the file were rejected"),
    ],
)
def test_rejected_rows_singular_and_plural(lang, one, many):
    assert translate("shell.rejected_note", lang, count=1).startswith(one)
    assert translate("shell.rejected_note", lang, count=1234).startswith(many)
    if lang == "fr":
        assert translate("shell.rejected_note", lang, count=0).startswith("0 ligne du fichier a été rejetée")


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
        (0.51, "fr", 0, f"51{NBSP}%"),
        (0.51, "nl", 0, "51%"),
        (0.51, "en", 0, "51%"),
        (0.5134, "fr", 1, f"51,3{NBSP}%"),
        (0.5134, "nl", 1, "51,3%"),
        (0.5134, "en", 1, "51.3%"),
        (1.0, "fr", 0, f"100{NBSP}%"),
        (0.0, "en", 0, "0%"),
        (0.5, "nl", 1, "50,0%"),
        (12.3456, "nl", 0, "1.235%"),
    ],
)
def test_format_percent(share, lang, decimals, expected):
    assert format_percent(share, lang, decimals) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_missing_values_are_a_dash_never_zero(lang):
    assert format_percent(None, lang) == format_number(None, lang) == format_number(float("nan"), lang) == "–"
    assert format_date(None, lang) == "–"


def test_format_number_french_narrow_spaces_and_decimal_comma():
    assert format_number(1234567.891, "fr", 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert format_number(148, "fr") == "148"


def test_format_number_belgian_dutch_points_for_thousands():
    assert format_number(12345.6, "nl", 1) == "12.345,6"
    assert format_number(1234567.891, "nl", 2) == "1.234.567,89"


def test_format_number_english():
    assert format_number(1234567.891, "en", 2) == "1,234,567.89"
    assert format_number(0.5, "en", 1) == "0.5"
    assert format_number(2.0, "en", 1) == "2.0"


@pytest.mark.parametrize(
    "lang, medium, numeric",
    [("fr", "2 mars 2024", "2/03/2024"), ("nl", "2 mrt 2024", "2/03/2024"), ("en", "2 Mar 2024", "02/03/2024")],
)
def test_dates_as_each_locale_writes_them(lang, medium, numeric):
    assert format_date(date(2024, 3, 2), lang) == medium
    assert format_date("2024-03-02", lang, "numeric") == numeric
