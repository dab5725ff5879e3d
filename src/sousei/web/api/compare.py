"""`/api/v1/compare/…`: the local strategies linked to a national outcome or KPI, as the
comparison pages show them (same data, same filters). Values are decimal strings, as everywhere
in the API (see `schemas`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import Field

from sousei.evaluate import RuleSet

from .. import compare
from ..compare import Comparison
from ..compare.model import LocalRow, Share, counts_as_on_track
from ..compare.params import Chosen, Year
from ..deps import Db, Reader
from .common import READ, Limit, Offset
from .schemas import Exact, Out

router = APIRouter(tags=["compare"])


class CompareTarget(Out):
    """比較の対象 — the national outcome or KPI, and its own judgement for the year."""

    kind: Literal["outcome", "kpi"]
    id: str = Field(examples=["E", "national/r-1"])
    title: str
    unit: str | None = Field(description="国の KPI の単位（アウトカムは null）")
    kpi_ids: list[str] = Field(
        description="対応づけを数える国の KPI（アウトカムはその KPI と領域の KPI）"
    )
    status: str | None = Field(description="国の評価（その年）")
    label: str | None


class Government(Out):
    """地方公共団体 — as the bundled registry records it."""

    code: str = Field(description="全国地方公共団体コード（6 桁）", examples=["202029"])
    name: str
    full_name: str
    prefecture: str
    kind: str = Field(
        description="prefecture, designated_city, ward, special_ward, city, town, village"
    )
    lat: float = Field(description="所在地の緯度（役所・役場）")
    lng: float


class LatestFigure(Out):
    """直近の実績値 — the newest approved figure in force up to the year."""

    value: Exact
    unit: str
    period_start: int
    period_end: int
    basis: str


class PopulationOut(Out):
    value: Exact
    year: int


class LocalKpi(Out):
    """A local KPI linked to the target, its latest figure and its judgement."""

    government: Government
    strategy: str = Field(examples=["local/202029"])
    kpi_id: str
    indicator: str
    level: str
    via: list[str] = Field(
        description="この KPI を対応づけた国の目標（アウトカムの記号か国の KPI の ID）"
    )
    rule_set: str = Field(description="評価基準（その団体の戦略のもの）")
    status: str
    label: str
    on_track: bool | None = Field(
        description="達成・順調に数えるか（null は評価なし: データなし・対象外・評価不能）"
    )
    latest: LatestFigure | None
    unit: str = Field(description="値を比べる単位（直近の実績値の単位、なければ目標の単位）")
    comparable: bool = Field(description="国の KPI と単位が同じで、値を並べるか")
    reason: str | None = Field(description="値を並べない理由")
    population: PopulationOut | None
    per_capita: Exact | None = Field(
        description="人口1万人当たりの値（人口が分かり、率でない単位のとき）"
    )


class ShareOut(Out):
    """達成・順調の割合 — of a prefecture, a region group or all."""

    key: str
    name: str
    governments: int
    kpis: int
    graded: int = Field(description="評価できた KPI（データなし・対象外・評価不能を除く）")
    on_track: int
    share: Exact | None = Field(description="on_track ÷ graded（1 = 100%）; graded が 0 なら null")


class RuleSetCount(Out):
    """How a rule set's labels count: those at least as good as its 「順調」 are on track."""

    id: str
    name: str
    on_track: list[str] = Field(description="達成・順調に数える区分")
    other: list[str]


class FiltersOut(Out):
    prefecture: str | None
    kind: str | None
    population: str | None


class ComparisonOut(Out):
    """地方版総合戦略の比較 — what the comparison page shows, as data."""

    target: CompareTarget
    year: int
    years: list[int] = Field(description="対応する KPI に実績値のある年")
    filters: FiltersOut
    total: int = Field(description="条件に合う地方の KPI の件数（全ページ）")
    limit: int
    offset: int
    kpis: list[LocalKpi] = Field(description="地方の KPI（団体コード順、offset から limit 件）")
    summary: ShareOut = Field(description="全体の達成・順調の割合（全ページ）")
    prefectures: list[ShareOut]
    regions: list[ShareOut] = Field(description="東京圏・都市圏・地方部・東京圏以外（重なりあり）")
    rule_sets: list[RuleSetCount]
    unplaced: list[str] = Field(description="団体コードが登録簿にないため含めなかった戦略")


def _kpi(row: LocalRow, reason: str | None, comparable: bool) -> LocalKpi:
    g = row.government
    latest = row.latest
    return LocalKpi(
        government=Government(
            code=g.code,
            name=g.name,
            full_name=g.full_name,
            prefecture=g.prefecture,
            kind=g.kind.value,
            lat=g.lat,
            lng=g.lng,
        ),
        strategy=row.strategy_key,
        kpi_id=row.kpi_id,
        indicator=row.indicator,
        level=row.level,
        via=list(row.via),
        rule_set=row.rules.id,
        status=row.result.status,
        label=row.result.label,
        on_track=row.on_track,
        latest=None
        if latest is None
        else LatestFigure(
            value=latest.value,
            unit=latest.unit,
            period_start=latest.start,
            period_end=latest.end,
            basis=latest.basis,
        ),
        unit=row.unit,
        comparable=comparable,
        reason=reason,
        population=None
        if row.population is None
        else PopulationOut(value=row.population.value, year=row.population.year),
        per_capita=row.per_capita,
    )


def _share(share: Share) -> ShareOut:
    return ShareOut(
        key=share.key,
        name=share.name,
        governments=share.governments,
        kpis=share.kpis,
        graded=share.graded,
        on_track=share.on_track,
        share=share.share,
    )


def _rule_set(rules: RuleSet) -> RuleSetCount:
    counted = [label for label in rules.labels if counts_as_on_track(rules, label.id)]
    return RuleSetCount(
        id=rules.id,
        name=rules.name,
        on_track=[label.text for label in counted],
        other=[label.text for label in rules.labels if label not in counted],
    )


def comparison_out(found: Comparison, *, limit: int, offset: int) -> ComparisonOut:
    target = found.target
    reasons = {item.row.kpi_id: item.reason for item in found.apart}
    national = target.unit is not None
    return ComparisonOut(
        target=CompareTarget(
            kind=target.kind,
            id=target.id,
            title=target.title,
            unit=target.unit,
            kpi_ids=list(target.kpi_ids),
            status=target.status,
            label=target.label,
        ),
        year=found.year,
        years=list(found.evaluated.years),
        filters=FiltersOut(
            prefecture=found.filters.prefecture,
            kind=found.filters.kind,
            population=found.filters.population,
        ),
        total=len(found.rows),
        limit=limit,
        offset=offset,
        kpis=[
            _kpi(row, reasons.get(row.kpi_id), national and row.kpi_id not in reasons)
            for row in found.rows[offset : offset + limit]
        ],
        summary=_share(found.total),
        prefectures=[_share(s) for s in found.prefectures],
        regions=[_share(s) for s in found.regions],
        rule_sets=[_rule_set(rules) for rules in found.rule_sets],
        unplaced=list(found.evaluated.unplaced),
    )


Letter = Annotated[str, Path(description="国のアウトカムの記号（A～E）", examples=["E"])]
KpiId = Annotated[str, Path(description="国の KPI の ID", examples=["national/r-1"])]


@router.get(
    "/compare/outcomes/{letter}",
    summary="アウトカムに対応づけた地方版総合戦略の比較",
    responses=READ,
)
def compare_outcome(
    session: Db,
    _reader: Reader,
    letter: Letter,
    chosen: Chosen,
    year: Year = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> ComparisonOut:
    """国のアウトカム（その KPI と、その領域の KPI を含む）に確認済みの対応づけがある地方の
    KPI と、その直近の実績値・評価、都道府県別・地域区分別の達成・順調の割合。
    アウトカムには単位がないので、`comparable` はすべて false です（値は単位ごとに比べます）。"""
    found = compare.compare(session, kind="outcome", target_id=letter, year=year, filters=chosen)
    return comparison_out(found, limit=limit, offset=offset)


@router.get(
    "/compare/kpis/{kpi_id:path}",
    summary="国の KPI に対応づけた地方版総合戦略の比較",
    responses=READ,
)
def compare_kpi(
    session: Db,
    _reader: Reader,
    kpi_id: KpiId,
    chosen: Chosen,
    year: Year = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> ComparisonOut:
    """国の KPI に確認済みの対応づけがある地方の KPI。単位が国の KPI と同じものだけ
    `comparable` が true で、ほかは `reason` に理由があります。"""
    found = compare.compare(session, kind="kpi", target_id=kpi_id, year=year, filters=chosen)
    return comparison_out(found, limit=limit, offset=offset)
