"""The database layout of a shared inventory, derived from the canonical fields.

One source of truth: the columns of ``initiatives`` come from ``inventory.schema.FIELDS``
(the same list that drives the loader, the template and the codebook), typed so that
other tools (QGIS, SQL) read them naturally: codes as text, multi-valued fields as text
arrays, dates as dates, yes/no as booleans, the location as a PostGIS geometry in
EPSG:4326. Every import is an edition; the app reads the latest and can compare earlier ones.

``MIGRATIONS`` is the layout's history: ``partdash db init`` applies the steps above the
version recorded in ``schema_version``, so a database made by an older partdash is
upgraded in place rather than guessed at.
"""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY

from partdash.inventory.filters import URL_KEYS
from partdash.inventory.schema import FIELDS

SCHEMA_VERSION = 1
SRID = 4326
MULTI_KINDS = ("codes", "nis", "mdrc")

_SQL_TYPES = {
    "text": Text,
    "code": Text,
    "url": Text,
    "date": Date,
    "int": BigInteger,
    "number": Double,
    "yes_no": Boolean,
}


def _field_type(kind: str):
    return ARRAY(Text) if kind in MULTI_KINDS else _SQL_TYPES[kind]()


# The canonical fields stored as columns; coordinates become the geometry column.
STORED_FIELDS = tuple(f for f in FIELDS if f.kind != "coord")

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

editions = Table(
    "editions",
    metadata,
    Column("edition_id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("rows_in", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
)

initiatives = Table(
    "initiatives",
    metadata,
    Column("edition_id", Integer, ForeignKey("editions.edition_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False),
    *(Column(f.name, _field_type(f.kind), primary_key=f.name == "id", nullable=f.name != "id") for f in STORED_FIELDS),
    Column("location_approximate", Boolean, nullable=False, server_default="false"),
    Column("geom", Geometry(srid=SRID, spatial_index=False), nullable=True),
    UniqueConstraint("edition_id", "position"),
)

organisers = Table(
    "organisers",
    metadata,
    Column("edition_id", Integer, ForeignKey("editions.edition_id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("organiser", Text, nullable=False),
    Column("organiser_level", Text),
    Column("commune", Text),
    Column("participation_staff", Text),
    UniqueConstraint("edition_id", "position"),
)

# The sidebar's filter columns: arrays get GIN indexes (containment), the others B-trees;
# start_date serves the year range, geom the map.
for _name in (*URL_KEYS, "start_date"):
    _column = initiatives.c[_name]
    if isinstance(_column.type, ARRAY):
        Index(f"initiatives_{_name}_idx", _column, postgresql_using="gin")
    else:
        Index(f"initiatives_{_name}_idx", initiatives.c.edition_id, _column)
Index("initiatives_geom_idx", initiatives.c.geom, postgresql_using="gist")


def _create_v1(conn) -> None:
    metadata.create_all(conn, tables=[editions, initiatives, organisers])


# version -> step bringing the layout from version-1 to version.
MIGRATIONS = {1: _create_v1}
assert max(MIGRATIONS) == SCHEMA_VERSION


def expected_columns() -> dict[str, set[str]]:
    """Each table's columns in the current layout, to recognise a table made by hand or by another version."""
    return {t.name: {c.name for c in t.columns} for t in (schema_version, editions, initiatives, organisers)}
