"""The key figures of SPEC 5 on a small inventory whose every answer is worked out by hand
below, loaded through the real loader so that the figures see the real column types."""

from __future__ import annotations

import json

import pytest
from conftest import canonical_row

from partdash.analysis import figures
from partdash.inventory.loader import load_inventory
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES

BLANK_FOLLOWUP = {f: "" for f in FOLLOWUP_FIELDS}
NO_PROPOSALS = {"proposals_total": "", "proposals_adopted": "", "proposals_modified": "", "proposals_rejected": ""}


def _row(n, **cells):
    return canonical_row(n, **(BLANK_FOLLOWUP | NO_PROPOSALS | cells))


# Six initiatives. Days between the dates: r1 365, r2 366 (29 Feb 2020), r3 181,
# r5 366 (29 Feb 2024), r6 31; r4 has no end.
HAND_MADE = [
    _row(
        1,
        themes="urban_planning;mobility",
        organiser_level="communal",
        participation_level="consultation",
        selection="open;sortition",
        start_date="2018-01-01",
        end_date="2019-01-01",
        recurrence="one_off",
        perimeter="commune",
        communes="21013",
        mandate_communicated="yes",
        results_published="yes",
        feedback_to_participants="no",
        proposals_total="10",
        proposals_adopted="4",
        proposals_modified="3",
        proposals_rejected="2",
    ),
    _row(
        2,
        themes="urban_planning",
        organiser_level="regional",
        participation_level="co_construction",
        selection="",
        start_date="2019-06-01",
        end_date="2020-06-01",
        recurrence="recurring",
        perimeter="multi_commune",
        communes="21013;21009",
        mandate_communicated="no",
    ),
    _row(
        3,
        themes="environment_climate;housing;mobility",
        organiser_level="communal",
        participation_level="consultation",
        selection="sortition",
        start_date="2021-01-01",
        end_date="2021-07-01",
        recurrence="permanent",
        perimeter="commune",
        communes="21004",
        mandate_communicated="yes",
        feedback_to_participants="yes",
        proposals_total="5",
        proposals_adopted="5",
        proposals_modified="0",
        proposals_rejected="0",
    ),
    _row(
        4,
        themes="urban_planning",
        organiser_level="community",
        participation_level="information",
        selection="open",
        start_date="2023-12-31",
        end_date="",
        recurrence="",
        perimeter="region",
        communes="",
        proposals_total="3",
        proposals_adopted="1",
    ),
    _row(
        5,
        themes="social_health",
        organiser_level="communal",
        participation_level="co_decision",
        selection="targeted",
        start_date="2024-01-01",
        end_date="2025-01-01",
        recurrence="one_off",
        perimeter="commune",
        communes="21009",
        mandate_communicated="yes",
        feedback_to_participants="no",
    ),
    _row(
        6,
        themes="urban_planning;social_health",
        organiser_level="regional",
        participation_level="consultation",
        selection="stakeholders;open",
        start_date="2020-03-01",
        end_date="2020-04-01",
        recurrence="one_off",
        perimeter="region",
        communes="",
        feedback_to_participants="no",
    ),
]


@pytest.fixture
def data(csv_file):
    inv = load_inventory(csv_file(HAND_MADE))
    assert inv.report.errors == []
    return inv.data


@pytest.fixture
def empty(csv_file):
    """A real empty inventory: every row of the file rejected."""
    inv = load_inventory(csv_file([canonical_row(1, themes="")]))
    assert inv.data.empty
    return inv.data


def test_n_initiatives(data):
    assert figures.n_initiatives(data) == 6


def test_share_started_2019_2023(data):
    # Start years 2018, 2019, 2021, 2023, 2024, 2020: four of six in 2019..2023.
    assert figures.share_start_2019_2023(data) == pytest.approx(4 / 6)


def test_theme_shares_over_all_initiatives_add_past_one(data):
    shares = figures.theme_share(data)
    assert list(shares) == list(VOCABULARIES["themes"].codes)
    # urban_planning r1 r2 r4 r6; mobility r1 r3; social_health r5 r6; environment r3; housing r3.
    assert shares["urban_planning"] == pytest.approx(4 / 6)
    assert shares["mobility"] == pytest.approx(2 / 6)
    assert shares["social_health"] == pytest.approx(2 / 6)
    assert shares["environment_climate"] == pytest.approx(1 / 6)
    assert shares["housing"] == pytest.approx(1 / 6)
    assert shares["other"] == 0
    assert sum(shares.values()) == pytest.approx(10 / 6)
    assert figures.top_theme(data) == "urban_planning"


def test_level_shares(data):
    # communal r1 r3 r5, regional r2 r6, community r4.
    assert figures.level_share(data) == pytest.approx(
        {"communal": 3 / 6, "regional": 2 / 6, "community": 1 / 6, "other": 0}
    )
    # consultation r1 r3 r6; co_construction r2; information r4; co_decision r5.
    assert figures.level_share(data, "participation_level") == pytest.approx(
        {"information": 1 / 6, "consultation": 3 / 6, "co_construction": 1 / 6, "co_decision": 1 / 6}
    )


def test_sortition_over_known_selection_only(data):
    # r2's selection is unknown: 2 sortitions (r1, r3) over 5 known, not over 6.
    assert figures.share_sortition(data) == pytest.approx(2 / 5)


def test_duration_excludes_permanent_and_open_ended(data):
    # Kept: r1 365, r2 366, r5 366, r6 31 days (r3 permanent, r4 no end).
    # Sorted 31, 365, 366, 366: median (365 + 366) / 2; linear percentiles at positions
    # 0.75 (between 31 and 365) and 2.25 (between 366 and 366).
    month = 30.44
    result = figures.duration_months(data)
    assert result["n"] == 4
    assert result["median"] == pytest.approx((365 + 366) / 2 / month)
    assert result["p25"] == pytest.approx((31 + 0.75 * (365 - 31)) / month)
    assert result["p75"] == pytest.approx(366 / month)


def test_share_recurring_over_known_recurrence(data):
    # Known recurrence: r1 one_off, r2 recurring, r3 permanent, r5 one_off, r6 one_off;
    # recurring or permanent (not one-off): 2 of 5.
    assert figures.share_recurring(data) == pytest.approx(2 / 5)


def test_followup_share_over_known_with_known_count(data):
    result = figures.followup(data)
    assert set(result) == set(FOLLOWUP_FIELDS)
    # mandate: yes r1 r3 r5, no r2, unknown r4 r6 -> 3 of 4 known.
    assert result["mandate_communicated"] == {"share": pytest.approx(3 / 4), "known": 4}
    # feedback: yes r3, no r1 r5 r6, unknown r2 r4 -> 1 of 4; counting unknown as no would give 1/6.
    assert result["feedback_to_participants"] == {"share": pytest.approx(1 / 4), "known": 4}
    assert result["results_published"] == {"share": 1.0, "known": 1}
    # Nobody said anything: no share at all, never 0 %.
    assert result["integrated_in_decision"] == {"share": None, "known": 0}


def test_proposals_sums(data):
    # total 10 + 5 + 3; adopted 4 + 5 + 1; modified 3 + 0; rejected 2 + 0. Blanks add nothing.
    assert figures.proposals(data) == {"total": 18, "adopted": 10, "modified": 3, "rejected": 2}


def test_by_commune_counts_each_listed_commune_and_region_wide_apart(data):
    # r1 21013; r2 21013 and 21009; r3 21004; r5 21009. r4 and r6 are region-wide.
    assert figures.by_commune(data) == {"21004": 1, "21009": 2, "21013": 2}
    assert figures.region_wide(data) == 2


def test_figures_of_a_filtered_selection(data):
    communal = data[data["organiser_level"] == "communal"]
    # r1, r3, r5: starts 2018, 2021, 2024; sortition r1 r3 of 3 known.
    assert figures.n_initiatives(communal) == 3
    assert figures.share_start_2019_2023(communal) == pytest.approx(1 / 3)
    assert figures.share_sortition(communal) == pytest.approx(2 / 3)
    assert figures.by_commune(communal) == {"21004": 1, "21009": 1, "21013": 1}


def test_code_counts_in_vocabulary_order_with_zeros(data):
    counts = figures.code_counts(data, "selection")
    assert list(counts.index) == list(VOCABULARIES["selection"].codes)
    # open r1 r4 r6, sortition r1 r3, targeted r5, stakeholders r6.
    assert counts.to_dict() == {"open": 3, "sortition": 2, "targeted": 1, "stakeholders": 1}


def test_empty_inventory_has_no_shares(empty):
    result = figures.key_figures(empty)
    assert result["n_initiatives"] == 0
    assert result["share_start_2019_2023"] is None
    assert set(result["theme_share"].values()) == {None}
    assert result["top_theme"] is None
    assert set(result["level_share"].values()) == {None}
    assert set(result["participation_level_share"].values()) == {None}
    assert result["share_sortition"] is None
    assert result["duration_months"] == {"median": None, "p25": None, "p75": None, "n": 0}
    assert result["share_recurring"] is None
    assert all(v == {"share": None, "known": 0} for v in result["followup"].values())
    assert result["proposals"] == {"total": 0, "adopted": 0, "modified": 0, "rejected": 0}
    assert result["by_commune"] == {}
    assert result["region_wide"] == 0
    json.dumps(result)


def test_key_figures_are_rounded_and_json_ready(data):
    result = figures.key_figures(data)
    assert json.loads(json.dumps(result)) == result
    assert result["share_start_2019_2023"] == 0.6667
    assert result["theme_share"]["urban_planning"] == 0.6667
    assert result["followup"]["feedback_to_participants"] == {"share": 0.25, "known": 4}
    assert result["duration_months"]["median"] == round((365 + 366) / 2 / 30.44, 4)
