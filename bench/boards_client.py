"""Simulated phones of the live-board load benchmark: one process's share.

    python -m bench.boards_client PLAN.json RESULT.json

Started by bench/boards_load.py, never by hand. It opens one websocket per
simulated participant (the `websockets` package, asyncio), prints
`ready <connected> <failed>`, waits for a `start <epoch seconds>` line on
standard input, then runs the schedule: every participant adds a note every
`note_every` seconds and votes every `vote_every` seconds, each with a
random phase, until the end of the warm-up and the measured window. After a
drain it writes what it saw to RESULT.json and prints `done`.

What is recorded, with time.time() (several client processes share the
machine's clock):

- per note (by its client id, which carries who sent it and a sequence
  number, never a time): when it was sent and acknowledged, if a client of
  this process sent it; how many clients of this process saw it created and
  the first and last of those moments;
- per client, which notes it has seen (a byte per note): a second creation
  event for the same note is a duplicate (later versions of a note are
  updates, not duplicates);
- frames received per board, errors by code, votes, and how late this
  process's event loop ran (a client process that falls behind would make
  the server look slower than it is).

Frames are parsed as little as possible: note events are found in a batch
with one regular expression (the hub writes compact JSON in a fixed key
order); only acks and errors, a few a second, go through json.loads.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

# A note event inside a hub batch (boards.live.hub.encode: compact JSON).
NOTE_EVENT = re.compile(r'\{"t":"note","note":\{"id":(\d+),"cid":"([^"]*)",.*?"v":(\d+),"hidden"')
# A frame echoed by the bare broadcast: exactly what a client sent (see note_frame()).
ECHO = re.compile(r'^\{"type":"(note|vote)\.add","ref":"[^"]*","id":"([^"]*)"')

TEXTS = [
    "อยากให้หน่วยงานแบ่งปันข้อมูลกันผ่านระบบกลาง ไม่ต้องขอสำเนาเอกสารซ้ำ",
    "ศูนย์บริการประชาชนแบบจุดเดียวในทุกอำเภอ",
    "ให้ อสม. ใช้แอปเดียวรายงานผู้สูงอายุติดเตียง",
    "เปิดข้อมูลงบประมาณท้องถิ่นให้ประชาชนตรวจสอบได้",
    "รถรับส่งผู้ป่วยไปโรงพยาบาลสำหรับหมู่บ้านห่างไกล",
    "ระบบเตือนภัยน้ำท่วมผ่าน SMS และ LINE",
    "ธนาคารขยะในโรงเรียน แลกแต้มเป็นอุปกรณ์การเรียน",
    "Sandbox ให้หน่วยงานทดลองนโยบายใหม่ก่อนใช้จริง",
    "ฝึกอาชีพระยะสั้นให้เยาวชนนอกระบบการศึกษา",
    "ตลาดออนไลน์ของวิสาหกิจชุมชนร่วมกับไปรษณีย์",
]


def note_frame(cid: str, zone: str, text: str) -> str:
    return (
        f'{{"type":"note.add","ref":"{cid}","id":"{cid}","zone":"{zone}",'
        f'"text":{json.dumps(text, ensure_ascii=False)}}}'
    )


def vote_frame(vid: str, note: int) -> str:
    return f'{{"type":"vote.add","ref":"{vid}","id":"{vid}","note":{note}}}'


@dataclass(eq=False)
class Client:
    gi: int
    board: str
    url: str
    path: str
    cookie: str
    seen: bytearray = field(default_factory=bytearray)
    ws: ClientConnection | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    voted: int = 0


class Load:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.bare = plan["mode"] == "bare"
        self.clients = [Client(**c) for c in plan["clients"]]
        self.zone = plan.get("zone", "ideas")
        # Notes by index: the client id, its board, and what happened to it here.
        self.index: dict[str, int] = {}
        self.cids: list[str] = []
        self.board: list[str] = []
        self.sent: list[float | None] = []
        self.acked: list[float | None] = []
        self.count: list[int] = []
        self.first: list[float] = []
        self.last: list[float] = []
        self.server_id: list[int] = []
        self.board_notes: dict[str, list[int]] = {}
        self.note_errors: dict[str, str] = {}
        self.dups: Counter[str] = Counter()
        self.frames: Counter[str] = Counter()
        self.frames_window: dict[str, int] = {}
        self.bytes = 0
        self.errors: Counter[str] = Counter()
        self.votes_sent: Counter[str] = Counter()
        self.votes_acked: Counter[str] = Counter()
        self.vote_errors: Counter[str] = Counter()
        self.closed_early = 0
        self.lags: list[float] = []
        self.last_sighting = 0.0
        self.running = True
        self.t0 = 0.0
        self.readers: list[asyncio.Future[None]] = []

    # --- notes --------------------------------------------------------------

    def note(self, cid: str, board: str) -> int:
        ix = self.index.get(cid)
        if ix is None:
            ix = len(self.cids)
            self.index[cid] = ix
            self.cids.append(cid)
            self.board.append(board)
            self.sent.append(None)
            self.acked.append(None)
            self.count.append(0)
            self.first.append(0.0)
            self.last.append(0.0)
            self.server_id.append(0)
        return ix

    def see(self, client: Client, cid: str, server_id: int, now: float) -> None:
        ix = self.note(cid, client.board)
        seen = client.seen
        if ix >= len(seen):
            seen.extend(bytes(ix + 4096 - len(seen)))
        if seen[ix]:
            self.dups[client.board] += 1
            return
        seen[ix] = 1
        if self.count[ix] == 0:
            self.first[ix] = now
            self.server_id[ix] = server_id if server_id else ix + 1
            self.board_notes.setdefault(client.board, []).append(ix)
        self.count[ix] += 1
        self.last[ix] = now
        self.last_sighting = now

    # --- frames -------------------------------------------------------------

    def on_frame(self, client: Client, text: str, now: float) -> None:
        self.frames[client.board] += 1
        self.bytes += len(text)
        if self.bare:
            match = ECHO.match(text)
            if match is None:
                return
            kind, cid = match.group(1), match.group(2)
            if kind == "note":
                self.see(client, cid, 0, now)
                ix = self.index[cid]
                if (
                    self.sent[ix] is not None
                    and self.acked[ix] is None
                    and cid[1:5] == (f"{client.gi:04d}")
                ):
                    self.acked[ix] = now  # the sender's own echo stands for the ack
            elif cid[1:5] == f"{client.gi:04d}":
                self.votes_acked[client.board] += 1
            return
        if text.startswith('{"t":"batch"'):
            for match in NOTE_EVENT.finditer(text):
                if match.group(3) == "1":
                    self.see(client, match.group(2), int(match.group(1)), now)
            return
        if text.startswith('{"t": "snapshot"'):
            client.ready.set()
            return
        message = json.loads(text)
        kind = message.get("t")
        ref = str(message.get("ref", ""))
        if kind == "ack":
            if ref.startswith("v"):
                self.votes_acked[client.board] += 1
            elif ref in self.index:
                self.acked[self.index[ref]] = now
        elif kind == "error":
            code = str(message.get("code"))
            self.errors[code] += 1
            if ref.startswith("v"):
                self.vote_errors[client.board] += 1
            elif ref:
                self.note_errors[ref] = code

    async def read(self, client: Client) -> None:
        assert client.ws is not None
        try:
            async for text in client.ws:
                if isinstance(text, str):
                    self.on_frame(client, text, time.time())
        except ConnectionClosed:
            pass
        if self.running:
            self.closed_early += 1

    # --- the schedule -------------------------------------------------------

    async def drive(self, client: Client, rng: random.Random) -> None:
        plan = self.plan
        every_note, every_vote = float(plan["note_every"]), float(plan["vote_every"])
        end = self.t0 + plan["warmup"] + plan["duration"]
        next_note = self.t0 + rng.uniform(0, every_note)
        next_vote = self.t0 + rng.uniform(0, every_vote)
        seq = 0
        assert client.ws is not None
        while True:
            due = min(next_note, next_vote)
            if due >= end:
                return
            delay = due - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                if next_note <= next_vote:
                    next_note += every_note
                    seq += 1
                    cid = f"c{client.gi:04d}n{seq:04d}"
                    frame = note_frame(cid, self.zone, TEXTS[(client.gi + seq) % len(TEXTS)])
                    ix = self.note(cid, client.board)
                    self.sent[ix] = time.time()
                    await client.ws.send(frame)
                else:
                    next_vote += every_vote
                    target = self.pick(client, rng)
                    if target is None:
                        continue
                    client.voted += 1
                    self.votes_sent[client.board] += 1
                    await client.ws.send(vote_frame(f"v{client.gi:04d}x{client.voted:04d}", target))
            except ConnectionClosed:
                return

    def pick(self, client: Client, rng: random.Random) -> int | None:
        """A note this client has seen on its board (its server id), at random."""
        notes = self.board_notes.get(client.board)
        if not notes:
            return None
        seen = client.seen
        for _ in range(8):
            ix = notes[rng.randrange(len(notes))]
            if ix < len(seen) and seen[ix]:
                return self.server_id[ix]
        return None

    async def watch_loop(self) -> None:
        """How late the event loop wakes up (only inside the measured window)."""
        start = self.t0 + self.plan["warmup"]
        end = start + self.plan["duration"]
        while self.running:
            before = time.perf_counter()
            await asyncio.sleep(0.05)
            lag = time.perf_counter() - before - 0.05
            if start <= time.time() < end:
                self.lags.append(lag)

    async def window_marks(self) -> None:
        start = self.t0 + self.plan["warmup"]
        await asyncio.sleep(max(0.0, start - time.time()))
        at_start = dict(self.frames)
        await asyncio.sleep(max(0.0, start + self.plan["duration"] - time.time()))
        self.frames_window = {
            board: count - at_start.get(board, 0) for board, count in self.frames.items()
        }

    # --- the run ------------------------------------------------------------

    async def open(self, client: Client, gate: asyncio.Semaphore) -> bool:
        headers = [("Cookie", client.cookie)] if client.cookie else None
        async with gate:
            try:
                client.ws = await connect(
                    client.url + client.path,
                    origin=Origin(client.url.replace("ws://", "http://", 1)),
                    additional_headers=headers,
                    compression=None,
                    max_size=None,
                    max_queue=None,
                    ping_interval=None,
                    open_timeout=120,
                    close_timeout=5,
                )
            except Exception as error:  # refused, timed out: counted, reported
                print(f"connect failed ({client.board}): {error!r}", file=sys.stderr)
                return False
            self.readers.append(asyncio.ensure_future(self.read(client)))
            if self.bare:
                client.ready.set()
            try:
                await asyncio.wait_for(client.ready.wait(), 120)
            except TimeoutError:
                return False
        return True

    async def run(self) -> dict[str, Any]:
        plan = self.plan
        gate = asyncio.Semaphore(int(plan.get("connect_concurrency", 20)))
        opened = await asyncio.gather(*(self.open(client, gate) for client in self.clients))
        live = [client for client, ok in zip(self.clients, opened, strict=True) if ok]
        print(f"ready {len(live)} {len(self.clients) - len(live)}", flush=True)
        line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        self.t0 = float(line.split()[1])
        rng = random.Random(plan["seed"])
        watchers = [
            asyncio.ensure_future(self.watch_loop()),
            asyncio.ensure_future(self.window_marks()),
        ]
        await asyncio.gather(*(self.drive(client, random.Random(rng.random())) for client in live))
        # Drain: every note sent here answered, and no new sighting for a while.
        end = self.t0 + plan["warmup"] + plan["duration"]
        limit = end + float(plan["drain"])
        drained = False
        while time.time() < limit:
            await asyncio.sleep(0.25)
            unanswered = any(
                self.sent[ix] is not None
                and self.acked[ix] is None
                and self.cids[ix] not in self.note_errors
                for ix in range(len(self.cids))
            )
            if not unanswered and time.time() - max(self.last_sighting, end) > float(plan["quiet"]):
                drained = True
                break
        self.running = False
        await asyncio.gather(*watchers, return_exceptions=True)
        await asyncio.gather(
            *(client.ws.close() for client in live if client.ws is not None),
            return_exceptions=True,
        )
        lags = sorted(self.lags) or [0.0]
        return {
            "drained": drained,
            "connected": len(live),
            "failed": len(self.clients) - len(live),
            "notes": {
                cid: [
                    self.board[ix],
                    self.sent[ix],
                    self.acked[ix],
                    self.count[ix],
                    self.first[ix],
                    self.last[ix],
                ]
                for cid, ix in self.index.items()
            },
            "note_errors": self.note_errors,
            "dups": dict(self.dups),
            "frames": dict(self.frames),
            "frames_window": self.frames_window,
            "bytes": self.bytes,
            "errors": dict(self.errors),
            "votes_sent": dict(self.votes_sent),
            "votes_acked": dict(self.votes_acked),
            "vote_errors": dict(self.vote_errors),
            "closed_early": self.closed_early,
            "loop_lag_ms": {
                "p50": lags[len(lags) // 2] * 1000,
                "p99": lags[int(len(lags) * 0.99)] * 1000,
                "max": lags[-1] * 1000,
            },
        }


def main() -> None:
    plan_path, result_path = sys.argv[1], sys.argv[2]
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    result = asyncio.run(Load(plan).run())
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    print("done", flush=True)


if __name__ == "__main__":
    main()
