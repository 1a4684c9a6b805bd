"""The plain-language summary of the Overview, on an inventory small enough to count by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from partdash.inventory.loader import load_inventory
from partdash.outputs.summary import overview_summary, share_words

PCT_SPACE = "\u00a0"  # CLDR French: a no-break space before %
BASE = {
    "organiser": "Commune",
    "title_fr": "Titre",
    "perimeter": "commune",
    "communes": "21013",
    "participation_level": "consultation",
}
# 3 of 4 communal; 2 of 4 started in 2019-2023; mobility on 3 of 4; co-decision 1 of 4;
# sortition 1 of the 3 with a known selection; feedback known for 2 (one yes), unknown for 2.
ROWS = [
    dict(
        BASE,
        id="S-1",
        organiser_level="communal",
        themes="mobility",
        start_date="2018-03-01",
        selection="open",
        feedback_to_participants="yes",
    ),
    dict(
        BASE,
        id="S-2",
        organiser_level="communal",
        themes="mobility;housing",
        start_date="2019-03-01",
        selection="sortition",
        feedback_to_participants="no",
    ),
    dict(
        BASE,
        id="S-3",
        organiser_level="communal",
        themes="mobility",
        start_date="2020-03-01",
        participation_level="co_decision",
        selection="targeted",
    ),
    dict(
        BASE,
        id="S-4",
        organiser_level="regional",
        perimeter="region",
        communes="",
        themes="housing",
        start_date="2024-03-01",
    ),
]
EXPECTED = {
    "fr": [
        f"L'inventaire filtré compte 4 initiatives ; 50{PCT_SPACE}% ont commencé entre 2019 et 2023.",
        "Trois quarts sont organisées par des communes (ou leur CPAS), un quart par des institutions régionales.",
        f"Le thème le plus fréquent est « mobilité » (75{PCT_SPACE}% des initiatives).",
        f"La co-décision est le niveau de participation de 25{PCT_SPACE}% des initiatives.",
        f"Le tirage au sort est utilisé par 33{PCT_SPACE}% des initiatives dont la sélection est connue.",
        f"Les participants ont reçu un retour dans 50{PCT_SPACE}% des 2 initiatives où c'est connu ; "
        "pour 2, on ne sait pas.",
    ],
    "nl": [
        "De gefilterde inventaris telt 4 initiatieven; 50% startte tussen 2019 en 2023.",
        "Driekwart wordt georganiseerd door gemeenten (of hun OCMW), een kwart door gewestelijke instellingen.",
        "Het meest voorkomende thema is 'mobiliteit' (75% van de initiatieven).",
        "Medebeslissing is het participatieniveau van 25% van de initiatieven.",
        "Loting wordt gebruikt bij 33% van de initiatieven met gekende selectie.",
        "Deelnemers kregen terugkoppeling bij 50% van de 2 initiatieven waar dit gekend is; voor 2 is het onbekend.",
    ],
    "en": [
        "The filtered inventory holds 4 initiatives; 50% started between 2019 and 2023.",
        "Three quarters are organised by communes (or their CPAS), a quarter by regional institutions.",
        "The most frequent theme is 'mobility' (75% of initiatives).",
        "Co-decision is the participation level of 25% of initiatives.",
        "Sortition is used by 33% of initiatives with a known selection method.",
        "Participants got feedback in 50% of the 2 initiatives where this is known; for 2, it is unknown.",
    ],
}


def load(tmp_path, rows) -> pd.DataFrame:
    path = tmp_path / "inventory.csv"
    pd.DataFrame(rows).fillna("").to_csv(path, index=False)
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    return inventory.data


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(tmp_path_factory.mktemp("summary"), ROWS)


@pytest.mark.parametrize("lang", EXPECTED)
def test_overview_summary_sentences(data, lang):
    assert overview_summary(data, lang) == EXPECTED[lang]


def test_empty_frame_has_no_summary(data):
    assert overview_summary(data.iloc[0:0], "fr") == []


def test_unknown_selection_and_feedback_leave_their_sentences_out(tmp_path):
    rows = [{k: v for k, v in r.items() if k not in ("selection", "feedback_to_participants")} for r in ROWS]
    sentences = overview_summary(load(tmp_path, rows), "en")
    assert len(sentences) == 4
    assert not any("ortition" in s or "feedback" in s for s in sentences)


@pytest.mark.parametrize(
    ("share", "lang", "words"),
    [
        (0.75, "fr", "trois quarts"),
        (0.74, "en", "three quarters"),
        (2 / 3, "nl", "twee derde"),
        (0.65, "en", "two thirds"),
        (0.5, "fr", "la moitié"),
        (1 / 3, "en", "one third"),
        (0.26, "nl", "een kwart"),
        (0.6, "fr", f"60{PCT_SPACE}%"),
        (0.42, "en", "42%"),
        (0.0, "nl", "0%"),
    ],
)
def test_share_words_say_near_fractions_in_words(share, lang, words):
    assert share_words(share, lang) == words
