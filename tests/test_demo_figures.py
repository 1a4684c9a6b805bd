"""The shipped demonstration inventory loads cleanly and tells the story of the published
analysis (SPEC 5): its key figures fall near the published ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from partdash.analysis import figures
from partdash.analysis.figures import PUBLISHED_2025
from partdash.inventory.loader import load_inventory

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo" / "demo_inventory.csv"


@pytest.fixture(scope="module")
def demo():
    return load_inventory(DEMO)


def test_demo_loads_every_row(demo):
    assert demo.report.rows_in == PUBLISHED_2025["n_initiatives"]
    assert demo.report.rows_rejected == 0
    assert len(demo.data) == PUBLISHED_2025["n_initiatives"]
    assert demo.is_demo


def test_demo_started_2019_2023_near_published(demo):
    assert figures.share_start_2019_2023(demo.data) == pytest.approx(PUBLISHED_2025["share_start_2019_2023"], abs=0.05)


def test_demo_urban_planning_near_published(demo):
    share = figures.theme_share(demo.data)["urban_planning"]
    assert share == pytest.approx(PUBLISHED_2025["theme_share_urban_planning"], abs=0.06)
    assert figures.top_theme(demo.data) == "urban_planning"


def test_demo_communal_about_two_thirds(demo):
    assert 0.58 <= figures.level_share(demo.data)["communal"] <= 0.75


def test_demo_sortition_rare(demo):
    assert figures.share_sortition(demo.data) < PUBLISHED_2025["share_sortition_max"]


def test_demo_co_decision_very_rare(demo):
    levels = figures.level_share(demo.data, "participation_level")
    assert levels["co_decision"] < 0.08
    # "mostly consultation and co-construction"
    assert levels["consultation"] + levels["co_construction"] > 0.5


def test_demo_durations_mostly_one_to_two_years(demo):
    result = figures.duration_months(demo.data)
    assert 9 <= result["median"] <= 20
    assert result["n"] > 0
