"""Latency of the web app's stories and story pages under a bounded local load.

    python bench/web_latency.py [--articles 10000] [--db /tmp/bench-web.db] [--clients 20]
                                [--seconds 30] [--cores 0,1] [--warm 40]

Builds (once, then reuses) a store of synthetic articles written from templates in this
file: invented outlets, people and places, several outlets per event with shared and own
sentences, dates over two years. Computes the briefs of ``--warm`` stories (the story page
serves cached briefs; a cold brief is timed separately), serves the app with uvicorn in a
subprocess pinned to ``--cores``, then runs ``--clients`` concurrent httpx clients for
``--seconds`` on 127.0.0.1 and prints p50/p95/p99 per page kind as Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.ids import content_id  # noqa: E402
from newsdesk.model import Article  # noqa: E402
from newsdesk.pipeline import Desk  # noqa: E402

OUTLETS = [f"{a} {b}" for a in ("Harbour", "Valley", "Northern", "Coastal", "City", "Evening")
           for b in ("Gazette", "Courier", "Times", "Post", "Ledger")]  # fmt: skip
PEOPLE = ["Mara Ellison", "Tobias Renholm", "Ines Varga", "Colm Adair", "Priya Desmond",
          "Jonas Feld", "Aurelie Kast", "Samir Otieno", "Hedda Lunn", "Marek Szal"]  # fmt: skip
PLACES = ["Port Alden", "Kessa", "Drennick", "Tamsford", "Lower Brant", "Oakhurst", "Velmar",
          "Caldor", "Riven Bay", "Estmoor", "Halvik", "Sorrow Point"]  # fmt: skip
SUBJECTS = ["ferry service", "water plant", "rail bridge", "school budget", "harbour wall",
            "wind farm", "hospital wing", "bus depot", "flood barrier", "market hall"]  # fmt: skip
ACTIONS = ["approved", "halted", "reopened", "delayed", "expanded", "cancelled"]
LINES = [
    "{person} said the {subject} in {place} was {action} after a vote on {day}.",
    "Officials in {place} confirmed that the {subject} would cost {n} million over five years.",
    "Residents of {place} gathered outside the town hall as the decision was announced.",
    "{person} told reporters the {subject} had been under review since the spring.",
    "Critics in {place} argued that {n} jobs depended on the {subject} staying open.",
    "The council in {place} will publish its full report on the {subject} next month.",
    "A spokesperson for the {subject} operator declined to comment on {day}.",
    "Engineers said work on the {subject} could resume within {n} weeks.",
]


def synthetic_articles(count: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    out: list[Article] = []
    event = 0
    while len(out) < count:
        event += 1
        day = f"20{rng.randint(23, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        slots = {
            "person": rng.choice(PEOPLE),
            "place": rng.choice(PLACES),
            "subject": rng.choice(SUBJECTS),
            "action": rng.choice(ACTIONS),
            "day": rng.choice(("Monday", "Tuesday", "Friday")),
            "n": str(rng.randint(3, 90)),
        }
        shared = [line.format(**slots) for line in rng.sample(LINES, 4)]
        title = f"{slots['place']} {slots['subject']} {slots['action']} ({event})"
        for outlet in rng.sample(OUTLETS, rng.randint(1, 6)):
            own = f"{outlet} learned that the case number is {event}-{rng.randint(100, 999)}."
            text = "\n\n".join([*rng.sample(shared, 3), own])
            out.append(
                Article(
                    id=content_id("bench-web", outlet, text),
                    source=f"bench/{event}/{outlet}",
                    text=text,
                    title=title,
                    outlet=outlet,
                    published=day,
                    story_hint=f"event-{event}",  # grouping given: the bench measures the web
                )
            )
    return out[:count]


def build(db: Path, count: int) -> None:
    if db.exists():
        return
    started = time.perf_counter()
    with Desk.open(db) as desk:
        desk.ingest(synthetic_articles(count))
    print(f"built {db}: {count} articles in {time.perf_counter() - started:.0f} s", flush=True)


def warm(db: Path, stories: int) -> tuple[list[str], float]:
    with Desk.open(db) as desk:
        ids = [s["id"] for s in desk.store.web_stories("biggest", limit=stories)]
        started = time.perf_counter()
        desk.brief_dict(ids[0])
        cold = time.perf_counter() - started
        for sid in ids[1:]:
            desk.brief_dict(sid)
    return ids, cold


def serve(db: Path, cores: str, page_cache: bool = True) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = (
        "import uvicorn; from newsdesk.web import create_app; "
        f"app = create_app({str(db)!r}, page_cache={page_cache}); "
        f"uvicorn.run(app, host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    cmd = [sys.executable, "-c", code]
    if cores:
        cmd = ["taskset", "-c", cores, *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/state.json", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


async def load(
    base: str, story_ids: list[str], clients: int, seconds: float, client_kind: str
) -> dict[str, list[float]]:
    with httpx.Client(base_url=base) as client:
        cursors = [None] + [
            client.get(f"/stories.json?order={o}&limit=50").json()["next"]
            for o in ("newest", "biggest", "corroborated")
        ]
    urls = {
        "stories": ["/", "/?order=biggest", "/?order=corroborated"]
        + [f"/?order=newest&after={c}" for c in cursors if c],
        "story": [f"/stories/{sid}" for sid in story_ids],
    }
    times: dict[str, list[float]] = {k: [] for k in urls}
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        get = await (_httpx_getter(base) if client_kind == "httpx" else _raw_getter(base))
        while time.perf_counter() < deadline:
            kind = rng.choice(("stories", "story"))
            started = time.perf_counter()
            status = await get(rng.choice(urls[kind]))
            elapsed = time.perf_counter() - started
            errors += status != 200
            times[kind].append(elapsed * 1000)

    await asyncio.gather(*(worker(n) for n in range(clients)))
    times["errors"] = [float(errors)]
    return times


Getter = Callable[[str], Awaitable[int]]


async def _httpx_getter(base: str) -> Getter:
    client = httpx.AsyncClient(base_url=base, timeout=30)

    async def get(path: str) -> int:
        return (await client.get(path)).status_code

    return get


async def _raw_getter(base: str) -> Getter:
    """A minimal keep-alive HTTP/1.1 GET: far less client CPU than httpx, so that on a small
    machine the numbers measure the server rather than the load generator."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))

    async def get(path: str) -> int:
        writer.write(f"GET {path} HTTP/1.1\r\nhost: {host}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(int(x.split(":")[1]) for x in lines if x.lower().startswith("content-length"))
        await reader.readexactly(length)
        return int(lines[0].split()[1])

    return get


def paging_at_scale(path: Path, stories: int = 100_000) -> None:
    """Time keyset pages deep into a store of ``stories`` stories (no articles needed)."""
    from newsdesk.model import Story
    from newsdesk.store import Store

    store = Store(path)
    if store.web_story_count() < stories:
        rng = random.Random(3)
        with store.transaction():
            for i in range(stories):
                day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                sid = content_id("paging", str(i))
                store.put_story(Story(sid, f"story {i}", sid, ("x",) * rng.randint(1, 9), day, day))
    print(f"| order | first page ms | page after {stories // 2:,} stories ms |")
    print("| --- | --- | --- |")
    for order in ("newest", "biggest"):
        started = time.perf_counter()
        store.web_stories(order, limit=50)
        first = time.perf_counter() - started
        deep = store.web_stories(order, limit=stories // 2)[-1]  # a cursor half-way down
        started = time.perf_counter()
        store.web_stories(order, after=(deep["sort_key"], deep["id"]), limit=50)
        later = time.perf_counter() - started
        print(f"| {order} | {first * 1000:.2f} | {later * 1000:.2f} |")
    store.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description="web app latency under load")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsdesk-bench-web.db"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cores", default="0,1", help="taskset CPU list for the server")
    parser.add_argument("--no-cache", action="store_true", help="render every page afresh")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument("--warm", type=int, default=40, help="stories whose briefs are cached")
    parser.add_argument("--paging", type=Path, help="only time deep pages on 100,000 stories")
    args = parser.parse_args()
    if args.paging:
        paging_at_scale(args.paging)
        return 0
    build(args.db, args.articles)
    story_ids, cold = warm(args.db, args.warm)
    proc, base = serve(args.db, args.cores, page_cache=not args.no_cache)
    try:
        cpu_before, wall = cpu_seconds(proc.pid), time.perf_counter()
        client_before = cpu_seconds(os.getpid())
        times = asyncio.run(load(base, story_ids, args.clients, args.seconds, args.client))
        server_cpu = (cpu_seconds(proc.pid) - cpu_before) / (time.perf_counter() - wall)
        client_cpu = (cpu_seconds(os.getpid()) - client_before) / (time.perf_counter() - wall)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    with Desk.open(args.db) as desk:
        state = {"articles": desk.store.article_count(), "stories": desk.store.web_story_count()}
    cache = "off" if args.no_cache else "on"
    n_requests = len(times["stories"]) + len(times["story"])
    print(f"\nstore: {state['articles']} articles, {state['stories']} stories; "
          f"{args.clients} clients, {args.seconds:.0f} s, server on cores {args.cores or 'all'}; "
          f"page cache {cache}; one cold brief: {cold * 1000:.0f} ms; "
          f"errors: {int(times['errors'][0])}; CPU used: server {server_cpu:.2f} cores, "
          f"client ({args.client}) {client_cpu:.2f} cores; "
          f"load average {os.getloadavg()[0]:.1f}; server CPU per request "
          f"{server_cpu * args.seconds * 1000 / max(1, n_requests):.2f} ms\n")  # fmt: skip
    print("| page | requests | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- |")
    for kind in ("stories", "story"):
        v = times[kind]
        print(f"| {kind} | {len(v)} | {pct(v, 50):.1f} | {pct(v, 95):.1f} | {pct(v, 99):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
