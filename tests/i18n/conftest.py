"""The i18n suite's app: English, Welsh and the pseudo-locale, with catalogues compiled for
the run (the same way ``make translations`` builds them), so no .mo file needs to exist."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from forum import pseudolocale

CATALOGUES = Path(pseudolocale.__file__).resolve().parent / "translations"


@pytest.fixture(scope="session")
def compiled_catalogues(tmp_path_factory) -> Path:  # noqa: ANN001
    """Every committed .po compiled, and en_XA built from messages.pot, in a fresh folder."""
    root = tmp_path_factory.mktemp("translations")
    for po in CATALOGUES.glob("*/LC_MESSAGES/messages.po"):
        target = root / po.relative_to(CATALOGUES).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source, target.open("wb") as out:
            write_mo(out, read_po(source))
    pseudolocale.build(CATALOGUES / "messages.pot", root)
    return root


@pytest.fixture
def app_config(app_config, compiled_catalogues):  # noqa: ANN001
    """Three languages, English the default."""
    return {**app_config, "LANGUAGES": "en,cy,en_XA",
            "BABEL_TRANSLATION_DIRECTORIES": str(compiled_catalogues)}
