"""The site's own pages: the privacy notice, the accessibility statement and the house rules.

Each has a default text shipped with the forum (``defaults/<slug>.md``), shown until an
admin edits it; an edited page is a row of ``site_pages``.
"""
