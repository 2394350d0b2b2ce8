"""The admin's landing page (``/admin``): the topics, the people and their roles, and the
site's own pages. A child of the accounts admin blueprint, so its admins-only guard and
private caching apply here too."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from forum.accounts.services import count_by_role
from forum.accounts.views import admin_bp
from forum.db import db
from forum.i18n import _l
from forum.threads.services import topics_with_stats

bp = Blueprint("landing", __name__)

#: the site's own pages an admin looks after: (endpoint, title, what it is); the last three
#: are edited in Markdown from their own page (``forum.sitepages``)
SITE_PAGES = (
    ("overview.home", _l("Home page"),
     _l("What the forum is, the open consultations and the topics.")),
    ("outcomes.index", _l("You said, we did"), _l("Every consultation followed to its result.")),
    ("overview.transparency", _l("Moderation transparency report"),
     _l("Monthly moderation figures, published for everyone.")),
    ("sitepages.privacy", _l("Privacy notice"),
     _l("What the forum stores, why and for how long; edit it from the page.")),
    ("sitepages.accessibility", _l("Accessibility statement"),
     _l("The accessibility target, how it is tested and the known gaps; edit it from the page.")),
    ("sitepages.house_rules", _l("House rules"),
     _l("What is allowed in debates, linked from the report form; edit it from the page.")),
)


@bp.route("")
def index() -> ResponseReturnValue:
    """The admin's landing page: topics, people and roles, site pages."""
    return render_template("admin/index.html", rows=topics_with_stats(db.session),
                           roles=count_by_role(db.session), site_pages=SITE_PAGES)


# nested once, when this module is first imported (a blueprint takes no children after an app
# has registered it): its URLs start /admin and its endpoints admin.landing.*
admin_bp.register_blueprint(bp)
