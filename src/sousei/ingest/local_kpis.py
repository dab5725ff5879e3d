"""KPI rows of a local strategy: table headers, 基準値/目標値 cells and bullet KPIs → `Kpi`.

A local strategy states each KPI as 指標 / 基準値 / 目標値, in a table or in a bullet. The
year of a value is in its cell ("120件（R5）", "3,012千円（令和5年度）") or in the column
header ("基準値（令和5年度）"); a header "基準値（年度）" gives only the basis of the years in its
cells, which are then written without 年/年度 ("（R5）", "（H30～R4）"). A cell is read by
`sousei.ja.parse_target` once its bare years have their 年/年度 back; what `ja` leaves unread
here is a value in 歳 or 年 ("84.6歳", "72.8年"), which this module reads itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sousei.ja import TargetExpr, find_years, normalize, parse_number, parse_target
from sousei.model import Kpi, SourceSpan, Target, YearBasis

from .tables import CellKinds

# -- headers ------------------------------------------------------------------------------------

ROLES = ("indicator", "unit", "baseline_year", "target_year", "baseline", "target")
_HEADER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("indicator", re.compile(r"^(?:重要業績評価|評価|成果|数値)?指標(?:名)?|^数値目標|^項目|^KPI")),
    ("unit", re.compile(r"^単位")),
    ("baseline_year", re.compile(r"^(?:基準|現状|現況)(?:年度|年|時点)")),
    ("target_year", re.compile(r"^目標(?:年度|年|時期|時点)")),
    ("baseline", re.compile(r"^(?:基準|現状|現況|(?:計画)?策定時|当初|直近|現在|実績)")),
    ("target", re.compile(r"^(?:最終)?目標")),
    ("note", re.compile(r"^(?:備考|出典|担当|説明|考え方)")),
]
_HEADER_CELL = re.compile(
    r"^(?:(?:重要業績評価|評価|成果|数値)?指標(?:名)?|数値目標|項目|KPI|単位|備考|出典|担当課?"
    r"|(?:基準|現状|現況|(?:最終)?目標)(?:値|年度|年|時期|時点)?|(?:計画)?策定時|(?:当初|直近|現在|実績)値?"
    r"|年度|年|時点)"
    r"\s*(?:[（(][^（）()]*[）)])?$"
)
_FIRST_HEADER_CELL = re.compile(
    r"^(?:(?:重要業績評価|評価|成果|数値)?指標(?:名)?|数値目標|項目|KPI)(?:\([^()]{1,12}\))?$"
)
_YEAR_ONLY = re.compile(r"^(?:年度|年|時点|年次)$")
_UNIT_IN_HEADER = re.compile(r"単位\s*[:：]\s*([^）)]+)")


@dataclass(frozen=True)
class Column:
    """A column of a KPI table: what it holds, and the year or basis its header gives."""

    role: str
    year: int | None = None
    basis: YearBasis | None = None
    unit: str | None = None


def header_columns(cells: list[str] | None, width: int) -> list[Column]:
    """The columns named by a header row; by position when there is none."""
    if cells is None:
        default = ["indicator", "baseline", "target"] if width >= 3 else ["indicator", "target"]
        return [Column(default[i] if i < len(default) else "note") for i in range(width)]
    columns: list[Column] = []
    for index, cell in enumerate(cells):
        flat = _with_suffixes(normalize(cell).replace(" ", ""), None)  # "基準値（R5）"
        role = next((r for r, p in _HEADER_WORDS if p.search(flat)), None)
        if role is None and columns and _YEAR_ONLY.match(flat):
            # a header in two rows: 基準値 over 数値 | 年度 — the year of the column before
            role = {"baseline": "baseline_year", "target": "target_year"}.get(columns[-1].role)
        if role is None:
            role = "indicator" if index == 0 else "note"
        years = find_years(flat)
        year = years[-1].year if years else None
        basis: YearBasis | None = years[-1].basis if years else None
        if basis is None and "年度" in flat:
            basis = "fiscal"
        elif basis is None and re.search(r"[（(]\s*年\s*[）)]", flat):
            basis = "calendar"
        unit = _UNIT_IN_HEADER.search(flat)
        columns.append(Column(role, year, basis, unit.group(1).strip() if unit else None))
    return columns


# -- cells --------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"^(?:[-－―ー—─‐–]+|新規|調査中|集計中|未定|未設定|設定なし|なし|―)$")
_TO_BE_SET = ("調査中", "集計中", "未定", "未設定")
_FOOTNOTE_MARK = re.compile(r"※\s*[0-9０-９]*")
_DAY = re.compile(r"(\d{1,2}月)\d{1,2}日")
_DOTTED = re.compile(
    r"(?<![A-Za-z])(令和|平成|昭和|[RHS])\.?(元|\d{1,2})\.(\d{1,2})(?:\.\d{1,2})?(?!\d)"
)
_BARE_ERA = re.compile(r"(?<![A-Za-z])(令和|平成|昭和|[RHS])\.?(元|\d{1,2})(?![\d年.月])")
_BARE_WESTERN = re.compile(r"(?<=[(～])((?:19|20)\d\d)(?=[)～])")
_PARENS = re.compile(r"\([^()]*\)")
_NUMBER_UNIT = re.compile(
    r"(?<![\d.,和成昭RHS元])([△▲-]?\d[\d,]*(?:\.\d+)?)\s*(歳|年|か月|ヶ月|カ月|日|時間|分)(?![度間])"
)
_QUALITATIVE = re.compile(r"増加|減少|維持|向上|延伸|改善|削減|低減|抑制|拡大|上昇|縮小|均衡|堅持")
_KANJI_VALUE = re.compile(r"[〇一二三四五六七八九十百千万]+[人件円]")
_N_YEARS = re.compile(r"(\d+)年間(?:の)?累計")
_LEADING_NUMBER = re.compile(r"^([△▲-]?[\d,]+(?:\.\d+)?)(?![\d,.])")


def _with_suffixes(text: str, basis: YearBasis | None) -> str:
    """Give bare years their 年/年度 back: "(R5)" → "(R5年度)" under a header in 年度."""
    suffix = "年" if basis == "calendar" else "年度"
    text = _DAY.sub(r"\1", text).replace("現在", "時点")
    text = _DOTTED.sub(r"\1\2年\3月", text)
    text = _BARE_ERA.sub(lambda m: f"{m.group(1)}{m.group(2)}{suffix}", text)
    return _BARE_WESTERN.sub(lambda m: f"{m.group(1)}{suffix}", text)


def is_placeholder(text: str) -> bool:
    """ "－", 新規, 調査中 …: a cell that holds no value."""
    return bool(_PLACEHOLDER.match(normalize(text).replace(" ", "")))


def _unit_fallback(text: str) -> tuple[Decimal, str] | None:
    """A value in 歳, 年 or the like, which `ja` leaves unread: "84.6歳", "72.8年"."""
    for match in _NUMBER_UNIT.finditer(_PARENS.sub("", text)):
        value = parse_number(match.group(1))
        if match.group(2) == "年" and value >= 1800:
            continue  # a year, not a duration
        return value, match.group(2)
    return None


def read_cell(written: str, column: Column, unit: str | None = None) -> TargetExpr | None:
    """A 基準値 or 目標値 cell; None when it holds nothing ("－", 新規, an empty cell)."""
    text = _FOOTNOTE_MARK.sub("", written).strip()
    if not text:
        return None
    flat = normalize(text).replace("\n", "")
    if _PLACEHOLDER.match(flat.replace(" ", "")):
        to_be_set = any(word in flat for word in _TO_BE_SET)
        return TargetExpr(target_text=written, to_be_set=True) if to_be_set else None
    flat = _with_suffixes(flat, column.basis)
    expr = parse_target(flat)[-1]
    unit = unit or column.unit
    if unit and not is_placeholder(unit) and expr.value is not None and not expr.unit:
        # a bare number under a unit column or "（単位：千円）": the unit with its multiplier
        flat = _LEADING_NUMBER.sub(lambda m: m.group(1) + normalize(unit), flat, count=1)
        expr = parse_target(flat)[-1]
    found = vars(expr) | {"target_text": written}
    if expr.value is None and expr.comparator in (None, "="):
        fallback = _unit_fallback(flat)
        if fallback is not None:
            found |= {"value": fallback[0], "unit": fallback[1], "comparator": "="}
    dated = found["value"] is not None or found["comparator"] is not None
    if found["target_year"] is None and column.year is not None and dated:
        found |= {"target_year": column.year, "year_basis": column.basis}
    if found["cumulative"] and found["period_start"] is None and found["target_year"]:
        years = _N_YEARS.search(flat)
        if years:
            found["period_start"] = found["target_year"] - int(years.group(1)) + 1
    return TargetExpr(**found)


def is_value(text: str) -> bool:
    """Whether a line holds (or starts) a value rather than words: for one-cell-per-line
    tables, where an indicator may wrap onto a second line."""
    flat = normalize(text).replace(" ", "")
    if not flat:
        return False
    if _PLACEHOLDER.match(flat) or _QUALITATIVE.search(flat) or _KANJI_VALUE.search(flat):
        return True
    return bool(re.search(r"\d", _PARENS.sub("", flat))) and not flat.endswith("の")


def is_complete(text: str) -> bool:
    """Whether a value cell needs nothing more: "250人" yes, "5年間累計" no."""
    flat = normalize(text).replace(" ", "")
    if _PLACEHOLDER.match(flat):
        return True
    expr = read_cell(text, Column("target"))
    return expr is not None and (expr.value is not None or expr.comparator is not None)


def is_header_cell(text: str) -> bool:
    """A cell of a KPI table's header: 指標, 基準値（令和5年度）, 目標年度, 単位 …"""
    return len(text) <= 40 and bool(_HEADER_CELL.match(normalize(text).replace(" ", "")))


def starts_header(text: str) -> bool:
    """The first cell of a KPI table's header: 指標, 数値目標, 項目, KPI …"""
    return len(text) <= 16 and bool(_FIRST_HEADER_CELL.match(normalize(text).replace(" ", "")))


CELL_KINDS = CellKinds(
    starts_header=starts_header,
    is_header=is_header_cell,
    is_value=is_value,
    is_complete=is_complete,
)

# -- bullets ------------------------------------------------------------------------------------

BULLET_MARK = re.compile(r"^[・○◯◇◆■□●◎▪▫*＊]\s*")
KEYWORD_START = re.compile(
    r"^(?:基準値|現状値|現況値|目標値|策定時)(?=[\s:：\d０-９△▲（(]|$)|^(?:基準|現状|目標)\s*[:：]"
)
UNIT_LINE = re.compile(r"^[（(]?\s*単位\s*[:：]\s*([^）)]+?)\s*[）)]?$")
_BASE_KEY = re.compile(
    r"(?:基準値|現状値|現況値|策定時|(?:基準|現状)(?=\s*[:：]))(?![のと比以])\s*[:：]?"
)
_TARGET_KEY = re.compile(r"(?:目標値|目標(?=\s*[:：]))\s*[:：]?")
_ARROW = re.compile(r"\s*(?:→|⇒|➡|⇨|➔|->)\s*")
_TRIM = " \u3000\t：:／/、,→⇒"
_INDICATOR_PREFIX = re.compile(r"^指標\s*[:：]\s*")


@dataclass(frozen=True)
class BulletKpi:
    """The three parts of a KPI written as a bullet."""

    indicator: str
    baseline: str | None
    target: str | None


def _trim(text: str | None) -> str | None:
    if text is None:
        return None
    trimmed = text.strip(_TRIM)
    return trimmed or None


def _split_value(text: str) -> tuple[str, str | None]:
    """Indicator and value of "観光入込客数　12.4万人（R5年）" (a gap or a colon between)."""
    for separator in ("：", ":"):
        if separator in text:
            head, _, tail = text.rpartition(separator)
            if is_value(tail):
                return head, tail
    parts = re.split(r"[ \u3000\t]+", text.strip())
    if len(parts) > 1 and is_value(parts[-1]):
        return " ".join(parts[:-1]), parts[-1]
    return text, None


def split_bullet(text: str) -> BulletKpi:
    """指標 / 基準値 / 目標値 of a bullet: by the words 基準値・目標値, by an arrow, or by a gap."""
    text = _INDICATOR_PREFIX.sub("", text.strip())
    baseline: str | None
    target: str | None
    base = _BASE_KEY.search(text)
    if base is not None and base.start() > 0:
        indicator, rest = text[: base.start()], text[base.end() :]
        aim = _TARGET_KEY.search(rest) or _ARROW.search(rest)
        baseline, target = (rest[: aim.start()], rest[aim.end() :]) if aim else (rest, None)
        if target is not None:
            target = _TARGET_KEY.sub("", _ARROW.sub("", target, count=1), count=1)
    elif (arrow := _ARROW.search(text)) is not None:
        indicator, baseline = _split_value(text[: arrow.start()])
        target = _TARGET_KEY.sub("", text[arrow.end() :], count=1)
    elif (aim := _TARGET_KEY.search(text)) is not None and aim.start() > 0:
        indicator, baseline, target = text[: aim.start()], None, text[aim.end() :]
    else:
        indicator, target = _split_value(text)
        baseline = None
    return BulletKpi(_trim(indicator) or "", _trim(baseline), _trim(target))


def clean_indicator(text: str) -> str:
    return _FOOTNOTE_MARK.sub("", text).strip(_TRIM)


def footnote_refs(text: str) -> list[str]:
    """The footnote numbers an indicator points at: "所得※1" → ["1"]."""
    return [normalize(m).strip("※ ") for m in re.findall(r"※\s*[0-9０-９]+", text)]


# -- KPI ----------------------------------------------------------------------------------------


@dataclass
class KpiRow:
    """A KPI as read from a table row or a bullet, before its owner is known."""

    indicator: str
    baseline: str | None
    target: str | None
    baseline_column: Column
    target_column: Column
    unit: str | None
    text: str
    start: int
    end: int
    refs: list[str]


def build_kpi(
    row: KpiRow, *, kpi_id: str, level: str, owner: str, notes: tuple[str, ...]
) -> tuple[Kpi, bool]:
    """The Kpi of a row, and whether its target could be read."""
    base = read_cell(row.baseline, row.baseline_column, row.unit) if row.baseline else None
    aim = read_cell(row.target, row.target_column, row.unit) if row.target else None
    base_year = base.target_year if base else None
    base_basis = base.year_basis if base else None
    if base_year is None and aim is not None and aim.baseline_year is not None:
        base_year, base_basis = aim.baseline_year, aim.baseline_year_basis  # "令和元年度比"
    target = Target(
        text=row.target or "",
        value=aim.value if aim else None,
        unit=aim.unit if aim else None,
        comparator=aim.comparator if aim else None,
        target_year=aim.target_year if aim else None,
        year_basis=aim.year_basis if aim else None,
        recurring=aim.recurring if aim else False,
        cumulative=aim.cumulative if aim else False,
        period_start=aim.period_start if aim else None,
        baseline_year=base_year,
        baseline_year_basis=base_basis,
        baseline_period_start=base.period_start if base else None,
        baseline_value=base.value if base else None,
        baseline_unit=base.unit if base and base.value is not None else None,
        baseline_text=row.baseline,
        to_be_set=aim.to_be_set if aim else False,
        relative_to=aim.relative_to if aim else None,
    )
    kpi = Kpi(
        id=kpi_id,
        level=level,  # type: ignore[arg-type]  # "outcome" or "output", set by the parser
        owner=owner,
        label="数値目標" if level == "outcome" else "KPI",
        indicator=row.indicator,
        target=target,
        text=row.text,
        notes=notes,
        lines=SourceSpan(start=row.start, end=row.end),
    )
    readable = aim is not None and (
        aim.value is not None or aim.comparator is not None or aim.to_be_set
    )
    return kpi, readable
