"""Synthetic local strategies as documents: the text a local government publishes, for the
benchmark of `sousei load-local` and its tests.

`local_text` writes the strategy `synthetic.local_strategy` makes for a code in the genre of
the converted PDFs of `tests/golden/local` (markdown tables, 基本目標1–4 each with its 数値目標
table, 施策の基本的方向 and (1)–(3) 施策 with a 重要業績評価指標（KPI） table of 指標・基準値・
目標値). The 基準値 column holds each KPI's baseline (the model's note), the 目標値 column its
target text; the 人口ビジョン's 総人口 is a 数値目標 of 基本目標2. Reading the text back gives
the model's KPIs: the same indicators and targets, with the baselines as values
(`tests/bench/test_synthetic_text.py`).

`registry_codes` are the 1,788 governments of the bundled registry (47 prefectures, 1,741
市区町村), so the files carry real codes and names; what each measures is still drawn from its
code by `synthetic`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sousei.model import Kpi, Strategy
from sousei.registry import MUNICIPAL_KINDS, Kind, load_registry

from . import synthetic

KPIS = 100


def registry_codes() -> list[str]:
    """The 1,788 local governments with a strategy: prefectures and 市区町村, in code order."""
    return [
        g.code for g in load_registry() if g.kind is Kind.PREFECTURE or g.kind in MUNICIPAL_KINDS
    ]


def file_name(code: str) -> str:
    """``011002_札幌市.md``: the code first, as `sousei load-local` reads it."""
    return f"{code}_{load_registry().get(code).name}.md"


def local_text(code: str, *, kpis: int = KPIS, seed: int) -> str:
    """The strategy document of a government, with `kpis` KPIs."""
    name = load_registry().get(code).name
    model = synthetic.local_strategy(code, kpis=kpis, seed=seed)
    return "\n".join(_document(model, name, synthetic.local_name(code))) + "\n"


def write_folder(directory: Path, codes: list[str], *, kpis: int = KPIS, seed: int) -> None:
    """One document per code in `directory`, named by `file_name`."""
    directory.mkdir(parents=True, exist_ok=True)
    for code in codes:
        (directory / file_name(code)).write_text(local_text(code, kpis=kpis, seed=seed), "utf-8")


def _document(model: Strategy, name: str, made_up: str) -> Iterator[str]:
    title = model.title.replace(made_up, name)
    yield from (f"# {title}", "", "令和7年3月", "", name, "", "## 第1章 人口ビジョン", "")
    for impact in model.impacts:
        yield from (impact.text.replace(made_up, name), "")
    yield from ("## 第2章 基本目標と施策の展開", "")
    population = [k for k in model.kpis if k.level == "impact"]
    for number, outcome in enumerate(model.outcomes, start=1):
        yield from (f"### 基本目標{number}　{outcome.title}", "", "■数値目標", "")
        own = [k for k in model.kpis if k.level == "outcome" and k.owner == outcome.id]
        rows = own + population if number == 2 else own
        yield from _table("数値目標", rows)
        yield from ("■施策の基本的方向", "", f"{outcome.title}ため、次の施策に取り組みます。", "")
        yield from ("■具体的な施策", "")
        for group, area in enumerate(a for a in model.areas if a.outcome_id == outcome.id):
            yield from (f"({group + 1}) {area.title}", "")
            measures = [m for m in model.measures if m.area_id == area.id]
            yield "、".join(m.title for m in measures) + "に取り組みます。"
            yield ""
            kpis = [k for k in model.kpis if k.level == "output" and k.owner == area.id]
            if kpis:
                yield from ("【重要業績評価指標（KPI）】", "")
                yield from _table("指標", kpis)
        yield from ("- " + str(number + 1) + " -", "", f"{title}", "")


def _table(header: str, kpis: list[Kpi]) -> Iterator[str]:
    if not kpis:
        yield from ("（なし）", "")
        return
    yield f"| {header} | 基準値 | 目標値 |"
    yield "|---|---|---|"
    for kpi in kpis:
        yield f"| {kpi.indicator} | {_baseline(kpi)} | {kpi.target.text} |"
    yield ""


def _baseline(kpi: Kpi) -> str:
    """The note "※基準値：1,100人（2019年度）" as the cell "1,100人（2019年度）"."""
    for note in kpi.notes:
        if note.startswith("※基準値："):
            return note.removeprefix("※基準値：")
    return "－"
