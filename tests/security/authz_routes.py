"""The state-changing routes of the app, read from ``app.url_map``, and the matrix for them."""
from __future__ import annotations

import tempfile

from forum import create_app
from forum.db import db
from tests.security.authz_domains import MATRIX as DOMAIN_MATRIX
from tests.security.authz_entries import MATRIX as CORE_MATRIX
from tests.security.authz_proposals import MATRIX as PROPOSAL_MATRIX
from tests.security.authz_proposals_api import MATRIX as PROPOSAL_API_MATRIX
from tests.security.authz_proposals_council import MATRIX as PROPOSAL_COUNCIL_MATRIX
from tests.security.authz_proposals_moderation import MATRIX as PROPOSAL_MODERATION_MATRIX

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
#: every entry, core and domains
MATRIX = {**CORE_MATRIX, **DOMAIN_MATRIX, **PROPOSAL_MATRIX, **PROPOSAL_MODERATION_MATRIX,
          **PROPOSAL_COUNCIL_MATRIX, **PROPOSAL_API_MATRIX}


def state_changing_routes() -> list[tuple[str, str]]:
    """Every (method, rule) that can change state, read from a freshly built app."""
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x",
                          "INSTANCE_PATH": instance, "RATELIMIT_ENABLED": False})
        routes = sorted({(method, rule.rule) for rule in app.url_map.iter_rules()
                         for method in rule.methods & STATE_CHANGING})
        with app.app_context():
            db.engine.dispose()
    return routes


#: computed once per test run, at collection
ROUTES = state_changing_routes()
