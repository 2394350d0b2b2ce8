"""Account forms: fields only; the rules live in ``services``."""
from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from forum.accounts.models import Role
from forum.forms import BaseForm
from forum.i18n import _l


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, r.label) for r in Role])


class DisplayNameForm(BaseForm):
    display_name = StringField(_l("Display name"),
                               description=_l("Shown next to everything you have posted and "
                                              "will post. 60 characters at most."))
