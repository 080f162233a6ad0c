"""The dashboards benchmark runs end to end in its quick mode (the figures
themselves are in docs/benchmarks.md: no timing is asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_in_quick_mode(tmp_path):
    database = tmp_path / "bench.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "bench.dashboards", "--quick", "--requests", "3",
         "--database-url", f"sqlite:///{database}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    out = result.stdout
    assert "built 200 organisations, 50 labs" in out
    assert out.count("queries per request") == 8
    assert out.count("(target p95 <= 200 ms") == 5
    assert ("all targets met" in out) == (result.returncode == 0)
