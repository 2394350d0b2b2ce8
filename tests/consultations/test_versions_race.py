"""Two saves of a consultation's version at once: the second is refused, never silently lost."""
from __future__ import annotations

import re

from forum.consultations.models import Consultation
from tests.hardening.parallel import requests_at_once, statuses


def test_two_saves_from_one_page_at_once_keep_one_and_refuse_the_other(fresh_app, session,
                                                                         login, people,
                                                                         open_consultation):
    author = people["author"]
    clients = [login(author, fresh_app.test_client()) for _ in range(2)]
    url = f"/threads/{open_consultation.id}/versions"
    token = re.search(r'name="token" type="hidden" value="([^"]*)"',
                      clients[0].get(url).text).group(1)
    titles = ["Terfyn cyflymder newydd", "Terfyn o 20 mya ar strydoedd"]
    calls = [lambda c, title=title: c.post(url, data={"language": "cy", "token": token,
                                                      "title": title}) for title in titles]
    responses = requests_at_once(fresh_app, calls, clients)
    assert statuses(responses) == [302, 409]
    (kept,) = [title for title, r in zip(titles, responses) if r.status_code == 302]
    (refused,) = [r for r in responses if r.status_code == 409]
    session.expire_all()
    assert session.get(Consultation, open_consultation.id).version("cy")["title"] == kept
    assert "Someone else saved this version" in refused.text
