"""Shared pieces of the benchmarks: the machine they ran on, and timings."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any


def setup_django(database_url: str | None = None) -> None:
    """Point Django at a benchmark database (a separate SQLite file by default)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = root / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saphan.settings")
    os.environ["DATABASE_URL"] = database_url or os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{out / 'bench.sqlite3'}"
    )
    import django

    django.setup()


def machine() -> str:
    """One line naming the machine: CPU model, cores, memory, Python, database."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    from django.db import connection

    return (
        f"{cpu}; {os.cpu_count()} cores; {memory} RAM; "
        f"Python {platform.python_version()}; {platform.system()} {platform.release()}; "
        f"database {connection.vendor}"
    )


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_calls(fn: Callable[[Any], Any], inputs: list[Any], warmup: int = 3) -> dict[str, float]:
    """Milliseconds per call over the inputs: p50, p95, max, mean."""
    for item in inputs[:warmup]:
        fn(item)
    samples = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "n": len(samples),
        "p50_ms": percentile(samples, 50),
        "p95_ms": percentile(samples, 95),
        "max_ms": max(samples),
        "mean_ms": statistics.fmean(samples),
    }


@contextmanager
def stopwatch() -> Any:
    result: dict[str, float] = {}
    start = time.perf_counter()
    yield result
    result["seconds"] = time.perf_counter() - start


def report(title: str, rows: list[tuple[str, str, str]]) -> None:
    """Print figures as 'name: value (target)' lines under the machine line."""
    print(f"== {title}")
    print(f"machine: {machine()}")
    for name, value, target in rows:
        print(f"{name}: {value}" + (f"   (target {target})" if target else ""))
