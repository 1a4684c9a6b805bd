"""Data quality on crafted inventories with known gaps: completeness, reasons to look at a
record, organiser scores, and to-do workbooks that open, highlight, offer drop-downs and
load back through the loader with the same rows."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partdash.analysis.editions import compare
from partdash.analysis.quality import (
    EXPECTED_FIELDS,
    FIELD_GROUPS,
    completeness_by_field,
    completeness_by_organiser,
    expected,
    organiser_scores,
    quality_tables,
    reason_counts,
    records_to_check,
)
from partdash.cli import main
from partdash.inventory.loader import load_inventory
from partdash.inventory.vocab import FOLLOWUP_FIELDS
from partdash.outputs.todo import CHECKS_SHEET, TODO_FILL, todo_workbook, todo_zip

TODAY = date(2025, 6, 30)
FOLLOWUP_FULL = "yes,yes,yes,yes,no,yes"
HEADER = (
    "id,title_fr,title_nl,summary_fr,summary_nl,url,organiser,organiser_level,perimeter,communes,quartiers,"
    "themes,participation_level,selection,formats,mobilisation,publics,framework,start_date,end_date,status,"
    "recurrence,participants,budget_eur,proposals_total,proposals_adopted,proposals_modified,proposals_rejected,"
    "updated,lat,lon," + ",".join(FOLLOWUP_FIELDS) + "\n"
)
COMPLETE = (
    "Budget,Budget,Résumé,Samenvatting,https://example.org/q1,Commune d'Ixelles,communal,commune,21009,,"
    "housing,consultation,open,workshop,letters,all_residents,none,2022-01-01,2022-12-31,completed,"
    "one_off,40,10000,10,5,3,2,2025-05-01,50.8278,4.3722," + FOLLOWUP_FULL
)
ROWS = [
    "Q1," + COMPLETE,
    # Q2: completed with follow-up unknown, one title, proposals 5 of 10, stale update, approximate.
    "Q2,Conseil,,Résumé,Samenvatting,https://example.org/q2,Commune d'Ixelles,communal,commune,21009,,"
    "housing,consultation,open,workshop,letters,all_residents,none,2022-01-01,2022-12-31,completed,"
    "one_off,40,10000,10,5,,,2023-01-01,,,yes,,,,no,yes",
    # Q3: one-off started 2021 with no end date, said planned: two reasons. Near-duplicate of Q4.
    "Q3,Marche exploratoire du quartier Flagey,Verkenningswandeling wijk Flagey,R,S,https://example.org/q3,"
    "Bruxelles Mobilité,regional,commune,21009,,mobility,information,open,walk,letters,all_residents,none,"
    "2021-04-01,,planned,one_off,,,,,,,2025-05-01,50.83,4.37," + FOLLOWUP_FULL,
    "Q4,Marche exploratoire du quartier Flagey!,Verkenningswandeling wijk Flagey,R,S,https://example.org/q4,"
    "Bruxelles Mobilité,regional,commune,21009,,mobility,information,open,walk,letters,all_residents,none,"
    "2021-09-01,2021-09-30,completed,one_off,20,,,,,,2025-05-01,50.83,4.37," + FOLLOWUP_FULL,
]


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    path = tmp_path_factory.mktemp("quality") / "crafted.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    inv = load_inventory(path, today=TODAY)
    assert inv.report.rows_loaded == len(ROWS), inv.report.errors
    return inv


@pytest.fixture(scope="module")
def flags(inventory):
    return records_to_check(inventory.data, stale_months=12, today=TODAY)


def _reasons(flags, ident: str) -> list[str]:
    return flags.loc[flags["id"] == ident, "reason"].tolist()


def test_every_reason_is_found_where_planted(flags):
    assert _reasons(flags, "Q1") == []
    assert _reasons(flags, "Q2") == ["followup_unknown", "one_title", "approximate", "stale", "proposals"]
    assert _reasons(flags, "Q3") == ["no_end_date", "status_dates", "duplicate"]
    assert _reasons(flags, "Q4") == ["duplicate"]
    detail = dict(zip(flags["id"] + flags["reason"], flags["detail"], strict=True))
    assert detail["Q2followup_unknown"] == "results_published;feedback_to_participants;integrated_in_decision"
    assert (detail["Q3duplicate"], detail["Q4duplicate"]) == ("Q4", "Q3")
    assert detail["Q2stale"] == "2023-01-01"


def test_stale_threshold_is_the_chosen_number_of_months(inventory):
    long_ago = records_to_check(inventory.data, stale_months=36, today=TODAY)
    assert "stale" not in long_ago["reason"].tolist()
    counts = reason_counts(records_to_check(inventory.data, stale_months=1, today=TODAY))
    assert counts["stale"] == 4 and list(counts.index)[0] == "followup_unknown"


def test_completeness_counts_only_expected_cells(inventory):
    table = completeness_by_field(inventory.data).set_index("field")
    assert list(table.index) == list(EXPECTED_FIELDS)
    assert list(table["group"].unique()) == list(FIELD_GROUPS)  # follow-up first
    # results_published: expected on all four (none planned except Q3 -> 3), filled on Q1, Q4.
    assert table.loc["results_published", ["expected", "filled"]].tolist() == [3, 2]
    assert table.loc["mandate_communicated", ["expected", "filled"]].tolist() == [4, 4]
    # end date only for completed (Q1, Q2, Q4): all three have it.
    assert table.loc["end_date", ["expected", "filled"]].tolist() == [3, 3]
    # proposals: started and not mere information -> Q1, Q2.
    assert table.loc["proposals_total", ["expected", "filled"]].tolist() == [2, 2]
    assert table.loc["title_nl", "share"] == pytest.approx(3 / 4)


def test_scores_are_expected_fields_filled_per_organiser(inventory):
    data = inventory.data
    exp = expected(data)
    scores = organiser_scores(data).set_index("organiser")
    ixelles = data["organiser"] == "Commune d'Ixelles"
    n = int(exp[ixelles].to_numpy().sum())
    missing_q2 = 4  # title_nl and three follow-up answers
    assert n == 2 * len(EXPECTED_FIELDS) - 2  # quartiers not expected (commune perimeter)
    assert scores.loc["Commune d'Ixelles", "score"] == pytest.approx((n - missing_q2) / n)
    assert scores.loc["Commune d'Ixelles", "records"] == 2
    heat = completeness_by_organiser(data, ["Commune d'Ixelles", "Bruxelles Mobilité"])
    assert heat["group"].tolist()[:: len(FIELD_GROUPS)] == ["Commune d'Ixelles", "Bruxelles Mobilité"]
    assert heat["field"].tolist()[: len(FIELD_GROUPS)] == list(FIELD_GROUPS)
    cell = heat[(heat["group"] == "Commune d'Ixelles") & (heat["field"] == "followup")].iloc[0]
    assert (cell["yes"], cell["known"]) == (9, 12) and cell["share"] == pytest.approx(9 / 12)


def test_todo_workbook_highlights_offers_lists_and_loads_back(inventory, tmp_path):
    data = inventory.data
    content = todo_workbook(data, "Commune d'Ixelles", "fr", demo=True, organisers=None)
    wb = load_workbook(io.BytesIO(content))
    ws = wb["inventory"]
    headers = [c.value for c in ws[1]]
    row_of = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert set(row_of) == {"Q1", "Q2"}
    filled = {(h, r) for r in row_of.values() for h, c in zip(headers, ws[r], strict=False) if c.fill == TODO_FILL}
    q2 = row_of["Q2"]
    assert filled == {(f, q2) for f in ("title_nl", "results_published", "feedback_to_participants")} | {
        ("integrated_in_decision", q2)
    }
    status_col = headers.index("status") + 1
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    letter = ws.cell(row=2, column=status_col).column_letter
    assert any(f"{letter}2" in dv.sqref for dv in lists)
    assert "DÉMONSTRATION" in wb["readme"]["A1"].value
    checks = [r[2] for r in wb[CHECKS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert "Titre dans une seule langue" in checks
    path = tmp_path / "back.xlsx"
    path.write_bytes(content)
    back = load_inventory(path, today=TODAY)
    assert back.report.rows_rejected == 0
    same = compare(data[data["organiser"] == "Commune d'Ixelles"], back.data)
    assert (same.added, same.removed, same.changed) == ([], [], [])
    assert back.data.set_index("id").loc["Q1", "geometry"].y == pytest.approx(50.8278)


def test_todo_zip_has_one_workbook_per_organiser(inventory):
    archive = zipfile.ZipFile(io.BytesIO(todo_zip(inventory.data, "nl", demo=False)))
    assert sorted(archive.namelist()) == ["todo_bruxelles_mobilit.xlsx", "todo_commune_d_ixelles.xlsx"]


def test_demo_inventory_round_trips_for_every_organiser(tmp_path):
    demo = load_inventory(Path(__file__).resolve().parents[1] / "data" / "demo" / "demo_inventory.csv")
    organiser = demo.data["organiser"].value_counts().index[0]
    path = tmp_path / "todo.xlsx"
    path.write_bytes(todo_workbook(demo.data, organiser, "en", True, demo.organisers))
    back = load_inventory(path)
    mine = demo.data[demo.data["organiser"] == organiser]
    assert back.report.rows_in == len(mine) == back.report.rows_loaded
    assert compare(mine, back.data).changed == []
    assert back.organisers["organiser"].tolist() == [organiser]


def test_cli_quality_json_and_text(inventory, tmp_path, capsys):
    path = tmp_path / "crafted.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert main(["quality", str(path), "--json", "--stale-months", "600"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"score_definition", "completeness", "organisers", "reasons", "records_to_check"}
    assert out["reasons"]["duplicate"] == 2 and out["reasons"]["stale"] == 0
    assert {o["organiser"] for o in out["organisers"]} == {"Commune d'Ixelles", "Bruxelles Mobilité"}
    archive = tmp_path / "todo.zip"
    assert main(["quality", str(path), "--lang", "nl", "--todo", str(archive)]) == 0
    assert "Titel in maar één taal" in capsys.readouterr().out
    assert sorted(zipfile.ZipFile(archive).namelist()) == ["todo_bruxelles_mobilit.xlsx", "todo_commune_d_ixelles.xlsx"]


def test_todo_workbook_keeps_formula_like_text_as_text(tmp_path):
    path = tmp_path / "formula.csv"
    row = "Q9," + COMPLETE.replace("Budget,Budget,", "=1+1,@SUM(A1),", 1)
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    data = load_inventory(path, today=TODAY).data
    content = todo_workbook(data, "Commune d'Ixelles", "en", demo=False)
    sheet = load_workbook(io.BytesIO(content))["inventory"]
    cell = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("title_fr") + 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    back = tmp_path / "back.xlsx"
    back.write_bytes(content)
    reloaded = load_inventory(back, today=TODAY).data
    assert reloaded[["title_fr", "title_nl"]].iloc[0].tolist() == ["=1+1", "@SUM(A1)"]


def test_cli_quality_unwritable_todo_is_one_sentence(tmp_path, capsys):
    path = tmp_path / "crafted.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert main(["quality", str(path), "--todo", str(tmp_path / "missing" / "todo.zip")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("partdash: Cannot write") and len(err.strip().splitlines()) == 1


def test_quality_tables_are_the_parts_together(inventory):
    tables = quality_tables(inventory.data, 12)
    assert tables.flags.equals(records_to_check(inventory.data, 12))
    assert tables.scores.equals(organiser_scores(inventory.data, tables.flags))
    assert tables.by_organiser["group"].drop_duplicates().tolist() == tables.scores["organiser"].tolist()
