"""Synthetic local strategies and actuals at national scale, for the store benchmarks and tests.

Japan has 1,788 local governments (47 prefectures, 1,741 municipalities), each with its own
まち・ひと・しごと創生総合戦略. `local_codes` gives them 全国地方公共団体コード, `local_strategy`
writes one strategy of realistic shape (a 人口ビジョン as the impact, the four 基本目標 as
outcomes A–D, twelve areas, KPIs on real-world indicators), and `observations` its yearly actuals.

Everything is a pure function of its arguments: the same code and seed give the same strategy,
the same KPI ids and seed the same figures (`random.Random` seeded with a string hashes it with
SHA-512, so runs and machines agree). What a government *measures* (its indicators and their
size) follows from its code alone; the seed draws targets, trends and noise. That is how
`observations` finds a KPI's indicator again from nothing but the id the store gave it,
``local/{code}/{doc id}``: the code gives the population, the doc id the indicator.

The codes are valid 全国地方公共団体コード (check digit included) laid out as the real registry
is — prefecture ``pp000``, 政令指定都市 and 東京 23 区 with their real codes and names, cities
from ``pp201``, towns and villages in 郡 blocks from ``pp301`` — but apart from those the names
are made up: sousei does not ship the registry yet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import count
from random import Random
from typing import Literal

from sousei.model import Area, Impact, Kpi, Measure, Outcome, SourceSpan, Strategy, Target
from sousei.model.actuals import Period, Report, Source
from sousei.model.types import Comparator, YearBasis

Unit = Literal["人", "件", "%", "円", "人泊"]
Kind = Literal["flow", "stock", "rate", "balance"]
"""flow: counted per year; stock: counted at year end; rate: a percentage; balance: a signed
net flow (人口の社会増減), which can be negative."""

BASE_YEAR = 2020
"""The year `Indicator.level` describes."""

TARGET_YEARS = range(2025, 2031)
BASELINE_YEARS = (2019, 2020, 2022, 2023)
CUMULATIVE_FROM = 2025
"""Local strategies of the second phase mostly take 令和元年度 (2019) as their baseline."""


@dataclass(frozen=True)
class Indicator:
    """What a KPI measures, and how big and how fast it typically is."""

    name: str
    unit: Unit
    kind: Kind
    level: float
    """In BASE_YEAR, per 10,000 residents; a percentage for rates, a net count for balances."""
    trend: float
    """A year's change: relative for flows and stocks, in points for rates and balances."""
    basis: YearBasis = "fiscal"
    publisher: str | None = None
    """None: the local government publishes it itself."""
    down: bool = False
    """Progress is a fall (待機児童数, 刑法犯認知件数)."""
    slump: bool = False
    """Hit by the 2020–2022 fall in travel and gatherings."""


def _i(
    name: str,
    unit: Unit,
    kind: Kind,
    level: float,
    trend: float,
    basis: YearBasis = "fiscal",
    publisher: str | None = None,
    *,
    down: bool = False,
    slump: bool = False,
) -> Indicator:
    return Indicator(name, unit, kind, level, trend, basis, publisher, down, slump)


@dataclass(frozen=True)
class Theme:
    """A 基本目標 (outcome) with its three areas, their measures and the indicators it uses."""

    outcome: str
    areas: tuple[tuple[str, tuple[str, str, str]], ...]
    indicators: tuple[Indicator, ...]


_STATS = "総務省"
_TOURISM = "観光庁"
_HEALTH = "厚生労働省"
_CHILDREN = "こども家庭庁"
_POLICE = "警察庁"

THEMES: tuple[Theme, ...] = (
    Theme(
        "地域にしごとをつくり、安心して働けるようにする",
        (
            ("地域産業の振興と創業支援", ("創業・起業の支援", "企業誘致の推進", "経営基盤の強化")),
            ("観光の振興", ("観光資源の磨き上げ", "インバウンドの誘客促進", "観光DXの推進")),
            (
                "農林水産業の振興",
                ("担い手の確保・育成", "地域産品のブランド化", "スマート農業の推進"),
            ),
        ),
        (
            _i("創業件数", "件", "flow", 3.0, 0.03),
            _i("新規雇用者数", "人", "flow", 25, 0.01),
            _i("企業誘致件数", "件", "flow", 0.3, 0.02),
            _i("製造品出荷額等", "円", "flow", 2.7e10, 0.01, "calendar", "経済産業省"),
            _i("観光入込客数", "人", "flow", 40_000, 0.03, "calendar", slump=True),
            _i("観光消費額", "円", "flow", 5e8, 0.04, "calendar", slump=True),
            _i("延べ宿泊者数", "人泊", "flow", 45_000, 0.03, "calendar", _TOURISM, slump=True),
            _i("外国人延べ宿泊者数", "人泊", "flow", 9_000, 0.12, "calendar", _TOURISM, slump=True),
            _i("農業産出額", "円", "flow", 7e8, 0.01, "calendar", "農林水産省"),
            _i("新規就農者数", "人", "flow", 1.0, 0.0),
            _i("認定農業者数", "人", "stock", 15, -0.01),
            _i("事業所数", "件", "stock", 410, -0.005, "calendar", _STATS),
            _i("従業者数", "人", "stock", 4_700, -0.003, "calendar", _STATS),
            _i("事業承継の支援件数", "件", "flow", 0.8, 0.05),
            _i("地元就業率", "%", "rate", 55, 0.2),
            _i("女性の就業率", "%", "rate", 52, 0.3, "calendar", _STATS),
            _i("商店街の空き店舗率", "%", "rate", 12, -0.2, down=True),
            _i("地場産品の販売額", "円", "flow", 2e8, 0.02),
            _i("6次産業化の認定件数", "件", "stock", 0.3, 0.02, "fiscal", "農林水産省"),
            _i("返礼品の取扱事業者数", "件", "stock", 2, 0.05),
            _i("観光案内所の利用者数", "人", "flow", 3_000, 0.02, slump=True),
            _i("設備投資の支援件数", "件", "flow", 3, 0.01),
            _i("林業の新規就業者数", "人", "flow", 0.4, 0.0),
            _i("漁業の新規就業者数", "人", "flow", 0.3, 0.0),
            _i("企業立地に伴う新規雇用者数", "人", "flow", 5, 0.01),
            _i("観光ガイドの登録者数", "人", "stock", 3, 0.03),
            _i("農林水産物の輸出額", "円", "flow", 5e6, 0.08),
        ),
    ),
    Theme(
        "地方とのつながりを築き、新しいひとの流れをつくる",
        (
            ("移住・定住の促進", ("移住相談体制の充実", "空き家の利活用", "住まいの確保の支援")),
            (
                "関係人口の創出・拡大",
                ("ふるさと納税の活用", "交流の促進", "地域おこし協力隊の活用"),
            ),
            ("若者の地元定着", ("地元企業への就職支援", "高校・大学との連携", "UIJターンの促進")),
        ),
        (
            _i("人口の社会増減", "人", "balance", -15, 1.0, "calendar", _STATS),
            _i("転入者数", "人", "flow", 350, -0.005, "calendar", _STATS),
            _i("転出者数", "人", "flow", 370, -0.005, "calendar", _STATS, down=True),
            _i("移住相談件数", "件", "flow", 8, 0.08),
            _i("移住者数", "人", "flow", 6, 0.06),
            _i("空き家バンクの登録件数", "件", "stock", 3, 0.05),
            _i("空き家バンクの成約件数", "件", "flow", 1.2, 0.05),
            _i("地域おこし協力隊の隊員数", "人", "stock", 0.6, 0.05, "fiscal", _STATS),
            _i("地域おこし協力隊の定住率", "%", "rate", 65, 0.5),
            _i("ふるさと納税の寄附件数", "件", "flow", 900, 0.08, "fiscal", _STATS),
            _i("ふるさと納税の寄附額", "円", "flow", 9e7, 0.08, "fiscal", _STATS),
            _i("UIJターンによる就職者数", "人", "flow", 4, 0.04),
            _i("お試し移住の利用者数", "人", "flow", 2, 0.06),
            _i("関係人口の登録者数", "人", "stock", 50, 0.10),
            _i("二地域居住者数", "人", "stock", 5, 0.05),
            _i("サテライトオフィスの開設件数", "件", "stock", 0.2, 0.08),
            _i("移住支援金の交付件数", "件", "flow", 1, 0.06),
            _i("高校卒業者の地元就職率", "%", "rate", 40, 0.3),
            _i("若者の転出超過数", "人", "flow", 40, -0.01, "calendar", _STATS, down=True),
            _i("交流人口", "人", "flow", 20_000, 0.02, "calendar", slump=True),
            _i("農泊の延べ宿泊者数", "人泊", "flow", 300, 0.06, slump=True),
            _i("ワーケーションの延べ宿泊者数", "人泊", "flow", 100, 0.15),
            _i("移住イベントの参加者数", "人", "flow", 15, 0.04, slump=True),
            _i("公式SNSのフォロワー数", "人", "stock", 150, 0.15),
            _i("地域外からの通勤・通学者数", "人", "stock", 1_500, 0.0, "calendar", _STATS),
        ),
    ),
    Theme(
        "結婚・出産・子育ての希望をかなえる",
        (
            ("出会いと結婚の支援", ("出会いの場の創出", "結婚新生活の支援", "結婚相談体制の整備")),
            (
                "切れ目ない子育て支援",
                ("妊娠・出産への支援", "保育サービスの充実", "経済的負担の軽減"),
            ),
            ("教育環境の充実", ("学校教育の充実", "放課後の居場所づくり", "ふるさと教育の推進")),
        ),
        (
            _i("出生数", "人", "flow", 58, -0.03, "calendar", _HEALTH),
            _i("婚姻件数", "件", "flow", 38, -0.03, "calendar", _HEALTH),
            _i("保育所等の待機児童数", "人", "stock", 0.3, -0.2, "fiscal", _CHILDREN, down=True),
            _i("放課後児童クラブの待機児童数", "人", "stock", 1.3, -0.05, down=True),
            _i("地域子育て支援拠点の利用者数", "人", "flow", 600, 0.02, slump=True),
            _i("保育所等の利用率", "%", "rate", 52, 0.6, "fiscal", _CHILDREN),
            _i("乳幼児健康診査の受診率", "%", "rate", 96, 0.1),
            _i("子育て環境に満足している住民の割合", "%", "rate", 55, 0.5),
            _i("結婚支援事業による成婚件数", "件", "flow", 0.5, 0.05),
            _i("出会いイベントの参加者数", "人", "flow", 6, 0.03, slump=True),
            _i("不妊治療費助成の件数", "件", "flow", 3, 0.02),
            _i("ファミリー・サポート・センターの会員数", "人", "stock", 40, 0.02),
            _i("男性の育児休業取得率", "%", "rate", 30, 4.0),
            _i("病児保育の利用者数", "人", "flow", 40, 0.03),
            _i("子ども食堂の開設件数", "件", "stock", 0.3, 0.08),
            _i("年少人口", "人", "stock", 1_150, -0.015, "calendar", _STATS),
            _i("学校給食における地場産物の使用割合", "%", "rate", 30, 0.5),
            _i("子育て世帯の転入者数", "人", "flow", 30, 0.01),
            _i("出産祝い金の支給件数", "件", "flow", 55, -0.03),
            _i("産後ケア事業の利用者数", "人", "flow", 8, 0.15),
            _i("3歳児健康診査の受診率", "%", "rate", 95, 0.1),
            _i("放課後子ども教室の参加者数", "人", "flow", 150, 0.01, slump=True),
            _i("将来も住み続けたいと答えた中学生の割合", "%", "rate", 48, 0.5),
            _i("結婚新生活支援事業の補助件数", "件", "flow", 1.5, 0.03),
            _i("子育て応援アプリの登録者数", "人", "stock", 120, 0.12),
        ),
    ),
    Theme(
        "ひとが集う、安心して暮らすことができる魅力的な地域をつくる",
        (
            (
                "安全・安心なまちづくり",
                ("防災力の向上", "地域公共交通の確保", "防犯・交通安全の推進"),
            ),
            (
                "健康で生きがいのある暮らし",
                ("健康づくりの推進", "地域包括ケアの推進", "生涯学習の振興"),
            ),
            (
                "持続可能な地域経営",
                ("行政のデジタル化", "公共施設の適正管理", "地域コミュニティの活性化"),
            ),
        ),
        (
            _i("地域公共交通の利用者数", "人", "flow", 20_000, -0.01, slump=True),
            _i("コミュニティバスの利用者数", "人", "flow", 2_500, 0.0, slump=True),
            _i("自主防災組織の活動カバー率", "%", "rate", 80, 0.5, "fiscal", "消防庁"),
            _i("特定健康診査の受診率", "%", "rate", 38, 0.8),
            _i("がん検診の受診率", "%", "rate", 15, 0.3),
            _i("健康づくり事業の参加者数", "人", "flow", 400, 0.02, slump=True),
            _i("要介護認定率", "%", "rate", 18.5, 0.1, "fiscal", _HEALTH, down=True),
            _i("空き家の除却件数", "件", "flow", 1.5, 0.04),
            _i("地域運営組織の設立件数", "件", "stock", 0.5, 0.05, "fiscal", _STATS),
            _i("住みやすいと感じる住民の割合", "%", "rate", 70, 0.3),
            _i("地域活動に参加している住民の割合", "%", "rate", 35, 0.2),
            _i("刑法犯認知件数", "件", "flow", 45, -0.03, "calendar", _POLICE, down=True),
            _i("交通事故の発生件数", "件", "flow", 24, -0.03, "calendar", _POLICE, down=True),
            _i("図書館の利用者数", "人", "flow", 2_500, -0.005, slump=True),
            _i("生涯学習講座の受講者数", "人", "flow", 500, 0.01, slump=True),
            _i("スポーツ施設の利用者数", "人", "flow", 8_000, 0.01, slump=True),
            _i("ごみのリサイクル率", "%", "rate", 19.5, 0.2, "fiscal", "環境省"),
            _i("マイナンバーカードの交付率", "%", "rate", 25, 10.0, "fiscal", "デジタル庁"),
            _i("オンラインで申請できる行政手続の割合", "%", "rate", 30, 7.0),
            _i("防災訓練の参加者数", "人", "flow", 700, 0.01, slump=True),
            _i("通いの場の参加者数", "人", "stock", 450, 0.02),
            _i("シルバー人材センターの会員数", "人", "stock", 60, -0.01),
            _i("買い物支援サービスの利用件数", "件", "flow", 300, 0.04),
            _i("文化施設の入館者数", "人", "flow", 3_500, 0.01, slump=True),
            _i("デマンド交通の利用者数", "人", "flow", 600, 0.05),
        ),
    ),
)

POPULATION = _i("総人口", "人", "stock", 10_000, -0.007, "calendar", _STATS)
"""The impact KPI of every local strategy: the 人口ビジョン's population."""

OUTCOME_LETTERS = "ABCD"
AREA_LETTERS = "abcdefghijkl"
AREAS_PER_THEME = 3
OUTCOME_KPIS_PER_THEME = 3
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

# -- 全国地方公共団体コード --------------------------------------------------------------------

PREFECTURES: tuple[tuple[str, int, int], ...] = (
    # name, municipalities (特別区 included), cities (政令指定都市 included); as of 2024
    ("北海道", 179, 35), ("青森県", 40, 10), ("岩手県", 33, 14), ("宮城県", 35, 14),
    ("秋田県", 25, 13), ("山形県", 35, 13), ("福島県", 59, 13), ("茨城県", 44, 32),
    ("栃木県", 25, 14), ("群馬県", 35, 12), ("埼玉県", 63, 40), ("千葉県", 54, 37),
    ("東京都", 62, 26), ("神奈川県", 33, 19), ("新潟県", 30, 20), ("富山県", 15, 10),
    ("石川県", 19, 11), ("福井県", 17, 9), ("山梨県", 27, 13), ("長野県", 77, 19),
    ("岐阜県", 42, 21), ("静岡県", 35, 23), ("愛知県", 54, 38), ("三重県", 29, 14),
    ("滋賀県", 19, 13), ("京都府", 26, 15), ("大阪府", 43, 33), ("兵庫県", 41, 29),
    ("奈良県", 39, 12), ("和歌山県", 30, 9), ("鳥取県", 19, 4), ("島根県", 19, 8),
    ("岡山県", 27, 15), ("広島県", 23, 14), ("山口県", 19, 13), ("徳島県", 24, 8),
    ("香川県", 17, 8), ("愛媛県", 20, 11), ("高知県", 34, 11), ("福岡県", 60, 29),
    ("佐賀県", 20, 10), ("長崎県", 21, 13), ("熊本県", 45, 14), ("大分県", 18, 14),
    ("宮崎県", 26, 9), ("鹿児島県", 43, 19), ("沖縄県", 41, 11),
)  # fmt: skip

DESIGNATED_CITIES: dict[str, str] = {
    "01100": "札幌市", "04100": "仙台市", "11100": "さいたま市", "12100": "千葉市",
    "14100": "横浜市", "14130": "川崎市", "14150": "相模原市", "15100": "新潟市",
    "22100": "静岡市", "22130": "浜松市", "23100": "名古屋市", "26100": "京都市",
    "27100": "大阪市", "27140": "堺市", "28100": "神戸市", "33100": "岡山市",
    "34100": "広島市", "40100": "北九州市", "40130": "福岡市", "43100": "熊本市",
}  # fmt: skip

TOKYO_WARDS = (
    "千代田", "中央", "港", "新宿", "文京", "台東", "墨田", "江東", "品川", "目黒", "大田",
    "世田谷", "渋谷", "中野", "杉並", "豊島", "北", "荒川", "板橋", "練馬", "足立", "葛飾",
    "江戸川",
)  # fmt: skip
"""東京 23 区 (131016 千代田区 … 131237 江戸川区), in code order, without 区."""

_NAME_HEADS = "大小高長新北南東西上中本古若美富豊吉松桜白青赤石岩広福宮朝日月星清千八三"
_NAME_TAILS = "山川田野原沢島岡浜津森谷江崎井里瀬根尾木城部坂浦橋丘"
_TOWNS_PER_DISTRICT = 5
"""Towns and villages are numbered in blocks of 20 per 郡 (pp301, pp321…)."""


def check_digit(first_five: str) -> str:
    """The check digit of 全国地方公共団体コード: weights 6–2, modulus 11, kept to one digit."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def is_valid_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == code[5]


@cache
def local_codes() -> list[str]:
    """The 1,788 local governments: 47 prefectures and 1,741 municipalities, in code order."""
    return [code for number in range(1, 48) for code in _prefecture_codes(number)]


def _prefecture_codes(number: int) -> list[str]:
    _, municipalities, cities = PREFECTURES[number - 1]
    pp = f"{number:02d}"
    designated = [c[2:] for c in DESIGNATED_CITIES if c.startswith(pp)]
    wards = [f"{101 + i}" for i in range(len(TOKYO_WARDS))] if number == 13 else []
    others = [f"{201 + i}" for i in range(cities - len(designated))]
    towns = [_town_number(i) for i in range(municipalities - len(wards) - cities)]
    return [_with_check(pp + rest) for rest in ["000", *designated, *wards, *others, *towns]]


def _town_number(index: int) -> str:
    district, place = divmod(index, _TOWNS_PER_DISTRICT)
    return f"{300 + district * 20 + place + 1}"


def _with_check(first_five: str) -> str:
    return first_five + check_digit(first_five)


def prefecture_name(code: str) -> str:
    return PREFECTURES[int(code[:2]) - 1][0]


def local_name(code: str) -> str:
    """The government's name: real for prefectures, 政令指定都市 and 特別区, else made up."""
    rest = int(code[2:5])
    if rest == 0:
        return prefecture_name(code)
    if code[:5] in DESIGNATED_CITIES:
        return DESIGNATED_CITIES[code[:5]]
    if code.startswith("13") and 101 <= rest < 101 + len(TOKYO_WARDS):
        return TOKYO_WARDS[rest - 101] + "区"
    return _made_up_name(code) + ("市" if rest < 300 else _town_or_village(code))


def _made_up_name(code: str) -> str:
    # Maps the code's last three digits (100–999) one-to-one onto head × tail pairs (936 of
    # them: 355 is coprime with 936), so names never repeat within a prefecture.
    pairs = len(_NAME_HEADS) * len(_NAME_TAILS)
    index = (int(code[2:5]) * 355 + int(code[:2]) * 97) % pairs
    head, tail = divmod(index, len(_NAME_TAILS))
    return _NAME_HEADS[head] + _NAME_TAILS[tail]


def _town_or_village(code: str) -> str:
    return "村" if Random(f"village/{code}").random() < 0.2 else "町"


def population(code: str) -> int:
    """A plausible population for the kind of government the code names (log-uniform)."""
    rest = int(code[2:5])
    name = local_name(code)
    if rest == 0:
        low, high = 5.74, 7.15  # 550 thousand – 14 million
    elif code[:5] in DESIGNATED_CITIES:
        low, high = 5.85, 6.57
    elif name.endswith("区"):
        low, high = 4.8, 5.97
    elif name.endswith("市"):
        low, high = 4.2, 5.6
    elif name.endswith("町"):
        low, high = 3.6, 4.6
    else:
        low, high = 2.7, 3.8
    return round(10 ** Random(f"population/{code}").uniform(low, high))


# -- strategies -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """Where a KPI sits: its doc id, level, owner and the indicator it measures."""

    doc_id: str
    level: Literal["impact", "outcome", "output"]
    owner: str
    label: str | None
    indicator: Indicator
    repeat: int


def local_strategy(code: str, *, kpis: int = 100, seed: int) -> Strategy:
    """The まち・ひと・しごと創生総合戦略 of one local government, with `kpis` KPIs."""
    name = local_name(code)
    rng = Random(f"strategy/{seed}/{code}")
    lines = count(1)  # the line numbers of a document written in the order of the model
    impact = _impact(name, code, lines)
    outcomes = tuple(_outcome(i, theme, lines) for i, theme in enumerate(THEMES))
    areas = tuple(_areas(lines))
    measures = tuple(_measures(lines))
    slots = _slots(code, kpis)
    return Strategy(
        title=_title(name, rng),
        source_name=f"{code}-{name}-総合戦略.pdf",
        impacts=(impact,),
        outcomes=outcomes,
        areas=areas,
        measures=measures,
        kpis=tuple(_kpi(code, slot, next(lines), seed) for slot in slots),
    )


def _title(name: str, rng: Random) -> str:
    form = rng.choice(
        (
            "{name}まち・ひと・しごと創生総合戦略",
            "第2期{name}まち・ひと・しごと創生総合戦略",
            "{name}デジタル田園都市国家構想総合戦略",
            "第2期{name}創生総合戦略",
        )
    )
    return form.format(name=name)


def _impact(name: str, code: str, lines: Iterator[int]) -> Impact:
    people = population(code)
    text = (
        f"{name}の人口は{people:,}人（2020年国勢調査）である。"
        f"人口減少に歯止めをかけ、2060年に{round(people * 0.8, -2):,.0f}人程度を確保する。"
    )
    start = next(lines)
    return Impact(id="1", title="人口ビジョン", text=text, lines=SourceSpan(start=start, end=start))


def _outcome(index: int, theme: Theme, lines: Iterator[int]) -> Outcome:
    start = next(lines)
    return Outcome(
        id=OUTCOME_LETTERS[index],
        impact_id="1",
        title=theme.outcome,
        text=f"基本目標{index + 1}　{theme.outcome}",
        lines=SourceSpan(start=start, end=start),
    )


def _areas(lines: Iterator[int]) -> Iterator[Area]:
    for t, theme in enumerate(THEMES):
        for r, (title, _) in enumerate(theme.areas):
            letter = AREA_LETTERS[t * AREAS_PER_THEME + r]
            start = next(lines)
            yield Area(
                id=letter,
                outcome_id=OUTCOME_LETTERS[t],
                impact_id="1",
                title=title,
                written_id=f"({r + 1})",
                lines=SourceSpan(start=start, end=start),
            )


def _measures(lines: Iterator[int]) -> Iterator[Measure]:
    for t, theme in enumerate(THEMES):
        for r, (_, titles) in enumerate(theme.areas):
            letter = AREA_LETTERS[t * AREAS_PER_THEME + r]
            for number, title in enumerate(titles, start=1):
                start = next(lines)
                yield Measure(
                    path=f"{letter}/{number}",
                    area_id=letter,
                    outcome_id=OUTCOME_LETTERS[t],
                    number=number,
                    title=title,
                    text=f"{title}に取り組み、{theme.outcome}。",
                    lines=SourceSpan(start=start, end=start),
                )


def _slots(code: str, total: int) -> list[_Slot]:
    """Lay out `total` KPIs: 総人口, up to three per 基本目標, the rest round the twelve areas."""
    impact = min(1, total)
    outcome = min(len(THEMES) * OUTCOME_KPIS_PER_THEME, max(0, total - 1) // 8)
    slots = [_Slot("I1", "impact", "1", None, POPULATION, 0)] if impact else []
    for j in range(outcome):
        theme, n = j % len(THEMES), j // len(THEMES) + 1
        indicator, repeat = _indicator(code, theme, n - 1)
        letter = OUTCOME_LETTERS[theme]
        label = f"KPI{CIRCLED[n - 1]}"
        slots.append(_Slot(f"{letter}-{label}", "outcome", letter, label, indicator, repeat))
    outputs = [_output_slot(code, j) for j in range(total - impact - outcome)]
    return sorted(slots, key=_document_order) + sorted(outputs, key=_document_order)


def _document_order(slot: _Slot) -> tuple[str, int]:
    number = slot.doc_id.rsplit("-", 1)[-1].removeprefix("KPI")
    return slot.owner, CIRCLED.index(number) if number in CIRCLED else int(number.removeprefix("I"))


def _output_slot(code: str, j: int) -> _Slot:
    area, n = j % len(AREA_LETTERS), j // len(AREA_LETTERS) + 1
    letter = AREA_LETTERS[area]
    indicator, repeat = _indicator(code, *_output_position(area, n))
    return _Slot(f"{letter}-{n}", "output", letter, None, indicator, repeat)


def _output_position(area: int, n: int) -> tuple[int, int]:
    # Outcome KPIs take positions 0–2 of their theme's order, outputs the ones after, area by
    # area in turn: a one-to-one layout that `observations` can invert from a doc id alone.
    theme, r = divmod(area, AREAS_PER_THEME)
    return theme, OUTCOME_KPIS_PER_THEME + (n - 1) * AREAS_PER_THEME + r


def _indicator(code: str, theme: int, position: int) -> tuple[Indicator, int]:
    """The indicator at `position` of this government's own order of its theme's indicators."""
    order = _order(code, theme)
    repeat, index = divmod(position, len(order))
    return order[index], repeat


@cache
def _order(code: str, theme: int) -> tuple[Indicator, ...]:
    pool = list(THEMES[theme].indicators)
    Random(f"order/{code}/{theme}").shuffle(pool)
    return tuple(pool)


def _kpi(code: str, slot: _Slot, line: int, seed: int) -> Kpi:
    indicator = slot.indicator
    name = indicator.name + (f"（第{slot.repeat + 1}地区）" if slot.repeat else "")
    rng = Random(f"target/{seed}/{code}/{slot.doc_id}")
    base = _base(code, slot.doc_id, indicator)
    target, baseline = _target(indicator, base, _trend(indicator, rng), rng)
    note = f"※基準値：{_written(baseline[1], indicator.unit)}（{_year(baseline[0], indicator)}）"
    return Kpi(
        id=slot.doc_id,
        level=slot.level,
        owner=slot.owner,
        label=slot.label,
        indicator=name,
        target=target,
        text=f"{name}：{target.text}",
        notes=(note,),
        lines=SourceSpan(start=line, end=line),
    )


def _base(code: str, doc_id: str, indicator: Indicator) -> float:
    """The KPI's size in BASE_YEAR: the indicator's level for this place, with its own spread."""
    rng = Random(f"base/{code}/{doc_id}")
    if indicator.kind == "rate":
        return min(99.0, max(1.0, indicator.level + rng.gauss(0, indicator.level * 0.1)))
    scale = population(code) / 10_000
    if indicator.kind == "balance":
        return (indicator.level + rng.gauss(0, 15)) * scale
    if indicator is POPULATION:
        return float(population(code))
    return max(indicator.level * scale * rng.lognormvariate(0, 0.35), 1.0)


def _trend(indicator: Indicator, rng: Random) -> float:
    """This KPI's own trend: the indicator's, give or take."""
    return indicator.trend + rng.gauss(0, abs(indicator.trend) / 2 + 0.005)


def _expected(indicator: Indicator, base: float, trend: float, year: int) -> float:
    """The value without noise in `year`."""
    years = year - BASE_YEAR
    if indicator.kind == "rate":
        return min(100.0, max(0.0, base + trend * years))
    if indicator.kind == "balance":
        return base + trend * abs(base) * 0.1 * years
    return base * (1 + trend) ** years


def _target(
    indicator: Indicator, base: float, trend: float, rng: Random
) -> tuple[Target, tuple[int, Decimal]]:
    """A target a little past the trend, and the baseline year and value it starts from."""
    year = rng.choice(TARGET_YEARS)
    baseline_year = rng.choice(BASELINE_YEARS)
    baseline = _nice(indicator, _expected(indicator, base, trend, baseline_year))
    value = _nice(indicator, _goal(indicator, base, trend, year, baseline, rng))
    comparator, text = _target_words(indicator, value, year, rng)
    cumulative = not text
    recurring = text.startswith("毎年")
    if cumulative:
        flows = (_expected(indicator, base, trend, y) for y in range(CUMULATIVE_FROM, year + 1))
        value = _nice(indicator, sum(flows))
        text = (
            f"{_written(value, indicator.unit)}（{CUMULATIVE_FROM}～{_year(year, indicator)}累計）"
        )
    stated = comparator not in ("increase", "decrease")
    target = Target(
        text=text,
        value=value if stated else None,
        unit=indicator.unit if stated else None,
        comparator=comparator,
        target_year=None if recurring else year,
        year_basis=None if recurring else indicator.basis,
        recurring=recurring,
        cumulative=cumulative,
        period_start=CUMULATIVE_FROM if cumulative else None,
        baseline_year=baseline_year,
    )
    return target, (baseline_year, baseline)


def _goal(
    indicator: Indicator, base: float, trend: float, year: int, baseline: Decimal, rng: Random
) -> float:
    """The trend's value in the target year, never behind the baseline, and a little more."""
    ambition = rng.uniform(0.0, 0.1) * (-1 if indicator.down else 1)
    expected = _expected(indicator, base, trend, year)
    expected = (min if indicator.down else max)(expected, float(baseline))
    if indicator.kind == "rate":
        return expected + ambition * 10
    return expected + abs(expected) * ambition


def _target_words(
    indicator: Indicator, value: Decimal, year: int, rng: Random
) -> tuple[Comparator, str]:
    """How the document states the target: 以上, a bare number, 増加, 毎年度…以上, 維持; no
    text means a 累計 over the years from CUMULATIVE_FROM, which the caller writes."""
    written = _written(value, indicator.unit)
    when = f"（{_year(year, indicator)}）"
    draw = rng.random()
    if indicator.down:
        if draw < 0.45:
            return "<=", f"{written}以下{when}"
        return ("=", f"{written}{when}") if draw < 0.85 else ("decrease", f"減少{when}")
    if draw < 0.4:
        return ">=", f"{written}以上{when}"
    if draw < 0.75:
        return "=", f"{written}{when}"
    if draw < 0.85:
        return "increase", f"増加{when}"
    if indicator.kind == "rate":
        return "maintain", f"{written}を維持{when}"
    if indicator.kind == "flow":
        if draw < 0.93:
            every = "毎年度" if indicator.basis == "fiscal" else "毎年"
            return ">=", f"{every} {written}以上"
        return "=", ""
    return ">=", f"{written}以上{when}"


def _year(year: int, indicator: Indicator) -> str:
    return f"{year}年度" if indicator.basis == "fiscal" else f"{year}年"


def _nice(indicator: Indicator, value: float) -> Decimal:
    """Targets are round numbers: two significant figures, a tenth of a point for rates."""
    if indicator.kind == "rate":
        return Decimal(f"{min(100.0, max(0.0, value)):.1f}")
    if abs(value) < 10:
        return Decimal(round(value))
    digits = len(str(int(abs(value)))) - 2
    return Decimal(int(round(value, -digits)))


def _rounded(indicator: Indicator, value: float) -> Decimal:
    """A reported figure: whole units, a tenth of a point for rates, 千円 for money."""
    if indicator.kind == "rate":
        return Decimal(f"{min(100.0, max(0.0, value)):.1f}")
    if indicator.unit == "円":
        return Decimal(int(round(value, -3)))
    return Decimal(round(value))


def _written(value: Decimal, unit: str) -> str:
    """The number as a document writes it: 1.2兆円, 3.5億円, 1,200人, △50人, 35.5%."""
    sign = "△" if value < 0 else ""
    magnitude = abs(value)
    if unit == "円":
        for size, word in ((10**12, "兆円"), (10**8, "億円"), (10**4, "万円")):
            if magnitude >= size:
                return f"{sign}{(magnitude / size).normalize():,f}{word}"
    return f"{sign}{magnitude:,}{unit}"


# -- actuals -----------------------------------------------------------------------------------

_DOC_ID = re.compile(
    r"^(?:(?P<impact>I\d+)|(?P<outcome>[A-D])-KPI(?P<circled>.)|(?P<area>[a-l])-(?P<n>\d+))$"
)
_SLUMP = {2020: 0.55, 2021: 0.6, 2022: 0.85}


def observations(
    kpi_ids: Iterable[str], *, years: Sequence[int] = range(2020, 2026), seed: int
) -> Iterator[Report]:
    """Yearly actuals of KPIs made by `local_strategy` (id ``…/{code}/{doc id}``): trend and
    noise around the KPI's size; the latest year is 速報, the earlier ones 確定値.

    Ids of another shape get an indicator and size of their own, drawn from the id.
    """
    bases: tuple[YearBasis, ...] = ("fiscal", "calendar")
    periods = {b: {y: Period(start=y, end=y, basis=b) for y in years} for b in bases}
    last = max(years)
    for kpi_id in kpi_ids:
        code, doc_id, indicator = _identify(kpi_id)
        rng = Random(f"actuals/{seed}/{kpi_id}")
        base = _base(code, doc_id, indicator)
        trend = _trend(indicator, rng)
        source = Source(publisher=indicator.publisher or local_name(code))
        for year in years:
            yield Report(
                kpi_id=kpi_id,
                period=periods[indicator.basis][year],
                value=_actual(indicator, base, trend, year, rng),
                unit=indicator.unit,
                status="速報" if year == last else "確定値",
                source=source,
            )


def _identify(kpi_id: str) -> tuple[str, str, Indicator]:
    """The government code, doc id and indicator behind a KPI id."""
    parts = kpi_id.split("~")[0].split("/")
    code = parts[-2] if len(parts) >= 2 and is_valid_code(parts[-2]) else ""
    match = _DOC_ID.match(parts[-1])
    if not code or match is None:
        every = [i for theme in THEMES for i in theme.indicators]
        return local_codes()[0], parts[-1], Random(f"kind/{kpi_id}").choice(every)
    if match["impact"]:
        return code, parts[-1], POPULATION
    if match["outcome"]:
        theme = OUTCOME_LETTERS.index(match["outcome"])
        return code, parts[-1], _indicator(code, theme, CIRCLED.index(match["circled"]))[0]
    area = AREA_LETTERS.index(match["area"])
    return code, parts[-1], _indicator(code, *_output_position(area, int(match["n"])))[0]


def _actual(indicator: Indicator, base: float, trend: float, year: int, rng: Random) -> Decimal:
    value = _expected(indicator, base, trend, year)
    if indicator.slump:
        value *= _SLUMP.get(year, 1.0)
    if indicator.kind == "rate":
        value += rng.gauss(0, 1.0)
    elif indicator.kind == "balance":
        value += rng.gauss(0, abs(base) * 0.2 + 5)
    elif indicator.kind == "stock":
        value *= 1 + rng.gauss(0, 0.01)
    else:
        value = max(0.0, value * (1 + rng.gauss(0, 0.08)))
    if indicator.kind != "balance" and indicator.kind != "rate":
        value = max(0.0, value)
    return _rounded(indicator, value)


def actuals_csv(reports: Iterable[Report]) -> bytes:
    """The long layout officials send back: one row per KPI and year, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kpi_id", "period", "value", "unit", "status", "publisher"])
    for report in reports:
        writer.writerow(
            [
                report.kpi_id,
                report.period.label(),
                f"{report.value:f}",
                report.unit,
                report.status or "",
                report.source.publisher or "",
            ]
        )
    return buffer.getvalue().encode()
