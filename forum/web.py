"""The HTML side's wiring: every blueprint, the sign-in loader, template globals and filters
(a composition root: nothing imports it back)."""
from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from forum import api, security
from forum.accounts import views as accounts
from forum.apidocs import views as apidocs
from forum.bilingual import views as bilingual
from forum.accounts.rules import shows_badge, shows_role_badge
from forum.consultations import views as consultations
from forum.council import views as council
from forum.db import db, utcnow
from forum.extensions import login_manager
from forum.feeds import views as feeds
from forum.i18n import _l, current_language, direction, html_lang, language_choices
from forum.languages import views as languages
from forum.moderation import views as moderation
from forum.notifications import views as notifications
from forum.notifications.bell import follow_state, unread_badge, unread_notifications
from forum.pagecache.pages import reader_part
from forum.outcomes import views as outcomes
from forum.overview import admin as admin_landing  # noqa: F401 - nests /admin in admin_bp
from forum.overview import jobs as admin_jobs  # noqa: F401 - nests /admin/jobs in admin_bp
from forum.people import views as people
from forum.overview import views as overview
from forum.permissions import can
from forum.posts import views as posts
from forum.posts.models import stance_label
from forum.privacy import views as privacy  # also nests /admin/users/<id>/erase in admin_bp
from forum.proposals import council_views as proposal_council
from forum.proposals import moderation_views as proposal_moderation
from forum.proposals import views as proposals
from forum.search import views as search
from forum.security import views as sign_in
from forum.security.headers import security_headers
from forum.security.sessions import load_session_user
from forum.sitepages import views as sitepages
from forum.security.views.sign_in import unauthorized
from forum.summaries import views as summaries
from forum.summaries.refusals import submit_waits
from forum.summaries.citations import name_citations
from forum.threads import views as threads
from forum.threads.refusals import contribute_refusal
from forum.timefmt import datetime_attr, localtime, number, relative_time
from forum.topics import views as topics


def init_app(app: Flask) -> None:
    """Register blueprints, the user loader, security headers and template helpers."""
    for bp in (sign_in.bp, topics.bp, threads.bp, posts.bp, accounts.admin_bp, accounts.bp,
               notifications.bp, consultations.bp, summaries.bp, council.bp,
               outcomes.bp, moderation.bp, overview.bp, people.bp, feeds.bp,
               apidocs.bp, privacy.bp, search.bp, sitepages.bp, languages.bp, bilingual.bp,
               proposal_moderation.bp, proposals.bp, proposal_council.bp):
        app.register_blueprint(bp)
    api.register(app)
    security.init_app(app)

    login_manager.login_view = "security.login"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_session_user)
    login_manager.unauthorized_handler(unauthorized)
    app.after_request(security_headers)
    app.after_request(languages.vary_by_language)
    app.jinja_env.globals.update(can=can, now=utcnow, site_name=app.config["SITE_NAME"],
                                 contribute_refusal=contribute_refusal, shows_badge=shows_badge,
                                 shows_role_badge=shows_role_badge,
                                 unread_notifications=unread_notifications,
                                 unread_badge=unread_badge, reader_part=reader_part,
                                 follow_state=follow_state,
                                 submit_waits=submit_waits, html_lang=html_lang,
                                 text_direction=direction, current_language=current_language,
                                 language_choices=language_choices, stance_name=stance_label)
    app.jinja_env.filters.update(localtime=localtime, datetime_attr=datetime_attr,
                                 relative=relative_time, number=number,
                                 cited_names=_cited_names)


def _cited_names(body_html: str, names: dict[int, str] | None = None) -> Markup:
    """A stored summary's HTML with each citation's author named as they are called now."""
    return name_citations(db.session, body_html, names)
