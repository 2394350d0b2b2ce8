"""The site's own pages: the privacy notice, the accessibility statement and the house rules.

Each has a version per language the site speaks. The forum ships a default text in English
(``defaults/<slug>.md``) and in Welsh (``defaults/cy/<slug>.md``), shown until an admin
edits that language's version; an edited version is a row of ``site_pages``. A language
with no version of its own shows the default language's, marked with its language and a
sentence saying so (:func:`forum.sitepages.services.get_page`).
"""
