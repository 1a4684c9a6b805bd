"""The Follow-up and Communes pages through AppTest: every language on both built-in
datasets, the charts they promise (titles from the catalogue), the unknowns drawn, the
commune chosen by link, and a notice instead of empty axes when nothing matches.

Expected numbers are read from the CSV files with plain pandas, not through the loader.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from apptest_support import open_page
from streamlit.testing.v1 import AppTest

from partdash.charts.communes import HIGHLIGHT
from partdash.charts.style import GREY
from partdash.i18n import format_number, translate
from partdash.inventory.reference import commune_names, population
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_CHAIN, VOCABULARIES

ROOT = Path(__file__).resolve().parents[1]
CSV = {"demo": ROOT / "data" / "demo" / "demo_inventory.csv", "examples": ROOT / "data" / "examples" / "examples.csv"}


def figures_by_title(at: AppTest) -> dict[str, dict]:
    return {
        spec["layout"]["title"]["text"]: spec for spec in (json.loads(e.proto.spec) for e in at.get("plotly_chart"))
    }


def values(array) -> list:
    """A figure array as plotly serialises it: a list, or numbers packed as base64."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def read(dataset: str) -> pd.DataFrame:
    return pd.read_csv(CSV[dataset], dtype=str, keep_default_na=False)


def status(rows: pd.DataFrame) -> pd.Series:
    """The status as given, or as the inventory format defines it from the dates when blank."""
    today = pd.Timestamp.today().normalize()
    start = pd.to_datetime(rows["start_date"], format="mixed")
    end = pd.to_datetime(rows["end_date"].replace("", None), format="mixed")
    derived = np.where(start > today, "planned", np.where(end.notna() & (end < today), "completed", "ongoing"))
    return rows["status"].where(rows["status"] != "", pd.Series(derived, index=rows.index))


def texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info") for e in getattr(at, kind))


def expected_fate_title(dataset: str, lang: str) -> str | None:
    rows = read(dataset)
    total = pd.to_numeric(rows["proposals_total"], errors="coerce").fillna(0)
    if not (total > 0).any():
        return None
    n = format_number(int((total > 0).sum()), lang)
    return translate("followup.fate_title", lang, count=int(total[total > 0].sum()), n=n)


def open_clean(stem: str, dataset: str, lang: str):
    """The page under its own title, with no warning on it."""
    at = open_page(stem, lang=lang, data=dataset)
    assert at.title[0].value == translate(f"nav.page.{stem}", lang)
    assert not at.warning
    return at


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("dataset", ["demo", "examples"])
def test_followup_page(dataset, lang):
    at = open_clean("followup", dataset, lang)
    charts = figures_by_title(at)
    expected = {translate(f"followup.{k}_title", lang) for k in ("chain", "other", "level", "commune")}
    fate = expected_fate_title(dataset, lang)
    assert set(charts) == expected | ({fate} if fate else set())
    if not fate:
        assert translate("followup.fate_none", lang) in texts(at)

    # the chain: one bar per step, yes / no / unknown in that order, unknown drawn even when large
    chain = charts[translate("followup.chain_title", lang)]["data"]
    answers = VOCABULARIES["yes_no"].labels(lang)
    assert [trace["name"] for trace in chain] == [answers["yes"], answers["no"], translate("followup.unknown", lang)]
    rows = read(dataset)
    feedback_row = list(reversed(FOLLOWUP_CHAIN)).index("feedback_to_participants")  # bars run bottom-up
    cells = rows["feedback_to_participants"]
    counted = [values(trace["x"])[feedback_row] for trace in chain]
    assert counted == [int((cells == "yes").sum()), int((cells == "no").sum()), int((cells == "").sum())]
    assert FIELD_BY_NAME["feedback_to_participants"].label(lang) in values(chain[0]["y"])[feedback_row]

    # completed initiatives whose participants got no feedback, each with a link to its record
    without = set(rows.loc[(status(rows) == "completed") & (cells == "no"), "id"])
    listed = at.dataframe[-1].value if without else None
    if without:
        assert set(listed["id"]) == without
        assert all(link.startswith("initiatives?") and f"lang={lang}" in link for link in listed["link"])
    else:
        assert translate("followup.nofeedback_none", lang) in texts(at)


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("dataset", ["demo", "examples"])
def test_communes_page(dataset, lang):
    at = open_clean("communes", dataset, lang)
    chosen = at.selectbox(key="communes_choice").value
    name = commune_names(lang)[chosen]
    charts = figures_by_title(at)
    per_10k = translate("communes.indicator.per_10k", lang)
    expected = {
        translate("communes.profile_title", lang, name=name),
        translate("communes.ranking_title", lang, indicator=per_10k),
    }
    if dataset == "demo":  # the demo ships an organisers table; the examples do not
        expected.add(translate("communes.staff_title", lang))
    else:
        assert translate("communes.staff_absent", lang) in texts(at)
    assert set(charts) == expected
    assert translate(
        "communes.population",
        lang,
        year=population().attrs["year"],
        count=population()[chosen],
    ) in texts(at)
    ranking = charts[translate("communes.ranking_title", lang, indicator=per_10k)]["data"][0]
    assert len(values(ranking["y"])) == 19


def test_a_link_chooses_the_commune_and_the_indicator():
    at = open_page("communes", lang="fr", commune="21015", indicator="sortition")
    assert at.selectbox(key="communes_choice").value == "21015"
    assert at.selectbox(key="communes_indicator").value == "sortition"
    sortition = translate("communes.indicator.sortition", "fr")
    charts = figures_by_title(at)
    assert translate("communes.profile_title", "fr", name="Schaerbeek") in charts
    ranking = charts[translate("communes.ranking_title", "fr", indicator=sortition)]["data"][0]
    colours = dict(zip(values(ranking["y"]), ranking["marker"]["color"], strict=False))
    assert colours.pop("Schaerbeek") == HIGHLIGHT
    assert set(colours.values()) == {GREY}
    assert at.query_params["commune"] in ("21015", ["21015"])


def test_a_bad_link_does_not_break_the_page():
    at = open_page("communes", lang="nl", commune="xyz", indicator="<script>")
    chosen = at.selectbox(key="communes_choice").value
    assert chosen in commune_names("nl")
    assert at.selectbox(key="communes_indicator").value == "per_10k"
    assert translate("communes.bad_param", "nl", value="xyz", name=commune_names("nl")[chosen]) in texts(at)


@pytest.mark.parametrize("page", ["followup", "communes"])
def test_nothing_matches(page):
    at = open_page(page, lang="en", q="zzzzzz")
    assert [w.value for w in at.warning] == [translate("shell.no_match", "en")]
    assert not at.get("plotly_chart")
    assert not at.dataframe
