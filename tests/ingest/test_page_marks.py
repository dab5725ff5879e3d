"""Page ends in a converted text: breaks, page numbers, running headers and footers."""

from __future__ import annotations

from sousei.ingest import bundled_source
from sousei.ingest.lines import split_lines


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
