"""The Follow-up and Communes core on small hand-made inventories, answers worked out by hand.

Each inventory is written as a CSV and loaded by the real loader, so the functions see the
dtypes the app gives them (follow-up fields as nullable booleans, communes as tuples...).
"""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest

from partdash.analysis import communes as co
from partdash.analysis import figures
from partdash.analysis import followup as fu
from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.inventory.vocab import FOLLOWUP_CHAIN, FOLLOWUP_FIELDS, VOCABULARIES

SCHAERBEEK, SAINT_GILLES, ANDERLECHT = "21015", "21013", "21001"
EXAMPLES = reference.REFERENCE_DIR.parent / "examples" / "examples.csv"


def row(ident: str, **cells: str) -> dict[str, str]:
    """A valid row whose follow-up and optional fields are empty unless given."""
    base = {
        "id": ident,
        "title_fr": f"Initiative {ident}",
        "title_nl": f"Initiatief {ident}",
        "organiser": "Commune de Schaerbeek",
        "organiser_level": "communal",
        "perimeter": "commune",
        "communes": SCHAERBEEK,
        "themes": "urban_planning",
        "participation_level": "consultation",
        "start_date": "2021-01-01",
        "end_date": "2021-12-31",
        "status": "completed",
    }
    return {**base, **cells}


@pytest.fixture
def load(tmp_path):
    def make(rows: list[dict[str, str]]):
        columns = sorted({k for r in rows for k in r} | set(FOLLOWUP_FIELDS))
        path = tmp_path / "inventory.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(rows)
        inventory = load_inventory(path)
        assert not inventory.report.errors, inventory.report.errors
        return inventory.data

    return make


# --- follow-up ---------------------------------------------------------------------------


def test_chain_keeps_unknown_apart_and_rates_over_known(load):
    df = load(
        [
            row("A", mandate_communicated="yes", feedback_to_participants="yes"),
            row("B", mandate_communicated="no", feedback_to_participants="no"),
            row("C", mandate_communicated="yes"),
            row("D", feedback_to_participants="yes"),
            row("E"),
        ]
    )
    counts = fu.yes_no_counts(df).set_index("field")
    assert list(counts.index) == list(FOLLOWUP_CHAIN)
    feedback = counts.loc["feedback_to_participants"]
    assert (feedback["yes"], feedback["no"], feedback["unknown"], feedback["known"]) == (2, 1, 2, 3)
    assert feedback["share"] == pytest.approx(2 / 3)
    mandate = counts.loc["mandate_communicated"]
    assert (mandate["yes"], mandate["no"], mandate["unknown"]) == (2, 1, 2)
    nothing = counts.loc["results_published"]
    assert (nothing["yes"], nothing["no"], nothing["unknown"], nothing["known"]) == (0, 0, 5, 0)
    assert np.isnan(nothing["share"])
    # the same rate as the key figures
    assert feedback["share"] == pytest.approx(figures.followup(df)["feedback_to_participants"]["share"])


def test_other_followup_fields_in_the_order_asked(load):
    df = load([row("A", response_obligation="no", evaluation_done="yes"), row("B", evaluation_done="no")])
    counts = fu.yes_no_counts(df, ("response_obligation", "evaluation_done"))
    assert list(counts["field"]) == ["response_obligation", "evaluation_done"]
    assert counts[["yes", "no", "unknown"]].to_numpy().tolist() == [[0, 1, 1], [1, 1, 0]]


def test_fate_of_proposals_adds_up_to_the_total(load):
    df = load(
        [
            row("A", proposals_total="10", proposals_adopted="4", proposals_modified="3", proposals_rejected="2"),
            row("B", proposals_total="5", proposals_adopted="5"),
            row("C"),
            row("D", proposals_total="0"),
            row("E", proposals_total="20", proposals_adopted="6", proposals_rejected="6"),
        ]
    )
    fate = fu.proposal_fate(df)
    # A: 1 not reported; B: 0; E: 20 - 12 = 8
    assert fate == {"initiatives": 3, "total": 35, "adopted": 15, "modified": 3, "rejected": 8, "not_reported": 9}
    assert sum(fate[f] for f in fu.FATES) == fate["total"]

    table = fu.proposals_by_initiative(df, "nl")
    assert list(table["id"]) == ["E", "A", "B"]  # most proposals first; no row for C and D
    assert table.loc[0, "title"] == "Initiatief E"
    assert pd.isna(table.loc[0, "modified"])  # not said in the record: stays empty, not 0
    assert list(table["not_reported"]) == [8, 1, 0]
    assert list(table["percent_adopted"]) == pytest.approx([30.0, 40.0, 100.0])
    assert list(fu.proposals_by_initiative(df, "fr", limit=2)["id"]) == ["E", "A"]


def test_fate_without_any_proposal(load):
    fate = fu.proposal_fate(load([row("A"), row("B", proposals_total="0")]))
    assert fate["initiatives"] == 0 and fate["total"] == 0 and fate["not_reported"] == 0


def test_chain_by_level_counts_known_answers_per_level(load):
    df = load(
        [
            row("A", feedback_to_participants="yes"),
            row("B"),
            row("C", organiser="Bruxelles Mobilité", organiser_level="regional", feedback_to_participants="no"),
            row(
                "D",
                organiser="Bruxelles Mobilité",
                organiser_level="regional",
                feedback_to_participants="yes",
                mandate_communicated="yes",
            ),
        ]
    )
    long = fu.chain_by_level(df)
    assert list(dict.fromkeys(long["group"])) == ["communal", "regional"]  # levels without initiatives are left out
    fb = long[long["field"] == "feedback_to_participants"].set_index("group")
    assert fb.loc["communal", ["n", "yes", "known"]].tolist() == [2, 1, 1]
    assert fb.loc["communal", "share"] == 1.0
    assert fb.loc["regional", ["n", "yes", "known"]].tolist() == [2, 1, 2]
    assert fb.loc["regional", "share"] == 0.5
    mandate = long[long["field"] == "mandate_communicated"].set_index("group")
    assert mandate.loc["communal", "known"] == 0 and np.isnan(mandate.loc["communal", "share"])


def test_chain_by_commune_counts_each_listed_commune_and_region_wide_apart(load):
    df = load(
        [
            row(
                "A", perimeter="multi_commune", communes=f"{SCHAERBEEK};{SAINT_GILLES}", feedback_to_participants="yes"
            ),
            row("B"),
            row(
                "C",
                perimeter="region",
                communes="",
                organiser="Parlement bruxellois",
                organiser_level="regional",
                feedback_to_participants="no",
            ),
        ]
    )
    long = fu.chain_by_commune(df)
    groups = list(dict.fromkeys(long["group"]))
    assert groups == [*reference.communes()["nis"], fu.REGION_WIDE]
    fb = long[long["field"] == "feedback_to_participants"].set_index("group")
    assert fb.loc[SCHAERBEEK, ["n", "yes", "known"]].tolist() == [2, 1, 1]
    assert fb.loc[SAINT_GILLES, ["n", "yes", "known"]].tolist() == [1, 1, 1]
    assert fb.loc[fu.REGION_WIDE, ["n", "yes", "known"]].tolist() == [1, 0, 1]
    assert fb.loc[ANDERLECHT, ["n", "known"]].tolist() == [0, 0] and np.isnan(fb.loc[ANDERLECHT, "share"])


def test_no_region_wide_group_without_region_wide_initiatives(load):
    groups = set(fu.chain_by_commune(load([row("A")]))["group"])
    assert fu.REGION_WIDE not in groups and len(groups) == 19


def test_completed_without_feedback_lists_the_no_and_counts_the_unknown(load):
    df = load(
        [
            row("A", feedback_to_participants="no", results_published="yes", end_date="2022-05-01"),
            row("B", feedback_to_participants="no", end_date="2023-05-01"),
            row("C"),
            row("D", feedback_to_participants="yes"),
            row("E", status="ongoing", end_date="", feedback_to_participants="no"),
        ]
    )
    assert fu.completed_feedback(df) == {"completed": 4, "yes": 1, "no": 2, "unknown": 1}
    table = fu.completed_without_feedback(df, "fr")
    assert list(table["id"]) == ["B", "A"]  # latest ended first; C (unknown) and E (ongoing) are not listed
    assert list(table["results_published"]) == [
        translate("followup.unknown", "fr"),
        VOCABULARIES["yes_no"].label("yes", "fr"),
    ]
    assert list(table["communes"]) == ["Schaerbeek", "Schaerbeek"]
    assert list(fu.completed_without_feedback(df, "fr", limit=1)["id"]) == ["B"]


def test_detail_links_reopen_the_same_view():
    links = fu.detail_links(
        pd.Series(["EX-1", "A&B"]), Filters(themes=("mobility", "housing"), text="vélo"), "nl", "examples"
    )
    url = urlsplit(links.iloc[1])
    assert url.path == "initiatives" and not url.netloc  # relative to the app
    query = parse_qs(url.query)
    assert query == {
        "lang": ["nl"],
        "data": ["examples"],
        "themes": ["mobility,housing"],
        "q": ["vélo"],
        "initiative": ["A&B"],
    }
    uploaded = parse_qs(urlsplit(fu.detail_links(pd.Series(["X"]), Filters(), "fr", "upload").iloc[0]).query)
    assert "data" not in uploaded


# --- communes ----------------------------------------------------------------------------


def test_tuple_pairs_keep_row_order_and_skip_empty_rows():
    positions, items = co.tuple_pairs(pd.Series([("a", "b"), (), ("b",), ("a", "b")], dtype=object))
    assert positions.tolist() == [0, 0, 2, 3, 3]
    assert items.tolist() == ["a", "b", "b", "a", "b"]
    positions, items = co.tuple_pairs(pd.Series([(), ()], dtype=object))
    assert positions.tolist() == [] and items.tolist() == []


@pytest.fixture
def population() -> pd.Series:
    people = pd.Series(10_000.0, index=reference.communes()["nis"])
    people[SCHAERBEEK] = 20_000.0
    return people


@pytest.fixture
def three_communes(load):
    return load(
        [
            row(
                "A",
                themes="urban_planning;mobility",
                selection="sortition",
                recurrence="recurring",
                feedback_to_participants="yes",
            ),
            row(
                "B",
                perimeter="multi_commune",
                communes=f"{SCHAERBEEK};{SAINT_GILLES}",
                themes="mobility",
                participation_level="co_decision",
                selection="open",
                recurrence="one_off",
                feedback_to_participants="no",
            ),
            row("C", communes=SAINT_GILLES, themes="housing"),
            row("D", perimeter="region", communes="", organiser="Parlement bruxellois", organiser_level="regional"),
            row(
                "E",
                communes=ANDERLECHT,
                themes="mobility",
                participation_level="information",
                feedback_to_participants="yes",
            ),
        ]
    )


def test_indicators_per_commune(three_communes, population):
    table = co.indicator_table(three_communes, population)
    assert list(table.index) == list(reference.communes()["nis"])
    # D is region-wide: counted in no commune; B counts in both of its communes
    assert table["initiatives"].sum() == 5
    sch = table.loc[SCHAERBEEK]
    assert sch["initiatives"] == 2
    assert sch["per_10k"] == pytest.approx(2 / 20_000 * 10_000)
    assert (sch["theme_mobility"], sch["theme_urban_planning"], sch["theme_housing"]) == (1.0, 0.5, 0.0)
    assert sch["known_theme_mobility"] == 2
    assert (sch["level_consultation"], sch["level_co_decision"], sch["known_level_consultation"]) == (0.5, 0.5, 2)
    assert (sch["sortition"], sch["known_sortition"]) == (0.5, 2)
    assert (sch["recurring"], sch["known_recurring"]) == (0.5, 2)
    assert (sch["feedback_to_participants"], sch["known_feedback_to_participants"]) == (0.5, 2)
    stg = table.loc[SAINT_GILLES]
    assert stg["per_10k"] == pytest.approx(2.0)
    assert (stg["sortition"], stg["known_sortition"]) == (0.0, 1)  # C has no known selection
    assert (stg["feedback_to_participants"], stg["known_feedback_to_participants"]) == (0.0, 1)
    assert np.isnan(stg["results_published"]) and stg["known_results_published"] == 0
    empty = table.loc["21019"]
    assert empty["initiatives"] == 0 and empty["per_10k"] == 0
    assert np.isnan(empty["theme_mobility"]) and np.isnan(empty["sortition"])


def test_regional_median_range_and_rank(three_communes, population):
    table = co.indicator_table(three_communes, population)
    stats = co.regional_stats(table)
    # initiatives per commune: 2, 2, 1 and sixteen zeros
    assert stats.loc["initiatives", ["median", "min", "max", "communes"]].tolist() == [0, 0, 2, 19]
    # feedback is known in three communes only, each on fewer than MIN_KNOWN answers: 0.5 of 2
    # (Schaerbeek), 0 of 1 (Saint-Gilles), 1 of 1 (Anderlecht): none enters the median or a rank
    stats_feedback = stats.loc["feedback_to_participants", ["median", "min", "max", "communes"]].tolist()
    assert np.isnan(stats_feedback[:3]).all() and stats_feedback[3] == 0
    prof = co.profile(table, SCHAERBEEK).set_index("key")
    assert list(prof.index) == [i.key for i in co.INDICATORS]
    assert prof.loc["feedback_to_participants", ["value", "known", "ranked"]].tolist() == [0.5, 2, 0]
    assert np.isnan(prof.loc["feedback_to_participants", "rank"])
    assert prof.loc["initiatives", "rank"] == 1  # tied with Saint-Gilles: both first
    assert prof.loc["per_10k", ["value", "rank"]].tolist() == [1.0, 2]  # Saint-Gilles 2.0 is first
    assert np.isnan(prof.loc["per_10k", "known"])


def test_ranking_puts_unknown_last(three_communes, population):
    ranked = co.ranking(co.indicator_table(three_communes, population), "feedback_to_participants")
    assert list(ranked["nis"][:3]) == [ANDERLECHT, SCHAERBEEK, SAINT_GILLES]
    assert list(ranked["known"][:3]) == [1, 2, 1]
    assert list(ranked["small"][:3]) == [True, True, True]  # each on fewer than MIN_KNOWN answers
    assert ranked["value"][3:].isna().all() and len(ranked) == 19
    texts = co.ranking_texts(ranked.head(2), "feedback_to_participants", "fr")
    assert texts == [
        translate("charts.small_share", "fr", count="1", total="1"),
        translate("charts.small_share", "fr", count="1", total="2"),
    ]


def test_default_commune(three_communes, population):
    table = co.indicator_table(three_communes, population)
    assert co.default_commune(table, (ANDERLECHT,)) == ANDERLECHT
    assert co.default_commune(table, ()) == SAINT_GILLES  # most initiatives; ties go to the first NIS


def test_per_commune_shares_follow_the_key_figure_definitions(population):
    """On a real inventory, each commune's shares are the key figures of its own initiatives."""
    df = load_inventory(EXAMPLES).data
    table = co.indicator_table(df, population)
    for nis in table.index[table["initiatives"] > 0]:
        sub = df[df["communes"].map(lambda codes, nis=nis: nis in codes)]
        assert table.at[nis, "initiatives"] == len(sub)
        for code, share in figures.theme_share(sub).items():
            assert table.at[nis, f"theme_{code}"] == pytest.approx(share)
        for code, share in figures.level_share(sub, "participation_level").items():
            assert table.at[nis, f"level_{code}"] == pytest.approx(share, nan_ok=True)
        for key, share in (("sortition", figures.share_sortition(sub)), ("recurring", figures.share_recurring(sub))):
            assert table.at[nis, key] == pytest.approx(np.nan if share is None else share, nan_ok=True)
        rates = figures.followup(sub)
        for field in co.RATE_FIELDS:
            expected = rates[field]["share"]
            assert table.at[nis, field] == pytest.approx(np.nan if expected is None else expected, nan_ok=True)
            assert table.at[nis, f"known_{field}"] == rates[field]["known"]


@pytest.fixture
def organisers() -> pd.DataFrame:
    rows = [
        ("Commune de Schaerbeek", "communal", SCHAERBEEK, "officer"),
        ("CPAS de Schaerbeek", "communal", SCHAERBEEK, "none"),
        ("Foyer Schaerbeekois", "other", SCHAERBEEK, "service"),  # not the commune's own staff
        ("CPAS de Saint-Gilles", "communal", SAINT_GILLES, "officer"),
        ("Commune d'Anderlecht", None, ANDERLECHT, "none"),  # level left empty
        ("Commune d'Uccle", "communal", "21016", None),  # staff left empty
        ("Bruxelles Environnement", "regional", None, "service"),
    ]
    return pd.DataFrame(rows, columns=["organiser", "organiser_level", "commune", "participation_staff"]).astype(
        "string"
    )


def test_commune_staff_is_the_most_staffed_communal_organiser(organisers):
    staff = co.commune_staff(organisers)
    assert list(staff.index) == list(reference.communes()["nis"])
    assert (staff[SCHAERBEEK], staff[SAINT_GILLES], staff[ANDERLECHT]) == ("officer", "officer", "none")
    assert staff["21016"] is None and staff["21004"] is None


def test_staff_relation_with_n_communes(three_communes, population, organisers):
    table = co.indicator_table(three_communes, population)
    points = co.staff_points(table, co.commune_staff(organisers))
    assert len(points) == 19
    summary = co.staff_summary(points).set_index("staff")
    assert list(summary.index) == ["none", "officer", co.UNKNOWN_STAFF]  # no commune with a service
    # officer: Schaerbeek 1.0 and Saint-Gilles 2.0 per 10,000; none: Anderlecht 1.0; sixteen unknown at 0
    assert summary.loc["officer", ["communes", "mean_per_10k", "mean_initiatives"]].tolist() == [2, 1.5, 2.0]
    assert summary.loc["none", ["communes", "mean_per_10k"]].tolist() == [1, 1.0]
    assert summary.loc[co.UNKNOWN_STAFF, ["communes", "mean_per_10k"]].tolist() == [16, 0.0]


def test_a_communes_organisers_in_words(organisers):
    table = co.commune_organisers(organisers, SCHAERBEEK, "nl")
    assert list(table["organiser"]) == ["Commune de Schaerbeek", "CPAS de Schaerbeek", "Foyer Schaerbeekois"]
    staff = VOCABULARIES["participation_staff"].labels("nl")
    assert list(table["participation_staff"]) == [staff["officer"], staff["none"], staff["service"]]
    uccle = co.commune_organisers(organisers, "21016", "fr")
    assert list(uccle["participation_staff"]) == [translate("communes.staff_not_given", "fr")]
    assert co.commune_organisers(organisers, "21019", "fr").empty


def test_values_as_people_read_them(three_communes, population):
    assert co.format_value("share", 0.5, "fr") == "50\u00a0%"
    assert co.format_value("per_capita", 1.5, "nl") == "1,5"
    assert co.format_value("count", 1234, "en") == "1,234"
    assert co.format_value("share", np.nan, "en") == "–"
    shown = co.profile_display(co.profile(co.indicator_table(three_communes, population), SCHAERBEEK), "en").set_index(
        "indicator"
    )
    assert shown.loc["Initiatives per 10,000 inhabitants", ["value", "median", "max", "rank"]].tolist() == [
        "1.0",
        "0.0",
        "2.0",
        "2",
    ]
    assert shown.loc["Follow-up (yes over known) · Feedback to participants", ["value", "known"]].tolist() == [
        "1 of 2",  # a share on fewer than MIN_KNOWN answers is given as its count
        "2",
    ]
