"""The small-count rule on a crafted inventory, and the table every chart carries.

Schaerbeek has 6 initiatives with a known feedback answer (4 yes), Anderlecht 5 (1 yes),
Saint-Gilles 2 (2 yes): Saint-Gilles's 100 % rests on two answers, so it is drawn hatched,
written "2 of 2", and enters neither the median nor the ranks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_followup_communes import ANDERLECHT, SAINT_GILLES, SCHAERBEEK, load, row  # noqa: F401

from partdash.analysis import communes as co
from partdash.analysis import themes
from partdash.analysis.aggregates import MIN_KNOWN, is_small
from partdash.analysis.overview import key_figure_cards
from partdash.charts.communes import profile_dots, ranked_bars
from partdash.charts.followup import by_commune_chart
from partdash.charts.overview import levels_chart
from partdash.charts.tables import column, table_csv, table_of
from partdash.charts.themes import trend_chart
from partdash.i18n import translate
from partdash.inventory import reference
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES

FEEDBACK = "feedback_to_participants"


def answers(commune: str, prefix: str, yes: int, no: int) -> list[dict[str, str]]:
    return [row(f"{prefix}{i}", communes=commune, **{FEEDBACK: "yes" if i < yes else "no"}) for i in range(yes + no)]


@pytest.fixture
def crafted(load):  # noqa: F811
    return load(answers(SCHAERBEEK, "S", 4, 2) + answers(ANDERLECHT, "A", 1, 4) + answers(SAINT_GILLES, "G", 2, 0))


def test_the_rule_is_one_constant():
    assert MIN_KNOWN == 5
    assert is_small(4) and not is_small(5)
    assert is_small(np.array([0, 4, 5, 6])).tolist() == [True, True, False, False]
    assert "5" in translate("charts.small_rule", "fr", min=MIN_KNOWN)


def test_small_shares_stay_out_of_the_median_and_the_ranks(crafted):
    table = co.indicator_table(crafted)
    stats = co.regional_stats(table).loc[FEEDBACK]
    # only Schaerbeek (4/6) and Anderlecht (1/5) count; Saint-Gilles's 2/2 would have been the max
    assert stats["median"] == pytest.approx((4 / 6 + 1 / 5) / 2)
    assert stats["max"] == pytest.approx(4 / 6) and stats["communes"] == 2
    ranked = co.ranking(table, FEEDBACK)
    assert list(ranked["nis"][:3]) == [SCHAERBEEK, ANDERLECHT, SAINT_GILLES]
    assert list(ranked["small"][:3]) == [False, False, True]
    assert co.profile_ranks(table, FEEDBACK) == {SCHAERBEEK: 1, ANDERLECHT: 2}
    assert np.isnan(co.profile(table, SAINT_GILLES).set_index("key").at[FEEDBACK, "rank"])


@pytest.mark.parametrize(("lang", "two_of_two"), [("fr", "2 sur 2"), ("nl", "2 van 2"), ("en", "2 of 2")])
def test_the_ranking_draws_a_small_share_hatched_with_its_count(crafted, lang, two_of_two):
    table = co.indicator_table(crafted)
    names = reference.commune_names(lang)
    fig = ranked_bars(table, FEEDBACK, names, SCHAERBEEK, lang)
    bars = fig.data[0]
    where = {nis: i for i, nis in enumerate(bars.customdata)}
    assert bars.text[where[SAINT_GILLES]] == two_of_two
    assert bars.marker.pattern.shape[where[SAINT_GILLES]] == "/"
    assert bars.marker.pattern.shape[where[SCHAERBEEK]] == "" == bars.marker.pattern.shape[where[ANDERLECHT]]
    assert "%" in bars.text[where[SCHAERBEEK]]
    assert fig.layout.shapes[0].x0 == pytest.approx((4 / 6 + 1 / 5) / 2)  # the median line
    shown = table_of(fig).set_index(translate("communes.col_commune", lang))
    rank = translate("communes.col_rank", lang)
    assert shown.at[names[SCHAERBEEK], rank] == 1 and pd.isna(shown.at[names[SAINT_GILLES], rank])
    flags = VOCABULARIES["yes_no"].labels(lang)
    assert shown.at[names[SAINT_GILLES], column("small", lang)] == flags["yes"]
    assert shown.at[names[SCHAERBEEK], column("small", lang)] == flags["no"]


def test_the_profile_draws_a_small_share_hollow_with_its_count(crafted):
    table = co.indicator_table(crafted)
    fig = profile_dots(co.profile(table, SAINT_GILLES), "Saint-Gilles", "fr")
    dots = [trace for trace in fig.data if trace.name == "Saint-Gilles"]
    label = co.INDICATOR_BY_KEY[FEEDBACK].label("fr")
    (followup,) = [d for d in dots if label in d.y]
    i = list(followup.y).index(label)
    assert followup.marker.symbol[i] == "circle-open"
    assert followup.text[i] == "2 sur 2"


def test_the_heatmap_greys_small_cells_and_gives_every_denominator(crafted):
    fig = by_commune_chart(crafted, "en")
    grey, coloured = fig.data
    step = list(FOLLOWUP_CHAIN).index(FEEDBACK)
    rows = {name: i for i, name in enumerate(coloured.y)}
    names = reference.commune_names("en")
    assert np.isnan(coloured.z[rows[names[SAINT_GILLES]]][step])
    assert grey.text[rows[names[SAINT_GILLES]]][step] == "2 of 2"
    assert coloured.text[rows[names[SCHAERBEEK]]][step] == "67% (4/6)"
    assert coloured.text[rows[names[ANDERLECHT]]][step] == "20% (1/5)"


def test_a_share_bar_on_few_initiatives_says_its_count(crafted):
    fig = levels_chart(crafted.head(3), "nl")
    bars = fig.data[0]
    assert set(bars.marker.pattern.shape) == {"/"}
    assert "3 van 3" in bars.text


def test_every_chart_table_has_its_denominators_and_downloads_safely(crafted):
    shown = table_of(levels_chart(crafted, "fr"))
    assert list(shown.columns[-4:]) == [column(c, "fr") for c in ("count", "denominator", "share", "small")]
    assert shown[column("denominator", "fr")].eq(len(crafted)).all()
    csv = table_csv(shown.assign(extra="=1+1")).decode("utf-8-sig")
    assert "'=1+1" in csv and csv.splitlines()[0].startswith(shown.columns[0])


def test_theme_trend_compares_two_periods_sorted_by_change(load):  # noqa: F811
    rows = [row(f"a{i}", start_date="2017-05-01", themes="mobility") for i in range(4)]
    rows += [row(f"b{i}", start_date="2020-05-01", themes="housing" if i < 3 else "mobility") for i in range(6)]
    trend = themes.period_trend(load(rows), (2017, 2018), (2019, 2023))
    assert list(trend["code"]) == ["housing", "mobility"]  # housing rose from 0 to 3/6, mobility fell to 3/6
    assert trend[["count_a", "n_a", "count_b", "n_b"]].to_numpy().tolist() == [[0, 4, 3, 6], [4, 4, 3, 6]]
    assert trend["change"].tolist() == pytest.approx([0.5, -0.5])
    fig = trend_chart(load(rows), (2017, 2018), (2019, 2023), "en")
    first, second = fig.data[1], fig.data[2]
    assert first.marker.symbol == "circle-open"  # 4 initiatives in 2017-2018: too few for a share
    assert second.marker.symbol == "circle"
    assert list(first.y)[-1] == "Housing"  # the largest rise on top


def test_periods_from_a_link_are_checked():
    assert themes.parse_periods("2017-2018,2019-2023", 2016, 2024) == ((2017, 2018), (2019, 2023))
    assert themes.parse_periods("2019-2017,2019-2023", 2016, 2024) is None
    assert themes.parse_periods("2010-2011,2019-2023", 2016, 2024) is None
    assert themes.parse_periods("<script>", 2016, 2024) is None
    assert themes.clamp_period((2017, 2018), 2019, 2024) == (2019, 2019)


def test_key_figures_on_few_initiatives_are_given_as_counts(crafted):
    cards = {c.label: c.value for c in key_figure_cards(crafted.head(3), "fr")}
    assert cards[translate("overview.communal", "fr")] == "3 sur 3"
    assert cards[translate("overview.n_initiatives", "fr")] == "3"
    assert "%" in {c.label: c.value for c in key_figure_cards(crafted, "fr")}[translate("overview.communal", "fr")]
