"""``partdash db``: set up a shared database, import an edition, export one, list them.

The database code is imported when a ``db`` command runs, so that the other commands
start without SQLAlchemy. Failures are ``DatabaseError`` sentences, which the CLI's main
prints on stderr with exit code 2, like an unusable file.
"""

from __future__ import annotations

import argparse


def _init(args) -> int:
    from partdash.store.database import init_database, parse_target

    version = init_database(args.url)
    print(f"{parse_target(args.url).label}: inventory tables ready (layout version {version})")
    return 0


def _import(args) -> int:
    from partdash.store.database import import_inventory, parse_target

    result = import_inventory(
        args.file, args.url, args.edition, accept_rejected=args.accept_rejected, replace=args.replace
    )
    verb = "replaced" if result.replaced else "imported"
    print(
        f"{parse_target(args.url).label}: edition {result.edition} {verb}, {result.rows} initiatives"
        + (f", {result.rows_rejected} rejected rows left out" if result.rows_rejected else "")
    )
    for finding in result.inventory.report.errors:
        print(f"  rejected  row {finding.row:>6}  {finding.field:<22} {finding.message('en')}")
    return 0


def _export(args) -> int:
    from partdash.store.database import export_inventory

    inventory = export_inventory(args.url, args.output, args.edition)
    print(f"wrote {len(inventory.data)} initiatives of {inventory.source} to {args.output}")
    return 0


def _editions(args) -> int:
    from partdash.store.database import list_editions

    for edition in list_editions(args.url):
        print(
            f"{edition.name}\t{edition.imported_at:%Y-%m-%d %H:%M}\t{edition.rows_in - edition.rows_rejected} "
            f"initiatives\t{edition.source}"
        )
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="keep the inventory in a shared PostgreSQL/PostGIS database")
    commands = db.add_subparsers(dest="db_command", required=True)
    url_help = "postgresql://user:password@host:port/database[?schema=name]"
    init = commands.add_parser("init", help="create the tables, or upgrade an older layout")
    init.add_argument("url", help=url_help)
    init.set_defaults(func=_init)
    load = commands.add_parser("import", help="validate a file and store it as one edition (all or nothing)")
    load.add_argument("file")
    load.add_argument("url", help=url_help)
    load.add_argument("--edition", required=True, help="name of the edition, e.g. 2025")
    load.add_argument(
        "--accept-rejected", action="store_true", help="import the valid rows of a file with rejected rows"
    )
    load.add_argument("--replace", action="store_true", help="replace an edition of the same name")
    load.set_defaults(func=_import)
    export = commands.add_parser("export", help="write an edition to a CSV, XLSX or GeoJSON file")
    export.add_argument("url", help=url_help)
    export.add_argument("-o", "--output", required=True)
    export.add_argument("--edition", help="default: the latest edition")
    export.set_defaults(func=_export)
    editions = commands.add_parser("editions", help="list the editions, oldest first")
    editions.add_argument("url", help=url_help)
    editions.set_defaults(func=_editions)
