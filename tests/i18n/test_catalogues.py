"""The catalogues: messages.pot matches what extraction finds, every .po has every msgid, no
shipped language has an untranslated or fuzzy entry, and the pseudo-locale keeps
placeholders and markup. The middle checks fail until every language's translations are in."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from forum.pseudolocale import pseudo
from tests.i18n.conftest import CATALOGUES

ROOT = CATALOGUES.parent.parent
KEYWORDS = ["-k", "_", "-k", "_l", "-k", "ngettext:1,2", "-k", "lazy_ngettext:1,2",
            "-k", "pgettext:1c,2", "-k", "deferred"]
#: the Makefile's BABEL_DIRS: only hidden folders are skipped (pybabel's default also skips
#: "_" folders, so templates/_macros and templates/_partials would be left out)
DIRS = ["--ignore-dirs", ".*"]
LANGUAGE_FILES = sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po"))


def _ids(path: Path) -> set:
    with path.open("rb") as source:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(source) if m.id}


def test_pseudo_accents_and_brackets_but_keeps_placeholders_and_tags():
    assert pseudo("Sign in") == "[Šîĝñ îñ]"
    assert pseudo('Read <a href="%(url)s">the rules</a>, %(name)s &amp; {site}.') == \
        '[Ŕéáð <a href="%(url)s">ţĥé ŕûļéš</a>, %(name)s &amp; {site}.]'
    assert pseudo("%(num)d support") == "[%(num)d šûþþöŕţ]"


def test_extracting_again_gives_the_same_msgids(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "extract", "-F", "babel.cfg",
                    *KEYWORDS, *DIRS, "-o", str(fresh), "."], cwd=ROOT, check=True,
                   capture_output=True)
    assert _ids(fresh) == _ids(CATALOGUES / "messages.pot"), "run make i18n-extract"


def test_the_macros_and_partials_are_extracted():
    with (CATALOGUES / "messages.pot").open("rb") as source:
        places = {path for m in read_po(source) for path, _line in m.locations}
    assert {"templates/_macros/forms.html", "templates/_partials/language_switch.html"} <= places


@pytest.mark.parametrize("po", LANGUAGE_FILES, ids=lambda p: p.parts[-3])
def test_every_language_has_every_msgid(po):
    missing = _ids(CATALOGUES / "messages.pot") - _ids(po)
    assert not missing, f"run make i18n-update: {sorted(map(str, missing))[:20]}"


@pytest.mark.parametrize("po", LANGUAGE_FILES, ids=lambda p: p.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    with po.open("rb") as source:
        catalog = read_po(source)
    untranslated = [m.id for m in catalog if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert not untranslated, f"{len(untranslated)} to translate, e.g. {untranslated[:10]}"
