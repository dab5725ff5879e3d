"""検索ページ — a page of search hits with where each leads and what kind it is."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from sousei.store import search
from sousei.store.search import KINDS, Found, Hit, Kind

from .i18n import gettext as _

PER_PAGE = 20
MAX_QUERY = 100
NATIONAL = "national"


def kind_label(kind: Kind) -> str:
    labels = {
        "measure": _("施策"),
        "project": _("主な事業"),
        "kpi": _("KPI"),
        "other": _("その他の施策（第6節）"),
    }
    return labels[kind]


def href(hit: Hit) -> str:
    """Where a hit leads: its 施策 (a 主な事業 is shown on its 施策's page), KPI, or 第6節 item."""
    if hit.kind in ("measure", "project"):
        return f"/measures/{quote(hit.ref)}"
    if hit.kind == "kpi":
        return f"/kpis/{quote(hit.ref)}"
    return f"/other-measures#other-{quote(hit.ref)}"


def context(hit: Hit) -> str:
    """The line above a hit's title that says what it is and where it sits."""
    if hit.kind == "measure":
        return _("施策 %(path)s") % {"path": hit.ref}
    if hit.kind == "project":
        return _("主な事業（施策 %(path)s）") % {"path": hit.ref}
    if hit.kind == "kpi":
        return _("KPI %(id)s") % {"id": hit.ref.split("/", 1)[-1]}
    outcome, _sep, number = hit.ref.partition("-")
    return _("その他の施策（第6節）アウトカム %(outcome)s の %(number)s") % {
        "outcome": outcome,
        "number": number,
    }


@dataclass(frozen=True)
class ShownHit:
    hit: Hit
    href: str
    kind_label: str
    context: str


@dataclass(frozen=True)
class Facet:
    """A kind to narrow the hits to, with how many there are and the page that shows them."""

    kind: Kind | None
    label: str
    count: int
    href: str
    current: bool


@dataclass(frozen=True)
class Group:
    """The hits of one kind on a page, numbered on from the previous group."""

    kind: Kind
    label: str
    start: int
    hits: tuple[ShownHit, ...]


@dataclass(frozen=True)
class SearchPage:
    query: str
    kind: Kind | None
    found: Found
    hits: tuple[ShownHit, ...]
    facets: tuple[Facet, ...]
    page: int
    pages: int

    @property
    def groups(self) -> tuple[Group, ...]:
        """The page's hits by kind, in the order they came (the store groups them by kind)."""
        out: list[Group] = []
        start = self.first
        for shown in self.hits:
            if out and out[-1].kind == shown.hit.kind:
                last = out[-1]
                out[-1] = Group(last.kind, last.label, last.start, (*last.hits, shown))
            else:
                if out:
                    start = out[-1].start + len(out[-1].hits)
                out.append(Group(shown.hit.kind, shown.kind_label, start, (shown,)))
        return tuple(out)

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    def page_href(self, page: int) -> str:
        return _url(self.query, self.kind, page)


def _url(query: str, kind: Kind | None, page: int = 1) -> str:
    params = {"q": query}
    if kind is not None:
        params["kind"] = kind
    if page > 1:
        params["page"] = str(page)
    return "/search?" + urlencode(params)


def search_page(
    session: Session, *, query: str, kind: Kind | None, page: int, key: str = NATIONAL
) -> SearchPage:
    """Hits for `query` on page `page` (20 a page), narrowed to a kind when one is given."""
    query = query.strip()
    found = search.search(
        session,
        query=query,
        strategy_key=key,
        kinds=[kind] if kind else None,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    shown = tuple(ShownHit(h, href(h), kind_label(h.kind), context(h)) for h in found.hits)
    every = sum(found.by_kind.values())
    facets = (
        Facet(None, _("すべて"), every, _url(query, None), kind is None),
        *(
            Facet(k, kind_label(k), found.by_kind.get(k, 0), _url(query, k), kind == k)
            for k in KINDS
        ),
    )
    pages = max(1, ceil(found.total / PER_PAGE))
    return SearchPage(query, kind, found, shown, facets, page, pages)
