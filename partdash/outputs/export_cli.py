"""``partdash export``: the Data page's downloads from the command line.

Filters are written as in the app's address (``--filter themes=mobility,housing
--filter years=2019-2023 --filter q=budget``), so a view seen in the app can be
exported by copying its parameters. A filter that names nothing gets one sentence and
exit code 2, never a silently unfiltered file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from partdash.i18n import LANGS, translate
from partdash.inventory.filters import TEXT_KEY, URL_KEYS, YEARS_KEY, apply_filters, from_query
from partdash.inventory.loader import load_inventory
from partdash.outputs.export import FORMATS, ExportInfo, export_bytes

FILTER_KEYS = (YEARS_KEY, TEXT_KEY, *URL_KEYS.values())


def add_parser(sub) -> None:
    cmd = sub.add_parser("export", help="write the inventory, filtered, as CSV, XLSX, GeoJSON or GeoPackage")
    cmd.add_argument("file")
    cmd.add_argument("--format", choices=FORMATS, default="csv")
    cmd.add_argument(
        "--labels", choices=LANGS, default=None, help="for people: labels, dates and separators of this language"
    )
    cmd.add_argument(
        "--filter", action="append", default=[], metavar="FIELD=VALUE", help=f"as in the app's address: {FILTER_KEYS}"
    )
    cmd.add_argument("-o", "--output", required=True)
    cmd.set_defaults(func=run)


def _fail(key: str, lang: str, **params) -> int:
    print(f"partdash: {translate(f'export.{key}', lang, **params)}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    lang = args.labels or "en"
    params: dict[str, str] = {}
    for item in args.filter:
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in FILTER_KEYS or not value.strip():
            return _fail("cli_bad_filter", lang, value=item, keys=", ".join(FILTER_KEYS))
        key = key.strip()
        params[key] = f"{params[key]},{value.strip()}" if key in params and key in URL_KEYS.values() else value.strip()
    filters = from_query(params)
    if filters.ignored:
        return _fail("cli_unknown_filter", lang, values=", ".join(filters.ignored))
    inventory = load_inventory(args.file)
    data = apply_filters(inventory.data, filters)
    info = ExportInfo(
        dataset=Path(args.file).name,
        source=inventory.source,
        is_demo=inventory.is_demo,
        filters=filters,
        rows_total=len(inventory.data),
    )
    content = export_bytes(data, args.format, args.labels, info)
    out = Path(args.output)
    try:
        out.write_bytes(content)
    except OSError as exc:
        return _fail("cli_cannot_write", lang, path=out, reason=exc.strerror or type(exc).__name__)
    print(translate("export.cli_written", lang, rows=len(data), path=out))
    return 0
