"""What a load tells its user: the validation report and the one error for unusable files.

Messages are stored as catalogue keys with parameters, not as sentences, so that the
same report reads in French, Dutch or English (UI) and in English (CLI, JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partdash.i18n import translate


@dataclass(frozen=True)
class Finding:
    """One rejected or repaired value. ``row`` is the row number as the user sees it
    in the file (spreadsheet numbering: the header is row 1), or the feature number."""

    row: int
    field: str
    key: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        return translate(f"loader.finding.{self.key}", lang, **dict(self.params))

    def as_dict(self, lang: str = "en") -> dict:
        return {"row": self.row, "field": self.field, "message": self.message(lang)}


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
