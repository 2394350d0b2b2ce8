"""``flask --app forum search reindex``: rebuild the index from the tables."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from forum.db import db
from forum.search.index import count_sources, reindex_all

search_cli = AppGroup("search", help="Manage the search index.")


@search_cli.command("reindex")
def reindex() -> None:
    """Empty the search index and index everything the public may read again."""
    with click.progressbar(length=count_sources(db.session), label="Indexing") as bar:
        written = reindex_all(db.session, progress=bar.update)
    db.session.commit()
    click.echo(f"Indexed {written:,} documents.")
