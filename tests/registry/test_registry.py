"""The registry of local governments: kinds read from the names, lookups, region groups."""

from __future__ import annotations

import pytest

from sousei.registry import (
    BUILTIN_GROUPS,
    RURAL_AREA,
    TOKYO_AREA,
    URBAN_AREA,
    AmbiguousNameError,
    InvalidCodeError,
    Kind,
    Registry,
    UnknownGovernmentError,
    groups_of,
    load_registry,
)
from sousei.registry.groups import OUTSIDE_TOKYO_AREA


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_kinds_match_the_known_totals(registry: Registry) -> None:
    counts = registry.counts()
    assert counts[Kind.PREFECTURE] == 47
    assert counts[Kind.DESIGNATED_CITY] == 20
    assert counts[Kind.CITY] + counts[Kind.DESIGNATED_CITY] == 792
    assert counts[Kind.TOWN] == 743
    assert counts[Kind.VILLAGE] == 183
    assert counts[Kind.SPECIAL_WARD] == 23
    assert sum(g.is_municipal for g in registry) == 1741  # 市区町村
    # The data's wards are those of before 2024-01-01: 浜松市 still has its seven (now three).
    assert counts[Kind.WARD] == 175
    assert len(registry.wards(registry.by_name("浜松市"))) == 7


def test_every_ward_belongs_to_a_designated_city_of_its_prefecture(registry: Registry) -> None:
    cities = {g.code: g for g in registry if g.kind is Kind.DESIGNATED_CITY}
    for ward in (g for g in registry if g.kind is Kind.WARD):
        city = cities[ward.parent or ""]
        assert ward.prefecture_code == city.prefecture_code
        assert ward.name.startswith(city.name)
        assert ward.name.endswith("区")
    assert all(registry.wards(city) for city in cities.values())


@pytest.mark.parametrize(
    ("name", "prefecture", "kind"),
    [
        ("町田市", None, Kind.CITY),  # 町 in a city's name
        ("大町市", None, Kind.CITY),
        ("大町町", None, Kind.TOWN),  # 佐賀県
        ("十日町市", None, Kind.CITY),
        ("東村山市", None, Kind.CITY),  # 村 in a city's name
        ("四日市市", None, Kind.CITY),
        ("野々市市", None, Kind.CITY),
        ("余市町", None, Kind.TOWN),  # 市 in a town's name
        ("市川三郷町", None, Kind.TOWN),
        ("北区", "東京都", Kind.SPECIAL_WARD),
        ("北区", "京都府", Kind.WARD),  # 大阪府 has two: 大阪市北区, 堺市北区
        ("さいたま市", None, Kind.DESIGNATED_CITY),
        ("京都府", None, Kind.PREFECTURE),
    ],
)
def test_tricky_names_get_their_kind(
    registry: Registry, name: str, prefecture: str | None, kind: Kind
) -> None:
    assert registry.by_name(name, prefecture).kind is kind


def test_lookup_by_code_accepts_full_width_and_refuses_a_wrong_check_digit(
    registry: Registry,
) -> None:
    assert registry.lookup("０１１００２").name == "札幌市"
    assert registry.get("130001").kind is Kind.PREFECTURE
    with pytest.raises(InvalidCodeError, match="正しくは 011002"):
        registry.lookup("011003")
    with pytest.raises(UnknownGovernmentError, match="999997"):
        registry.get("999997")  # a valid check digit, but no such government


def test_a_shared_name_needs_its_prefecture(registry: Registry) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        registry.by_name("府中市")
    assert [g.full_name for g in caught.value.candidates] == ["東京都府中市", "広島県府中市"]
    assert registry.by_name("府中市", "東京都").code == "132063"
    assert registry.by_name("府中市", "広島").code == "342084"
    assert registry.by_name("広島県府中市").code == "342084"
    assert registry.by_name("伊達市", "福島県").code == "072133"
    assert {g.kind for g in registry.find("府中")} == {Kind.CITY, Kind.TOWN}


def test_names_are_matched_loosely_but_not_wrongly(registry: Registry) -> None:
    assert registry.by_name("鶴ケ島市").name == "鶴ヶ島市"
    assert registry.by_name("札幌市 中央区").code == "011011"
    assert registry.by_name("中央区", "北海道").code == "011011"
    assert registry.by_name("はちおうじし").name == "八王子市"
    assert registry.by_name("八王子").name == "八王子市"
    assert registry.by_name("東京").kind is Kind.PREFECTURE
    with pytest.raises(UnknownGovernmentError, match="「架空市」に当たる団体が見つかりません"):
        registry.by_name("架空市")


def test_prefecture_lookups(registry: Registry) -> None:
    assert registry.prefecture("13").name == "東京都"
    assert registry.prefecture("1").name == "北海道"
    assert registry.prefecture("大阪").code == "270008"
    assert registry.prefecture("０４０００２").name == "宮城県"
    tokyo = registry.in_prefecture("東京都", kinds=[Kind.SPECIAL_WARD])
    assert len(tokyo) == 23
    assert len(registry.in_prefecture("北海道", kinds=[Kind.CITY, Kind.DESIGNATED_CITY])) == 35
    with pytest.raises(UnknownGovernmentError, match="都道府県「蝦夷」"):
        registry.prefecture("蝦夷")


def test_the_strategys_region_groups(registry: Registry) -> None:
    prefectures = [g for g in registry if g.kind is Kind.PREFECTURE]
    assert len(TOKYO_AREA.members) == 4
    assert len(URBAN_AREA.members) == 8
    assert len(RURAL_AREA.members) == 39
    assert len(OUTSIDE_TOKYO_AREA.members) == 43
    for prefecture in prefectures:
        assert URBAN_AREA.contains(prefecture) != RURAL_AREA.contains(prefecture)
        assert TOKYO_AREA.contains(prefecture) != OUTSIDE_TOKYO_AREA.contains(prefecture)
    names = {registry.get(code).name for code in TOKYO_AREA.members}
    assert names == {"埼玉県", "千葉県", "東京都", "神奈川県"}
    assert [g.name for g in groups_of(registry.by_name("横浜市中区"))] == ["東京圏", "都市圏"]
    assert [g.name for g in groups_of(registry.by_name("神戸市"))] == ["都市圏", "東京圏以外"]
    assert [g.name for g in groups_of(registry.by_name("鯖江市"))] == ["地方部", "東京圏以外"]
    assert all(registry.get(code) for group in BUILTIN_GROUPS for code in group.members)
