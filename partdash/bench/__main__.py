"""The benchmark behind ``make bench``: how fast each page is at the demo size and at
10,000 and 100,000 initiatives, measured against the app's own floor.

    python -m partdash.bench --out bench-out/bench.json [--sizes 148,10000,100000] [--reps 5] [--no-browser]

It lives in ``partdash.ui`` because it drives the app through Streamlit's AppTest.
Inventories come from the demo generator (148 rows with the default seed *is* the demo
inventory) and are written to a temporary folder, or to ``--data-dir`` (use the
git-ignored ``data/generated``), never into the repository otherwise.

Each size runs in two fresh subprocesses, one for the pages and one for the file
formats, so that a size's peak memory is its own and no size warms another's caches.
A page's time only means something beside the floor: the same shell (sidebar, filters,
loaded dataset) around a page that writes one line, timed in the same process. Targets
are reported PASS/MISS, never enforced: the numbers depend on the machine, which is
recorded with them.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pandas as pd

from partdash.bench import reports as bench_reports
from partdash.store import is_database_url
from partdash.ui.shell import DEFAULT_PAGE  # its first run in a session is already that page's run

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DEMO_SIZE, MID_SIZE, LARGE_SIZE = 148, 10_000, 100_000
TARGETS = {
    "demo_s": (DEMO_SIZE, 0.3, "demo warm median ≤ 0.3 s"),
    "demo_floor": (DEMO_SIZE, 5.0, "demo warm median ≤ 5× floor"),
    "large_s": (LARGE_SIZE, 2.0, "100,000 warm median ≤ 2 s"),
    "growth": (LARGE_SIZE, 10.0, "warm median 10,000 → 100,000 grows ≤ 10×"),
    "rss": (LARGE_SIZE, 1e9, "peak RSS of the app process < 1 GB at 100,000"),
    "csv_s": (LARGE_SIZE, 3.0, "CSV of 100,000 loaded ≤ 3 s"),
    "geojson_s": (LARGE_SIZE, 5.0, "GeoJSON of 100,000 loaded ≤ 5 s"),
    "xlsx_csv": (LARGE_SIZE, 3.0, "XLSX of 100,000 loaded ≤ 3× the CSV"),
    "browser_floor": (
        DEMO_SIZE,
        1.3,
        "browser: Overview and Map drawn within 1.3× a bare Streamlit page with one chart",
    ),
}
# Seconds mean something only on a machine doing nothing else: the 1-minute load at start says whether it was.
QUIET_LOAD = 1.5
# A file larger than the loader's upload limit is what the benchmark is about.
MAX_BYTES = 2**31
APPTEST_TIMEOUT_S = 900
# Load a format again only while the repeats stay cheap; one load of 100,000 rows is enough.
REPEAT_BUDGET_S = 10.0
XLSX_BUDGET_S = 120.0
# A small file's load time is mostly fixed costs: only a size this large predicts a larger one.
XLSX_EXTRAPOLATE_FROM = 5_000
FLOOR_PAGE = 'import streamlit as st\n\nst.write("floor")\n'
# Runs the real shell around the one-line page: same sidebar, filters and dataset cache.
FLOOR_APP = """from pathlib import Path
from unittest import mock

from partdash.ui import shell

with mock.patch.object(shell, "PAGES_DIR", Path(__file__).parent / "floor_pages"), \\
        mock.patch.object(shell, "PAGES", (("explore", "{page}", "", ()),)):
    shell.run()
"""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BROWSER_PAGES = ("overview", "map", "communes", "territory")
# Pages whose first paint is held to the browser-floor target; the others are reported.
FIRST_PAINT_PAGES = ("overview", "map")
# The browser floor: what any Streamlit page with one plotly chart costs to draw on this machine, so that
# partdash's pages are judged by their ratio to it rather than by seconds that vary between machines.
BROWSER_FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""
DRAW_TIMEOUT_S = 60
# Plotly charts with their SVG drawn, plus deck.gl canvases.
DRAWN_JS = """n => [...document.querySelectorAll('.js-plotly-plot')].filter(e => e.querySelector('.main-svg')).length
  + document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas').length >= n"""
VERSIONED = (
    "partdash",
    "streamlit",
    "pandas",
    "geopandas",
    "shapely",
    "pyproj",
    "numpy",
    "pyarrow",
    "plotly",
    "pydeck",
    "pandera",
    "openpyxl",
    "fastexcel",
    "python-calamine",
    "playwright",
    "psutil",
    "sqlalchemy",
    "psycopg",
)
# The files workers read the database address from the environment, never from their command line.
DATABASE_ENV = "PARTDASH_BENCH_DATABASE"


# --- measuring -------------------------------------------------------------------------


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _script_runs(at, reps: int) -> dict:
    """Wall-clock statistics of ``reps`` reruns, and their median CPU time: on a shared
    machine the CPU time shows what the page costs when the wall clock also shows waiting."""
    wall, cpu = [], []
    for _ in range(reps):
        start_cpu = time.process_time()
        wall.append(_timed(at.run))
        cpu.append(time.process_time() - start_cpu)
    return {**_stats(wall), "cpu_median_s": statistics.median(cpu)}


def _repeat(fn, reps: int, budget_s: float = REPEAT_BUDGET_S) -> list[float]:
    """At least one timing, up to ``reps`` while their total stays within the budget."""
    times = [_timed(fn)]
    while len(times) < reps and sum(times) < budget_s:
        times.append(_timed(fn))
    return times


def _stats(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "max_s": max(times), "runs": len(times)}


def _peak_rss() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def live_pages() -> list[str]:
    """The pages the navigation shows: the shell's registry, where the file exists."""
    from partdash.ui.shell import PAGES, PAGES_DIR

    return [stem for _, stem, *_ in PAGES if (PAGES_DIR / f"{stem}.py").exists()]


def _payload(at) -> dict:
    """Bytes of what the page sends the browser: plotly specs, deck JSON, tables."""
    plotly = [len(e.proto.spec.encode()) for e in at.get("plotly_chart")]
    deck = [len(e.proto.json.encode()) for e in at.get("deck_gl_json_chart")]
    tables = sum(e.proto.ByteSize() for kind in ("dataframe", "table") for e in at.get(kind))
    return {
        "plotly": sum(plotly),
        "deck": sum(deck),
        "tables": tables,
        "total": sum(plotly) + sum(deck) + tables,
        "charts": len(plotly) + len(deck),
    }


def _error(at) -> str | None:
    return at.exception[0].message.splitlines()[0][:200] if len(at.exception) else None


def _measure_page(stem: str, reps: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT_S)
    if stem == DEFAULT_PAGE:
        cold = _timed(at.run)
    else:
        at.run()
        at.switch_page(f"pages/{stem}.py")
        cold = _timed(at.run)
    return {"cold_s": cold, **_script_runs(at, reps), "payload": _payload(at), "error": _error(at)}


def _measure_floor(app: Path, reps: int) -> tuple[float, dict]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app), default_timeout=APPTEST_TIMEOUT_S)
    first = _timed(at.run)
    if len(at.exception):
        raise RuntimeError(f"the floor page failed: {_error(at)}")
    return first, _script_runs(at, 2 * reps)


def pages_worker(reps: int) -> dict:
    """Every live page on the inventory in ``PARTDASH_DATA``, after the floor (whose
    first run loads the inventory, so that each page's cold run is the page's own)."""
    from streamlit.testing.v1 import AppTest

    from partdash.ui.serve import disable_legacy_pages

    disable_legacy_pages()
    pages = live_pages()
    with tempfile.TemporaryDirectory() as tmp:
        floor_app = Path(tmp) / "floor_app.py"
        floor_app.write_text(FLOOR_APP.format(page=DEFAULT_PAGE), encoding="utf-8")
        (Path(tmp) / "floor_pages").mkdir()
        (Path(tmp) / "floor_pages" / f"{DEFAULT_PAGE}.py").write_text(FLOOR_PAGE, encoding="utf-8")
        startup, floor = _measure_floor(floor_app, reps)
        results = {stem: _measure_page(stem, reps) for stem in pages}
    bare = AppTest.from_string(FLOOR_PAGE, default_timeout=APPTEST_TIMEOUT_S)
    bare.run()
    return {
        "startup_s": startup,
        "floor": floor,
        "streamlit_floor": _script_runs(bare, reps),
        "pages": results,
        "peak_rss_bytes": _peak_rss(),
    }


def write_geojson(csv: Path, out: Path) -> Path:
    """The CSV's text cells as feature properties; its lat/lon as point geometry."""
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    located = (table["lat"] != "") & (table["lon"] != "")
    geometry = [
        {"type": "Point", "coordinates": [float(lon), float(lat)]} if ok else None
        for lat, lon, ok in zip(table["lat"], table["lon"], located, strict=False)
    ]
    records = table.drop(columns=["lat", "lon"]).replace("", None).to_dict("records")
    features = [
        {"type": "Feature", "properties": props, "geometry": geom}
        for props, geom in zip(records, geometry, strict=False)
    ]
    out.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return out


def write_xlsx(csv: Path, out: Path) -> Path:
    """An ``inventory`` sheet and, from the CSV's sibling, an ``organisers`` sheet."""
    organisers = csv.with_name(f"{csv.stem}_organisers.csv")
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(xl, sheet_name="inventory", index=False)
        if organisers.exists():
            pd.read_csv(organisers, dtype=str, keep_default_na=False).to_excel(xl, sheet_name="organisers", index=False)
    return out


def _measure_load(load, size_bytes: int, reps: int, write_s: float | None = None) -> dict:
    """Times of ``load()`` (which returns an Inventory), with what its report says."""
    loaded = {}

    def timed():
        loaded["inventory"] = load()

    times = _repeat(timed, reps)
    report = loaded["inventory"].report
    out = {
        **_stats(times),
        "rows_in": report.rows_in,
        "rows_loaded": report.rows_loaded,
        "rows_rejected": report.rows_rejected,
        "file_bytes": size_bytes,
    }
    return out | ({"write_s": write_s} if write_s is not None else {})


def _measure_file(path: Path, reps: int, write_s: float | None = None) -> dict:
    from partdash.inventory.loader import load_inventory

    return _measure_load(lambda: load_inventory(path, max_bytes=MAX_BYTES), path.stat().st_size, reps, write_s)


def _measure_database(csv: Path, url: str, reps: int) -> dict:
    """The generated CSV imported as one edition, then read back (latest edition, validated
    like a file); the size is the database's tables after the import."""
    from partdash.store import database

    edition = csv.stem
    write_s = _timed(
        lambda: database.import_inventory(csv, url, edition, replace=True, accept_rejected=True, max_bytes=MAX_BYTES)
    )
    return _measure_load(lambda: database.read_inventory(url, edition), database.stored_bytes(url), reps, write_s)


def figure_functions() -> dict:
    """The key-figure functions of ``partdash.analysis.figures``: those needing only the inventory frame."""
    from partdash.analysis import figures

    def key_figure(fn) -> bool:
        params = list(inspect.signature(fn).parameters.values())
        return bool(params) and params[0].name == "df" and all(p.default is not p.empty for p in params[1:])

    return {
        name: fn
        for name, fn in inspect.getmembers(figures, inspect.isfunction)
        if fn.__module__ == figures.__name__ and not name.startswith("_") and key_figure(fn)
    }


def files_worker(
    csv: Path, reps: int, xlsx_estimate_s: float | None, xlsx_budget_s: float, database: str | None = None
) -> dict:
    """Load times per format, after a small load has paid the one-off costs (imports,
    reference geography), then the key figures on the loaded inventory. ``database`` is
    a PostgreSQL address, or why there is none."""
    from partdash.demo.generator import write_demo
    from partdash.inventory.loader import load_inventory

    with tempfile.TemporaryDirectory() as tmp:
        warmup = _timed(lambda: load_inventory(write_demo(Path(tmp) / "warmup.csv", 20)[0]))
    loads = {"csv": _measure_file(csv, reps)}
    geojson = csv.with_suffix(".geojson")
    loads["geojson"] = _measure_file(geojson, reps, _timed(lambda: write_geojson(csv, geojson)))
    if xlsx_estimate_s is not None and xlsx_estimate_s > xlsx_budget_s:
        reason = (
            f"skipped: about {xlsx_estimate_s:.0f} s to load with openpyxl (extrapolated from the previous size), "
            f"over the {xlsx_budget_s:.0f} s budget"
        )
        loads["xlsx"] = {"skipped": reason}
    else:
        xlsx = csv.with_suffix(".xlsx")
        loads["xlsx"] = _measure_file(xlsx, reps, _timed(lambda: write_xlsx(csv, xlsx)))
    if is_database_url(database):
        loads["postgresql"] = _measure_database(csv, database, reps)
    else:
        loads["postgresql"] = {"skipped": f"skipped: {database or 'no database'}"}
    data = load_inventory(csv, max_bytes=MAX_BYTES).data
    figures = {
        name: _stats(_repeat(lambda fn=fn: fn(data), max(reps, 3), budget_s=5.0))
        for name, fn in figure_functions().items()
    }
    return {"warmup_load_s": warmup, "loads": loads, "figures": figures, "peak_rss_bytes": _peak_rss()}


# --- orchestration ---------------------------------------------------------------------


def _database_address(choice: str, stack: contextlib.ExitStack) -> str:
    """A PostgreSQL address, or the reason there is none: ``auto`` starts a throwaway
    local cluster (stopped with ``stack``) when the server binaries are installed."""
    from partdash.store import cluster, database

    if choice == "off":
        return "run with --database off"
    if choice != "auto":
        database.init_database(choice)
        return choice
    reason = cluster.missing_reason()
    if reason:
        return reason
    server = cluster.start_cluster()
    stack.callback(server.stop)
    url = server.url(server.create_database("bench"))
    database.init_database(url)
    return url


@contextlib.contextmanager
def bench_database(choice: str) -> Iterator[str]:
    """The address (or the reason) for the files workers, handed over in their environment."""
    with contextlib.ExitStack() as stack:
        os.environ[DATABASE_ENV] = _database_address(choice, stack)
        try:
            yield os.environ[DATABASE_ENV]
        finally:
            os.environ.pop(DATABASE_ENV, None)


def _worker_env(csv: Path) -> dict:
    return {**os.environ, "PARTDASH_DATA": str(csv), "PARTDASH_MAX_BYTES": str(MAX_BYTES)}


def _run_worker(kind: str, csv: Path, reps: int, logs: Path, extra: tuple[str, ...] = ()) -> dict:
    result = logs / f"{kind}_{csv.stem}.json"
    log = logs / f"{kind}_{csv.stem}.log"
    command = [
        sys.executable,
        "-m",
        "partdash.bench",
        "--worker",
        kind,
        "--csv",
        str(csv),
        "--reps",
        str(reps),
        "--result",
        str(result),
        *extra,
    ]
    with log.open("wb") as fh:
        done = subprocess.run(command, cwd=ROOT, env=_worker_env(csv), stdout=fh, stderr=subprocess.STDOUT)
    if done.returncode:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the {kind} worker failed on {csv.name} (exit {done.returncode}):\n{tail}")
    return json.loads(result.read_text(encoding="utf-8"))


def _progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_size(
    n: int, data_dir: Path, reps: int, logs: Path, seed: int | None, xlsx_estimate_s: float | None, xlsx_budget_s: float
) -> dict:
    from partdash.demo.generator import write_demo

    _progress(f"{n} initiatives: generating")
    kwargs = {"seed": seed} if seed is not None else {}
    csv, _ = write_demo(data_dir / f"inventory_{n}.csv", n, **kwargs)
    _progress(f"{n} initiatives: file formats and key figures")
    estimate = ["--xlsx-estimate", f"{xlsx_estimate_s}"] if xlsx_estimate_s is not None else []
    files = _run_worker("files", csv, reps, logs, (*estimate, "--xlsx-budget", str(xlsx_budget_s)))
    _progress(f"{n} initiatives: pages")
    pages = _run_worker("pages", csv, reps, logs)
    return {"csv": str(csv), "files": files, "app": pages}


def xlsx_estimate(loads: dict[int, float], n: int) -> float | None:
    """Seconds to load ``n`` rows of XLSX, in proportion to the largest size measured, if
    that one was large enough to be mostly per-row work."""
    large = [size for size in loads if size >= XLSX_EXTRAPOLATE_FROM]
    return loads[max(large)] * n / max(large) if large else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the streamlit server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the streamlit server was not healthy after {timeout_s:.0f} s")


def _draw_times(browser, url: str, charts: int, reps: int) -> dict:
    """Seconds from asking for the URL to its charts being drawn, each in a fresh context
    (no cache, a new session); the first also pays the server's first run of the page.
    A page that does not draw in time is reported as such, and the others still run."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    times = []
    for _ in range(reps + 1):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        try:
            page.goto(url, wait_until="commit", timeout=DRAW_TIMEOUT_S * 1000)
            page.wait_for_function(DRAWN_JS, arg=charts, timeout=DRAW_TIMEOUT_S * 1000, polling=50)
        except PlaywrightTimeout:
            return {"error": f"{charts} chart(s) not drawn within {DRAW_TIMEOUT_S} s", "drawn_s": times}
        else:
            times.append(time.perf_counter() - start)
        finally:
            context.close()
    return {"first_s": times[0], **_stats(times[1:])}


@contextlib.contextmanager
def _server(command: list[str], env: dict, log: Path):
    """A Streamlit server on a free local port for the length of the block; yields its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    options = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, *options, "--browser.gatherUsageStats", "false"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure_browser(csv: Path, reps: int, charts: dict[str, int], logs: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from partdash.ui.shell import PAGES_DIR

    floor_app = logs / "browser_floor.py"
    floor_app.write_text(BROWSER_FLOOR_APP, encoding="utf-8")
    env = _worker_env(csv)
    with (
        _server([sys.executable, "-m", "partdash.ui.serve"], env, logs / "server.log") as url,
        _server([sys.executable, "-m", "streamlit", "run", str(floor_app)], env, logs / "floor.log") as floor_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        floor = _draw_times(browser, floor_url, 1, reps)
        results = {}
        for stem in BROWSER_PAGES:
            if not (PAGES_DIR / f"{stem}.py").exists():
                results[stem] = {"skipped": f"pages/{stem}.py does not exist"}
                continue
            page_url = url if stem == DEFAULT_PAGE else f"{url}/{stem}"
            expected = max(charts.get(stem, 1), 1)
            result = {
                "url_path": "/" if stem == DEFAULT_PAGE else f"/{stem}",
                "charts": expected,
                **_draw_times(browser, page_url, expected, reps),
            }
            if "median_s" in result and "median_s" in floor:
                result["floor_ratio"] = result["median_s"] / floor["median_s"]
            results[stem] = result
        version = browser.version
        browser.close()
    return {"chromium": version, "floor": floor, "pages": results}


def machine() -> dict:
    import psutil

    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_bytes": psutil.virtual_memory().total,
        "load_average": os.getloadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "commit": commit.stdout.strip() or None,
        "versions": versions,
    }


# --- report ----------------------------------------------------------------------------


def _verdict(value: float | None, limit: float, strict: bool = False) -> str:
    if value is None:
        return "–"
    return "PASS" if (value < limit if strict else value <= limit) else "MISS"


def page_rows(sizes: dict[int, dict]) -> list[dict]:
    """One row per page and size, with the floor ratio and the targets that apply to it."""
    rows = []
    for n, result in sizes.items():
        app = result["app"]
        for stem, page in app["pages"].items():
            ratio = page["median_s"] / app["floor"]["median_s"]
            mid = sizes.get(MID_SIZE, {}).get("app", {}).get("pages", {}).get(stem)
            growth = page["median_s"] / mid["median_s"] if n == LARGE_SIZE and mid else None
            rows.append(
                {
                    "page": stem,
                    "size": n,
                    "cold_s": page["cold_s"],
                    "median_s": page["median_s"],
                    "max_s": page["max_s"],
                    "runs": page["runs"],
                    "cpu_median_s": page["cpu_median_s"],
                    "floor_s": app["floor"]["median_s"],
                    "floor_ratio": ratio,
                    "payload_bytes": page["payload"]["total"],
                    "payload": page["payload"],
                    "growth_from_10000": growth,
                    "error": page["error"],
                    "targets": {
                        "demo_s": _verdict(page["median_s"], TARGETS["demo_s"][1]) if n == DEMO_SIZE else "–",
                        "demo_floor": _verdict(ratio, TARGETS["demo_floor"][1]) if n == DEMO_SIZE else "–",
                        "large_s": _verdict(page["median_s"], TARGETS["large_s"][1]) if n == LARGE_SIZE else "–",
                        "growth": _verdict(growth, TARGETS["growth"][1]),
                    },
                }
            )
    return rows


def load_verdict(n: int, fmt: str, loads: dict) -> str:
    """PASS/MISS of a format's load at the large size against its target; "–" elsewhere."""
    if n != LARGE_SIZE:
        return "–"
    if fmt in ("csv", "geojson"):
        return _verdict(loads[fmt].get("median_s"), TARGETS[f"{fmt}_s"][1])
    if fmt == "xlsx" and "median_s" in loads.get("csv", {}):
        return _verdict(loads[fmt]["median_s"] / loads["csv"]["median_s"], TARGETS["xlsx_csv"][1])
    return "–"


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False)))
        for row in cells
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _mb(value: int) -> str:
    return f"{value / 1e6:.1f}"


def _browser_lines(browser: dict) -> list[str]:
    out = [
        "\nBrowser (demo inventory; open the URL in a fresh context until its charts are drawn; seconds; "
        "×floor = median against a bare Streamlit page with one plotly chart, measured in the same run)"
    ]
    if "skipped" in browser:
        return [*out, f"  skipped: {browser['skipped']}"]
    floor = browser.get("floor", {})
    limit = TARGETS["browser_floor"][1]
    rows = []
    for stem, b in {
        "bare streamlit": {"url_path": "–", "charts": 1, "floor_ratio": 1.0, **floor},
        **browser["pages"],
    }.items():
        if "median_s" not in b:
            note = b.get("error") or b.get("skipped")
            rows.append([stem, b.get("url_path", "–"), b.get("charts", "–"), "–", "–", "–", "–", "MISS", note])
            continue
        ratio = b.get("floor_ratio")
        verdict = _verdict(ratio, limit) if stem in FIRST_PAINT_PAGES and ratio is not None else ""
        ratio_text = f"{ratio:.2f}" if ratio is not None else "–"
        times = [_s(b["first_s"]), _s(b["median_s"]), _s(b["max_s"])]
        rows.append([stem, b["url_path"], b["charts"], *times, ratio_text, verdict, ""])
    headers = ["page", "url", "charts", "first", "median", "max", "×floor", f"≤{limit}×", "note"]
    out.append(_table(headers, rows))
    out.append(f"  Chromium {browser['chromium']}")
    return out


def render(doc: dict) -> str:
    out = []
    rows = doc["pages"]
    out.append(
        "Pages (AppTest script runs with the page selected: the first (cold), then warm reruns; seconds;\n"
        "cpu = median CPU time of the warm runs; payload = plotly + deck JSON + tables sent to the browser)"
    )
    out.append(
        _table(
            [
                "page",
                "size",
                "cold",
                "median",
                "max",
                "cpu",
                "floor",
                "×floor",
                "payload KB",
                "charts",
                "≤0.3s@148",
                "≤5×floor@148",
                "≤2s@100k",
                "growth≤10×",
                "note",
            ],
            [
                [
                    r["page"],
                    r["size"],
                    _s(r["cold_s"]),
                    _s(r["median_s"]),
                    _s(r["max_s"]),
                    _s(r["cpu_median_s"]),
                    _s(r["floor_s"]),
                    f"{r['floor_ratio']:.1f}",
                    f"{r['payload_bytes'] / 1e3:.1f}",
                    r["payload"]["charts"],
                    *r["targets"].values(),
                    "ERROR " + r["error"] if r["error"] else "",
                ]
                for r in rows
            ],
        )
    )
    out.append(
        "\nApp process per size "
        "(first run loads the dataset; floor = shell + one st.write; peak RSS of the pages process)"
    )
    size_rows = []
    for n, result in doc["sizes"].items():
        app = result["app"]
        rss_check = _verdict(app["peak_rss_bytes"], TARGETS["rss"][1], strict=True) if int(n) == LARGE_SIZE else "–"
        size_rows.append(
            [
                n,
                _s(app["startup_s"]),
                _s(app["floor"]["median_s"]),
                _s(app["floor"]["max_s"]),
                _s(app["streamlit_floor"]["median_s"]),
                _mb(app["peak_rss_bytes"]),
                rss_check,
                _mb(result["files"]["peak_rss_bytes"]),
            ]
        )
    out.append(
        _table(
            [
                "size",
                "first run",
                "floor median",
                "floor max",
                "bare streamlit",
                "peak RSS MB",
                "<1GB@100k",
                "files process MB",
            ],
            size_rows,
        )
    )
    out.append(
        "\nLoad and validate (seconds, median of runs; the file is written from the generated CSV; "
        "postgresql: imported from it as one edition, read back and validated, MB = its tables)"
    )
    load_rows = []
    for n, result in doc["sizes"].items():
        loads = result["files"]["loads"]
        for fmt, load in loads.items():
            if "skipped" in load:
                load_rows.append([n, fmt, "–", "–", "–", "–", "–", load["skipped"]])
            else:
                load_rows.append(
                    [
                        n,
                        fmt,
                        _s(load["median_s"]),
                        load["runs"],
                        f"{load['rows_loaded']}/{load['rows_in']}",
                        _mb(load["file_bytes"]),
                        load_verdict(int(n), fmt, loads),
                        f"written in {load['write_s']:.1f} s" if "write_s" in load else "",
                    ]
                )
    out.append(_table(["size", "format", "load", "runs", "loaded/in", "MB", "target", "note"], load_rows))
    out.append("\nKey figures (partdash.analysis.figures, median seconds)")
    names = sorted({name for result in doc["sizes"].values() for name in result["files"]["figures"]})
    out.append(
        _table(
            ["function", *doc["sizes"]],
            [[name, *(_s(r["files"]["figures"][name]["median_s"]) for r in doc["sizes"].values())] for name in names],
        )
    )
    out.extend(_browser_lines(doc["browser"]))
    out.extend(bench_reports.render(doc.get("reports", {"skipped": "not measured"})))
    m = doc["machine"]
    quiet = (
        "quiet"
        if m["load_average"][0] < QUIET_LOAD
        else f"NOT quiet (1-minute load ≥ {QUIET_LOAD}): compare ratios only"
    )
    out.append(
        f"\nMachine: {m['cores']} cores ({m['usable_cores']} usable), {m['memory_bytes'] / 2**30:.1f} GiB, "
        f"load average {', '.join(f'{x:.2f}' for x in m['load_average'])} at start ({quiet}); {m['platform']}; "
        f"Python {m['python']}; commit {m['commit']}"
    )
    out.append("Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v))
    out.append("Targets: " + "; ".join(label for _, _, label in TARGETS.values()))
    return "\n".join(out)


def run(
    out: Path,
    sizes: list[int],
    reps: int,
    browser: bool,
    data_dir: Path | None,
    seed: int | None,
    xlsx_budget_s: float,
    database: str = "auto",
) -> dict:
    doc = {
        "settings": {"sizes": sizes, "reps": reps, "browser": browser, "seed": seed, "xlsx_budget_s": xlsx_budget_s},
        "machine": machine(),
        "targets": {
            key: {"size": size, "limit": limit, "label": label} for key, (size, limit, label) in TARGETS.items()
        },
    }
    results: dict[int, dict] = {}
    xlsx_loads: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="partdash-bench-") as tmp, bench_database(database):
        logs = Path(tmp)
        folder = data_dir or logs / "data"
        folder.mkdir(parents=True, exist_ok=True)
        for n in sorted(sizes):
            results[n] = measure_size(n, folder, reps, logs, seed, xlsx_estimate(xlsx_loads, n), xlsx_budget_s)
            xlsx = results[n]["files"]["loads"]["xlsx"]
            if "median_s" in xlsx:
                xlsx_loads[n] = xlsx["median_s"]
        if browser:
            _progress("browser")
            from partdash.demo.generator import write_demo

            demo_csv = (
                Path(results[DEMO_SIZE]["csv"])
                if DEMO_SIZE in results
                else write_demo(
                    folder / f"inventory_{DEMO_SIZE}.csv", DEMO_SIZE, **({"seed": seed} if seed is not None else {})
                )[0]
            )
            charts = {
                stem: page["payload"]["charts"]
                for stem, page in results.get(DEMO_SIZE, {}).get("app", {}).get("pages", {}).items()
            }
            doc["browser"] = measure_browser(demo_csv, reps, charts, logs)
            doc["reports"] = bench_reports.measure(demo_csv)
        else:
            doc["browser"] = {"skipped": "run with --no-browser"}
            doc["reports"] = {"skipped": "run with --no-browser (the PDFs are printed by Chromium)"}
    doc["sizes"] = {str(n): results[n] for n in sorted(results)}
    doc["pages"] = page_rows(results)
    text = render(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    print(text)
    print(f"\nwritten to {out}")
    return doc


def _sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m partdash.bench",
        description="Time every page, the loaders and the key figures at several inventory sizes.",
    )
    parser.add_argument("--out", type=Path, help="JSON file to write (its folder is created)")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[DEMO_SIZE, MID_SIZE, LARGE_SIZE],
        help="inventory sizes, comma-separated (default 148,10000,100000)",
    )
    parser.add_argument("--reps", type=int, default=5, help="warm runs per page (default 5)")
    parser.add_argument(
        "--browser",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the Overview and Map in Chromium (default on)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where to write the generated inventories (default: a temporary folder); data/generated is git-ignored",
    )
    parser.add_argument(
        "--seed", type=int, help="demo generator seed (default: the generator's, which gives the demo inventory at 148)"
    )
    parser.add_argument(
        "--xlsx-budget",
        type=float,
        default=XLSX_BUDGET_S,
        help="skip an XLSX size expected to load slower than this many seconds",
    )
    parser.add_argument(
        "--database",
        default="auto",
        help="load from PostgreSQL too: auto (a throwaway local cluster when PostgreSQL and PostGIS are installed), "
        "off, or the address of a server whose database may be written",
    )
    parser.add_argument("--worker", choices=("pages", "files"), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--xlsx-estimate", type=float, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    if args.worker == "pages":
        result = pages_worker(args.reps)
    elif args.worker == "files":
        result = files_worker(args.csv, args.reps, args.xlsx_estimate, args.xlsx_budget, os.environ.get(DATABASE_ENV))
    else:
        if args.out is None:
            parser.error("--out is required")
        run(args.out, args.sizes, args.reps, args.browser, args.data_dir, args.seed, args.xlsx_budget, args.database)
        return
    args.result.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
