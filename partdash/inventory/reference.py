"""Reference geography of the Brussels-Capital Region, shipped in ``data/reference/``.

Read once per process (``lru_cache``): the files never change while the app runs, and
every page needs them. Callers must treat the returned frames as read-only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely import Geometry

from partdash.inventory.vocab import normalise_token

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

# The UrbIS licence's attribution message, shown as worded in every language; the Statbel
# source and dates are phrased in each language by the catalogue (shell.attribution).
ATTRIBUTION = {"urbis": "Brussels UrbIS®© – Distribution & Copyright Paradigm (CIRB)"}

# Names in use for communes beyond the two official ones in the reference file.
_EXTRA_COMMUNE_NAMES = {
    "21004": ("Bruxelles-Ville", "Ville de Bruxelles", "Stad Brussel", "Brussel-Stad", "City of Brussels", "Brussels"),
    "21012": ("Molenbeek", "Molenbeek-St-Jean"),
    "21013": ("St-Gilles",),
    "21014": ("Saint-Josse", "Sint-Joost"),
}


@lru_cache(maxsize=1)
def communes() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(REFERENCE_DIR / "communes.geojson")
    gdf["nis"] = gdf["nis"].astype(str)
    return gdf.sort_values("nis").reset_index(drop=True)


@lru_cache(maxsize=1)
def quartiers() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(REFERENCE_DIR / "quartiers.geojson")
    gdf["mdrc"] = gdf["mdrc"].astype(int)
    gdf["commune_nis"] = gdf["commune_nis"].astype(str)
    # UrbIS names are upper case and unaccented; the names shown come from a table of the
    # names as written in French and Dutch (data/reference/README.md says where from).
    names = pd.read_csv(REFERENCE_DIR / "quartier_names.csv", dtype={"mdrc": int}).set_index("mdrc")
    gdf["label_fr"] = gdf["mdrc"].map(names["name_fr"])
    gdf["label_nl"] = gdf["mdrc"].map(names["name_nl"])
    keep = [
        "mdrc",
        "name_fr",
        "name_nl",
        "label_fr",
        "label_nl",
        "commune_nis",
        "zone_type",
        "communes_overlap",
        "geometry",
    ]
    return gdf[keep].sort_values("mdrc").reset_index(drop=True)


@lru_cache(maxsize=1)
def population() -> pd.DataFrame:
    """Population per commune on 1 January of the latest year in the reference file."""
    pop = pd.read_csv(REFERENCE_DIR / "population_communes.csv", dtype={"nis": str})
    latest = int(pop["year"].max())
    out = pop[pop["year"] == latest][["nis", "population"]].set_index("nis")["population"]
    out.attrs["year"] = latest
    return out


@lru_cache(maxsize=1)
def region_bounds_buffered() -> Geometry:
    """The region with a 500 m margin, so that points on a boundary line are not rejected."""
    return communes().to_crs(31370).geometry.union_all().buffer(500)


@lru_cache(maxsize=1)
def _commune_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in communes().itertuples():
        for name in (row.nis, row.name_fr, row.name_nl, *_EXTRA_COMMUNE_NAMES.get(row.nis, ())):
            table[normalise_token(name)] = row.nis
    return table


def resolve_commune(value: str) -> str | None:
    """NIS code of a commune given its NIS code or any of its FR/NL names, else None."""
    return _commune_aliases().get(normalise_token(value))


@lru_cache(maxsize=1)
def _quartier_aliases() -> dict[str, int]:
    table: dict[str, int] = {}
    for row in quartiers().itertuples():
        for name in (str(row.mdrc), row.name_fr, row.name_nl, row.label_fr, row.label_nl):
            table.setdefault(normalise_token(name), int(row.mdrc))
    return table


def resolve_quartier(value: str) -> int | None:
    """Monitoring des Quartiers code given the code or the FR/NL name, else None."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return _quartier_aliases().get(normalise_token(text))


def commune_name(nis: str, lang: str) -> str:
    row = communes().set_index("nis")
    col = "name_nl" if lang == "nl" else "name_fr"
    return str(row.at[nis, col]) if nis in row.index else str(nis)


def commune_names(lang: str) -> dict[str, str]:
    col = "name_nl" if lang == "nl" else "name_fr"
    return dict(zip(communes()["nis"], communes()[col], strict=False))


def quartier_names(lang: str) -> dict[int, str]:
    col = "label_nl" if lang == "nl" else "label_fr"
    return dict(zip(quartiers()["mdrc"], quartiers()[col], strict=False))
