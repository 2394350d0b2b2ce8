"""Configuration, SQLite tuning and error pages."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from forum import create_app
from forum.db import db


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="FORUM_SECRET_KEY"):
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path),
                    "DATABASE_URL": "sqlite://"})


def test_settings_come_from_prefixed_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_FLAG_HIDE_THRESHOLD", "5")
    monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["FLAG_HIDE_THRESHOLD"] == 5
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite3")


def test_development_secret_is_generated_once(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://"})
    second = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'forum.sqlite3'}"


def test_sqlite_pragmas(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


@pytest.mark.parametrize("url,status,text_", [("/no/such/page", 404, b"Page not found"),
                                             ("/logout", 405, b"Not allowed here")])
def test_friendly_error_pages(client, url, status, text_):
    response = client.get(url)
    assert response.status_code == status and text_ in response.data
    assert b"Go to the home page" in response.data


@pytest.mark.own_app
def test_server_error_page_hides_details(app, client, caplog):
    @app.route("/boom")
    def boom():
        raise RuntimeError("SELECT secret FROM users")

    response = client.get("/boom")
    assert response.status_code == 500
    assert b"SELECT" not in response.data and b"Traceback" not in response.data
    reference = response.data.split(b"<strong>")[1].split(b"</strong>")[0].decode()
    assert reference in caplog.text


@pytest.mark.parametrize(("name", "value"), [
    ("TIMEZONE", "Mars/Olympus_Mons"), ("TIMEZONE", ""), ("TIMEZONE", "../etc/passwd"),
    ("TIMEZONE", 3), ("ARGUMENTS_PER_PAGE", 0), ("ARGUMENTS_PER_PAGE", 101),
    ("ARGUMENTS_PER_PAGE", "ten"), ("ARGUMENTS_PER_PAGE", 2.5), ("ARGUMENTS_PER_PAGE", True),
    ("THREADS_PER_PAGE", -1), ("THREADS_PER_PAGE", None), ("DATABASE_POOLER", "session"),
    ("DATABASE_POOLER", 3)])
def test_a_bad_zone_or_page_size_refuses_to_start(tmp_path, name, value):
    with pytest.raises(RuntimeError, match=f"FORUM_{name} must be"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                    "DATABASE_URL": "sqlite://", name: value})


def test_zone_and_page_sizes_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_TIMEZONE", "America/New_York")
    monkeypatch.setenv("FORUM_ARGUMENTS_PER_PAGE", "10")
    monkeypatch.setenv("FORUM_THREADS_PER_PAGE", "100")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "DATABASE_URL": "sqlite://"})
    assert app.config["TIMEZONE"] == "America/New_York"
    assert (app.config["ARGUMENTS_PER_PAGE"], app.config["THREADS_PER_PAGE"]) == (10, 100)
