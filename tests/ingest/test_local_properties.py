"""Mutated and truncated local strategies never crash the parser: a model plus warnings."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sousei.ingest import SourceText
from sousei.ingest.local import read_local
from sousei.model import Strategy

LOCAL = Path(__file__).parents[1] / "golden" / "local"
DOCUMENTS = [
    p.read_text("utf-8").splitlines() for p in sorted(LOCAL.glob("*.md")) if p.stem != "README"
]
PIECES = [
    *"①②（）()：:・○■◆|\t -－→／※#0123456789年度万人%件以上基準値目標指標累計毎",
    "基本目標１",
    "【数値目標】",
    "【KPI】",
    "(1) ",
    "| --- |",
    "R5",
]
NOISE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    document = draw(st.sampled_from(DOCUMENTS))
    lines = list(document[: draw(st.integers(0, len(document)))])  # truncated anywhere
    for _ in range(draw(st.integers(0, 15))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "noise", "swap", "cut", "tab"]))
        if action == "drop":
            del lines[at]
        elif action == "noise":
            lines.insert(at, draw(NOISE))
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            lines[at] = lines[at].replace("　", "\t").replace("|", "\t")
    return "\n".join(lines)


def _check(strategy: Strategy, text: str) -> None:
    count = len(text.splitlines())
    assert all(1 <= w.line <= count for w in strategy.warnings)
    assert all(1 <= k.lines.start <= k.lines.end <= count for k in strategy.kpis)
    assert len({k.id for k in strategy.kpis}) == len(strategy.kpis)
    assert len({m.path for m in strategy.measures}) == len(strategy.measures)
    paths = {m.path for m in strategy.measures} | {o.id for o in strategy.outcomes}
    assert all(k.owner in paths for k in strategy.kpis)
    assert Strategy.model_validate_json(strategy.model_dump_json()) == strategy


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_local_documents_give_a_model_and_warnings(text: str) -> None:
    _check(read_local(SourceText("mutated.md", text, "utf-8")), text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_the_local_parser(text: str) -> None:
    _check(read_local(SourceText("random.md", text, "utf-8")), text)
