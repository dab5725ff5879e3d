"""Truth tables for `sousei.ja.parse_target`.

Expected values were worked out by reading national-strategy-2025.md (line numbers in the ids)
and the conventions in `sousei.ja.targets`; every case compares the whole TargetExpr, so each
field left at its default is asserted too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ja import Comparator, TargetExpr, YearBasis, parse_target

BASE_2024 = "※2024 年を基準年とする。"
TWO_BASES = (
    "※農林水産物・食品の輸出額については 2024 年、インバウンドによる食関連消費額については"
    " 2023 年を基準年とする。"
)
SURVEY = "※具体的な基準値及び目標値については、今後実施予定の調査の結果を踏まえて設定。"
LATER = "※2027年4月1日以降の目標については、今後デジタル庁で検討。"
PLANS = (
    "※原則5年間の計画を毎年追加認定しており、1年目から5年目までの全ての計画を対象として、"
    "来訪者の満足度80%以上を目標としている。"
)
WAGE_1 = "地域別の最低賃金の伸び率（令和5年度補正予算）"
WAGE_2 = "全国平均の最低賃金の伸び率（令和6年度補正予算）"
MIN_WAGE_1 = "地域別の最低賃金の伸び率（令和5年度補正予算）を超える（2030年度）"
MIN_WAGE_2 = "全国平均の最低賃金の伸び率（令和6年度補正予算）を超える（2031年度）"


def t(
    text: str,
    value: str | None = None,
    unit: str | None = None,
    comparator: Comparator | None = None,
    year: int | None = None,
    basis: YearBasis | None = None,
    *,
    recurring: bool = False,
    cumulative: bool = False,
    start: int | None = None,
    baseline: int | None = None,
    baseline_basis: YearBasis | None = None,
    to_be_set: bool = False,
    relative_to: str | None = None,
) -> TargetExpr:
    """Expected TargetExpr, with the value written as a string to keep Decimal exact."""
    return TargetExpr(
        target_text=text,
        value=None if value is None else Decimal(value),
        unit=unit,
        comparator=comparator,
        target_year=year,
        year_basis=basis,
        recurring=recurring,
        cumulative=cumulative,
        period_start=start,
        baseline_year=baseline,
        baseline_year_basis=baseline_basis,
        to_be_set=to_be_set,
        relative_to=relative_to,
    )


C: YearBasis = "calendar"
F: YearBasis = "fiscal"

# (id, text, note, expected)
DOCUMENT: list[tuple[str, str, str, list[TargetExpr]]] = [
    # 第3章第3節: impacts and outcomes
    (
        "L121-tokyo-ken-ijo",
        "東京圏以上（2029 年）",
        "",
        [t("東京圏以上（2029 年）", None, None, "relative", 2029, C, relative_to="東京圏")],
    ),
    (
        "L131-increase-base-note",
        "増加（2029 年）",
        BASE_2024,
        [t("増加（2029 年）", None, None, "increase", 2029, C, baseline=2024, baseline_basis=C)],
    ),
    (
        "L136-three-times-two-bases",
        "3 倍（2030 年）",
        TWO_BASES,
        [t("3 倍（2030 年）", "3", "倍", "multiple", 2030, C, baseline=2024, baseline_basis=C)],
    ),
    (
        "L142-visitors",
        "6,000 万人（2030 年）",
        "",
        [t("6,000 万人（2030 年）", "60000000", "人", "=", 2030, C)],
    ),
    (
        "L143-person-nights",
        "1.3 億人泊（2030 年）",
        "",
        [t("1.3 億人泊（2030 年）", "130000000", "人泊", "=", 2030, C)],
    ),
    (
        "L156-digital-talent-later-targets-note",
        "230万人（2026年度末）",
        LATER,
        [t("230万人（2026年度末）", "2300000", "人", "=", 2026, F)],
    ),
    (
        "L180-improve-survey",
        "向上（2029 年）",
        SURVEY,
        [t("向上（2029 年）", None, None, "improve", 2029, C, to_be_set=True)],
    ),
    (
        "L195-decrease-vs-2025",
        "2025 年と比べて減少（2029 年）",
        "",
        [
            t(
                "2025 年と比べて減少（2029 年）",
                None,
                None,
                "decrease",
                2029,
                C,
                baseline=2025,
                baseline_basis=C,
            )
        ],
    ),
    (
        "L199-decrease-survey",
        "減少（2029 年）",
        SURVEY,
        [t("減少（2029 年）", None, None, "decrease", 2029, C, to_be_set=True)],
    ),
    (
        "L219-broken-line",
        "\n向上（2029年）",
        SURVEY,
        [t("向上（2029年）", None, None, "improve", 2029, C, to_be_set=True)],
    ),
    (
        "L274-increase-survey",
        "増加（2029 年）",
        SURVEY,
        [t("増加（2029 年）", None, None, "increase", 2029, C, to_be_set=True)],
    ),
    # 第5節: output KPIs
    (
        "L369-percent-fiscal",
        "50%（2030 年度）",
        "",
        [t("50%（2030 年度）", "50", "%", "=", 2030, F)],
    ),
    (
        "L391-each-year-at-least",
        "各年度の採択事業について、80%以上",
        "",
        [t("各年度の採択事業について、80%以上", "80", "%", ">=", recurring=True)],
    ),
    (
        "L423-at-least-every-year-with-note",
        "80%以上（毎年）",
        PLANS,
        [t("80%以上（毎年）", "80", "%", ">=", recurring=True)],
    ),
    (
        "L459-leading-colon",
        "：50件（2026年度）",
        "",
        [t("50件（2026年度）", "50", "件", "=", 2026, F)],
    ),
    (
        "L460-more-than",
        "100万人超（2030年）",
        "",
        [t("100万人超（2030年）", "1000000", "人", ">", 2030, C)],
    ),
    (
        "L478-kasho",
        "200か所（2033年度）",
        "",
        [t("200か所（2033年度）", "200", "か所", "=", 2033, F)],
    ),
    (
        "L523-protected-areas",
        "30%（2030 年度）",
        "",
        [t("30%（2030 年度）", "30", "%", "=", 2030, F)],
    ),
    (
        "L550-co2-flattened",
        "18,167,874t-CO2 (2030 年度)",
        "",
        [t("18,167,874t-CO2 (2030 年度)", "18167874", "t-CO2", "=", 2030, F)],
    ),
    (
        "L550-co2-with-sub-markup",
        "18,167,874t-CO<sub>2</sub> (2030 年度)",
        "",
        [t("18,167,874t-CO<sub>2</sub> (2030 年度)", "18167874", "t-CO2", "=", 2030, F)],
    ),
    (
        "L572-every-year-range",
        "：毎年 14 件（2025～2027 年度）",
        "",
        [t("毎年 14 件（2025～2027 年度）", "14", "件", "=", 2027, F, recurring=True, start=2025)],
    ),
    (
        "L573-one-case",
        "1 件（2026 年度）",
        "",
        [t("1 件（2026 年度）", "1", "件", "=", 2026, F)],
    ),
    (
        "L616-trillion-yen-more-than",
        "15兆円超（2030年）",
        "",
        [t("15兆円超（2030年）", "15000000000000", "円", ">", 2030, C)],
    ),
    (
        "L617-duration-not-year",
        "50%以上（各採択テーマ終了後おおむね3年）",
        "",
        [t("50%以上（各採択テーマ終了後おおむね3年）", "50", "%", ">=")],
    ),
    (
        "L654-hectare",
        "35.8ha（2026 年度）",
        "",
        [t("35.8ha（2026 年度）", "35.8", "ha", "=", 2026, F)],
    ),
    (
        "L656-cumulative-range",
        "：4 万人（2015 年度～2027 年度累計）",
        "",
        [
            t(
                "4 万人（2015 年度～2027 年度累計）",
                "40000",
                "人",
                "=",
                2027,
                F,
                cumulative=True,
                start=2015,
            )
        ],
    ),
    (
        "L694-companies",
        "200件（2026年度）",
        "",
        [t("200件（2026年度）", "200", "件", "=", 2026, F)],
    ),
    (
        "L695-two-sub-bullets",
        f"\n  - {MIN_WAGE_1}\n  - {MIN_WAGE_2}",
        "",
        [
            t(MIN_WAGE_1, None, None, "relative", 2030, F, relative_to=WAGE_1),
            t(MIN_WAGE_2, None, None, "relative", 2031, F, relative_to=WAGE_2),
        ],
    ),
    (
        "L747-percent-2029",
        "：80%（2029 年度）",
        "",
        [t("80%（2029 年度）", "80", "%", "=", 2029, F)],
    ),
    (
        "L748-spaced-ken",
        "240 件（2029 年度）",
        "",
        [t("240 件（2029 年度）", "240", "件", "=", 2029, F)],
    ),
    (
        "L750-range-not-cumulative",
        "95%（2025 年度～2029 年度）",
        "",
        [t("95%（2025 年度～2029 年度）", "95", "%", "=", 2029, F, start=2025)],
    ),
    (
        "L800-ken-735",
        "：735 件（2026 年度）",
        "",
        [t("735 件（2026 年度）", "735", "件", "=", 2026, F)],
    ),
    (
        "L802-ken-comma",
        "：3,919 件（2026 年度）",
        "",
        [t("3,919 件（2026 年度）", "3919", "件", "=", 2026, F)],
    ),
    (
        "L840-spaced-cho-en",
        "15 兆円（2030 年）",
        "",
        [t("15 兆円（2030 年）", "15000000000000", "円", "=", 2030, C)],
    ),
    (
        "L1055-dantai",
        "：50団体（2030年度）",
        "",
        [t("50団体（2030年度）", "50", "団体", "=", 2030, F)],
    ),
    (
        "L1057-jigyosha",
        "50事業者（2028年度）",
        "",
        [t("50事業者（2028年度）", "50", "事業者", "=", 2028, F)],
    ),
    (
        "L1165-hundred-percent",
        "100%（2030 年度）",
        "",
        [t("100%（2030 年度）", "100", "%", "=", 2030, F)],
    ),
    (
        "L1166-45-percent",
        "45%（2030 年度）",
        "",
        [t("45%（2030 年度）", "45", "%", "=", 2030, F)],
    ),
    (
        "L1166-description-year-in-nested-parens",
        "地域（569 市区町村（2023 年度時点））のうち、対策が概成した割合：45%（2030 年度）",
        "",
        [
            t(
                "地域（569 市区町村（2023 年度時点））のうち、対策が概成した割合：45%（2030 年度）",
                "45",
                "%",
                "=",
                2030,
                F,
            )
        ],
    ),
    (
        "L1495-every-year-previous-year-or-more",
        "：毎年前年度以上",
        "",
        [t("毎年前年度以上", None, None, "relative", recurring=True, relative_to="前年度")],
    ),
    (
        "L1497-as-of-fiscal-year",
        "：100%（2029年度時点）",
        "",
        [t("100%（2029年度時点）", "100", "%", "=", 2029, F)],
    ),
    (
        "L1498-cumulative-decimal-man",
        "21.7万人（2025～2030年度累計）",
        "",
        [
            t(
                "21.7万人（2025～2030年度累計）",
                "217000",
                "人",
                "=",
                2030,
                F,
                cumulative=True,
                start=2025,
            )
        ],
    ),
    (
        "L1715-migrants",
        "10,000 人（2027 年度）",
        "",
        [t("10,000 人（2027 年度）", "10000", "人", "=", 2027, F)],
    ),
    (
        "L1751-dantai-spaced",
        "230 団体（2029 年度）",
        "",
        [t("230 団体（2029 年度）", "230", "団体", "=", 2029, F)],
    ),
    (
        "L1753-each-fiscal-year",
        "6,000 人（各年度）",
        "",
        [t("6,000 人（各年度）", "6000", "人", "=", recurring=True)],
    ),
    (
        "L1869-ascii-parens-next-line",
        "  \n205 件 (2028 年度)",
        "",
        [t("205 件 (2028 年度)", "205", "件", "=", 2028, F)],
    ),
    (
        "L1870-ascii-parens",
        "50% (2026 年度)",
        "",
        [t("50% (2026 年度)", "50", "%", "=", 2026, F)],
    ),
    (
        "L1903-seventy-five",
        "75%（2025 年度）",
        "",
        [t("75%（2025 年度）", "75", "%", "=", 2025, F)],
    ),
    (
        "L1904-seventy",
        "70%（2029 年度）",
        "",
        [t("70%（2029 年度）", "70", "%", "=", 2029, F)],
    ),
    (
        "L1947-compact",
        "80%（2030年度）",
        "",
        [t("80%（2030年度）", "80", "%", "=", 2030, F)],
    ),
]

LOCAL: list[tuple[str, str, str, list[TargetExpr]]] = [
    (
        "multiple-of-baseline",
        "基準値の2.0倍",
        "",
        [t("基準値の2.0倍", "2", "倍", "multiple", relative_to="基準値")],
    ),
    (
        "reiwa-gannen-ratio-reduction",
        "令和元年度比10%削減",
        "",
        [t("令和元年度比10%削減", "10", "%", "decrease", baseline=2019, baseline_basis=F)],
    ),
    ("points-increase", "5ポイント増", "", [t("5ポイント増", "5", "ポイント", "increase")]),
    ("maintain", "維持", "", [t("維持", None, None, "maintain")]),
    ("extend", "延伸", "", [t("延伸", None, None, "increase")]),
    ("year-only", "R5年度", "", [t("R5年度", None, None, None, 2023, F)]),
    ("new", "新規", "", [t("新規")]),
    ("dash", "－", "", [t("－")]),
    ("em-dash", "—", "", [t("—")]),
    ("under-survey", "調査中", "", [t("調査中", to_be_set=True)]),
    ("to-be-set-later", "今後設定", "", [t("今後設定", to_be_set=True)]),
    ("to-be-considered", "今後検討", "", [t("今後検討", to_be_set=True)]),
    ("undecided", "未定", "", [t("未定", to_be_set=True)]),
    (
        "by-year-outside-parens",
        "2030年度までに50%",
        "",
        [t("2030年度までに50%", "50", "%", "=", 2030, F)],
    ),
    (
        "wareki-target-outside-parens",
        "令和12年度に60%",
        "",
        [t("令和12年度に60%", "60", "%", "=", 2030, F)],
    ),
    (
        "wareki-in-parens",
        "10件以上（令和7年度）",
        "",
        [t("10件以上（令和7年度）", "10", "件", ">=", 2025, F)],
    ),
    (
        "baseline-ratio-then-date",
        "2013年度比46%削減（2030年度）",
        "",
        [
            t(
                "2013年度比46%削減（2030年度）",
                "46",
                "%",
                "decrease",
                2030,
                F,
                baseline=2013,
                baseline_basis=F,
            )
        ],
    ),
    (
        "baseline-inside-date-parens",
        "46%削減（2030年度、2013年度比）",
        "",
        [
            t(
                "46%削減（2030年度、2013年度比）",
                "46",
                "%",
                "decrease",
                2030,
                F,
                baseline=2013,
                baseline_basis=F,
            )
        ],
    ),
    (
        "baseline-kara",
        "2013年度から46%削減",
        "",
        [t("2013年度から46%削減", "46", "%", "decrease", baseline=2013, baseline_basis=F)],
    ),
    (
        "heisei-baseline",
        "H30年度比20%減",
        "",
        [t("H30年度比20%減", "20", "%", "decrease", baseline=2018, baseline_basis=F)],
    ),
    (
        "baseline-label",
        "基準年度：令和元年度、30%削減",
        "",
        [
            t(
                "基準年度：令和元年度、30%削減",
                "30",
                "%",
                "decrease",
                baseline=2019,
                baseline_basis=F,
            )
        ],
    ),
    (
        "previous-year-ratio",
        "前年度比5%増",
        "",
        [t("前年度比5%増", "5", "%", "increase")],
    ),
    (
        "per-year-unit",
        "1,000人/年（2030年度）",
        "",
        [t("1,000人/年（2030年度）", "1000", "人", "=", 2030, F, recurring=True)],
    ),
    (
        "annual",
        "年間 100 件",
        "",
        [t("年間 100 件", "100", "件", "=", recurring=True)],
    ),
    ("fewer-than", "3万人未満", "", [t("3万人未満", "30000", "人", "<")]),
    ("at-most", "500人以下", "", [t("500人以下", "500", "人", "<=")]),
    (
        "exceeds-as-verb",
        "1,000件を超える（2030年）",
        "",
        [t("1,000件を超える（2030年）", "1000", "件", ">", 2030, C)],
    ),
    (
        "maintain-with-value",
        "90%を維持（2030年度）",
        "",
        [t("90%を維持（2030年度）", "90", "%", "maintain", 2030, F)],
    ),
    (
        "improve-with-value",
        "10ポイント向上",
        "",
        [t("10ポイント向上", "10", "ポイント", "improve")],
    ),
    (
        "national-average",
        "全国平均以上",
        "",
        [t("全国平均以上", None, None, "relative", relative_to="全国平均")],
    ),
    (
        "marker-inside-subject-parens",
        "全国平均（65歳以上）以上",
        "",
        [t("全国平均（65歳以上）以上", None, None, "relative", relative_to="全国平均（65歳以上）")],
    ),
    ("maintain-or-improve-first-wins", "維持・向上", "", [t("維持・向上", None, None, "maintain")]),
    ("status-quo", "現状維持", "", [t("現状維持", None, None, "maintain")]),
    ("bare-ratio", "0.8以上", "", [t("0.8以上", "0.8", None, ">=")]),
    ("unknown-unit", "20ルート以上", "", [t("20ルート以上", "20", "ルート", ">=")]),
    ("kanji-unit", "12本（2030年度）", "", [t("12本（2030年度）", "12", "本", "=", 2030, F)]),
    ("kanji-number", "三千人", "", [t("三千人", "3000", "人", "=")]),
    (
        "month-end",
        "2030年3月末までに100件",
        "",
        [t("2030年3月末までに100件", "100", "件", "=", 2030, C)],
    ),
    (
        "wareki-range-cumulative",
        "500人（令和元年度～令和5年度累計）",
        "",
        [
            t(
                "500人（令和元年度～令和5年度累計）",
                "500",
                "人",
                "=",
                2023,
                F,
                cumulative=True,
                start=2019,
            )
        ],
    ),
    (
        "fullwidth-everything",
        "５０％以上（２０３０年度）",
        "",
        [t("５０％以上（２０３０年度）", "50", "%", ">=", 2030, F)],
    ),
    (
        "wave-dash-range",
        "毎年度10件（2025〜2027年度）",
        "",
        [t("毎年度10件（2025〜2027年度）", "10", "件", "=", 2027, F, recurring=True, start=2025)],
    ),
    (
        "description-year-not-target",
        "地域別の最低賃金の伸び率（令和5年度補正予算）を超える",
        "",
        [
            t(
                "地域別の最低賃金の伸び率（令和5年度補正予算）を超える",
                None,
                None,
                "relative",
                relative_to="地域別の最低賃金の伸び率（令和5年度補正予算）",
            )
        ],
    ),
    (
        "dated-subject-then-target-date",
        "現状値（2024年度）以上（2030年度）",
        "",
        [
            t(
                "現状値（2024年度）以上（2030年度）",
                None,
                None,
                "relative",
                2030,
                F,
                relative_to="現状値（2024年度）",
            )
        ],
    ),
    (
        "dated-baseline-value-multiple",
        "基準値（2024年）の2倍（2030年）",
        "",
        [
            t(
                "基準値（2024年）の2倍（2030年）",
                "2",
                "倍",
                "multiple",
                2030,
                C,
                baseline=2024,
                baseline_basis=C,
                relative_to="基準値（2024年）",
            )
        ],
    ),
    (
        "dated-paren-ratio",
        "（2024年度）比10%増",
        "",
        [t("（2024年度）比10%増", "10", "%", "increase", baseline=2024, baseline_basis=F)],
    ),
    (
        "negative-value",
        "△5%（2030年度）",
        "",
        [t("△5%（2030年度）", "-5", "%", "=", 2030, F)],
    ),
    (
        "unclosed-paren",
        "80%（2030年度",
        "",
        [t("80%（2030年度", "80", "%", "=", 2030, F)],
    ),
    (
        "footnote-marker",
        "15 兆円<sup>14</sup>（2030 年）",
        "",
        [t("15 兆円<sup>14</sup>（2030 年）", "15000000000000", "円", "=", 2030, C)],
    ),
]


def _case_params(cases: list[tuple[str, str, str, list[TargetExpr]]]) -> list[object]:
    return [
        pytest.param(text, note, expected, id=case_id) for case_id, text, note, expected in cases
    ]


@pytest.mark.parametrize(("text", "note", "expected"), _case_params(DOCUMENT))
def test_document_targets(text: str, note: str, expected: list[TargetExpr]) -> None:
    assert parse_target(text, note) == expected


@pytest.mark.parametrize(("text", "note", "expected"), _case_params(LOCAL))
def test_local_strategy_targets(text: str, note: str, expected: list[TargetExpr]) -> None:
    assert parse_target(text, note) == expected


SPLITS: list[tuple[str, str, str, list[TargetExpr]]] = [
    (
        "two-lines-two-targets",
        f"{MIN_WAGE_1}\n{MIN_WAGE_2}",
        "",
        [
            t(MIN_WAGE_1, None, None, "relative", 2030, F, relative_to=WAGE_1),
            t(MIN_WAGE_2, None, None, "relative", 2031, F, relative_to=WAGE_2),
        ],
    ),
    (
        "bulleted-undated-lines",
        "・毎年前年度以上\n・100%（2029年度時点）",
        "",
        [
            t("毎年前年度以上", None, None, "relative", recurring=True, relative_to="前年度"),
            t("100%（2029年度時点）", "100", "%", "=", 2029, F),
        ],
    ),
    (
        "broken-line-joined",
        "6,000 万人\n（2030 年）",
        "",
        [t("6,000 万人（2030 年）", "60000000", "人", "=", 2030, C)],
    ),
    (
        "broken-line-before-value",
        "各年度の採択事業について、\n80%以上",
        "",
        [t("各年度の採択事業について、80%以上", "80", "%", ">=", recurring=True)],
    ),
    (
        "comma-separated-dated-targets",
        "50%（2025年度）、80%（2030年度）",
        "",
        [
            t("50%（2025年度）", "50", "%", "=", 2025, F),
            t("80%（2030年度）", "80", "%", "=", 2030, F),
        ],
    ),
    (
        "comma-inside-one-target-kept",
        "各年度の採択事業について、80%以上（2030年度）",
        "",
        [
            t(
                "各年度の採択事業について、80%以上（2030年度）",
                "80",
                "%",
                ">=",
                2030,
                F,
                recurring=True,
            )
        ],
    ),
    (
        "inline-note-line",
        f"増加（2029 年）\n{BASE_2024}",
        "",
        [t("増加（2029 年）", None, None, "increase", 2029, C, baseline=2024, baseline_basis=C)],
    ),
    (
        "inline-note-same-line",
        f"向上（2029 年）{SURVEY}",
        "",
        [t("向上（2029 年）", None, None, "improve", 2029, C, to_be_set=True)],
    ),
    (
        "wrapped-note-continues",
        "増加（2029 年）\n※2024 年を\n基準年とする。",
        "",
        [t("増加（2029 年）", None, None, "increase", 2029, C, baseline=2024, baseline_basis=C)],
    ),
    (
        "note-without-base-or-plan",
        "80%以上（毎年）",
        "※来訪者の満足度80%以上を目標としている。",
        [t("80%以上（毎年）", "80", "%", ">=", recurring=True)],
    ),
    (
        "survey-note-has-kijun-but-no-year",
        "減少（2029 年）",
        SURVEY,
        [t("減少（2029 年）", None, None, "decrease", 2029, C, to_be_set=True)],
    ),
    (
        "text-baseline-wins-over-note",
        "2025 年と比べて減少（2029 年）",
        BASE_2024,
        [
            t(
                "2025 年と比べて減少（2029 年）",
                None,
                None,
                "decrease",
                2029,
                C,
                baseline=2025,
                baseline_basis=C,
            )
        ],
    ),
    (
        "notes-only",
        "※具体的な目標値については今後設定。",
        "",
        [t("", to_be_set=True)],
    ),
    ("empty", "", "", [t("")]),
    ("blank", "  \n ", "", [t("")]),
]


@pytest.mark.parametrize(("text", "note", "expected"), _case_params(SPLITS))
def test_splitting_and_notes(text: str, note: str, expected: list[TargetExpr]) -> None:
    assert parse_target(text, note) == expected


TARGETISH = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789０１,.%万億兆千年度末～〜-（）()令和元RH"
            "以上超未満増減倍人件・ \n※累計毎年各比を"
        )
    ),
    max_size=60,
)


@given(st.one_of(st.text(max_size=60), TARGETISH), st.one_of(st.text(max_size=30), TARGETISH))
def test_parse_target_never_raises(text: str, note: str) -> None:
    results = parse_target(text, note)
    assert len(results) >= 1
    assert all(isinstance(result, TargetExpr) for result in results)


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=1990, max_value=2100))
def test_parse_target_reads_any_count_and_fiscal_year(count: int, year: int) -> None:
    [result] = parse_target(f"{count:,} 件（{year} 年度）")
    assert result.value == Decimal(count)
    assert (result.unit, result.comparator) == ("件", "=")
    assert (result.target_year, result.year_basis) == (year, "fiscal")
