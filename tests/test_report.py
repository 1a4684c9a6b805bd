"""The validation report read by kind: counts, examples, problems first, information last."""

from __future__ import annotations

import pytest
from conftest import canonical_row

from partdash.cli import main
from partdash.i18n import LANGS, translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import INFO, PROBLEM, REPAIR, SEVERITIES, Finding, group_findings


@pytest.fixture
def officer_rows(csv_file):
    """Three rows as typed in Belgian Excel: Dutch labels, commune names, dates day first,
    one status left empty and one quartier that does not exist."""
    rows = [
        canonical_row(
            n,
            themes="Mobiliteit;Huisvesting",
            participation_level="Raadpleging",
            communes="Sint-Gillis",
            start_date=f"0{n}/03/2021",
            end_date="30/06/2022",
            status="",
        )
        for n in (1, 2, 3)
    ]
    rows[1]["quartiers"] = "Wijk van nergens"
    return load_inventory(csv_file(rows, sep=";"))


def test_groups_count_every_warning_once_and_put_problems_first(officer_rows):
    report = officer_rows.report
    assert report.errors == [] and report.rows_loaded == 3
    groups = group_findings(report.warnings)
    assert sum(g.count for g in groups) == len(report.warnings)
    assert len({g.key for g in groups}) == len(groups)
    severities = [g.severity for g in groups]
    assert severities == sorted(severities, key=SEVERITIES.index)
    assert groups[0].key == "unmatched_value" and groups[0].severity == PROBLEM
    assert groups[-1].severity == INFO
    by_key = {g.key: g for g in groups}
    assert by_key["label_matched"].count == 9  # two themes and a level, three rows
    assert by_key["commune_matched"].count == 3
    assert by_key["date_dayfirst"].count == 6
    assert by_key["status_derived"].severity == REPAIR


def test_group_message_gives_the_count_and_distinct_examples(officer_rows):
    group = next(g for g in group_findings(officer_rows.report.warnings) if g.key == "label_matched")
    assert group.message("en") == (
        "9 values read from labels, e.g. 'Mobiliteit' → Mobility; 'Huisvesting' → Housing; 'Raadpleging' → Consultation"
    )
    assert group.message("fr").startswith("9 valeurs lues depuis leur libellé, p. ex. « Mobiliteit » → Mobilité")
    assert group.message("nl").startswith("9 waarden gelezen uit hun label, bv. 'Mobiliteit' → Mobiliteit")
    unmatched = next(g for g in group_findings(officer_rows.report.warnings) if g.key == "unmatched_value")
    assert unmatched.message("en") == (
        "1 unknown value in an optional field, left empty, e.g. row 3, quartiers: 'Wijk van nergens'"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_kind_has_a_group_headline_in_every_language(lang):
    for key in ("unmatched_value", "bad_url", "column_ignored", "label_matched", "date_partial", "status_derived"):
        for n in (1, 4):
            group = group_findings(
                [Finding(2, "f", key, (("value", "x"), ("code", "y"), ("unknown", "x"), ("date", "2024-03-02")))] * n
            )[0]
            text = group.message(lang)
            assert translate(f"warnings.group.{key}", lang, count=n) in text
            assert "{" not in text and "warnings." not in text


def test_validate_prints_groups_not_one_line_per_repair(capsys, officer_rows, csv_file):
    rows = [canonical_row(n, themes="Mobiliteit", communes="Sint-Gillis") for n in (1, 2, 3)]
    rows.append(canonical_row(4, themes="astrology"))
    path = csv_file(rows, name="officer.csv")
    assert main(["validate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "officer.csv: rows in 4, loaded 3, rejected 1, warnings 6"
    assert lines[1].split()[:3] == ["rejected", "row", "5"]
    assert [line.split()[0] for line in lines[2:4]] == ["info", "info"]
    assert "3 values read from labels, e.g. 'Mobiliteit' → Mobility" in lines[2] + lines[3]
    assert "3 communes recognised by their names, e.g. 'Sint-Gillis' → Saint-Gilles" in lines[2] + lines[3]
    assert len(lines) == 5 and "--json" in lines[4]
