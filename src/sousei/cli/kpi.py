"""`sousei kpi list/show/set`: KPIs, their figures and their reference data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.table import Table

from sousei.model import format_number
from sousei.model.actuals import REVIEW_LABELS, KpiReference, Observation
from sousei.store import kpis, observations

from .common import StrategyKey, User, actor, database, fail, out
from .store import NATIONAL

app = typer.Typer(help="KPI の表示と参照情報の設定。", no_args_is_help=True)


@app.command("list")
def list_kpis(
    key: StrategyKey = NATIONAL,
    organisation: Annotated[str | None, typer.Option(help="所管府省庁で絞り込む。")] = None,
) -> None:
    """KPI の一覧（ID・指標・目標・所管）。"""
    with database() as session:
        entries = kpis.catalogue(session, key=key, organisation=organisation)
    table = Table("ID", "指標", "目標", "所管")
    for entry in entries:
        table.add_row(
            entry.kpi_id,
            entry.indicator,
            entry.version.target_text,
            entry.reference.organisation or "",
        )
    out().print(table)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="KPI の ID、または指標名（一意なら一部でも可）。")],
    key: StrategyKey = NATIONAL,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="この日時に分かっていた値を表示（例: 2025-06-30）。"),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="差し替え前の値も含めて表示。")
    ] = False,
) -> None:
    """KPI の目標・参照情報・実績値（出典・状態・審査）を表示する。"""
    moment = _moment(as_of)
    with database() as session:
        entry = kpis.find(kpis.catalogue(session, key=key), name)
        if history:
            figures = observations.history(session, kpi_id=entry.kpi_id)
        else:
            figures = observations.current(session, kpi_ids=[entry.kpi_id], as_of=moment)
    console = out()
    version = entry.version
    console.print(f"[bold]{entry.indicator}[/bold]  ({entry.kpi_id})")
    where = f"{version.level} / {version.owner}・{version.source_line}行"
    console.print(f"目標: {version.target_text}    （{where}）")
    for label, value in _reference_lines(entry.reference):
        console.print(f"{label}: {value}")
    if moment:
        console.print(f"{moment:%Y-%m-%d %H:%M} 時点で分かっていた値:")
    console.print(_figures(figures) if figures else "実績値はまだありません。")


def _moment(as_of: str | None) -> datetime | None:
    if as_of is None:
        return None
    try:
        moment = datetime.fromisoformat(as_of)
    except ValueError:
        fail(f"日時「{as_of}」を読めません（例: 2025-06-30 または 2025-06-30T17:00）。")
    if len(as_of) == 10:  # a date means the end of that day
        moment = moment.replace(hour=23, minute=59, second=59)
    return moment.astimezone()


def _reference_lines(reference: KpiReference) -> list[tuple[str, str]]:
    labels = {
        "organisation": "所管府省庁",
        "department": "担当課",
        "data_source": "データ出典",
        "method": "測定方法",
        "baseline_value": "基準値",
        "baseline_year": "基準年",
        "baseline_comment": "基準値の注記",
        "direction": "方向",
        "temporal_kind": "種類",
        "interim_targets": "中間目標",
    }
    values = reference.model_dump(exclude_defaults=True)
    return [(labels[name], _plain(values[name])) for name in labels if name in values]


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, dict):
        return "、".join(f"{year}: {_plain(v)}" for year, v in sorted(value.items()))
    return str(value)


def _figures(figures: list[Observation]) -> Table:
    table = Table("期間", "値", "単位", "状態", "出典", "公表日", "審査", "入力者・日時", "ID")
    for figure in figures:
        source = " ".join(p for p in (figure.source.publisher, figure.source.publication) if p)
        review = REVIEW_LABELS[figure.review_state]
        if figure.review_reason:
            review += f"（{figure.review_reason}）"
        superseded = f" ←{figure.supersedes}" if figure.supersedes else ""
        table.add_row(
            figure.period.label(),
            format_number(figure.value),
            figure.unit,
            figure.status or "",
            source,
            figure.source.published or "",
            review,
            f"{figure.entered_by} {figure.entered_at:%Y-%m-%d %H:%M}",
            f"{figure.id}{superseded}",
        )
    return table


@app.command("set")
def set_reference(
    name: Annotated[str, typer.Argument(help="KPI の ID、または指標名。")],
    key: StrategyKey = NATIONAL,
    organisation: Annotated[str | None, typer.Option(help="所管府省庁。")] = None,
    department: Annotated[str | None, typer.Option(help="担当課。")] = None,
    data_source: Annotated[str | None, typer.Option(help="データ出典。")] = None,
    method: Annotated[str | None, typer.Option(help="測定方法。")] = None,
    baseline_value: Annotated[str | None, typer.Option(help="基準値（基本単位）。")] = None,
    baseline_year: Annotated[int | None, typer.Option(help="基準年（度）。")] = None,
    baseline_basis: Annotated[
        str | None, typer.Option(help="calendar（年）/ fiscal（年度）。")
    ] = None,
    baseline_comment: Annotated[str | None, typer.Option(help="基準値の注記。")] = None,
    direction: Annotated[str | None, typer.Option(help="up / down / maintain。")] = None,
    temporal_kind: Annotated[
        str | None, typer.Option(help="flow / stock / cumulative / rate。")
    ] = None,
    interim: Annotated[
        list[str] | None, typer.Option(help="中間目標 年=値（繰り返し可、例: 2027=50000000）。")
    ] = None,
    user: User = None,
) -> None:
    """KPI の参照情報を設定する（変更は監査記録に残る）。"""
    changes: dict[str, Any] = {
        name: value
        for name, value in {
            "organisation": organisation,
            "department": department,
            "data_source": data_source,
            "method": method,
            "baseline_value": _decimal(baseline_value, "基準値"),
            "baseline_year": baseline_year,
            "baseline_basis": baseline_basis,
            "baseline_comment": baseline_comment,
            "direction": direction,
            "temporal_kind": temporal_kind,
        }.items()
        if value is not None
    }
    if interim:
        changes["interim_targets"] = dict(_interim(item) for item in interim)
    if not changes:
        fail("設定する項目を指定してください（--organisation など。一覧は --help）。")
    with database() as session:
        entry = kpis.find(kpis.catalogue(session, key=key), name)
        after = kpis.set_reference(session, kpi_id=entry.kpi_id, changes=changes, actor=actor(user))
    out().print(f"{entry.kpi_id} の参照情報を更新しました。")
    for label, value in _reference_lines(after):
        out().print(f"{label}: {value}")


def _decimal(text: str | None, label: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        fail(f"{label}「{text}」を数値として読めません。")


def _interim(item: str) -> tuple[int, Decimal]:
    year, _, value = item.partition("=")
    if not year.strip().isdigit():
        fail(f"中間目標「{item}」は 年=値 の形で指定してください（例: 2027=50000000）。")
    number = _decimal(value, "中間目標")
    assert number is not None
    return int(year), number
