"""Concurrent browser sessions against a local server: errors, settle times, server memory.

    .venv/bin/python tests/loadtest.py --sessions 20 --seconds 60     (make loadtest)

Each session is a Chromium context of its own (a user with their own Streamlit session)
that opens page after page, in turn in each language, for the given time. A page has
settled when its script run has finished and the sidebar shows its count line; a page
that shows an exception, or does not settle in time, is an error. The server's resident
memory (with its children) is sampled throughout: at start, before the sessions (after one
visit of every page has imported the libraries and filled the dataset cache, which a
server keeps for good), at peak, and after the sessions have closed and the server has had
some seconds to let them go. "after" close to "before" means sessions leave nothing behind.
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
AFTER_WAIT_S = 30.0
SAMPLE_S = 0.25
STAGGER_S = 0.5  # sessions arrive one after the other, as users do, not in one instant


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    navigations: int = 0
    errors: list[str] = field(default_factory=list)
    settle_s: dict = field(default_factory=dict)
    memory_mib: dict = field(default_factory=dict)
    warmed: bool = False

    def lines(self) -> list[str]:
        s, m = self.settle_s, self.memory_mib
        return [
            f"{self.sessions} sessions for {self.seconds:.0f} s: "
            f"{self.navigations} page loads, {len(self.errors)} errors",
            f"settle time (s): median {s['median']:.2f}, p95 {s['p95']:.2f}, max {s['max']:.2f}",
            f"server memory (MiB): at start {m['start']:.0f}, before {m['before']:.0f}"
            f"{'' if self.warmed else ' (no warm-up)'}, peak {m['peak']:.0f}, after {m['after']:.0f}",
            *(f"  error: {e}" for e in self.errors[:20]),
        ]


def _server_processes(port: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            command = proc.cmdline()
            if "--server.port" in command and str(port) in command:
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


async def _session(
    browser, base_url: str, index: int, deadline: float, result: LoadResult, times: list, visits: int | None = None
) -> None:
    """Pages in turn until the deadline, or ``visits`` pages (the warm-up)."""
    await asyncio.sleep(index * STAGGER_S)
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    stems = page_stems()
    step = index  # sessions start on different pages
    try:
        while time.monotonic() < deadline and (visits is None or step - index < visits):
            stem, lang = stems[step % len(stems)], LANGS[step % len(LANGS)]
            step += 1
            url = f"{base_url}/{'' if stem == 'overview' else stem}?lang={lang}"
            started = time.monotonic()
            try:
                await page.goto(url, wait_until="commit", timeout=SETTLE_TIMEOUT_MS)
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


async def _warm_up(base_url: str) -> LoadResult:
    warm = LoadResult(sessions=1, seconds=0)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + SETTLE_TIMEOUT_MS / 1000 * len(page_stems())
        await _session(browser, base_url, 0, deadline, warm, [], visits=len(page_stems()))
        await browser.close()
    return warm


async def _drive(base_url: str, sessions: int, seconds: float, result: LoadResult, times: list) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_session(browser, base_url, i, deadline, result, times) for i in range(sessions)))
        await browser.close()


def run_load(
    sessions: int, seconds: float, log_dir: Path, after_wait_s: float = AFTER_WAIT_S, warm: bool = True
) -> LoadResult:
    result = LoadResult(sessions=sessions, seconds=seconds, warmed=warm)
    times: list[float] = []
    with streamlit_server(log_dir / "server.log") as base_url:
        procs = _server_processes(int(base_url.rsplit(":", 1)[1]))
        start = _rss(procs)
        if warm:
            result.errors.extend(f"warm-up: {e}" for e in asyncio.run(_warm_up(base_url)).errors)
            time.sleep(after_wait_s)
        before = _rss(procs)
        sampler = _Sampler(procs)
        sampler.start()
        asyncio.run(_drive(base_url, sessions, seconds, result, times))
        time.sleep(after_wait_s)  # sessions closed: Streamlit drops them after their websockets close
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
        "start": start / 2**20,
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
    parser.add_argument("--no-warm-up", action="store_true", help="measure 'before' right after the server starts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run_load(args.sessions, args.seconds, Path(tmp), warm=not args.no_warm_up)
    print("\n".join(result.lines()))
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=2))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
