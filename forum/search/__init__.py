"""Full-text search over threads, posts, published summaries and council responses.

One module, two backends chosen by the database: SQLite FTS5 and PostgreSQL ``tsvector``.
"""
