"""Official texts in more than one language: a consultation's title, question and background,
a summary and its points, a council response and its points.

The text as first written is the *source*, in its owner's ``language`` (a thread's) or the
site's default language. Every other configured language may have a *version*, kept on the
same row in the JSON column ``translations`` (:class:`~forum.bilingual.models.Bilingual`), so
reading a page in either language costs no query more than reading it in one:
``{"cy": {"title": "…", "body": "…", "body_html": "…", "source": "<hash>", "saved_at": "…",
"by": 7}}``. ``source`` fingerprints the source fields the version was written from, so a
version made before the source changed is shown as such (*stale*).

:mod:`~forum.bilingual.texts` picks what a reader sees (their language, else the source
with a note); :mod:`~forum.bilingual.services` saves a version; the packages that own the
texts say which fields a page edits and who may edit them.
"""
