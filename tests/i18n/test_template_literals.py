"""No template prints English of its own: every word a reader sees or hears (text, and the
attributes that are read out or shown) goes through ``_()``/``ngettext()`` or a ``{% trans %}``
block, so it reaches the catalogues.

The check lexes each template as Jinja does and keeps only its ``data``
tokens (the template's own text; expressions, tags and comments become a placeholder), then
reads what is left as HTML: a text node or a listed attribute value with a letter in it is a
literal, reported as ``file:line``. Allowed, and why:

- text inside ``<code>``, ``<pre>``, ``<script>`` and ``<style>``: code, not language (a
  sentence around inline code still has to be translated as a whole, code included);
- HTML entities and symbols (``&nbsp;``, ``·``, ``—``, ``%``): they carry no letters;
- ``ALLOWED``: the few words that are the same in every language (listed with the reason).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

from tests.i18n.conftest import CATALOGUES

TEMPLATES = CATALOGUES.parent.parent / "templates"

#: attributes whose value is shown or read out (data-label/data-done: shown by CSS and JS)
SPOKEN_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
                     "title", "alt", "placeholder", "label", "data-label", "data-done"}
#: input types whose ``value`` is the button's text
BUTTON_INPUTS = {"submit", "button", "reset"}
#: elements whose text is code, not language
CODE_ELEMENTS = {"code", "pre", "script", "style", "kbd", "samp"}
#: what expressions and tags are replaced by: a character with no letter in it
HOLE = "\ue000"
LETTER = re.compile(r"[^\W\d_]")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
ATTRIBUTES_ONLY = re.compile(r'(\s*[\w:-]+="[^"]*")+\s*')

#: literal text allowed, by value (stripped), each with its reason
ALLOWED: dict[str, str] = {
    "JSON": "a format's name, the same in every language",
    "Atom": "a format's name, the same in every language",
}


#: the gettext functions templates call
GETTEXT = {"_", "gettext", "ngettext", "pgettext"}
#: what an English string in an expression looks like (see prose_strings)
PROSE = re.compile(r"^\s*[A-Z][a-z]|[A-Za-z]+ +[A-Za-z]+ +[A-Za-z]|(^|\s)[A-Za-z]+ $|^e?s$")
#: string constants that look like English but are never shown, each with its reason
ALLOWED_STRINGS: dict[str, str] = {
    "BooleanField": "a WTForms field type, compared",
    "requested URL was not found": "matched in Werkzeug's English 404 description, not shown",
}


class _Reader(HTMLParser):
    """Collects (line, text) of literal text nodes and spoken attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_ELEMENTS:
            self.code_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            spoken = name in SPOKEN_ATTRIBUTES or (
                name == "value" and tag == "input" and (values.get("type") or "") in BUTTON_INPUTS)
            if spoken and value:
                self._check(value, f'{name}="{value}"')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CODE_ELEMENTS:
            self.code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_ELEMENTS and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.code_depth:
            return
        if ATTRIBUTES_ONLY.fullmatch(data.replace(HOLE, "")):
            # attributes written by a macro or an {% if %} (` aria-current="page"`)
            for name, value in ATTRIBUTE.findall(data):
                if name in SPOKEN_ATTRIBUTES:
                    self._check(value, f'{name}="{value}"')
            return
        self._check(data, data)

    def _check(self, text: str, shown: str) -> None:
        words = text.replace(HOLE, " ").strip()
        if not LETTER.search(words) or words in ALLOWED:
            return
        first = LETTER.search(shown)
        line = self.getpos()[0] + (shown[:first.start()].count("\n") if first else 0)
        shown = " ".join(shown.strip(HOLE + " \n\t").split())
        self.found.append((line, re.sub(f"{HOLE}(\\s*{HOLE})*", "…", shown)))


def template_text(env: Environment, source: str, name: str | None = None) -> str:
    """The template's own text, line for line: ``data`` tokens outside ``{% trans %}`` blocks
    as written, everything else (expressions, tags, comments, translated blocks) a HOLE."""
    out: list[str] = []
    line = 1
    in_trans = False
    after_block_begin = False
    for lineno, kind, value in env.lex(source, name):
        if kind == "block_begin":
            after_block_begin = True
            continue
        if after_block_begin and kind == "name":
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if kind != "whitespace":
            after_block_begin = False
        if lineno > line:
            out.append("\n" * (lineno - line))
            line = lineno
        if kind == "data" and not in_trans:
            out.append(value)
            line += value.count("\n")
        elif kind in {"variable_begin", "block_end", "comment_begin", "raw_begin"} or (
                kind == "data" and in_trans):
            out.append(HOLE)
            if kind == "data":
                line_count = value.count("\n")
                out.append("\n" * line_count)
                line += line_count
    return "".join(out)


def literals(env: Environment, source: str, name: str | None = None) -> list[tuple[int, str]]:
    """(line, text) of every literal a reader would see, in one template's source."""
    reader = _Reader()
    reader.feed(template_text(env, source, name))
    reader.close()
    return reader.found


def prose_strings(env: Environment, source: str, name: str | None = None
                  ) -> list[tuple[int, str]]:
    """(line, value) of string constants in expressions that look like English (a capital then
    a small letter, two words or more, a word and a space to join another on, a plural
    ``'s'``) and are not an argument of a gettext function."""
    found = []
    calls: list[bool] = []  # one per open parenthesis: is it a gettext function's?
    previous = None
    for lineno, kind, value in env.lex(source, name):
        if kind == "operator" and value == "(":
            calls.append(previous in GETTEXT)
        elif kind == "operator" and value == ")" and calls:
            calls.pop()
        elif kind == "variable_end" or kind == "block_end":
            calls.clear()
        elif kind == "string" and not any(calls):
            text = value[1:-1]  # lex() gives the string as written, quotes included
            if PROSE.search(text) and text not in ALLOWED_STRINGS:
                found.append((lineno, text))
        if kind != "whitespace":
            previous = value if kind == "name" else None
    return found


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


# --- the checker itself -----------------------------------------------------------------


@pytest.fixture
def env() -> Environment:
    """An environment that lexes as the app's does (Flask keeps Jinja's default delimiters)."""
    return Environment(extensions=["jinja2.ext.i18n"])


def test_a_planted_literal_is_found_with_its_line(env):
    source = "{% extends 'base.html' %}\n{% block content %}\n  <h1>{{ _('Fine') }}</h1>\n  <p>Oops here</p>\n{% endblock %}"
    assert literals(env, source) == [(4, "Oops here")]


def test_a_literal_attribute_is_found(env):
    source = '<nav aria-label="Pages of {{ what }}">\n<a title="{{ _(\'Fine\') }}" href="/x">{{ n }}</a>\n<img alt="Logo" src="{{ u }}">\n<input type="submit" value="Send"></nav>'
    assert literals(env, source) == [(1, 'aria-label="Pages of …"'), (3, 'alt="Logo"'),
                                     (4, 'value="Send"')]


def test_literals_beside_expressions_and_after_multiline_tags_are_found(env):
    source = "{% if a %}\n{{ b\n  }} Argument{% endif %}\n{# a\ncomment #}\n<p>{{ x }}: Closed</p>"
    assert literals(env, source) == [(3, "Argument"), (6, ": Closed")]


def test_translated_text_code_entities_and_symbols_pass(env):
    source = ("{% trans name=n %}Hello <b>{{ name }}</b>{% endtrans %}\n"
              "<p>{{ a }} · {{ b }} &nbsp;&mdash; 100%</p><pre>curl -H 'Accept: x'</pre>\n"
              "<p>{{ _('See <code>/api</code>') }}</p><code>{{ t }} token</code>\n"
              "<option value=\"open\">{{ _('Open') }}</option>{# Literal in a comment #}")
    assert literals(env, source) == []


def test_text_inside_a_trans_block_with_a_plural_passes(env):
    source = ("{% trans count=n %}One reply{% pluralize %}{{ count }} replies{% endtrans %}\n"
              "<p>Left</p>")
    assert literals(env, source) == [(2, "Left")]


def test_a_sentence_in_an_expression_is_found_unless_translated(env):
    source = ("{{ action('Unfollow', class='button button-secondary') }}\n"
              "{{ _('Closed') if a else ngettext('%(num)d day', '%(num)d days', n) }}\n"
              "{% set label = 'No older contributions.' if before %}\n"
              "{{ n }} reply{{ 's' if n != 1 }} {{ x ~ ' has not replied' }}")
    assert prose_strings(env, source) == [(1, "Unfollow"), (3, "No older contributions."),
                                          (4, "s"), (4, " has not replied")]


# --- every template ---------------------------------------------------------------------


def test_no_template_prints_a_literal(env):
    found = []
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(TEMPLATES).as_posix()
        found += [f"templates/{name}:{line}: {text}"
                  for line, text in literals(env, source, name)]
        found += [f"templates/{name}:{line}: {text!r} (a string in an expression)"
                  for line, text in prose_strings(env, source, name)]
    assert not found, f"{len(found)} literals outside _():\n" + "\n".join(found)
