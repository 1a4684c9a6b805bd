"""What people read is in their language: a stale record's last update as a date in words,
and a validation warning's code as its label, a commune's code as its name. Machine output
(``--json``) keeps the ISO dates and the codes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import canonical_row

from partdash.analysis.quality import records_to_check
from partdash.cli import main
from partdash.i18n import format_date
from partdash.inventory.loader import load_inventory
from partdash.inventory.reference import commune_names
from partdash.inventory.vocab import VOCABULARIES
from partdash.outputs.quality_report import quality_report
from partdash.outputs.todo import checks_table

UPDATED = "2024-12-21"
TODAY = date(2026, 6, 1)


@pytest.fixture
def stale(csv_file):
    return load_inventory(csv_file([canonical_row(1, updated=UPDATED)]), today=TODAY)


@pytest.mark.parametrize(("lang", "expected"), [("fr", "21 déc. 2024"), ("nl", "21 dec 2024")])
def test_stale_detail_is_the_date_in_the_language(stale, lang, expected):
    flags = records_to_check(stale.data, 12, today=TODAY)
    table = checks_table(stale.data, flags, lang)
    detail = table.loc[flags["reason"].eq("stale").to_numpy(), "detail"].tolist()
    assert detail == [format_date(UPDATED, lang)] == [expected]
    assert UPDATED not in table["detail"].tolist()


def test_quality_json_keeps_the_iso_date(stale):
    records = quality_report(stale.data, "fr", 12)["records_to_check"]
    assert {r["detail"] for r in records if r["reason"] == "stale"} == {UPDATED}


@pytest.fixture
def labelled(csv_file):
    rows = [
        canonical_row(1, themes="Mobiliteit", communes="Sint-Gillis"),
        canonical_row(2, status="", start_date="2020-01-01", end_date="2021-01-01"),
    ]
    return csv_file(rows)


def _messages(path, lang: str) -> dict[str, str]:
    report = load_inventory(path, today=TODAY).report
    return {f.key: f.message(lang) for f in report.warnings}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_warnings_name_codes_by_their_labels(labelled, lang):
    messages = _messages(labelled, lang)
    completed = VOCABULARIES["status"].label("completed", lang)
    assert completed in messages["status_derived"] and "completed" not in messages["status_derived"]
    mobility = VOCABULARIES["themes"].label("mobility", lang)
    assert messages["label_matched"].endswith(f"{mobility} »" if lang == "fr" else f"'{mobility}'")
    assert "mobility" not in messages["label_matched"]
    assert commune_names(lang)["21013"] in messages["commune_matched"]
    assert "21013" not in messages["commune_matched"]


@pytest.mark.parametrize(("lang", "row"), [("fr", "ligne 3 → Terminé"), ("nl", "rij 3 → Afgerond")])
def test_grouped_warning_examples_use_labels(labelled, lang, row):
    from partdash.inventory.report import group_findings

    report = load_inventory(labelled, today=TODAY).report
    group = next(g for g in group_findings(report.warnings) if g.key == "status_derived")
    assert group.examples(lang) == [row]


def test_validate_json_keeps_the_codes(labelled, capsys):
    assert main(["validate", str(labelled), "--json"]) == 0
    messages = {w["field"]: w["message"] for w in json.loads(capsys.readouterr().out)["warnings"]}
    assert messages["status"].endswith(": completed")
    assert messages["themes"] == "'Mobiliteit' read as 'mobility'"
    assert messages["communes"] == "commune 'Sint-Gillis' recognised as 21013"
