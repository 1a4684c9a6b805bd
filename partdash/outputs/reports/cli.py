"""``partdash report``: the reports from the command line, for the service's routine.

    partdash report inventory FILE --lang fr -o report.pdf
    partdash report commune FILE --commune 21013 --lang nl -o sint-gillis.pdf
    partdash report territory FILE --place 58 --lang en -o place.html

``--filter`` takes the filters as a link carries them (``themes=mobility``,
``years=2021-2023``, ``level=communal``); the field names of the inventory work too.
The output's suffix chooses PDF or self-contained HTML. A bad argument stops with exit
code 2 and one sentence on stderr, before anything is computed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from partdash.i18n import LANGS, translate
from partdash.inventory.filters import URL_KEYS, YEARS_KEY, from_query

# The command's kinds: the inventory report and the one-pagers (a commune, a place, ...).
COMMANDS = {
    "inventory": None,
    "overview": "overview",
    "commune": "communes",
    "territory": "territory",
    "followup": "followup",
}
SUFFIXES = (".pdf", ".html")


class UsageError(Exception):
    """A bad argument, said in one sentence of the catalogue."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str) -> str:
        return translate(f"reports.cli.{self.key}", lang, **self.params)


def add_parser(sub) -> None:
    report = sub.add_parser("report", help="write a report (PDF or HTML) of an inventory file")
    report.add_argument("kind", choices=list(COMMANDS), help="which report")
    report.add_argument("file")
    report.add_argument("--lang", choices=LANGS, default="fr")
    report.add_argument("-o", "--output", required=True, help="the file to write: .pdf or .html")
    report.add_argument("--commune", help="the commune's NIS code (commune report)")
    report.add_argument("--place", help="a quartier's number or a commune's NIS code (territory report)")
    report.add_argument(
        "--filter", action="append", default=[], metavar="FIELD=VALUE", help="a filter as in a link (repeatable)"
    )
    report.set_defaults(func=run)


def parse_filters(pairs: list[str]):
    """Filters from ``field=value`` pairs; values of one field may come in one pair
    (comma-separated) or several. Anything not understood is an error, not ignored."""
    by_name = {**{k: k for k in (*URL_KEYS.values(), YEARS_KEY, "q")}, **URL_KEYS}
    values: dict[str, list[str]] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        key = by_name.get(field.strip())
        if not sep or key is None or not value.strip():
            raise UsageError("bad_filter", value=pair[:40])
        values.setdefault(key, []).append(value.strip())
    filters = from_query({k: ",".join(v) for k, v in values.items()})
    if filters.ignored:
        raise UsageError("bad_filter", value=", ".join(filters.ignored))
    return filters


def _subject(args, parse_place) -> str | None:
    if args.kind == "commune":
        if not args.commune or parse_place(f"c:{args.commune.strip()}") is None:
            raise UsageError("bad_commune", value=(args.commune or "")[:20])
        return args.commune.strip()
    if args.kind == "territory":
        place = parse_place(args.place or "")
        if place is None:
            raise UsageError("bad_place", value=(args.place or "")[:20])
        return place
    return None


def write(out: Path, content: bytes) -> None:
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise UsageError("write_failed", path=str(out)[:80], reason=exc.strerror or type(exc).__name__) from exc


def run(args) -> int:
    # Imported here: the report builders bring plotly and the charts, which the other
    # commands of the console script do not need to start.
    from partdash.inventory.loader import load_inventory
    from partdash.outputs.reports.document import Context
    from partdash.outputs.reports.inventory import inventory_report
    from partdash.outputs.reports.onepage import one_page, parse_place
    from partdash.outputs.reports.render import RenderError, chromium_path, print_pdf

    lang = args.lang
    try:
        out = Path(args.output)
        if out.suffix.lower() not in SUFFIXES:
            raise UsageError("bad_output", value=out.name[:60])
        as_pdf = out.suffix.lower() == ".pdf"
        if as_pdf and chromium_path() is None:
            raise UsageError("no_browser")
        filters = parse_filters(args.filter)
        subject = _subject(args, parse_place)
        context = Context(load_inventory(args.file), filters, lang)
        kind = COMMANDS[args.kind]
        document = inventory_report(context) if kind is None else one_page(kind, context, subject)
        content = print_pdf(document.html(inline_js=False)) if as_pdf else document.html().encode("utf-8")
        write(out, content)
    except UsageError as exc:
        print(f"partdash: {exc.message(lang)}", file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"partdash: {translate(f'reports.render.{exc.key}', lang, **exc.params)}", file=sys.stderr)
        return 2
    print(translate("reports.cli.wrote", lang, path=str(out)))
    return 0
