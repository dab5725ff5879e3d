"""Features and weights of the text similarity (docs/formulas.md, "Links to the national
strategy")."""

from __future__ import annotations

import pytest

from sousei.link import Weights, centroid, combine, cosine, normalise, terms

NATIONAL_LIKE = [
    "訪日外国人旅行者数",
    "インバウンド消費額",
    "東京圏から地方への移住者数",
    "デジタル人材育成数",
    "買物に困難を感じている人の割合",
]


def test_normalising_makes_one_spelling() -> None:
    assert (
        normalise("ＤＸ推進・子ども・こども・障がい者・買い物")
        == "dx推進・子供・子供・障害者・買物"
    )


def test_features_are_bigrams_of_runs_that_hiragana_digits_and_brackets_cut() -> None:
    found = terms("東京圏から地方への移住者数（2027年度）")
    assert {"東京", "京圏", "地方", "移住", "住者", "者数", "年度"} <= set(found)
    assert "圏か" not in found  # hiragana end a run
    assert "方移" not in found
    assert not any(ch.isdigit() for feature in found for ch in feature)


def test_a_one_character_run_is_its_own_feature() -> None:
    assert "率" in terms("の率")


def test_policy_fields_are_features_of_their_own() -> None:
    assert "#観光" in terms("観光入込客数")
    assert "#観光" in terms("訪日外国人旅行者数")
    assert "#結婚・出産・子育て" in terms("合計特殊出生率")
    assert "#結婚・出産・子育て" in terms("こども家庭センターの相談件数")
    assert "#移住・定住" in terms("UIJターン就職者数")


def test_latin_field_words_match_whole_words_only() -> None:
    assert "#デジタル" in terms("AIの活用")
    assert "#デジタル" not in terms("Daily")


def test_generic_words_weigh_less_than_topical_ones() -> None:
    weights = Weights(NATIONAL_LIKE)
    assert weights.weight("者数") < weights.weight("移住") / 3
    assert weights.weight("割合") < weights.weight("買物") / 3


def test_rare_features_weigh_more() -> None:
    weights = Weights([*NATIONAL_LIKE, "移住相談件数"])
    assert weights.weight("移住") < weights.weight("旅行")
    assert weights.weight("unseen") > max(weights.idf.values())  # the formula with df = 0


@pytest.mark.parametrize(
    ("a", "b"),
    [("移住者数", "東京圏から地方への移住者数"), ("観光入込客数", "訪日外国人旅行者数")],
)
def test_cosine_is_symmetric_and_bounded(a: str, b: str) -> None:
    weights = Weights(NATIONAL_LIKE)
    va, vb = weights.vector(a), weights.vector(b)
    assert cosine(va, vb) == pytest.approx(cosine(vb, va))
    assert 0 < cosine(va, vb) < 1
    assert cosine(va, va) == pytest.approx(1)


def test_texts_with_nothing_in_common_score_zero() -> None:
    weights = Weights(NATIONAL_LIKE)
    assert cosine(weights.vector("移住者数"), weights.vector("デジタル人材育成数")) == 0
    assert cosine(weights.vector("123"), weights.vector("移住者数")) == 0


def test_context_and_centroid_are_unit_vectors() -> None:
    weights = Weights(NATIONAL_LIKE)
    joined = combine(weights.vector("移住者数"), weights.vector("観光の振興"), 0.5)
    assert sum(w * w for w in joined.values()) == pytest.approx(1)
    middle = centroid([weights.vector("移住"), weights.vector("観光")])
    assert sum(w * w for w in middle.values()) == pytest.approx(1)
    assert centroid([]) == {}
