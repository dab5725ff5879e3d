"""Every string of the web app has an English translation, and English pages use it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from sousei.evaluate.rules import load_rule_set
from sousei.evaluate.snapshot import REASON_LABELS
from sousei.model.actuals import REVIEW_LABELS
from sousei.store.accounts import ROLE_LABELS
from sousei.web import app, i18n, labels
from sousei.web.templating import short_year

from .conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src" / "sousei" / "web" / "locale" / "en" / "LC_MESSAGES" / "messages.po"


@cache
def _msgids() -> frozenset[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return frozenset(
        message if isinstance(message, str) else message[0] for *_, message, _, _ in found
    )


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


def test_labels_kept_as_constants_are_marked_for_translation() -> None:
    """The store's, model's and evaluation's labels are shown translated, so each is listed in
    `sousei.web.labels` (a new label must be added there, and then translated)."""
    assert set(labels.ROLES) == set(ROLE_LABELS.values())
    assert set(labels.REVIEW_STATES) == set(REVIEW_LABELS.values())
    assert set(labels.SNAPSHOT_REASONS) == set(REASON_LABELS.values())
    national = load_rule_set("national")
    special = national.special
    texts = [label.text for label in national.labels]
    texts += [special.no_data.text, special.not_due.text, special.not_assessable.text]
    assert set(labels.STATUSES) == set(texts)
    marked = {
        *labels.ROLES,
        *labels.REVIEW_STATES,
        *labels.SNAPSHOT_REASONS,
        *labels.STATUSES,
        labels.NO_ORGANISATION,
        *app._TITLES.values(),
        app._OTHER_TITLE,
    }
    assert marked - _msgids() == set(), "not extracted: check N_() and babel.cfg"


def test_error_pages_and_the_role_are_in_english(client: TestClient) -> None:
    sign_in(client, "viewer")
    page = client.get("/?lang=en").text
    assert "(Viewer)" in page or "（Viewer）" in page
    assert "閲覧者" not in page
    missing = client.get("/kpis/national/no-such-kpi?lang=en").text
    assert "Page not found" in missing
    assert "ページが見つかりません" not in missing
    invalid = client.get("/reports?year=nineteen&lang=en").text
    assert "Check your entries" in invalid
    assert "入力の形式が正しくありません" not in invalid


def test_the_national_rule_sets_labels_are_shown_in_english(client: TestClient) -> None:
    """順調, データなし … are the national rule set's words: English pages translate them; a
    local rule set's own labels (S, ◎, おおむね順調 …) are shown as written."""
    token = i18n.current_locale.set("en")
    try:
        assert labels.status_label("順調") == "On track"
        assert labels.status_label("おおむね順調") == "おおむね順調"
    finally:
        i18n.current_locale.reset(token)
    assert labels.status_label("順調") == "順調"
    board = client.get("/board?lang=en").text
    assert ">No data<" in board
    assert ">データなし<" not in board


def test_a_page_kept_per_data_version_is_kept_per_language(client: TestClient) -> None:
    """The KPI page's data and chart are built once per data version: an English request must
    not leave its chart in the Japanese page, nor the other way round."""
    path = "/kpis/national/A-KPI④-1"
    assert "Path to the target" in client.get(path, params={"lang": "en"}).text
    japanese = client.get(path, params={"lang": "ja"}).text
    assert "目標への経路" in japanese
    assert "Path to the target" not in japanese


def test_text_built_in_code_uses_the_languages_punctuation_and_years() -> None:
    assert i18n.join_list(["2024年 1", "2025年 2"]) == "2024年 1、2025年 2"
    assert i18n.join_sentences("実績：1", "目標：2") == "実績：1。目標：2"
    assert short_year(2025) == "2025年度"
    token = i18n.current_locale.set("en")
    try:
        assert i18n.join_list(["On track 1", "Behind 2"]) == "On track 1, Behind 2"
        assert i18n.join_sentences("Actuals: 1", "Target: 2") == "Actuals: 1. Target: 2"
        assert (short_year(2025), short_year(2025, "calendar")) == ("FY2025", "2025")
    finally:
        i18n.current_locale.reset(token)
