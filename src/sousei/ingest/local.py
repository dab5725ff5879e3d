"""Parser for the local strategy family (地方版総合戦略: a prefecture's, city's or town's).

The documents differ in layout but share a shape: chapters of prose, then 基本目標 1–4, each
with a 数値目標 table, its 施策の基本的方向, and 具体的な施策 numbered ① or (1) (sometimes ①
under (1) groups), each with a 重要業績評価指標（KPI） table or bullet list. They map onto the
model as:

* 基本目標 N → `Outcome` "N" (no impact above it), its 数値目標 → KPIs of level outcome,
  owner "N";
* its 施策の基本的方向 → one `Area` "N" under that outcome, holding the direction's prose;
* 具体的な施策 → `Measure`s of that area, path "N/m" (or "N/g/m" under (g) groups), each
  施策's KPIs → level output, owner the measure's path; 主な取組・主な事業 → `Project`s.

Two numbering styles, (1) and ①, may nest. Which level is the 施策 is decided for the whole
document by where the KPI tables sit: when the inner items each have their own table they are
the 施策 and the outer headings group them; when one table follows the last inner item, the
outer headings are the 施策 and the inner items their 取組.

Page furniture (running headers, page numbers) is recognised and dropped; ※ footnotes become
`Footnote`s and are linked to the KPIs that point at them. Every other non-blank line lands in
the model or in a `ParseWarning` with its line number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sousei.ja import normalize
from sousei.model import (
    Area,
    Footnote,
    Kpi,
    Measure,
    Outcome,
    ParseWarning,
    Project,
    Section,
    SourceSpan,
    Strategy,
)

from . import lines
from .drafts import Prose
from .lines import Line
from .local_kpis import (
    BULLET_MARK,
    CELL_KINDS,
    KEYWORD_START,
    UNIT_LINE,
    Column,
    KpiRow,
    build_kpi,
    clean_indicator,
    footnote_refs,
    header_columns,
    is_header_cell,
    is_value,
    split_bullet,
    starts_header,
)
from .national import NotAStrategyError
from .source import SourceText
from .tables import Row, Table, TableReader, is_noise, is_separator, markdown_cells, tsv_cells

# -- line patterns ------------------------------------------------------------------------------

_OPEN = re.escape("【［[〔＜<《〈（(■□◆◇●○◎▼▽▶►・")
_CLOSE = re.escape("】］]〕＞>》〉）)")
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_KANJI = "一二三四五六七八九十"
_GOAL = re.compile(
    rf"^[{_OPEN}]?\s*基本目標\s*[（(]?\s*"
    rf"(?P<n>[0-9０-９]{{1,2}}|[{_KANJI}]{{1,2}}|[{_ROMAN}]|IV|V?I{{1,3}}|V)"
    rf"(?![0-9０-９])\s*[）)]?\s*[{_CLOSE}]?\s*[:：.．、]?\s*(?P<title>.*)$"
)
_PARTICLE = re.compile(r"^[でのにはをとがもや]")
_PAREN_HEADING = re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*([^。\t|]{1,80})$")
_CIRCLED_HEADING = re.compile(r"^([①-⑳])\s*([^。\t|]{1,80})$")
_NUMERIC_TARGETS = re.compile(r"^(?:基本目標の)?数値目標(?:[（(][^）)]*[）)])?$")
_DIRECTION = re.compile(r"^(?:施策の|講ずべき施策に関する|施策展開の)?基本的(?:な)?方向(?:性)?$")
_MEASURES = re.compile(r"^具体的(?:な)?施策.{0,30}$")
_KPIS = re.compile(r"^(?:重要業績評価指標|KPI)(?:\((?:KPI|重要業績評価指標)\))?$")
_SITUATION = re.compile(r"^(?:現状と課題|現状・課題|課題|現状)$")
_PROJECTS = re.compile(r"^主な(?:取組|取り組み|事業)(?:内容)?$")
_PAGE_NUMBER = re.compile(
    r"^[-－―ー—–‐─]\s*[0-9０-９]{1,3}\s*[-－―ー—–‐─]$|^[PpＰｐ]\.?\s*[0-9０-９]{1,3}$"
)
_BARE_NUMBER = re.compile(r"^[0-9０-９]{1,3}$")
_FOOTNOTE = re.compile(r"^※\s*([0-9０-９]{1,2})?[\s.．:：)）]*(.+)$")
_RULE = re.compile(r"^(?:-{3,}|_{3,}|\*{3,}|[─━]{3,})$")
_SENTENCE = re.compile(r"。[」）)]?$")
_INLINE_MARKER = re.compile(r"^([【＜<［\[〔《][^】＞>］\]〕》]{2,16}[】＞>］\]〕》])\s*(\S.*)$")
_MARKER_LENGTH = 48  # a marker is a few words; longer lines are never one
_NUMBERING = re.compile(r"^\s*(?:\(\s*\d+\s*\)|[①-⑳])\s*")


_PAIRS = {"】": "【", "]": "[", "〕": "〔", ">": "<", "》": "《", "〉": "〈", ")": "("}


def _bare(text: str) -> str:
    """A marker's words without its brackets or bullet mark: "【数値目標】" → "数値目標",
    "＜重要業績評価指標（KPI）＞" → "重要業績評価指標(KPI)"."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip(":")
    text = re.sub(rf"^[{_OPEN}]+", "", text)
    while text and text[-1] in _PAIRS and text.count(_PAIRS[text[-1]]) < text.count(text[-1]):
        text = text[:-1]  # a closing bracket whose opening one went with the mark
    return text


def _goal_number(written: str) -> str | None:
    written = unicodedata.normalize("NFKC", written)
    if written.isdigit():
        return str(int(written))
    if written in _ROMAN:
        return str(_ROMAN.index(written) + 1)
    romans = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    if written in romans:
        return str(romans[written])
    if all(c in _KANJI for c in written):
        if written == "十":
            return "10"
        return str(_KANJI.index(written[-1]) + 1 + (10 if written.startswith("十") else 0))
    return None


def _symbols_only(text: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


# -- drafts -------------------------------------------------------------------------------------


@dataclass
class _Block:
    """A 数値目標 or KPI block: its lines, read at the end into rows."""

    level: str  # outcome | output
    goal: _Goal
    heading: _Heading | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Heading:
    style: str  # paren | circled
    number: int
    title: str
    start: int
    end: int
    parent: _Heading | None = None
    children: list[_Heading] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    projects: list[tuple[str, int]] = field(default_factory=list)
    prose: Prose = field(default_factory=Prose)


@dataclass
class _Goal:
    id: str
    written: str
    title: str
    start: int
    end: int
    prose: Prose = field(default_factory=Prose)
    direction_title: str = ""
    direction: Prose = field(default_factory=Prose)
    direction_start: int = 0
    direction_end: int = 0
    headings: list[_Heading] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    measures_at: int = 0  # the line of its 具体的な施策 marker


@dataclass
class _Section:
    title: str
    start: int
    end: int
    prose: Prose = field(default_factory=Prose)


# -- the parser ---------------------------------------------------------------------------------


@dataclass
class _Parser:
    source_name: str
    furniture: set[int]
    title: str = ""
    goals: dict[str, _Goal] = field(default_factory=dict)
    sections: list[_Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    goal: _Goal | None = None
    part: str = "text"  # text | direction | measures | projects | block
    top: _Heading | None = None
    inner: _Heading | None = None
    block: _Block | None = None
    awaiting_title: bool = False

    def warn(self, line: int, code: str, message: str, excerpt: str) -> None:
        self.warnings.append(
            ParseWarning(line=line, code=code, message=message, excerpt=excerpt[:80])
        )

    # -- lines ------------------------------------------------------------------------------

    def feed(self, line: Line) -> None:
        if line.blank:
            if line.raw.strip() and not _RULE.match(line.raw.strip()):
                # a heading or bullet mark with nothing after it ("####", "・")
                message = "記号だけの行で、配置先がありません。"
                self.warn(line.number, "unplaced_line", message, line.raw.strip())
            self._close_prose()
            return
        if line.number in self.furniture or _RULE.match(line.raw.strip()):
            return  # running header, page number, rule: the page, not the text
        if not self.title:
            self.title = line.text
            self.sections.append(_Section("表紙", line.number, line.number))
            self.sections[-1].prose.add(line.text)
            return
        footnote = line.text.startswith("※") and _FOOTNOTE.match(normalize(line.text))
        if footnote:
            number = footnote.group(1) or ""
            span = SourceSpan(start=line.number, end=line.number)
            self.footnotes.append(Footnote(number=number, text=footnote.group(2), lines=span))
            return
        if lines.TOC_ENTRY.search(line.raw):
            self._prose(line)
            return
        if self._structure(line):
            return
        if self.part == "block" and self.block is not None and not self._is_prose(line):
            self.block.lines.append(line)
            return
        if self.part == "projects" and self._project(line):
            return
        if self.part in ("block", "projects"):
            self._end_block()
            self.part = "text"
        self._prose(line)

    def _is_prose(self, line: Line) -> bool:
        """A sentence of running text, which ends a KPI block."""
        text = line.text
        if "\t" in line.raw or text.startswith("|"):
            return False
        if _SENTENCE.search(text):
            return True
        return len(text) >= 40 and "、" in text and not re.search(r"基準|目標|→", text)

    def _close_prose(self) -> None:
        for prose in self._prose_targets():
            prose.close()

    def _prose_targets(self) -> list[Prose]:
        targets = [s.prose for s in self.sections[-1:]]
        if self.goal is not None:
            targets += [self.goal.prose, self.goal.direction]
        targets += [h.prose for h in (self.top, self.inner) if h is not None]
        return targets

    # -- structure --------------------------------------------------------------------------

    def _structure(self, line: Line) -> bool:
        text = line.text
        if text.startswith("第") and (chapter := lines.CHAPTER.match(text)):
            self._leave_goal()
            self.sections.append(_Section(chapter.group(0), line.number, line.number))
            return True
        if "基本目標" in text and (goal := _GOAL.match(text)) and self._goal_heading(line, goal):
            return True
        if self.goal is None:
            return False
        if len(text) <= _MARKER_LENGTH and self._marker(line, _bare(text), with_projects=True):
            return True
        if (inline := _INLINE_MARKER.match(text)) and self._marker(
            line, _bare(inline.group(1)), with_projects=False
        ):  # "【数値目標】合計特殊出生率 1.38（H30）→1.50（R6）": the marker, then its first KPI
            if self.block is not None:
                rest = inline.group(2)
                self.block.lines.append(Line(line.number, rest, rest, False, 0, False, None))
            return True
        return self._heading(line) or self._table_start(line)

    def _marker(self, line: Line, bare: str, *, with_projects: bool) -> bool:
        """The words that open a part of a goal: 数値目標, 基本的方向, 具体的な施策, KPI …"""
        for pattern, handler in (
            (_NUMERIC_TARGETS, self._numeric_targets),
            (_DIRECTION, self._direction),
            (_MEASURES, self._measures),
            (_KPIS, self._kpis),
            (_SITUATION, self._situation),
            (_PROJECTS, self._projects),
        ):
            if pattern.match(bare) and (with_projects or pattern is not _PROJECTS):
                handler(line)
                return True
        return False

    def _table_start(self, line: Line) -> bool:
        """A KPI table with no 数値目標 or KPI marker above it opens a block of its own."""
        if self.part == "block" or self.goal is None:
            return False
        cells = markdown_cells(line.text) or tsv_cells(line.raw)
        if cells is not None:
            opens = starts_header(cells[0]) and any(is_header_cell(c) for c in cells[1:])
        else:
            opens = starts_header(line.text)
        if not opens:
            return False
        heading = self.inner or self.top
        if heading is None and self.part != "measures":
            self._numeric_targets(line)
        else:
            self._kpis(line)
        assert self.block is not None
        self.block.lines.append(line)
        return True

    def _goal_heading(self, line: Line, found: re.Match[str]) -> bool:
        number = _goal_number(found.group("n"))
        title = found.group("title").strip()
        if number is None or _PARTICLE.match(title) or _SENTENCE.search(title):
            return False  # "基本目標1では、…。": a sentence that names a goal
        self._end_block()
        goal = self.goals.get(number)
        if goal is None:  # a goal named again (a list of goals, then the goal) continues
            goal = _Goal(number, found.group("n"), title, line.number, line.number)
            self.goals[number] = goal
        elif not goal.title:
            goal.title = title
        goal.end = max(goal.end, line.number)
        self.goal, self.part, self.top, self.inner = goal, "text", None, None
        self.awaiting_title = not title
        return True

    def _leave_goal(self) -> None:
        self._end_block()
        self.goal, self.part, self.top, self.inner = None, "text", None, None

    def _numeric_targets(self, line: Line) -> None:
        assert self.goal is not None
        self._end_block()
        self.top = self.inner = None
        self.block = _Block("outcome", self.goal, None)
        self.goal.blocks.append(self.block)
        self.part = "block"

    def _direction(self, line: Line) -> None:
        assert self.goal is not None
        self._end_block()
        self.top = self.inner = None
        self.part = "direction"
        title = _bare(_NUMBERING.sub("", unicodedata.normalize("NFKC", line.text)))
        self.goal.direction_title = self.goal.direction_title or title
        self.goal.direction_start = self.goal.direction_start or line.number
        self.goal.direction_end = line.number

    def _measures(self, line: Line) -> None:
        assert self.goal is not None
        self._end_block()
        self.top = self.inner = None
        self.part = "measures"
        self.goal.measures_at = self.goal.measures_at or line.number

    def _situation(self, line: Line) -> None:
        self._end_block()
        self.top = self.inner = None
        self.part = "text"  # 現状と課題: the goal's own prose

    def _kpis(self, line: Line) -> None:
        assert self.goal is not None
        self._end_block()
        heading = self.inner or self.top
        self.block = _Block("output", self.goal, heading)
        if heading is not None:
            heading.blocks.append(self.block)
        else:
            self.goal.blocks.append(self.block)
        self.part = "block"

    def _projects(self, line: Line) -> None:
        self._end_block()
        self.part = "projects"

    def _heading(self, line: Line) -> bool:
        assert self.goal is not None
        text = line.text
        paren, circled = _PAREN_HEADING.match(text), _CIRCLED_HEADING.match(text)
        found = paren or circled
        if found is None or re.match(r"[\d０-９△▲]", found.group(2)):
            return False  # "(1) 12件": a value, not a heading
        title = found.group(2).strip()
        if len(title) <= _MARKER_LENGTH and self._marker(line, _bare(title), with_projects=False):
            return True  # "(2) 具体的な施策と重要業績評価指標": a marker, numbered
        self._end_block()
        style = "paren" if paren else "circled"
        number = int(unicodedata.normalize("NFKC", found.group(1))) if paren else 0
        if circled:
            number = lines.circled_value(found.group(1))
        heading = _Heading(style, number, title, line.number, line.number)
        goal_top = self.goal.headings[0].style if self.goal.headings else style
        if style == goal_top or self.top is None:
            self.goal.headings.append(heading)
            self.top, self.inner = heading, None
        else:
            heading.parent = self.top
            self.top.children.append(heading)
            self.inner = heading
        self.part = "text"
        return True

    # -- projects and prose -----------------------------------------------------------------

    def _project(self, line: Line) -> bool:
        holder = self.inner or self.top
        if holder is None:
            return False
        body = BULLET_MARK.sub("", line.text).strip()
        if not (line.bullet or BULLET_MARK.match(line.text)) or not body or _SENTENCE.search(body):
            return False
        holder.projects.append((body, line.number))
        holder.end = max(holder.end, line.number)
        return True

    def _prose(self, line: Line) -> None:
        text = line.text
        cells = markdown_cells(text)
        if cells is not None and is_separator(cells):
            return  # the alignment row of a table kept as prose
        if _symbols_only(text):
            self.warn(line.number, "unplaced_line", "記号だけの行で、配置先がありません。", text)
            return
        goal = self.goal
        if goal is None:
            section = self.sections[-1]
            section.prose.add(text)
            section.end = max(section.end, line.number)
            return
        if self.awaiting_title:
            goal.title, self.awaiting_title = text, False
            goal.end = max(goal.end, line.number)
            return
        holder = self.inner or self.top
        if holder is not None:
            holder.prose.add(text)
            holder.end = max(holder.end, line.number)
        elif self.part in ("direction", "measures"):
            goal.direction.add(text)
            goal.direction_start = goal.direction_start or line.number
            goal.direction_end = line.number
        else:
            goal.prose.add(text)
            goal.end = max(goal.end, line.number)

    def _end_block(self) -> None:
        if self.part == "block":
            self.part = "text"
        self.block = None


# -- reading the blocks -------------------------------------------------------------------------


@dataclass
class _Read:
    """The KPI rows of a block and the lines that could not be read."""

    rows: list[KpiRow] = field(default_factory=list)
    unplaced: list[tuple[int, str, str]] = field(default_factory=list)  # line, excerpt, why


def _read_block(block: _Block) -> _Read:
    reader = TableReader(CELL_KINDS)
    unit: str | None = None
    for line in block.lines:
        found = UNIT_LINE.match(normalize(line.text))
        if found:
            unit = found.group(1)  # "（単位：千円）" over the table
        else:
            reader.feed(line)
    read = _Read()
    for table in reader.finish():
        _table_rows(table, read, unit)
    _bullet_rows(reader.others, read)
    read.rows.sort(key=lambda r: r.start)
    read.unplaced.sort()
    return read


def _table_rows(table: Table, read: _Read, unit: str | None) -> None:
    width = len(table.header.cells) if table.header else max(len(r.cells) for r in table.rows)
    columns = header_columns(table.header.cells if table.header else None, width)
    roles = [c.role for c in columns]
    if "indicator" not in roles or "target" not in roles:
        for row in table.rows:
            read.unplaced.append(
                (row.start, _joined(row), "表の列（指標・目標値）が読み取れません。")
            )
        return
    for row in table.rows:
        cells = dict(zip(roles, row.cells, strict=False))
        indicator = clean_indicator(cells.get("indicator", ""))
        if len(row.cells) != width or not indicator:
            message = f"表の行のセル数が見出しと合いません（{len(row.cells)}/{width}）。"
            read.unplaced.append(
                (row.start, _joined(row), message if indicator else "指標がありません。")
            )
            continue
        base_col = columns[roles.index("baseline")] if "baseline" in roles else Column("baseline")
        aim_col = columns[roles.index("target")]
        baseline = _with_year(cells.get("baseline"), cells.get("baseline_year"))
        target = _with_year(cells.get("target"), cells.get("target_year"))
        raw_indicator = cells["indicator"]
        read.rows.append(
            KpiRow(
                indicator=indicator,
                baseline=baseline,
                target=target,
                baseline_column=base_col,
                target_column=aim_col,
                unit=cells.get("unit") or unit,
                text=_joined(row),
                start=row.start,
                end=row.end,
                refs=footnote_refs(raw_indicator),
            )
        )


def _with_year(value: str | None, year: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return f"{value}（{year}）" if year and year.strip() else value


def _joined(row: Row) -> str:
    return " | ".join(row.cells)


@dataclass
class _Item:
    parts: list[str]
    lines: list[Line]


def _bullet_rows(others: list[Line], read: _Read) -> None:
    items: list[_Item] = []
    for line in others:
        text = line.text
        body = BULLET_MARK.sub("", text).strip()
        if is_noise(text) or not body:
            read.unplaced.append((line.number, text, "記号だけの行で、KPI として読めません。"))
            continue
        marked = line.bullet or bool(BULLET_MARK.match(text))
        current = items[-1] if items else None
        if KEYWORD_START.match(body) and current is not None:
            current.parts.append(body)
            current.lines.append(line)
        elif marked or current is None or _complete(current):
            items.append(_Item([body], [line]))
        else:
            joint = "" if re.search(r"[\d,，]$", current.parts[-1]) else " "
            current.parts[-1] += joint + body
            current.lines.append(line)
    for item in items:
        text = " ".join(item.parts)
        parts = split_bullet(text)
        if parts.target is None and parts.baseline is None:
            for line in item.lines:
                read.unplaced.append(
                    (line.number, line.text, "KPI の目標値・基準値が読み取れません。")
                )
            continue
        first, last = item.lines[0].number, item.lines[-1].number
        read.rows.append(
            KpiRow(
                indicator=clean_indicator(parts.indicator),
                baseline=parts.baseline,
                target=parts.target,
                baseline_column=Column("baseline"),
                target_column=Column("target"),
                unit=None,
                text=text,
                start=first,
                end=last,
                refs=footnote_refs(parts.indicator),
            )
        )


def _complete(item: _Item) -> bool:
    parts = split_bullet(" ".join(item.parts))
    return parts.target is not None and is_value(parts.target)


# -- the model ----------------------------------------------------------------------------------


def _inner_items_are_measures(goals: list[_Goal]) -> bool:
    """Whether ① under (1) are the 施策 (each has its own KPI table) or (1)'s 取組."""
    votes: Counter[str] = Counter()
    for goal in goals:
        for top in goal.headings:
            if len(top.children) < 2:
                continue
            owning = [bool(child.blocks) for child in top.children]
            if sum(owning) >= 2:
                votes["measures"] += 1
            elif owning[-1] and not any(owning[:-1]):
                votes["projects"] += 1
    return votes["projects"] <= votes["measures"]


@dataclass
class _Built:
    measures: list[Measure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    owners: list[tuple[_Block, str, str]] = field(default_factory=list)  # block, level, owner


def _measure(goal: _Goal, heading: _Heading, path: str, group: _Heading | None) -> Measure:
    return Measure(
        path=path,
        area_id=goal.id,
        outcome_id=goal.id,
        group=group.number if group else None,
        group_title=group.title if group else None,
        number=heading.number,
        title=heading.title,
        text=heading.prose.render(),
        lines=SourceSpan(start=heading.start, end=heading.end),
    )


def _headings_before_measures(goal: _Goal) -> None:
    """Numbered headings above a goal's 具体的な施策 ("(1) 現状と課題") are its prose."""
    if not goal.measures_at:
        return
    kept = []
    for heading in goal.headings:
        if heading.start < goal.measures_at and not heading.blocks and not heading.children:
            goal.prose.paragraphs.append([heading.title])
            goal.prose.paragraphs.extend(heading.prose.paragraphs)
        else:
            kept.append(heading)
    goal.headings = kept


def _build_measures(goals: list[_Goal], built: _Built) -> None:
    for goal in goals:
        _headings_before_measures(goal)
    nested = _inner_items_are_measures(goals)
    taken: set[str] = set()
    for goal in goals:
        for block in goal.blocks:
            built.owners.append((block, block.level, goal.id))
        for top in goal.headings:
            if top.children and nested:
                for block in top.blocks:  # KPIs of a group, before its 施策
                    built.owners.append((block, "output", goal.id))
                for child in top.children:
                    path = _unique(f"{goal.id}/{top.number}/{child.number}", taken)
                    _add_measure(built, goal, child, path, top, [child])
                continue
            path = _unique(f"{goal.id}/{top.number}", taken)
            _add_measure(built, goal, top, path, None, [top, *top.children])


def _add_measure(
    built: _Built,
    goal: _Goal,
    heading: _Heading,
    path: str,
    group: _Heading | None,
    parts: list[_Heading],
) -> None:
    for child in parts[1:]:  # 取組 under the 施策: projects, their prose the measure's
        heading.projects.append((child.title, child.start))
        heading.projects.extend(child.projects)
        for paragraph in child.prose.paragraphs:
            heading.prose.paragraphs.append(paragraph)
        heading.end = max(heading.end, child.end)
    built.measures.append(_measure(goal, heading, path, group))
    for name, line in sorted(heading.projects, key=lambda p: p[1]):
        built.projects.append(
            Project(measure_path=path, name=name, lines=SourceSpan(start=line, end=line))
        )
    for part in parts:
        for block in part.blocks:
            built.owners.append((block, "output", path))


def _unique(base: str, taken: set[str]) -> str:
    path, n = base, 2
    while path in taken:
        path, n = f"{base}-{n}", n + 1
    taken.add(path)
    return path


def _build(parser: _Parser) -> Strategy:
    goals = list(parser.goals.values())
    built = _Built()
    _build_measures(goals, built)
    notes = {f.number: f.text for f in parser.footnotes if f.number}
    kpis: list[Kpi] = []
    counters: Counter[str] = Counter()
    for block, level, owner in sorted(built.owners, key=lambda o: _first_line(o[0])):
        read = _read_block(block)
        for number, excerpt, message in read.unplaced:
            parser.warn(number, "unplaced_line", message, excerpt)
        for row in read.rows:
            counters[f"{level}:{owner}"] += 1
            n = counters[f"{level}:{owner}"]
            kpi_id = f"{owner}-数値目標{n}" if level == "outcome" else f"{owner}-{n}"
            refs = tuple(notes[r] for r in row.refs if r in notes)
            kpi, readable = build_kpi(row, kpi_id=kpi_id, level=level, owner=owner, notes=refs)
            if not readable:
                message = "目標値が読み取れません（指標として読みました）。"
                parser.warn(row.start, "kpi_target_unread", message, row.text)
            kpis.append(kpi)
    kpis.sort(key=lambda k: k.lines.start)
    return Strategy(
        title=parser.title or parser.source_name,
        source_name=parser.source_name,
        outcomes=tuple(_outcome(g) for g in goals),
        areas=tuple(_area(g) for g in goals),
        measures=tuple(built.measures),
        projects=tuple(built.projects),
        kpis=tuple(kpis),
        sections=tuple(
            Section(
                title=s.title, text=s.prose.render(), lines=SourceSpan(start=s.start, end=s.end)
            )
            for s in parser.sections
        ),
        footnotes=tuple(parser.footnotes),
        warnings=tuple(sorted(parser.warnings, key=lambda w: w.line)),
    )


def _first_line(block: _Block) -> int:
    return block.lines[0].number if block.lines else 0


def _outcome(goal: _Goal) -> Outcome:
    return Outcome(
        id=goal.id,
        impact_id=None,
        title=goal.title,
        text=goal.prose.render(),
        lines=SourceSpan(start=goal.start, end=goal.end),
    )


def _area(goal: _Goal) -> Area:
    start = goal.direction_start or goal.start
    return Area(
        id=goal.id,
        outcome_id=goal.id,
        impact_id=None,
        title=goal.direction_title or "施策の基本的方向",
        written_id=goal.written,
        text=goal.direction.render(),
        lines=SourceSpan(start=start, end=max(start, goal.direction_end)),
    )


# -- page furniture -----------------------------------------------------------------------------


def _furniture(all_lines: list[Line]) -> set[int]:
    """Line numbers of running headers and page numbers."""
    texts = [line.text for line in all_lines]
    counts = Counter(t for t in texts if t)
    first = next((line for line in all_lines if not line.blank), None)
    headers = {
        text
        for text, count in counts.items()
        if count >= 2
        and len(text) <= 60
        and ("戦略" in text or (first is not None and text == first.text))
        and not _GOAL.match(text)
        and "\t" not in text
        and not text.startswith("|")
    }
    pages = {line.number for line in all_lines if _PAGE_NUMBER.match(line.raw.strip())}
    filled = [line for line in all_lines if not line.blank]
    for index, line in enumerate(filled):
        # A line repeated next to a page number, or a chapter title repeated, heads a page.
        near = {filled[i].number for i in (index - 1, index + 1) if 0 <= i < len(filled)}
        repeated = (
            counts[line.text] >= 2
            and line is not first
            and "\t" not in line.raw
            and not _GOAL.match(line.text)
        )
        if repeated and (near & pages or (lines.CHAPTER.match(line.text) and _seen(filled, index))):
            headers.add(line.text)
    found = pages | {
        line.number for line in all_lines if line.text in headers and line is not first
    }
    for index, line in enumerate(filled):
        if not _BARE_NUMBER.match(line.text):
            continue
        following = filled[index + 1] if index + 1 < len(filled) else None
        if following is None or following.number in found:
            found.add(line.number)  # a bare page number: last line, or before a running header
    return found


def _seen(filled: list[Line], index: int) -> bool:
    """Whether the line's text came earlier in the document (its first time is the title)."""
    return any(line.text == filled[index].text for line in filled[:index])


# -- entry points -------------------------------------------------------------------------------


def read_local(source: SourceText) -> Strategy:
    """Read whatever of a local strategy a text holds; never fails on odd text."""
    all_lines = lines.split_lines(source.text)
    parser = _Parser(source_name=source.name, furniture=_furniture(all_lines))
    for line in all_lines:
        parser.feed(line)
    parser._end_block()
    return _build(parser)


def parse_local(source: SourceText) -> Strategy:
    """Read a strategy of the local family; NotAStrategyError if it holds none."""
    strategy = read_local(source)
    if not (strategy.outcomes or strategy.kpis):
        raise NotAStrategyError(
            f"{source.name}: 地方版総合戦略の構造（基本目標・数値目標・KPI）が見つかりません。"
        )
    return strategy
