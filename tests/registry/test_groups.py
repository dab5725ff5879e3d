"""User-defined region groups: TOML and CSV, every member resolved, every problem listed."""

from __future__ import annotations

import pytest

from sousei.registry import GroupFileError, Registry, load_registry, parse_groups


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_toml_groups_resolve_names_and_codes(registry: Registry) -> None:
    text = """
[[group]]
name = "北陸"
description = "北陸 3 県"
members = ["富山県", "石川県", "１８０００９"]

[[group]]
name = "多摩の一部"
members = ["東京都府中市", "調布市", "132098"]
"""
    hokuriku, tama = parse_groups(text, fmt="toml", registry=registry)
    assert hokuriku.name == "北陸"
    assert hokuriku.description == "北陸 3 県"
    assert hokuriku.members == ("160008", "170003", "180009")
    assert hokuriku.contains(registry.by_name("鯖江市"))  # a prefecture brings its municipalities
    assert tama.members == ("132063", "132080", "132098")
    assert not tama.contains(registry.by_name("東京都"))


def test_csv_groups_with_japanese_headers(registry: Registry) -> None:
    text = "\ufeffグループ,団体\n県央,三条市\n県央,燕市\n\n政令市,札幌市\n"
    kenou, cities = parse_groups(text, fmt="csv", registry=registry)
    assert [registry.get(c).name for c in kenou.members] == ["三条市", "燕市"]
    assert cities.contains(registry.by_name("札幌市中央区"))  # a city brings its wards


def test_every_problem_is_listed_with_where_it_is(registry: Registry) -> None:
    text = "group,member\n北陸,富山県\n北陸,富山県\n多摩,府中市\n多摩,011003\n東京圏,東京都\n,X\n"
    with pytest.raises(GroupFileError) as caught:
        parse_groups(text, fmt="csv", registry=registry, source="groups.csv")
    problems = caught.value.problems
    assert problems[0] == "7 行目: グループ名が空です。"
    assert problems[1] == "3 行目: 「富山県」（160008）が重複しています。"
    assert problems[2].startswith("4 行目: 「府中市」に当たる団体が 2 団体あります")
    assert problems[3] == "5 行目: 団体コード 011003 の検査数字が違います（正しくは 011002）。"
    assert problems[4] == "6 行目: 「東京圏」は総合戦略のグループ名で、使えません。"
    assert str(caught.value).startswith("groups.csv: グループの定義に誤りがあります。\n")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 1", "知らないキーがあります: name（[[group]] だけを書きます）"),
        ("[[group]]\nmembers = ['福井県']", "1 つ目の [[group]]: name（グループ名）を文字列で"),
        ("[[group]]\nname = 'a'\nmembers = '福井県'", "members を文字列の配列で"),
        ("[[group]]\nname = 'a'\nmembers = []", "グループ「a」に団体がありません。"),
        ("[[group]]\nname = 'a'\nmember = ['福井県']", "知らないキーがあります: member"),
        ("[[group]\n", "TOML として読めません"),
    ],
)
def test_toml_mistakes(registry: Registry, text: str, problem: str) -> None:
    with pytest.raises(GroupFileError) as caught:
        parse_groups(text, fmt="toml", registry=registry)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_csv_without_its_header(registry: Registry) -> None:
    with pytest.raises(GroupFileError, match="見出し group,member"):
        parse_groups("北陸,富山県\n", fmt="csv", registry=registry)
