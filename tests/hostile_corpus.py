"""Hostile inventory files, generated on demand (none is committed as a binary).

Each builder writes one file of a class of hostile or careless input into a folder and
returns its path; the tests assert what the loader, the CLI and the app do with it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
from conftest import (
    GRAND_PLACE,
    PARVIS_SAINT_GILLES,
    canonical_row,
    geojson_feature,
    lambert_geometry,
    point,
    write_csv,
)

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)

# Text from data that Markdown, Streamlit or a spreadsheet would act on if it were not inert.
MARKUP_PAYLOADS = {
    "bare_url": "Voir http://evil.example/phish?x=1 pour participer",
    "www": "Infos sur www.evil.example",
    "email": "Écrire à someone@evil.example",
    "icon": ":material/warning: Attention",
    "emoji": "Bravo :tada: :+1:",
    "entity": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;",
    "html": "<b>gras</b> <img src=x onerror=alert(1)>",
    "latex": "Coût $x^2$ et $$y$$",
    "markdown": "**gras** [lien](http://evil.example) `code`",
    "colour": ":red[rouge] :blue-background[bleu]",
}


def _row(row: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{_column(i)}{row}" t="inlineStr"><is><t>{value}</t></is></c>' for i, value in enumerate(values)
    )
    return f'<row r="{row}">{cells}</row>'


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _valid_rows() -> list[str]:
    row = canonical_row(1)
    return [_row(1, list(row)), _row(2, list(row.values()))]


def write_raw_xlsx(path: Path, sheet_parts: list[str] | None = None, *, sheet_xml: str | None = None) -> Path:
    """A minimal workbook of one sheet, its XML written by hand (``sheet_parts`` are
    streamed one after the other, so a sheet can be far larger than memory would like)."""
    workbook = (
        f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_R}"><sheets>'
        '<sheet name="inventory" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    root_rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts if sheet_parts is not None else [sheet_xml or ""]:
                sheet.write(part.encode())
    return path


def xlsx_last_cell(path: Path, *, with_dimension: bool) -> Path:
    """One valid row, and one cell at the sheet's last address (XFD1048576)."""
    dimension = '<dimension ref="A1:XFD1048576"/>' if with_dimension else ""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return write_raw_xlsx(
        path,
        sheet_xml=f'<worksheet xmlns="{_NS}">{dimension}<sheetData>'
        + "".join(_valid_rows())
        + far
        + "</sheetData></worksheet>",
    )


def xlsx_inflating(path: Path, inflated_mib: int = 250) -> Path:
    """A few hundred kilobytes that inflate to ``inflated_mib`` MiB of one repeated row."""
    head = f'<worksheet xmlns="{_NS}"><sheetData>' + "".join(_valid_rows())
    filler = "".join(_row(3, ["a" * 60] * 8) for _ in range(64))  # about 64 KiB, rows share a number
    repeats = inflated_mib * 1024 * 1024 // len(filler)

    def parts():
        yield head
        for _ in range(repeats):
            yield filler
        yield "</sheetData></worksheet>"

    return write_raw_xlsx(path, parts())


def xlsx_formulas_and_hidden(path: Path) -> Path:
    """A visible sheet with a formula never computed (openpyxl writes no cached value),
    before it a hidden sheet named like the inventory, which must not be read."""
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "inventory"
    hidden.sheet_state = "hidden"
    visible = book.create_sheet("Feuil1")
    rows = [canonical_row(1), canonical_row(2)]
    for sheet, data in ((hidden, [canonical_row(9, id="HIDDEN")]), (visible, rows)):
        sheet.append(list(rows[0]))
        for row in data:
            sheet.append(list(row.values()))
    visible["Z3"] = "=A3&B3"
    return _save(book, path)


def _save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def deep_geojson(path: Path, depth: int = 100_000) -> Path:
    feature = geojson_feature(canonical_row(1), point(*GRAND_PLACE))
    text = json.dumps({"type": "FeatureCollection", "features": [feature]})
    text = text.replace('"summary_nl": null', '"summary_nl": ' + "[" * depth + "]" * depth)
    path.write_text(text, encoding="utf-8")
    return path


def mixed_crs_geojson(path: Path) -> Path:
    """Two features in degrees, one in Lambert 72, one with an infinite coordinate."""
    features = [
        geojson_feature(canonical_row(1), point(*GRAND_PLACE)),
        geojson_feature(canonical_row(2), lambert_geometry(point(*PARVIS_SAINT_GILLES))),
        geojson_feature(canonical_row(3), point(*PARVIS_SAINT_GILLES)),
        geojson_feature(canonical_row(4), {"type": "Point", "coordinates": [4.35, "Infinity"]}),
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}).replace('"Infinity"', "Infinity")
    path.write_text(text, encoding="utf-8")
    return path


def csv_invalid_bytes(path: Path) -> Path:
    """UTF-8 with accents everywhere, and three bytes that are not UTF-8 in one cell."""
    write_csv(path, [canonical_row(n) for n in range(1, 6)])
    data = path.read_bytes().replace(b"place 3", b"place \xe9\xe8\xff 3", 1)
    path.write_bytes(data)
    return path


def csv_controls(path: Path) -> Path:
    return write_csv(
        path,
        [canonical_row(1, title_fr="Titre \x1b[31mrouge\x1b[0m et cloche \x07 !"), canonical_row(2)],
    )


def csv_strict_values(path: Path) -> Path:
    """One impossible value per row, each in a different field."""
    rows = [
        canonical_row(1, start_date="2021-03-01T25:00"),
        canonical_row(2, end_date="2022-06-30T10:00+99:99"),
        canonical_row(3, participants="1_000"),
        canonical_row(4, budget_eur="１２０００"),
        canonical_row(5, id="\u200b"),
        canonical_row(6),
    ]
    return write_csv(path, rows)


def csv_many_columns(path: Path, extra: int = 3000) -> Path:
    rows = [canonical_row(n) | {f"extra_{i}": str(i) for i in range(extra)} for n in (1, 2)]
    return write_csv(path, rows)


ALL_PAYLOADS = " | ".join(MARKUP_PAYLOADS.values())


def csv_markup(path: Path) -> Path:
    """One initiative per payload, the payload in its title, summary and organiser, and one
    initiative ``X-all`` holding them all."""
    rows = [
        canonical_row(n, id=f"X-{key}", title_fr=f"{key}: {text}", summary_fr=text, organiser=text)
        for n, (key, text) in enumerate(MARKUP_PAYLOADS.items(), start=1)
    ]
    rows.append(canonical_row(len(rows) + 1, id="X-all", title_fr=ALL_PAYLOADS, summary_fr=ALL_PAYLOADS))
    return write_csv(path, rows)
