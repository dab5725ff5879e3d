"""Labels the web shows from constants, written out as msgids for the English catalogue.

The store, the model and the evaluation keep their Japanese labels as plain constants (the CLI
prints them, and those layers do not depend on the web). The web translates them where it shows
them (`_(...)` in the templates, `status_label` and `organisation_label` below), but gettext
only knows a msgid that `make messages` extracted — so each value is written out here, marked
with `N_`.
`tests/web/test_i18n.py` checks that these lists match the constants, so a new label cannot
go untranslated. (The web's own constants, such as the error pages' titles, are marked with `N_`
where they are defined.)
"""

from __future__ import annotations

from .i18n import N_, gettext

ROLES = (N_("管理者"), N_("入力担当"), N_("閲覧者"))
"""`sousei.store.accounts.ROLE_LABELS`: the header, the users' pages, the role choice."""

REVIEW_STATES = (N_("下書き"), N_("提出済み"), N_("承認済み"), N_("差戻し"))
"""`sousei.model.actuals.REVIEW_LABELS`: the review page."""

SNAPSHOT_REASONS = (
    N_("新しい実績値"),
    N_("実績値の訂正"),
    N_("目標の変更"),
    N_("評価基準の変更"),
    N_("算定式の改定"),
    N_("KPI の追加"),
    N_("KPI の削除"),
)
"""`sousei.evaluate.snapshot.REASON_LABELS`: why an assessment moved between two snapshots."""

STATUSES = (
    N_("達成"),
    N_("順調"),
    N_("遅れ"),
    N_("データなし"),
    N_("対象外"),
    N_("評価不能"),
)
"""The label texts of the national rule set (`data/rulesets/national.toml`). Other rule sets'
own texts (S・A・B, ◎・○・△, おおむね順調 …) are the local governments' words, shown as written."""


def status_label(text: str) -> str:
    """A status label as shown: one of the national rule set's texts in the page's language
    (whichever rule set uses it), any other text as the rule set writes it."""
    return gettext(text) if text in STATUSES else text


NO_ORGANISATION = N_("（未設定）")
"""The organisation filter's value for KPIs whose reference names none (in the query string it
stays Japanese, so a link works in either language)."""


def organisation_label(name: str) -> str:
    """An organisation as shown: a ministry's name as written, 「（未設定）」 translated."""
    return gettext(name) if name == NO_ORGANISATION else name
