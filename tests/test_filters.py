"""The shared filters: URL round trip, validation of link values, and which rows they keep."""

from __future__ import annotations

import pandas as pd
import pytest

from partdash.inventory import reference
from partdash.inventory.filters import (
    TEXT_KEY,
    URL_KEYS,
    YEARS_KEY,
    Filters,
    apply_filters,
    from_query,
    search_blob,
    to_query,
)
from partdash.inventory.loader import load_inventory
from partdash.inventory.vocab import VOCABULARIES

BASE = {
    "organiser_level": "communal",
    "perimeter": "commune",
    "participation_level": "consultation",
    "start_date": "2020-01-01",
}
ROWS = [
    dict(
        BASE,
        id="F-1",
        title_fr="École des devoirs",
        organiser="Commune d'Ixelles",
        communes="21009",
        themes="education_youth;social_health",
        selection="open",
        formats="workshop",
        status="completed",
        start_date="2019-05-01",
    ),
    dict(
        BASE,
        id="F-2",
        title_fr="Rue cyclable",
        title_nl="Fietsstraat",
        organiser="Bruxelles Mobilité",
        organiser_level="regional",
        perimeter="region",
        communes="",
        themes="mobility",
        participation_level="information",
        formats="online_platform;survey",
        status="ongoing",
        start_date="2022-01-10",
    ),
    dict(
        BASE,
        id="F-3",
        title_fr="Parc du Peterbos",
        summary_fr="Un nouveau parc pour le quartier",
        organiser="Commune d'Anderlecht",
        perimeter="neighbourhood",
        communes="21001",
        themes="urban_planning;environment_climate",
        participation_level="co_construction",
        selection="sortition;targeted",
        formats="citizens_panel",
        status="completed",
        start_date="2021-03-01",
    ),
    dict(
        BASE,
        id="F-4",
        title_fr="Assemblée pour le climat",
        title_en="Climate assembly",
        organiser="Parlement bruxellois",
        organiser_level="regional",
        perimeter="multi_commune",
        communes="21001;21009",
        themes="environment_climate",
        participation_level="co_decision",
        selection="sortition",
        status="planned",
        start_date="2023-09-01",
    ),
]


@pytest.fixture(scope="module")
def frame(tmp_path_factory):
    path = tmp_path_factory.mktemp("filters") / "inventory.csv"
    pd.DataFrame(ROWS).fillna("").to_csv(path, index=False)
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    return inventory.data


def ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["id"])


def every_filter() -> Filters:
    """Filters with two codes in every field, a period and a search text."""
    values = {}
    for name in URL_KEYS:
        codes = tuple(reference.communes()["nis"]) if name == "communes" else VOCABULARIES[name].codes
        values[name] = (codes[-1], codes[0])
    return Filters(years=(2019, 2023), text="budget participatif, été", **values)


def test_to_query_names_every_filter_and_from_query_reads_it_back():
    filters = every_filter()
    query = to_query(filters)
    assert set(query) == {YEARS_KEY, TEXT_KEY, *URL_KEYS.values()}
    assert query[YEARS_KEY] == "2019-2023"
    back = from_query(query)
    assert back == filters
    assert back.ignored == ()
    for name in URL_KEYS:
        assert getattr(back, name) == getattr(filters, name), name


@pytest.mark.parametrize("name", list(URL_KEYS))
def test_each_filter_alone_round_trips(name):
    codes = tuple(reference.communes()["nis"]) if name == "communes" else VOCABULARIES[name].codes
    filters = Filters(**{name: codes[:1]})
    query = to_query(filters)
    assert query == {URL_KEYS[name]: codes[0]}
    assert from_query(query) == filters


def test_empty_filters_make_an_empty_query():
    assert to_query(Filters()) == {}
    assert from_query({}) == Filters()
    assert Filters().is_empty() and not Filters(text="x").is_empty()


@pytest.mark.parametrize(
    ("params", "kept", "ignored"),
    [
        ({"themes": "mobility,nonsense"}, Filters(themes=("mobility",)), ["themes=nonsense"]),
        ({"communes": "21001,99999"}, Filters(communes=("21001",)), ["communes=99999"]),
        ({"years": "abc"}, Filters(), ["years=abc"]),
        ({"years": "2023-2019"}, Filters(), ["years=2023-2019"]),
        ({"level": "communal", "status": "finished"}, Filters(organiser_level=("communal",)), ["status=finished"]),
        ({"themes": "nonsense", "years": "2019-2021"}, Filters(years=(2019, 2021)), ["themes=nonsense"]),
        ({"themes": "x" * 500, "years": "y" * 500}, Filters(), ["themes=" + "x" * 20, "years=" + "y" * 20]),
    ],
)
def test_invalid_link_values_are_dropped_and_named(params, kept, ignored):
    filters = from_query(params)
    assert filters == kept
    assert list(filters.ignored) == ignored


def test_repeated_codes_count_once():
    assert from_query({"themes": "mobility,mobility, housing"}).themes == ("mobility", "housing")


def test_one_field_matches_any_of_its_codes(frame):
    assert ids(apply_filters(frame, Filters(themes=("mobility", "environment_climate")))) == ["F-2", "F-3", "F-4"]
    assert ids(apply_filters(frame, Filters(selection=("open", "targeted")))) == ["F-1", "F-3"]
    assert ids(apply_filters(frame, Filters(status=("completed",)))) == ["F-1", "F-3"]


def test_fields_combine_with_and(frame):
    assert ids(apply_filters(frame, Filters(themes=("environment_climate",), organiser_level=("communal",)))) == ["F-3"]
    assert ids(apply_filters(frame, Filters(themes=("mobility",), organiser_level=("communal",)))) == []
    assert ids(
        apply_filters(
            frame, Filters(selection=("sortition",), participation_level=("co_decision",), status=("planned",))
        )
    ) == ["F-4"]


def test_years_keep_starts_within_the_period_inclusive(frame):
    assert ids(apply_filters(frame, Filters(years=(2021, 2022)))) == ["F-2", "F-3"]
    assert ids(apply_filters(frame, Filters(years=(2019, 2019)))) == ["F-1"]
    assert ids(apply_filters(frame, Filters(years=(2024, 2030)))) == []


def test_communes_filter_leaves_out_region_wide_initiatives(frame):
    assert ids(apply_filters(frame, Filters(communes=("21001",)))) == ["F-3", "F-4"]
    every_commune = tuple(reference.communes()["nis"])
    assert ids(apply_filters(frame, Filters(communes=every_commune))) == ["F-1", "F-3", "F-4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ecole", ["F-1"]),  # accent and case
        ("ÉCOLE", ["F-1"]),
        ("fietsstraat", ["F-2"]),  # title_nl
        ("climate", ["F-4"]),  # title_en
        ("nouveau parc", ["F-3"]),  # summary, every word must match
        ("parc zzz", []),
        ("mobilite", ["F-2"]),  # organiser
        ("ixelles", ["F-1"]),
        ("  ", ["F-1", "F-2", "F-3", "F-4"]),
    ],
)
def test_free_text_search(frame, text, expected):
    assert ids(apply_filters(frame, Filters(text=text))) == expected
    assert ids(apply_filters(frame, Filters(text=text), search_blob(frame))) == expected


def test_text_and_fields_combine(frame):
    assert ids(apply_filters(frame, Filters(text="commune", themes=("urban_planning",)))) == ["F-3"]


def test_with_value_adds_one_code_once():
    base = Filters(themes=("mobility",))
    more = base.with_value("themes", "housing")
    assert more.themes == ("mobility", "housing")
    assert more.with_value("themes", "housing") == more
    assert base.with_value("organiser_level", "regional") == Filters(
        themes=("mobility",), organiser_level=("regional",)
    )
    assert base.themes == ("mobility",)
