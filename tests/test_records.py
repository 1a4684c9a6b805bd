"""Initiatives as people read them: titles in the reader's language, the table, the record."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from partdash.i18n import translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import COLUMN_ORDER, FIELD_BY_NAME
from partdash.outputs import records
from partdash.outputs.records import DETAIL_SECTIONS, detail, display_title, summary_text, table_frame

BASE = {
    "organiser_level": "communal",
    "perimeter": "commune",
    "communes": "21013",
    "themes": "mobility",
    "participation_level": "consultation",
}
FULL = dict(
    BASE,
    id="R-1",
    title_fr="Plan de mobilité",
    title_nl="Mobiliteitsplan",
    title_en="Mobility plan",
    summary_nl="Samenvatting",
    summary_en="Summary",
    organiser="Commune de Saint-Gilles",
    organiser_service="Service mobilité",
    perimeter="neighbourhood",
    quartiers="1",
    communes="21004",
    themes="mobility;housing",
    selection="sortition",
    formats="workshop;walk",
    mobilisation="letters",
    publics="youth",
    framework="good_move",
    start_date="2021-03-01",
    end_date="2022-06-30",
    status="completed",
    recurrence="one_off",
    participants="1200",
    budget_eur="15000",
    mandate_communicated="yes",
    results_published="yes",
    feedback_to_participants="no",
    integrated_in_decision="yes",
    response_obligation="no",
    evaluation_done="yes",
    proposals_total="10",
    proposals_adopted="4",
    proposals_modified="3",
    proposals_rejected="2",
    url="https://example.org/plan",
    updated="2024-01-15",
)
ROWS = [
    FULL,
    dict(
        BASE,
        id="R-2",
        title_nl="Alleen Nederlands",
        organiser="Gemeente Sint-Gillis",
        start_date="2023-05-01",
        status="ongoing",
        themes="housing",
    ),
    dict(
        BASE,
        id="R-3",
        title_fr="Seulement français",
        title_en="",
        organiser="Commune",
        start_date="2019-01-01",
        feedback_to_participants="yes",
    ),
]
DETAIL_FIELDS = [c for c in COLUMN_ORDER if not c.startswith(("title_", "summary_"))]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "inventory.csv"
    pd.DataFrame(ROWS).fillna("").to_csv(path, index=False)
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    return inventory.data


def record(data, ident):
    return data[data["id"] == ident].iloc[0]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Plan de mobilité", "Alleen Nederlands", "Seulement français"]),
        ("nl", ["Mobiliteitsplan", "Alleen Nederlands", "Seulement français"]),
        ("en", ["Mobility plan", "Alleen Nederlands", "Seulement français"]),
    ],
)
def test_display_title_falls_back_to_another_language(data, lang, expected):
    assert display_title(data, lang).tolist() == expected


def test_display_title_prefers_french_then_dutch_when_english_is_missing(data):
    both = data.copy()
    both["title_en"] = pd.NA
    assert display_title(both, "en").tolist() == ["Plan de mobilité", "Alleen Nederlands", "Seulement français"]
    assert display_title(both.assign(title_fr=pd.NA), "en").tolist() == ["Mobiliteitsplan", "Alleen Nederlands", ""]


def test_summary_text_in_the_language_then_the_others(data):
    full = record(data, "R-1")
    assert summary_text(full, "nl") == "Samenvatting"
    assert summary_text(full, "en") == "Summary"
    assert summary_text(full, "fr") == "Samenvatting"  # no French summary: Dutch comes next
    assert summary_text(record(data, "R-2"), "fr") is None


@pytest.mark.parametrize(
    ("lang", "level", "theme", "commune", "status"),
    [
        ("fr", "Communal", "Logement", "Saint-Gilles", "En cours"),
        ("nl", "Gemeentelijk", "Huisvesting", "Sint-Gillis", "Lopend"),
        ("en", "Communal", "Housing", "Saint-Gilles", "Ongoing"),
    ],
)
def test_table_frame_labels_in_the_language_newest_first(data, lang, level, theme, commune, status):
    table = table_frame(data, lang)
    assert table["id"].tolist() == ["R-2", "R-1", "R-3"]
    newest = table.iloc[0]
    assert newest["organiser_level"] == level
    assert newest["themes"] == [theme]
    assert newest["communes"] == [commune]
    assert newest["status"] == status
    assert newest["start_date"] == dt.date(2023, 5, 1)
    assert table["title"].tolist() == display_title(data, lang).iloc[[1, 0, 2]].tolist()
    assert table["feedback_to_participants"].tolist() == ["?", "✘", "✔"]


def test_table_frame_limit_keeps_the_newest(data):
    assert table_frame(data, "fr", limit=2)["id"].tolist() == ["R-2", "R-1"]


def test_detail_lists_every_field_once(data):
    for lang in ("fr", "nl", "en"):
        sections = detail(record(data, "R-1"), lang)
        assert list(sections) == list(DETAIL_SECTIONS)
        labels = [label for rows in sections.values() for label, _ in rows]
        assert sorted(labels) == sorted(FIELD_BY_NAME[c].label(lang) for c in DETAIL_FIELDS)
        assert len(labels) == len(set(labels)) == len(DETAIL_FIELDS)


def test_detail_values_of_a_full_record(data):
    values = {label: value for rows in detail(record(data, "R-1"), "fr").values() for label, value in rows}
    field = lambda name: values[FIELD_BY_NAME[name].label("fr")]  # noqa: E731
    assert field("themes") == "Mobilité, Logement"
    assert field("communes") == "Bruxelles"
    assert field("quartiers") == "Grand-Place"
    assert field("start_date") == "1/03/2021"  # as fr_BE writes dates (CLDR)
    assert field("feedback_to_participants") == "Non"
    assert field("mandate_communicated") == "Oui"
    assert field("participants") == "1\u202f200"
    assert field("proposals_adopted") == "4"
    assert field("url") == "https://example.org/plan"
    assert "inconnu" not in values.values()


@pytest.mark.parametrize(("lang", "word"), [("fr", "inconnu"), ("nl", "onbekend"), ("en", "unknown")])
def test_detail_says_unknown_for_missing_values(data, lang, word):
    values = {label: value for rows in detail(record(data, "R-2"), lang).values() for label, value in rows}
    missing = (
        "organiser_service",
        "quartiers",
        "selection",
        "formats",
        "framework",
        "end_date",
        "participants",
        "budget_eur",
        "feedback_to_participants",
        "proposals_total",
        "url",
        "updated",
    )
    for name in missing:
        assert values[FIELD_BY_NAME[name].label(lang)] == word, name
    assert values[FIELD_BY_NAME["id"].label(lang)] == "R-2"
    assert (
        sum(v == word for v in values.values()) == len(DETAIL_FIELDS) - 9
    )  # id, organiser, level, perimeter, communes, themes, participation level, start, status


NEARBY_ROWS = [
    dict(BASE, id="N-1", title_fr="Ici", quartiers="1;2", communes="21004", themes="mobility", start_date="2021-01-01"),
    dict(
        BASE,
        id="N-2",
        title_fr="Même quartier",
        quartiers="2",
        communes="21004",
        themes="culture",
        start_date="2020-01-01",
    ),
    dict(
        BASE,
        id="N-3",
        title_fr="Deux quartiers",
        quartiers="1;2",
        communes="21004",
        themes="culture",
        start_date="2019-01-01",
    ),
    dict(
        BASE,
        id="N-4",
        title_fr="Même thème, même commune",
        communes="21004",
        themes="mobility",
        start_date="2022-01-01",
    ),
    dict(BASE, id="N-5", title_fr="Même thème, ailleurs", communes="21013", themes="mobility", start_date="2022-01-01"),
    dict(
        BASE,
        id="N-6",
        title_fr="Toute la Région",
        perimeter="region",
        communes="",
        organiser_level="regional",
        start_date="2022-01-01",
        url="javascript:alert(1)",
    ),
]


@pytest.fixture(scope="module")
def nearby_data(tmp_path_factory):
    path = tmp_path_factory.mktemp("nearby") / "inventory.csv"
    pd.DataFrame([dict(row, organiser="Commune") for row in NEARBY_ROWS]).fillna("").to_csv(path, index=False)
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    return inventory.data


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_record_keeps_known_facts_by_section_and_names_the_unknown_once(data, lang):
    facts = records.record(record(data, "R-2"), lang)
    assert list(facts.sections) == list(records.RECORD_SECTIONS)
    shown = [label for rows in facts.sections.values() for label, _ in rows]
    unknown_word = translate("records.unknown", lang)
    assert unknown_word not in [value for rows in facts.sections.values() for _, value in rows]
    label = lambda name: FIELD_BY_NAME[name].label(lang)  # noqa: E731
    for name in ("organiser_service", "quartiers", "end_date", "participants", "feedback_to_participants", "url"):
        assert label(name) in facts.unknown and label(name) not in shown
    assert translate("initiatives.proposals_fate", lang) in facts.unknown
    assert len(facts.unknown) == len(set(facts.unknown))
    assert facts.source is None and facts.proposals is None


def test_record_of_a_full_initiative(data):
    facts = records.record(record(data, "R-1"), "en")
    assert facts.unknown == []
    assert facts.source == "https://example.org/plan"
    assert facts.proposals == "Proposals: 10; adopted: 4, modified: 3, rejected: 2."
    where = dict(facts.sections["where"])
    assert where[FIELD_BY_NAME["communes"].label("en")] == "Bruxelles"


def test_region_wide_record_says_so_and_offers_no_unsafe_link(nearby_data):
    row = nearby_data.set_index("id", drop=False).loc["N-6"]
    facts = records.record(row, "en")
    where = dict(facts.sections["where"])
    assert where[FIELD_BY_NAME["communes"].label("en")] == "Region-wide"
    assert FIELD_BY_NAME["quartiers"].label("en") not in facts.unknown  # no quartier is expected of it
    assert facts.source is None and FIELD_BY_NAME["url"].label("en") in facts.unknown


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("example.org", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_web_link_only_for_http_addresses(value, link):
    assert records.web_link(value) == link


def test_nearby_puts_shared_quartiers_first_then_same_theme_in_the_same_commune(nearby_data):
    row = nearby_data.set_index("id", drop=False).loc["N-1"]
    near = records.nearby(nearby_data, row)
    assert list(near["id"]) == ["N-3", "N-2", "N-4"]  # two shared quartiers, one, then the theme
    assert list(near["why"]) == ["quartier", "quartier", "theme"]
    assert "N-1" not in set(near["id"]) and "N-5" not in set(near["id"])
    assert len(records.nearby(nearby_data, row, limit=1)) == 1
