"""The dashboard shell and the Overview, Initiatives and Data pages, run through AppTest.

Every expected count is worked out here from the CSV files with plain pandas, never
through the loader or the filters under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from partdash.i18n import format_number, translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import InventoryError

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CSV = {"demo": ROOT / "data" / "demo" / "demo_inventory.csv", "examples": ROOT / "data" / "examples" / "examples.csv"}
LANGS = ("fr", "nl", "en")


# ---------------------------------------------------------------- independent answers


def read(dataset: str) -> pd.DataFrame:
    return pd.read_csv(CSV[dataset], dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return read("demo")


def has_code(column: pd.Series, *codes: str) -> pd.Series:
    """Rows whose ";"-separated cell holds any of ``codes``."""
    return column.map(lambda cell: bool(set(cell.split(";")) & set(codes)))


def start_year(df: pd.DataFrame) -> pd.Series:
    return df["start_date"].str[:4].astype(int)


def status(df: pd.DataFrame) -> pd.Series:
    """The status as given, or as the inventory format defines it from the dates when blank."""
    today = pd.Timestamp.today().normalize()
    start = pd.to_datetime(df["start_date"])
    end = pd.to_datetime(df["end_date"].replace("", None))
    derived = np.where(start > today, "planned", np.where(end.notna() & (end < today), "completed", "ongoing"))
    return df["status"].where(df["status"] != "", pd.Series(derived, index=df.index))


def unescape(markdown: str) -> str:
    """The text a reader sees in Markdown made by ``plain()``: no escapes, no word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


# ---------------------------------------------------------------- driving the app


def start(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, at.exception
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def shown_count(at: AppTest) -> tuple[int, int]:
    """The sidebar's "**N** of M" as two numbers."""
    texts = [m.value for m in at.sidebar.markdown if m.value.startswith("**")]
    assert len(texts) == 1, texts
    numbers = [int(re.sub(r"\D", "", n)) for n in re.findall(r"\d[\d\s\u202f\u2009.,]*", texts[0])]
    return numbers[0], numbers[1]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def params(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def value_of(at: AppTest, key: str):
    return at.multiselect(key=key).value if key != "filter_years" else at.slider(key=key).value


# ---------------------------------------------------------------- every dataset and language


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dataset", ["demo", "examples"])
def test_pages_in_each_dataset_and_language(dataset, lang):
    rows = read(dataset)
    total = len(rows)
    link = {"lang": lang} | ({"data": dataset} if dataset != "demo" else {})
    at = start(**link)

    # Overview (the default page)
    assert [t.value for t in at.main.title] == [translate("nav.page.overview", lang)]
    assert shown_count(at) == (total, total)
    assert len(at.metric) == 8
    assert at.metric[0].label == translate("overview.n_initiatives", lang)
    assert at.metric[0].value == format_number(total, lang)
    assert len(at.get("plotly_chart")) == 2
    banners = infos(at)
    assert (translate("shell.demo_banner", lang) in banners) == (dataset == "demo")
    assert (translate("shell.examples_banner", lang) in banners) == (dataset == "examples")
    assert params(at) == link
    assert at.selectbox(key="dataset").value == dataset and at.selectbox(key="lang").value == lang

    # Initiatives: the whole table
    goto(at, "initiatives")
    assert [t.value for t in at.main.title] == [translate("nav.page.initiatives", lang)]
    assert len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert sorted(table["id"]) == sorted(rows["id"])
    assert params(at) == link

    # Data: the validation report of the file in use
    goto(at, "data")
    assert [t.value for t in at.main.title] == [translate("nav.page.data", lang)]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("data.rows_in", lang)] == format_number(total, lang)
    assert metrics[translate("data.rows_loaded", lang)] == format_number(total, lang)
    assert metrics[translate("data.rows_rejected", lang)] == "0"
    assert translate("data.no_rejected", lang) in [c.value for c in at.caption]


# ---------------------------------------------------------------- filters in the URL


def test_theme_filter_in_the_link_reduces_the_count(demo):
    expected = int(has_code(demo["themes"], "mobility").sum())
    assert 0 < expected < len(demo)
    at = start(themes="mobility", lang="en")
    assert shown_count(at) == (expected, len(demo))
    assert at.metric[0].value == format_number(expected, "en")
    assert value_of(at, "filter_themes") == ["mobility"]
    assert params(at) == {"lang": "en", "themes": "mobility"}


def test_link_fills_the_widgets_stays_in_the_url_and_follows_them(demo):
    link = {"years": "2021-2023", "themes": "urban_planning", "communes": "21015,21006", "level": "communal"}
    selected = (
        start_year(demo).between(2021, 2023)
        & has_code(demo["themes"], "urban_planning")
        & has_code(demo["communes"], "21015", "21006")
        & (demo["organiser_level"] == "communal")
    )
    assert 0 < selected.sum() < len(demo)
    at = start(**link)
    assert value_of(at, "filter_years") == (2021, 2023)
    assert value_of(at, "filter_themes") == ["urban_planning"]
    assert value_of(at, "filter_communes") == ["21015", "21006"]
    assert value_of(at, "filter_organiser_level") == ["communal"]
    assert value_of(at, "filter_status") == []
    assert params(at) == {"lang": "fr", **link}
    assert shown_count(at) == (int(selected.sum()), len(demo))

    # A widget changed by the user: the count and the link follow.
    at.multiselect(key="filter_status").set_value(["completed"]).run()
    assert not at.exception
    narrower = selected & (status(demo) == "completed")
    assert 0 < narrower.sum() < selected.sum()
    assert shown_count(at) == (int(narrower.sum()), len(demo))
    assert params(at) == {"lang": "fr", **link, "status": "completed"}

    # Reset: every filter off, the link keeps only the language.
    reset = [b for b in at.sidebar.button if b.label == translate("shell.reset", "fr")]
    assert len(reset) == 1
    reset[0].click().run()
    assert not at.exception
    assert shown_count(at) == (len(demo), len(demo))
    assert params(at) == {"lang": "fr"}
    assert value_of(at, "filter_themes") == [] and value_of(at, "filter_communes") == []
    years = start_year(demo)
    assert value_of(at, "filter_years") == (years.min(), years.max())


def test_garbage_in_the_link_is_named_and_ignored(demo):
    at = start(themes="nonsense", years="abc", lang="xx", foo="bar", data="zzz")
    notices = [i for i in infos(at) if i.startswith(translate("shell.ignored_params", "fr", params="").rstrip())]
    assert len(notices) == 1
    for name in ("themes=nonsense", "years=abc", "lang=xx", "foo", "data=zzz"):
        assert name in unescape(notices[0])
    assert shown_count(at) == (len(demo), len(demo))
    assert params(at) == {"lang": "fr"}
    assert translate("shell.demo_banner", "fr") in infos(at)


def test_link_values_are_shown_as_text_not_markdown(demo):
    at = start(themes="[x](https://e.org)")
    notice = next(i for i in infos(at) if "e\\.org" in i)
    assert "](" not in notice and unescape(notice).endswith("themes=[x](https://e.org)")


def test_filter_leaving_nothing_says_so_instead_of_figures(demo):
    at = start(q="zzzzzz", lang="nl")
    assert shown_count(at) == (0, len(demo))
    assert [w.value for w in at.warning] == [translate("shell.no_match", "nl")]
    assert len(at.metric) == 0 and len(at.get("plotly_chart")) == 0
    goto(at, "initiatives")
    assert [w.value for w in at.warning] == [translate("shell.no_match", "nl")]
    assert len(at.dataframe) == 0
    assert params(at) == {"lang": "nl", "q": "zzzzzz"}


# ---------------------------------------------------------------- a link to one initiative


def test_link_to_an_initiative_opens_its_record(demo):
    plain_titles = demo["title_nl"].str.fullmatch(r"[\w\s–]+")
    row = demo[plain_titles].iloc[0]
    at = start("initiatives", initiative=row["id"], lang="nl")
    assert [s.value for s in at.main.subheader] == [row["title_nl"]]
    assert translate("initiatives.close", "nl") in [b.label for b in at.main.button]
    assert params(at)["initiative"] == row["id"]

    # The same link with the initiative filtered out.
    other_theme = next(
        code
        for code in ("mobility", "housing", "urban_planning")
        if not has_code(pd.Series([row["themes"]]), code).iloc[0]
    )
    at.multiselect(key="filter_themes").set_value([other_theme]).run()
    assert [s.value for s in at.main.subheader] == []
    assert [unescape(w.value) for w in at.warning] == [translate("initiatives.filtered_out", "nl", id=row["id"])]

    # An identifier that no initiative has.
    at.query_params["initiative"] = "NOPE-404"
    at.multiselect(key="filter_themes").set_value([]).run()
    assert not at.exception
    assert [s.value for s in at.main.subheader] == []
    assert [unescape(w.value) for w in at.warning] == [translate("initiatives.not_found", "nl", id="NOPE-404")]
    assert len(at.dataframe) == 1


# ---------------------------------------------------------------- a configured file (PARTDASH_DATA)


def test_configured_file_with_rejected_rows_reports_them(tmp_path, monkeypatch):
    good = {
        "organiser": "Commune d'Ixelles",
        "organiser_level": "communal",
        "perimeter": "commune",
        "communes": "21009",
        "themes": "mobility",
        "participation_level": "consultation",
        "start_date": "2022-03-01",
        "title_fr": "Rue scolaire",
    }
    rows = [
        dict(good, id="E-1"),
        dict(good, id="E-2", themes="not a theme"),
        dict(good, id="E-3"),
        dict(good, id="E-4", organiser=""),
    ]
    path = tmp_path / "configured.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    monkeypatch.setenv("PARTDASH_DATA", str(path))
    # Every start is in 2022: no period slider, so a period from the link must not filter.
    at = start(lang="en", years="2019-2021")
    assert at.selectbox(key="dataset").value == "env"
    assert shown_count(at) == (2, 2)
    assert params(at) == {"lang": "en"}
    assert [w.value for w in at.warning] == [translate("shell.rejected_note", "en", count=2)]
    goto(at, "data")
    assert [w.value for w in at.warning] == []
    assert not any(translate("shell.demo_banner", "en") == i for i in infos(at))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == "4" and metrics["Loaded"] == "2" and metrics["Rejected"] == "2"
    rejected = at.dataframe[0].value
    assert rejected[translate("data.col_row", "en")].tolist() == [3, 5]  # file lines: the header is line 1
    assert rejected[translate("data.col_field", "en")].tolist() == ["themes", "organiser"]


def test_unusable_configured_file_falls_back_to_the_demo(tmp_path, monkeypatch, demo):
    path = tmp_path / "broken.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    monkeypatch.setenv("PARTDASH_DATA", str(path))
    at = start(lang="en")
    assert [unescape(e.value) for e in at.error] == [
        translate("shell.load_failed", "en", message=caught.value.message("en"))
    ]
    assert shown_count(at) == (len(demo), len(demo))
    assert translate("shell.demo_banner", "en") in infos(at)
    goto(at, "data")
    assert {m.label: m.value for m in at.metric}["Rows read"] == format_number(len(demo), "en")


# ---------------------------------------------------------------- chart modules with the page


def test_each_page_declares_the_kinds_of_chart_it_draws():
    """``serve`` loads a page's chart modules with its HTML from this declaration: a chart
    it leaves out waits for the first run, one too many costs every visit its evaluation."""
    from partdash.ui.shell import PAGES

    at = start()
    for _, stem, _, charts in PAGES:
        goto(at, stem)
        drawn = {
            kind for kind, element in (("plotly", "plotly_chart"), ("deck", "deck_gl_json_chart")) if at.get(element)
        }
        assert set(charts) == drawn, stem


def test_each_page_html_names_the_modules_of_its_charts_after_streamlits_own():
    from streamlit import file_util

    from partdash.ui.serve import CHART_MODULES, chart_scripts
    from partdash.ui.shell import DEFAULT_PAGE, PAGES

    static = Path(file_util.get_static_dir())
    pages = chart_scripts(static)
    for _, stem, _, charts in PAGES:
        html = pages.get("" if stem == DEFAULT_PAGE else stem)
        if not charts:
            assert html is None, stem
            continue
        sources = re.findall(r'<script type="module" crossorigin src="\./(static/js/[^"]+)"', html)
        assert sources[0].startswith("static/js/index.") and all((static / s).is_file() for s in sources)
        assert [Path(s).name.split(".")[0] for s in sources[1:]] == [CHART_MODULES[kind] for kind in charts], stem
