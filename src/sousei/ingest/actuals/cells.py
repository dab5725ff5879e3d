"""One cell → its value or a `Problem`: period, value and unit, status, basis, text, URL."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sousei.ja import normalize, parse_quantity, parse_wareki, unit_dimension
from sousei.ja.dates import scan_years
from sousei.model import YearBasis
from sousei.model.actuals import DATA_STATUSES

from .errors import Problem

NO_FIGURE = frozenset(
    {"-", "－", "―", "—", "–", "ー", "…", "‥", "***", "n/a", "N/A", "集計中", "未公表", "未集計"}
)
"""What statistical tables write for "no figure yet": the cell counts as empty."""
BASIS_WORDS: dict[YearBasis, str] = {"fiscal": "年度", "calendar": "年"}

_MAX_TEXT = 2000
_STATUS_ALIASES = {
    **{s: s for s in DATA_STATUSES},
    "速報値": "速報",
    "確報値": "確報",
    "確定": "確定値",
    "推計": "推計値",
    "暫定": "暫定値",
    "見込": "見込み",
    "見込値": "見込み",
}
_BASES: dict[str, YearBasis] = {
    "年度": "fiscal",
    "会計年度": "fiscal",
    "fiscal": "fiscal",
    "fy": "fiscal",
    "年": "calendar",
    "暦年": "calendar",
    "calendar": "calendar",
    "cy": "calendar",
}
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_BARE_YEAR = re.compile(r"(1[89]\d\d|2[01]\d\d)")
_BARE_RANGE = re.compile(r"(1[89]\d\d|2[01]\d\d)～(1[89]\d\d|2[01]\d\d)")
_PERIOD_TAIL = re.compile(r"(?:末|時点|末時点|累計|実績)?")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    start: int
    end: int
    basis: YearBasis | None  # None: the text did not say 年 or 年度


@dataclass(frozen=True, slots=True)
class Unit:
    scale: Decimal
    unit: str


def fold(text: str) -> str:
    """A header name or a 期間区分 word compared without case, width, spaces or underscores."""
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", text)).lower()


def _is_formula(text: str) -> bool:
    return text.startswith("=") and len(text) > 1


def period_spec(text: str) -> PeriodSpec | Problem:
    """'2024', '2024年度', '令和6年度', 'R6', 'FY2024', '2015～2027年度(累計)'."""
    compact = re.sub(r"\s+", "", normalize(text)).strip("()（）")
    if _BARE_YEAR.fullmatch(compact):
        return PeriodSpec(int(compact), int(compact), None)
    if (bare := _BARE_RANGE.fullmatch(compact)) and bare[1] <= bare[2]:
        return PeriodSpec(int(bare[1]), int(bare[2]), None)
    matches = scan_years(compact)
    if len(matches) == 1:
        found = matches[0]
        tail = compact[: found.start] + compact[found.end :]
        if _PERIOD_TAIL.fullmatch(tail.strip("()")) and found.refs[0].month is None:
            refs = found.refs
            basis = found.period.basis if found.period else refs[0].basis
            return PeriodSpec(refs[0].year, refs[-1].year, basis)
    try:
        year = parse_wareki(compact)
    except ValueError:
        return Problem("年度として読めません（例: 2024、2024年度、令和6年度、2015～2027年度）")
    return PeriodSpec(year, year, None)


def basis_of(text: str) -> YearBasis | Problem:
    found = _BASES.get(fold(text))
    if found is None:
        return Problem("期間区分は「年度」か「年」で書いてください")
    return found


def status_of(text: str) -> str | Problem:
    found = _STATUS_ALIASES.get(normalize(text).replace(" ", ""))
    if found is None:
        return Problem(f"状態は {'、'.join(DATA_STATUSES)} のいずれかで書いてください")
    return found


def unit_of(text: str) -> Unit | Problem:
    """A unit column: '人', '万人', '千円', '%'. The multiplier belongs to the value."""
    if _is_formula(text):
        return Problem("数式は受け付けません")
    if text[:1].isdigit():  # "3,687万人" unquoted in a CSV: "3" | "687万人"
        return Problem(f"単位「{text}」は不明です（値の「,」で列が分かれていませんか）")
    try:
        one = parse_quantity("1" + text)
    except ValueError:
        return Problem(f"単位「{text}」は不明です")
    if unit_dimension(one.unit) == "unknown":
        return Problem(f"単位「{text}」は不明です")
    return Unit(one.value, one.unit)


def quantity_of(text: str) -> Unit | Problem:
    """A value cell: '36869900', '3,687万人', '1兆5,071億円', '85.2%' → value and base unit."""
    if _is_formula(text):
        return Problem("数式は受け付けません")
    found_plain = plain(text)
    if found_plain is not None:
        return found_plain
    try:
        found = parse_quantity(text)
    except ValueError:
        return Problem("数値として読めません")
    if unit_dimension(found.unit) == "unknown":
        return Problem(f"単位「{found.unit}」は不明です")
    return Unit(found.value, found.unit)


def plain(text: str) -> Unit | None:
    """The common case, a plain number ("36869900", "85.20"), read without normalising."""
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    digits = text.replace(",", "").lstrip("+")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")  # tidy: 85.20 → 85.2, 50.0 → 50
    return Unit(Decimal(digits), "")


def beyond_storage(value: Decimal) -> str | None:
    """Why the store's NUMERIC(38, 10) cannot hold a value exactly, if it cannot."""
    if value.adjusted() >= 28:
        return "値が大きすぎます（整数部は 28 桁まで）"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -10:
        return "小数点以下は 10 桁までです"
    return None


def text_of(text: str, limit: int = _MAX_TEXT) -> str | Problem | None:
    """Free text, kept as written (a leading '=' too: exports make it inert)."""
    if len(text) > limit:
        return Problem(f"長すぎます（{limit:,} 文字まで）")
    return text or None


def url_of(text: str) -> str | Problem | None:
    if text and not _URL.fullmatch(text):
        return Problem("URL は http:// または https:// で始まる 1 つのアドレスにしてください")
    return text_of(text)
