"""The `sousei` command line: one Typer app, a module per group of commands."""

from __future__ import annotations

import typer

from . import actuals, audit, evaluate, kpi, links, load_local, localgov, parse, report, store, web

app = typer.Typer(
    help="sousei — 地方創生の総合戦略を、読み込み・記録・評価・公開するためのツール",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("parse")(parse.parse)
store.register(app)
app.command("load-local")(load_local.load_local)
app.add_typer(kpi.app, name="kpi")
app.add_typer(actuals.app, name="actuals")
app.command("template")(actuals.template)
app.command("audit")(audit.audit)
app.command("evaluate")(evaluate.evaluate)
app.add_typer(evaluate.snapshots, name="snapshots")
app.add_typer(evaluate.notes, name="notes")
app.command("report")(report.report)
app.command("serve")(web.serve)
app.add_typer(web.users, name="user")
app.add_typer(localgov.app, name="localgov")
app.add_typer(links.app, name="links")


def main() -> None:
    app()
