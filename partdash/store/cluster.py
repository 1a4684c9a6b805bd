"""A throwaway local PostgreSQL + PostGIS cluster, for the database tests and the benchmark.

``initdb`` into a temporary directory and ``pg_ctl start`` on a free local port, with
password authentication over TCP so that wrong credentials can be tested. PostgreSQL
refuses to run as root, and CI runs as root: then the cluster runs as the ``postgres``
system user that Debian's package creates, through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SUPERUSER = "partdash_admin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_bindir() -> Path | None:
    """Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def missing_reason() -> str | None:
    """Why no cluster can be started here, or None."""
    bindir = find_bindir()
    if bindir is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as an unprivileged user"
    if not list(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
        return "the PostGIS extension is not installed"
    return None


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    password: str = field(default_factory=lambda: secrets.token_hex(12))

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120, cwd=self.root)

    def url(self, database: str, *, user: str = SUPERUSER, password: str | None = None, query: str = "") -> str:
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@127.0.0.1:{self.port}/{database}{query}"

    def admin(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=self.password,
            dbname=database,
            autocommit=True,
        )

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(pwfile, "postgres")
        data = self.root / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "start"
        )
        with self.admin() as conn:
            conn.execute("CREATE DATABASE template_gis")
        with self.admin("template_gis") as conn:
            conn.execute("CREATE EXTENSION postgis")

    def create_database(self, name: str, *, postgis: bool = True) -> str:
        with self.admin() as conn:
            template = "template_gis" if postgis else "template0"
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        return name

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    """A running cluster in a fresh directory readable by the unprivileged user."""
    bindir = find_bindir()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="partdash-pg-"))
    os.chmod(root, 0o755)
    cluster = Cluster(bindir, root, free_port())
    try:
        cluster.start()
    except Exception:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster
