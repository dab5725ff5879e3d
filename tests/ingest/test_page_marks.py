"""Converted text: page ends (breaks, page numbers, running lines) and table rows."""

from __future__ import annotations

from sousei.ingest import SourceText, bundled_source, parse_source
from sousei.ingest.lines import split_lines, table_cells
from sousei.model import RoadmapEntry, Strategy


def test_running_lines_and_page_numbers_are_page_marks_for_the_parsers() -> None:
    text = "\n\n".join(
        [
            "○○市総合戦略",
            "人口の現状",
            "- 1 -",
            "---",
            "○○市総合戦略",
            "将来の展望",
            "2",
            "---",
            "○○市総合戦略",
            "基本目標",
            "3 / 3",
        ]
    )
    marks = [line.raw for line in split_lines(text) if line.page_break]
    assert marks == [
        "○○市総合戦略",
        "- 1 -",
        "---",
        "○○市総合戦略",
        "2",
        "---",
        "○○市総合戦略",
        "3 / 3",
    ]


def test_the_bundled_text_has_no_running_lines() -> None:
    assert not any(line.running for line in split_lines(bundled_source().text))


def as_markdown_tables(text: str) -> str:
    """The bundled text with each tab-separated 工程表 written as a markdown table."""
    out: list[str] = []
    in_table = False
    for line in text.splitlines():
        if "\t" not in line:
            in_table = False
            out.append(line)
            continue
        cells = [cell.strip().replace("|", "\\|") for cell in line.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if not in_table:
            out.append("|" + " --- |" * len(cells))
        in_table = True
    return "\n".join(out)


def test_roadmaps_read_the_same_from_markdown_tables(national: Strategy) -> None:
    text = bundled_source().text
    assert "\t" in text
    markdown = parse_source(SourceText("markdown.md", as_markdown_tables(text), "utf-8"))

    def fields(entry: RoadmapEntry) -> dict[str, object]:
        return entry.model_dump(exclude={"lines"})

    assert [fields(e) for e in markdown.roadmap] == [fields(e) for e in national.roadmap]
    assert len(markdown.warnings) == len(national.warnings)


def test_markdown_cells() -> None:
    assert table_cells("| 指標 | 基準値 | a \\| b |") == [" 指標 ", " 基準値 ", " a | b "]
    assert table_cells("| --- | :---: |") == []
    assert table_cells("2025 年度\t2026 年度") == ["2025 年度", "2026 年度"]
