"""`/api/v1/strategies…`: strategies, the nodes of their logic model, their KPIs and the
evaluation of a year."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from sousei.store import kpis, strategies

from ..deps import Db, Reader
from ..evaluations import strategy_view
from . import build, catalogue
from .common import READ, Limit, Offset, Year, errors
from .schemas import (
    KpiList,
    NodeDetail,
    NodeKind,
    NodeList,
    StrategyDetail,
    StrategyEvaluation,
    StrategyList,
)

router = APIRouter(tags=["strategies"])
Key = Annotated[str, Path(description="戦略のキー", examples=["national"])]


@router.get("/strategies", summary="戦略の一覧", responses=errors(401))
def list_strategies(
    session: Db,
    _reader: Reader,
    limit: Limit = 100,
    offset: Offset = 0,
    family: Annotated[str | None, Query(description="national など")] = None,
    lgcode: Annotated[str | None, Query(description="全国地方公共団体コード")] = None,
) -> StrategyList:
    """読み込まれている総合戦略（キー順、ページ単位）と、それぞれの最新の改訂版・KPI 数。"""
    total, lines = catalogue.strategy_page(
        session, limit=limit, offset=offset, family=family, lgcode=lgcode
    )
    items = [build.strategy_summary(line) for line in lines]
    return StrategyList(total=total, limit=limit, offset=offset, items=items)


@router.get("/strategies/{key}", summary="戦略の詳細", responses=READ)
def get_strategy(session: Db, _reader: Reader, key: Key) -> StrategyDetail:
    """最新の改訂版、改訂版の数、要素と KPI の件数、実績値のある年。"""
    row = strategies.strategy_row(session, key)
    newest = strategies.revision(session, key=key)
    revisions = catalogue.revision_count(session, strategy_id=row.id)
    return build.strategy_detail(row, newest, revisions, strategy_view(session, key=key))


@router.get("/strategies/{key}/nodes", summary="ロジックモデルの要素", responses=READ)
def list_nodes(
    session: Db,
    _reader: Reader,
    key: Key,
    kind: Annotated[NodeKind | None, Query(description="この種類の要素だけ")] = None,
) -> NodeList:
    """インパクト・アウトカム・アウトプット領域・施策を、親の key と直接属する KPI つきで返します。
    アウトカムに属さない領域（国の役割など）は group:cross-cutting の下にまとめます。"""
    view = strategy_view(session, key=key)
    found = build.nodes(view.evaluation.model)
    items = [n for n in found if kind is None or n.kind == kind]
    return NodeList(strategy=key, revision=view.evaluation.revision, items=items)


@router.get("/strategies/{key}/nodes/{node_key:path}", summary="要素の詳細", responses=READ)
def get_node(
    session: Db,
    _reader: Reader,
    key: Key,
    node_key: Annotated[
        str, Path(description="要素の key", examples=["outcome:A", "measure:a/1/1"])
    ],
) -> NodeDetail:
    """要素の本文、子の key、直接属する KPI、主な事業（施策）、工程表（領域・施策）。"""
    return build.node_detail(strategy_view(session, key=key).evaluation.model, node_key)


@router.get("/strategies/{key}/kpis", summary="戦略の KPI", responses=READ)
def list_kpis(
    session: Db,
    _reader: Reader,
    key: Key,
    limit: Limit = 100,
    offset: Offset = 0,
    level: Literal["impact", "outcome", "output"] | None = None,
    organisation: Annotated[str | None, Query(description="所管府省庁（完全一致）")] = None,
    status: Annotated[
        str | None, Query(description="評価の状態（on_track、no_data など。評価基準の id）")
    ] = None,
    year: Annotated[
        int | None, Query(ge=1900, le=2200, description="状態を評価する年（度）。既定は最新")
    ] = None,
) -> KpiList:
    """最新の改訂版の KPI（文書の順）と、その年の評価の状態。状態は承認済みの実績値で評価します。"""
    view = strategy_view(session, key=key, year=year)
    entries = kpis.catalogue(session, key=key, organisation=organisation)
    found = [
        build.kpi_summary(key, entry, view.by_kpi.get(entry.kpi_id))
        for entry in entries
        if level is None or entry.version.level == level
    ]
    if status is not None:
        found = [k for k in found if k.evaluation is not None and k.evaluation.status == status]
    page = found[offset : offset + limit]
    return KpiList(
        total=len(found), limit=limit, offset=offset, strategy=key, year=view.year, items=page
    )


@router.get("/strategies/{key}/evaluations/{year}", summary="戦略の評価", responses=READ)
def strategy_evaluation(session: Db, _reader: Reader, key: Key, year: Year) -> StrategyEvaluation:
    """その年のすべての KPI の評価結果（使った実績値・達成率・進捗率・判定の理由）と、
    要素ごとの集計。承認済みの実績値だけで評価します。"""
    return build.strategy_evaluation(strategy_view(session, key=key, year=year))
