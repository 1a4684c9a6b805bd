"""The ``partdash`` console script: the JSON layouts other tools read, and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import canonical_row

from partdash.cli import main
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES

FIGURE_KEYS = {
    "n_initiatives",
    "share_start_2019_2023",
    "theme_share",
    "top_theme",
    "level_share",
    "participation_level_share",
    "share_sortition",
    "duration_months",
    "share_recurring",
    "followup",
    "proposals",
    "by_commune",
    "region_wide",
}


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _mixed_file(csv_file):
    """Rows 2 and 4 load, row 3 is rejected (unknown theme), row 4 has a repaired commune."""
    return csv_file([canonical_row(1), canonical_row(2, themes="astrology"), canonical_row(3, communes="Sint-Gillis")])


def test_validate_json_layout(capsys, csv_file):
    code, out, err = _run(capsys, "validate", str(_mixed_file(csv_file)), "--json")
    assert code == 0 and err == ""
    report = json.loads(out)
    assert list(report) == ["rows_in", "rows_loaded", "rows_rejected", "errors", "warnings"]
    assert (report["rows_in"], report["rows_loaded"], report["rows_rejected"]) == (3, 2, 1)
    assert report["errors"] == [{"row": 3, "field": "themes", "message": report["errors"][0]["message"]}]
    assert "astrology" in report["errors"][0]["message"]
    assert report["warnings"], "the Dutch commune name is reported as repaired"
    for finding in report["errors"] + report["warnings"]:
        assert set(finding) == {"row", "field", "message"}
        assert isinstance(finding["row"], int) and isinstance(finding["field"], str) and finding["message"]
    assert {"row": 4, "field": "communes", "message": "commune 'Sint-Gillis' recognised as 21013"} in report["warnings"]


def test_validate_text_lists_rejected_rows(capsys, csv_file):
    code, out, _ = _run(capsys, "validate", str(_mixed_file(csv_file)))
    assert code == 0
    assert "rows in 3, loaded 2, rejected 1" in out
    assert any(line.split()[:3] == ["rejected", "row", "3"] for line in out.splitlines())


def test_figures_json_layout(capsys, csv_file):
    rows = [
        canonical_row(1),
        canonical_row(2, perimeter="region", communes="", selection="sortition", start_date="2015-01-01"),
    ]
    code, out, err = _run(capsys, "figures", str(csv_file(rows)), "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == FIGURE_KEYS
    assert result["n_initiatives"] == 2
    assert set(result["theme_share"]) == set(VOCABULARIES["themes"].codes)
    assert set(result["level_share"]) == set(VOCABULARIES["organiser_level"].codes)
    assert set(result["participation_level_share"]) == set(VOCABULARIES["participation_level"].codes)
    assert set(result["duration_months"]) == {"median", "p25", "p75", "n"}
    assert set(result["followup"]) == set(FOLLOWUP_FIELDS)
    assert all(set(v) == {"share", "known"} for v in result["followup"].values())
    assert set(result["proposals"]) == {"total", "adopted", "modified", "rejected"}
    assert result["by_commune"] == {"21013": 1}
    assert result["region_wide"] == 1
    shares = [result["share_start_2019_2023"], result["share_sortition"], result["share_recurring"]]
    shares += list(result["theme_share"].values()) + list(result["level_share"].values())
    shares += list(result["participation_level_share"].values()) + [v["share"] for v in result["followup"].values()]
    for share in shares:
        if share is not None:
            assert 0 <= share <= 1 and round(share, 4) == share
    # One start in 2021, one in 2015; one sortition among two known selections.
    assert result["share_start_2019_2023"] == 0.5 and result["share_sortition"] == 0.5


def test_figures_text(capsys, csv_file):
    code, out, _ = _run(capsys, "figures", str(csv_file([canonical_row(1)])))
    assert code == 0
    assert out.splitlines()[0].split() == ["initiatives", "1"]


def test_unusable_file_exits_2_with_one_sentence(capsys, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 8)
    for command in ("validate", "figures"):
        code, out, err = _run(capsys, command, str(junk), "--json")
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1
        assert "junk.csv" in err and "Traceback" not in err


def test_console_script_prints_no_traceback(tmp_path):
    pdf = tmp_path / "inventaire.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    proc = subprocess.run(
        [sys.executable, "-m", "partdash.cli", "validate", str(pdf)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "inventaire.pdf" in proc.stderr and "CSV" in proc.stderr
