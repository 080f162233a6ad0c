"""Analysing the network in the background, when an administrator asks for it
from the map (the schedule runs `manage.py analyse_network` instead).

One analysis at a time, in one worker thread of the web process: a second
request while one runs is told so rather than queued. The running
`Snapshot` rows are the job's state, which pages read ("analysis running
since …"). A thread dies with its process: a snapshot still running after
INTERRUPTED_AFTER is settled as failed when someone next asks.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from network import services
from network.models import Snapshot

logger = logging.getLogger(__name__)

INTERRUPTED_AFTER = dt.timedelta(hours=3)
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="network-analysis")
_lock = threading.Lock()
_running: Future[None] | None = None


def settle_interrupted() -> int:
    """Running snapshots too old to be alive (an analysis of 100,000 nodes
    takes about a minute) are marked failed; returns how many. Called
    before this process starts one, never on a page view."""
    return Snapshot.objects.filter(
        status=Snapshot.Status.RUNNING, started_at__lt=timezone.now() - INTERRUPTED_AFTER
    ).update(status=Snapshot.Status.FAILED, error="interrupted")


def is_running() -> bool:
    return _running is not None and not _running.done()


def start() -> bool:
    """Start a full analysis (ties again, current network, no quarter ends)
    unless one is running; True if this call started it."""
    global _running
    with _lock:
        if is_running():
            return False
        settle_interrupted()
        _running = _executor.submit(_run)
        return True


def _run() -> None:
    try:
        services.analyse_all(quarters=False)
    except Exception:
        logger.exception("background network analysis failed")
    finally:
        connection.close()
