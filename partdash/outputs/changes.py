"""The changes between two editions as people read them: a table with field labels and
value labels in one language, its CSV and XLSX downloads, and the ``partdash diff`` text.

Codes become labels here and only here; ``analysis.editions`` keeps codes, which is what
the JSON output and the tests compare.
"""

from __future__ import annotations

import io

import pandas as pd

from partdash.analysis.editions import UNKNOWN, EditionDiff
from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES, vocabulary_for
from partdash.memo import memoised
from partdash.outputs.export import neutralise
from partdash.outputs.records import display_title

COLUMNS = ("id", "title", "field", "old", "new")


def _t(key: str, lang: str, **params) -> str:
    return translate(f"editions.{key}", lang, **params)


def value_label(field: str, value, lang: str) -> str:
    """A value of the JSON form (codes ";"-joined, yes/no words) in ``lang``'s words."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return _t("empty_value", lang)
    kind = FIELD_BY_NAME[field].kind if field in FIELD_BY_NAME else "text"
    if kind in ("code", "codes", "yes_no"):
        vocab = vocabulary_for(field)
        return ", ".join(vocab.label(code, lang) for code in str(value).split(";"))
    if kind == "nis":
        names = reference.commune_names(lang)
        return ", ".join(names.get(code, code) for code in str(value).split(";"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang, 0 if float(value).is_integer() else 2)
    return str(value)


def move_label(field: str, code: str, lang: str) -> str:
    """A status or a follow-up answer (yes, no, unknown) in ``lang``'s words."""
    if code == UNKNOWN:
        return _t("unknown", lang)
    vocab = VOCABULARIES["yes_no"] if field in FOLLOWUP_FIELDS else VOCABULARIES["status"]
    return vocab.label(code, lang)


@memoised
def changes_table(diff: EditionDiff, new: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per changed field of a matched initiative, with its title in the new edition."""
    titles = pd.Series(display_title(new, lang).to_numpy(), index=new["id"].astype(str)) if len(new) else pd.Series()
    fc = diff.field_changes
    return pd.DataFrame(
        {
            "id": fc["id"],
            "title": fc["id"].map(titles),
            "field": fc["field"].map(lambda f: FIELD_BY_NAME[f].label(lang)),
            "old": [value_label(f, v, lang) for f, v in zip(fc["field"], fc["old"], strict=True)],
            "new": [value_label(f, v, lang) for f, v in zip(fc["field"], fc["new"], strict=True)],
        },
        columns=list(COLUMNS),
    )


def _headed(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.rename(columns={c: _t(f"col_{c}", lang) for c in COLUMNS}).map(neutralise)


def to_csv_bytes(table: pd.DataFrame, lang: str) -> bytes:
    return _headed(table, lang).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(table: pd.DataFrame, lang: str, demo: bool) -> bytes:
    """The changes sheet, and for demonstration data a first sheet saying so."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if demo:
            pd.DataFrame({"": [_t("demo_note", lang)]}).to_excel(writer, sheet_name="demo", index=False, header=False)
        _headed(table, lang).to_excel(writer, sheet_name="changes", index=False)
    return buffer.getvalue()


def text_report(diff: EditionDiff, old_name: str, new_name: str, lang: str, demo: bool) -> list[str]:
    """The lines ``partdash diff`` prints without ``--json``."""
    n = lambda v: format_number(v, lang)  # noqa: E731
    lines = [_t("demo_note", lang)] if demo else []
    lines.append(
        _t(
            "summary",
            lang,
            old=old_name,
            new=new_name,
            added=n(len(diff.added)),
            removed=n(len(diff.removed)),
            changed=n(len(diff.changed)),
            fields=n(len(diff.field_changes)),
        )
    )
    for key, ids in (("added", diff.added), ("removed", diff.removed)):
        lines.append(_t("list_line", lang, name=_t(key, lang), items=", ".join(ids) or _t("none", lang)))
    lines.append(_t("heading", lang, name=_t("changed", lang)))
    for row in diff.field_changes.itertuples():
        old, new = value_label(row.field, row.old, lang), value_label(row.field, row.new, lang)
        lines.append(
            "  " + _t("change_line", lang, id=row.id, field=FIELD_BY_NAME[row.field].label(lang), old=old, new=new)
        )
    lines.append(_t("heading", lang, name=_t("status_moves", lang)))
    for row in diff.transitions("status").itertuples():
        old, new = move_label("status", row.old, lang), move_label("status", row.new, lang)
        lines.append("  " + _t("move_line", lang, old=old, new=new, count=n(row.count)))
    lines.append(_t("heading", lang, name=_t("followup_progress", lang)))
    for row in diff.transitions("followup").itertuples():
        old, new = move_label(row.field, row.old, lang), move_label(row.field, row.new, lang)
        label = FIELD_BY_NAME[row.field].label(lang)
        lines.append(f"  {label} · " + _t("move_line", lang, old=old, new=new, count=n(row.count)))
    return lines


def diff_command(args) -> int:
    """``partdash diff OLD NEW [--json] [--lang L]``."""
    import json
    from pathlib import Path

    from partdash.analysis.editions import compare
    from partdash.inventory.loader import load_inventory

    old, new = load_inventory(args.old), load_inventory(args.new)
    diff = compare(old.data, new.data)
    if args.json:
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
        return 0
    demo = old.is_demo or new.is_demo
    print("\n".join(text_report(diff, Path(args.old).name, Path(args.new).name, args.lang, demo)))
    return 0


def moves_labels(moves, kind: str, lang: str) -> dict[str, str]:
    """Labels of "old → new" moves of ``kind`` (status or followup) in ``lang``."""
    field = "status" if kind == "status" else FOLLOWUP_FIELDS[0]
    out = {}
    for move in moves:
        old, new = move.split(" → ")
        out[move] = f"{move_label(field, old, lang)} → {move_label(field, new, lang)}"
    return out


@memoised
def added_removed_table(ids: list[str], data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The initiatives of ``ids`` as listed: id, title, organiser (from the edition holding them)."""
    rows = data[data["id"].astype(str).isin(ids)]
    return pd.DataFrame(
        {"id": rows["id"].astype(str), "title": display_title(rows, lang), "organiser": rows["organiser"]}
    )
