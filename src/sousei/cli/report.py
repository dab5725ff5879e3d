"""`sousei report`: the yearly follow-up report (年次フォローアップ) as HTML, PDF or XLSX."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sousei.store import evaluation as stored

from .common import StrategyKey, database, fail, out
from .parse import write_output
from .store import NATIONAL


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"


def report(
    year: Annotated[int, typer.Option(help="報告する年（度）。")],
    key: StrategyKey = NATIONAL,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="出力形式。")] = ReportFormat.html,
    output: Annotated[
        Path | None, typer.Option(help="出力先ファイル（html は省略すると標準出力）。")
    ] = None,
) -> None:
    """年次フォローアップ報告: インパクト・アウトカム別の状況と、各 KPI の状況・実績値・理由。"""
    if output is None and fmt is not ReportFormat.html:
        fail(f"{fmt.value} 形式には --output でファイル名を指定してください。")
    # The renderers load fpdf2, openpyxl or Jinja: only the one asked for, only here.
    from sousei.report.followup import collect

    with database() as session:
        result = stored.evaluate_strategy(session, key=key, year=year)
        followup = collect(session, evaluation=result)
    if fmt is ReportFormat.pdf:
        from sousei.report.followup_pdf import FontMissingError, followup_pdf

        try:
            data = followup_pdf(followup)
        except FontMissingError as error:
            fail(str(error))
    elif fmt is ReportFormat.xlsx:
        from sousei.report.followup_xlsx import followup_xlsx

        data = followup_xlsx(followup)
    else:
        from sousei.web.reports import standalone_html

        data = standalone_html(followup).encode("utf-8")
    write_output(output, data)
    if output is not None:
        out().print(
            f"{year}年（度）の年次フォローアップ報告を {output} に書き出しました"
            f"（KPI {len(followup.kpis)} 件、{fmt.value}）。"
        )
