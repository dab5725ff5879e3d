"""Rule-set files: the shipped ones load, and invalid files say what is wrong, in Japanese."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from sousei.evaluate import RuleSetError, available_rule_sets, load_rule_set
from sousei.evaluate.rules import SPECIAL_STATES, contrast_on_white, parse_rule_set

SHIPPED = ("local-3level", "local-ad", "local-marks", "local-n20", "local-sabc", "national")


def _national_data() -> dict[str, Any]:
    text = files("sousei").joinpath("data", "rulesets", "national.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_available_rule_sets_lists_the_shipped_files() -> None:
    assert available_rule_sets() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_rule_set_loads_with_readable_colours(name: str) -> None:
    rules = load_rule_set(name)
    assert rules.id == name
    colours = [label.colour for label in rules.labels]
    colours += [getattr(rules.special, state).colour for state in SPECIAL_STATES]
    assert all(contrast_on_white(colour) >= Decimal("4.5") for colour in colours)


def test_national_is_the_default_with_its_documented_thresholds() -> None:
    rules = load_rule_set()
    assert rules.id == "national"
    assert [label.text for label in rules.labels] == ["達成", "順調", "遅れ"]
    assert [rules.text(s) for s in SPECIAL_STATES] == ["データなし", "対象外", "評価不能"]
    assert rules.measure == "path_progress"
    assert rules.interim == "straight"
    assert [(t.label, t.bound) for t in rules.thresholds] == [
        ("on_track", Decimal(1)),
        ("behind", None),
    ]
    assert rules.final == "yes_no"
    assert rules.early_achievement
    assert rules.rollup.share == 80


def test_load_by_path(tmp_path: Path) -> None:
    source = files("sousei").joinpath("data", "rulesets", "local-ad.toml").read_text("utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(source.replace('id = "local-ad"', 'id = "mine"'), "utf-8")
    assert load_rule_set(path).id == "mine"
    assert load_rule_set(str(path)).id == "mine"


def test_unknown_name_lists_what_exists() -> None:
    with pytest.raises(RuleSetError, match=r"ルールセット「nope」はありません.*national"):
        load_rule_set("nope")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match=r"ファイル .*none\.toml がありません"):
        load_rule_set(tmp_path / "none.toml")


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\nname = \n', "utf-8")
    with pytest.raises(RuleSetError, match=r"broken\.toml の TOML の書き方"):
        load_rule_set(path)


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(RuleSetError) as caught:
        parse_rule_set(data, origin="test.toml")
    return str(caught.value)


def test_missing_and_unknown_keys() -> None:
    data = _national_data()
    del data["measure"]
    data["colour_scheme"] = "dark"
    message = _error(data)
    assert "ルールセット test.toml が正しくありません" in message
    assert "キー「measure」: 必須のキーがありません" in message
    assert "キー「colour_scheme」: 不明なキーです" in message


def test_bad_choice_lists_the_allowed_values() -> None:
    data = _national_data()
    data["interim"] = "curved"
    assert (
        "キー「interim」: 次のいずれかを書いてください: 'straight', 'n20' or 'explicit'"
        in _error(data)
    )


def test_low_contrast_colour_is_refused() -> None:
    data = _national_data()
    data["labels"][1]["colour"] = "#FFD700"
    message = _error(data)
    assert "キー「labels[1].colour」" in message
    assert "コントラスト比" in message


def test_malformed_colour_is_refused() -> None:
    data = _national_data()
    data["special"]["no_data"]["colour"] = "grey"
    assert "キー「special.no_data.colour」: 色は #RRGGBB の形で" in _error(data)


def test_threshold_naming_an_unknown_label() -> None:
    data = _national_data()
    data["thresholds"][0]["label"] = "great"
    assert "キー「thresholds[0]」.label: ラベル「great」が labels にありません" in _error(data)


def test_thresholds_must_run_from_best_to_worst() -> None:
    data = _national_data()
    data["thresholds"] = [
        {"label": "behind", "at_least": 100},
        {"label": "on_track"},
    ]
    assert "閾値は良いラベルから順に" in _error(data)


def test_bounds_must_fall() -> None:
    data = tomllib.loads(
        files("sousei").joinpath("data", "rulesets", "local-ad.toml").read_text("utf-8")
    )
    data["thresholds"][2]["at_least"] = 90
    assert "キー「thresholds[2]」: 下限は上から順に小さくしてください" in _error(data)


def test_only_the_last_threshold_is_open() -> None:
    data = _national_data()
    data["thresholds"][1]["at_least"] = 50
    assert "最後の閾値だけが下限なし" in _error(data)


def test_both_bounds_on_one_threshold() -> None:
    data = _national_data()
    data["thresholds"][0]["above"] = 100
    assert "キー「thresholds[0]」: at_least と above はどちらか一方だけ" in _error(data)


def test_yes_no_must_name_labels_and_keep_their_order() -> None:
    data = _national_data()
    data["yes_no"]["met"] = "behind"
    data["yes_no"]["not_met"] = "achieved"
    assert "met は not_met より良いラベルに" in _error(data)


def test_label_ids_are_unique_and_not_special() -> None:
    data = _national_data()
    data["labels"][2]["id"] = "no_data"
    data["labels"][1]["id"] = "achieved"
    message = _error(data)
    assert "ラベル ID「achieved」が重複しています" in message
    assert "「no_data」は特別な状態の ID" in message


def test_share_is_a_percentage() -> None:
    data = _national_data()
    data["rollup"]["share"] = 0
    assert "キー「rollup.share」: share は 0 より大きく 100 以下" in _error(data)


def test_float_bounds_are_exact() -> None:
    data = _national_data()
    data["thresholds"][0]["at_least"] = 80.1
    rules = parse_rule_set(data, origin="test.toml")
    assert rules.thresholds[0].at_least == Decimal("80.1")
    assert rules.thresholds[0].bound == Decimal("0.801")


def test_wrong_type() -> None:
    data = _national_data()
    data["early_achievement"] = "yes"
    assert "キー「early_achievement」: true か false を書いてください" in _error(data)
