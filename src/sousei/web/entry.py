"""A figure or a note typed into the KPI page's form, checked by the same rules as an upload.

The form's fields are read as one row of the long layout (`sousei.ingest.actuals`), so a figure
typed in and a figure uploaded pass one set of checks: period within the strategy and not in
the future, value and unit against the KPI, status, source, URL. Each problem comes back named
by its form field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.ingest.actuals import COLUMN_NAMES
from sousei.ingest.actuals.cells import NO_FIGURE
from sousei.ingest.actuals.columns import Field, header
from sousei.ingest.actuals.errors import Errors
from sousei.ingest.actuals.rows import RowReader
from sousei.model.actuals import Report
from sousei.store import kpis
from sousei.store.errors import NotFoundError
from sousei.store.kpis import KpiEntry
from sousei.store.tables import KpiRow, StrategyRow

from .i18n import gettext as _

_JST = timezone(timedelta(hours=9))
MAX_NOTE = 10_000
"""Characters of one 要因分析 or 今後の方向性: a few pages, more than any yearly note needs."""


class FigureForm(BaseModel):
    """実績値の入力 — the entry form's fields as typed (text, untrimmed)."""

    model_config = ConfigDict(frozen=True)

    year: str = ""
    basis: str = ""
    value: str = ""
    unit: str = ""
    status: str = ""
    publisher: str = ""
    publication: str = ""
    published: str = ""
    url: str = ""
    note: str = ""


class NoteForm(BaseModel):
    """要因分析・今後の方向性 — the notes form's fields as typed."""

    model_config = ConfigDict(frozen=True)

    year: str = ""
    analysis: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class FieldError:
    """One problem of a form: the field (its input's name), its label and why."""

    field: str
    label: str
    reason: str


# form field → the long layout's column it stands for
_COLUMNS: dict[str, Field] = {
    "year": "period",
    "basis": "period_basis",
    "value": "value",
    "unit": "unit",
    "status": "status",
    "publisher": "publisher",
    "publication": "publication",
    "published": "published",
    "url": "url",
    "note": "note",
}


def year_label(basis: str | None) -> str:
    """The year field's label: 年度 or 年 as the KPI counts, else both."""
    return {"fiscal": _("年度"), "calendar": _("年")}.get(basis or "", _("年・年度"))


def figure_labels(basis: str | None = None) -> dict[str, str]:
    """The label of each field of the figure form, as the form shows it."""
    return {
        "year": year_label(basis),
        "basis": _("期間区分"),
        "value": _("値"),
        "unit": _("単位"),
        "status": _("状態"),
        "publisher": _("公表者"),
        "publication": _("資料名"),
        "published": _("公表日"),
        "url": _("URL"),
        "note": _("備考"),
    }


def note_labels(basis: str | None = None) -> dict[str, str]:
    return {
        "year": _("記録の対象の%(year)s") % {"year": year_label(basis)},
        "analysis": _("要因分析"),
        "next_steps": _("今後の方向性"),
    }


@dataclass(frozen=True)
class Kpi:
    """The KPI a form writes to, with its strategy's key."""

    key: str
    entry: KpiEntry

    @property
    def kpi_id(self) -> str:
        return self.entry.kpi_id


def find_kpi(session: Session, kpi_id: str) -> Kpi:
    """A KPI of a strategy's newest revision by its stable id, or NotFoundError."""
    query = (
        select(StrategyRow.key)
        .join(KpiRow, KpiRow.strategy_id == StrategyRow.id)
        .where(KpiRow.id == kpi_id)
    )
    key = session.scalar(query)
    if key is None:
        raise NotFoundError(_("KPI「%(id)s」はありません。") % {"id": kpi_id})
    return Kpi(key, kpis.entry(session, key=key, kpi_id=kpi_id))


def kpi_path(kpi_id: str) -> str:
    """The KPI page's path (its id holds "/" and full-width characters)."""
    return "/kpis/" + quote(kpi_id, safe="/()")


def today_in_japan() -> date:
    return datetime.now(UTC).astimezone(_JST).date()


def read_figure(
    kpi: KpiEntry, form: FigureForm, *, today: date | None = None
) -> Report | list[FieldError]:
    """The report the form describes, or every problem found, named by field."""
    labels = figure_labels(kpi.version.year_basis)
    value = form.value.strip()
    if not value or value in NO_FIGURE:
        return [FieldError("value", labels["value"], _("値を入力してください。"))]
    names = ["KPI ID", *(COLUMN_NAMES[column][0] for column in _COLUMNS.values())]
    cells = [kpi.kpi_id, *(getattr(form, name).strip() for name in _COLUMNS)]
    errors = Errors()
    columns = header([(1, names)], errors)
    assert columns is not None  # the names above are the layout's own
    reader = RowReader(
        columns,
        [kpi],
        errors,
        span=(kpi.first_year, kpi.last_year),
        today=today or today_in_japan(),
        is_csv=False,
    )
    reader.read(2, cells)
    if reader.reports and not errors.items:
        return reader.reports[0][1]
    by_column = {COLUMN_NAMES[column][0]: name for name, column in _COLUMNS.items()}
    found = []
    for error in errors.result():
        name = by_column.get(error.column or "", "value")
        found.append(FieldError(name, labels[name], error.reason))
    order = list(labels)
    return sorted(found, key=lambda e: order.index(e.field))


def read_note(
    kpi: KpiEntry, form: NoteForm
) -> tuple[int, str | None, str | None] | list[FieldError]:
    """Year, 要因分析 and 今後の方向性 (None: keep the text in force), or the problems."""
    labels = note_labels(kpi.version.year_basis)
    problems: list[FieldError] = []
    year = _year(form.year, kpi, labels["year"], problems)
    texts: dict[str, str | None] = {}
    for name in ("analysis", "next_steps"):
        text = getattr(form, name).strip()
        if len(text) > MAX_NOTE:
            reason = _("長すぎます（%(n)s 文字まで）。") % {"n": f"{MAX_NOTE:,}"}
            problems.append(FieldError(name, labels[name], reason))
        texts[name] = text or None
    if not (texts["analysis"] or texts["next_steps"]):
        reason = _("要因分析か今後の方向性のどちらかを入力してください。")
        problems.append(FieldError("analysis", labels["analysis"], reason))
    if problems or year is None:
        return problems
    return year, texts["analysis"], texts["next_steps"]


def _year(text: str, kpi: KpiEntry, label: str, problems: list[FieldError]) -> int | None:
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.isdigit():
        problems.append(
            FieldError("year", label, _("西暦の年を数字で入力してください（例: 2025）。"))
        )
        return None
    year = int(cleaned)
    first, last = kpi.first_year, kpi.last_year
    if (first is not None and year < first) or (last is not None and year > last):
        reason = _("%(year)s年はこの戦略の期間（%(first)s～%(last)s年）の外です。") % {
            "year": year,
            "first": first or "",
            "last": last or "",
        }
        problems.append(FieldError("year", label, reason))
        return None
    return year


def form_values(form: FigureForm | NoteForm) -> dict[str, str]:
    """The fields as typed, to fill the form again after an error."""
    return {name: str(value) for name, value in form.model_dump().items()}
