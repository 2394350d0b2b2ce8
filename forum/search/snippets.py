"""Highlighted text made safe: everything escaped, then the engine's markers become ``<mark>``."""
from __future__ import annotations

from markupsafe import Markup, escape

from forum.search.documents import MARK_END, MARK_START


def marked_html(text: str) -> Markup:
    """HTML for ``text`` in which only the engine's match markers become ``<mark>`` elements."""
    out, open_ = [], False
    for char in text or "":
        if char == MARK_START and not open_:
            out.append("<mark>")
            open_ = True
        elif char == MARK_END and open_:
            out.append("</mark>")
            open_ = False
        elif char not in (MARK_START, MARK_END):
            out.append(str(escape(char)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))
