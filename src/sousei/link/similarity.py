"""How alike two short Japanese texts are: TF-IDF over character bigrams and policy fields,
compared by cosine (docs/formulas.md, "Links to the national strategy").

Japanese has no spaces between words, and the words of KPI names are mostly compounds of kanji
and katakana (観光入込客数, 訪日外国人旅行者数); character bigrams are the usual index terms for
such text and need no dictionary. A text is normalised (NFKC, lower case, a few spelling
variants), cut into runs of kanji, katakana and Latin letters (hiragana, digits, punctuation and
brackets separate them: particles and numbers say nothing of the topic), and each run gives its
bigrams (a one-character run gives itself). Each policy field of `themes.FIELDS` whose word the
text contains adds a feature. A feature's weight is its smoothed inverse document frequency in
the national strategy's texts; generic words (数, 率, 割合, 件数…) are weighted down.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .themes import FIELDS

__all__ = [
    "FIELD_BOOST",
    "STOP_WEIGHT",
    "STOP_WORDS",
    "Vector",
    "Weights",
    "centroid",
    "combine",
    "cosine",
    "normalise",
    "terms",
]

Vector = dict[str, float]
"""A sparse vector: feature → weight; made by `Weights.vector`, of length 1 unless empty."""

VARIANTS = (("子ども", "子供"), ("こども", "子供"), ("障がい", "障害"), ("買い物", "買物"))

STOP_WORDS = (
    "数", "率", "件数", "人数", "者数", "割合", "比率", "合計", "総数", "延べ", "実人数",
    "地域", "地方", "東京圏", "以外", "全国", "我が国", "国内", "県内", "市内", "町内", "村内",
    "推進", "促進", "支援", "事業", "実施", "取組", "整備", "向上", "増加", "維持", "確保",
    "充実", "強化", "創出", "活用", "年度", "年間", "累計", "全体", "住民", "市民", "県民",
    "町民", "村民", "本市", "本県", "本町",
)  # fmt: skip
"""Words of every KPI whatever its topic: counts, rates, places, the verbs of policy."""

STOP_WEIGHT = 0.2
"""Weight factor of a feature made of a stop word's characters only."""

FIELD_BOOST = 2.0
"""Weight factor of a policy-field feature, over its inverse document frequency."""

_CONTENT = re.compile(r"[々〆\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a1-\u30fa\u30fca-z]+")
_LATIN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """NFKC, lower case, one spelling of 子供, 障害 and 買物."""
    text = unicodedata.normalize("NFKC", text).lower()
    for variant, spelling in VARIANTS:
        text = text.replace(variant, spelling)
    return text


def _stop_features() -> frozenset[str]:
    found: set[str] = set()
    for word in STOP_WORDS:
        found.update(_run_features(normalise(word)))
    return frozenset(found)


def _run_features(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _field_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Any of the words; a word of Latin letters and digits only as a whole word."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(normalise(word))
        if _LATIN.fullmatch(word):
            escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts))


_FIELDS = {f"#{name}": _field_pattern(words) for name, words in FIELDS.items()}
STOP_FEATURES = _stop_features()


@lru_cache(maxsize=65536)
def terms(text: str) -> Counter[str]:
    """The features of a text with their counts: bigrams of its content runs, and `#field`
    for each policy field it mentions (once)."""
    text = normalise(text)
    found: Counter[str] = Counter()
    for run in _CONTENT.findall(text):
        found.update(_run_features(run))
    for feature, pattern in _FIELDS.items():
        if pattern.search(text):
            found[feature] = 1
    return found


class Weights:
    """Inverse document frequencies over a collection of texts (the national strategy's).

    idf(f) = ln((1 + N) ÷ (1 + df(f))) + 1 for N texts, df(f) of which contain f; so a feature
    no text contains (df = 0) weighs ln(1 + N) + 1, more than any it contains.
    """

    def __init__(self, documents: Iterable[str]) -> None:
        frequencies: Counter[str] = Counter()
        count = 0
        for document in documents:
            count += 1
            frequencies.update(terms(document).keys())
        self.count = count
        self.unseen = math.log(1 + count) + 1
        self.idf = {
            feature: math.log((1 + count) / (1 + df)) + 1 for feature, df in frequencies.items()
        }

    def weight(self, feature: str) -> float:
        weight = self.idf.get(feature, self.unseen)
        if feature.startswith("#"):
            return weight * FIELD_BOOST
        if feature in STOP_FEATURES:
            return weight * STOP_WEIGHT
        return weight

    def vector(self, text: str) -> Vector:
        """The text's unit vector: (1 + ln tf) × weight per feature."""
        raw = {
            feature: (1 + math.log(count)) * self.weight(feature)
            for feature, count in terms(text).items()
        }
        return _unit(raw)


def combine(main: Vector, context: Vector, context_weight: float) -> Vector:
    """main + context_weight × context, as a unit vector: a text read with what surrounds it."""
    joined = dict(main)
    for feature, weight in context.items():
        joined[feature] = joined.get(feature, 0.0) + context_weight * weight
    return _unit(joined)


def centroid(vectors: Iterable[Vector]) -> Vector:
    """The mean direction of unit vectors, as a unit vector."""
    total: Vector = {}
    for vector in vectors:
        for feature, weight in vector.items():
            total[feature] = total.get(feature, 0.0) + weight
    return _unit(total)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two unit vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(feature, 0.0) for feature, weight in a.items())


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(weight * weight for weight in vector.values()))
    if norm == 0:
        return {}
    return {feature: weight / norm for feature, weight in vector.items()}
