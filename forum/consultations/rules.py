"""Who may post consultations, and who may extend or close one."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_admin, is_councillor
from forum.consultations.models import Consultation
from forum.permissions import rule
from forum.threads.models import Thread


@rule
def can_post_consultation(user: User | None, _thing: object, now: datetime) -> bool:
    """Councillors and admins post consultations."""
    return is_councillor(user) and can_participate(user, now)


@rule
def can_manage_consultation(user: User | None, thread: Thread, now: datetime) -> bool:
    """The consultation's author (a councillor) or an admin extends or closes it while open."""
    return (isinstance(thread, Consultation) and is_councillor(user)
            and can_participate(user, now)
            and (user.id == thread.author_id or is_admin(user))
            and not thread.is_closed(now))


@rule
def can_translate_consultation(user: User | None, thread: Thread, now: datetime) -> bool:
    """The consultation's author (a councillor) or an admin writes its versions in other
    languages, at any time: a version changes no word of what residents answered."""
    return (isinstance(thread, Consultation) and is_councillor(user)
            and can_participate(user, now)
            and (user.id == thread.author_id or is_admin(user)))
