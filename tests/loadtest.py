"""Concurrent browser sessions against a local server: errors, settle times, server memory.

    .venv/bin/python tests/loadtest.py --sessions 20 --seconds 60     (make loadtest)

Each session is a Chromium context of its own (a user with their own Streamlit session)
that opens page after page, in turn in each language, for the given time. A page has
settled when its script run has finished and the sidebar shows its count line; a page
that shows an exception, or does not settle in time, is an error. The server's resident
memory (with its children) is sampled throughout: before the sessions, at peak, and after
they have closed and the server has had a few seconds to let go.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from browser_support import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, count_pattern, page_stems, streamlit_server
from playwright.async_api import async_playwright

from partdash.i18n import LANGS

SETTLE_TIMEOUT_MS = 120_000
AFTER_WAIT_S = 10.0
SAMPLE_S = 0.25


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    navigations: int = 0
    errors: list[str] = field(default_factory=list)
    settle_s: dict = field(default_factory=dict)
    memory_mib: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        s, m = self.settle_s, self.memory_mib
        return [
            f"{self.sessions} sessions for {self.seconds:.0f} s: "
            f"{self.navigations} page loads, {len(self.errors)} errors",
            f"settle time (s): median {s['median']:.2f}, p95 {s['p95']:.2f}, max {s['max']:.2f}",
            f"server memory (MiB): before {m['before']:.0f}, peak {m['peak']:.0f}, after {m['after']:.0f}",
            *(f"  error: {e}" for e in self.errors[:20]),
        ]


def _server_processes(port: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "streamlit" in " ".join(proc.cmdline()) and str(port) in proc.cmdline():
                found.append(proc)
        except psutil.Error:
            continue
    return found


def _rss(procs: list[psutil.Process]) -> int:
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
        except psutil.Error:
            continue
    return total


class _Sampler(threading.Thread):
    def __init__(self, procs: list[psutil.Process]):
        super().__init__(daemon=True)
        self.procs, self.peak, self.stop = procs, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, _rss(self.procs))
            time.sleep(SAMPLE_S)


async def _session(browser, base_url: str, index: int, deadline: float, result: LoadResult, times: list) -> None:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    stems = page_stems()
    step = index  # sessions start on different pages
    try:
        while time.monotonic() < deadline:
            stem, lang = stems[step % len(stems)], LANGS[step % len(LANGS)]
            step += 1
            url = f"{base_url}/{'' if stem == 'overview' else stem}?lang={lang}"
            started = time.monotonic()
            try:
                await page.goto(url)
                await page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
                    state="attached", timeout=SETTLE_TIMEOUT_MS
                )
                count = page.locator('[data-testid="stSidebar"] [data-testid="stMarkdownContainer"]').filter(
                    has_text=count_pattern(lang)
                )
                raised = page.locator('[data-testid="stException"]')
                await count.or_(raised).first.wait_for(timeout=SETTLE_TIMEOUT_MS)
                if await raised.count():
                    result.errors.append(f"{stem} ({lang}): {(await raised.first.inner_text())[:200]}")
                    continue
            except Exception as exc:  # noqa: BLE001 - a load test counts failures, it does not stop on them
                result.errors.append(f"{stem} ({lang}): {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                continue
            times.append(time.monotonic() - started)
            result.navigations += 1
    finally:
        await context.close()


async def _drive(base_url: str, sessions: int, seconds: float, result: LoadResult, times: list) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_session(browser, base_url, i, deadline, result, times) for i in range(sessions)))
        await browser.close()


def run_load(sessions: int, seconds: float, log_dir: Path) -> LoadResult:
    result = LoadResult(sessions=sessions, seconds=seconds)
    times: list[float] = []
    with streamlit_server(log_dir / "server.log") as base_url:
        procs = _server_processes(int(base_url.rsplit(":", 1)[1]))
        before = _rss(procs)
        sampler = _Sampler(procs)
        sampler.start()
        asyncio.run(_drive(base_url, sessions, seconds, result, times))
        time.sleep(AFTER_WAIT_S)  # sessions closed: Streamlit drops them after their websockets close
        sampler.stop.set()
        sampler.join()
        after = _rss(procs)
    ordered = sorted(times) or [float("nan")]
    result.settle_s = {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": ordered[-1],
    }
    result.memory_mib = {
        "before": before / 2**20,
        "peak": max(sampler.peak, before, after) / 2**20,
        "after": after / 2**20,
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Drive concurrent browser sessions against a local partdash server.")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run_load(args.sessions, args.seconds, Path(tmp))
    print("\n".join(result.lines()))
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=2))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
