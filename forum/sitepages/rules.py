"""Who may edit the site's own pages."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import is_admin
from forum.permissions import rule


@rule
def can_edit_site_page(user: User | None, _page: object, now: datetime) -> bool:
    """Admins edit the privacy notice, the accessibility statement and the house rules."""
    return is_admin(user)
