"""`sousei parse`: a document to its logic model, as a tree, tables, JSON or Excel."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table as RichTable

from sousei.ingest import InputError, bundled_source, parse_source, read_source
from sousei.model import Strategy
from sousei.report.formats import strategy_json, table_csv, table_json, tables_xlsx, text_cell
from sousei.report.tables import TABLES, Table, all_tables
from sousei.report.tree import strategy_tree

from .common import EXIT_UNUSABLE, err, out


class TableName(StrEnum):
    tree = "tree"
    kpis = "kpis"
    measures = "measures"
    projects = "projects"
    roadmap = "roadmap"
    warnings = "warnings"


class Format(StrEnum):
    text = "text"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Family(StrEnum):
    auto = "auto"
    national = "national"
    local = "local"


class Encoding(StrEnum):
    utf8 = "utf-8"
    cp932 = "cp932"


def parse(
    file: Annotated[
        Path | None,
        typer.Argument(help="戦略文書（テキストか PDF）。省略すると同梱の国の総合戦略（2025年）。"),
    ] = None,
    table: Annotated[
        TableName, typer.Option(help="出力する表。tree は全体（JSON ではモデル全体）。")
    ] = (TableName.tree),
    fmt: Annotated[Format, typer.Option("--format", help="出力形式。")] = Format.text,
    output: Annotated[
        Path | None, typer.Option(help="出力先ファイル（省略時は標準出力）。")
    ] = None,
    encoding: Annotated[Encoding, typer.Option(help="CSV の文字コード（utf-8 は BOM 付き）。")] = (
        Encoding.utf8
    ),
    family: Annotated[
        Family,
        typer.Option(
            help="文書ファミリー：national（国の総合戦略）、local（地方版総合戦略）。"
            "auto は本文から判別します。"
        ),
    ] = Family.auto,
    save_text: Annotated[
        Path | None,
        typer.Option(
            "--save-text",
            help="読み込んだテキスト（PDF なら取り出したもの）の保存先。警告の行番号はその行。",
        ),
    ] = None,
) -> None:
    """戦略文書を読み込み、ロジックモデルを表・JSON・Excel で出力する。"""
    try:
        source = read_source(file) if file else bundled_source()
        if save_text is not None:
            write_output(save_text, source.text.encode("utf-8"))
        strategy = parse_source(source, family=family.value)
    except InputError as error:
        err.print(f"[red]エラー:[/red] {escape(str(error))}", highlight=False)
        raise typer.Exit(EXIT_UNUSABLE) from None
    _emit(strategy, table, fmt, output, encoding)
    if strategy.warnings and (output or fmt is not Format.text):
        err.print(f"警告 {len(strategy.warnings)} 件（--table warnings で一覧）", highlight=False)


def _emit(
    strategy: Strategy, table: TableName, fmt: Format, output: Path | None, encoding: Encoding
) -> None:
    tables = all_tables(strategy) if table is TableName.tree else [TABLES[table.value](strategy)]
    if fmt is Format.xlsx:
        if output is None:
            err.print("[red]エラー:[/red] xlsx 形式には --output でファイル名を指定してください。")
            raise typer.Exit(1)
        write_output(output, tables_xlsx(tables))
    elif fmt is Format.json:
        text = strategy_json(strategy) if table is TableName.tree else table_json(tables[0])
        write_output(output, text.encode("utf-8"))
    elif fmt is Format.csv:
        _emit_csv(tables, output, encoding)
    else:
        _emit_text(strategy, table, tables, output)


def _emit_csv(tables: list[Table], output: Path | None, encoding: Encoding) -> None:
    if len(tables) > 1:
        err.print("[red]エラー:[/red] CSV には --table で表を 1 つ指定してください。")
        raise typer.Exit(1)
    name = "utf-8-sig" if encoding is Encoding.utf8 else "cp932"
    encoded = table_csv(tables[0], name)
    if encoded.replaced:
        chars = "".join(sorted(set(encoded.replaced)))
        count = len(encoded.replaced)
        err.print(f"注意: {encoding.value} にない文字 {count} 個を〓に置き換えました: {chars}")
    write_output(output, encoded.data)


def _emit_text(
    strategy: Strategy, table: TableName, tables: list[Table], output: Path | None
) -> None:
    if table is TableName.tree:
        shown: RenderableType = strategy_tree(strategy)
    else:
        shown = RichTable(*tables[0].columns)
        for row in tables[0].rows:
            shown.add_row(*(escape(text_cell(value)) for value in row))
    if output is None:
        # Piped output is not cut to a terminal's width: the lines are data.
        out().print(shown)
        return
    with output.open("w", encoding="utf-8") as handle:
        Console(file=handle, width=1000).print(shown)


def write_output(output: Path | None, data: bytes) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        err.print(f"[red]エラー:[/red] 書き込めません: {output}（{error.strerror}）")
        raise typer.Exit(1) from None
