"""The public-examples dataset: real initiatives in the canonical CSV layout, every value
a valid code, commune or quartier, every row with its source, and loadable as is.
Codes and places are checked against vocab and the reference GeoJSON read directly."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import COLUMN_ORDER, COORD_COLUMNS, FIELDS, PROPOSAL_FIELDS
from partdash.inventory.vocab import CODED_FIELDS, FOLLOWUP_FIELDS, vocabulary_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples" / "examples.csv"
REFERENCE = ROOT / "data" / "reference"
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _features(name: str) -> list[dict]:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))["features"]


NIS = {str(f["properties"]["nis"]) for f in _features("communes.geojson")}
# Each quartier's communes, from the share of its area in each commune ("21001:0.84;21013:0.16").
QUARTIER_COMMUNES = {
    int(f["properties"]["mdrc"]): {part.split(":")[0] for part in f["properties"]["communes_overlap"].split(";")}
    for f in _features("quartiers.geojson")
}


@pytest.fixture(scope="module")
def header_and_rows() -> tuple[list[str], list[dict[str, str]]]:
    with EXAMPLES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


@pytest.fixture(scope="module")
def rows(header_and_rows) -> list[dict[str, str]]:
    return header_and_rows[1]


def _values(cell: str) -> list[str]:
    return [v for v in cell.split(";") if v]


def test_canonical_layout(header_and_rows):
    header, _ = header_and_rows
    assert header[: len(COLUMN_ORDER)] == list(COLUMN_ORDER)
    assert set(header[len(COLUMN_ORDER) :]) <= set(COORD_COLUMNS)
    raw = EXAMPLES.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_size_and_ids(rows):
    assert 30 <= len(rows) <= 40
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"EX-[A-Z]+-\d{2}", i) for i in ids), ids


def test_every_row_has_its_source(rows):
    for r in rows:
        assert re.fullmatch(r"https?://\S+", r["url"]), r["id"]


def test_required_fields_present(rows):
    required = [f.name for f in FIELDS if f.required]
    assert {"id", "organiser", "organiser_level", "perimeter", "themes", "participation_level", "start_date"} <= set(
        required
    )
    for r in rows:
        for name in required:
            assert r[name].strip(), (r["id"], name)
        assert r["title_fr"].strip() or r["title_nl"].strip(), r["id"]
        if r["perimeter"] != "region":
            assert _values(r["communes"]), r["id"]


@pytest.mark.parametrize("field", CODED_FIELDS + FOLLOWUP_FIELDS)
def test_codes_are_canonical(rows, field):
    """Canonical codes, not labels: the file is the reference layout."""
    vocab = vocabulary_for(field)
    for r in rows:
        values = _values(r[field]) if vocab.multi else ([r[field]] if r[field] else [])
        assert all(v in vocab.codes for v in values), (r["id"], field, r[field])
        assert vocab.multi or ";" not in r[field], (r["id"], field)


def test_communes_and_quartiers_exist_and_agree(rows):
    for r in rows:
        communes = set(_values(r["communes"]))
        assert communes <= NIS, (r["id"], communes - NIS)
        for code in _values(r["quartiers"]):
            assert code.isdigit() and int(code) in QUARTIER_COMMUNES, (r["id"], code)
            assert QUARTIER_COMMUNES[int(code)] & communes, (r["id"], code, "quartier outside the row's communes")


def test_dates_are_iso_and_ordered(rows):
    for r in rows:
        for name in ("start_date", "end_date", "updated"):
            if r[name]:
                m = DATE.match(r[name])
                assert m, (r["id"], name, r[name])
                date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        if r["end_date"]:
            assert r["end_date"] >= r["start_date"][: len(r["end_date"])], r["id"]


def test_numbers_are_plain_non_negative(rows):
    numeric = [f.name for f in FIELDS if f.kind in ("int", "number")]
    for r in rows:
        for name in numeric:
            assert r[name] == "" or re.fullmatch(r"\d+", r[name]), (r["id"], name, r[name])
        total, *parts = (r[n] for n in PROPOSAL_FIELDS)
        if total:
            assert sum(int(p) for p in parts if p) <= int(total), r["id"]


def test_examples_load_without_rejected_rows(rows):
    inventory = load_inventory(EXAMPLES)
    assert inventory.report.rows_rejected == 0, [f.as_dict() for f in inventory.report.errors]
    assert inventory.report.rows_in == len(rows)
    assert sorted(inventory.data["id"]) == sorted(r["id"] for r in rows)
    assert not inventory.is_demo
