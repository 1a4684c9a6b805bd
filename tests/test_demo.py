"""The demonstration inventory: reproducible, valid, geographically sound and calibrated."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from partdash.demo.generator import AS_OF, KINDS_FILE, generate_inventory, generate_organisers, load_kinds, write_demo
from partdash.inventory.schema import COLUMN_ORDER
from partdash.inventory.vocab import CODED_FIELDS, FOLLOWUP_CHAIN, FOLLOWUP_FIELDS, VOCABULARIES, vocabulary_for

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
COMMITTED = ROOT / "data" / "demo" / "demo_inventory.csv"


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return generate_inventory(2000, seed=11)


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(REFERENCE / "communes.geojson")
    return gdf.assign(nis=gdf["nis"].astype(str)).set_index("nis")


@pytest.fixture(scope="module")
def quartiers() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(REFERENCE / "quartiers.geojson")
    return gdf.assign(mdrc=gdf["mdrc"].astype(int), commune_nis=gdf["commune_nis"].astype(str)).set_index("mdrc")


def _codes(series: pd.Series) -> pd.Series:
    """One row per code of a ';'-joined column (empty cells dropped)."""
    return series.dropna().str.split(";").explode()


def _has(series: pd.Series, code: str) -> pd.Series:
    return series.fillna("").str.split(";").map(lambda codes: code in codes)


def test_same_seed_gives_identical_output():
    first, second = generate_inventory(300, seed=7), generate_inventory(300, seed=7)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(generate_organisers(first, 7), generate_organisers(second, 7))


def test_another_seed_gives_other_rows():
    a, b = generate_inventory(300, seed=7), generate_inventory(300, seed=8)
    assert (a["title_fr"] != b["title_fr"]).mean() > 0.5
    assert (a["start_date"] != b["start_date"]).mean() > 0.5


@pytest.mark.parametrize("n, width", [(1, 4), (148, 4), (12_345, 5)])
def test_row_count_columns_and_ids(n, width):
    df = generate_inventory(n, seed=3)
    assert len(df) == n
    assert list(df.columns) == [*COLUMN_ORDER, "lat", "lon"]
    assert df["id"].is_unique
    assert df["id"].iloc[0] == "DEMO-" + "1".zfill(width)
    assert df["id"].str.fullmatch(rf"DEMO-\d{{{width}}}").all()


def test_every_code_is_in_its_vocabulary(sample, communes, quartiers):
    for field in (*CODED_FIELDS, *FOLLOWUP_FIELDS):
        used = set(_codes(sample[field]))
        assert used <= set(vocabulary_for(field).codes), field
    assert set(_codes(sample["communes"])) <= set(communes.index)
    used_quartiers = _codes(sample["quartiers"]).astype(int)
    assert set(used_quartiers) <= set(quartiers.index)
    assert (quartiers.loc[used_quartiers.unique(), "zone_type"] == "residential").all()
    for field in ("themes", "selection", "formats", "mobilisation", "publics", "communes", "quartiers"):
        lists = sample[field].dropna().str.split(";")
        assert lists.map(lambda codes: len(codes) == len(set(codes))).all(), field
    assert sample["themes"].notna().all()
    assert sample["themes"].str.split(";").map(len).between(1, 3).all()


def test_dates_status_and_numbers_are_consistent(sample):
    iso = r"\d{4}-\d{2}-\d{2}"
    assert sample["start_date"].str.fullmatch(iso).all()
    assert sample["end_date"].dropna().str.fullmatch(iso).all()
    start = pd.to_datetime(sample["start_date"], format="%Y-%m-%d")
    end = pd.to_datetime(sample["end_date"], format="%Y-%m-%d")
    assert (end.dropna() >= start[end.notna()]).all()
    as_of = pd.Timestamp(AS_OF)
    status = sample["status"]
    assert (start[status == "planned"] > as_of).all()
    assert (start[status.isin(["ongoing", "completed"])] <= as_of).all()
    assert (end[status == "completed"] < as_of).all()
    ongoing = status == "ongoing"
    assert (end[ongoing].isna() | (end[ongoing] >= as_of)).all()
    assert 0 < status.isna().mean() < 0.08
    assert pd.to_datetime(sample["updated"], format="%Y-%m-%d").dt.year.eq(2024).all()
    for field in ("participants", "budget_eur"):
        values = sample[field].dropna()
        assert (values >= 0).all() and 0.2 < sample[field].isna().mean() < 0.9, field
    urls = sample["url"].dropna()
    assert (urls == "https://example.org/demo/" + sample.loc[urls.index, "id"]).all()


def test_perimeters_communes_and_quartiers_agree(sample, quartiers):
    region = sample["perimeter"] == "region"
    assert region.any()
    assert sample.loc[region, ["communes", "quartiers", "lat", "lon"]].isna().all().all()
    local = sample[~region]
    assert local["communes"].notna().all()
    n_communes = local["communes"].str.split(";").map(len)
    assert n_communes[local["perimeter"] == "multi_commune"].between(2, 3).all()
    assert (n_communes[local["perimeter"] != "multi_commune"] == 1).all()
    assert local.loc[local["perimeter"] == "neighbourhood", "quartiers"].notna().all()
    listed = _codes(local["quartiers"]).astype(int)
    home = listed.map(quartiers["commune_nis"])
    in_listed_communes = [h in local.at[i, "communes"].split(";") for i, h in home.items()]
    assert pd.Series(in_listed_communes, index=home.index).groupby(level=0).any().all()


def test_precise_points_lie_in_their_quartier_and_communes(sample, communes, quartiers):
    region_shape = communes.geometry.union_all()
    points = sample.dropna(subset=["lat"])
    assert points["lon"].notna().all() and points["quartiers"].notna().all()
    assert shapely.contains_xy(region_shape, points["lon"], points["lat"]).all()
    located = gpd.GeoDataFrame(
        {"id": points["id"]}, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=communes.crs
    )
    for field, areas in (("communes", communes), ("quartiers", quartiers)):
        hits = located.sjoin(areas[["geometry"]].rename_axis("area").reset_index(), predicate="within")
        listed = points[field].str.split(";")
        inside = [str(a) in listed[i] for i, a in zip(hits.index, hits["area"], strict=False)]
        assert set(hits.index[inside]) == set(points.index), field
    share = sample.loc[sample["perimeter"] != "region", "lat"].notna().mean()
    assert 0.3 <= share <= 0.5


def test_proposals_add_up(sample):
    counts = sample[["proposals_total", "proposals_adopted", "proposals_modified", "proposals_rejected"]]
    assert (counts.dropna(how="all").fillna(0) >= 0).all().all()
    fates = counts[["proposals_adopted", "proposals_modified", "proposals_rejected"]]
    assert counts.loc[fates.notna().any(axis=1), "proposals_total"].notna().all()
    decided = fates.dropna()
    assert (decided.sum(axis=1) <= counts.loc[decided.index, "proposals_total"]).all()
    assert 0.2 <= counts["proposals_total"].notna().mean() <= 0.4


def test_followup_funnel_and_unknown_shares(sample):
    yes_rates = []
    for field in FOLLOWUP_FIELDS:
        known = sample[field].dropna()
        assert 0.15 <= 1 - len(known) / len(sample) <= 0.35, field
        if field in FOLLOWUP_CHAIN:
            yes_rates.append((known == "yes").mean())
    assert yes_rates == sorted(yes_rates, reverse=True) and len(set(yes_rates)) == len(yes_rates)


def test_frameworks_and_response_duty_follow_the_kind_of_initiative(sample):
    cqd = sample["title_fr"].str.startswith("Contrat de quartier durable")
    assert sample.loc[cqd, "framework"].dropna().eq("cqd").all()
    assert _has(sample.loc[cqd, "themes"], "urban_planning").all()
    panels = sample["organiser"] == "Parlement bruxellois"
    assert sample.loc[panels, "framework"].dropna().eq("deliberative_committee").all()
    assert _has(sample.loc[panels, "selection"].dropna(), "sortition").all()
    duty = sample["framework"].isin(["deliberative_committee", "climate_assembly"])
    assert sample.loc[duty, "response_obligation"].dropna().eq("yes").all()
    assert (sample.loc[~duty, "response_obligation"].dropna() == "yes").mean() < 0.05
    budgets = sample["framework"] == "participatory_budget"
    assert sample.loc[budgets, "recurrence"].isin(["recurring", "permanent"]).mean() > 0.7


def test_distributions_are_near_the_published_shares(sample):
    year = sample["start_date"].str[:4].astype(int)
    assert 0.74 <= year.between(2019, 2023).mean() <= 0.90
    assert year.min() < 2019 and year.max() > 2023
    assert 0.44 <= _has(sample["themes"], "urban_planning").mean() <= 0.58
    assert 0.58 <= (sample["organiser_level"] == "communal").mean() <= 0.74
    assert 0.2 <= (sample["organiser_level"] == "regional").mean() <= 0.36
    known_selection = sample["selection"].dropna()
    assert 0.1 <= sample["selection"].isna().mean() <= 0.2
    assert 0 < _has(known_selection, "sortition").mean() < 0.10
    level = sample["participation_level"].value_counts(normalize=True)
    assert 0 < level["co_decision"] < 0.08
    assert level["consultation"] + level["co_construction"] > 0.7
    assert 0.08 <= level["information"] <= 0.22
    assert 0.12 <= sample["recurrence"].isin(["recurring", "permanent"]).mean() <= 0.28
    start = pd.to_datetime(sample["start_date"])
    end = pd.to_datetime(sample["end_date"])
    months = ((end - start).dt.days / 30.44)[sample["recurrence"] != "permanent"].dropna()
    assert 11 <= months.median() <= 17
    assert months.between(12, 24).mean() > 0.4
    assert (months <= 6).mean() > 0.1
    assert sample["end_date"].isna().mean() > 0.05


def test_organisers_table_matches_the_inventory(sample):
    organisers = generate_organisers(sample, seed=11)
    assert list(organisers.columns) == ["organiser", "organiser_level", "commune", "participation_staff"]
    assert organisers["organiser"].is_unique
    assert set(organisers["organiser"]) == set(sample["organiser"])
    levels = sample.drop_duplicates("organiser").set_index("organiser")["organiser_level"]
    assert (organisers.set_index("organiser")["organiser_level"] == levels.loc[organisers["organiser"]]).all()
    assert set(organisers["participation_staff"]) <= set(VOCABULARIES["participation_staff"].codes)
    communal = organisers.dropna(subset=["commune"]).set_index("organiser")["commune"]
    rows = sample[sample["organiser"].isin(communal.index)]
    assert all(communal[o] in c.split(";") for o, c in zip(rows["organiser"], rows["communes"], strict=False))
    town_halls = organisers[organisers["organiser"].str.match(r"(Commune d|Ville de )")]
    assert town_halls["commune"].nunique() == 19
    assert town_halls["participation_staff"].value_counts().to_dict() == {"officer": 7, "service": 6, "none": 6}


def test_communes_with_a_participation_service_organise_more(sample):
    organisers = generate_organisers(sample, seed=11)
    town_halls = organisers[organisers["organiser"].str.match(r"(Commune d|Ville de )")]
    per_commune = _codes(sample["communes"]).value_counts()
    counts = town_halls.assign(n=town_halls["commune"].map(per_commune).fillna(0))
    mean = counts.groupby("participation_staff")["n"].mean()
    assert mean["service"] > mean["none"]


def test_committed_demo_files_are_write_demo_output(tmp_path):
    inventory, organisers = write_demo(tmp_path / "demo_inventory.csv", n=148, seed=2025)
    assert organisers == tmp_path / "demo_inventory_organisers.csv"
    assert inventory.read_bytes() == COMMITTED.read_bytes()
    assert organisers.read_bytes() == COMMITTED.with_name("demo_inventory_organisers.csv").read_bytes()


def test_written_csv_reads_back_as_the_generated_frame(tmp_path):
    path, _ = write_demo(tmp_path / "inventory.csv", n=60, seed=5)
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\b(nan|NaN|<NA>|None|True|False)\b", text)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back.columns) == [*COLUMN_ORDER, "lat", "lon"]
    generated = generate_inventory(60, seed=5)
    for column in ("participants", "budget_eur", "proposals_total"):
        expected = generated[column].map(lambda v: "" if pd.isna(v) else str(int(v)))
        assert (back[column] == expected).all(), column
    assert (back["communes"] == generated["communes"].fillna("")).all()
    lat = back["lat"].replace("", np.nan).astype(float)
    assert np.allclose(lat.dropna(), generated["lat"].dropna(), atol=1e-6)


def test_generator_reproduces_the_committed_demo_byte_for_byte(tmp_path):
    inventory, organisers = write_demo(tmp_path / "demo_inventory.csv", n=148, seed=2025)
    assert inventory.read_bytes() == COMMITTED.read_bytes()
    assert organisers.read_bytes() == COMMITTED.with_name("demo_inventory_organisers.csv").read_bytes()


def test_kinds_file_rejects_an_unknown_code(tmp_path):
    text = KINDS_FILE.read_text(encoding="utf-8").replace("urban_planning = inf", "urban_plannning = inf", 1)
    (tmp_path / "kinds.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="urban_plannning"):
        load_kinds.__wrapped__(tmp_path / "kinds.toml")
