"""The strategy's KPIs as reading sees them: what it needs of one, and finding one by a row."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sousei.model import YearBasis

from .errors import Problem


class KpiVersionLike(Protocol):
    """What reading uses of a KPI's current version (the store's `KpiVersionRow` is one)."""

    @property
    def doc_id(self) -> str:
        """The document's own id ("A-KPI④-1"), accepted in place of the KPI ID."""
        ...

    @property
    def target_text(self) -> str:
        """The target as written, to tell KPIs of one indicator apart in a message."""
        ...

    @property
    def target_unit(self) -> str | None: ...

    @property
    def year_basis(self) -> str | None:
        """The basis ("fiscal" or "calendar") of a period that does not say 年 or 年度."""
        ...

    @property
    def cumulative(self) -> bool: ...

    @property
    def period_start(self) -> int | None:
        """The first year of a 累計 target."""
        ...


class KpiLike(Protocol):
    """What reading uses of a KPI (the store's `KpiEntry` is one): ids, indicator, version."""

    @property
    def kpi_id(self) -> str: ...

    @property
    def indicator(self) -> str: ...

    @property
    def version(self) -> KpiVersionLike: ...


@dataclass(frozen=True, slots=True)
class KpiFacts:
    """What reading needs of a KPI, taken once (ORM attribute access is slow per row)."""

    unit: str
    basis: YearBasis | None
    cumulative_from: int | None  # first year of a 累計 target

    @classmethod
    def of(cls, kpi: KpiLike) -> KpiFacts:
        version = kpi.version
        basis = version.year_basis
        return cls(
            unit=version.target_unit or "",
            basis="fiscal" if basis == "fiscal" else "calendar" if basis == "calendar" else None,
            cumulative_from=version.period_start if version.cumulative else None,
        )


class Catalogue:
    """A strategy's KPIs, each found by its KPI ID, its document id or a unique indicator."""

    def __init__(self, kpis: Sequence[KpiLike]) -> None:
        self.kpis = kpis
        self.by_id = {k.kpi_id: k for k in kpis}
        self.by_doc_id = {k.version.doc_id: k for k in kpis}
        self.facts = {k.kpi_id: KpiFacts.of(k) for k in kpis}

    def match(self, kpi_id: str, indicator: str) -> KpiLike | Problem:
        """By id (or the document's own id), else by indicator when the name is unique."""
        if kpi_id:
            found = self.by_id.get(kpi_id) or self.by_doc_id.get(kpi_id)
            return found or Problem(f"KPI ID「{kpi_id}」が見つかりません")
        if not indicator:
            return Problem("KPI ID か指標を書いてください")
        matches = [k for k in self.kpis if k.indicator == indicator]
        if not matches:
            key = _loose(indicator)
            matches = [k for k in self.kpis if _loose(k.indicator) == key]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "、".join(
                f"{m.kpi_id}（目標: {_short(m.version.target_text, 60)}）" for m in matches[:10]
            )
            return Problem(
                f"KPI「{_short(indicator)}」は複数あります: 候補 {listed}。"
                "「KPI ID」の列で指定してください"
            )
        names = difflib.get_close_matches(
            indicator, list(dict.fromkeys(k.indicator for k in self.kpis)), n=3
        )
        near = [k for k in self.kpis if k.indicator in names][:3]
        hint = "、".join(f"{k.kpi_id}（{_short(k.indicator, 20)}）" for k in near)
        hint = f"（近いもの: {hint}）" if hint else ""
        return Problem(f"KPI「{_short(indicator)}」が見つかりません{hint}")


def _loose(text: str) -> str:
    """An indicator compared without width or spacing differences."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
