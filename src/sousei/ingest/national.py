"""Parser for the national strategy family (「地方創生に関する総合戦略」 and its shape).

第3章第3節 gives the impacts, outcomes and their KPIs; 第5節 the output areas, 施策, 主な事業,
工程表 and アウトプットKPI; 第6節 the other measures. Everything else is kept as prose sections.
Every non-blank line ends up in the model or in a warning with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sousei.model import (
    Area,
    Footnote,
    Impact,
    Measure,
    OtherMeasure,
    Outcome,
    ParseWarning,
    Project,
    Section,
    SourceSpan,
    Strategy,
)

from . import lines
from .drafts import Draft, KpiDraft
from .kpis import build_kpis
from .lines import Line
from .roadmap import RoadmapReader
from .source import InputError, SourceText

NATIONAL_ROLE = "国の役割"
_AREA_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class NotAStrategyError(InputError):
    """The text was read but holds nothing of a strategy's logic model."""


@dataclass
class _Context:
    """Where the parser stands in the document."""

    section: int | None = None
    impact: Draft | None = None
    outcome: Draft | None = None
    area: Draft | None = None
    group: tuple[int, str] | None = None
    category: str | None = None
    measure: Draft | None = None
    other: Draft | None = None
    viewpoint: str | None = None
    mode: str = "text"  # text | kpis | projects | roadmap
    kpi_label: str | None = None
    kpi_heading: str | None = None


@dataclass
class _Parser:
    source_name: str
    title: str = ""
    at: _Context = field(default_factory=_Context)
    impacts: list[Draft] = field(default_factory=list)
    outcomes: list[Draft] = field(default_factory=list)
    areas: list[Draft] = field(default_factory=list)
    measures: list[Draft] = field(default_factory=list)
    projects: list[Draft] = field(default_factory=list)
    kpis: list[KpiDraft] = field(default_factory=list)
    others: list[Draft] = field(default_factory=list)
    sections: list[Draft] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    roadmap: RoadmapReader = field(default_factory=RoadmapReader)
    _last: Line | None = None

    # -- entry -------------------------------------------------------------------------------

    def feed(self, line: Line) -> None:
        if line.footnote is not None:
            self._footnote(line)
        elif line.page_break:
            pass  # a page break continues the paragraph it interrupted
        elif line.blank:
            self._close_prose()
        elif not self._heading(line):
            handler = {3: self._feed_logic_model, 5: self._feed_measures, 6: self._feed_others}
            handler.get(self.at.section or 0, self._feed_prose)(line)
        if not line.blank and line.footnote is None:
            self._last = line

    def warn(self, line: Line, code: str, message: str) -> None:
        self.note(line.number, code, message, line.text)

    def note(self, line: int, code: str, message: str, excerpt: str) -> None:
        """Record a warning; the excerpt lets a reader find the place without the file."""
        self.warnings.append(
            ParseWarning(line=line, code=code, message=message, excerpt=excerpt[:80])
        )

    # -- document-level headings -------------------------------------------------------------

    def _heading(self, line: Line) -> bool:
        text = line.text
        if lines.TOC_ENTRY.search(line.raw):
            self._feed_prose(line)
            return True
        chapter = lines.CHAPTER.match(text)
        section = lines.SECTION.match(text)
        if chapter:
            self.at = _Context()
            self._start_section(line, text)
            return True
        if section:
            number = int(section.group(1).translate(_FULLWIDTH_DIGITS))
            self.at = _Context(section=number)
            self._start_section(line, text)  # the section's own prose, before its elements
            return True
        return False

    def _start_section(self, line: Line, title: str) -> None:
        self.sections.append(Draft({"title": title}, line.number, line.number))

    def _footnote(self, line: Line) -> None:
        assert line.footnote is not None
        body = lines.clean(line.raw.split("</sup>", 1)[-1]).strip()
        span = SourceSpan(start=line.number, end=line.number)
        self.footnotes.append(Footnote(number=line.footnote, text=body, lines=span))

    def _close_prose(self) -> None:
        for draft in (
            self.at.other,
            self.at.measure,
            self.at.area,
            self.at.outcome,
            self.at.impact,
        ):
            if draft is not None:
                draft.prose.close()
        if self.sections:
            self.sections[-1].prose.close()

    def _feed_prose(self, line: Line) -> None:
        if not self.title and not self.sections:
            self.title = line.text
        if not self.sections:
            self._start_section(line, "表紙")
        section = self.sections[-1]
        section.prose.add(line.text)
        section.touch(line.number)

    # -- 第3節: impacts, outcomes and their KPIs ---------------------------------------------

    def _feed_logic_model(self, line: Line) -> None:
        text = line.text
        if impact := lines.IMPACT_HEADING.match(text):
            self._new_impact(line, impact.group(1), impact.group(2))
        elif viewpoint := lines.VIEWPOINT.match(text):
            self.at.viewpoint = viewpoint.group(1)
            self.at.mode = "text"
        elif figure := lines.FIGURE.match(text):
            self.warn(
                line, "figure_missing", f"図「{figure.group(0)}」は画像のため本文にありません。"
            )
        elif (lettered := lines.LETTERED.match(text)) and self.at.viewpoint == "アウトカム":
            self._new_outcome(line, lettered.group(1), lettered.group(2))
        elif label := lines.KPI_LABEL.match(text):
            self.at.mode = "kpis"
            self.at.kpi_label = f"KPI{label.group(1)}" if label.group(1) else None
        elif self.at.mode == "kpis" and self._kpi_line(line):
            pass
        else:
            self.at.mode = "text"
            self._add_logic_model_text(line)

    def _new_impact(self, line: Line, number: str, title: str) -> None:
        draft = Draft({"id": number, "title": title.strip()}, line.number, line.number)
        draft.fields["output_prose"] = Draft({}, line.number, line.number)
        self.impacts.append(draft)
        self.at.impact, self.at.outcome, self.at.viewpoint = draft, None, None

    def _new_outcome(self, line: Line, letter: str, title: str) -> None:
        impact_id = self.at.impact.fields["id"] if self.at.impact else ""
        fields = {"id": letter.upper(), "impact_id": impact_id, "title": title.strip()}
        draft = Draft(fields, line.number, line.number)
        self.outcomes.append(draft)
        self.at.outcome = draft

    def _add_logic_model_text(self, line: Line) -> None:
        impact = self.at.impact
        if impact is None:
            self.warn(line, "unplaced_line", "インパクトより前の行で、配置先がありません。")
            return
        if self.at.viewpoint == "アウトプット":
            target: Draft = impact.fields["output_prose"]
        else:
            target = self.at.outcome or impact
        target.prose.add(line.text)
        target.touch(line.number)

    # -- KPI bullets (第3節 and ■アウトプットKPI) --------------------------------------------

    def _kpi_line(self, line: Line) -> bool:
        """Read a line of a KPI list; False when it does not belong to the list."""
        last = self.kpis[-1] if self.kpis and self.at.mode == "kpis" else None
        if line.bullet and line.indent > 0 and last is not None:
            self._sub_bullet(line, last)
        elif line.bullet:
            self._new_kpi(line, heading=None)
        elif lines.NOTE.match(line.text) and last is not None:
            last.notes.append(line.text)
            last.end = line.number
        elif last is not None and self._continues(line, last):
            last.parts.append(line.text)
            last.end, last.open_break = line.number, line.hard_break
        else:
            return False
        return True

    def _continues(self, line: Line, draft: KpiDraft) -> bool:
        near = line.number - draft.end <= 3
        return draft.open_break or (near and draft.awaits_target())

    def _sub_bullet(self, line: Line, last: KpiDraft) -> None:
        if last.separator() is not None and last.awaits_target() and ":" not in line.text:
            last.subtargets.append(line.text)  # one indicator, several dated targets
            last.end = line.number
            return
        if last.separator() is None and last.heading is None:
            self.kpis.pop()  # a bullet that only heads sub-bullets is not a KPI
            self.at.kpi_heading = last.text()
        self._new_kpi(line, heading=self.at.kpi_heading)

    def _new_kpi(self, line: Line, heading: str | None) -> None:
        if self.at.section == 3:
            level = "outcome" if self.at.outcome else "impact"
            owner_draft = self.at.outcome or self.at.impact
            label = self.at.kpi_label if self.at.outcome else None
        else:
            level, owner_draft, label = "output", self.at.area, None
        if owner_draft is None:
            self.warn(line, "unplaced_kpi", "KPI の属する要素が見つかりません。")
            return
        if line.indent == 0:
            self.at.kpi_heading = heading = None
        draft = KpiDraft(level, owner_draft.fields["id"], label, heading, line.number, line.number)
        draft.parts.append(line.text)
        draft.open_break = line.hard_break
        self.kpis.append(draft)

    # -- 第5節: areas, measures, projects, roadmaps, output KPIs -----------------------------

    def _feed_measures(self, line: Line) -> None:
        if self._structure(line):
            return
        mode = self.at.mode
        if mode == "projects" and self._project_line(line):
            return
        if mode == "roadmap":
            self.roadmap.feed(line, self)
            return
        if mode == "kpis" and self._kpi_line(line):
            return
        self.at.mode = "text"
        self._add_measure_text(line)

    def _structure(self, line: Line) -> bool:
        text = line.text
        matchers: list[tuple[re.Pattern[str], Callable[[Line, re.Match[str]], bool]]] = [
            (lines.NUMBERED, self._impact_in_measures),
            (lines.LETTERED, self._outcome_or_area),
            (lines.MEASURE, self._new_measure),
            (lines.PROJECTS, self._projects_heading),
            (lines.ROADMAP, self._roadmap_heading),
            (lines.OUTPUT_KPIS, self._kpis_heading),
            (lines.GROUP, self._group),
            (lines.CATEGORY, self._category),
        ]
        for pattern, handle in matchers:
            found = pattern.match(text)
            if found and handle(line, found):
                return True
        return False

    def _impact_in_measures(self, line: Line, found: re.Match[str]) -> bool:
        number, title = found.group(1), found.group(2).strip()
        known = {d.fields["id"]: d for d in self.impacts}
        if number in known and lines.fold(title) == lines.fold(known[number].fields["title"]):
            self._enter(impact=known[number])
            return True
        if title == NATIONAL_ROLE:
            role = Draft({"id": number, "title": title}, line.number, line.number)
            self._enter(impact=role)
            self._start_section(line, f"{number}. {title}")
            return True
        return False

    def _enter(self, *, impact: Draft | None = None, outcome: Draft | None = None) -> None:
        self._end_block()
        if impact is not None:
            self.at.impact, self.at.outcome = impact, None
        if outcome is not None:
            self.at.outcome = outcome
        self.at.area = self.at.measure = self.at.other = None
        self.at.group = self.at.category = None

    def _outcome_or_area(self, line: Line, found: re.Match[str]) -> bool:
        letter, title = found.group(1), found.group(2).strip()
        for outcome in self.outcomes:
            if outcome.fields["id"] == letter and lines.fold(outcome.fields["title"]) == lines.fold(
                title
            ):
                self._enter(outcome=outcome)
                return True
        if self.at.section != 5 or self._in_national_role():
            return False
        return self._new_area(line, letter, title)

    def _in_national_role(self) -> bool:
        return bool(self.at.impact and self.at.impact.fields["title"] == NATIONAL_ROLE)

    def _new_area(self, line: Line, written: str, title: str) -> bool:
        letters = [a.fields["id"] for a in self.areas if len(a.fields["id"]) == 1]
        expected = _AREA_LETTERS[_AREA_LETTERS.index(letters[-1]) + 1] if letters else "a"
        if written != expected:
            self.warn(
                line,
                "area_letter",
                f"領域の記号「{written}.」は並びから「{expected}.」と読みました。",
            )
        self._add_area(line, expected, written, title)
        return True

    def _add_area(self, line: Line, area_id: str, written: str, title: str) -> None:
        self._enter()
        outcome = self.at.outcome.fields["id"] if self.at.outcome else None
        impact = self.at.impact.fields["id"] if self.at.impact and outcome else None
        fields = {
            "id": area_id,
            "outcome_id": outcome,
            "impact_id": impact,
            "title": title,
            "written_id": written,
        }
        self.at.area = Draft(fields, line.number, line.number)
        self.areas.append(self.at.area)

    def _group(self, line: Line, found: re.Match[str]) -> bool:
        number, title = int(found.group(1)), found.group(2).strip()
        if self._in_national_role():
            role = self.at.impact.fields["id"] if self.at.impact else "4"
            self._add_area(line, f"{role}({number})", f"({number})", title)
            return True
        if self.at.area is None:
            return False
        self._end_block()
        self.at.group, self.at.category, self.at.measure = (number, title), None, None
        return True

    def _category(self, line: Line, found: re.Match[str]) -> bool:
        if self.at.area is None or self._continues_project(line):
            return False
        self._end_block()
        self.at.category, self.at.measure = found.group(1).strip(), None
        return True

    def _new_measure(self, line: Line, found: re.Match[str]) -> bool:
        area = self.at.area
        if area is None:
            return False
        self._end_block()
        title = found.group(2).strip()
        relisted = lines.RELISTED in title
        title = title.replace(lines.RELISTED, "").strip()
        number = lines.circled_value(found.group(1))
        group = self.at.group
        self._check_number(line, area, group, number)
        base = (
            f"{area.fields['id']}/{group[0]}/{number}" if group else f"{area.fields['id']}/{number}"
        )
        path = _unique(base, {m.fields["path"] for m in self.measures})
        fields = {
            "path": path,
            "area_id": area.fields["id"],
            "outcome_id": area.fields["outcome_id"],
            "group": group[0] if group else None,
            "group_title": group[1] if group else None,
            "category": self.at.category,
            "number": number,
            "title": title,
            "relisted": relisted,
        }
        self.at.measure = Draft(fields, line.number, line.number)
        self.measures.append(self.at.measure)
        return True

    def _check_number(
        self, line: Line, area: Draft, group: tuple[int, str] | None, number: int
    ) -> None:
        siblings = [
            m
            for m in self.measures
            if m.fields["area_id"] == area.fields["id"]
            and m.fields["group"] == (group and group[0])
        ]
        expected = len(siblings) + 1  # by position, so one misprint yields one warning
        if number != expected:
            self.warn(
                line,
                "measure_number",
                f"施策番号 {number} は並びでは {expected} のはずです（番号は記載どおり残します）。",
            )

    def _projects_heading(self, line: Line, found: re.Match[str]) -> bool:
        if self.at.measure is None:
            self.warn(line, "unplaced_projects", "（主な事業）の前に施策がありません。")
        self._end_block()
        self.at.mode = "projects"
        return True

    def _project_line(self, line: Line) -> bool:
        measure = self.at.measure
        if measure is None:
            return False
        if line.bullet:
            fields = {"measure_path": measure.fields["path"], "name": line.text}
            self.projects.append(Draft(fields, line.number, line.number))
            self.roadmap.add_project(line.text, measure.fields["path"])
        elif self._continues_project(line):
            last = self.projects[-1]
            last.fields["name"] += line.text
            last.touch(line.number)
        else:
            return False
        self.projects[-1].fields["open_break"] = line.hard_break
        return True

    def _continues_project(self, line: Line) -> bool:
        if self.at.mode != "projects" or not self.projects or self._last is None:
            return False
        last = self.projects[-1]
        return bool(last.fields.get("open_break")) and last.end == self._last.number

    def _roadmap_heading(self, line: Line, found: re.Match[str]) -> bool:
        if self.at.area is None:
            return False
        self._end_block()
        self.at.mode = "roadmap"
        self.roadmap.start(line, self.at.area.fields["id"])
        return True

    def _kpis_heading(self, line: Line, found: re.Match[str]) -> bool:
        if self.at.area is None:
            return False
        self._end_block()
        self.at.mode = "kpis"
        self.at.kpi_heading = None
        return True

    def _end_block(self) -> None:
        if self.at.mode == "roadmap":
            self.roadmap.finish(self)
        self.at.mode = "text"

    def _add_measure_text(self, line: Line) -> None:
        target = self.at.measure or self.at.area
        if target is None:
            self._feed_prose(line)  # a section's or 国の役割's introduction
            return
        target.prose.add(line.text)
        target.touch(line.number)

    # -- 第6節: other measures ---------------------------------------------------------------

    def _feed_others(self, line: Line) -> None:
        text = line.text
        numbered, lettered, group = lines.NUMBERED.match(text), lines.LETTERED.match(text), None
        if numbered and self._impact_in_measures(line, numbered):
            return
        if lettered and self._outcome_or_area(line, lettered):
            return
        group = lines.GROUP.match(text)
        if group and self.at.outcome is not None:
            fields = {
                "outcome_id": self.at.outcome.fields["id"],
                "number": int(group.group(1)),
                "title": group.group(2).strip(),
            }
            self.at.other = Draft(fields, line.number, line.number)
            self.others.append(self.at.other)
        elif self.at.other is not None:
            self.at.other.prose.add(text)
            self.at.other.touch(line.number)
        else:
            self.warn(line, "unplaced_line", "第6節のこの行を配置できる施策がありません。")

    # -- result ------------------------------------------------------------------------------

    def finish(self) -> Strategy:
        self._end_block()
        measures = _link_relisted([_measure(d) for d in self.measures], self)
        for draft in self.kpis:
            if draft.separator() is None:
                message = "KPI に「：」で区切られた目標がありません（指標名として読みました）。"
                self.note(draft.start, "kpi_without_target", message, draft.text())
        return Strategy(
            title=self.title or self.source_name,
            source_name=self.source_name,
            impacts=tuple(_impact(d) for d in self.impacts),
            outcomes=tuple(_outcome(d) for d in self.outcomes),
            areas=tuple(_area(d) for d in self.areas),
            measures=tuple(measures),
            projects=tuple(_project(d) for d in self.projects),
            roadmap=tuple(self.roadmap.entries),
            kpis=tuple(kpi for draft in self.kpis for kpi in build_kpis(draft, self.kpis)),
            other_measures=tuple(_other(d) for d in self.others),
            sections=tuple(_section(d) for d in self.sections),
            footnotes=tuple(self.footnotes),
            warnings=tuple(sorted(self.warnings, key=lambda w: w.line)),
        )


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _impact(d: Draft) -> Impact:
    output: Draft = d.fields["output_prose"]
    return Impact(
        id=d.fields["id"],
        title=d.fields["title"],
        text=d.prose.render(),
        output_text=output.prose.render(),
        lines=SourceSpan(start=d.start, end=max(d.end, output.end)),
    )


def _outcome(d: Draft) -> Outcome:
    return Outcome(**d.fields, text=d.prose.render(), lines=d.span())


def _area(d: Draft) -> Area:
    return Area(**d.fields, text=d.prose.render(), lines=d.span())


def _measure(d: Draft) -> Measure:
    return Measure(**d.fields, text=d.prose.render(), lines=d.span())


def _project(d: Draft) -> Project:
    fields = {k: v for k, v in d.fields.items() if k != "open_break"}
    return Project(**fields, lines=d.span())


def _other(d: Draft) -> OtherMeasure:
    return OtherMeasure(**d.fields, text=d.prose.render(), lines=d.span())


def _section(d: Draft) -> Section:
    return Section(title=d.fields["title"], text=d.prose.render(), lines=d.span())


def _link_relisted(measures: list[Measure], parser: _Parser) -> list[Measure]:
    """Point each 【再掲】 measure at the first measure of the same title."""
    originals: dict[str, str] = {}
    for measure in measures:
        if not measure.relisted:
            originals.setdefault(lines.fold(measure.title), measure.path)
    linked = []
    for measure in measures:
        if measure.relisted:
            original = originals.get(lines.fold(measure.title))
            if original is None:
                message = "【再掲】の元の施策が見つかりません。"
                parser.note(measure.lines.start, "relisted_original", message, measure.title)
            measure = measure.model_copy(update={"original_path": original})
        linked.append(measure)
    return linked


def read_national(source: SourceText) -> Strategy:
    """Read whatever of the logic model a text holds; never fails on odd text."""
    parser = _Parser(source_name=source.name)
    for line in lines.split_lines(source.text):
        parser.feed(line)
    return parser.finish()


def parse_national(source: SourceText) -> Strategy:
    """Read a strategy of the national family; NotAStrategyError if it holds none."""
    strategy = read_national(source)
    if not (strategy.kpis or strategy.measures or strategy.impacts):
        raise NotAStrategyError(
            f"{source.name}: 総合戦略の構造（インパクト・アウトカム・施策・KPI）が見つかりません。"
        )
    return strategy
