"""A local government (地方公共団体) and its kind."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .codes import with_check_digit


class Kind(StrEnum):
    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    WARD = "ward"
    SPECIAL_WARD = "special_ward"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.PREFECTURE: "都道府県",
    Kind.DESIGNATED_CITY: "政令指定都市",
    Kind.WARD: "行政区",
    Kind.SPECIAL_WARD: "特別区",
    Kind.CITY: "市",
    Kind.TOWN: "町",
    Kind.VILLAGE: "村",
}

MUNICIPAL_KINDS = frozenset(
    {Kind.DESIGNATED_CITY, Kind.SPECIAL_WARD, Kind.CITY, Kind.TOWN, Kind.VILLAGE}
)
"""The 市区町村: every kind but the prefecture and the wards of a designated city."""


@dataclass(frozen=True, slots=True)
class LocalGovernment:
    """A 地方公共団体 with its 全国地方公共団体コード.

    `name` is the official name without the prefecture; a ward's name includes its city
    (札幌市中央区), with `parent` the city's code. `prefecture_code` is the two-digit
    都道府県コード (JIS X 0401).
    """

    code: str
    name: str
    kana: str
    prefecture: str
    kind: Kind
    lat: float
    lng: float
    url: str = ""
    parent: str | None = None

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def prefecture_lgcode(self) -> str:
        """The prefecture's own 団体コード: 13 → 130001."""
        return with_check_digit(self.code[:2] + "000")

    @property
    def full_name(self) -> str:
        """With the prefecture: 東京都府中市; a prefecture is its own name."""
        return self.name if self.kind is Kind.PREFECTURE else self.prefecture + self.name

    @property
    def is_municipal(self) -> bool:
        """One of the 1,741 市区町村 (not a prefecture, not a ward of a designated city)."""
        return self.kind in MUNICIPAL_KINDS
