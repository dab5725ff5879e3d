"""Mutable drafts the parser fills line by line before it freezes them into the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sousei.model import SourceSpan

_SENTENCE_END = ("。", "」", "）", ")", "：", ":")


@dataclass
class Prose:
    """Paragraphs of running text; a paragraph broken by a page or a footnote is rejoined."""

    paragraphs: list[list[str]] = field(default_factory=list)
    _open: bool = False

    def add(self, text: str) -> None:
        if self._open:
            self.paragraphs[-1].append(text)
        else:
            self.paragraphs.append([text])
            self._open = True

    def close(self) -> None:
        self._open = False

    def render(self) -> str:
        out: list[str] = []
        for paragraph in self.paragraphs:
            text = "".join(paragraph)
            if out and not out[-1].endswith(_SENTENCE_END):
                out[-1] += text  # the PDF broke this sentence across a page or a footnote
            else:
                out.append(text)
        return "\n".join(out)


@dataclass
class Draft:
    """An element being read: its fields so far, its lines and its prose."""

    fields: dict[str, Any]
    start: int
    end: int
    prose: Prose = field(default_factory=Prose)

    def touch(self, line: int) -> None:
        self.end = max(self.end, line)

    def span(self) -> SourceSpan:
        return SourceSpan(start=self.start, end=self.end)


@dataclass
class KpiDraft:
    """A KPI bullet being read: its text pieces, sub-bullet targets and ※ notes."""

    level: str
    owner: str
    label: str | None
    heading: str | None
    start: int
    end: int
    parts: list[str] = field(default_factory=list)
    subtargets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    open_break: bool = False

    def text(self) -> str:
        return "".join(part.strip() for part in self.parts)

    def separator(self) -> str | None:
        text = self.text()
        if "：" in text:
            return "："
        return ":" if ":" in text else None

    def awaits_target(self) -> bool:
        """True while the bullet has no target yet (it was carried to a later line)."""
        sep = self.separator()
        return sep is None or not self.text().split(sep, 1)[1].strip()
