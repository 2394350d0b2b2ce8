"""The language a person reads the forum in: the switch in the header, the account setting,
and the ``Vary`` every translated response carries (the choice itself: :mod:`forum.i18n`)."""
