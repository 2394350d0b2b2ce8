"""Static files: served by WhiteNoise, compressed, cached by browsers for a year.

Every ``url_for('static', filename=...)`` carries the file's content hash (``?v=3f2a9c01b7e4``),
computed once when the app starts, so a changed file has a new URL at once and an unchanged
one is never fetched again. WhiteNoise answers ``/static/...`` before the app runs, with
``Cache-Control: max-age=31536000, public``, ``ETag``/``Last-Modified``, and the ``.gz``
(``.br`` when the ``brotli`` package is installed) file beside the original when the browser
accepts it. Those compressed files are written when the app starts, for the files that have
none or whose original changed since (WhiteNoise's compressor; ``flask --app forum
static-build`` does the same ahead of time, for a read-only installation).
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

#: a year, in seconds
MAX_AGE = 365 * 24 * 3600
#: characters of the SHA-256 of a file's content kept in its URL
HASH_LENGTH = 12
COMPRESSED = (".gz", ".br")
#: the static folder's subfolder served at the site's root (``/favicon.ico``)
ROOT_FILES = "root"
#: the page policy of forum.security.headers, for the static files WhiteNoise answers
STATIC_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

log = logging.getLogger(__name__)


def sources(folder: Path) -> Iterator[Path]:
    """The static files themselves (not their compressed copies), in a stable order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix not in COMPRESSED and not path.name.startswith("."):
            yield path


def fingerprints(folder: Path) -> dict[str, str]:
    """Each static file's name (``css/forum.css``) and the start of its content's hash."""
    return {path.relative_to(folder).as_posix():
            hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            for path in sources(folder)}


class _Compressor(Compressor):
    """WhiteNoise's compressor, each copy written whole (a temporary file renamed), so a
    worker starting beside another never serves half a copy."""

    def write_data(self, path: str, data: bytes, suffix: str, stat_result: os.stat_result) -> str:
        """Write ``path`` + ``suffix`` with the original's modification time."""
        target = Path(path + suffix)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.utime(temporary, ns=(stat_result.st_atime_ns, stat_result.st_mtime_ns))
        temporary.replace(target)
        return str(target)


def _stale(path: Path, compressor: Compressor) -> bool:
    """Whether ``path`` wants compressed copies it lacks or that predate it (the compressor
    gives each copy the original's modification time)."""
    if not compressor.should_compress(path.name):
        return False
    suffixes = [".gz", *([".br"] if compressor.use_brotli else [])]
    original = path.stat().st_mtime_ns
    for suffix in suffixes:
        copy = path.with_name(path.name + suffix)
        if not copy.exists() or copy.stat().st_mtime_ns != original:
            return True
    return False


def compress(folder: Path, *, force: bool = False) -> list[str]:
    """Write the compressed copies that are missing or stale; return the files written."""
    compressor = _Compressor(quiet=True)
    written: list[str] = []
    for path in sources(folder):
        if force or _stale(path, compressor):
            written.extend(compressor.compress(str(path)))
    return written


def versioned_static(versions: Mapping[str, str], endpoint: str, values: dict[str, Any]) -> None:
    """``url_for`` default: a static file's URL carries its content hash as ``v``."""
    if endpoint == "static" and "v" not in values:
        version = versions.get(str(values.get("filename", "")))
        if version:
            values["v"] = version


def _security_headers(production: bool) -> Any:
    """WhiteNoise's header hook: the security headers the app's own answers carry."""
    def add(headers: Any, _path: str, _url: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Content-Security-Policy"] = STATIC_POLICY
        if production:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return add


def init_app(app: Flask) -> None:
    """Compress what needs it, hash every file, and serve ``/static/`` through WhiteNoise."""
    folder = Path(app.static_folder or "static")
    try:
        compress(folder)
    except OSError as error:  # a read-only folder: serve the originals, uncompressed
        log.warning("Could not write compressed static files in %s (%s); run flask --app "
                    "forum static-build where it can write.", folder, error)
    app.url_defaults(partial(versioned_static, fingerprints(folder)))
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(folder),  # type: ignore[method-assign]
                              prefix=app.static_url_path, max_age=MAX_AGE,
                              autorefresh=app.debug, allow_all_origins=False,
                              add_headers_function=_security_headers(
                                  app.config["ENV"] == "production"))
    # the few files browsers ask for at the site's root (/favicon.ico), from static/root/
    root_files = folder / ROOT_FILES
    if root_files.is_dir():
        app.wsgi_app.add_files(str(root_files), prefix="/")

    @app.cli.command("static-build")
    def static_build() -> None:
        """Write the compressed copies of every static file (.gz, and .br with brotli)."""
        written = compress(folder, force=True)
        print(f"Wrote {len(written)} compressed static files in {folder}.")
