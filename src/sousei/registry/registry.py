"""The registry of Japan's local governments: loading the bundled data, and lookups.

Kinds come from the names: a municipal row written `市 区` is a ward of a designated city (and
that city a designated city), a name ending in 区 without a city is one of Tokyo's 特別区, and
市・町・村 end the names of cities, towns and villages (町田市 and 大町町 end in their kind).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files

from .codes import InvalidCodeError, normalize_code, validate_code, with_check_digit
from .model import Kind, LocalGovernment

MUNICIPALITIES = "localgovjp-utf8.csv"
PREFECTURES = "prefjp-utf8.csv"
AS_OF = "2026-07-09"
"""The date of the bundled data (see `data/README.md`)."""

_SUFFIX_KINDS = {"市": Kind.CITY, "町": Kind.TOWN, "村": Kind.VILLAGE}
_TOKYO = "13"


class RegistryError(LookupError):
    """A name or code that names no single local government; the message is in Japanese."""


class UnknownGovernmentError(RegistryError):
    pass


class AmbiguousNameError(RegistryError):
    def __init__(self, message: str, candidates: list[LocalGovernment]) -> None:
        super().__init__(message)
        self.candidates = candidates


def name_key(text: str) -> str:
    """A key for comparing names: NFKC, no spaces, ヶ and ケ alike (鶴ヶ島市, 龍ケ崎市)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).translate(_SMALL_KANA)


_SMALL_KANA = str.maketrans({"ヶ": "ケ", "ヵ": "カ", "ゖ": "け", "ゕ": "か"})


@dataclass(frozen=True)
class Prefecture:
    """A prefecture's names: 東京都, short 東京, kana, two-digit code."""

    code: str
    name: str
    short: str
    kana: str


@dataclass
class Registry:
    """Every local government of the bundled data, with lookups by code, name and prefecture."""

    governments: tuple[LocalGovernment, ...]
    prefectures: tuple[Prefecture, ...]
    _by_code: dict[str, LocalGovernment] = field(default_factory=dict, repr=False)
    _by_name: dict[str, list[LocalGovernment]] = field(default_factory=dict, repr=False)
    _prefecture_keys: dict[str, Prefecture] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for government in self.governments:
            if government.code in self._by_code:
                raise ValueError(f"duplicate code {government.code}")
            self._by_code[government.code] = government
            keys = {name_key(government.name), name_key(government.kana)}
            if government.kind is Kind.WARD:
                city = self._by_code[government.parent or ""]
                keys.add(name_key(government.name.removeprefix(city.name)))
            for key in keys:
                self._by_name.setdefault(key, []).append(government)
        for prefecture in self.prefectures:
            for key in (prefecture.name, prefecture.short, prefecture.kana, prefecture.code):
                self._prefecture_keys[name_key(key)] = prefecture

    def __iter__(self) -> Iterator[LocalGovernment]:
        return iter(self.governments)

    def __len__(self) -> int:
        return len(self.governments)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and normalize_code(code) in self._by_code

    # -- by code ---------------------------------------------------------------------------

    def get(self, code: str) -> LocalGovernment:
        """The government of a code; InvalidCodeError or UnknownGovernmentError if none."""
        valid = validate_code(code)
        try:
            return self._by_code[valid]
        except KeyError:
            raise UnknownGovernmentError(
                f"団体コード {valid} の団体は登録簿（{AS_OF} 時点）にありません。"
            ) from None

    # -- by prefecture ---------------------------------------------------------------------

    def prefecture(self, spec: str) -> LocalGovernment:
        """A prefecture by name (東京都, 東京), kana or code (13, 130001)."""
        return self.get(with_check_digit(self._prefecture(spec).code + "000"))

    def in_prefecture(
        self, spec: str, kinds: Iterable[Kind] | None = None
    ) -> list[LocalGovernment]:
        """The governments of a prefecture (itself included), optionally of some kinds only."""
        code = self._prefecture(spec).code
        wanted = set(kinds) if kinds is not None else set(Kind)
        return [g for g in self.governments if g.prefecture_code == code and g.kind in wanted]

    def _prefecture(self, spec: str) -> Prefecture:
        key = name_key(spec)
        if key.isdigit() and len(key) == 6:
            key = validate_code(key)[:2]
        elif key.isdigit() and len(key) == 1:
            key = "0" + key
        found = self._prefecture_keys.get(key)
        if found is None:
            raise UnknownGovernmentError(f"都道府県「{spec}」が見つかりません。")
        return found

    # -- by name ---------------------------------------------------------------------------

    def find(self, name: str, prefecture: str | None = None) -> list[LocalGovernment]:
        """Every government a name may mean: 府中市 → 東京都府中市 and 広島県府中市.

        The name may start with its prefecture (広島県府中市); a ward may be named with or
        without its city (札幌市中央区, 中央区); kana are matched too. A name without its
        suffix means every 市・区・町・村 of that name (八王子 → 八王子市; 府中 → 府中市 ×2
        and 府中町).
        """
        key = name_key(name)
        found = list(self._by_name.get(key, []))
        if not found:
            for pref in self.prefectures:
                for written in (pref.name, pref.short):
                    if key.startswith(written) and key != written:
                        rest = key.removeprefix(written)
                        found += [
                            g for g in self._by_name.get(rest, []) if g.prefecture_code == pref.code
                        ]
            found = list(dict.fromkeys(found))
        if not found and (named := self._prefecture_keys.get(key)) is not None:
            found = [self.prefecture(named.code)]
        if not found and key and key[-1] not in "市区町村都道府県":
            found = [g for suffix in "市区町村" for g in self.find(key + suffix)]
        if prefecture is not None:
            code = self._prefecture(prefecture).code
            found = [g for g in found if g.prefecture_code == code]
        return sorted(found, key=lambda g: g.code)

    def by_name(self, name: str, prefecture: str | None = None) -> LocalGovernment:
        """The one government a name means, or a RegistryError listing the candidates."""
        found = self.find(name, prefecture)
        where = f"（{prefecture}）" if prefecture else ""
        if not found:
            raise UnknownGovernmentError(f"「{name}」{where}に当たる団体が見つかりません。")
        if len(found) > 1:
            names = "、".join(f"{g.full_name}（{g.code}）" for g in found)
            raise AmbiguousNameError(
                f"「{name}」{where}に当たる団体が {len(found)} 団体あります: {names}。"
                "都道府県や市の名を添えるか、団体コードで指定してください。",
                found,
            )
        return found[0]

    def lookup(self, query: str, prefecture: str | None = None) -> LocalGovernment:
        """A government by code (6 digits, 全角も可) or by name."""
        if _looks_like_code(query):
            return self.get(query)
        return self.by_name(query, prefecture)

    # -- structure -------------------------------------------------------------------------

    def wards(self, city: LocalGovernment) -> list[LocalGovernment]:
        return [g for g in self.governments if g.parent == city.code]

    def counts(self) -> Counter[Kind]:
        return Counter(g.kind for g in self.governments)


def _looks_like_code(query: str) -> bool:
    text = normalize_code(query)
    return bool(text) and sum(ch.isdigit() for ch in text) * 2 > len(text)


# -- loading ----------------------------------------------------------------------------------


@cache
def load_registry() -> Registry:
    """The registry of the bundled data (read once)."""
    data = files("sousei").joinpath("data")
    prefectures = _read_csv(data.joinpath(PREFECTURES).read_bytes())
    municipalities = _read_csv(data.joinpath(MUNICIPALITIES).read_bytes())
    return build_registry(prefectures, municipalities)


def _read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def build_registry(
    prefecture_rows: list[dict[str, str]], municipal_rows: list[dict[str, str]]
) -> Registry:
    """A registry from the rows of the two files; ValueError names a row that does not fit."""
    prefectures = tuple(_prefecture(row) for row in prefecture_rows)
    names = {p.code: p.name for p in prefectures}
    governments = [_prefecture_government(row) for row in prefecture_rows]
    cities: dict[tuple[str, str], LocalGovernment] = {}
    parents: set[str] = set()
    municipal: list[LocalGovernment] = []
    for row in municipal_rows:
        government = _municipality(row, names, cities)
        if government.kind is Kind.WARD:
            parents.add(government.parent or "")
        else:
            cities[(government.prefecture_code, government.name)] = government
        municipal.append(government)
    for i, government in enumerate(municipal):
        if government.code in parents:
            if government.kind is not Kind.CITY:
                raise ValueError(f"{government.name}: wards under a {government.kind}")
            municipal[i] = replace(government, kind=Kind.DESIGNATED_CITY)
    return Registry(tuple(governments + municipal), prefectures)


def _prefecture(row: dict[str, str]) -> Prefecture:
    code = _code(row["lgcode"])[:2]
    return Prefecture(code, row["pref"], row["prefshort"], row["prefkana"])


def _prefecture_government(row: dict[str, str]) -> LocalGovernment:
    return LocalGovernment(
        code=_code(row["lgcode"]),
        name=row["pref"],
        kana=row["prefkana"],
        prefecture=row["pref"],
        kind=Kind.PREFECTURE,
        lat=float(row["lat"]),
        lng=float(row["lng"]),
        url=row["url"],
    )


def _municipality(
    row: dict[str, str],
    prefectures: dict[str, str],
    cities: dict[tuple[str, str], LocalGovernment],
) -> LocalGovernment:
    code = _code(row["lgcode"])
    prefecture = prefectures.get(code[:2])
    if prefecture != row["pref"]:
        raise ValueError(f"{code}: prefecture {row['pref']} does not match the code")
    written = row["city"].split()
    parent: str | None = None
    if len(written) == 2:  # 札幌市 中央区: a ward of a designated city
        city = cities.get((code[:2], written[0]))
        if city is None or not written[1].endswith("区"):
            raise ValueError(f"{code}: ward {row['city']} without its city before it")
        kind, parent = Kind.WARD, city.code
    elif len(written) == 1 and written[0].endswith("区") and code[:2] == _TOKYO:
        kind = Kind.SPECIAL_WARD
    elif len(written) == 1 and written[0][-1] in _SUFFIX_KINDS:
        kind = _SUFFIX_KINDS[written[0][-1]]
    else:
        raise ValueError(f"{code}: cannot tell the kind of {row['city']!r}")
    return LocalGovernment(
        code=code,
        name="".join(written),
        kana="".join(row["citykana"].split()),
        prefecture=prefecture,
        kind=kind,
        lat=float(row["lat"]),
        lng=float(row["lng"]),
        url=row["url"],
        parent=parent,
    )


def _code(written: str) -> str:
    try:
        return validate_code(written.strip().zfill(6))
    except InvalidCodeError as error:
        raise ValueError(f"bundled registry: {error}") from None
