"""Core figures of the Themes, Timeline and Methods pages, on small inventories whose
answers are worked out by hand in each test (loaded through the real loader, so the
frames have the loader's dtypes: tuples, "boolean", Int64, datetime64)."""

from __future__ import annotations

import math
import statistics
from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import canonical_row

from partdash.analysis import durations, figures, methods, themes
from partdash.analysis.aggregates import UNKNOWN, group_shares, share_table
from partdash.charts.timeline import bin_position
from partdash.inventory.loader import load_inventory


def load(csv_file, *rows: dict, today: date = date(2025, 6, 15)) -> pd.DataFrame:
    """An inventory of ``rows`` (overrides of the canonical row, numbered from 1)."""
    path = csv_file([canonical_row(i, **r) for i, r in enumerate(rows, start=1)])
    inventory = load_inventory(path, today=today)
    assert inventory.report.errors == []
    return inventory.data


def by_code(table: pd.DataFrame) -> dict[str, tuple[int, int, float]]:
    return {r.code: (r.count, r.denominator, r.share) for r in table.itertuples()}


# ---------------------------------------------------------------- themes


@pytest.fixture
def four_themed(csv_file):
    # T-001 urban planning + mobility (2020, communal), T-002 urban planning (2020, communal),
    # T-003 mobility + environment + housing (2022, regional), T-004 housing (2022, communal).
    return load(
        csv_file,
        {"themes": "urban_planning;mobility", "start_date": "2020-02-01", "end_date": "2020-12-01"},
        {"themes": "urban_planning", "start_date": "2020-05-01", "end_date": "2021-01-01"},
        {
            "themes": "mobility;environment_climate;housing",
            "start_date": "2022-03-01",
            "end_date": "2022-09-01",
            "organiser_level": "regional",
        },
        {"themes": "housing", "start_date": "2022-04-01", "end_date": "2022-10-01"},
    )


def test_theme_shares_are_over_all_initiatives_and_add_past_one(four_themed):
    table = by_code(share_table(four_themed, "themes"))
    assert table["urban_planning"] == (2, 4, 0.5)
    assert table["mobility"] == (2, 4, 0.5)
    assert table["environment_climate"] == (1, 4, 0.25)
    assert table["housing"] == (2, 4, 0.5)
    assert table["culture_sport_leisure"] == (0, 4, 0.0)
    summary = themes.multi_theme(four_themed)
    assert summary == {"initiatives": 4, "several": 2, "share_sum": pytest.approx(7 / 4)}


def test_co_occurrence_counts_pairs_and_theme_totals_on_the_diagonal(four_themed):
    matrix = themes.co_occurrence(four_themed)
    expected = {
        ("urban_planning", "urban_planning"): 2,
        ("mobility", "mobility"): 2,
        ("environment_climate", "environment_climate"): 1,
        ("housing", "housing"): 2,
        ("urban_planning", "mobility"): 1,
        ("mobility", "environment_climate"): 1,
        ("mobility", "housing"): 1,
        ("environment_climate", "housing"): 1,
    }
    for a in matrix.index:
        for b in matrix.columns:
            want = expected.get((a, b), expected.get((b, a), 0))
            assert matrix.loc[a, b] == want, (a, b)
    assert list(matrix.index) == list(themes.CODES) == list(matrix.columns)


def test_theme_shares_by_year_use_that_years_initiatives(four_themed):
    shares = themes.shares_by_year(four_themed)
    assert list(shares.index) == [2020, 2021, 2022]
    assert shares.loc[2020, "urban_planning"] == 1.0
    assert shares.loc[2020, "mobility"] == 0.5
    assert shares.loc[2022, "housing"] == 1.0
    assert shares.loc[2022, "environment_climate"] == 0.5
    assert shares.loc[2021].isna().all()  # no initiative started in 2021: no share, not 0 %


def test_themes_by_organiser_level_over_each_levels_initiatives(four_themed):
    table = group_shares(four_themed, "themes", "organiser_level").set_index(["group", "code"])
    assert tuple(table.loc[("communal", "urban_planning"), ["count", "denominator"]]) == (2, 3)
    assert table.loc[("communal", "housing"), "share"] == pytest.approx(1 / 3)
    assert tuple(table.loc[("regional", "housing"), ["count", "denominator", "share"]]) == (1, 1, 1.0)
    assert table.loc[("regional", "urban_planning"), "count"] == 0
    assert table.loc[("community", "mobility"), "denominator"] == 0
    assert math.isnan(table.loc[("community", "mobility"), "share"])
    assert len(table) == 4 * 12  # every level x every theme


# ---------------------------------------------------------------- durations


def test_duration_bins_at_their_edges():
    months = pd.Series([0.0, 5.999, 6.0, 11.999, 12.0, 23.99, 24.0, 35.999, 36.0, 240.0, np.nan, -1.0])
    got = durations.duration_bins(months).astype(object).where(lambda s: s.notna(), None).tolist()
    assert got == ["0-6", "0-6", "6-12", "6-12", "12-24", "12-24", "24-36", "24-36", "36+", "36+", None, None]


def test_duration_histogram_splits_and_keeps_unknown_apart():
    frame = pd.DataFrame(
        {
            "duration_months": pd.array([3.0, 6.0, 6.0, 13.0, 40.0, None], dtype="Float64"),
            "recurrence": pd.array(["one_off", "one_off", "recurring", None, "one_off", "permanent"], dtype="string"),
        }
    )
    table = durations.duration_histogram(frame, "recurrence")
    assert list(table.index) == list(durations.BINS)
    assert list(table.columns) == ["one_off", "recurring", "permanent", UNKNOWN]
    assert table.loc["0-6"].tolist() == [1, 0, 0, 0]
    assert table.loc["6-12"].tolist() == [1, 1, 0, 0]
    assert table.loc["12-24"].tolist() == [0, 0, 0, 1]
    assert table.loc["24-36"].tolist() == [0, 0, 0, 0]
    assert table.loc["36+"].tolist() == [1, 0, 0, 0]
    assert int(table.to_numpy().sum()) == 5  # the permanent body has no duration


def test_duration_median_and_quartiles_exclude_permanent_and_open_ended(csv_file):
    ends = ["2021-02-15", "2021-07-01", "2022-01-01", "2023-06-30"]
    rows = [{"start_date": "2021-01-01", "end_date": end, "status": "completed"} for end in ends]
    rows.append({"start_date": "2021-01-01", "end_date": "2030-01-01", "recurrence": "permanent", "status": "ongoing"})
    rows.append({"start_date": "2021-01-01", "end_date": "", "status": "ongoing"})
    df = load(csv_file, *rows)
    months = [(date.fromisoformat(e) - date(2021, 1, 1)).days / 30.44 for e in ends]
    stats = figures.duration_months(df)
    q1, median, q3 = statistics.quantiles(months, n=4, method="inclusive")
    assert stats["n"] == 4
    assert stats["median"] == pytest.approx(statistics.median(months))
    assert stats["p25"] == pytest.approx(q1)
    assert stats["p75"] == pytest.approx(q3)
    assert int(durations.duration_histogram(df, "organiser_level").to_numpy().sum()) == 4


def test_bin_position_places_values_within_their_bin():
    assert bin_position(0.0) == -0.5
    assert bin_position(3.0) == 0.0
    assert bin_position(6.0) == 0.5  # the lower edge of the second bin
    assert bin_position(18.0) == 2.0  # the middle of 12-24
    assert bin_position(42.0) == 4.0  # half of the drawn span of the open last bin
    assert bin_position(400.0) == 4.5


# ---------------------------------------------------------------- activity per month


def test_active_per_month_three_initiatives(csv_file):
    df = load(
        csv_file,
        {"start_date": "2024-01-10", "end_date": "2024-03-05", "status": "completed"},  # Jan-Mar
        {"start_date": "2024-02-01", "end_date": "", "status": "ongoing"},  # Feb until this month (Jun)
        {"start_date": "2024-04-20", "end_date": "", "status": "completed"},  # Apr only
    )
    active = durations.active_per_month(df, date(2024, 6, 15))
    assert active["month"].dt.strftime("%Y-%m").tolist() == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
    ]
    assert active["active"].tolist() == [1, 2, 2, 2, 1, 1]


def test_active_per_month_future_start_and_planned_end(csv_file):
    df = load(
        csv_file,
        {"start_date": "2024-05-01", "end_date": "", "status": "ongoing"},  # May-Jun (today)
        {"start_date": "2024-09-01", "end_date": "", "status": "planned"},  # its start month only
        {"start_date": "2024-06-01", "end_date": "2024-08-31", "status": "ongoing"},  # Jun-Aug
        today=date(2024, 6, 15),
    )
    active = durations.active_per_month(df, date(2024, 6, 15))
    assert active["month"].dt.strftime("%Y-%m").tolist() == ["2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]
    assert active["active"].tolist() == [1, 2, 1, 1, 1]


def test_active_per_month_of_nothing_is_empty(csv_file):
    df = load(csv_file, {})
    assert durations.active_per_month(df.iloc[:0], date(2024, 6, 15)).empty


# ---------------------------------------------------------------- methods


@pytest.fixture
def four_methods(csv_file):
    df = load(
        csv_file,
        {"participation_level": "co_decision", "selection": "open;sortition", "formats": "other;workshop"},
        {"participation_level": "consultation", "selection": "open", "formats": "other"},
        {"participation_level": "consultation", "selection": "", "organiser_level": "regional", "formats": "walk"},
        {"participation_level": "consultation", "selection": "targeted", "organiser_level": "regional", "formats": ""},
    )
    # participation_level is required on import; an unknown one can still reach the core
    # from another source, so the last row loses it here.
    df["participation_level"] = df["participation_level"].mask(df["id"] == "T-004")
    return df


def test_ladder_in_order_with_shares_over_known_and_unknown_last(four_methods):
    table = methods.ladder(four_methods)
    assert table["code"].tolist() == ["information", "consultation", "co_construction", "co_decision", UNKNOWN]
    got = by_code(table)
    assert got["information"] == (0, 3, 0.0)
    assert got["consultation"] == (2, 3, pytest.approx(2 / 3))
    assert got["co_decision"] == (1, 3, pytest.approx(1 / 3))
    assert got[UNKNOWN] == (1, 4, 0.25)


def test_ladder_by_organiser_level_counts_known_levels_only(four_methods):
    table = methods.ladder_by_level(four_methods).set_index(["group", "code"])
    assert table.loc[("communal", "consultation"), "share"] == 0.5
    assert table.loc[("communal", "co_decision"), "denominator"] == 2
    # Regional: one consultation and one unknown level -> 1 of 1 known.
    assert tuple(table.loc[("regional", "consultation"), ["count", "denominator", "share"]]) == (1, 1, 1.0)


def test_selection_shares_over_known_with_sortition_as_published_definition(four_methods):
    table = methods.method_shares(four_methods, "selection")
    assert table["code"].tolist() == ["open", "sortition", "targeted", "stakeholders", UNKNOWN]
    got = by_code(table)
    assert got["open"] == (2, 3, pytest.approx(2 / 3))
    assert got["sortition"] == (1, 3, pytest.approx(1 / 3))
    assert got["stakeholders"] == (0, 3, 0.0)
    assert got[UNKNOWN] == (1, 4, 0.25)
    sortition = methods.sortition(four_methods)
    assert sortition == {"count": 1, "known": 3, "share": pytest.approx(1 / 3)}
    assert sortition["share"] == pytest.approx(figures.share_sortition(four_methods))
    assert methods.coverage(four_methods, "selection") == {"known": 3, "unknown": 1, "total": 4}


def test_method_shares_rank_by_count_with_other_last(four_methods):
    table = methods.method_shares(four_methods, "formats")
    codes = table["code"].tolist()
    assert codes[:2] == ["workshop", "walk"]  # one each, in vocabulary order
    assert codes[-2:] == ["other", UNKNOWN]  # "other" is the most frequent, still last
    assert by_code(table)["other"] == (2, 3, pytest.approx(2 / 3))


def test_sortition_with_no_known_selection_has_no_share(csv_file):
    df = load(csv_file, {"selection": ""}, {"selection": ""})
    assert methods.sortition(df) == {"count": 0, "known": 0, "share": None}
    table = methods.method_shares(df, "selection")
    assert table[table["code"] != UNKNOWN]["share"].isna().all()
    assert by_code(table)[UNKNOWN] == (2, 2, 1.0)
