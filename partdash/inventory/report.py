"""What a load tells its user: the validation report and the one error for unusable files.

Messages are stored as catalogue keys with parameters, not as sentences, so that the
same report reads in French, Dutch or English (UI) and in English (CLI, JSON). Warnings
are also read grouped by kind, problems first: three rows typed with labels give a
dozen "read as code" notes, and a value the loader had to drop must not drown in them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partdash.i18n import format_date, format_number, translate
from partdash.inventory.reference import commune_names
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.inventory.vocab import FOLLOWUP_FIELDS, VOCABULARIES, vocabulary_for

PROBLEM, REPAIR, INFO = "problem", "repair", "info"
SEVERITIES = (PROBLEM, REPAIR, INFO)
# What a warning means for the user: a value lost or ignored (problem), a value the loader
# had to guess (repair), or a value read as it was meant (information). Unlisted: repair.
_SEVERITY = {
    "unmatched_value": PROBLEM,
    "bad_url": PROBLEM,
    "column_ignored": PROBLEM,
    "organisers_row": PROBLEM,
    "label_matched": INFO,
    "header_matched": INFO,
    "commune_matched": INFO,
    "date_dayfirst": INFO,
    "lambert_detected": INFO,
    "encoding": INFO,
}
EXAMPLES = 3
# Findings whose ``code`` names a vocabulary code of their field.
_VOCABULARY_CODE = ("label_matched", "status_derived")


@dataclass(frozen=True)
class Finding:
    """One rejected or repaired value. ``row`` is the row number as the user sees it
    in the file (spreadsheet numbering: the header is row 1), or the feature number."""

    row: int
    field: str
    key: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en", codes: bool = False) -> str:
        """The finding in a sentence for people (labels, dates in words), or with the
        stored codes and ISO dates when ``codes`` (machine output)."""
        params = dict(self.params) if codes else self.readable_params(lang)
        return translate(f"loader.finding.{self.key}", lang, **params)

    def readable_params(self, lang: str) -> dict[str, str]:
        """The parameters as a reader of ``lang`` knows them: a code as its label, a commune
        as its name, a field as its label, a date as the language writes it."""
        params = dict(self.params)
        code = params.get("code")
        if code and self.key in _VOCABULARY_CODE and (self.field in VOCABULARIES or self.field in FOLLOWUP_FIELDS):
            params["code"] = vocabulary_for(self.field).label(code, lang)
        elif code and self.key == "commune_matched":
            params["code"] = commune_names(lang).get(code, code)
        elif code and self.key == "header_matched" and code in FIELD_BY_NAME:
            params["code"] = FIELD_BY_NAME[code].label(lang)
        if params.get("date"):
            params["date"] = format_date(params["date"], lang)
        return params

    def as_dict(self, lang: str = "en") -> dict:
        return {"row": self.row, "field": self.field, "message": self.message(lang, codes=True)}

    @property
    def severity(self) -> str:
        return _SEVERITY.get(self.key, REPAIR)

    def example(self, lang: str = "en") -> str:
        """The finding in a few words, for a group's examples ("'Mobiliteit' → mobility")."""
        key = f"warnings.example.{self.key}"
        text = translate(key, lang, row=self.row, field=self.field, **self.readable_params(lang))
        return self.message(lang) if text == key else text


@dataclass(frozen=True)
class FindingGroup:
    """Findings of one kind: how many, and the first few distinct ones as examples."""

    key: str
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> str:
        return self.findings[0].severity

    @property
    def count(self) -> int:
        return len(self.findings)

    def examples(self, lang: str = "en") -> list[str]:
        seen: dict[str, None] = {}
        for finding in self.findings:
            seen.setdefault(finding.example(lang), None)
            if len(seen) == EXAMPLES:
                break
        return list(seen)

    def message(self, lang: str = "en") -> str:
        """ "19 values read from labels, e.g. 'Mobiliteit' → mobility, ..." in ``lang``."""
        head = translate(f"warnings.group.{self.key}", lang, count=self.count)
        if head.startswith("warnings.group."):
            head = translate("warnings.group.other", lang, count=self.count)
        return translate("warnings.with_examples", lang, head=head, examples="; ".join(self.examples(lang)))


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """Findings grouped by kind: problems, then repairs, then information; larger groups first."""
    by_key: dict[str, list[Finding]] = {}
    for finding in findings:
        by_key.setdefault(finding.key, []).append(finding)
    groups = [FindingGroup(key, tuple(items)) for key, items in by_key.items()]
    return sorted(groups, key=lambda g: (SEVERITIES.index(g.severity), -g.count, g.key))


@dataclass
class ValidationReport:
    source: str
    rows_in: int = 0
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({f.row for f in self.errors})

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def rows_loaded(self) -> int:
        return self.rows_in - self.rows_rejected

    @property
    def unmatched(self) -> list[Finding]:
        """Values of optional fields that matched nothing and were left empty."""
        return [f for f in self.warnings if f.key == "unmatched_value"]

    def text_lines(self, lang: str = "en") -> list[str]:
        """The report as ``partdash validate`` prints it: counts, every rejected row, then
        the warnings grouped by kind with examples, problems first."""
        lines = [
            translate(
                "warnings.summary",
                lang,
                source=self.source,
                rows_in=format_number(self.rows_in, lang),
                loaded=format_number(self.rows_loaded, lang),
                rejected=format_number(self.rows_rejected, lang),
                warnings=format_number(len(self.warnings), lang),
            )
        ]
        rejected = translate("warnings.rejected", lang)
        row = translate("data.col_row", lang).lower()
        lines += [f"  {rejected:<9} {row} {f.row:>6}  {f.field:<22} {f.message(lang)}" for f in self.errors]
        for group in group_findings(self.warnings):
            lines.append(f"  {translate(f'warnings.severity.{group.severity}', lang):<9} {group.message(lang)}")
        if self.warnings:
            lines.append(translate("warnings.details_hint", lang))
        return lines

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "rows_in": self.rows_in,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "errors": [f.as_dict(lang) for f in self.errors],
            "warnings": [f.as_dict(lang) for f in self.warnings],
        }


class InventoryError(Exception):
    """A file that cannot be used at all. Carries a catalogue key so the sentence can be
    shown in the user's language; ``str()`` gives the English sentence."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return translate(f"loader.error.{self.key}", lang, **self.params)
