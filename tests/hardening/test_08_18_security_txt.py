"""Issue 8, item 18: ``/.well-known/security.txt`` (RFC 9116) from settings."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forum import create_app
from forum.db import utcnow

PATH = "/.well-known/security.txt"


def _app(tmp_path, **settings):  # noqa: ANN001, ANN202
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://",
                       "INSTANCE_PATH": str(tmp_path), **settings})


def _fields(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in text.splitlines()]  # type: ignore[misc]


def test_08_18_security_txt_comes_from_settings(tmp_path):
    app = _app(tmp_path, BASE_URL="https://council.example/forum",
               SECURITY_CONTACT="security@council.example, https://council.example/report",
               SECURITY_LANGUAGES="en, cy")
    response = app.test_client().get(PATH)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.get_data(as_text=True))
    assert fields[:2] == [("Contact", "mailto:security@council.example"),
                          ("Contact", "https://council.example/report")]
    values = dict(fields[2:])
    assert values["Preferred-Languages"] == "en, cy"
    assert values["Canonical"] == "https://council.example/forum/.well-known/security.txt"
    expires = datetime.strptime(values["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=364) < expires - utcnow() <= timedelta(days=365)


def test_08_18_expires_may_be_set(tmp_path):
    app = _app(tmp_path, SECURITY_CONTACT="mailto:security@council.example",
               SECURITY_EXPIRES="2027-06-30")
    text = app.test_client().get(PATH).get_data(as_text=True)
    assert "Expires: 2027-06-30T00:00:00Z" in text.splitlines()
    assert "Canonical: http://127.0.0.1:5000/.well-known/security.txt" in text.splitlines()


def test_08_18_security_txt_ignores_the_host_header(tmp_path):
    app = _app(tmp_path, BASE_URL="https://forum.example", SECURITY_CONTACT="tel:+441234567890")
    text = app.test_client().get(PATH, base_url="http://evil.example").get_data(as_text=True)
    assert "Canonical: https://forum.example/.well-known/security.txt" in text.splitlines()
    assert "evil" not in text


def test_08_18_no_contact_no_security_txt(tmp_path):
    response = _app(tmp_path).test_client().get(PATH)
    assert response.status_code == 404


@pytest.mark.parametrize("setting,value", [
    ("SECURITY_CONTACT", "call the town hall"), ("SECURITY_CONTACT", "http://insecure.example"),
    ("SECURITY_CONTACT", "mailto:"), ("SECURITY_EXPIRES", "next year")])
def test_08_18_a_malformed_disclosure_setting_refuses_to_start(tmp_path, setting, value):
    with pytest.raises(RuntimeError, match=f"FORUM_{setting}"):
        _app(tmp_path, **{setting: value})
