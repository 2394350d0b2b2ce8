"""Memory benchmark: does a worker's resident memory stay flat over many requests?

The real app under gunicorn (two sync workers, production settings, rate limits off) serves a
mix of its pages — threads of 50 and 10,000 posts, the home, topic, outcomes and report
pages, the API listing, a signed-in thread page — until each worker has answered
``BENCH_MEMORY_REQUESTS`` requests (default 20,000). Each worker's RSS is read at
checkpoints; the figure that matters is the growth from request 1,000 (the caches are warm by
then) to the last, which the performance target puts within 10%.

Run with ``make bench-memory`` (``python -m bench.memory``; SQLite in a temporary folder,
``BENCH_DATABASE_URL`` for another database). Prints a Markdown table and writes it under
bench/results/.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.http import SECRET, build, pages  # noqa: E402
from bench.serving import Server, machine, publish, sign_in, versions  # noqa: E402

PER_WORKER = int(os.environ.get("BENCH_MEMORY_REQUESTS", "20000"))
WORKERS = 2
#: requests per worker at which memory is read (the first is the warm reference)
CHECKPOINTS = tuple(n for n in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
                    if n < PER_WORKER) + (PER_WORKER,)
#: clients sending requests at once (each waits for its answer before the next)
CLIENTS = 8


def worker_pids(server: Server) -> list[int]:
    """The gunicorn workers' process ids, smallest first."""
    path = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return sorted(map(int, path.read_text().split()))


def worker_rss(server: Server) -> list[float]:
    """Each worker's resident memory in MB, smallest pid first."""
    return [int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())[1])
            / 1024 for pid in worker_pids(server)]


def run_requests(base: str, paths: list[tuple[str, dict]], count: int) -> int:
    """Send ``count`` requests, ``CLIENTS`` at a time, cycling through ``paths``; return how
    many were not answered 200.

    A plain client that closes each connection: a load generator that leaves connections
    open without a request would have sync workers wait on them until killed, and a killed
    worker's replacement starts with fresh memory, which is exactly what must not happen here.
    """
    def _one(n: int) -> int:
        path, headers = paths[n % len(paths)]
        request = urllib.request.Request(base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                return 0 if response.status == 200 else 1
        except urllib.error.URLError:
            return 1
    with ThreadPoolExecutor(CLIENTS) as pool:
        return sum(pool.map(_one, range(count), chunksize=64))


def main() -> None:
    """Build the forum, serve it, read each worker's memory at every checkpoint."""
    tmp = Path(tempfile.mkdtemp(prefix="forum-bench-memory-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        from forum import create_app
        manifest = build(url, tmp)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp),
                          "RATELIMIT_ENABLED": False})
        urls = pages(app, manifest)
        env = {"FORUM_ENV": "production", "FORUM_SECRET_KEY": SECRET,
               "FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp),
               "FORUM_RATELIMIT_ENABLED": "false", "FORUM_TRUSTED_HOSTS": "127.0.0.1",
               "FORUM_BASE_URL": "http://127.0.0.1"}
        chosen = [urls[k] for k in urls if not k.endswith("last page")]
        rows, done, statuses = [], 0, 0
        with Server("wsgi:app", env, ROOT) as forum:
            cookie = sign_in(forum.base, manifest["citizen_email"], manifest["password"])
            first_pids = worker_pids(forum)
            paths = [(path, {}) for path in chosen]
            paths.append((urls["thread, 50 posts"], {"Cookie": cookie}))
            for checkpoint in CHECKPOINTS:
                statuses += run_requests(forum.base, paths, (checkpoint - done) * WORKERS)
                done = checkpoint
                rows.append((checkpoint, worker_rss(forum)))
            pids = worker_pids(forum)
        text = report(url, rows, statuses, len(paths), restarted=pids != first_pids)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    publish(text, url, "memory")


def report(url: str, rows: list[tuple[int, list[float]]], statuses: int, kinds: int, *,
           restarted: bool) -> str:
    """The Markdown table: each worker's RSS per checkpoint, and the growth from 1,000."""
    reference = dict(rows)[CHECKPOINTS[0]]
    last = rows[-1][1]
    growth = [(after - before) / before for before, after in zip(reference, last)]
    lines = [f"## Memory, {url.split(':')[0].split('+')[0]}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
             "", f"- Machine: {machine()}", f"- Versions: {versions(url)}",
             f"- Load: {kinds} pages in turn (one signed in), {CLIENTS} clients at once, "
             f"gunicorn -w {WORKERS} sync, production settings, rate limits off; about "
             f"{PER_WORKER:,} requests per worker; {statuses} answers other than 200; "
             + ("a worker was replaced during the run, so its figures are not comparable"
                if restarted else "the same two workers throughout"), "",
             "| requests per worker (about) | " + " | ".join(
                 f"worker {i + 1} RSS MB" for i in range(len(last))) + " |",
             "|" + " --- |" * (len(last) + 1)]
    lines += [f"| {n:,} | " + " | ".join(f"{mb:.1f}" for mb in sizes) + " |" for n, sizes in rows]
    lines += ["", "Growth from request 1,000 to the last: " + ", ".join(
        f"worker {i + 1} {g:+.1%}" for i, g in enumerate(growth))
        + f" (target: within 10%; {'met' if max(abs(g) for g in growth) <= 0.10 else 'missed'}).",
        ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
