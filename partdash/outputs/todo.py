"""To-do workbooks: an organiser's records in the template layout, to send out and take back.

The workbook is the template itself (``outputs.template``: same sheets, headers, drop-down
lists and input messages) with the organiser's rows filled in, the cells it is expected
to fill but left empty highlighted (``analysis.quality.missing_cells``), and a sheet
listing why some records are to look at. Values are written as the canonical export
writes them, as text cells, so the file loads back through the loader with the same rows.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Alignment, PatternFill

from partdash.analysis.quality import missing_cells, records_to_check
from partdash.i18n import format_date, translate
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import VOCABULARIES
from partdash.memo import memoised
from partdash.outputs.export import canonical_frame
from partdash.outputs.records import display_title
from partdash.outputs.template import (
    INVENTORY_HEADERS,
    INVENTORY_SHEET,
    ORGANISER_HEADERS,
    ORGANISERS_SHEET,
    README_SHEET,
    build_template,
)

TODO_FILL = PatternFill("solid", fgColor="FFE699")
CHECKS_SHEET = "checks"


@lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return build_template(Path(tmp) / "template.xlsx").read_bytes()


def _text_cell(cell, value) -> None:
    """A value as a text cell: a text starting with "=" stays text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def file_name(organiser: str) -> str:
    slug = re.sub(r"[^0-9A-Za-z]+", "_", organiser).strip("_").lower() or "organiser"
    return f"todo_{slug[:60]}.xlsx"


def todo_workbook(
    df: pd.DataFrame, organiser: str, lang: str, demo: bool, organisers: pd.DataFrame | None = None
) -> bytes:
    """The XLSX to-do workbook of one organiser's records (in ``df`` order)."""
    records = df[df["organiser"].astype(str) == organiser]
    wb = load_workbook(io.BytesIO(_template_bytes()))
    ws = wb[INVENTORY_SHEET]
    rows = canonical_frame(records)
    todo = missing_cells(records).reset_index(drop=True)
    for r, row in enumerate(rows.itertuples(index=False), start=2):
        values = row._asdict()
        for c, header in enumerate(INVENTORY_HEADERS, start=1):
            cell = ws.cell(row=r, column=c)
            value = values.get(header, "")
            if value != "" and value is not None:
                _text_cell(cell, value)
            if header in todo and todo.at[r - 2, header]:
                cell.fill = TODO_FILL
    if organisers is not None:
        mine = organisers[organisers["organiser"].astype(str) == organiser].fillna("")
        sheet = wb[ORGANISERS_SHEET]
        for r, rec in enumerate(mine.to_dict("records"), start=2):
            for c, header in enumerate(ORGANISER_HEADERS, start=1):
                _text_cell(sheet.cell(row=r, column=c), str(rec.get(header, "")) or None)
    _write_checks(wb.create_sheet(CHECKS_SHEET), records, lang)
    readme = wb[README_SHEET]
    lines = [translate("quality.workbook.readme", lang, organiser=organiser, n=len(records))]
    if demo:
        lines.insert(0, translate("quality.workbook.demo", lang))
    readme.insert_rows(1, len(lines))
    for i, line in enumerate(lines, start=1):
        _text_cell(readme.cell(row=i, column=1), line)
        readme.cell(row=i, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _detail(reason: str, detail: str, lang: str) -> str:
    if reason == "followup_unknown":
        return ", ".join(FIELD_BY_NAME[f].label(lang) for f in detail.split(";") if f)
    if reason == "status_dates" and detail:
        return VOCABULARIES["status"].label(detail, lang)
    if reason == "stale" and detail:
        return format_date(detail, lang)
    return detail


@memoised
def checks_table(df: pd.DataFrame, flags: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The records to look at in ``lang``: id, title, organiser, reason and its detail."""
    titles = pd.Series(display_title(df, lang).to_numpy(), index=df["id"].astype(str))
    return pd.DataFrame(
        {
            "id": flags["id"],
            "title": flags["id"].map(titles),
            "organiser": flags["organiser"],
            "reason": flags["reason"].map(lambda r: translate(f"quality.reason.{r}", lang)),
            "detail": [_detail(r, d, lang) for r, d in zip(flags["reason"], flags["detail"], strict=True)],
        }
    )


def _write_checks(ws, records: pd.DataFrame, lang: str) -> None:
    table = checks_table(records, records_to_check(records), lang)[["id", "title", "reason", "detail"]]
    ws.append([translate(f"quality.col_{k}", lang) for k in table.columns])
    for r, row in enumerate(table.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            _text_cell(ws.cell(row=r, column=c), value or None)
    for letter, width in zip("ABCD", (14, 50, 50, 40), strict=True):
        ws.column_dimensions[letter].width = width


def todo_zip(df: pd.DataFrame, lang: str, demo: bool, organisers: pd.DataFrame | None = None) -> bytes:
    """One to-do workbook per organiser, in a ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        names: set[str] = set()
        for organiser in sorted(df["organiser"].astype(str).unique()):
            name = file_name(organiser)
            while name in names:
                name = name.replace(".xlsx", "_.xlsx")
            names.add(name)
            archive.writestr(name, todo_workbook(df, organiser, lang, demo, organisers))
    return out.getvalue()
