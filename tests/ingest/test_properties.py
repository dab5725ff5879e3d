"""Mutated and truncated documents never crash the parser: a model plus warnings, always."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sousei.ingest import SourceText, bundled_source
from sousei.ingest.national import read_national
from sousei.model import Strategy

LINES = bundled_source().text.splitlines()
NOISE = st.text(
    alphabet=st.sampled_from(
        [*list("①⑯（）()：:・-#*■\t 0123456789年度万人%以上KPIa.A.【再掲】<sup>"), "\n"]
    ),
    max_size=40,
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES[: draw(st.integers(0, len(LINES)))])  # truncated anywhere
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "noise", "swap", "cut"]))
        if action == "drop":
            del lines[at]
        elif action == "noise":
            lines.insert(at, draw(NOISE))
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    return "\n".join(lines)


def _check(strategy: Strategy, text: str) -> None:
    count = len(text.splitlines())
    assert all(1 <= w.line <= count for w in strategy.warnings)
    assert all(1 <= k.lines.start <= k.lines.end <= count for k in strategy.kpis)
    assert len({m.path for m in strategy.measures}) == len(strategy.measures)
    assert Strategy.model_validate_json(strategy.model_dump_json()) == strategy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_give_a_model_and_warnings(text: str) -> None:
    _check(read_national(SourceText("mutated.md", text, "utf-8")), text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(read_national(SourceText("random.md", text, "utf-8")), text)
