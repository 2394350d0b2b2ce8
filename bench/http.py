"""HTTP benchmark: the real app under gunicorn, driven by wrk, beside a minimal baseline app.

Run with ``make bench`` (``python -m bench.http``; SQLite in a temporary folder) or
``make bench DB=postgresql+psycopg://…`` (that database is emptied; ``FORUM_REDIS_URL`` is
passed on when set). Settings from the
environment: ``BENCH_POSTS`` (forum size, default 20000), ``BENCH_SECONDS`` (wrk duration per
page, default 5), ``BENCH_WRITE_SECONDS`` (the write path's, default ``BENCH_SECONDS``),
``BENCH_SEED``. Prints a Markdown table and writes it under bench/results/.
Every figure is also given as a ratio to the baseline, which is what holds on a busy machine.
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file's folder must not shadow the standard library's ``http`` (urllib imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.serving import (BIN, SECONDS, WRK, Server, api_token, machine, publish,  # noqa: E402
                           sign_in, versions, wrk)

POSTS = int(os.environ.get("BENCH_POSTS", "20000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
WRITE_SECONDS = int(os.environ.get("BENCH_WRITE_SECONDS", str(SECONDS)))
SECRET = "bench-secret-" + "b" * 32
WRITE_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args) created = 0; failed = 0; sent = 0; run = os.time() end
-- every post's text differs, in this run and the next: the same text twice in ten minutes
-- is refused as a duplicate
function request()
  sent = sent + 1
  local body = string.format(
    '{"body": "A benchmark post, written under load (%d-%d-%d).", "stance": "for"}',
    run, id, sent)
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else failed = failed + 1 end
end
function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); f = f + t:get("failed") end
  io.write(string.format("CREATED %d FAILED %d\\n", c, f))
end
"""


def build(url: str, tmp: Path) -> dict:
    """Empty the database, migrate it, run the generator; return its manifest."""
    env = {**os.environ, "FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp)}
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    flask = [str(BIN / "flask"), "--app", "forum"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([*flask, "bench-data", "--posts", str(POSTS), "--seed", str(SEED),
                    "--manifest", str(tmp / "manifest.json")], env=env, check=True)
    manifest = json.loads((tmp / "manifest.json").read_text())
    manifest["build_seconds"] = time.perf_counter() - started
    started = time.perf_counter()  # the generator writes rows, not the search index
    subprocess.run([*flask, "search", "reindex"], env=env, check=True, capture_output=True)
    manifest["index_seconds"] = time.perf_counter() - started
    return manifest


def pages(app, manifest: dict) -> dict[str, str]:  # noqa: ANN001
    """The URLs to measure, by label (last pages computed from the data)."""
    from forum.db import db
    from forum.posts.models import Post
    from forum.topics.models import Topic
    threads = {int(size): tid for size, tid in manifest["threads"].items()}
    with app.app_context():
        def last(tid: int) -> int:
            args = db.session.scalar(select(func.count()).where(
                Post.thread_id == tid, Post.parent_id.is_(None)))
            return max(1, -(-args // app.config["ARGUMENTS_PER_PAGE"]))
        slug = db.session.scalar(select(Topic.slug).order_by(Topic.id))
        urls = {"home": "/", "topic": f"/topics/{slug}",
                "thread, 50 posts": f"/threads/{threads[50]}"}
        for size in (100, 1_000, 10_000):
            if size in threads:
                tid = threads[size]
                urls[f"thread {size:,}, first page"] = f"/threads/{tid}"
                urls[f"thread {size:,}, last page"] = f"/threads/{tid}?page={last(tid)}"
    if manifest.get("report"):
        urls["consultation report"] = f"/consultations/{manifest['report']}/report"
    urls["outcomes"] = "/outcomes"
    urls["search, a phrase of the posts"] = "/search?q=footfall"
    urls["API posts, 50-post thread"] = f"/api/v1/threads/{threads[50]}/posts"
    return urls


def poster_in(url: str, thread_id: int) -> str:
    """The email address of a citizen who posted in the thread."""
    engine = create_engine(url)
    with engine.connect() as connection:
        email = connection.scalar(text(
            "SELECT u.email FROM users u JOIN posts p ON p.author_id = u.id "
            "WHERE p.thread_id = :t AND u.role = 'citizen' ORDER BY p.id LIMIT 1"),
            {"t": thread_id})
    engine.dispose()
    return email


def in_process(app, urls: dict[str, str], cookies: dict[str, str]) -> dict[str, tuple]:  # noqa: ANN001
    """SQL queries, response bytes and status of one request to each page (test client),
    with the cookie ``cookies`` names for its label, if any."""
    from forum.db import db
    found = {}
    for label, url in urls.items():
        client = app.test_client()
        for pair in cookies.get(label, "").split("; "):
            if "=" in pair:
                client.set_cookie(*pair.split("=", 1))
        statements: list[str] = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        response = client.get(url)
        event.remove(engine, "before_cursor_execute", listener)
        found[label] = (len(statements), len(response.data), response.status_code)
    return found


def write_path(server: Server, manifest: dict, url: str, tmp: Path) -> dict:
    """16 writers creating posts for the same time as every page; count lost posts."""
    token = api_token(server.base, manifest["citizen_email"], manifest["password"])
    script = tmp / "write.lua"
    script.write_text('wrk.method = "POST"\n'
                      f'wrk.headers["Content-Type"] = "application/json"\n'
                      f'wrk.headers["Authorization"] = "Bearer {token}"\n' + WRITE_LUA)
    engine = create_engine(url)
    count = text("SELECT count(*) FROM posts WHERE thread_id = :t")
    with engine.connect() as connection:
        before = connection.scalar(count, {"t": manifest["write_thread"]})
    target = f"{server.base}/api/v1/threads/{manifest['write_thread']}/posts"
    result = wrk(target, "-s", str(script), f"-d{WRITE_SECONDS}s")
    time.sleep(1)
    with engine.connect() as connection:
        after = connection.scalar(count, {"t": manifest["write_thread"]})
    engine.dispose()
    created, failed = map(int, re.search(r"CREATED (\d+) FAILED (\d+)", result["out"]).groups())
    result.update(created=created, failed=failed, stored=after - before,
                  lost=max(0, created - (after - before)))
    return result


COLUMNS = ("req/s", "p50 ms", "p99 ms", "queries", "bytes", "RSS MB")


def row(label: str, figures: dict, base: dict) -> str:
    """One table row: each figure, then its ratio to the baseline."""
    cells = [label]
    for key in COLUMNS:
        value, ref = figures.get(key), base.get(key)
        if value is None:
            cells.append("–")
            continue
        shown = f"{value:,.0f}" if key in ("bytes", "queries") or value >= 100 else f"{value:.1f}"
        cells.append(f"{shown} ({value / ref:.2f}×)" if ref else shown)
    cells.append(str(figures.get("errors", 0)))
    return "| " + " | ".join(cells) + " |"


def measure(server: Server, url: str, counted: tuple | None, headers: list[str]) -> dict:
    """wrk on one page, then the workers' memory; queries and bytes from the in-process count."""
    result = wrk(server.base + url, *headers)
    server.drain()
    figures = {"req/s": result["rps"], "p50 ms": result["p50"], "p99 ms": result["p99"],
               "RSS MB": server.rss_mb(), "errors": result["errors"]}
    if counted:
        figures.update(queries=counted[0], bytes=counted[1])
        if counted[2] != 200:
            figures["errors"] = f"{figures['errors']} (status {counted[2]})"
    return figures


def run(url: str, tmp: Path) -> str:
    """Build the data, serve both apps, measure every page; return the Markdown report."""
    from forum import create_app
    manifest = build(url, tmp)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp),
                      "RATELIMIT_ENABLED": False})
    urls = pages(app, manifest)
    env = {"FORUM_ENV": "production", "FORUM_SECRET_KEY": SECRET, "FORUM_DATABASE_URL": url,
           "FORUM_INSTANCE_PATH": str(tmp), "FORUM_RATELIMIT_ENABLED": "false",
           "FORUM_TRUSTED_HOSTS": "127.0.0.1", "FORUM_BASE_URL": "http://127.0.0.1"}
    base_env = {"BENCH_DATABASE_URL": url, "BENCH_THREAD_ID": str(manifest["threads"]["50"]),
                "FORUM_RATELIMIT_ENABLED": "false"}
    with Server("bench.baseline:app", base_env, ROOT) as baseline, \
            Server("wsgi:app", env, ROOT) as forum:
        cookies = {"thread, 50 posts, signed in": sign_in(
            forum.base, manifest["citizen_email"], manifest["password"])}
        urls["thread, 50 posts, signed in"] = urls["thread, 50 posts"]
        # a reader who posted in the thread: their page is theirs alone, made each time
        label = "thread, 50 posts, signed in, posted there"
        cookies[label] = sign_in(forum.base, poster_in(url, manifest["threads"]["50"]),
                                 manifest["password"])
        urls[label] = urls["thread, 50 posts"]
        counted = in_process(app, urls, cookies)
        counted_base = (1, len(urllib.request.urlopen(baseline.base + "/").read()), 200)
        base = measure(baseline, "/", counted_base, [])
        lines = [row("baseline: 50 posts, one query, one loop", base, {})]
        for label, page in urls.items():
            headers = ["-H", f"Cookie: {cookies[label]}"] if label in cookies else []
            lines.append(row(label, measure(forum, page, counted.get(label), headers), base))
        write = write_path(forum, manifest, url, tmp)
    return report(url, manifest, lines, write, base)


def report(url: str, manifest: dict, lines: list[str], write: dict, base: dict) -> str:
    """The Markdown report: context, the page table, the write path."""
    rate = manifest["posts"] / manifest["build_seconds"]
    head = ("| page | " + " | ".join(COLUMNS) + " | errors |\n|" + " --- |" * (len(COLUMNS) + 2))
    return "\n".join([
        f"## {url.split(':')[0].split('+')[0]}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
        f"- Machine: {machine()}", f"- Versions: {versions(url)}",
        f"- Forum: {manifest['posts']:,} posts (seed {SEED}), built in "
        f"{manifest['build_seconds']:.0f} s ({rate:,.0f} posts/s, migrations excluded), "
        f"search index built in {manifest['index_seconds']:.0f} s",
        f"- Load: `{' '.join(WRK)}` per page; gunicorn -w 2 sync, production settings, "
        "rate limits off; queries and bytes from one in-process request", "",
        head, *lines, "",
        f"Write path (`POST /api/v1/threads/<id>/posts`, 16 writers, {WRITE_SECONDS} s): "
        f"{write['rps']:.1f} req/s ({write['rps'] / base['req/s']:.2f}× the baseline), "
        f"p50 {write['p50']:.0f} ms, p99 {write['p99']:.0f} ms; {write['created']} created (201), "
        f"{write['failed']} refused or failed, {write['stored']} stored, "
        f"{write['lost']} lost, {write['errors']} socket errors or non-2xx.", ""])


def main() -> None:
    """Run the benchmark on ``BENCH_DATABASE_URL`` (default SQLite in a temporary folder)."""
    tmp = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        text_ = run(url, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    publish(text_, url)


if __name__ == "__main__":
    main()
