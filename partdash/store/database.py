"""Read and write the inventory in a shared PostgreSQL/PostGIS database.

A team keeps one inventory on one server; each import is an edition, written in one
transaction, and readers read in one repeatable-read snapshot, so that a reader during an
import sees the previous editions or the new one, never half of it.

Reading turns the rows back into text cells and hands them to the same loader as a file
(``inventory_from_raw``): a row edited by hand in the database that breaks a rule is
reported, never dropped silently. Every failure becomes one ``DatabaseError`` sentence
naming the server, database and user, never the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from partdash.i18n import translate
from partdash.inventory.limits import MAX_FILE_BYTES
from partdash.inventory.loader import Inventory, inventory_from_raw, load_inventory
from partdash.inventory.readers import RawTable
from partdash.inventory.report import InventoryError
from partdash.store import is_database_url
from partdash.store import schema as layout

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
CONNECT_TIMEOUT_S = 5
ORGANISER_COLUMNS = ("organiser", "organiser_level", "commune", "participation_staff")


class DatabaseError(InventoryError):
    """A database that cannot be used: one sentence from the ``database.error`` catalogue."""

    def message(self, lang: str) -> str:
        return translate(f"database.error.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class Target:
    """Where the inventory lives. ``label`` names it without the password, for messages and screens."""

    url: URL
    schema: str

    @property
    def label(self) -> str:
        where = f"{self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database or ''}"
        user = f"{self.url.username}@" if self.url.username else ""
        return f"{user}{where}" + (f" (schema {self.schema})" if self.schema != "public" else "")

    def params(self) -> dict[str, str]:
        return {
            "server": f"{self.url.host or 'localhost'}:{self.url.port or 5432}",
            "database": self.url.database or "",
            "user": self.url.username or "",
            "schema": self.schema,
        }

    def error(self, key: str, **extra) -> DatabaseError:
        return DatabaseError(key, **self.params(), **extra)


def parse_target(text: str) -> Target:
    """``postgresql://user:password@host:port/database[?schema=name]``; the schema defaults to public."""
    if not is_database_url(text):
        raise DatabaseError("bad_url")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise DatabaseError("bad_url") from None
    query = dict(url.query)
    schema = str(query.pop("schema", "public")).lower()
    if not _IDENTIFIER.match(schema):
        raise DatabaseError("bad_schema")
    if not url.database:
        raise DatabaseError("bad_url")
    return Target(url.set(drivername="postgresql+psycopg", query=query), schema)


@lru_cache(maxsize=8)
def _engine(url: URL, schema: str) -> Engine:
    # No pool: the app holds no idle connection between reruns, and a CLI run uses one.
    # hide_parameters keeps row values out of error texts.
    return sa.create_engine(
        url,
        poolclass=NullPool,
        hide_parameters=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": f"-c search_path={schema},public"},
    )


def _connection_error(target: Target, exc: DBAPIError) -> DatabaseError:
    """The one sentence for a failed connection, from the driver's text (psycopg gives no
    SQLSTATE before the session exists). The driver's text is never shown: it may quote the address."""
    text = str(exc.orig).lower()
    if "password" in text or "authentication" in text or ("role" in text and "does not exist" in text):
        return target.error("auth")
    if "database" in text and "does not exist" in text:
        return target.error("no_database")
    return target.error("unreachable")


def _failure(target: Target, exc: SQLAlchemyError) -> DatabaseError:
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
    if code == "42501":
        return target.error("permission")
    if code.startswith("08") or (isinstance(exc, sa.exc.OperationalError) and not code):
        return target.error("unreachable")
    return target.error("failed", detail=code or type(exc).__name__)


@contextmanager
def _session(target: Target, *, write: bool) -> Iterator[Connection]:
    """One transaction: repeatable read and read-only for readers, so that all their
    queries see one snapshot; readers and writers alike get one sentence on failure."""
    engine = _engine(target.url, target.schema)
    try:
        conn = engine.connect()
    except DBAPIError as exc:
        raise _connection_error(target, exc) from None
    try:
        with conn:
            # Tables are named in the target schema explicitly: the search path also holds
            # public (for PostGIS), whose tables must never stand in for missing ones.
            conn = conn.execution_options(schema_translate_map={None: target.schema})
            if not write:
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn
    except DatabaseError:
        raise
    except SQLAlchemyError as exc:
        raise _failure(target, exc) from None


def _has_postgis(conn: Connection) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is not None


def _version(conn: Connection, target: Target) -> int | None:
    """The recorded layout version; None for a database partdash never initialised."""
    if not _has_postgis(conn):
        raise target.error("no_postgis")
    found = conn.execute(
        sa.text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = :schema "
            "AND table_name IN ('schema_version', 'editions', 'initiatives', 'organisers')"
        ),
        {"schema": target.schema},
    ).all()
    columns: dict[str, set[str]] = {}
    for table, column in found:
        columns.setdefault(table, set()).add(column)
    if not columns:
        return None
    if "schema_version" not in columns:
        raise target.error("unversioned", tables=", ".join(sorted(columns)))
    version = conn.execute(sa.select(sa.func.max(layout.schema_version.c.version))).scalar() or 0
    if version > layout.SCHEMA_VERSION:
        raise target.error("newer_layout", version=version, expected=layout.SCHEMA_VERSION)
    if version == layout.SCHEMA_VERSION:
        for table, wanted in layout.expected_columns().items():
            missing = wanted - columns.get(table, set())
            if missing:
                raise target.error("old_columns", table=table, columns=", ".join(sorted(missing)))
    return version


def _require_current(conn: Connection, target: Target) -> None:
    version = _version(conn, target)
    if version is None:
        raise target.error("not_initialised")
    if version < layout.SCHEMA_VERSION:
        raise target.error("old_layout", table="schema_version", version=version, expected=layout.SCHEMA_VERSION)


def init_database(url: str) -> int:
    """Create the schema and tables, or bring an older layout up to date; returns the version."""
    target = parse_target(url)
    with _session(target, write=True) as conn:
        if not _has_postgis(conn):
            raise target.error("no_postgis")
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{target.schema}"'))
        version = _version(conn, target) or 0
        if version == 0:
            layout.metadata.create_all(conn, tables=[layout.schema_version])
        for step in range(version + 1, layout.SCHEMA_VERSION + 1):
            layout.MIGRATIONS[step](conn)
            conn.execute(sa.insert(layout.schema_version).values(version=step))
        # Tables that were there already keep their columns: check them before committing.
        _version(conn, target)
    return layout.SCHEMA_VERSION


@dataclass(frozen=True)
class Edition:
    name: str
    source: str
    imported_at: datetime
    rows_in: int
    rows_rejected: int


def _editions(conn: Connection) -> list[Edition]:
    e = layout.editions.c
    rows = conn.execute(
        sa.select(e.name, e.source, e.imported_at, e.rows_in, e.rows_rejected).order_by(e.edition_id)
    ).all()
    return [Edition(*row) for row in rows]


def list_editions(url: str) -> list[Edition]:
    """The editions in import order, oldest first: the last one is what the app opens."""
    target = parse_target(url)
    with _session(target, write=False) as conn:
        _require_current(conn, target)
        return _editions(conn)


# ---------------------------------------------------------------- writing


def _column_values(inventory: Inventory) -> dict[str, list]:
    """The loaded rows as database values. A status the loader derived from the dates
    was not in the file: it is stored empty, so that the file comes back as it was."""
    data = inventory.data
    derived = {f.row for f in inventory.report.warnings if f.key == "status_derived"}
    values: dict[str, list] = {}
    for field in layout.STORED_FIELDS:
        series = data[field.name]
        if field.kind in layout.MULTI_KINDS:
            values[field.name] = [[str(v) for v in cell] for cell in series]
        elif field.kind == "date":
            values[field.name] = [None if pd.isna(v) else v.date() for v in series]
        else:
            values[field.name] = [None if pd.isna(v) else v for v in series.astype(object)]
    values["status"] = [
        None if row in derived else status for row, status in zip(data["source_row"], values["status"], strict=True)
    ]
    kinds = data["location_kind"].to_numpy(dtype=object)
    approximate = kinds == "approximate"
    geoms = data.geometry.to_numpy().copy()
    geoms[kinds == "none"] = None
    geoms[approximate] = _inside_points(geoms[approximate])
    values["location_approximate"] = approximate.tolist()
    values["geom"] = shapely.to_wkb(shapely.set_srid(geoms, layout.SRID), hex=True, include_srid=True).tolist()
    return values


def _inside_points(places: np.ndarray) -> np.ndarray:
    """A point inside each approximate placement. The placement is the whole of the
    initiative's quartiers or communes, which the loader redraws from them on reading; a
    point flagged approximate tells a GIS as much, at a hundredth of the size. The loader
    shares one geometry between rows naming the same places, so each is computed once."""
    codes, _ = pd.factorize(np.array([id(p) for p in places], dtype=np.int64))
    firsts = np.unique(codes, return_index=True)[1]
    points = shapely.point_on_surface(places[firsts])
    return points[codes] if len(codes) else places


def _copy_initiatives(conn: Connection, schema: str, edition_id: int, inventory: Inventory) -> None:
    """COPY rather than INSERT: an inventory of 100,000 rows goes in seconds."""
    values = _column_values(inventory)
    names = [f.name for f in layout.STORED_FIELDS] + ["location_approximate"]
    # The geometry travels as hex EWKB text, which PostGIS parses on input.
    types = ["integer", "integer", *(layout.initiatives.c[n].type.compile(conn.dialect).lower() for n in names), "text"]
    names.append("geom")
    columns = ", ".join(f'"{name}"' for name in ["edition_id", "position", *names])
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{schema}".initiatives ({columns}) FROM STDIN') as copy:
        copy.set_types(types)
        for position, row in enumerate(zip(*(values[n] for n in names), strict=True), start=1):
            copy.write_row((edition_id, position, *row))


def _organiser_rows(edition_id: int, organisers: pd.DataFrame | None) -> list[dict]:
    if organisers is None:
        return []
    return [
        {"edition_id": edition_id, "position": pos, **{c: (None if pd.isna(v) else v) for c, v in rec.items()}}
        for pos, rec in enumerate(organisers[list(ORGANISER_COLUMNS)].to_dict("records"), start=1)
    ]


@dataclass(frozen=True)
class ImportResult:
    edition: str
    rows: int
    rows_rejected: int
    replaced: bool
    inventory: Inventory


def import_inventory(
    path: str | Path,
    url: str,
    edition: str,
    *,
    accept_rejected: bool = False,
    replace: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportResult:
    """Validate a file with the loader, then write it as one edition in one transaction."""
    target = parse_target(url)
    edition = edition.strip()
    if not edition:
        raise target.error("no_edition_name")
    inventory = load_inventory(path, max_bytes=max_bytes)
    report = inventory.report
    if report.rows_rejected and not accept_rejected:
        raise target.error("rejected_rows", file=report.source, n=report.rows_rejected)
    e = layout.editions.c
    with _session(target, write=True) as conn:
        _require_current(conn, target)
        # Two imports of the same name wait for each other here rather than failing on the unique name.
        conn.execute(sa.text(f'LOCK TABLE "{target.schema}".editions IN SHARE ROW EXCLUSIVE MODE'))
        existing = conn.execute(sa.select(e.edition_id).where(e.name == edition)).scalar()
        facts = {"source": report.source, "rows_in": report.rows_in, "rows_rejected": report.rows_rejected}
        if existing is not None and not replace:
            raise target.error("edition_exists", edition=edition)
        if existing is None:
            edition_id = conn.execute(
                sa.insert(layout.editions).values(name=edition, **facts).returning(e.edition_id)
            ).scalar_one()
        else:
            edition_id = existing
            conn.execute(
                sa.update(layout.editions).where(e.edition_id == existing).values(imported_at=sa.func.now(), **facts)
            )
            for table in (layout.initiatives, layout.organisers):
                conn.execute(sa.delete(table).where(table.c.edition_id == existing))
        _copy_initiatives(conn, target.schema, edition_id, inventory)
        organiser_rows = _organiser_rows(edition_id, inventory.organisers)
        if organiser_rows:
            conn.execute(sa.insert(layout.organisers), organiser_rows)
    return ImportResult(edition, report.rows_loaded, report.rows_rejected, existing is not None, inventory)


# ---------------------------------------------------------------- reading


def _cell(column: sa.ColumnElement, kind: str) -> sa.ColumnElement:
    """A column as the text a file would hold ('' when empty), made by the server, for
    the loader to parse again."""
    if kind in layout.MULTI_KINDS:
        text = sa.func.array_to_string(column, ";")
    elif kind == "date":
        text = sa.func.to_char(column, "YYYY-MM-DD")
    elif kind == "yes_no":
        text = sa.case((column.is_(True), "yes"), (column.is_(False), "no"))
    else:  # numbers print in their shortest exact form
        text = sa.cast(column, sa.Text)
    return sa.func.coalesce(text, "").label(column.name)


def _read_edition(conn: Connection, edition_id: int) -> RawTable:
    i, o = layout.initiatives.c, layout.organisers.c
    # Approximate placements are recomputed by the loader from the quartiers and communes,
    # exactly as for a file; only located rows hand their geometry over.
    located = sa.case((i.location_approximate.is_(False), sa.func.ST_AsBinary(i.geom)), else_=None)
    query = (
        sa.select(*(_cell(i[f.name], f.kind) for f in layout.STORED_FIELDS), sa.type_coerce(located, sa.LargeBinary))
        .where(i.edition_id == edition_id)
        .order_by(i.position)
    )
    rows = conn.execute(query).all()
    names = [f.name for f in layout.STORED_FIELDS]
    table = pd.DataFrame([row[:-1] for row in rows], columns=names, dtype=object)
    geometry = list(shapely.from_wkb([None if row[-1] is None else bytes(row[-1]) for row in rows]))
    result = conn.execute(
        sa.select(*(sa.func.coalesce(o[c], "").label(c) for c in ORGANISER_COLUMNS))
        .where(o.edition_id == edition_id)
        .order_by(o.position)
    )
    organisers = pd.DataFrame(result.all(), columns=list(ORGANISER_COLUMNS), dtype=object)
    return RawTable(table=table, geometry=geometry, organisers=organisers if len(organisers) else None, first_row=1)


def missing_edition(target: Target, edition: str | None, editions: list[Edition]) -> DatabaseError:
    if edition is None or not editions:
        return target.error("no_editions")
    return target.error("unknown_edition", edition=edition, editions=", ".join(e.name for e in editions))


def read_inventory(url: str, edition: str | None = None) -> Inventory:
    """One edition (the latest by default), validated by the loader like a file."""
    target = parse_target(url)
    e = layout.editions.c
    with _session(target, write=False) as conn:
        _require_current(conn, target)
        query = sa.select(e.edition_id, e.name).order_by(e.edition_id.desc()).limit(1)
        if edition is not None:
            query = sa.select(e.edition_id, e.name).where(e.name == edition)
        found = conn.execute(query).first()
        if found is None:
            raise missing_edition(target, edition, _editions(conn))
        raw = _read_edition(conn, found.edition_id)
    if raw.table.empty:
        raise target.error("empty_edition", edition=found.name)
    return inventory_from_raw(raw, f"{target.label} · {found.name}")


def stored_bytes(url: str) -> int:
    """Disk size of the inventory tables (all editions, indexes included)."""
    target = parse_target(url)
    with _session(target, write=False) as conn:
        _require_current(conn, target)
        tables = [f'"{target.schema}".{t.name}' for t in (layout.editions, layout.initiatives, layout.organisers)]
        query = "SELECT sum(pg_total_relation_size(CAST(t AS regclass))) FROM unnest(CAST(:tables AS text[])) AS t"
        return int(conn.execute(sa.text(query), {"tables": tables}).scalar())


def export_inventory(url: str, out: str | Path, edition: str | None = None) -> Inventory:
    """Write one edition to a CSV (organisers beside it), XLSX (organisers sheet) or GeoJSON file."""
    from partdash.outputs.export import to_csv, to_geojson, to_xlsx

    out = Path(out)
    suffix = out.suffix.lower()
    writers = {".csv": to_csv, ".xlsx": to_xlsx, ".geojson": to_geojson}
    if suffix not in writers:
        raise DatabaseError("bad_export_format", name=out.name)
    inventory = read_inventory(url, edition)
    out.write_bytes(writers[suffix](inventory.data))
    organisers = inventory.organisers
    if organisers is not None and suffix == ".csv":
        out.with_name(f"{out.stem}_organisers.csv").write_bytes(organisers.to_csv(index=False).encode("utf-8-sig"))
    elif organisers is not None and suffix == ".xlsx":
        with pd.ExcelWriter(out, engine="openpyxl", mode="a") as xl:
            organisers.to_excel(xl, sheet_name="organisers", index=False)
    return inventory
