"""Benchmark: thread page time and SQL queries for threads of 10, 1,000 and 10,000 posts.

Run with ``make bench`` (SQLite in a temporary folder) or set ``FORUM_BENCH_DATABASE_URL``
to a PostgreSQL URL. Prints figures and ratios; nothing is asserted here.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import create_app  # noqa: E402
from forum.db import db  # noqa: E402
from tests.factories import bulk_posts, make_thread, make_user  # noqa: E402

SIZES = [10, 1_000, 10_000]
RUNS = 15


def measure(client, engine, url: str) -> tuple[float, int]:  # noqa: ANN001
    """Median milliseconds over RUNS requests, and the queries of one request."""
    statements: list[str] = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(url)
    event.remove(engine, "before_cursor_execute", listener)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), len(statements)


def main() -> None:
    """Build the threads, time their first page, print a table."""
    tmp = tempfile.mkdtemp()
    url = os.environ.get("FORUM_BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        authors = [make_user() for _ in range(50)]
        thread_ids = {}
        for size in SIZES:
            thread = make_thread(author=authors[0])
            bulk_posts(thread=thread, authors=authors, n=size)
            thread_ids[size] = thread.id
        engine = db.engine
    # Requests run outside the set-up's app context, each in its own, as in production.
    client = app.test_client()
    results = []
    for size in SIZES:
        for sort in ("oldest", "endorsed"):
            ms, queries = measure(client, engine, f"/threads/{thread_ids[size]}?sort={sort}")
            results.append((size, sort, ms, queries))
    with app.app_context():
        db.drop_all()
    print(f"database: {url.split(':')[0]}; anonymous; median of {RUNS} requests; first page "
          "(25 arguments with their replies)")
    print(f"{'posts':>8} {'sort':>9} {'ms':>8} {'queries':>8} {'x vs 10':>8}")
    base = {sort: ms for size, sort, ms, _ in results if size == SIZES[0]}
    for size, sort, ms, queries in results:
        print(f"{size:>8} {sort:>9} {ms:>8.1f} {queries:>8} {ms / base[sort]:>8.2f}")


if __name__ == "__main__":
    main()
