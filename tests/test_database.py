"""The shared inventory in a real PostgreSQL/PostGIS server (a throwaway cluster).

Skipped with the reason when the server binaries are not installed; in CI (``CI=true``)
a server that cannot be started fails the tests instead, so that a green run means they ran.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from partdash import cli
from partdash.demo.generator import write_demo
from partdash.i18n import LANGS, translate
from partdash.inventory.loader import Inventory, load_inventory
from partdash.store import database
from partdash.store.cluster import Cluster, free_port, missing_reason, start_cluster
from partdash.store.database import DatabaseError
from partdash.ui.components import plain
from tests.apptest_support import APP
from tests.conftest import GRAND_PLACE, canonical_row, geojson_feature, point, square, write_csv, write_geojson

DEMO = "data/demo/demo_inventory.csv"
EXAMPLES = "data/examples/examples.csv"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def cluster():
    reason = missing_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the database tests: {reason}")
        pytest.skip(reason)
    try:
        server = start_cluster()
    except Exception as exc:
        if IN_CI:
            raise
        pytest.skip(f"no PostgreSQL cluster could be started: {exc}")
    yield server
    server.stop()


_names = itertools.count(1)


@pytest.fixture
def fresh(cluster: Cluster):
    """A new database with PostGIS and the partdash tables; returns its address."""
    name = cluster.create_database(f"t{next(_names)}")
    url = cluster.url(name)
    database.init_database(url)
    return url


def _same_rows(a: Inventory, b: Inventory, tolerance: float = 1e-9) -> None:
    """Every row and every field equal; locations equal within ``tolerance`` degrees."""
    columns = [c for c in a.data.columns if c not in ("geometry", "source_row")]
    pd.testing.assert_frame_equal(
        pd.DataFrame(a.data[columns]).reset_index(drop=True), pd.DataFrame(b.data[columns]).reset_index(drop=True)
    )
    for left, right in zip(a.data.geometry, b.data.geometry, strict=True):
        assert (left is None) == (right is None)
        if left is not None:
            assert left.equals_exact(right, tolerance), (left.wkt, right.wkt)


def _varied_file(tmp_path):
    """Points, an area, a region-wide row, approximate placements, empty and derived fields, organisers."""
    rows = [
        canonical_row(1),
        canonical_row(2, perimeter="region", communes="", status="", end_date="", budget_eur="1234.56"),
        canonical_row(3, quartiers="Porte de Hal", themes="mobility;housing", participants=""),
        canonical_row(4, communes="21004", mandate_communicated="", results_published="no", title_nl=""),
        canonical_row(5, communes="21004;21013", perimeter="multi_commune", selection="sortition;targeted"),
    ]
    features = [
        geojson_feature(rows[0], point(*GRAND_PLACE)),
        geojson_feature(rows[1], None),
        geojson_feature(rows[2], None),
        geojson_feature(rows[3], square(*GRAND_PLACE)),
        geojson_feature(rows[4], point(50.8270, 4.3456)),
    ]
    return write_geojson(tmp_path / "varied.geojson", features)


# ---------------------------------------------------------------- round trips


def test_demo_round_trip_keeps_every_row_field_and_organiser(fresh, tmp_path):
    original = load_inventory(DEMO)
    result = database.import_inventory(DEMO, fresh, "2025")
    assert (result.rows, result.rows_rejected, result.replaced) == (148, 0, False)
    stored = database.read_inventory(fresh)
    _same_rows(original, stored)
    pd.testing.assert_frame_equal(original.organisers, stored.organisers)
    assert stored.is_demo and stored.report.rows_in == 148 and stored.report.errors == []
    # The statuses the loader derives from the dates were not in the file: they come back derived again.
    assert {f.key for f in stored.report.warnings} == {f.key for f in original.report.warnings} == {"status_derived"}

    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"back{suffix}"
        database.export_inventory(fresh, out)
        again = load_inventory(out)
        _same_rows(original, again, tolerance=1e-6)  # files hold coordinates to 6 decimals
        pd.testing.assert_frame_equal(original.organisers, again.organisers)


def test_geometries_and_empty_fields_survive(fresh, tmp_path):
    path = _varied_file(tmp_path)
    original = load_inventory(path)
    assert original.data["location_kind"].tolist() == ["point", "none", "approximate", "area", "point"]
    database.import_inventory(path, fresh, "2025")
    stored = database.read_inventory(fresh)
    _same_rows(original, stored)
    out = tmp_path / "back.geojson"
    database.export_inventory(fresh, out)
    _same_rows(original, load_inventory(out), tolerance=1e-6)
    with database._session(database.parse_target(fresh), write=False) as conn:
        kinds = conn.exec_driver_sql(
            "SELECT id, ST_GeometryType(geom), ST_SRID(geom), location_approximate FROM initiatives ORDER BY position"
        ).all()
        inside = conn.exec_driver_sql("SELECT ST_AsText(geom) FROM initiatives WHERE id = 'T-003'").scalar()
    assert original.data.geometry[2].contains(shapely.from_wkt(inside))
    assert [tuple(k) for k in kinds] == [
        ("T-001", "ST_Point", 4326, False),
        ("T-002", None, None, False),
        ("T-003", "ST_Point", 4326, True),  # a point in its quartier, flagged as approximate
        ("T-004", "ST_Polygon", 4326, False),
        ("T-005", "ST_Point", 4326, False),
    ]


def test_two_editions_latest_by_default_earlier_by_name(fresh):
    database.import_inventory(EXAMPLES, fresh, "2024")
    database.import_inventory(DEMO, fresh, "2025")
    assert [(e.name, e.rows_in, e.source) for e in database.list_editions(fresh)] == [
        ("2024", len(load_inventory(EXAMPLES).data), "examples.csv"),
        ("2025", 148, "demo_inventory.csv"),
    ]
    _same_rows(load_inventory(DEMO), database.read_inventory(fresh))
    _same_rows(load_inventory(EXAMPLES), database.read_inventory(fresh, "2024"))
    with pytest.raises(DatabaseError) as caught:
        database.read_inventory(fresh, "2023")
    assert caught.value.key == "unknown_edition" and "2024, 2025" in caught.value.message("en")


# ---------------------------------------------------------------- imports: validated, all or nothing


def test_import_refuses_rejected_rows_unless_accepted(fresh, tmp_path):
    path = write_csv(
        tmp_path / "mixed.csv", [canonical_row(1), canonical_row(2, themes="no such theme"), canonical_row(3)]
    )
    with pytest.raises(DatabaseError) as caught:
        database.import_inventory(path, fresh, "2025")
    assert caught.value.key == "rejected_rows" and caught.value.params["n"] == "1"
    assert database.list_editions(fresh) == []

    result = database.import_inventory(path, fresh, "2025", accept_rejected=True)
    assert (result.rows, result.rows_rejected) == (2, 1)
    [edition] = database.list_editions(fresh)
    assert (edition.rows_in, edition.rows_rejected) == (3, 1)
    assert database.read_inventory(fresh).data["id"].tolist() == ["T-001", "T-003"]


def test_an_edition_is_replaced_only_on_request(fresh):
    database.import_inventory(EXAMPLES, fresh, "2025")
    with pytest.raises(DatabaseError) as caught:
        database.import_inventory(DEMO, fresh, "2025")
    assert caught.value.key == "edition_exists"
    _same_rows(load_inventory(EXAMPLES), database.read_inventory(fresh))
    assert database.import_inventory(DEMO, fresh, "2025", replace=True).replaced
    _same_rows(load_inventory(DEMO), database.read_inventory(fresh))
    assert [e.name for e in database.list_editions(fresh)] == ["2025"]


def test_a_failing_import_leaves_nothing(fresh, monkeypatch):
    database.import_inventory(EXAMPLES, fresh, "2024")
    # The organisers are written last: make that step fail (an organiser without a name).
    monkeypatch.setattr(
        database,
        "_organiser_rows",
        lambda edition_id, _: [{"edition_id": edition_id, "position": 1, "organiser": None}],
    )
    with pytest.raises(DatabaseError) as caught:
        database.import_inventory(DEMO, fresh, "2025")
    assert caught.value.key == "failed" and "23502" in caught.value.message("en")  # not-null violation
    assert [e.name for e in database.list_editions(fresh)] == ["2024"]
    with database._session(database.parse_target(fresh), write=False) as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM initiatives").scalar() == len(load_inventory(EXAMPLES).data)


# ---------------------------------------------------------------- readers during an import


def _state(inventory: Inventory) -> tuple:
    """What a reader saw: the ids of the initiatives, and the organisers read in the same snapshot."""
    organisers = 0 if inventory.organisers is None else len(inventory.organisers)
    return tuple(inventory.data["id"]), organisers


def test_readers_during_an_import_see_the_old_or_the_new_edition(fresh, tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    write_demo(big, n=1000, seed=7)
    # Fewer organisers than the old edition's, so that old rows beside new organisers would show.
    organisers = tmp_path / "big_organisers.csv"
    organisers.write_text("\n".join(organisers.read_text(encoding="utf-8").splitlines()[:6]) + "\n", encoding="utf-8")
    database.import_inventory(DEMO, fresh, "2025")
    old = _state(database.read_inventory(fresh))
    new = _state(load_inventory(big))
    assert old[0] != new[0] and old[1] != new[1] == 5

    # Deterministic: a reader inside the import's open transaction still sees the old rows.
    seen_inside: list[tuple] = []
    copy_rows = database._copy_initiatives

    def copy_then_read(*args):
        copy_rows(*args)
        seen_inside.append(_state(database.read_inventory(fresh)))

    monkeypatch.setattr(database, "_copy_initiatives", copy_then_read)
    # And readers in threads all along the import.
    seen: list[tuple] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.append(_state(database.read_inventory(fresh)))
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                failures.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    database.import_inventory(big, fresh, "2025", replace=True)
    seen_after = _state(database.read_inventory(fresh))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert seen_inside == [old]
    assert seen_after == new
    assert seen and set(seen) <= {old, new}


def test_a_reader_keeps_its_snapshot_while_an_import_commits(fresh):
    """The initiatives and the organisers a reader gets come from one snapshot, even when
    an import commits between its two queries."""
    database.import_inventory(DEMO, fresh, "2025")
    target = database.parse_target(fresh)
    with database._session(target, write=False) as reader:
        before = reader.exec_driver_sql("SELECT count(*) FROM initiatives").scalar()
        database.import_inventory(EXAMPLES, fresh, "2025", replace=True)  # commits on its own connection
        organisers = reader.exec_driver_sql("SELECT count(*) FROM organisers").scalar()
        after = reader.exec_driver_sql("SELECT count(*) FROM initiatives").scalar()
    assert before == after == 148
    assert organisers == len(load_inventory(DEMO).organisers)
    assert len(database.read_inventory(fresh).data) == len(load_inventory(EXAMPLES).data)


# ---------------------------------------------------------------- rows edited by hand are reported


def test_rows_breaking_the_rules_in_the_database_are_reported(fresh):
    database.import_inventory(DEMO, fresh, "2025")
    with database._session(database.parse_target(fresh), write=True) as conn:
        conn.exec_driver_sql("UPDATE initiatives SET themes = '{not_a_theme}' WHERE position = 3")
        conn.exec_driver_sql("UPDATE initiatives SET end_date = start_date - 10 WHERE position = 7")
    stored = database.read_inventory(fresh)
    report = stored.report
    assert (report.rows_in, report.rows_loaded, report.rows_rejected) == (148, 146, 2)
    assert [(f.row, f.field, f.key) for f in report.errors] == [
        (3, "themes", "unknown_code"),
        (7, "end_date", "end_before_start"),
    ]
    assert len(stored.data) == 146


# ---------------------------------------------------------------- failures: one sentence, never the password


def _cli(capsys, caplog, *args: str) -> tuple[int, str, str]:
    with caplog.at_level(logging.DEBUG):
        code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err + caplog.text


def _refused(capsys, caplog, url: str, secret: str, key: str) -> None:
    """The CLI exits 2 with the one sentence; the library raises it with the same key."""
    with pytest.raises(DatabaseError) as caught:
        database.read_inventory(url)
    assert caught.value.key == key
    code, out, err = _cli(capsys, caplog, "db", "export", url, "-o", "unused.csv")
    assert code == 2
    assert err.strip().splitlines() == [f"partdash: {caught.value.message('en')}"]
    for lang in LANGS:
        sentence = caught.value.message(lang)
        assert sentence != f"database.error.{key}" and secret not in sentence and "{" not in sentence
    assert secret not in out + err and "Traceback" not in err


def test_wrong_password_unknown_user_and_missing_database(cluster, fresh, capsys, caplog):
    _refused(capsys, caplog, cluster.url("t1", password="Wr0ng-Secret-42"), "Wr0ng-Secret-42", "auth")
    _refused(capsys, caplog, cluster.url("t1", user="nobody", password="N0body-Pass-7"), "N0body-Pass-7", "auth")
    _refused(capsys, caplog, cluster.url("no_such_db"), cluster.password, "no_database")


def test_unreachable_server(cluster, capsys, caplog):
    url = f"postgresql://someone:Unre4chable-Pw@127.0.0.1:{free_port()}/inventory"
    _refused(capsys, caplog, url, "Unre4chable-Pw", "unreachable")


def test_missing_postgis_and_uninitialised_database(cluster, capsys, caplog):
    plain = cluster.create_database("plain_pg", postgis=False)
    _refused(capsys, caplog, cluster.url(plain), cluster.password, "no_postgis")
    code, _, err = _cli(capsys, caplog, "db", "init", cluster.url(plain))
    assert code == 2 and "CREATE EXTENSION postgis" in err
    empty = cluster.create_database("empty_gis")
    _refused(capsys, caplog, cluster.url(empty), cluster.password, "not_initialised")
    _refused(capsys, caplog, cluster.url(empty, query="?schema=team"), cluster.password, "not_initialised")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ("UPDATE schema_version SET version = 0", "old_layout"),
        ("DROP TABLE schema_version", "unversioned"),
        ("ALTER TABLE initiatives DROP COLUMN budget_eur", "old_columns"),
        ("UPDATE schema_version SET version = 99", "newer_layout"),
    ],
)
def test_tables_in_another_layout(cluster, fresh, capsys, caplog, change, key):
    database.import_inventory(EXAMPLES, fresh, "2025")
    with database._session(database.parse_target(fresh), write=True) as conn:
        conn.exec_driver_sql(change)
    _refused(capsys, caplog, fresh, cluster.password, key)


def test_init_refuses_tables_it_did_not_make(cluster, fresh, capsys, caplog):
    with database._session(database.parse_target(fresh), write=True) as conn:
        conn.exec_driver_sql("DROP TABLE schema_version")
    code, _, err = _cli(capsys, caplog, "db", "init", fresh)
    assert code == 2 and "editions, initiatives, organisers" in err and "?schema=" in err
    with database._session(database.parse_target(fresh), write=True) as conn:
        conn.exec_driver_sql(
            "CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.exec_driver_sql("ALTER TABLE initiatives DROP COLUMN url")
    # Version 0: init would apply version 1, but the table it finds lacks a column: nothing is committed.
    code, _, err = _cli(capsys, caplog, "db", "init", fresh)
    assert code == 2 and "url" in err
    with database._session(database.parse_target(fresh), write=False) as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar() == 0


def test_an_old_layout_is_upgraded_by_init(cluster, fresh):
    database.import_inventory(EXAMPLES, fresh, "2025")
    with database._session(database.parse_target(fresh), write=True) as conn:
        conn.exec_driver_sql("DELETE FROM schema_version")
    with pytest.raises(DatabaseError):
        database.read_inventory(fresh)
    # Version 1 creates tables that exist already; create_all leaves them and their rows alone.
    assert database.init_database(fresh) == 1
    _same_rows(load_inventory(EXAMPLES), database.read_inventory(fresh))


def test_bad_addresses(capsys, caplog):
    for url, key in (
        ("postgresql://u:Secr3t-In-Url@db.example:5432/", "bad_url"),
        ("postgresql://u:Secr3t-In-Url@db.example:5432/inv?schema=Team-1", "bad_schema"),
    ):
        with pytest.raises(DatabaseError) as caught:
            database.parse_target(url)
        assert caught.value.key == key and "Secr3t" not in caught.value.message("fr")
        code, _, err = _cli(capsys, caplog, "db", "init", url)
        assert code == 2 and "Secr3t" not in err


def test_schemas_keep_inventories_apart(cluster, fresh):
    team = fresh + "?schema=team_a"
    database.init_database(team)
    database.import_inventory(EXAMPLES, team, "2025")
    database.import_inventory(DEMO, fresh, "2025")
    _same_rows(load_inventory(EXAMPLES), database.read_inventory(team))
    _same_rows(load_inventory(DEMO), database.read_inventory(fresh))
    assert database.parse_target(team).label.endswith("(schema team_a)")


# ---------------------------------------------------------------- the read-only role of the README


def _readme_read_only_role(password: str, database_name: str) -> list[str]:
    """The README's SQL for the app's read-only role, as an administrator would paste it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Deploying for a team", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    sql = block.replace("'…'", f"'{password}'").replace("DATABASE partdash ", f"DATABASE {database_name} ")
    return [line.strip() for line in sql.strip().splitlines()]


def test_a_read_only_role_reads_and_cannot_import(cluster, fresh, capsys, caplog):
    name = database.parse_target(fresh).url.database
    database.import_inventory(EXAMPLES, fresh, "2024")
    with cluster.admin(name) as conn:
        statements = _readme_read_only_role("App-Reader-9", name)
        assert len(statements) == 5 and name in statements[1]
        for statement in statements:
            conn.execute(statement)
    reader = cluster.url(name, user="partdash_app", password="App-Reader-9")
    _same_rows(load_inventory(EXAMPLES), database.read_inventory(reader))
    with pytest.raises(DatabaseError) as caught:
        database.import_inventory(DEMO, reader, "2025")
    assert caught.value.key == "permission"
    code, _, err = _cli(capsys, caplog, "db", "import", DEMO, reader, "--edition", "2025")
    assert code == 2 and "App-Reader-9" not in err and "read-only" in err
    database.import_inventory(DEMO, fresh, "2025")  # the owner imports; the reader sees it
    assert database.read_inventory(reader).source.endswith(" · 2025")


def test_cli_import_export_and_editions(fresh, tmp_path, capsys, caplog):
    code, out, _ = _cli(capsys, caplog, "db", "import", DEMO, fresh, "--edition", "2025")
    assert code == 0 and "edition 2025 imported, 148 initiatives" in out
    code, out, _ = _cli(capsys, caplog, "db", "editions", fresh)
    assert code == 0 and out.startswith("2025\t") and "148 initiatives\tdemo_inventory.csv" in out
    target = tmp_path / "out.csv"
    code, out, _ = _cli(capsys, caplog, "db", "export", fresh, "-o", str(target), "--edition", "2025")
    assert code == 0 and (tmp_path / "out_organisers.csv").exists()
    _same_rows(load_inventory(DEMO), load_inventory(target), tolerance=1e-6)
    database.init_database(fresh)  # a second init changes nothing
    assert len(database.read_inventory(fresh).data) == 148


# ---------------------------------------------------------------- the app


def _all_text(at: AppTest) -> str:
    """Every element of the page as Streamlit would send it to the browser (the passwords
    tested have no Markdown-special character, so an escaped copy would match too)."""
    texts: list[str] = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            texts.append(str(node.proto))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(texts)


def test_app_opens_the_latest_edition_without_showing_the_password(cluster, fresh, monkeypatch):
    database.import_inventory(DEMO, fresh, "2024")
    database.import_inventory(EXAMPLES, fresh, "2025")
    monkeypatch.setenv("PARTDASH_DATA", fresh)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "nl"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="dataset").value == "database"
    assert at.error == []
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("data.rows_in", "nl")] == str(len(load_inventory(EXAMPLES).data))
    text = _all_text(at)
    assert translate("data.provenance.database", "nl") in [c.value for c in at.caption]
    source = translate("data.file", "nl", name=plain(f"{database.parse_target(fresh).label} · 2025"))
    assert any(m.value.endswith(source) for m in at.markdown)
    assert cluster.password not in text
    assert all(cluster.password not in str(at.query_params[k]) for k in at.query_params)


def test_app_says_why_a_database_cannot_be_used(cluster, fresh, monkeypatch):
    url = cluster.url(database.parse_target(fresh).url.database, password="Wr0ngAppPw")
    monkeypatch.setenv("PARTDASH_DATA", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    expected = database.parse_target(url).error("auth").message("fr")
    assert [unescape(e.value) for e in at.error] == [translate("shell.load_failed", "fr", message=plain(expected))]
    assert "Wr0ngAppPw" not in _all_text(at)
    assert all("Wr0ngAppPw" not in str(at.query_params[k]) for k in at.query_params)


# ---------------------------------------------------------------- in the browser: the URL bar and the server log


@pytest.mark.browser
def test_browser_never_shows_the_password(cluster, fresh, tmp_path):
    """FR and NL, the Overview and the Data page, with the right password and a wrong one:
    never the password in the URL bar, on the page or in the server's log."""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser_support import CHROMIUM, VIEWPORT, launch, streamlit_server, wait_for_app

    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    database.import_inventory(EXAMPLES, fresh, "2025")
    wrong = cluster.url(database.parse_target(fresh).url.database, password="Wr0ngBrowserPw")
    shots_dir = Path(os.environ.get("PARTDASH_SHOTS") or tmp_path)
    for case, url, secret in (("right", fresh, cluster.password), ("wrong", wrong, "Wr0ngBrowserPw")):
        log = tmp_path / f"{case}.log"
        with streamlit_server(log, extra_env={"PARTDASH_DATA": url}) as base_url, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport=VIEWPORT)
            for lang in ("fr", "nl"):
                for stem in ("", "data"):
                    page.goto(f"{base_url}/{stem}?lang={lang}")
                    wait_for_app(page, lang)
                    assert secret not in page.url and secret not in page.locator("body").inner_text()
                    page.screenshot(path=str(shots_dir / f"db_{case}_{lang}_{stem or 'overview'}.png"))
                if case == "right":
                    expect(page.get_by_text(translate("data.provenance.database", lang))).to_be_visible()
                else:
                    message = database.parse_target(wrong).error("auth").message(lang)
                    # plain() puts a word joiner (U+2060) after each colon of the address
                    shown = re.compile("[:]\u2060?".join(re.escape(part) for part in message.split(":")))
                    expect(page.get_by_text(shown).first).to_be_visible()
            browser.close()
        assert secret not in log.read_text(errors="replace")


# ---------------------------------------------------------------- the benchmark's PostgreSQL load


def test_bench_times_loading_from_postgresql_beside_csv(fresh, tmp_path):
    from partdash.bench import __main__ as bench

    csv, _ = write_demo(tmp_path / "inventory_30.csv", n=30)
    with bench.bench_database(fresh) as address:
        assert address == fresh and os.environ[bench.DATABASE_ENV] == fresh
        files = bench.files_worker(csv, 1, None, 120.0, address)
    assert bench.DATABASE_ENV not in os.environ
    loads = files["loads"]
    assert {"csv", "postgresql"} <= set(loads)
    db_load, csv_load = loads["postgresql"], loads["csv"]
    assert (db_load["rows_in"], db_load["rows_loaded"]) == (csv_load["rows_in"], csv_load["rows_loaded"]) == (30, 30)
    assert db_load["median_s"] > 0 and db_load["write_s"] > 0
    assert db_load["file_bytes"] == database.stored_bytes(fresh) > 0
    assert [e.name for e in database.list_editions(fresh)] == ["inventory_30"]
