"""The diff of two revisions, built by editing the real text of the national strategy."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sousei.ingest import SourceText, bundled_source, parse_source
from sousei.model import Strategy
from sousei.model.diff import Change, StrategyDiff, diff_strategies, render_change, render_diff

Edit = tuple[str, str]
Row = tuple[str, str, str | None, str | None, str | None, str | None, str | None]


def parse_edited(text: str, *edits: Edit) -> Strategy:
    """The national text with each edit applied to its one occurrence."""
    for before, after in edits:
        assert text.count(before) == 1, f"not exactly once in the document: {before!r}"
        text = text.replace(before, after)
    return parse_source(SourceText("edited.md", text, "utf-8"))


def rows(diff: StrategyDiff) -> list[Row]:
    return [
        (c.kind, c.element, c.old_id, c.new_id, c.field, c.before, c.after) for c in diff.changes
    ]


TARGET_VALUE: Edit = ("6,000 万人（2030 年）", "6,500 万人（2030 年）")
NEW_KPI: Edit = (
    "- スマート農業技術の活用割合",
    "- 新規就農者数：1,000 人（2030 年度）\n- スマート農業技術の活用割合",
)
STAYS = "訪日外国人旅行者の地方部における延べ宿泊者数"
REWORDED = "訪日外国人旅行者の地方部での延べ宿泊者数"
MEASURE_9 = (
    "⑨スポーツリーグ・クラブによる海外ファン獲得支援\n\n"
    "トップスポーツのクラブは、地域に根付く重要な地域資源の一つであり、"
)
MOVED_BULLET = "- ・インバウンド消費額：15 兆円（2030 年）\n"
F_LAST_KPI = "：3,919 件（2026 年度）\n"


def _delete_measure_9(text: str) -> Edit:
    """The whole block of measure ⑨: title, text and its (主な事業)."""
    start = text.index(MEASURE_9)
    end = text.index("■工程表", start)
    return (text[start:end], "")


def _delete_other_measure_15(text: str) -> Edit:
    start = text.index("(15) 森業の推進")
    end = text.index("(16) ジビエ利用の拡大", start)
    return (text[start:end], "")


CASES = [
    pytest.param(
        [TARGET_VALUE],
        [("target_changed", "kpi", "A-KPI④-1", "A-KPI④-1", "target_value", "60000000", "65000000")],
        id="target-value",
    ),
    pytest.param(
        [("インバウンド消費額：15 兆円（2030 年）", "インバウンド消費額：15 兆円（2032 年）")],
        [("target_changed", "kpi", "g-1", "g-1", "target_year", "2030", "2032")],
        id="target-year",
    ),
    pytest.param(
        [("：15 兆円（2030 年）", "：15 兆円以上（2030 年）")],
        [("target_changed", "kpi", "g-1", "g-1", "target_comparator", "=", ">=")],
        id="target-comparator",
    ),
    pytest.param(
        [("各年度の採択事業について、80%以上", "各年度の採択事業について、おおむね80%以上")],
        [
            (
                "target_changed",
                "kpi",
                "a-2",
                "a-2",
                "target_text",
                "各年度の採択事業について、80%以上",
                "各年度の採択事業について、おおむね80%以上",
            )
        ],
        id="target-text-only",
    ),
    pytest.param(
        [("6,000 万人（2030 年）", "6,000万人（2030年）")], [], id="whitespace-only-is-no-change"
    ),
    pytest.param(
        [("6,000 万人（2030 年）", "６，０００ 万人（２０３０ 年）")], [], id="width-only"
    ),
    pytest.param([NEW_KPI], [("added", "kpi", None, "a-1", None, None, None)], id="kpi-inserted"),
    pytest.param(
        [(f"- ・{STAYS}", f"- ・{REWORDED}")],
        [("reworded", "kpi", "A-KPI④-2", "A-KPI④-2", "indicator", STAYS, REWORDED)],
        id="kpi-reworded",
    ),
    pytest.param(
        [("- ・訪日外国人旅行者数：6,000 万人（2030 年）\n", "")],
        # The other KPI④ is now the only one, "A-KPI④": a new id, the same KPI.
        [("removed", "kpi", "A-KPI④-1", None, None, None, None)],
        id="kpi-removed-sibling-renamed",
    ),
    pytest.param(
        [(MOVED_BULLET, ""), (F_LAST_KPI, F_LAST_KPI + MOVED_BULLET)],
        [("moved", "kpi", "g-1", "f-3", "owner", "g", "f")],
        id="kpi-moved",
    ),
    pytest.param(
        [_delete_measure_9],
        [("removed", "measure", "a/1/9", None, None, None, None)],
        id="measure-removed",
    ),
    pytest.param(
        [("④スマート水産業の推進", "④スマート水産業の一層の推進")],
        [
            (
                "reworded",
                "measure",
                "a/1/4",
                "a/1/4",
                "title",
                "スマート水産業の推進",
                "スマート水産業の一層の推進",
            )
        ],
        id="measure-reworded",
    ),
    pytest.param(
        [
            (
                "- ・国際的プロモーション事業\n\n■工程表",
                "- ・国際的プロモーション事業\n- ・酒蔵ツーリズム推進事業\n\n■工程表",
            )
        ],
        [("added", "project", "a/1/5", "a/1/5", None, None, None)],
        id="project-added",
    ),
    pytest.param(
        [("- ・スポーツコンプレックス推進事業\n", "")],
        [("removed", "project", "a/1/8", "a/1/8", None, None, None)],
        id="project-removed",
    ),
    pytest.param(
        [("### g. インバウンド促進", "### g. インバウンドの促進")],
        [("reworded", "area", "g", "g", "title", "インバウンド促進", "インバウンドの促進")],
        id="area-reworded",
    ),
    pytest.param(
        [("(15) 森業の推進", "(15) 森業の一層の推進")],
        [("reworded", "other_measure", "A-15", "A-15", "title", "森業の推進", "森業の一層の推進")],
        id="other-measure-reworded",
    ),
    pytest.param(
        [_delete_other_measure_15],
        [("removed", "other_measure", "A-15", None, None, None, None)],
        id="other-measure-removed",
    ),
    pytest.param(
        [TARGET_VALUE, ("④スマート水産業の推進", "④スマート水産業の一層の推進"), NEW_KPI],
        [
            (
                "reworded",
                "measure",
                "a/1/4",
                "a/1/4",
                "title",
                "スマート水産業の推進",
                "スマート水産業の一層の推進",
            ),
            ("added", "kpi", None, "a-1", None, None, None),
            (
                "target_changed",
                "kpi",
                "A-KPI④-1",
                "A-KPI④-1",
                "target_value",
                "60000000",
                "65000000",
            ),
        ],
        id="several-by-element-then-kind",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_diff_of_an_edited_revision(
    national: Strategy,
    national_source_text: str,
    edits: list[Edit | Callable[[str], Edit]],
    expected: list[Row],
) -> None:
    resolved = [edit if isinstance(edit, tuple) else edit(national_source_text) for edit in edits]
    new = parse_edited(national_source_text, *resolved)
    assert rows(diff_strategies(national, new)) == expected


def test_the_national_strategy_against_itself_has_no_changes(national: Strategy) -> None:
    diff = diff_strategies(national, national)
    assert diff.is_empty
    assert diff.changes == ()
    assert render_diff(diff) == "差分はありません。"


def test_one_target_changed_by_hand_shows_exactly_that_change(
    national: Strategy, national_source_text: str
) -> None:
    # Acceptance: the national strategy loaded twice, one target changed by hand.
    new = parse_edited(national_source_text, TARGET_VALUE)
    assert render_diff(diff_strategies(national, new)) == (
        "差分 1 件（目標変更 1）\n"
        "KPI 目標変更 A-KPI④-1 訪日外国人旅行者数: target_value 60000000 → 65000000 (147行)"
    )


def test_a_change_points_at_its_line(national: Strategy, national_source_text: str) -> None:
    new = parse_edited(national_source_text, _delete_measure_9(national_source_text), NEW_KPI)
    (removed,) = diff_strategies(national, new).of_kind("removed")
    (added,) = diff_strategies(national, new).of_kind("added")
    assert (removed.line, removed.label) == (440, "スポーツリーグ・クラブによる海外ファン獲得支援")
    assert new.source_name == "edited.md"
    assert added.label == "新規就農者数"
    assert added.line == next(k.lines.start for k in new.kpis if k.id == "a-1")


def _reletter(strategy: Strategy, old: str, new: str) -> Strategy:
    """The strategy with one area's id changed everywhere, as a re-lettering would."""

    def path(p: str) -> str:
        return new + p[len(old) :] if p.startswith(f"{old}/") else p

    return strategy.model_copy(
        update={
            "areas": tuple(
                a.model_copy(update={"id": new}) if a.id == old else a for a in strategy.areas
            ),
            "measures": tuple(
                m.model_copy(update={"area_id": new, "path": path(m.path)})
                if m.area_id == old
                else m
                for m in strategy.measures
            ),
            "projects": tuple(
                p.model_copy(update={"measure_path": path(p.measure_path)})
                for p in strategy.projects
            ),
            "kpis": tuple(
                k.model_copy(update={"owner": new, "id": k.id.replace(f"{old}-", f"{new}-")})
                if k.owner == old
                else k
                for k in strategy.kpis
            ),
        }
    )


def test_a_re_lettered_area_moves_nothing(national: Strategy) -> None:
    relettered = _reletter(national, "g", "z")
    assert {k.owner for k in relettered.kpis} >= {"z"}
    assert diff_strategies(national, relettered).is_empty


def test_a_measure_in_another_area_is_moved(national: Strategy) -> None:
    measures = tuple(
        m.model_copy(update={"area_id": "b"}) if m.path == "a/1/1" else m for m in national.measures
    )
    new = national.model_copy(update={"measures": measures})
    assert rows(diff_strategies(national, new)) == [
        ("moved", "measure", "a/1/1", "a/1/1", "area_id", "a", "b")
    ]


@cache
def _national() -> Strategy:
    # Not the fixture: Hypothesis would print the whole strategy with every failing example.
    return parse_source(bundled_source())


@given(dropped=st.sets(st.integers(0, 54)))
@settings(max_examples=40, deadline=None)
def test_dropping_kpis_removes_exactly_those(dropped: set[int]) -> None:
    national = _national()
    kept = tuple(k for i, k in enumerate(national.kpis) if i not in dropped)
    smaller = national.model_copy(update={"kpis": kept})
    gone = [national.kpis[i].id for i in sorted(dropped)]
    forward = diff_strategies(national, smaller)
    assert [(c.kind, c.old_id) for c in forward.changes] == [("removed", i) for i in gone]
    backward = diff_strategies(smaller, national)
    assert [(c.kind, c.new_id) for c in backward.changes] == [("added", i) for i in gone]


def change(**fields: object) -> Change:
    base: dict[str, object] = {
        "kind": "target_changed",
        "element": "kpi",
        "old_id": "A-KPI④-1",
        "new_id": "A-KPI④-1",
        "line": 147,
        "label": "訪日外国人旅行者数",
    }
    return Change.model_validate(base | fields)


@pytest.mark.parametrize(
    ("change_", "text"),
    [
        pytest.param(
            change(field="target_value", before="60000000", after="65000000"),
            "KPI 目標変更 A-KPI④-1 訪日外国人旅行者数: target_value 60000000 → 65000000 (147行)",
            id="target",
        ),
        pytest.param(
            change(field="target_year", before=None, after="2030"),
            "KPI 目標変更 A-KPI④-1 訪日外国人旅行者数: target_year なし → 2030 (147行)",
            id="none-before",
        ),
        pytest.param(
            change(kind="added", old_id=None, new_id="a-1", line=369, label="新規就農者数"),
            "KPI 追加 a-1 新規就農者数 (369行)",
            id="added",
        ),
        pytest.param(
            change(
                kind="removed",
                element="measure",
                old_id="a/1/9",
                new_id=None,
                line=440,
                label="スポーツリーグ・クラブによる海外ファン獲得支援",
            ),
            "施策 削除 a/1/9 スポーツリーグ・クラブによる海外ファン獲得支援 (旧440行)",
            id="removed-old-line",
        ),
        pytest.param(
            change(
                kind="moved",
                old_id="g-1",
                new_id="f-3",
                field="owner",
                before="g",
                after="f",
                line=803,
                label="インバウンド消費額",
            ),
            "KPI 移動 g-1 → f-3 インバウンド消費額: owner g → f (803行)",
            id="renumbered-ids",
        ),
        pytest.param(
            change(
                kind="reworded",
                element="area",
                old_id="g",
                new_id="g",
                field="title",
                before="インバウンド促進",
                after="インバウンドの促進",
                line=804,
                label="インバウンドの促進",
            ),
            "領域 文言変更 g: title インバウンド促進 → インバウンドの促進 (804行)",
            id="reworded-without-label",
        ),
        pytest.param(
            change(
                kind="added",
                element="project",
                old_id="a/1/5",
                new_id="a/1/5",
                line=384,
                label="酒蔵ツーリズム推進事業",
            ),
            "主な事業 追加 a/1/5 酒蔵ツーリズム推進事業 (384行)",
            id="project",
        ),
        pytest.param(
            change(
                kind="removed",
                element="other_measure",
                old_id="A-15",
                new_id=None,
                line=2027,
                label="森業の推進",
            ),
            "その他の施策 削除 A-15 森業の推進 (旧2027行)",
            id="other-measure",
        ),
    ],
)
def test_render_change(change_: Change, text: str) -> None:
    assert render_change(change_) == text


def test_render_diff_starts_with_the_counts() -> None:
    diff = StrategyDiff(
        changes=(
            change(kind="added", old_id=None, new_id="a-1", line=369, label="新規就農者数"),
            change(field="target_value", before="60000000", after="65000000"),
        )
    )
    assert render_diff(diff).splitlines() == [
        "差分 2 件（追加 1、目標変更 1）",
        "KPI 追加 a-1 新規就農者数 (369行)",
        "KPI 目標変更 A-KPI④-1 訪日外国人旅行者数: target_value 60000000 → 65000000 (147行)",
    ]


def test_diff_helpers() -> None:
    added = change(kind="added", element="measure", old_id=None, new_id="a/1/1")
    target = change(field="target_value", before="1", after="2")
    diff = StrategyDiff(changes=(added, target))
    assert not diff.is_empty
    assert StrategyDiff().is_empty
    assert diff.of_kind("added") == (added,)
    assert diff.of_kind("moved") == ()
    assert diff.of_element("kpi") == (target,)
    assert diff.counts() == {"added": 1, "target_changed": 1}


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"kind": "renamed"}, id="unknown-kind"),
        pytest.param({"element": "roadmap"}, id="unknown-element"),
    ],
)
def test_a_change_has_a_known_kind_and_element(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="literal_error"):
        change(**fields)
