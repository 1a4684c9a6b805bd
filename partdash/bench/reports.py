"""Time the reports: each one-pager warm (after a first run has paid imports and caches)
and the inventory report, as PDF through the system Chromium; and pages in presentation
mode. Targets (issue 10): a warm one-pager within 5 s, the inventory report within 20 s
on the demo.

    .venv/bin/python -m partdash.bench.reports [FILE]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from partdash.inventory.filters import Filters
from partdash.inventory.loader import load_inventory
from partdash.outputs.reports.document import Context
from partdash.outputs.reports.inventory import inventory_report
from partdash.outputs.reports.onepage import one_page
from partdash.outputs.reports.render import print_pdf

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo" / "demo_inventory.csv"
PRESENTED = ("overview", "map", "followup", "communes")
PAGE_RUNS = 3
TARGETS_S = {"one_page": 5.0, "inventory": 20.0}
SUBJECTS = {"communes": "21013", "territory": "c:21013"}


def _timed(make) -> float:
    start = time.perf_counter()
    pdf = print_pdf(make().html(inline_js=False))
    assert pdf.startswith(b"%PDF")
    return round(time.perf_counter() - start, 2)


def presentation_pages(runs: int = PAGE_RUNS) -> dict[str, float]:
    """Median warm script run of pages opened with ``?present=1`` (AppTest, the built-in demo):
    what presentation adds is the font hook on every chart and the stylesheet."""
    from streamlit.testing.v1 import AppTest

    medians = {}
    for stem in PRESENTED:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["present"] = "1"
        at.run()
        at.switch_page(f"pages/{stem}.py")
        at.run()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        medians[stem] = round(statistics.median(times), 3)
    return medians


def measure(path: Path = DEMO) -> dict:
    context = Context(load_inventory(path), Filters(), "fr")
    _timed(lambda: one_page("overview", context))  # warm-up
    times = {kind: _timed(lambda k=kind: one_page(k, context, SUBJECTS.get(k))) for kind in SUBJECTS | {"overview": 0}}
    times["followup"] = _timed(lambda: one_page("followup", context))
    times["inventory"] = _timed(lambda: inventory_report(context))
    return {
        "seconds": times,
        "presentation_pages_s": presentation_pages(),
        "within_targets": {
            "one_page": max(v for k, v in times.items() if k != "inventory") <= TARGETS_S["one_page"],
            "inventory": times["inventory"] <= TARGETS_S["inventory"],
        },
    }


def render(result: dict) -> list[str]:
    """The bench report's lines for the reports (``measure``'s result, or why it was skipped)."""
    lines = ["\nReports (PDF printed by Chromium, demo inventory; seconds; warm one-pager ≤ 5 s, inventory ≤ 20 s)"]
    if "skipped" in result:
        return [*lines, f"  skipped: {result['skipped']}"]
    for name, seconds in result["seconds"].items():
        target = TARGETS_S["inventory" if name == "inventory" else "one_page"]
        lines.append(f"  {name:<12} {seconds:>6.2f}  {'ok' if seconds <= target else 'MISS'}")
    pages = result.get("presentation_pages_s", {})
    if pages:
        lines.append("Presentation mode (?present=1, warm script run, median seconds)")
        lines.extend(f"  {stem:<12} {seconds:>6.3f}" for stem, seconds in pages.items())
    return lines


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO), indent=2))
