"""Comparing two editions: exact added / removed / changed lists and field changes on
crafted pairs, reordered lists and labels-for-codes that are no change, moves, the CLI."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partdash import memo
from partdash.analysis.editions import compare
from partdash.cli import main
from partdash.inventory.loader import load_inventory
from partdash.outputs.changes import changes_table, to_csv_bytes, to_xlsx_bytes

HEADER = (
    "id,title_fr,organiser,organiser_level,perimeter,communes,themes,participation_level,"
    "formats,start_date,end_date,status,feedback_to_participants,results_published,participants\n"
)
OLD = HEADER + (
    "A1,Budget participatif,Commune d'Ixelles,communal,commune,21009,housing;mobility,consultation,"
    "workshop;survey,2022-01-01,,ongoing,,no,40\n"
    "A2,Conseil de quartier,Commune d'Etterbeek,communal,neighbourhood,21005,urban_planning,co_construction,"
    "workshop,2021-03-01,2023-03-01,completed,no,yes,25\n"
    "A3,Panel climat,Bruxelles Environnement,regional,region,,environment_climate,co_decision,"
    "citizens_panel,2022-05-01,,ongoing,,,100\n"
    "A4,Enquête,Commune de Forest,communal,commune,21007,mobility,consultation,survey,2020-01-01,,planned,,,\n"
)
# A1: same values written as labels, lists reordered, commune by name: no change.
# A2: feedback no -> yes, participants 25 -> 30. A3: status ongoing -> completed, end date set,
# feedback unknown -> yes. A4 removed. A5 added.
NEW = HEADER + (
    "A1,Budget participatif,Commune d'Ixelles,Communal,Commune,Ixelles,Mobilité;Logement,Consultation,"
    "survey;workshop,2022-01-01,,En cours,,non,40\n"
    "A2,Conseil de quartier,Commune d'Etterbeek,communal,neighbourhood,21005,urban_planning,co_construction,"
    "workshop,2021-03-01,2023-03-01,completed,yes,yes,30\n"
    "A3,Panel climat,Bruxelles Environnement,regional,region,,environment_climate,co_decision,"
    "citizens_panel,2022-05-01,2024-05-01,completed,yes,,100\n"
    "A5,Nouvelle marche,Commune de Forest,communal,commune,21007,mobility,information,walk,2024-01-01,,,,,\n"
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    old, new = folder / "old.csv", folder / "new.csv"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


@pytest.fixture(scope="module")
def diff(pair):
    old, new = pair
    return compare(load_inventory(old).data, load_inventory(new).data)


def test_added_removed_changed_are_exact(diff):
    assert diff.added == ["A5"]
    assert diff.removed == ["A4"]
    assert diff.changed == ["A2", "A3"]


def test_field_changes_are_exact(diff):
    got = sorted(map(tuple, diff.field_changes[["id", "field", "old", "new"]].to_numpy().tolist()))
    assert got == [
        ("A2", "feedback_to_participants", "no", "yes"),
        ("A2", "participants", 25, 30),
        ("A3", "end_date", None, "2024-05-01"),
        ("A3", "feedback_to_participants", None, "yes"),
        ("A3", "status", "ongoing", "completed"),
    ]


def test_reordered_lists_and_labels_are_no_change_on_raw_text_frames():
    """A frame still holding text (as a database or a raw read gives) is canonicalised first."""
    old = pd.DataFrame({"id": ["X"], "themes": ["housing;mobility"], "status": ["ongoing"], "communes": ["21009"]})
    new = pd.DataFrame({"id": ["X"], "themes": ["Mobilité ; Logement"], "status": ["Lopend"], "communes": ["Elsene"]})
    assert compare(old, new).changed == []
    newer = new.assign(themes=["Mobilité;Culture, sport et loisirs"])
    result = compare(old, newer)
    assert result.field_changes[["field", "old", "new"]].to_numpy().tolist() == [
        ["themes", "housing;mobility", "culture_sport_leisure;mobility"]
    ]


def test_database_cell_types_are_no_change(diff, pair):
    """Frames read from a database hold lists, dates, Decimals and numpy values: the same
    record in those types is the same record."""
    loaded = load_inventory(pair[0]).data
    row = loaded[loaded["id"] == "A1"]
    typed = pd.DataFrame(
        {
            "id": ["A1"],
            "themes": [["mobility", "housing"]],
            "formats": [np.array(["survey", "workshop"], dtype=object)],
            "communes": [["21009"]],
            "start_date": [np.datetime64("2022-01-01")],
            "end_date": [None],
            "participants": [Decimal("40.00")],
            "results_published": [np.bool_(False)],
            "status": ["ongoing"],
        }
    )
    columns = list(typed.columns)
    assert compare(row[columns], typed).changed == []
    assert compare(row[columns], typed.assign(participants=[Decimal("41")])).field_changes["new"].tolist() == [41]


def test_json_keys_and_moves(diff):
    out = diff.to_json()
    assert set(out) == {"added", "removed", "changed", "field_changes", "status_moves", "followup_progress"}
    assert out["status_moves"] == [{"from": "ongoing", "to": "completed", "count": 1}]
    assert out["followup_progress"] == [
        {"field": "feedback_to_participants", "from": "unknown", "to": "yes", "count": 1},
        {"field": "feedback_to_participants", "from": "no", "to": "yes", "count": 1},
    ]
    json.dumps(out)  # plain JSON all the way down


def test_moves_by_level_and_commune(diff):
    by_level = diff.moves_by("followup", "organiser_level")
    assert dict(zip(by_level["organiser_level"], by_level["count"], strict=True)) == {"communal": 1, "regional": 1}
    by_commune = diff.moves_by("status", "commune")
    assert by_commune.to_dict("records") == [{"commune": "region_wide", "move": "ongoing → completed", "count": 1}]


def test_a_kept_comparison_gives_the_same_tables_on_every_rerun(pair):
    old, new = (memo.mark_stable(load_inventory(path).data) for path in pair)
    diff = compare(old, new)
    memo.mark_stable(diff.field_changes)
    memo.mark_stable(diff.moves)
    table = changes_table(diff, new, "fr")
    assert changes_table(diff, new, "fr") is table
    assert changes_table(diff, new, "nl") is not table
    assert diff.moves_by("status", "commune") is diff.moves_by("status", "commune")
    assert diff.moves_by("status", "organiser_level") is not diff.moves_by("status", "commune")
    # Another comparison of other editions is not mistaken for this one.
    other = compare(old, old.iloc[::-1])
    assert changes_table(other, new, "fr").empty and not table.empty


def test_identical_editions_have_no_difference(pair):
    data = load_inventory(pair[0]).data
    same = compare(data, data.iloc[::-1])
    assert (same.added, same.removed, same.changed) == ([], [], [])
    assert same.to_json()["status_moves"] == []


def test_changes_table_and_downloads_speak_the_language(diff, pair):
    new = load_inventory(pair[1]).data
    table = changes_table(diff, new, "fr")
    row = table[(table["id"] == "A3") & (table["field"] == "Statut")].iloc[0]
    assert (row["title"], row["old"], row["new"]) == ("Panel climat", "En cours", "Terminé")
    csv = to_csv_bytes(table, "nl").decode("utf-8-sig")
    assert csv.splitlines()[0] == "Identificatie,Titel,Veld,Voor,Na"
    assert len(csv.strip().splitlines()) == 1 + len(diff.field_changes)
    sheets = pd.read_excel(io.BytesIO(to_xlsx_bytes(table, "en", demo=True)), sheet_name=None)
    assert list(sheets) == ["demo", "changes"]
    assert len(sheets["changes"]) == len(diff.field_changes)


def test_cli_diff_json_and_text(pair, capsys):
    old, new = pair
    assert main(["diff", str(old), str(new), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["added"], out["removed"], out["changed"]) == (["A5"], ["A4"], ["A2", "A3"])
    assert main(["diff", str(old), str(new), "--lang", "nl"]) == 0
    text = capsys.readouterr().out
    assert "nieuw: 1, verwijderd: 1, gewijzigd: 2 (gewijzigde velden: 5)" in text
    assert "A3 · Status: Lopend → Afgerond" in text


def test_cli_diff_unusable_file_is_one_sentence(pair, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert main(["diff", str(pair[0]), str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("partdash: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1
