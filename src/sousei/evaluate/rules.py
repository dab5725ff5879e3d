"""Rule sets (評価基準): the labels, thresholds and formulas of one evaluation scheme, from TOML.

A rule set is configuration, not code: `data/rulesets/*.toml` ships the national default and
examples of the scales local governments use. Every key is described in docs/formulas.md
("Rule-set files"). A file is read with tomllib and validated into the frozen `RuleSet`; any
problem raises `RuleSetError`, whose Japanese message names the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import StrictBool, ValidationError, field_validator, model_validator

from sousei.model.types import Frozen

from .arith import CONTEXT

__all__ = [
    "DEFAULT_RULE_SET",
    "SPECIAL_STATES",
    "Label",
    "Measure",
    "RollUpRule",
    "RuleSet",
    "RuleSetError",
    "SpecialLabel",
    "SpecialLabels",
    "Threshold",
    "YesNo",
    "available_rule_sets",
    "contrast_on_white",
    "load_rule_set",
    "parse_rule_set",
]

DEFAULT_RULE_SET = "national"
SPECIAL_STATES = ("no_data", "not_due", "not_assessable")
"""データなし, 対象外, 評価不能: states of their own, outside the ordered labels."""

Measure = Literal["path_progress", "target_progress", "achievement"]
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_AA_CONTRAST = Decimal("4.5")  # WCAG 2 AA for normal text
_PACKAGE_DIR = ("data", "rulesets")


class RuleSetError(Exception):
    """A rule-set file that cannot be used; the message (Japanese) names the file and key."""


def contrast_on_white(colour: str) -> Decimal:
    """WCAG 2 contrast ratio of a #RRGGBB colour against white (1 to 21)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    # Float is fine here: a colour check, not a KPI figure; rounded before comparing.
    return Decimal(f"{1.05 / (luminance + 0.05):.2f}")


def _check_colour(value: str) -> str:
    if not _HEX.fullmatch(value):
        raise ValueError(f"色は #RRGGBB の形で書いてください（{value!r}）")
    ratio = contrast_on_white(value)
    if ratio < _AA_CONTRAST:
        raise ValueError(
            f"色 {value} は白地の文字として読みにくい（コントラスト比 {ratio}、4.5 以上が必要）"
        )
    return value.upper()


def _exact(value: Any) -> Any:
    """TOML floats become exact decimals through their shortest repr (80.5 → Decimal('80.5'))."""
    return Decimal(repr(value)) if isinstance(value, float) else value


class SpecialLabel(Frozen):
    """特別な状態の表示 — how データなし / 対象外 / 評価不能 are written in this scheme."""

    text: str
    colour: str
    description: str = ""

    @field_validator("colour")
    @classmethod
    def _valid_colour(cls, value: str) -> str:
        return _check_colour(value)


class Label(SpecialLabel):
    """評価区分 — one ordered label of a scale (順調, A, ◎ …)."""

    id: str


class SpecialLabels(Frozen):
    """特別な状態 — データなし (no_data), 対象外 (not_due), 評価不能 (not_assessable)."""

    no_data: SpecialLabel
    not_due: SpecialLabel
    not_assessable: SpecialLabel


class Threshold(Frozen):
    """閾値 — the label given when the measure reaches a bound (in percent in the file)."""

    label: str
    at_least: Decimal | None = None
    above: Decimal | None = None

    @field_validator("at_least", "above", mode="before")
    @classmethod
    def _exact_bound(cls, value: Any) -> Any:
        return _exact(value)

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if self.at_least is not None and self.above is not None:
            raise ValueError("at_least と above はどちらか一方だけを書いてください")
        return self

    @property
    def bound(self) -> Decimal | None:
        """The bound as a fraction (80 % → 0.8), or None for the catch-all."""
        percent = self.at_least if self.at_least is not None else self.above
        return None if percent is None else CONTEXT.divide(percent, Decimal(100))

    def admits(self, measure: Decimal) -> bool:
        bound = self.bound
        if bound is None:
            return True
        return measure > bound if self.above is not None else measure >= bound


class YesNo(Frozen):
    """二値判定 — labels where no ratio applies: trend, relative, 維持 and zero-gap targets."""

    met: str
    not_met: str
    on_track: str
    off_track: str


class RollUpRule(Frozen):
    """集計規則 — a node's summary is the best label reached by `share` % of its KPIs."""

    share: Decimal

    @field_validator("share", mode="before")
    @classmethod
    def _exact_share(cls, value: Any) -> Any:
        return _exact(value)

    @field_validator("share")
    @classmethod
    def _in_range(cls, value: Decimal) -> Decimal:
        if not 0 < value <= 100:
            raise ValueError("share は 0 より大きく 100 以下の百分率で書いてください")
        return value

    @property
    def fraction(self) -> Decimal:
        return CONTEXT.divide(self.share, Decimal(100))


class RuleSet(Frozen):
    """評価基準 — one evaluation scheme: labels, thresholds, formulas and interim targets."""

    id: str
    name: str
    description: str = ""
    labels: tuple[Label, ...]
    special: SpecialLabels
    measure: Measure
    achievement_formula: Literal["ratio", "gap"]
    achievement_base: Literal["interim", "final"]
    interim: Literal["straight", "n20", "explicit"]
    final: Literal["yes_no", "thresholds"]
    early_achievement: StrictBool = False
    thresholds: tuple[Threshold, ...]
    yes_no: YesNo
    rollup: RollUpRule

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        problems = [*_label_problems(self), *_threshold_problems(self), *_yes_no_problems(self)]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # -- lookups -------------------------------------------------------------------------

    def rank(self, label_id: str) -> int:
        """Position of a label, 0 = best; special states rank after every label."""
        for index, label in enumerate(self.labels):
            if label.id == label_id:
                return index
        return len(self.labels) + (
            SPECIAL_STATES.index(label_id) if label_id in SPECIAL_STATES else 3
        )

    def text(self, status: str) -> str:
        return self._display(status)[0]

    def colour(self, status: str) -> str:
        return self._display(status)[1]

    def _display(self, status: str) -> tuple[str, str]:
        if status in SPECIAL_STATES:
            special: SpecialLabel = getattr(self.special, status)
            return special.text, special.colour
        for label in self.labels:
            if label.id == status:
                return label.text, label.colour
        raise KeyError(status)

    def grade(self, measure: Decimal) -> Threshold:
        """The first threshold the measure reaches (the last one catches everything)."""
        for threshold in self.thresholds:
            if threshold.admits(measure):
                return threshold
        return self.thresholds[-1]

    def cut_only_at_full(self) -> bool:
        """Whether every bound is exactly 100 %: then 上回る/下回る says all (no ratio shown)."""
        return all(t.bound in (None, Decimal(1)) for t in self.thresholds)


def _label_problems(rules: RuleSet) -> list[str]:
    problems: list[str] = []
    if not rules.labels:
        problems.append("キー「labels」: ラベルを 1 つ以上定義してください")
    seen: set[str] = set()
    for index, label in enumerate(rules.labels):
        key = f"キー「labels[{index}].id」"
        if label.id in seen:
            problems.append(f"{key}: ラベル ID「{label.id}」が重複しています")
        if label.id in SPECIAL_STATES:
            problems.append(f"{key}: 「{label.id}」は特別な状態の ID なので使えません")
        seen.add(label.id)
    return problems


def _threshold_problems(rules: RuleSet) -> list[str]:
    ids = {label.id for label in rules.labels}
    problems: list[str] = []
    if not rules.thresholds:
        return ["キー「thresholds」: 閾値を 1 つ以上定義してください"]
    previous: Threshold | None = None
    for index, threshold in enumerate(rules.thresholds):
        key = f"キー「thresholds[{index}]」"
        last = index == len(rules.thresholds) - 1
        if threshold.label not in ids:
            problems.append(f"{key}.label: ラベル「{threshold.label}」が labels にありません")
        if (threshold.bound is None) != last:
            problems.append(
                f"{key}: 最後の閾値だけが下限なし（at_least / above を書かない）にしてください"
            )
        if previous is not None and threshold.label in ids and previous.label in ids:
            if rules.rank(threshold.label) < rules.rank(previous.label):
                problems.append(f"{key}.label: 閾値は良いラベルから順に並べてください")
            if _looser(previous, threshold):
                problems.append(f"{key}: 下限は上から順に小さくしてください")
        previous = threshold
    return problems


def _looser(upper: Threshold, lower: Threshold) -> bool:
    """Whether `lower` (listed later) admits no more than `upper` would — a shadowed rule."""
    if upper.bound is None or lower.bound is None:
        return False
    if lower.bound != upper.bound:
        return lower.bound > upper.bound
    return not (upper.above is not None and lower.at_least is not None)


def _yes_no_problems(rules: RuleSet) -> list[str]:
    ids = {label.id for label in rules.labels}
    pairs = rules.yes_no.model_dump()
    problems = [
        f"キー「yes_no.{name}」: ラベル「{value}」が labels にありません"
        for name, value in pairs.items()
        if value not in ids
    ]
    if problems:
        return problems
    yn = rules.yes_no
    if rules.rank(yn.met) > rules.rank(yn.not_met):
        problems.append("キー「yes_no.met」: met は not_met より良いラベルにしてください")
    if rules.rank(yn.on_track) > rules.rank(yn.off_track):
        problems.append(
            "キー「yes_no.on_track」: on_track は off_track より良いラベルにしてください"
        )
    best_threshold = min(rules.rank(t.label) for t in rules.thresholds if t.label in ids)
    if rules.early_achievement and rules.rank(yn.met) > best_threshold:
        problems.append(
            "キー「yes_no.met」: early_achievement では met をどの閾値のラベルより良くしてください"
        )
    return problems


# -- loading ---------------------------------------------------------------------------------

_MESSAGES = {
    "missing": "必須のキーがありません",
    "extra_forbidden": "不明なキーです",
    "bool_type": "true か false を書いてください",
    "string_type": "文字列を書いてください",
    "decimal_parsing": "数値を書いてください",
    "decimal_type": "数値を書いてください",
    "tuple_type": "配列（[[…]] または […]）を書いてください",
    "model_type": "表（[…]）を書いてください",
    "model_attributes_type": "表（[…]）を書いてください",
}


def _key(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: Any) -> list[str]:
    kind = error["type"]
    if kind == "value_error":
        text = str(error["ctx"]["error"])
        if not error["loc"]:  # cross-key checks name their keys themselves
            return text.splitlines()
        return [f"キー「{_key(error['loc'])}」: {text}"]
    if kind == "literal_error":
        text = f"次のいずれかを書いてください: {error['ctx']['expected']}"
    else:
        text = _MESSAGES.get(kind, f"値が正しくありません（{error['msg']}）")
    return [f"キー「{_key(error['loc'])}」: {text}"]


def parse_rule_set(data: dict[str, Any], *, origin: str) -> RuleSet:
    """Validate decoded TOML; `origin` (a file name) prefixes every error line."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as error:
        lines = [line for item in error.errors() for line in _message(item)]
        detail = "\n".join(f"  {line}" for line in lines)
        raise RuleSetError(f"ルールセット {origin} が正しくありません:\n{detail}") from None


def _read(source: Path | Traversable, origin: str) -> RuleSet:
    """Read and validate a rule-set file (a path, or a file shipped in the package)."""
    try:
        data = tomllib.loads(source.read_text("utf-8"))
    except FileNotFoundError:
        raise RuleSetError(f"ルールセットのファイル {origin} がありません") from None
    except UnicodeDecodeError:
        raise RuleSetError(f"ルールセット {origin} は UTF-8 で保存してください") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(
            f"ルールセット {origin} の TOML の書き方が正しくありません: {error}"
        ) from None
    return parse_rule_set(data, origin=origin)


def _bundled_dir() -> Traversable:
    return files("sousei").joinpath(*_PACKAGE_DIR)


def available_rule_sets() -> tuple[str, ...]:
    """Names of the shipped rule sets ("local-3level", "national", …), sorted."""
    names = (f.name for f in _bundled_dir().iterdir() if f.name.endswith(".toml"))
    return tuple(sorted(name.removesuffix(".toml") for name in names))


@lru_cache(maxsize=32)
def _bundled(name: str) -> RuleSet:
    return _read(_bundled_dir().joinpath(f"{name}.toml"), f"{name}.toml")


def load_rule_set(name_or_path: str | Path = DEFAULT_RULE_SET) -> RuleSet:
    """A shipped rule set by name ("national"), or a TOML file by path."""
    if isinstance(name_or_path, Path) or name_or_path.endswith(".toml") or "/" in name_or_path:
        path = Path(name_or_path)
        return _read(path, str(path))
    if name_or_path not in available_rule_sets():
        names = "、".join(available_rule_sets())
        raise RuleSetError(f"ルールセット「{name_or_path}」はありません（利用可能: {names}）")
    return _bundled(name_or_path)
