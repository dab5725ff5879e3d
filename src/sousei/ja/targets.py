"""KPI target expressions: "6,000 万人（2030 年）" → value, unit, comparator, year, flags.

`parse_target(text, note)` reads the target part of a KPI bullet (after the colon) and the
※ notes that follow it. The fields of `TargetExpr` are a public interchange format:

* comparator: ">=" 以上, ">" 超/を超える/を上回る, "<=" 以下, "<" 未満/を下回る, "=" a bare
  number; without a number: "relative" (東京圏以上, …を超える; `relative_to` names the
  compared quantity as written), else "increase" (増加, 増, 拡大, 上昇, 延伸, 伸長),
  "decrease" (減少, 減, 削減, 低減, 縮小, 抑制, 低下), "improve" (向上, 改善), "maintain"
  (維持, 堅持) — the first such word in the text wins. These words right after a number
  ("5ポイント増", "10%削減", "90%を維持") set the comparator and keep the value. Any N倍 is
  "multiple" with value N and unit 倍 ("基準値の2.0倍" also gets relative_to "基準値").
* value/unit: the last number with a unit outside parentheses, in base units (see
  `sousei.ja.units`), or a bare number before a comparator or at the end ("0.8以上", unit
  None). Kanji numerals count only right before a known unit ("三千人"). A per-year unit
  ("1,000人/年") gives unit 人 and recurring.
* target year: from the last top-level parenthesis that holds only a date ("（2030 年度）",
  "（2026年度末）", "（2029年度時点）", "（2015 年度～2027 年度累計）"), else from the last year
  written outside parentheses that is not a baseline. A parenthesis that describes something
  ("（令和5年度補正予算）", "（569 市区町村（2023 年度時点））") is never a date; nor is a
  duration ("おおむね3年"), nor a dated parenthesis that belongs to a compared quantity or a
  baseline ("現状値（2024年度）以上", "（2024年度）比"). For a range the target year is its
  end and `period_start` its start (for every range, cumulative, recurring or not).
* recurring: 毎年, 毎年度, 各年度, 年度ごと, 年あたり, 年間 before a number, "/年";
  cumulative: 累計, 累積, 通算.
* baseline_year: "2025 年と比べて", "2020年度比", "（2024年度）比", "基準年度：令和元年度",
  "基準値（2024年）", "2013年度から…削減" in the text; else the first year of a note
  sentence that mentions 基準 ("※2024 年を基準年とする。"); baseline_year_basis is its 年/年度.
* to_be_set: 今後…設定/検討, 調査の結果を踏まえて設定, 設定予定, 調査中, 検討中, 未定 in the
  text or a note — except a note sentence about later targets ("…以降の目標については、
  今後…検討"), which leaves the current target set.

Splitting: each line that starts with a bullet mark (・, -, ○ …), and each line that follows
a line ending with a dated parenthesis, starts a new target; other lines continue the previous
one (PDF line breaks). Lines from ※ on are notes. Two dated targets on one line separated by
"、" are split too. `target_text` is the target's own text as written (bullet marks removed,
broken lines joined). Blank text, or text that is only notes, gives one TargetExpr with
target_text "" (its notes still apply).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sousei.ja.dates import Period, YearBasis, YearMatch, YearRef, scan_years
from sousei.ja.numbers import NUMBER_PATTERN, parse_number
from sousei.ja.text import normalize
from sousei.ja.units import PER_YEAR, UNIT_ALIASES, canonical_unit
from sousei.model.types import Comparator  # one vocabulary for the text and the model

__all__ = ["Comparator", "TargetExpr", "parse_target"]


@dataclass(frozen=True)
class TargetExpr:
    """One dated KPI target; see the module docstring for each field's convention."""

    target_text: str
    value: Decimal | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    target_year: int | None = None
    year_basis: YearBasis | None = None
    recurring: bool = False
    cumulative: bool = False
    period_start: int | None = None
    baseline_year: int | None = None
    baseline_year_basis: YearBasis | None = None
    to_be_set: bool = False
    relative_to: str | None = None


_MASK = "\x00"
_BULLET = re.compile(r"^(?:\s*(?:[・•●○◯■□◆◇*]|[-－](?=\s)))+\s*")
_LEADING_COLON = re.compile(r"^[:：]\s*")
_MARKUP = re.compile(r"<sup>[^<]*</sup>|</?sub>")
_INLINE_SEPARATOR = re.compile(r"(?<=[)）])\s*[、，,;；]\s*")

# What may stand in a date parenthesis besides years: "（2015 年度～2027 年度累計）".
_DATE_WORDS = re.compile(
    r"累計|累積|通算|時点|までに|まで|頃|ごろ|目途|目標|毎年度|毎年|各年度|年度ごと|以降|平均"
    r"|見込み|実績|比|と比べて|と比較して|基準|末|中|の|計|に|で|から|[\s、,・～()\-]"
)
_BASELINE_AFTER = re.compile(
    r"\)?\s*(?:比|と比べ|と比較|に比べ|を基準|基準|から[^()]*?(?:削減|減少|低減|増加|向上|改善|減|増))"
)
_BASELINE_BEFORE = re.compile(r"基準(?:年度?|値)?[:は]?\s*\(?\s*$")

_COMPARATOR_WORDS: dict[str, Comparator] = {
    "以上": ">=",
    "を超える": ">",
    "超え": ">",
    "超": ">",
    "を上回る": ">",
    "上回る": ">",
    "以下": "<=",
    "未満": "<",
    "を下回る": "<",
    "下回る": "<",
}
_TREND_WORDS: dict[str, Comparator] = {
    "増加": "increase",
    "増大": "increase",
    "拡大": "increase",
    "上昇": "increase",
    "延伸": "increase",
    "伸長": "increase",
    "アップ": "increase",
    "増": "increase",
    "減少": "decrease",
    "削減": "decrease",
    "低減": "decrease",
    "縮減": "decrease",
    "縮小": "decrease",
    "抑制": "decrease",
    "低下": "decrease",
    "減": "decrease",
    "向上": "improve",
    "改善": "improve",
    "維持": "maintain",
    "堅持": "maintain",
}
_RELATIVE_MARKERS = ("を上回る", "を超える", "を超え", "以上", "以下", "を下回る", "未満", "並み")


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation trying longer words first ("人泊" before "人")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_AFTER_NUMBER = re.compile(
    rf"\s*(?:を|の)?\s*(?P<word>{_alternation([*_COMPARATOR_WORDS, *_TREND_WORDS])})"
)
_TREND = re.compile(_alternation(_TREND_WORDS))
_RELATIVE = re.compile(_alternation(_RELATIVE_MARKERS))
# A dated parenthesis followed by these belongs to the compared quantity ("現状値（2024年度）以上").
_SUBJECT_DATE = re.compile(
    rf"\s*(?:{_alternation(_RELATIVE_MARKERS)}|比|と比べ|と比較|に比べ|の\s*[\d.]+\s*倍)"
)
_SUBJECT_PREFIX = re.compile(r"^(?:毎年度|毎年|各年度)\s*")
_SUBJECT_SUFFIX = re.compile(r"\s*(?:の|を|が|より)$")

_WIDE_WORD = "\u30a0-\u30ff\u4e00-\u9fff"
_STOP = _alternation(["以上", "以下", "超", "未満", "程度", "前後", "を", "の", *_TREND_WORDS])
_UNITS = _alternation(UNIT_ALIASES)
_KANJI_NUMBER = "〇一二三四五六七八九十百千万億兆"
_QUANTITY = re.compile(
    # Arabic numbers anywhere; kanji numbers only right before a known unit ("三千人"),
    # as kanji numerals also occur in ordinary words.
    rf"(?:(?<![\dA-Za-z.,])(?P<num>[△▲\-]?{NUMBER_PATTERN})"
    rf"|(?<![{_KANJI_NUMBER}])(?P<kanji>[{_KANJI_NUMBER}]+)(?=(?:{_UNITS})(?!当たり|あたり)))\s*"
    rf"(?:(?P<unit>{_UNITS})(?P<per>/年度?)?(?![A-Za-z])"
    rf"|(?!{_STOP})(?P<generic>[{_WIDE_WORD}A-Za-z][{_WIDE_WORD}]{{0,3}}?)"
    rf"(?=(?:{_STOP})|[^{_WIDE_WORD}]|$))?"
)
_NOT_UNIT_START = "年月日度時期歳代次週"
_BARE_END = re.compile(rf"\s*(?:{_alternation(_COMPARATOR_WORDS)}|{_MASK}*$)")

_RECURRING = re.compile(r"毎年|各年度|年度ごと|年ごと|毎期|/年|年(?:あたり|当たり)|年間(?=[\d△▲])")
_CUMULATIVE = re.compile(r"累計|累積|通算")
_TO_BE_SET = re.compile(
    r"今後[^。]*?(?:設定|検討)|結果を踏まえ[^。]*?設定|設定予定|調査中|検討中|未定|未設定"
)


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: Decimal
    unit: str | None
    per_year: bool


# --- splitting -----------------------------------------------------------------------------


def _strip_marker(line: str) -> tuple[str, bool]:
    """Remove bullet marks and a leading colon; tell whether the line was a bullet."""
    body = _BULLET.sub("", line)
    bulleted = body != line
    body = _LEADING_COLON.sub("", body).strip()
    return (body or line.strip()), bulleted


def _flat(text: str) -> str:
    return normalize(_MARKUP.sub("", text)).replace("\n", "")


def _top_level_groups(text: str) -> list[tuple[int, int]]:
    """Spans of outermost parentheses; an unclosed one runs to the end (broken PDF lines)."""
    groups: list[tuple[int, int]] = []
    depth = start = 0
    for i, char in enumerate(text):
        if char in "(（":
            if depth == 0:
                start = i
            depth += 1
        elif char in ")）" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    if depth:
        groups.append((start, len(text)))
    return groups


def _is_baseline(text: str, match: YearMatch) -> bool:
    if match.period is not None:
        return False
    return bool(
        _BASELINE_AFTER.match(text, match.end) or _BASELINE_BEFORE.search(text[: match.start])
    )


def _inside(text: str, start: int, end: int) -> str:
    """The content of the group text[start:end], which may lack its closing parenthesis."""
    return text[start + 1 : end - 1 if text[end - 1] in ")）" else end]


def _date_years(content: str) -> list[YearMatch] | None:
    """Target-year candidates of a parenthesis that holds only a date, else None."""
    matches = scan_years(content)
    rest = list(content)
    for match in matches:
        rest[match.start : match.end] = [_MASK] * (match.end - match.start)
    if _DATE_WORDS.sub("", "".join(rest)).strip(_MASK):
        return None
    return [m for m in matches if not _is_baseline(content, m)]


def _last_ref(matches: list[YearMatch]) -> tuple[YearRef, Period | None] | None:
    if not matches:
        return None
    last = matches[-1]
    return last.refs[-1], last.period


def _ends_dated(text: str) -> bool:
    flat = _flat(text).rstrip("。. ")
    groups = _top_level_groups(flat)
    if not groups or groups[-1][1] != len(flat):
        return False
    return bool(_date_years(_inside(flat, *groups[-1])))


def _split_inline(chunk: str) -> list[str]:
    pieces = _INLINE_SEPARATOR.split(chunk)
    if len(pieces) > 1 and all(_ends_dated(piece) for piece in pieces):
        return pieces
    return [chunk]


def _split(text: str) -> tuple[list[str], list[str]]:
    """Split `text` into target chunks and the ※ note lines found inside it."""
    chunks: list[list[str]] = []
    notes: list[str] = []
    in_note = False
    for raw in text.splitlines():
        line, bulleted = _strip_marker(raw)
        if not raw.strip():
            continue
        if in_note and not bulleted:
            notes.append(line)
            continue
        head, mark, tail = line.partition("※")
        if mark:
            notes.append(mark + tail)
            in_note = True
            line = head.strip()
            if not line:
                continue
        else:
            in_note = False
        continues = bool(chunks) and not bulleted and not _ends_dated("".join(chunks[-1]))
        if continues or (chunks and line.startswith(("(", "（"))):
            chunks[-1].append(line)
        else:
            chunks.append([line])
    pieces = [piece for lines in chunks for piece in _split_inline("".join(lines))]
    return pieces, notes


# --- fields --------------------------------------------------------------------------------


def _target_year(
    text: str, groups: list[tuple[int, int]], matches: list[YearMatch]
) -> tuple[YearRef, Period | None] | None:
    for start, end in reversed(groups):
        if _SUBJECT_DATE.match(text, end):
            continue
        years = _date_years(_inside(text, start, end))
        if years:
            return _last_ref(years)
    outside = [
        m
        for m in matches
        if not any(s <= m.start < e for s, e in groups) and not _is_baseline(text, m)
    ]
    return _last_ref(outside)


def _baseline(text: str, matches: list[YearMatch], note: str) -> YearRef | None:
    for match in matches:
        if _is_baseline(text, match):
            return match.refs[0]
    for sentence in re.split(r"[。※]", note):
        if "基準" in sentence:
            years = scan_years(sentence)
            if years:
                return years[0].refs[0]
    return None


def _to_be_set(text: str, note: str) -> bool:
    if _TO_BE_SET.search(text):
        return True
    sentences = re.split(r"[。※]", note)
    return any(_TO_BE_SET.search(s) and "以降の目標" not in s for s in sentences)


def _quantity(match: re.Match[str]) -> _Quantity | None:
    number = match["num"] or match["kanji"]
    unit: str | None = None
    if match["unit"]:
        unit = canonical_unit(match["unit"])
    elif match["generic"] and match["generic"][0] not in _NOT_UNIT_START:
        unit = match["generic"]
    elif not _BARE_END.match(match.string, match.start() + len(number)):
        return None
    try:
        value = parse_number(number)
    except ValueError:  # a run of multipliers that is no number ("5万兆")
        return None
    end = match.end() if unit else match.start() + len(number)
    return _Quantity(match.start(), end, value, unit, bool(match["per"]))


def _last_quantity(masked: str) -> _Quantity | None:
    found = [q for m in _QUANTITY.finditer(masked) if (q := _quantity(m)) is not None]
    return found[-1] if found else None


def _subject(prefix: str) -> str | None:
    """The compared quantity in front of a marker, without 毎年-like prefixes or particles."""
    subject = _SUBJECT_SUFFIX.sub("", _SUBJECT_PREFIX.sub("", prefix.strip()))
    return subject or None


def _relative_to(written: str) -> str | None:
    groups = _top_level_groups(written)
    for match in _RELATIVE.finditer(written):
        if not any(s <= match.start() < e for s, e in groups):
            return _subject(written[: match.start()])
    return None


def _multiple_of(written: str) -> str | None:
    match = re.search(r"の\s*[△▲]?[\d０-９][\d０-９,，.．\s]*[万億]?\s*倍", written)
    return None if match is None else _subject(written[: match.start()])


def _comparison(
    masked: str, written: str
) -> tuple[Comparator | None, _Quantity | None, str | None]:
    quantity = _last_quantity(masked)
    if quantity is not None:
        if quantity.unit == "倍":
            return "multiple", quantity, _multiple_of(written)
        after = _AFTER_NUMBER.match(masked, quantity.end)
        if after is None:
            return "=", quantity, None
        word = after["word"]
        return _COMPARATOR_WORDS.get(word) or _TREND_WORDS[word], quantity, None
    relative = _RELATIVE.search(masked)
    if relative is not None and _subject(masked[: relative.start()].replace(_MASK, "")):
        return "relative", None, _relative_to(written)
    trend = _TREND.search(masked)
    if trend is not None:
        return _TREND_WORDS[trend.group()], None, None
    return None, None, None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [_MASK] * (end - start)
    return "".join(chars)


def _parse_chunk(written: str, note: str) -> TargetExpr:
    text = _flat(written)
    note_text = normalize(note).replace("\n", "")  # notes wrap like any PDF line
    matches = scan_years(text)
    groups = _top_level_groups(text)
    masked = _mask(text, groups + [(m.start, m.end) for m in matches])
    year = _target_year(text, groups, matches)
    ref, period = year if year is not None else (None, None)
    comparator, quantity, relative_to = _comparison(masked, _MARKUP.sub("", written))
    baseline = _baseline(text, matches, note_text)
    unit = quantity.unit if quantity else None
    per_year = quantity is not None and quantity.per_year
    if unit is not None and unit.endswith(PER_YEAR):
        unit, per_year = unit.removesuffix(PER_YEAR), True
    return TargetExpr(
        target_text=written,
        value=quantity.value if quantity else None,
        unit=unit,
        comparator=comparator,
        target_year=ref.year if ref else None,
        year_basis=ref.basis if ref else None,
        recurring=per_year or bool(_RECURRING.search(text)),
        cumulative=bool(_CUMULATIVE.search(text)),
        period_start=period.start if period else None,
        baseline_year=baseline.year if baseline else None,
        baseline_year_basis=baseline.basis if baseline else None,
        to_be_set=_to_be_set(text, note_text),
        relative_to=relative_to,
    )


def parse_target(text: str, note: str = "") -> list[TargetExpr]:
    """Parse a KPI target text (and its ※ notes) into one TargetExpr per dated target.

    Never raises: what cannot be read is left None.
    """
    chunks, inline_notes = _split(text)
    notes = "\n".join([note, *inline_notes])
    if not chunks:  # blank, or notes only
        chunks = [""]
    results: list[TargetExpr] = []
    for chunk in chunks:
        try:
            results.append(_parse_chunk(chunk, notes))
        except (ValueError, ArithmeticError):  # defensive: odd input must not stop a parse
            results.append(TargetExpr(target_text=chunk))
    return results
