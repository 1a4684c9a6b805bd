"""The later demonstration edition: committed copy matches its generator, the first
edition is left as it was, and what changed is what the story says (only forward)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from partdash.analysis.editions import STATUS_ORDER, compare
from partdash.demo.generator import write_demo
from partdash.demo.later import N_NEW, N_REMOVED
from partdash.inventory.loader import load_inventory

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
FIRST, LATER = DEMO / "demo_inventory.csv", DEMO / "demo_inventory_2025b.csv"


@pytest.fixture(scope="module")
def diff():
    return compare(load_inventory(FIRST).data, load_inventory(LATER).data)


def test_committed_editions_are_the_generator_output(tmp_path):
    written = write_demo(tmp_path / "demo_inventory.csv", n=148, seed=2025, later=True)
    assert [p.name for p in written] == [
        "demo_inventory.csv",
        "demo_inventory_organisers.csv",
        "demo_inventory_2025b.csv",
        "demo_inventory_2025b_organisers.csv",
    ]
    for path in written:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), path.name


def test_later_edition_loads_whole_and_is_labelled_demo():
    later = load_inventory(LATER)
    assert later.report.rows_rejected == 0 and later.is_demo
    assert later.organisers is not None and set(later.data["organiser"]) <= set(later.organisers["organiser"])


def test_new_and_removed(diff):
    assert len(diff.removed) == N_REMOVED
    assert len(diff.added) == N_NEW
    assert all(i.startswith("DEMO-") for i in diff.added)
    new = load_inventory(LATER).data.set_index("id").loc[diff.added]
    assert (new["start_date"] >= pd.Timestamp("2024-07-01")).all()


def test_everything_moves_forward(diff):
    status = diff.transitions("status")
    assert status["count"].sum() > 10
    rank = {code: i for i, code in enumerate(STATUS_ORDER)}
    assert all(rank[o] < rank[n] for o, n in zip(status["old"], status["new"], strict=True))
    followup = diff.transitions("followup")
    pairs = set(zip(followup["old"], followup["new"], strict=True))
    assert pairs <= {("unknown", "yes"), ("unknown", "no"), ("no", "yes")} and ("no", "yes") in pairs
    updated = diff.field_changes[diff.field_changes["field"] == "updated"]
    assert (updated["new"] > updated["old"]).all()
    assert set(updated["id"]) == set(diff.changed)  # every changed record says when
