"""The inventory in a shared PostgreSQL/PostGIS database (optional: files stay the default).

Only this test of an address lives here, so that the app and the CLI can tell a database
address from a file path without importing SQLAlchemy.
"""

SCHEMES = ("postgresql", "postgres")


def is_database_url(value: str | None) -> bool:
    return bool(value) and value.split(":", 1)[0].split("+", 1)[0].lower() in SCHEMES
