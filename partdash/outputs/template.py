"""The XLSX template and the Markdown codebook of the canonical inventory format.

Both are generated from ``schema.FIELDS`` and ``vocab.VOCABULARIES`` (and the reference
communes and quartiers), so they cannot drift from what the loader accepts; the copies
committed in ``data/template/`` are checked against these generators by the tests. The
template explains itself: a "how to fill" note in three languages comes first, its
drop-down lists offer labels in the template's language (the loader reads labels as
well as codes), the codes sheet gives every code with its FR, NL and EN labels, and the
codebook is one of its sheets.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from partdash.i18n import LANGS, translate
from partdash.inventory import reference
from partdash.inventory.schema import COLUMN_ORDER, COORD_COLUMNS, FIELD_BY_NAME, FIELDS, Field
from partdash.inventory.vocab import VOCABULARIES, Vocabulary, vocabulary_for

INVENTORY_SHEET = "inventory"
ORGANISERS_SHEET = "organisers"
CODES_SHEET = "codes"
README_SHEET = "readme"
CODEBOOK_SHEET = "codebook"
INVENTORY_HEADERS = COLUMN_ORDER + COORD_COLUMNS
# A cell holding one code gets a drop-down list of its vocabulary; a cell holding several
# ";"-separated values cannot be offered by a drop-down, so it gets an input message.
_SINGLE_CODED_KINDS = ("code", "yes_no")
_MULTI_VALUED_KINDS = ("codes", "nis", "mdrc")

ORGANISER_FIELDS: tuple[Field, ...] = (
    FIELD_BY_NAME["organiser"],
    replace(FIELD_BY_NAME["organiser_level"], required=False),
    Field("commune", "nis", False, "Commune", "Gemeente", "Commune"),
    Field(
        "participation_staff",
        "code",
        False,
        "Personnel de participation",
        "Participatiepersoneel",
        "Participation staff",
    ),
)
ORGANISER_HEADERS = tuple(f.name for f in ORGANISER_FIELDS)
# Code lists of the codes sheet that are not vocabularies: the reference places.
COMMUNES_LIST = "communes"
QUARTIERS_LIST = "quartiers"

_LAST_ROW = 1_048_576  # Excel's last row: validations cover every row a user can fill
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_TITLE_FONT = Font(bold=True, size=13)
_WIDE_TEXT = ("summary_fr", "summary_nl", "summary_en")
_RULES = ("row", "formats", "codes", "multi", "dates", "numbers", "unknown", "required", "consistency", "location")
_HOWTO = ("fill", "lists", "multi", "unknown", "help")


def _t(key: str, lang: str, **params) -> str:
    return translate(f"template.{key}", lang, **params)


def template_name(lang: str) -> str:
    return f"partdash_template_{lang}.xlsx"


# --------------------------------------------------------------------------- XLSX


def _sheet_lists() -> dict[str, list[tuple]]:
    """Every list of the codes sheet as rows (code, FR, NL, EN): the vocabularies, then the
    communes (NIS code, names) and the quartiers (code, names, commune)."""
    lists = {name: [(t.code, t.fr, t.nl, t.en) for t in vocab.terms] for name, vocab in VOCABULARIES.items()}
    communes = reference.communes()
    lists[COMMUNES_LIST] = [(r.nis, r.name_fr, r.name_nl, r.name_fr) for r in communes.itertuples()]
    names = dict(zip(communes["nis"], communes["name_fr"] + " / " + communes["name_nl"], strict=True))
    lists[QUARTIERS_LIST] = [
        (int(r.mdrc), r.label_fr, r.label_nl, names[r.commune_nis]) for r in reference.quartiers().itertuples()
    ]
    return lists


def _list_headers(name: str, lang: str) -> tuple[str, ...]:
    if name == QUARTIERS_LIST:
        return name, f"{name} (FR)", f"{name} (NL)", _t("codebook.commune", lang)
    return name, f"{name} (FR)", f"{name} (NL)", f"{name} (EN)"


def _write_header(ws: Worksheet, headers: tuple[str, ...]) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"


def _column_width(field: Field, lang: str) -> int:
    if field.name in _WIDE_TEXT:
        return 60
    if field.kind in ("text", "url"):
        return 32
    coded = field.kind in (*_SINGLE_CODED_KINDS, "codes")
    longest = max(len(t.label(lang)) for t in vocabulary_for(field.name).terms) if coded else 0
    return min(max(len(field.name), longest, 10) + 2, 48)


def _write_codes_sheet(ws: Worksheet, lists: dict[str, list[tuple]], lang: str) -> dict[str, str]:
    """Four columns per list (code and its FR, NL, EN labels), side by side; return the
    range of each list's labels in ``lang``, for the drop-downs."""
    headers = [h for name in lists for h in _list_headers(name, lang)]
    _write_header(ws, tuple(headers))
    offset = 1 + LANGS.index(lang)
    ranges: dict[str, str] = {}
    for block, (name, rows) in enumerate(lists.items()):
        first = 1 + 4 * block
        for row, values in enumerate(rows, start=2):
            for col, value in enumerate(values, start=first):
                ws.cell(row=row, column=col, value=value)
        for col in range(first, first + 4):
            letter = get_column_letter(col)
            longest = max(len(str(v[col - first])) for v in rows)
            ws.column_dimensions[letter].width = min(max(len(headers[col - 1]), longest) + 2, 48)
        letter = get_column_letter(first + offset)
        ranges[name] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(rows) + 1}"
    return ranges


def _list_validation(list_range: str, field: str, lang: str) -> DataValidation:
    # A warning rather than a stop: the loader also accepts codes and labels in FR/NL/EN.
    return DataValidation(
        type="list",
        formula1=list_range,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=field[:32],
        prompt=_t("prompt.code", lang),
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=field[:32],
        error=_t("prompt.code", lang),
    )


def _message_validation(kind: str, field: str, lang: str) -> DataValidation:
    return DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle=field[:32], prompt=_t(f"prompt.{kind}", lang)
    )


def _format_columns(ws: Worksheet, fields: tuple[Field, ...], list_ranges: dict[str, str], lang: str) -> None:
    for col, field in enumerate(fields, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = _column_width(field, lang)
        if field.name == "commune":
            validation = _list_validation(list_ranges[COMMUNES_LIST], field.name, lang)
        elif field.kind in _SINGLE_CODED_KINDS:
            validation = _list_validation(list_ranges[vocabulary_for(field.name).field], field.name, lang)
        elif field.kind in _MULTI_VALUED_KINDS:
            validation = _message_validation(field.kind, field.name, lang)
        else:
            continue
        validation.add(f"{letter}2:{letter}{_LAST_ROW}")
        ws.add_data_validation(validation)


def _write_readme(ws: Worksheet) -> None:
    """The "how to fill" note, in the three languages one under the other."""
    for lang in LANGS:
        ws.append([_t("howto.title", lang)])
        ws.cell(row=ws.max_row, column=1).font = _TITLE_FONT
        for key in _HOWTO:
            ws.append([f"• {_t(f'howto.{key}', lang)}"])
        ws.append([])
    ws.column_dimensions["A"].width = 120
    for cell in ws["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_codebook_sheet(ws: Worksheet, lang: str) -> None:
    """The codebook's rules and fields table (the codes are on the codes sheet)."""
    ws.append([_t("codebook.title", lang)])
    ws["A1"].font = _TITLE_FONT
    ws.append([_t("codebook.intro", lang)])
    ws.append([])
    ws.append([_t("codebook.rules", lang)])
    ws.cell(row=ws.max_row, column=1).font = _HEADER_FONT
    for line in _rules(lang):
        ws.append([line])
    ws.append([])
    for title, fields in (("codebook.fields", FIELDS), ("codebook.organisers", ORGANISER_FIELDS)):
        ws.append([_t(title, lang)])
        ws.cell(row=ws.max_row, column=1).font = _HEADER_FONT
        ws.append(_fields_header(lang))
        for cell in ws[ws.max_row]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
        for row in _fields_rows(fields, lang):
            ws.append(row)
        ws.append([])
    for letter, width in zip("ABCDEF", (26, 30, 30, 30, 28, 24), strict=True):
        ws.column_dimensions[letter].width = width


def build_template(path: str | Path, lang: str = "fr") -> Path:
    """Write the empty inventory template whose drop-down lists offer labels in ``lang``:
    the how-to note, the canonical headers, an organisers sheet, the codes, the codebook."""
    path = Path(path)
    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    inventory = wb.create_sheet(INVENTORY_SHEET)
    organisers = wb.create_sheet(ORGANISERS_SHEET)
    codes = wb.create_sheet(CODES_SHEET)
    codebook = wb.create_sheet(CODEBOOK_SHEET)

    _write_readme(readme)
    list_ranges = _write_codes_sheet(codes, _sheet_lists(), lang)
    _write_header(inventory, INVENTORY_HEADERS)
    _format_columns(inventory, tuple(FIELD_BY_NAME[h] for h in INVENTORY_HEADERS), list_ranges, lang)
    _write_header(organisers, ORGANISER_HEADERS)
    _format_columns(organisers, ORGANISER_FIELDS, list_ranges, lang)
    _write_codebook_sheet(codebook, lang)

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def template_bytes(lang: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return build_template(Path(tmp) / template_name(lang), lang).read_bytes()


# --------------------------------------------------------------------------- codebook


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return [line(headers), "|" + "---|" * len(headers), *(line(r) for r in rows), ""]


def _kind_key(field: Field) -> str:
    """The organisers' commune is one commune (code or name), not a list like ``communes``."""
    return "commune" if field.name == "commune" else field.kind


def _required_text(field: Field, lang: str) -> str:
    if field.name in ("title_fr", "title_nl"):
        return _t("codebook.one_title", lang)
    if field.name == "communes":
        return _t("codebook.unless_region", lang)
    return _t("codebook.yes" if field.required else "codebook.no", lang)


def _fields_header(lang: str) -> list[str]:
    return [_t("codebook.field", lang), "FR", "NL", "EN", _t("codebook.type", lang), _t("codebook.required", lang)]


def _fields_rows(fields: tuple[Field, ...], lang: str) -> list[list[str]]:
    return [[f.name, f.fr, f.nl, f.en, _t(f"kind.{_kind_key(f)}", lang), _required_text(f, lang)] for f in fields]


def _fields_table(fields: tuple[Field, ...], lang: str) -> list[str]:
    rows = [[f"`{name}`", *rest] for name, *rest in _fields_rows(fields, lang)]
    return _md_table(_fields_header(lang), rows)


def _rules(lang: str) -> list[str]:
    required = ", ".join(f.name for f in FIELDS if f.required)
    return [_t(f"rule.{key}", lang, fields=required) for key in _RULES]


def _vocabulary_table(vocab: Vocabulary, lang: str) -> list[str]:
    rows = [[f"`{t.code}`", t.fr, t.nl, t.en] for t in vocab.terms]
    return _md_table([_t("codebook.code", lang), "FR", "NL", "EN"], rows)


def _code_lists(lang: str) -> list[str]:
    """One table per vocabulary, headed by the fields that use it (yes/no serves six)."""
    users: dict[str, dict[str, None]] = {}  # ordered set: organiser_level serves both tables
    for field in (*FIELDS, *ORGANISER_FIELDS):
        if field.kind in (*_SINGLE_CODED_KINDS, "codes"):
            users.setdefault(vocabulary_for(field.name).field, {})[field.name] = None
    out: list[str] = []
    for name, vocab in VOCABULARIES.items():
        out += [f"### {', '.join(f'`{u}`' for u in users[name])}", ""]
        out += _vocabulary_table(vocab, lang)
    return out


def _reference_tables(lang: str) -> list[str]:
    communes = reference.communes()
    out = [f"## {_t('codebook.communes', lang)}", ""]
    out += _md_table(
        [_t("codebook.code", lang), "FR", "NL"], [[f"`{r.nis}`", r.name_fr, r.name_nl] for r in communes.itertuples()]
    )
    names = reference.commune_names(lang)
    quartiers = reference.quartiers()
    out += [f"## {_t('codebook.quartiers', lang)}", ""]
    rows = [[f"`{r.mdrc}`", r.label_fr, r.label_nl, names[r.commune_nis]] for r in quartiers.itertuples()]
    out += _md_table([_t("codebook.code", lang), "FR", "NL", _t("codebook.commune", lang)], rows)
    return out


def build_codebook(lang: str = "en") -> str:
    """The codebook in Markdown: file rules, every field with its labels, type and
    requirement, every code list with its labels, the reference codes, the organisers table."""
    lang = lang if lang in LANGS else "en"
    out = [f"# {_t('codebook.title', lang)}", "", _t("codebook.intro", lang), ""]
    out += [f"## {_t('codebook.rules', lang)}", ""]
    out += [f"- {rule}" for rule in _rules(lang)]
    out += ["", f"## {_t('codebook.fields', lang)}", ""]
    out += _fields_table(FIELDS, lang)
    out += [f"## {_t('codebook.codes', lang)}", ""]
    out += _code_lists(lang)
    out += _reference_tables(lang)
    out += [f"## {_t('codebook.organisers', lang)}", "", _t("codebook.organisers_intro", lang), ""]
    out += _fields_table(ORGANISER_FIELDS, lang)
    return "\n".join(out).rstrip() + "\n"


def write_codebook(path: str | Path, lang: str = "en") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_codebook(lang), encoding="utf-8")
    return path
