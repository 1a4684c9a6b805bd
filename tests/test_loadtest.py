"""The load test's smoke version: a few sessions for a few seconds, so that `make loadtest`
is known to work and a page that fails under concurrency fails the suite."""

from __future__ import annotations

import math
import os

import pytest
from browser_support import CHROMIUM
from loadtest import run_load

pytestmark = pytest.mark.browser


def test_two_concurrent_sessions_load_pages_without_error(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    result = run_load(sessions=2, seconds=15, log_dir=tmp_path, after_wait_s=5, warm=False)
    assert result.errors == []
    assert result.navigations >= 2
    assert all(math.isfinite(v) and v > 0 for v in result.settle_s.values())
    memory = result.memory_mib
    assert 0 < memory["start"] <= memory["peak"] and 0 < memory["after"] <= memory["peak"]
    assert "page loads, 0 errors" in result.lines()[0]
