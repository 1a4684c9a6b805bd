"""The XLSX template and the codebook: canonical headers, drop-down lists that offer
exactly the vocabulary's labels in the template's language, codes with their labels, the
codebook as a sheet, a how-to note first, templates filled with labels that load, and
committed copies that match their generators. Expectations are read from schema, vocab
and the reference GeoJSON, never from the template module's own constants."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from partdash.i18n import LANGS, translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import COLUMN_ORDER, COORD_COLUMNS, FIELDS
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES, vocabulary_for
from partdash.outputs.template import build_codebook, build_template

ROOT = Path(__file__).resolve().parent.parent
COMMITTED_XLSX = {lang: ROOT / "data" / "template" / f"partdash_template_{lang}.xlsx" for lang in LANGS}
COMMITTED_CODEBOOK = ROOT / "data" / "template" / "codebook.md"
REFERENCE = ROOT / "data" / "reference"
EXAMPLES = ROOT / "data" / "examples" / "examples.csv"

FIELD_NAMES = {f.name for f in FIELDS}
FIELD_KIND = {f.name: f.kind for f in FIELDS}
SINGLE_CODED = [f.name for f in FIELDS if f.kind == "code"] + list(FOLLOWUP_FIELDS)
MULTI_VALUED = [f.name for f in FIELDS if f.kind in ("codes", "nis", "mdrc")]
ORGANISER_HEADERS = ["organiser", "organiser_level", "commune", "participation_staff"]
_RANGE = re.compile(r"^'?(?P<sheet>[^'!]+)'?!(?P<range>\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)$")


def _reference_communes() -> list[dict]:
    doc = json.loads((REFERENCE / "communes.geojson").read_text(encoding="utf-8"))
    return [f["properties"] for f in doc["features"]]


def _reference_nis() -> list[str]:
    return sorted(str(p["nis"]) for p in _reference_communes())


def _reference_mdrc() -> list[int]:
    doc = json.loads((REFERENCE / "quartiers.geojson").read_text(encoding="utf-8"))
    return sorted({int(f["properties"]["mdrc"]) for f in doc["features"]})


@pytest.fixture(scope="module", params=LANGS)
def workbook(request, tmp_path_factory):
    path = build_template(tmp_path_factory.mktemp("template") / "template.xlsx", request.param)
    wb = load_workbook(path)
    wb.lang = request.param
    return wb


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def _validation_at(ws, column: str):
    """The data validation covering row 2 of a column, or None."""
    found = [dv for dv in ws.data_validations.dataValidation if f"{column}2" in dv.sqref]
    assert len(found) <= 1, f"several validations on {ws.title}!{column}2"
    return found[0] if found else None


def _list_values(workbook, formula: str) -> list[str]:
    match = _RANGE.match(formula)
    assert match, f"drop-down list is not a cell range: {formula!r}"
    min_col, min_row, max_col, max_row = range_boundaries(match["range"].replace("$", ""))
    ws = workbook[match["sheet"]]
    cells = ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True)
    return [str(v) for row in cells for v in row]


def _column_of(ws, header: str) -> str:
    cell = next(c for c in ws[1] if c.value == header)
    return coordinate_from_string(cell.coordinate)[0]


def test_inventory_sheet_has_exactly_the_canonical_header_row(workbook):
    ws = workbook["inventory"]
    assert _headers(ws) == list(COLUMN_ORDER) + list(COORD_COLUMNS)
    assert ws.max_row == 1, "row 2 must be free for data (no help row)"
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("field", SINGLE_CODED)
def test_single_coded_field_has_a_drop_down_of_its_labels_in_the_language(workbook, field):
    ws = workbook["inventory"]
    dv = _validation_at(ws, _column_of(ws, field))
    assert dv is not None and dv.type == "list"
    expected = [term.label(workbook.lang) for term in vocabulary_for(field).terms]
    assert _list_values(workbook, dv.formula1) == expected
    assert range_boundaries(str(dv.sqref))[3] >= 100_000, "the list must cover every row a user may fill"


@pytest.mark.parametrize("field", MULTI_VALUED)
def test_multi_valued_field_explains_the_separator_without_restricting(workbook, field):
    ws = workbook["inventory"]
    dv = _validation_at(ws, _column_of(ws, field))
    assert dv is not None and dv.type in (None, "none")
    assert dv.showInputMessage and ";" in dv.prompt
    assert dv.prompt == translate(f"template.prompt.{FIELD_KIND[field]}", workbook.lang)


def test_free_fields_have_no_validation(workbook):
    ws = workbook["inventory"]
    for field in ("id", "title_fr", "organiser", "start_date", "participants", "url", "lat"):
        assert _validation_at(ws, _column_of(ws, field)) is None, field


def _codes_columns(workbook) -> dict[str, list]:
    ws = workbook["codes"]
    return {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in ws.iter_cols()}


def test_codes_sheet_gives_every_code_with_its_three_labels(workbook):
    columns = _codes_columns(workbook)
    for name, vocab in VOCABULARIES.items():
        assert columns[name] == list(vocab.codes)
        for lang in LANGS:
            assert columns[f"{name} ({lang.upper()})"] == [term.label(lang) for term in vocab.terms], (name, lang)


def test_codes_sheet_names_the_communes_and_quartiers(workbook):
    columns = _codes_columns(workbook)
    assert sorted(columns["communes"]) == _reference_nis()
    by_nis = dict(zip(columns["communes"], columns["communes (NL)"], strict=True))
    assert by_nis == {str(p["nis"]): p["name_nl"] for p in _reference_communes()}
    assert sorted(columns["quartiers"]) == _reference_mdrc()
    assert len(columns["quartiers (FR)"]) == len(columns["quartiers (NL)"]) == len(columns["quartiers"])
    assert all(isinstance(name, str) and name for name in columns["quartiers (FR)"])


def test_organisers_sheet_has_its_headers_and_drop_downs(workbook):
    ws = workbook["organisers"]
    assert _headers(ws) == ORGANISER_HEADERS
    lang = workbook.lang
    names = sorted(p["name_nl" if lang == "nl" else "name_fr"] for p in _reference_communes())
    for header, expected in (
        ("organiser_level", [t.label(lang) for t in VOCABULARIES["organiser_level"].terms]),
        ("participation_staff", [t.label(lang) for t in VOCABULARIES["participation_staff"].terms]),
        ("commune", names),
    ):
        dv = _validation_at(ws, _column_of(ws, header))
        assert dv is not None and dv.type == "list", header
        assert sorted(_list_values(workbook, dv.formula1)) == sorted(expected), header


def test_first_sheet_says_how_to_fill_in_three_languages(workbook):
    assert workbook.sheetnames[0] == "readme"
    text = "\n".join(str(c.value) for c in workbook["readme"]["A"] if c.value)
    for lang in LANGS:
        for key in ("title", "fill", "lists", "multi", "help"):
            assert translate(f"template.howto.{key}", lang) in text, (lang, key)


def test_codebook_is_a_sheet_of_the_workbook(workbook):
    lang = workbook.lang
    rows = list(workbook["codebook"].iter_rows(values_only=True))
    assert rows[0][0] == translate("template.codebook.title", lang)
    by_field = {row[0]: row for row in rows if row[0] in FIELD_NAMES}
    assert set(by_field) == FIELD_NAMES
    for field in FIELDS:
        assert by_field[field.name][1:4] == (field.fr, field.nl, field.en)
    assert translate("template.rule.unknown", lang) in [row[0] for row in rows]


def _filled(tmp_path, lang: str) -> Path:
    """A template filled as an officer would: every coded cell chosen from its drop-down
    (so in ``lang``), themes and formats typed as labels, the commune by its name, dates
    day first, and one quartier that does not exist."""
    path = build_template(tmp_path / f"filled_{lang}.xlsx", lang)
    wb = load_workbook(path)
    ws = wb["inventory"]
    headers = _headers(ws)
    offered = {field: _list_values(wb, _validation_at(ws, _column_of(ws, field)).formula1) for field in SINGLE_CODED}
    label = {name: {t.code: t.label(lang) for t in vocab.terms} for name, vocab in VOCABULARIES.items()}
    names = "name_nl" if lang == "nl" else "name_fr"
    saint_gilles = next(p[names] for p in _reference_communes() if str(p["nis"]) == "21013")
    rows = [
        {
            "id": f"F-{lang}-{n}",
            "title_fr": f"Place {n}",
            "organiser": "Commune de Saint-Gilles",
            "organiser_level": offered["organiser_level"][0],
            "perimeter": offered["perimeter"][1],
            "communes": saint_gilles,
            "themes": f"{label['themes']['mobility']}; {label['themes']['housing']}",
            "formats": label["formats"]["workshop"],
            "participation_level": offered["participation_level"][1],
            "framework": offered["framework"][-2],
            "status": offered["status"][2],
            "start_date": f"0{n}/03/2021",
            "results_published": offered["results_published"][0],
            "feedback_to_participants": offered["feedback_to_participants"][1],
        }
        for n in (1, 2, 3)
    ]
    rows[2]["quartiers"] = "Quartier qui n'existe pas"
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_template_filled_with_labels_loads(tmp_path, lang):
    inventory = load_inventory(_filled(tmp_path, lang))
    report = inventory.report
    assert report.errors == [] and report.rows_loaded == 3
    data = inventory.data
    assert data["organiser_level"].tolist() == ["communal"] * 3
    assert data["perimeter"].tolist() == ["commune"] * 3
    assert data["communes"].tolist() == [("21013",)] * 3
    assert data["themes"].tolist() == [("mobility", "housing")] * 3
    assert data["formats"].tolist() == [("workshop",)] * 3
    assert data["participation_level"].tolist() == ["consultation"] * 3
    assert data["framework"].tolist() == ["none"] * 3
    assert data["status"].tolist() == ["completed"] * 3
    assert data["results_published"].tolist() == [True] * 3
    assert data["feedback_to_participants"].tolist() == [False] * 3
    assert data["start_date"].dt.day.tolist() == [1, 2, 3]
    # The unknown quartier costs its field, not its row, and is named in the report.
    assert data["quartiers"].tolist() == [(), (), ()]
    assert [(f.row, f.field) for f in report.unmatched] == [(4, "quartiers")]


def test_template_filled_with_the_examples_loads(tmp_path):
    """The template is a file the loader reads: its extra sheets are not mistaken for data."""
    path = build_template(tmp_path / "filled.xlsx", "en")
    wb = load_workbook(path)
    ws = wb["inventory"]
    headers = _headers(ws)
    with EXAMPLES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        ws.append([row.get(h, "") or None for h in headers])
    wb["organisers"].append(["Commune d'Etterbeek", "communal", "21005", "officer"])
    wb.save(path)
    inventory = load_inventory(path)
    assert inventory.report.rows_rejected == 0
    assert len(inventory.data) == len(rows)
    assert inventory.organisers.iloc[0].to_dict() == {
        "organiser": "Commune d'Etterbeek",
        "organiser_level": "communal",
        "commune": "21005",
        "participation_staff": "officer",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_codebook_documents_every_field_and_code(lang):
    text = build_codebook(lang)
    for field in FIELDS:
        assert f"| `{field.name}` | {field.fr} | {field.nl} | {field.en} |" in text, field.name
    for name, vocab in VOCABULARIES.items():
        for term in vocab.terms:
            assert f"| `{term.code}` | {term.fr} | {term.nl} | {term.en} |" in text, (name, term.code)
    for header in ORGANISER_HEADERS:
        assert f"`{header}`" in text
    for nis in _reference_nis():
        assert f"| `{nis}` |" in text
    for mdrc in _reference_mdrc():
        assert f"| `{mdrc}` |" in text
    date_forms = {
        "fr": ("AAAA-MM-JJ", "JJ/MM/AAAA"),
        "nl": ("JJJJ-MM-DD", "DD/MM/JJJJ"),
        "en": ("YYYY-MM-DD", "DD/MM/YYYY"),
    }[lang]
    for rule in (*date_forms, "title_fr", "perimeter = region"):
        assert rule in text, rule


def test_codebook_says_which_fields_are_required():
    text = build_codebook("en")
    for field in FIELDS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{field.name}` |"))
        required = row.rstrip(" |").rsplit("| ", 1)[-1]
        if field.name in ("title_fr", "title_nl", "communes"):
            assert required not in ("yes", "no"), field.name  # conditional requirement spelled out
        else:
            assert required == ("yes" if field.required else "no"), field.name


def test_codebook_languages_differ_and_every_phrase_is_translated():
    texts = {lang: build_codebook(lang) for lang in LANGS}
    assert len(set(texts.values())) == 3
    for lang, text in texts.items():
        assert "template." not in text, lang  # an unknown catalogue key comes back as itself
    assert texts["fr"].startswith("# Codebook du format")
    assert texts["nl"].startswith("# Codeboek")


def _sheet_values(wb) -> dict[str, list[tuple]]:
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


def _validations(wb) -> dict[str, list[tuple]]:
    return {
        ws.title: sorted(
            (str(dv.sqref), dv.type or "", dv.formula1 or "", dv.prompt or "")
            for dv in ws.data_validations.dataValidation
        )
        for ws in wb
    }


@pytest.mark.parametrize("lang", LANGS)
def test_committed_template_is_up_to_date(tmp_path, lang):
    fresh = load_workbook(build_template(tmp_path / "fresh.xlsx", lang))
    committed = load_workbook(COMMITTED_XLSX[lang])
    assert committed.sheetnames == fresh.sheetnames
    assert _sheet_values(committed) == _sheet_values(fresh)
    assert _validations(committed) == _validations(fresh)


def test_committed_codebook_is_up_to_date():
    assert COMMITTED_CODEBOOK.read_text(encoding="utf-8") == build_codebook("en")
