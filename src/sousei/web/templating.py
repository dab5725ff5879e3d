"""Jinja2 templates with the app's filters: numbers and amounts as the strategy writes them,
years as 2025年度（令和7年度）, and gettext for every string."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sousei.evaluate import format_amount, format_number, format_ratio
from sousei.ja.dates import to_wareki
from sousei.store.accounts import ROLE_LABELS

from . import i18n
from .labels import organisation_label, status_label

TEMPLATES = Path(__file__).parent / "templates"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
    i18n.gettext, i18n.ngettext, newstyle=True
)
templates = Jinja2Templates(env=_env)
templates.env.globals["_"] = i18n.gettext


def fiscal_year(year: int | None, basis: str | None = "fiscal") -> str:
    """2025年度（令和7年度） for a 年度, 2025年（令和7年） for a calendar year."""
    if year is None:
        return "—"
    suffix = "年度" if basis in (None, "fiscal") else "年"
    if i18n.current_locale.get() == "en":
        return f"FY{year}" if suffix == "年度" else str(year)
    return f"{year}{suffix}（{to_wareki(year).removesuffix('年')}{suffix}）"


def short_year(year: int | None, basis: str | None = "fiscal") -> str:
    """2025年度 for a 年度, 2025年 for a calendar year (FY2025 and 2025 in English)."""
    if year is None:
        return "—"
    fiscal = basis in (None, "fiscal")
    if i18n.current_locale.get() == "en":
        return f"FY{year}" if fiscal else str(year)
    return f"{year}{'年度' if fiscal else '年'}"


def amount(value: Decimal | int | float | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    return format_amount(Decimal(str(value)), unit)


def number(value: Decimal | int | float | None) -> str:
    if value is None:
        return "—"
    return format_number(Decimal(str(value)))


def percent(fraction: Decimal | float | None) -> str:
    if fraction is None:
        return "—"
    return format_ratio(Decimal(str(fraction)))


templates.env.filters.update(
    fiscal_year=fiscal_year,
    short_year=short_year,
    amount=amount,
    number=number,
    percent=percent,
    role_label=lambda role: ROLE_LABELS.get(role, role),
    organisation_label=organisation_label,
    status_label=status_label,
)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """A page: the template with what every page needs (the user, the CSRF token, the locale)."""
    from .deps import csrf_token  # the deps module imports this one

    values: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "locale": i18n.current_locale.get(),
        "locales": i18n.LOCALE_NAMES,
    }
    values.update(context or {})
    response: HTMLResponse = templates.TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
