"""Static files: content-hashed URLs, a year's cache, compressed copies, same-origin only."""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
from pathlib import Path

from forum import assets

STATIC = Path(__file__).resolve().parents[2] / "static"
LINK = re.compile(r'href="(/static/css/forum\.css\?v=([0-9a-f]{12}))"')


def test_pages_name_static_files_by_their_content_hash(client):
    page = client.get("/").get_data(as_text=True)
    url, version = LINK.search(page).groups()
    digest = hashlib.sha256((STATIC / "css/forum.css").read_bytes()).hexdigest()
    assert version == digest[:assets.HASH_LENGTH]
    assert re.search(r'src="/static/js/forum\.js\?v=[0-9a-f]{12}"', page)
    assert LINK.search(client.get("/").get_data(as_text=True)).group(1) == url  # stable
    assert client.get("/").headers["Content-Security-Policy"] == assets.STATIC_POLICY


def _fetch(client, url, **headers):  # noqa: ANN001
    """GET ``url``, read whole and closed (WhiteNoise answers with an open file)."""
    with client.get(url, headers=headers) as response:
        response.get_data()
    return response


def test_static_files_are_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    response = _fetch(client, LINK.search(page).group(1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"max-age={365 * 24 * 3600}, public"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.data == (STATIC / "css/forum.css").read_bytes()
    again = _fetch(client, response.request.path, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_gzip_when_asked(client):
    plain = _fetch(client, "/static/js/forum.js")
    packed = _fetch(client, "/static/js/forum.js", **{"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)


def test_a_changed_file_gets_a_new_hash_and_fresh_copies(tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    before = assets.fingerprints(folder)
    assert not assets.compress(folder)  # the copies came along, as fresh as their originals
    source = folder / "css/forum.css"
    source.write_text(source.read_text() + "\n.new-rule { color: black; }\n")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    assert assets.fingerprints(folder)["css/forum.css"] != before["css/forum.css"]
    assert assets.fingerprints(folder)["js/forum.js"] == before["js/forum.js"]
    assert assets.compress(folder) == [str(source) + ".gz"]
    assert gzip.decompress((folder / "css/forum.css.gz").read_bytes()) == source.read_bytes()
    assert not assets.compress(folder)
    assert set(assets.fingerprints(folder)) == {"css/forum.css", "css/print.css", "js/forum.js",
                                                "js/countdown.js", "favicon.svg",
                                                "root/favicon.ico"}
