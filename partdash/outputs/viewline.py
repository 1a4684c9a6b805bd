"""The one line that says what a view shows: the active filters in words, the count, the
dataset and, for the demonstration data, its label.

Pages open with it, and every export and report prints it, so that a screenshot, a PDF on
a council table or a slide on the meeting-room screen always carries what it is a picture of.
"""

from __future__ import annotations

from dataclasses import dataclass

from partdash.i18n import format_number, translate
from partdash.inventory import reference
from partdash.inventory.filters import URL_KEYS, Filters
from partdash.inventory.vocab import VOCABULARIES

SEPARATOR = " · "
BUILTIN_DATASETS = ("demo", "examples")


def _labels(name: str, lang: str) -> dict[str, str]:
    return reference.commune_names(lang) if name == "communes" else VOCABULARIES[name].labels(lang)


def filter_words(filters: Filters, lang: str) -> list[str]:
    """Each active filter in words, in the sidebar's order: the values of one filter joined
    by "or" (any of them matches), the period as "2021–2023", the search in quotes."""
    words = []
    for name in URL_KEYS:
        codes = getattr(filters, name)
        if codes:
            labels = _labels(name, lang)
            names = [labels.get(code, code) for code in codes]
            words.append(translate("reports.line.or", lang).join(names))
    if filters.years:
        first, last = filters.years
        words.append(str(first) if first == last else f"{first}–{last}")
    if filters.text.strip():
        words.append(translate("reports.line.search", lang, text=filters.text.strip()))
    return words


def dataset_name(dataset: str | None, source: str, lang: str) -> str:
    """The built-in datasets by their name in ``lang``; any other file by its own name."""
    if dataset in BUILTIN_DATASETS:
        return translate(f"shell.dataset_name.{dataset}", lang)
    return source


@dataclass(frozen=True)
class ViewLine:
    lang: str
    filters: str  # the filters in words, or "all initiatives"
    count: str  # "15 initiatives sur 148"
    dataset: str
    demo: str | None  # the demonstration label, None for real data

    def text(self) -> str:
        """The whole line, as pages show it and reports print it."""
        line = translate("reports.line.full", self.lang, filters=self.filters, count=self.count)
        tail = SEPARATOR.join(part for part in (self.dataset, self.demo) if part)
        return f"{line} — {tail}"


def view_line(
    filters: Filters, shown: int, total: int, lang: str, dataset: str | None, source: str, is_demo: bool
) -> ViewLine:
    words = filter_words(filters, lang)
    return ViewLine(
        lang=lang,
        filters=SEPARATOR.join(words) if words else translate("reports.line.all", lang),
        count=translate("reports.line.count", lang, count=shown, total=format_number(total, lang)),
        dataset=dataset_name(dataset, source, lang),
        demo=translate("reports.demo_label", lang) if is_demo else None,
    )
