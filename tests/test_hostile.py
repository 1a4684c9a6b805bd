"""Hostile and careless input (issue 13): bounded memory and time, one sentence instead of
a traceback, nothing lost without a word, impossible values rejected with field and value.

The files come from ``hostile_corpus`` (generated, never committed). The bombs run through
the real CLI in a subprocess under an address-space limit: without the budgets they need
gigabytes, with them they end in seconds with exit 2 and one sentence.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import hostile_corpus as corpus
import pandas as pd
import pytest
from conftest import canonical_row, write_csv

from partdash.cli import main, terminal_safe
from partdash.inventory import limits
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import InventoryError
from partdash.outputs.export import to_xlsx

ROOT = Path(__file__).resolve().parents[1]
ADDRESS_SPACE = 1024 * 1024 * 1024  # 1 GiB: the CLI on a normal file fits in it with room to spare
SECONDS = 30


def run_cli_bounded(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``partdash`` in a child process that cannot map more than ADDRESS_SPACE bytes."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "partdash.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SECONDS * 4,
        preexec_fn=limit,
    )
    return result, time.monotonic() - started


def assert_one_sentence(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("partdash: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_the_cli_fits_the_address_space_limit_on_a_normal_file(tmp_path):
    """The control: the limit used below leaves room for a real load."""
    path = write_csv(tmp_path / "ok.csv", [canonical_row(n) for n in range(1, 4)])
    result, _ = run_cli_bounded("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert "rows in 3, loaded 3" in result.stdout


@pytest.mark.parametrize("with_dimension", [True, False], ids=["declared", "undeclared"])
def test_a_cell_at_the_last_address_is_refused_quickly(tmp_path, with_dimension):
    path = corpus.xlsx_last_cell(tmp_path / "bomb.xlsx", with_dimension=with_dimension)
    assert path.stat().st_size < 10_000
    result, seconds = run_cli_bounded("validate", str(path))
    far = limits.count(1048576 * 16384)
    assert_one_sentence(result, "bomb.xlsx", f"spans too many cells (at least {far},", limits.count(limits.MAX_CELLS))
    assert seconds < SECONDS


def test_an_archive_that_inflates_to_250_mib_is_refused_from_its_directory(tmp_path):
    path = corpus.xlsx_inflating(tmp_path / "inflate.xlsx", inflated_mib=250)
    assert path.stat().st_size < 2 * limits.MIB
    result, seconds = run_cli_bounded("validate", str(path))
    assert_one_sentence(result, "inflate.xlsx", "times its size", f"under {limits.MAX_INFLATE_RATIO} times")
    assert seconds < SECONDS


def test_an_archive_over_the_inflated_budget_is_refused_whatever_its_ratio(tmp_path, monkeypatch):
    """The absolute budget, shown on a small archive by lowering it (a real one is 400 MiB)."""
    path = corpus.xlsx_inflating(tmp_path / "big.xlsx", inflated_mib=3)
    monkeypatch.setattr(limits, "MAX_INFLATED_BYTES", 2 * limits.MIB)
    monkeypatch.setattr(limits, "MAX_INFLATE_RATIO", 10**9)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert caught.value.key == "inflates"
    assert "the limit is 2.0 MiB" in str(caught.value)


def test_deep_json_is_refused_while_reading_not_by_a_recursion_error(tmp_path):
    path = corpus.deep_geojson(tmp_path / "deep.geojson")
    result, seconds = run_cli_bounded("validate", str(path))
    assert_one_sentence(result, "deep.geojson", "too deep (levels:", f"limit: {limits.MAX_DEPTH}).")
    assert seconds < SECONDS


def test_json_depth_counts_brackets_outside_strings_only():
    assert limits.json_depth('{"a": [[1]], "b": "[[[[[[[["}') == 3
    assert limits.json_depth('{"a": "\\"[[[", "b": {}}') == 2


@pytest.mark.parametrize(
    "target, words",
    [
        (lambda tmp: tmp, ("is a folder",)),
        (lambda tmp: tmp / "missing.csv", ("could not be found",)),
        (lambda tmp: tmp / "x.pdf", ("not supported",)),
    ],
    ids=["directory", "missing", "extension"],
)
def test_every_cli_path_ends_in_one_sentence_and_exit_2(tmp_path, capsys, target, words):
    path = target(tmp_path)
    if path.suffix == ".pdf":
        path.write_bytes(b"%PDF-1.4")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert all(w in err for w in words)


def test_an_unreadable_file_is_one_sentence(tmp_path, capsys, monkeypatch):
    """Root reads any file, so the refusal of the system is simulated where it happens."""
    path = write_csv(tmp_path / "locked.csv", [canonical_row(1)])

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be opened (Permission denied)" in err and "Traceback" not in err


def test_an_unforeseen_failure_is_still_one_sentence(tmp_path, capsys, monkeypatch):
    path = write_csv(tmp_path / "ok.csv", [canonical_row(1)])
    monkeypatch.setattr("partdash.cli.load_inventory", lambda *_: (_ for _ in ()).throw(RecursionError("deep")))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("partdash: the command failed (RecursionError") and err.count("\n") == 1


def test_per_feature_crs_and_a_non_finite_coordinate_unplaces_only_its_feature(tmp_path):
    inv = load_inventory(corpus.mixed_crs_geojson(tmp_path / "mixed.geojson"))
    assert inv.report.rows_rejected == 0
    kinds = dict(zip(inv.data["source_row"], inv.data["location_kind"], strict=True))
    assert kinds == {1: "point", 2: "point", 3: "point", 4: "approximate"}
    geometry = dict(zip(inv.data["source_row"], inv.data.geometry, strict=True))
    # The Lambert feature lands where its degrees twin is.
    assert geometry[2].distance(geometry[3]) < 1e-5
    warnings = {(f.row, f.key): f for f in inv.report.warnings if f.field == "location"}
    assert (2, "lambert_detected") in warnings and (1, "lambert_detected") not in warnings
    assert "inf" in warnings[(4, "geometry_invalid")].message("en")


def test_three_invalid_bytes_keep_utf8_and_name_their_cell(tmp_path):
    inv = load_inventory(corpus.csv_invalid_bytes(tmp_path / "bytes.csv"))
    assert inv.report.rows_loaded == 5
    titles = list(inv.data["title_fr"])
    assert titles[0] == "Réaménagement de la place 1"  # accents intact, not garbled as Windows-1252
    assert "\ufffd" in titles[2]
    bad = [f for f in inv.report.warnings if f.key == "invalid_bytes"]
    assert [(f.row, f.field) for f in bad] == [(4, "title_fr")]
    assert not [f for f in inv.report.warnings if f.key == "encoding"]


def test_a_windows_1252_file_is_still_read_as_windows_1252(tmp_path):
    path = write_csv(tmp_path / "cp.csv", [canonical_row(1)], encoding="cp1252")
    inv = load_inventory(path)
    assert inv.data["title_fr"].iloc[0] == "Réaménagement de la place 1"
    assert [f.params for f in inv.report.warnings if f.key == "encoding"] == [(("value", "Windows-1252"),)]


def test_formulas_without_value_and_hidden_sheets_are_reported(tmp_path):
    inv = load_inventory(corpus.xlsx_formulas_and_hidden(tmp_path / "book.xlsx"))
    assert list(inv.data["id"]) == ["T-001", "T-002"]  # the visible sheet, not the hidden "inventory"
    hidden = [f for f in inv.report.warnings if f.key == "hidden_sheets"]
    assert len(hidden) == 1 and "inventory" in hidden[0].message("en") and "Feuil1" in hidden[0].message("en")
    formulas = [(f.row, f.params) for f in inv.report.warnings if f.key == "formula_without_value"]
    assert formulas == [(3, (("value", "Z3"),))]


def test_control_characters_are_reported_and_removed_from_xlsx_exports(tmp_path):
    inv = load_inventory(corpus.csv_controls(tmp_path / "controls.csv"))
    found = [f for f in inv.report.warnings if f.key == "control_characters"]
    assert [(f.row, f.field) for f in found] == [(2, "title_fr")]
    assert "U+0007" in found[0].message("en") and "U+001B" in found[0].message("en")
    assert "\x1b" in inv.data["title_fr"].iloc[0]  # kept as typed in the data
    exported = tmp_path / "out.xlsx"
    exported.write_bytes(to_xlsx(inv.data))  # openpyxl raised IllegalCharacterError here
    back = pd.read_excel(exported, dtype=str, engine="calamine")
    assert back["title_fr"].iloc[0] == "Titre [31mrouge[0m et cloche  !"


def test_impossible_values_are_rejected_with_field_and_value(tmp_path):
    inv = load_inventory(corpus.csv_strict_values(tmp_path / "strict.csv"))
    rejected = {(f.row, f.field): f.message("en") for f in inv.report.errors}
    assert "2021-03-01T25:00" in rejected[(2, "start_date")]
    assert "+99:99" in rejected[(3, "end_date")]
    assert "1_000" in rejected[(4, "participants")]
    assert "１２０００" in rejected[(5, "budget_eur")]
    assert rejected[(6, "id")] == "required value missing"  # a zero-width space is no id
    assert list(inv.data["source_row"]) == [7]


def test_cli_prints_no_terminal_escape_from_the_data(tmp_path, capsys):
    path = corpus.csv_controls(tmp_path / "controls.csv")
    path.write_text(path.read_text().replace("Service participation", "\x1b]0;owned\x07\x9b2J"), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert main(["validate", "--json", str(path)]) == 0
    text = capsys.readouterr().out
    assert "\x9b" not in text and json.loads(text)["rows_in"] == 2


def test_terminal_safe_removes_whole_escape_sequences():
    assert terminal_safe("a\x1b[1;31mb\x1b[0mc\x1b]0;title\x07d\x9b2Je") == "abcde"


def test_the_upload_limit_is_one_figure_in_mib():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == limits.upload_limit_mib() == limits.MAX_FILE_BYTES // limits.MIB
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
    with pytest.raises(InventoryError) as caught:
        limits.check_file_size(limits.MAX_FILE_BYTES + 1, "big.csv")
    assert "50 MiB" in caught.value.message("en") and "50 Mio" in caught.value.message("fr")


def test_make_run_listens_on_localhost_unless_told(tmp_path):
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--server.address 127.0.0.1" in dry
    team = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--server.address 0.0.0.0" in team


def test_a_csv_wider_than_the_budget_is_refused_before_parsing(tmp_path):
    path = corpus.csv_many_columns(tmp_path / "wide.csv", extra=limits.MAX_COLUMNS + 10)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert caught.value.key == "too_many_columns"


def test_a_csv_longer_than_the_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    path = write_csv(tmp_path / "long.csv", [canonical_row(n) for n in range(1, 5)])
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert caught.value.key == "too_many_rows" and "too many rows (at least 4;" in str(caught.value)


def test_the_sheet_scan_reads_prefixed_and_unreferenced_cells_too(tmp_path):
    """Writers may prefix the namespace or leave out cell references: the scan still finds
    the extent (here a prefixed far cell), and a sheet without references still loads."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    row = canonical_row(1)

    def cells(values, prefix=""):
        return "".join(
            f'<{prefix}c t="inlineStr"><{prefix}is><{prefix}t>{v}</{prefix}t></{prefix}is></{prefix}c>' for v in values
        )

    rows = f"<row>{cells(row)}</row><row>{cells(row.values())}</row>"
    plain_sheet = f'<worksheet xmlns="{ns}"><sheetData>{rows}</sheetData></worksheet>'
    inv = load_inventory(corpus.write_raw_xlsx(tmp_path / "norefs.xlsx", sheet_xml=plain_sheet))
    assert list(inv.data["id"]) == ["T-001"]
    far = '<x:row r="600000"><x:c r="A600000" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
    prefixed = (
        f'<x:worksheet xmlns:x="{ns}"><x:sheetData><x:row r="1">{cells(row, "x:")}</x:row>{far}'
        "</x:sheetData></x:worksheet>"
    )
    with pytest.raises(InventoryError) as caught:
        load_inventory(corpus.write_raw_xlsx(tmp_path / "prefixed.xlsx", sheet_xml=prefixed))
    assert caught.value.key == "too_many_cells"
