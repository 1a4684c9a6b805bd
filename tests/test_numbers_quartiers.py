"""The accented quartier names (typed by hand: no accented list is published in a machine-
readable form) spell, letter for letter, the UrbIS names they stand for: only accents,
case and punctuation differ."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


def folded(name: str) -> str:
    """A name as UrbIS writes it: upper case, no accents, words apart."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", " ", plain.upper()).strip()


def test_folding_finds_a_changed_letter():
    assert folded("Cimetière d'Ixelles") == folded("CIMETIERE D'IXELLES") == "CIMETIERE D IXELLES"
    assert folded("Bosnië") != folded("BOSNIA")


def test_every_accented_name_spells_its_urbis_name():
    urbis = {
        f["properties"]["mdrc"]: f["properties"]
        for f in json.loads((REFERENCE / "quartiers.geojson").read_text(encoding="utf-8"))["features"]
    }
    names = pd.read_csv(REFERENCE / "quartier_names.csv", encoding="utf-8")
    assert sorted(names["mdrc"]) == sorted(urbis)
    differ = [
        (row.mdrc, lang, getattr(row, f"name_{lang}"))
        for row in names.itertuples()
        for lang in ("fr", "nl")
        if folded(getattr(row, f"name_{lang}")) != folded(urbis[row.mdrc][f"name_{lang}"])
    ]
    assert differ == []
