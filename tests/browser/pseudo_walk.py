"""Reading the pages of a browser journey in the pseudo-locale for English left in them (with
``tests/i18n/pseudo.py``'s reader, the one the walk of every demo page uses)."""
from __future__ import annotations

from forum.db import db
from tests.i18n.pseudo import WORD, interface_words, known_words


class Walk:
    """Reads each page of a walk as it is now; :meth:`assert_clean` names every step that
    showed English."""

    def __init__(self, data_app) -> None:  # noqa: ANN001
        self.app = data_app
        self.known: set[str] = set()
        #: the words typed in this walk (content before it is stored: a preview shows it)
        self.typed: set[str] = set()
        self.escaped: dict[str, set[str]] = {}

    def fill(self, field, text: str) -> None:  # noqa: ANN001
        """Type ``text`` in ``field``: its words are the person's, not the interface's."""
        self.typed.update(WORD.findall(text))
        field.fill(text)

    def check(self, page, step: str) -> None:  # noqa: ANN001
        """Read the page (its live document, so what scripts wrote too) after ``step``."""
        page.wait_for_load_state("load")
        lang = page.evaluate("() => document.documentElement.lang")
        assert lang == "en-XA", f"{step}: {page.url} is in {lang!r}, not the pseudo-locale"
        words = interface_words(page.content()) - self.known - self.typed
        if words:  # the step may have stored new content: read the database again
            with self.app.app_context():
                self.known = known_words(db.session, self.app.config["SITE_NAME"])
            words -= self.known
        if words:
            self.escaped[f"{step} ({page.url})"] = words

    def assert_clean(self) -> None:
        """Fail, naming the steps and their words, if any step showed English."""
        assert not self.escaped, "\n".join(f"{step}: {sorted(words)}"
                                           for step, words in self.escaped.items())
