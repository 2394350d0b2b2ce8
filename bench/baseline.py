"""The baseline of ``bench/http.py``: a minimal Flask app rendering 50 posts of one thread.

One query (posts joined to their authors, in tree order), one Jinja loop over pre-rendered
``body_html``. Everything the forum's thread page does beyond this is what the ratio measures.
Settings: ``BENCH_DATABASE_URL`` and ``BENCH_THREAD_ID`` (the 50-post thread).
"""
from __future__ import annotations

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{% for post in posts %}
<article id="post-{{ post.id }}" style="margin-left: {{ post.depth }}em">
  <header>{{ post.display_name }} · {{ post.created_at }}</header>
  {{ post.body_html | safe }}
</article>
{% endfor %}
</main></body></html>
"""

QUERY = text("SELECT p.id, p.depth, p.body_html, p.created_at, u.display_name, t.title "
             "FROM posts p JOIN users u ON u.id = p.author_id JOIN threads t ON t.id = p.thread_id "
             "WHERE p.thread_id = :thread ORDER BY p.path LIMIT 50")

app = Flask(__name__)
engine = create_engine(os.environ["BENCH_DATABASE_URL"], pool_pre_ping=True)
THREAD = int(os.environ["BENCH_THREAD_ID"])


@app.get("/")
def thread_page() -> str:
    """Render the 50 posts."""
    with engine.connect() as connection:
        posts = connection.execute(QUERY, {"thread": THREAD}).mappings().all()
    return render_template_string(PAGE, posts=posts, title=posts[0]["title"] if posts else "")
