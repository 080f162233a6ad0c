"""Live boards under the load of a big workshop, over real websockets.

    python -m bench.boards_load [--duration 60] [--plenary 300] [--breakouts 30]
        [--breakout-size 10] [--note-every 5] [--vote-every 10] [--warmup 5]
        [--client-procs 1] [--skip-baseline] [--redis [URL]] [--database-url URL]
        [--quick] [--json out.json]

One plenary board (300 phones) and 30 breakout boards (10 phones each), all
at once; every phone adds a note every 5 s and places a dot every 10 s (each
with a random phase), for a measured window of 60 s after a warm-up.

The server is a real Daphne process serving saphan.asgi:application as
production runs it (DEBUG off, DATABASE_CONN_MAX_AGE=60, the in-memory
channel layer unless --redis), on a benchmark database prepared here
(bench/out/boards.sqlite3 by default: migrated, a lab, 31 idea-voting boards,
the participants joined by code for their cookies). The phones are asyncio
websocket clients in one or more separate processes (bench/boards_client.py);
their CPU is measured as well as the server's.

Reported per board kind (plenary, breakouts):
- latency from sending a note to the moment the *last* phone of its board has
  seen it: p50, p95, p99, max (notes sent in the measured window; time.time()
  on one machine, so several client processes share a clock);
- notes sent, acknowledged, refused; dots placed; frames received per second;
- lost notes (an acknowledged note some phone of its board never saw) and
  duplicated ones (a phone seeing the same note created twice), and in the
  database: a row for every acknowledged note, no other row, no client id twice;
- server and client CPU over the measured window, in seconds and % of one core.

In the same run, the baseline: bench/bare_broadcast.py (a bare ASGI app: each
frame written at once to every socket of its room) served by the same Daphne
and driven by the same phones on the same schedule. Exits with 1 when the
plenary p95 is over 300 ms, or a note is lost or duplicated.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, percentile, setup_django  # noqa: E402

P95_TARGET_MS = 300.0
PLENARY = "plenary"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- preparation ---------------------------------------------------------------


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Fresh boards and joined participants: board keys, codes, sizes, cookies."""
    from django.core.management import call_command
    from django.db import transaction

    from boards.models import Board, Method
    from boards.services import board_create, cookie_name, participant_join
    from labs.models import Lab, Process

    call_command("migrate", verbosity=0, interactive=False)
    sizes = {PLENARY: args.plenary}
    sizes.update({f"breakout-{n:02d}": args.breakout_size for n in range(1, args.breakouts + 1)})
    method = Method.objects.get(key="idea-voting", lab=None)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    # Enough dots for every vote of the run: the schedule, not the limit, is measured.
    dots = int((args.warmup + args.duration) / args.vote_every) + 5
    boards: dict[str, dict[str, Any]] = {}
    clients: list[dict[str, Any]] = []
    with transaction.atomic():
        lab = Lab.objects.create(
            name_th=f"ห้องทดสอบภาระ {stamp}",
            name_en=f"Load benchmark {stamp}",
            visibility="public",
            process=Process.objects.get(key="double-diamond"),
        )
        for key, size in sizes.items():
            board = board_create(
                lab=lab,
                by="bench.boards_load",
                method=method,
                title=f"{'เวทีรวม' if key == PLENARY else 'กลุ่มย่อย ' + key[-2:]} ({stamp})",
            )
            Board.objects.filter(pk=board.pk).update(dots_per_person=dots)
            boards[key] = {"id": board.pk, "code": board.code, "size": size}
            for n in range(size):
                _, token = participant_join(
                    board=board,
                    display_name=f"ผู้เข้าร่วม {key[-2:] if key != PLENARY else 'P'}-{n + 1}",
                    organisation_text="หน่วยงานทดสอบ",
                )
                clients.append(
                    {
                        "gi": len(clients),
                        "board": key,
                        "code": board.code,
                        "cookie": f"{cookie_name(board)}={token}",
                    }
                )
    return {"boards": boards, "clients": clients, "dots": dots}


# --- processes -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy_seconds() -> float:
    """CPU seconds spent by everything on the machine (all cores), from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        ticks = [int(v) for v in handle.readline().split()[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / CLK_TCK


def wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} in {seconds:.0f} s")


def server_env(args: argparse.Namespace, database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "SAPHAN_DEBUG", "DATABASE_URL", "PYTHONPATH")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "saphan.settings",
            "DATABASE_URL": database_url,
            "SAPHAN_DEBUG": "0",
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    if args.tick_ms is not None:
        env["BOARD_TICK_MS"] = str(args.tick_ms)
    if args.switch_interval is not None:
        env["ASGI_SWITCH_INTERVAL_MS"] = str(args.switch_interval)
    return env


def run_mode(
    mode: str, args: argparse.Namespace, prepared: dict[str, Any], database_url: str
) -> dict[str, Any]:
    """The server(s) (Saphan or the bare broadcast), the phones, the figures."""
    out = ROOT / "bench" / "out"
    app = "saphan.asgi:application" if mode == "saphan" else "bench.bare_broadcast:application"
    daphne = Path(sys.executable).parent / "daphne"
    # Several Saphan processes share the load through Redis, each phone on one
    # of them (round robin), as a proxy in front of them would spread it. The
    # bare broadcast has no way between processes: always one.
    count = args.servers if mode == "saphan" else 1
    ports = [free_port() for _ in range(count)]
    servers: list[subprocess.Popen[bytes]] = []
    logs = []
    for n, port in enumerate(ports):
        command = [str(daphne), "-b", "127.0.0.1", "-p", str(port), app]
        logs.append(open(out / f"boards_load-{mode}-{n + 1}.log", "w", encoding="utf-8"))  # noqa: SIM115
        servers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=server_env(args, database_url),
                stdout=logs[-1],
                stderr=subprocess.STDOUT,
            )
        )
    clients: list[subprocess.Popen[str]] = []
    workdir = Path(tempfile.mkdtemp(prefix=f"boards-load-{mode}-"))
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_http(
                f"http://127.0.0.1:{port}/" + ("healthz" if mode == "saphan" else "ready"), server
            )
            print(f"  server: Daphne pid {server.pid} on port {port}", flush=True)
        shares: list[list[dict[str, Any]]] = [[] for _ in range(args.client_procs)]
        for client in prepared["clients"]:
            path = (
                f"/ws/boards/{client['code']}/"
                if mode == "saphan"
                else f"/ws/bare/{client['board']}/"
            )
            shares[client["gi"] % args.client_procs].append(
                {
                    "gi": client["gi"],
                    "board": client["board"],
                    "url": f"ws://127.0.0.1:{ports[client['gi'] % count]}",
                    "path": path,
                    "cookie": client["cookie"] if mode == "saphan" else "",
                }
            )
        for n, share in enumerate(shares):
            plan = {
                "mode": mode,
                "clients": share,
                "note_every": args.note_every,
                "vote_every": args.vote_every,
                "warmup": args.warmup,
                "duration": args.duration,
                "drain": args.drain,
                "quiet": 2.0,
                "seed": args.seed * 100 + n,
            }
            (workdir / f"plan-{n}.json").write_text(json.dumps(plan), encoding="utf-8")
            clients.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bench.boards_client",
                        str(workdir / f"plan-{n}.json"),
                        str(workdir / f"result-{n}.json"),
                    ],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        connect_start = time.time()
        connected = failed = 0
        for process in clients:
            assert process.stdout is not None
            line = process.stdout.readline().split()
            if not line or line[0] != "ready":
                raise RuntimeError(f"a client process did not get ready: {line}")
            connected, failed = connected + int(line[1]), failed + int(line[2])
        connect_seconds = time.time() - connect_start
        t0 = time.time() + 1.0
        for process in clients:
            assert process.stdin is not None
            process.stdin.write(f"start {t0}\n")
            process.stdin.flush()
        window_start, window_end = t0 + args.warmup, t0 + args.warmup + args.duration
        time.sleep(max(0.0, window_start - time.time()))
        cpu_before = [sum(cpu_seconds(s.pid) for s in servers)]
        cpu_before += [cpu_seconds(p.pid) for p in clients]
        busy_before = machine_busy_seconds()
        time.sleep(max(0.0, window_end - time.time()))
        cpu_after = [sum(cpu_seconds(s.pid) for s in servers)]
        cpu_after += [cpu_seconds(p.pid) for p in clients]
        busy_after = machine_busy_seconds()
        measured = time.time() - window_start
        results = []
        for n, process in enumerate(clients):
            assert process.stdout is not None
            process.stdout.readline()  # "done"
            process.wait(timeout=120)
            results.append(json.loads((workdir / f"result-{n}.json").read_text(encoding="utf-8")))
    finally:
        for process in clients:
            if process.poll() is None:
                process.kill()
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()
    figures = summarise(results, prepared, (window_start, window_end))
    figures["connect"] = {
        "connected": connected,
        "failed": failed,
        "seconds": round(connect_seconds, 1),
    }
    server_cpu = cpu_after[0] - cpu_before[0]
    client_cpu = [
        after - before for before, after in zip(cpu_before[1:], cpu_after[1:], strict=True)
    ]
    figures["cpu"] = {
        "window_seconds": round(measured, 1),
        "server_seconds": round(server_cpu, 1),
        "server_pct_of_core": round(100 * server_cpu / measured, 1),
        "client_seconds": [round(c, 1) for c in client_cpu],
        "client_pct_of_core": [round(100 * c / measured, 1) for c in client_cpu],
        # Whatever else ran on the machine meanwhile (this benchmark's own
        # parent process sleeps): another job's load shows up here.
        "other_pct_of_core": round(
            100 * max(0.0, busy_after - busy_before - server_cpu - sum(client_cpu)) / measured, 1
        ),
    }
    figures["client_loop_lag_ms"] = [r["loop_lag_ms"] for r in results]
    figures["closed_early"] = sum(r["closed_early"] for r in results)
    # False: the drain ran out while notes were still unanswered or arriving
    # (the server had fallen behind); "lost" then counts notes not seen yet.
    figures["drained"] = all(r["drained"] for r in results)
    if mode == "saphan":
        figures["database"] = check_database(prepared, figures.pop("_acked_cids"))
    else:
        figures.pop("_acked_cids")
    return figures


# --- figures ---------------------------------------------------------------------


def summarise(
    results: list[dict[str, Any]], prepared: dict[str, Any], window: tuple[float, float]
) -> dict[str, Any]:
    """Merge the client processes' records into figures per board kind."""
    sizes = {key: board["size"] for key, board in prepared["boards"].items()}
    notes: dict[str, dict[str, Any]] = {}
    for result in results:
        for cid, (board, sent, acked, count, first, last) in result["notes"].items():
            note = notes.setdefault(
                cid,
                {
                    "board": board,
                    "sent": None,
                    "acked": None,
                    "count": 0,
                    "first": 0.0,
                    "last": 0.0,
                },
            )
            if sent is not None:
                note["sent"], note["acked"] = sent, acked
            if count:
                note["first"] = first if not note["count"] else min(note["first"], first)
                note["last"] = max(note["last"], last)
                note["count"] += count
    errors: dict[str, str] = {}
    for result in results:
        errors.update(result["note_errors"])

    def kind(board: str) -> str:
        return PLENARY if board == PLENARY else "breakouts"

    def total(name: str, which: str) -> int:
        return sum(v for r in results for b, v in r[name].items() if kind(b) == which)

    out: dict[str, Any] = {}
    acked_cids: dict[str, list[str]] = {}
    for which in (PLENARY, "breakouts"):
        mine = {cid: n for cid, n in notes.items() if kind(n["board"]) == which}
        sent = [n for n in mine.values() if n["sent"] is not None]
        acked = [n for n in sent if n["acked"] is not None]
        lost = sum(sizes[n["board"]] - n["count"] for n in acked)
        partial = sum(1 for n in acked if n["count"] < sizes[n["board"]])
        # Sent but neither acknowledged nor refused by the end of the drain
        # (a server that fell behind), or seen without having been sent here.
        unexpected = sum(
            1
            for cid, n in mine.items()
            if n["sent"] is None or (n["acked"] is None and cid not in errors)
        )
        in_window = [n for n in acked if window[0] <= n["sent"] < window[1]]
        latency = [
            (n["last"] - n["sent"]) * 1000 for n in in_window if n["count"] == sizes[n["board"]]
        ]
        first_seen = [(n["first"] - n["sent"]) * 1000 for n in in_window if n["count"]]
        ack = [(n["acked"] - n["sent"]) * 1000 for n in in_window]
        frames = total("frames_window", which)
        out[which] = {
            "boards": sum(1 for b in sizes if kind(b) == which),
            "phones": sum(s for b, s in sizes.items() if kind(b) == which),
            "notes_sent": len(sent),
            "notes_acked": len(acked),
            "notes_refused": sum(
                1 for cid in errors if cid in mine and mine[cid]["sent"] is not None
            ),
            "notes_in_window": len(in_window),
            "seen_by_all_ms": stats(latency),
            "first_seen_ms": stats(first_seen),
            "ack_ms": stats(ack),
            "lost": lost,
            "notes_not_seen_by_all": partial,
            "unanswered": unexpected,
            "duplicated": total("dups", which),
            "votes_sent": total("votes_sent", which),
            "votes_acked": total("votes_acked", which),
            "votes_refused": total("vote_errors", which),
            "frames_per_second": round(frames / (window[1] - window[0]), 0),
        }
        for cid, n in mine.items():
            if n["acked"] is not None:
                acked_cids.setdefault(n["board"], []).append(cid)
    error_codes: Counter[str] = Counter()
    for result in results:
        error_codes.update(result["errors"])
    out["error_codes"] = dict(error_codes)
    out["received_mb"] = round(sum(r["bytes"] for r in results) / 1e6, 1)
    out["_acked_cids"] = acked_cids
    return out


def stats(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "n": len(samples),
        "p50": round(percentile(samples, 50), 1),
        "p95": round(percentile(samples, 95), 1),
        "p99": round(percentile(samples, 99), 1),
        "max": round(max(samples), 1),
    }


def check_database(prepared: dict[str, Any], acked: dict[str, list[str]]) -> dict[str, Any]:
    """Every acknowledged note is one row, and there is no other."""
    from django.db import close_old_connections
    from django.db.models import Count

    from boards.models import Note, Vote

    close_old_connections()
    out: dict[str, Any] = {}
    for which in (PLENARY, "breakouts"):
        missing = extra = twice = rows = votes = 0
        for key, board in prepared["boards"].items():
            if (key == PLENARY) != (which == PLENARY):
                continue
            cids = Counter(
                Note.objects.filter(board_id=board["id"]).values_list("client_id", flat=True)
            )
            expected = set(acked.get(key, []))
            rows += sum(cids.values())
            missing += len(expected - set(cids))
            extra += len(set(cids) - expected)
            twice += sum(1 for n in cids.values() if n > 1)
            votes += Vote.objects.filter(board_id=board["id"]).aggregate(n=Count("pk"))["n"]
        out[which] = {
            "note_rows": rows,
            "acked_missing": missing,
            "rows_not_acked": extra,
            "client_id_twice": twice,
            "vote_rows": votes,
        }
    return out


# --- the report --------------------------------------------------------------------


def table(report: dict[str, Any]) -> str:
    runs = report["runs"]
    names = [name for name in ("saphan", "bare") if name in runs]
    heads = {"saphan": "Saphan", "bare": "bare ASGI broadcast"}
    lines = []
    width = 50

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<{width}}" + "".join(f"{v:>22}" for v in values))

    row("", [heads[n] for n in names])
    for which in (PLENARY, "breakouts"):
        first = runs[names[0]][which]
        lines.append(f"-- {which}: {first['boards']} board(s), {first['phones']} phones")
        for label, key in (
            ("note -> seen by every phone of the board", "seen_by_all_ms"),
            ("note -> seen by the first phone", "first_seen_ms"),
            ("note -> ack to the sender", "ack_ms"),
        ):
            for pct in ("p50", "p95", "p99", "max"):
                row(
                    f"  {label if pct == 'p50' else ''}",
                    [f"{pct} {runs[n][which][key][pct]:.0f} ms" for n in names],
                )
        counts: list[tuple[str, str | None]] = [
            ("notes sent", "notes_sent"),
            ("notes acknowledged (bare: echoed)", "notes_acked"),
            ("notes refused", "notes_refused"),
            ("notes measured (sent in the window)", "notes_in_window"),
            ("lost (acked, not seen by a phone of the board)", "lost"),
            ("duplicated (phone views)", "duplicated"),
            ("notes never answered (overload)", "unanswered"),
            ("dots placed / acknowledged", None),
            ("frames received per second", "frames_per_second"),
        ]
        for label, figure in counts:
            if figure is None:
                row(
                    f"  {label}",
                    [
                        f"{runs[n][which]['votes_sent']} / {runs[n][which]['votes_acked']}"
                        for n in names
                    ],
                )
            else:
                row(f"  {label}", [f"{runs[n][which][figure]:.0f}" for n in names])
        if "database" in runs["saphan"]:
            db = runs["saphan"]["database"][which]
            row(
                "  database: note rows, missing, extra, twice",
                [
                    f"{db['note_rows']}, {db['acked_missing']}, {db['rows_not_acked']},"
                    f" {db['client_id_twice']}"
                ]
                + [""] * (len(names) - 1),
            )
            row("  database: dot rows", [str(db["vote_rows"])] + [""] * (len(names) - 1))
    lines.append("-- both")
    row(
        "  server CPU in the window (% of one core)",
        [
            f"{runs[n]['cpu']['server_seconds']:.1f} s ({runs[n]['cpu']['server_pct_of_core']:.0f}%)"
            for n in names
        ],
    )
    row(
        "  client CPU, per process (% of one core)",
        ["+".join(f"{p:.0f}%" for p in runs[n]["cpu"]["client_pct_of_core"]) for n in names],
    )
    row(
        "  other processes on the machine (% of a core)",
        [f"{runs[n]['cpu']['other_pct_of_core']:.0f}%" for n in names],
    )
    row(
        "  client event-loop lag p99 / max",
        [
            "/".join(
                f"{lag['p99']:.0f}/{lag['max']:.0f} ms" for lag in runs[n]["client_loop_lag_ms"]
            )
            for n in names
        ],
    )
    row(
        "  phones connected / failed (seconds)",
        [
            f"{runs[n]['connect']['connected']}/{runs[n]['connect']['failed']}"
            f" ({runs[n]['connect']['seconds']:.0f} s)"
            for n in names
        ],
    )
    row("  sockets closed by the server", [str(runs[n]["closed_early"]) for n in names])
    row(
        f"  all answered and seen within the drain ({report['settings']['drain']:g} s)",
        ["yes" if runs[n]["drained"] else "NO: still behind" for n in names],
    )
    row("  errors by code", [json.dumps(runs[n]["error_codes"]) for n in names])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="measured seconds (60)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of traffic before (5)")
    parser.add_argument("--drain", type=float, default=30, help="longest wait after (30)")
    parser.add_argument("--plenary", type=int, default=300, help="phones on the plenary board")
    parser.add_argument("--breakouts", type=int, default=30, help="breakout boards")
    parser.add_argument("--breakout-size", type=int, default=10, help="phones per breakout")
    parser.add_argument("--note-every", type=float, default=5, help="seconds between notes")
    parser.add_argument("--vote-every", type=float, default=10, help="seconds between dots")
    parser.add_argument("--client-procs", type=int, default=1, help="client processes (1)")
    parser.add_argument(
        "--servers", type=int, default=1, help="Saphan server processes (more than 1 needs --redis)"
    )
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE")
    parser.add_argument("--tick-ms", type=int, default=None, help="BOARD_TICK_MS of the server")
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="ASGI_SWITCH_INTERVAL_MS of the server: its GIL switch interval in ms",
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--redis",
        nargs="?",
        const="redis://127.0.0.1:6379/5",
        default="",
        help="Redis channel layer for the server (default URL redis://127.0.0.1:6379/5)",
    )
    parser.add_argument("--database-url", default="", help="e.g. postgres://.../saphan_bench")
    parser.add_argument("--quick", action="store_true", help="10 s, 60 + 10 x 5 phones")
    parser.add_argument("--json", default="", help="write every figure to this file")
    args = parser.parse_args(argv)
    if args.servers > 1 and not args.redis:
        parser.error(
            "--servers above 1 needs --redis: the processes meet through its channel layer"
        )
    if args.quick:
        args.duration, args.warmup, args.drain = 10.0, 2.0, 15.0
        args.plenary, args.breakouts, args.breakout_size = 60, 10, 5

    os.environ["SECRET_KEY"] = "bench-" + secrets.token_urlsafe(48)
    database_url = args.database_url or os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'out' / 'boards.sqlite3'}"
    )
    setup_django(database_url)
    started = time.time()
    prepared = prepare(args)
    print(
        f"prepared {len(prepared['boards'])} boards and {len(prepared['clients'])} participants"
        f" in {time.time() - started:.1f} s",
        flush=True,
    )
    report: dict[str, Any] = {
        "machine": machine(),
        "settings": {k: v for k, v in vars(args).items() if k not in ("json", "quick")}
        | {
            "channel_layer": "redis" if args.redis else "in-memory",
            "dots_per_person": prepared["dots"],
        },
        "runs": {},
    }
    modes = ["saphan"] + ([] if args.skip_baseline else ["bare"])
    for mode in modes:
        print(f"running {mode} ...", flush=True)
        report["runs"][mode] = run_mode(mode, args, prepared, database_url)
    plenary = report["runs"]["saphan"][PLENARY]
    both = [report["runs"]["saphan"][w] for w in (PLENARY, "breakouts")]
    database = report["runs"]["saphan"]["database"]
    clean = all(
        b["lost"] == 0 and b["duplicated"] == 0 and b["notes_refused"] == 0 for b in both
    ) and all(
        d["acked_missing"] == 0 and d["rows_not_acked"] == 0 and d["client_id_twice"] == 0
        for d in database.values()
    )
    met = plenary["seen_by_all_ms"]["p95"] <= P95_TARGET_MS and plenary["seen_by_all_ms"]["n"] > 0
    report["targets"] = {"plenary_p95_ms": P95_TARGET_MS, "p95_met": met, "no_loss_no_dup": clean}

    print("== Live boards: load over real websockets (Daphne on 127.0.0.1)")
    print(f"machine: {report['machine']}")
    print(
        f"load: {args.plenary} phones on the plenary board + {args.breakouts} breakouts x "
        f"{args.breakout_size}; a note every {args.note_every:g} s and a dot every "
        f"{args.vote_every:g} s each, random phase; {args.duration:g} s measured after "
        f"{args.warmup:g} s of warm-up; {args.client_procs} client process(es); channel layer "
        f"{report['settings']['channel_layer']}; {args.servers} server process(es); "
        f"DATABASE_CONN_MAX_AGE={args.conn_max_age}"
        + (f"; BOARD_TICK_MS={args.tick_ms}" if args.tick_ms is not None else "")
        + (
            f"; ASGI_SWITCH_INTERVAL_MS={args.switch_interval:g}"
            if args.switch_interval is not None
            else ""
        )
    )
    print(table(report))
    print(
        f"plenary p95 note -> seen by all: {plenary['seen_by_all_ms']['p95']:.0f} ms"
        f"   (target p95 <= {P95_TARGET_MS:.0f} ms: {'met' if met else 'MISSED'})"
    )
    print(f"lost or duplicated, phones and database: {'none' if clean else 'SOME (see above)'}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    return 0 if met and clean else 1


if __name__ == "__main__":
    sys.exit(main())
