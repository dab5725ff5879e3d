"""Every string of the web app has an English translation, and English pages use it."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src" / "sousei" / "web" / "locale" / "en" / "LC_MESSAGES" / "messages.po"


def _msgids() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {message if isinstance(message, str) else message[0] for *_, message, _, _ in found}


def test_every_ui_string_has_an_english_translation() -> None:
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source, locale="en")
    translated = {str(m.id): m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = sorted(_msgids() - set(translated))
    assert missing == [], f"{len(missing)} strings without English (make messages): {missing[:20]}"


def test_the_english_pages_are_in_english(client: TestClient) -> None:
    page = client.get("/?lang=en").text
    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert "本文へ移動" not in page
