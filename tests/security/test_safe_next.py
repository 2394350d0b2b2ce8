"""``?next=`` only ever redirects within the site."""
from __future__ import annotations

import pytest

from forum.redirects import safe_next
from tests.factories import PASSWORD, make_user

EVIL = ["//evil.com", "///evil.com", "/\\evil.com", "\\\\evil.com", "/\\/evil.com",
        "https://evil.com", "http://evil.com/path", "HTTPS://evil.com", "javascript:alert(1)",
        "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
        "evil.com", "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "\t//evil.com",
        " //evil.com", "//evil.com/%2F..", "https:evil.com",
        "https://forum.example@evil.com", "//forum.example@evil.com", "", None]
GOOD = ["/", "/topics", "/threads/3?sort=newest#post-4", "/topics/transport"]


@pytest.mark.parametrize("target", EVIL)
def test_evil_targets_fall_back(target):
    assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", GOOD)
def test_site_paths_are_kept(target):
    assert safe_next(target, "/fallback") == target


@pytest.mark.parametrize("target", EVIL[:-2])
def test_sign_in_never_redirects_off_site(client, session, target):
    make_user(session, email="n@example.org")
    session.commit()
    response = client.post("/login", data={"email": "n@example.org", "password": PASSWORD,
                                           "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics"
