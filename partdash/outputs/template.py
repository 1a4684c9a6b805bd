"""The empty XLSX template and the Markdown codebook of the canonical inventory format.

Both are generated from ``schema.FIELDS`` and ``vocab.VOCABULARIES`` (and the reference
communes and quartiers), so they cannot drift from what the loader accepts; the copies
committed in ``data/template/`` are checked against these generators by the tests.
"""

from __future__ import annotations

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
# Column of the codes sheet listing the communes' NIS codes (the organisers' commune drop-down).
COMMUNES_COLUMN = "communes"

_LAST_ROW = 1_048_576  # Excel's last row: validations cover every row a user can fill
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_WIDE_TEXT = ("summary_fr", "summary_nl", "summary_en")
_RULES = ("row", "formats", "codes", "multi", "dates", "numbers", "unknown", "required", "consistency", "location")


def _t(key: str, lang: str, **params) -> str:
    return translate(f"template.{key}", lang, **params)


def _trilingual(key: str) -> str:
    return "\n".join(_t(key, lang) for lang in LANGS)


# --------------------------------------------------------------------------- XLSX


def _codes_columns() -> dict[str, tuple[str, ...]]:
    """The codes sheet's columns: every vocabulary, then the communes' NIS codes."""
    columns = {name: vocab.codes for name, vocab in VOCABULARIES.items()}
    columns[COMMUNES_COLUMN] = tuple(reference.communes()["nis"])
    return columns


def _write_header(ws: Worksheet, headers: tuple[str, ...]) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"


def _column_width(field: Field) -> int:
    if field.name in _WIDE_TEXT:
        return 60
    if field.kind in ("text", "url"):
        return 32
    coded = field.kind in (*_SINGLE_CODED_KINDS, "codes")
    longest_code = max(len(c) for c in vocabulary_for(field.name).codes) if coded else 0
    return max(len(field.name), longest_code, 10) + 2


def _write_codes_sheet(ws: Worksheet, columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Write one column per code list; return each list's absolute range for validations."""
    _write_header(ws, tuple(columns))
    ranges: dict[str, str] = {}
    for col, (name, codes) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        for row, code in enumerate(codes, start=2):
            ws.cell(row=row, column=col, value=code)
        ranges[name] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(codes) + 1}"
        ws.column_dimensions[letter].width = max(len(name), *(len(c) for c in codes)) + 2
    return ranges


def _list_validation(list_range: str, field: str) -> DataValidation:
    # A warning rather than a stop: the loader also accepts labels in FR/NL/EN.
    return DataValidation(
        type="list",
        formula1=list_range,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=field[:32],
        prompt=_trilingual("prompt.code"),
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=field[:32],
        error=_trilingual("prompt.code"),
    )


def _message_validation(kind: str, field: str) -> DataValidation:
    return DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle=field[:32], prompt=_trilingual(f"prompt.{kind}")
    )


def _format_columns(ws: Worksheet, fields: tuple[Field, ...], list_ranges: dict[str, str]) -> None:
    for col, field in enumerate(fields, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = _column_width(field)
        if field.name == "commune":
            validation = _list_validation(list_ranges[COMMUNES_COLUMN], field.name)
        elif field.kind in _SINGLE_CODED_KINDS:
            validation = _list_validation(list_ranges[vocabulary_for(field.name).field], field.name)
        elif field.kind in _MULTI_VALUED_KINDS:
            validation = _message_validation(field.kind, field.name)
        else:
            continue
        validation.add(f"{letter}2:{letter}{_LAST_ROW}")
        ws.add_data_validation(validation)


def build_template(path: str | Path) -> Path:
    """Write the empty inventory template: the canonical headers, drop-down lists for
    single-coded fields, input messages for multi-valued ones, an organisers sheet."""
    path = Path(path)
    wb = Workbook()
    inventory = wb.active
    inventory.title = INVENTORY_SHEET
    organisers = wb.create_sheet(ORGANISERS_SHEET)
    codes = wb.create_sheet(CODES_SHEET)
    readme = wb.create_sheet(README_SHEET)

    list_ranges = _write_codes_sheet(codes, _codes_columns())
    _write_header(inventory, INVENTORY_HEADERS)
    _format_columns(inventory, tuple(FIELD_BY_NAME[h] for h in INVENTORY_HEADERS), list_ranges)
    _write_header(organisers, ORGANISER_HEADERS)
    _format_columns(organisers, ORGANISER_FIELDS, list_ranges)

    for lang in LANGS:
        readme.append([f"{lang.upper()}: {_t('readme', lang)}"])
    readme.column_dimensions["A"].width = 120
    for cell in readme["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


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


def _fields_table(fields: tuple[Field, ...], lang: str) -> list[str]:
    headers = [_t("codebook.field", lang), "FR", "NL", "EN", _t("codebook.type", lang), _t("codebook.required", lang)]
    rows = [
        [f"`{f.name}`", f.fr, f.nl, f.en, _t(f"kind.{_kind_key(f)}", lang), _required_text(f, lang)] for f in fields
    ]
    return _md_table(headers, rows)


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
    required = ", ".join(f.name for f in FIELDS if f.required)
    out = [f"# {_t('codebook.title', lang)}", "", _t("codebook.intro", lang), ""]
    out += [f"## {_t('codebook.rules', lang)}", ""]
    out += [f"- {_t(f'rule.{key}', lang, fields=required)}" for key in _RULES]
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
