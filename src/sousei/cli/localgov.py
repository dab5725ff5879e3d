"""`sousei localgov`: the registry of local governments — look one up, check a column of codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from sousei.ingest.source import InputError, read_source
from sousei.registry import (
    AS_OF,
    BUILTIN_GROUPS,
    AmbiguousNameError,
    GroupFileError,
    InvalidCodeError,
    Kind,
    LocalGovernment,
    RegionGroup,
    Registry,
    RegistryError,
    groups_of,
    load_registry,
    parse_groups,
    validate_code,
)
from sousei.store.population import read_population, store_population

from .common import EXIT_UNUSABLE, User, actor, database, err, out

app = typer.Typer(help="地方公共団体（団体コード・名称・種別・地域区分）。", no_args_is_help=True)

_CODE_HEADERS = (
    "lgcode",
    "code",
    "団体コード",
    "全国地方公共団体コード",
    "地方公共団体コード",
    "市区町村コード",
    "コード",
)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]エラー:[/red] {escape(message)}")
    raise typer.Exit(code)


@app.command("show")
def show(
    query: Annotated[str, typer.Argument(help="団体コード（6 桁、全角も可）または名称。")],
    prefecture: Annotated[
        str | None, typer.Option(help="同名の団体を都道府県で区別する（例: 東京都）。")
    ] = None,
) -> None:
    """団体の名称・読み・種別・都道府県・位置・地域区分を表示する。"""
    registry = load_registry()
    try:
        government = registry.lookup(query, prefecture)
    except InvalidCodeError as error:
        _fail(str(error), EXIT_UNUSABLE)
    except AmbiguousNameError as error:
        _candidates(error.candidates)
        count = len(error.candidates)
        _fail(
            f"「{query}」に当たる団体が {count} 団体あります。"
            "--prefecture、市の名を添えた名称、団体コードのいずれかで指定してください。"
        )
    except RegistryError as error:
        _fail(str(error))
    _describe(registry, government)


def _describe(registry: Registry, government: LocalGovernment) -> None:
    console = out()
    console.print(f"[bold]{escape(government.full_name)}[/bold]（{escape(government.kana)}）")
    console.print(f"団体コード: {government.code}")
    kind = government.kind.label
    if government.parent is not None:
        city = registry.get(government.parent)
        kind += f"（{city.name} {city.code} の区）"
    console.print(f"種別: {kind}")
    if government.kind is not Kind.PREFECTURE:
        console.print(f"都道府県: {government.prefecture}（{government.prefecture_code}）")
    console.print(f"位置: 北緯 {government.lat}・東経 {government.lng}（庁舎）")
    groups = "・".join(group.name for group in groups_of(government))
    console.print(f"地域区分: {groups}")
    if government.url:
        console.print(f"Web: {escape(government.url)}")
    if government.kind is Kind.DESIGNATED_CITY:
        wards = registry.wards(government)
        names = "、".join(w.name.removeprefix(government.name) for w in wards)
        console.print(f"行政区 {len(wards)}: {names}")
    if government.kind is Kind.PREFECTURE:
        members = registry.in_prefecture(government.code)
        counts = [
            f"{kind.label} {n}"
            for kind in Kind
            if kind is not Kind.PREFECTURE and (n := sum(g.kind is kind for g in members))
        ]
        console.print("団体数: " + "・".join(counts))


def _candidates(candidates: list[LocalGovernment]) -> None:
    table = Table("団体コード", "名称", "種別")
    for government in candidates:
        table.add_row(government.code, government.full_name, government.kind.label)
    out().print(table)


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="団体コードの列を含む CSV（またはタブ区切り）。")],
    column: Annotated[
        str | None,
        typer.Option(help="団体コードの列：見出し名か、1 から数えた列番号。既定は見出しから推定。"),
    ] = None,
    allow_unknown: Annotated[
        bool,
        typer.Option(
            "--allow-unknown",
            help="検査数字が正しければ、登録簿にないコード（合併前の団体など）も正しいとする。",
        ),
    ] = False,
) -> None:
    """団体コードの列を検査する。誤りのある行を行番号つきで示し、1 行でもあれば終了コード 2。"""
    try:
        text = read_source(file).text
    except InputError as error:
        _fail(str(error), EXIT_UNUSABLE)
    rows = _rows(text)
    if not rows:
        _fail(f"{file.name}: 行がありません。", EXIT_UNUSABLE)
    index, has_header = _column(rows[0][1], column)
    registry = load_registry()
    checked = bad = 0
    for line, cells in rows[1:] if has_header else rows:
        checked += 1
        problem = _problem(cells[index] if index < len(cells) else "", registry, allow_unknown)
        if problem:
            bad += 1
            out().print(f"{line} 行目: {escape(problem)}")
    if bad:
        err.print(f"{checked} 行を検査しました: 誤り {bad} 行。")
        raise typer.Exit(EXIT_UNUSABLE)
    out().print(f"{checked} 行を検査しました。すべて正しい団体コードです。")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text), delimiter="\t" if "\t" in first else ",")
    rows = []
    line = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((line, cells))
        line = reader.line_num + 1
    return rows


def _column(first: list[str], column: str | None) -> tuple[int, bool]:
    """Which column holds the codes, and whether the first row is a header."""
    header = [cell.strip() for cell in first]
    looks_like_header = not any(ch.isdigit() for cell in header for ch in cell)
    if column is not None and column.isdigit():
        number = int(column)
        if not 1 <= number <= max(len(header), 1):
            _fail(f"列番号 {number} は範囲外です（1〜{len(header)}）。", EXIT_UNUSABLE)
        return number - 1, looks_like_header
    if column is not None:
        if column not in header:
            _fail(
                f"見出し「{column}」の列がありません（見出し: {', '.join(header)}）。",
                EXIT_UNUSABLE,
            )
        return header.index(column), True
    folded = [cell.lower() for cell in header]
    for name in _CODE_HEADERS:
        if name in folded:
            return folded.index(name), True
    if looks_like_header and len(header) > 1:
        _fail(
            f"団体コードの列が分かりません（見出し: {', '.join(header)}）。"
            "--column で指定してください。",
            EXIT_UNUSABLE,
        )
    return 0, looks_like_header


def _problem(cell: str, registry: Registry, allow_unknown: bool) -> str | None:
    try:
        code = validate_code(cell)
    except InvalidCodeError as error:
        return str(error)
    if code not in registry and not allow_unknown:
        return (
            f"団体コード {code} は検査数字は正しいものの、登録簿（{AS_OF} 時点）にありません"
            "（合併前の団体なら --allow-unknown）。"
        )
    return None


@app.command("groups")
def groups(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="利用者の定義するグループ（TOML または CSV）。省略すると総合戦略の区分のみ。"
        ),
    ] = None,
) -> None:
    """地域区分の一覧。ファイルを指定すると、その定義を検査して併せて表示する。"""
    registry = load_registry()
    defined = list(BUILTIN_GROUPS)
    if file is not None:
        defined += _user_groups(file, registry)
    console = out()
    for group in defined:
        about = f"：{group.description}" if group.description else ""
        console.print(
            f"[bold]{escape(group.name)}[/bold]（{len(group.members)} 団体）{escape(about)}"
        )
        names = "・".join(registry.get(code).full_name for code in group.members)
        console.print(f"  {escape(names)}")


def _user_groups(file: Path, registry: Registry) -> list[RegionGroup]:
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".csv"):
        _fail(f"{file.name}: グループの定義は .toml か .csv のファイルで書きます。", EXIT_UNUSABLE)
    try:
        text = read_source(file).text
        return list(
            parse_groups(
                text,
                fmt="toml" if suffix == ".toml" else "csv",
                registry=registry,
                source=file.name,
            )
        )
    except (InputError, GroupFileError) as error:
        _fail(str(error), EXIT_UNUSABLE)


@app.command("population")
def population(
    file: Annotated[Path, typer.Argument(help="CSV（列: 団体コード, 年, 人口）。UTF-8 か CP932。")],
    apply: Annotated[bool, typer.Option("--apply", help="確認のあと書き込む。")] = False,
    user: User = None,
) -> None:
    """団体の人口（系列 人口/団体コード）を読み込む。比較の人口1万人当たりの値と人口規模に使う。"""
    try:
        rows, errors = read_population(file.read_bytes(), name=file.name)
    except (OSError, InputError) as error:
        _fail(str(error), EXIT_UNUSABLE)
    for problem in errors:
        err.print(f"[red]誤り[/red] {problem}", highlight=False)
    if errors:
        _fail(f"{len(errors)} 行に誤りがあります。何も書き込んでいません。", EXIT_UNUSABLE)
    if not apply:
        out().print(f"{len(rows)} 行を確認しました。書き込むには --apply を付けてください。")
        return
    with database() as session:
        changed = store_population(session, rows=rows, actor=actor(user))
    out().print(f"{len(rows)} 行のうち {changed} 行を書き込みました（同じ値の行はそのまま）。")
