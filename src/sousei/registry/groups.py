"""Region groups: those of the national strategy, and groups a user defines in a small file.

The national strategy (「地方創生に関する総合戦略」, 令和7年12月, 脚注 2・3・7) counts
東京圏 as 埼玉県・千葉県・東京都・神奈川県, 都市圏 as those four and 愛知県・京都府・大阪府・兵庫県,
地方部 as the other 39 道県, and 東京圏以外 as the 43 道府県 outside 東京圏.

A user's groups are written in TOML::

    [[group]]
    name = "北陸"
    description = "富山・石川・福井の 3 県"   # 任意
    members = ["富山県", "石川県", "福井県"]

or in CSV, one member a row, with the header `group,member` (or `グループ,団体`). A member is a
団体コード or a name (with its prefecture where the name alone is ambiguous: 東京都府中市);
a prefecture in a group brings in all of its municipalities, a designated city its wards.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .codes import InvalidCodeError, with_check_digit
from .model import LocalGovernment
from .registry import Registry, RegistryError


@dataclass(frozen=True)
class RegionGroup:
    """A named set of local governments, kept as their 団体コード in the order given."""

    name: str
    members: tuple[str, ...]
    description: str = ""

    def contains(self, government: LocalGovernment) -> bool:
        codes = set(self.members)
        return (
            government.code in codes
            or government.prefecture_lgcode in codes
            or (government.parent is not None and government.parent in codes)
        )


def _prefectures(numbers: Iterable[int]) -> tuple[str, ...]:
    return tuple(with_check_digit(f"{number:02d}000") for number in numbers)


_TOKYO_AREA = (11, 12, 13, 14)
_URBAN_AREA = (*_TOKYO_AREA, 23, 26, 27, 28)

TOKYO_AREA = RegionGroup("東京圏", _prefectures(_TOKYO_AREA), "埼玉県・千葉県・東京都・神奈川県")
URBAN_AREA = RegionGroup(
    "都市圏", _prefectures(_URBAN_AREA), "東京圏と愛知県・京都府・大阪府・兵庫県の 8 都府県"
)
RURAL_AREA = RegionGroup(
    "地方部",
    _prefectures(n for n in range(1, 48) if n not in _URBAN_AREA),
    "都市圏を除いた 39 道県",
)
OUTSIDE_TOKYO_AREA = RegionGroup(
    "東京圏以外",
    _prefectures(n for n in range(1, 48) if n not in _TOKYO_AREA),
    "東京圏を除いた 43 道府県",
)
BUILTIN_GROUPS = (TOKYO_AREA, URBAN_AREA, RURAL_AREA, OUTSIDE_TOKYO_AREA)
"""The groups the national strategy defines (脚注 2・3・7)."""


def groups_of(
    government: LocalGovernment, groups: Iterable[RegionGroup] = BUILTIN_GROUPS
) -> list[RegionGroup]:
    return [group for group in groups if group.contains(government)]


class GroupFileError(ValueError):
    """A group file that does not hold valid groups; every problem is listed, in Japanese."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: グループの定義に誤りがあります。\n" + "\n".join(problems))
        self.problems = problems


GroupFormat = Literal["toml", "csv"]
_GROUP_HEADERS = ("group", "グループ", "グループ名")
_MEMBER_HEADERS = ("member", "団体", "団体名", "団体コード")


def parse_groups(
    text: str, *, fmt: GroupFormat, registry: Registry, source: str = "<groups>"
) -> tuple[RegionGroup, ...]:
    """The groups of a TOML or CSV text, each member resolved; GroupFileError lists problems."""
    problems: list[str] = []
    entries = _toml_entries(text, problems) if fmt == "toml" else _csv_entries(text, problems)
    groups = _resolve(entries, registry, problems)
    if problems:
        raise GroupFileError(source, problems)
    return groups


@dataclass
class _Entry:
    name: str
    where: str  # 3 行目, or グループ 2 つ目
    members: list[tuple[str, str]]  # written, where
    description: str = ""


def _toml_entries(text: str, problems: list[str]) -> list[_Entry]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(f"TOML として読めません: {error}")
        return []
    unknown = sorted(set(document) - {"group"})
    if unknown:
        problems.append(f"知らないキーがあります: {', '.join(unknown)}（[[group]] だけを書きます）")
    tables = document.get("group", [])
    if not isinstance(tables, list) or not tables:
        problems.append("[[group]] がありません。")
        return []
    entries = []
    for number, table in enumerate(tables, start=1):
        where = f"{number} つ目の [[group]]"
        entry = _toml_entry(table, where, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def _toml_entry(table: Any, where: str, problems: list[str]) -> _Entry | None:
    if not isinstance(table, dict):
        problems.append(f"{where}: 表ではありません。")
        return None
    unknown = sorted(set(table) - {"name", "description", "members"})
    if unknown:
        problems.append(f"{where}: 知らないキーがあります: {', '.join(unknown)}")
    name, members, description = table.get("name"), table.get("members"), table.get("description")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: name（グループ名）を文字列で書いてください。")
        return None
    if description is not None and not isinstance(description, str):
        problems.append(f"{where}: description は文字列で書いてください。")
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        problems.append(f"{where}（{name}）: members を文字列の配列で書いてください。")
        return None
    written = [(member, f"{where}（{name}）の {i} 番目") for i, member in enumerate(members, 1)]
    return _Entry(name.strip(), where, written, description or "")


def _csv_entries(text: str, problems: list[str]) -> list[_Entry]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    group_column = next((i for i, h in enumerate(header) if h in _GROUP_HEADERS), None)
    member_column = next((i for i, h in enumerate(header) if h in _MEMBER_HEADERS), None)
    if group_column is None or member_column is None:
        problems.append("1 行目に見出し group,member（または グループ,団体）が必要です。")
        return []
    entries: dict[str, _Entry] = {}
    for row in reader:
        where = f"{reader.line_num} 行目"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(group_column, member_column):
            problems.append(f"{where}: 列が足りません。")
            continue
        name, member = row[group_column].strip(), row[member_column].strip()
        if not name:
            problems.append(f"{where}: グループ名が空です。")
            continue
        entry = entries.setdefault(name, _Entry(name, where, []))
        entry.members.append((member, where))
    if not entries and not problems:
        problems.append("グループが 1 つもありません。")
    return list(entries.values())


def _resolve(
    entries: list[_Entry], registry: Registry, problems: list[str]
) -> tuple[RegionGroup, ...]:
    reserved = {group.name for group in BUILTIN_GROUPS}
    seen: set[str] = set()
    groups = []
    for entry in entries:
        if entry.name in reserved:
            problems.append(
                f"{entry.where}: 「{entry.name}」は総合戦略のグループ名で、使えません。"
            )
        elif entry.name in seen:
            problems.append(f"{entry.where}: グループ「{entry.name}」が重複しています。")
        seen.add(entry.name)
        if not entry.members:
            problems.append(f"{entry.where}: グループ「{entry.name}」に団体がありません。")
        codes: list[str] = []
        for written, where in entry.members:
            try:
                code = registry.lookup(written).code if written.strip() else ""
            except (InvalidCodeError, RegistryError) as error:
                problems.append(f"{where}: {error}")
                continue
            if not code:
                problems.append(f"{where}: 団体が空です。")
            elif code in codes:
                problems.append(f"{where}: 「{written}」（{code}）が重複しています。")
            else:
                codes.append(code)
        groups.append(RegionGroup(entry.name, tuple(codes), entry.description))
    return tuple(groups)
