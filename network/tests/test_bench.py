"""bench/network.py runs end to end (in quick mode) and prints its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def test_the_network_benchmark_runs_quickly():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "bench.network", "--quick"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    out = result.stdout
    assert "machine: " in out and "network: 10,000 nodes" in out
    assert "networkx / saphan: " in out
    # The recommendation step is in both pipelines, for every node, and
    # Saphan's equal the plain-Python baseline's given the same communities.
    assert out.count("recommendations (top 10)") == 3
    assert "100,000 recommendations for 10,000 of 10,000 nodes" in out
    share = re.search(r"equal to the baseline's on its communities: ([\d.]+)% of nodes", out)
    assert share and float(share.group(1)) >= 99.0
