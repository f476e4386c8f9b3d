"""The English bridge, free-text node paths, what counts as evidence, and what a score means."""

import math

from services.match.lexical import LexicalIndex
from services.match.lexical.bridge import is_english, translate
from services.match.ranking import ChannelScores, CompanyProfile, NodeQuery, rank_companies
from services.match.ranking.evidence import explain, is_generic, term_match
from services.match.ranking.reliability import RELEVANCE, Relevance, reliability_table
from services.match.search.names import website_label


def _frequency(*documents: str) -> LexicalIndex:
    index = LexicalIndex()
    index.add(dict(enumerate(documents)))
    return index


def test_english_becomes_the_chinese_words_the_documents_use() -> None:
    index = _frequency("光刻胶、光刻胶去除剂", "三元正极材料、负极材料", "锂电池、动力电池", "PCB 印制电路板")
    assert translate("photoresist", index.frequency) == ["光刻胶"]
    # CC-CEDICT glosses 负极 "cathode"; the trade's cathode is 正极.
    assert translate("lithium battery cathode materials", index.frequency) == ["锂电池", "正极材料"]
    assert translate("PCB", index.frequency) == ["pcb"]
    assert translate("the of and", index.frequency) == []
    assert is_english("lithium battery") and not is_english("锂电池 cathode") and not is_english("123")


def test_free_text_with_spaces_reads_as_a_node_path() -> None:
    text = NodeQuery.free_text("半导体与集成电路 上游：原材料 半导体材料 光刻胶")
    node = NodeQuery(
        node="光刻胶", chain="半导体与集成电路", segment="上游：原材料", sub_segment="半导体材料"
    )
    assert text.lexical_parts() == node.lexical_parts()
    assert text.semantic_texts() == node.semantic_texts()
    assert NodeQuery.free_text("lithium battery cathode").node == "lithium battery cathode"


def test_generic_heads_and_names_are_not_evidence() -> None:
    assert is_generic("设备") and is_generic("专用设备") and not is_generic("制药设备")
    assert is_generic("原材料") and term_match("天然纤维原材料", "玻璃纤维原材料") is None
    assert term_match("制药设备", "锂电池专用设备") is None
    assert term_match("制药设备", "制药设备及配件") is not None
    cgn = CompanyProfile(1, "中广核核技术发展股份有限公司", "中广核技", "其他专用设备", (("加速器", 0.4),))
    lines = explain(NodeQuery.free_text("IP核"), cgn, semantic=0.1)
    assert lines == ["主营产品：加速器（40%）；申万行业：其他专用设备"]
    bare = CompanyProfile(2, "某某科技股份有限公司")
    assert explain(NodeQuery.free_text("IP核"), bare, semantic=0.1) == ["记录未载明主营产品、行业或简介"]


def test_scores_are_probabilities_fitted_to_labels() -> None:
    rows = [
        {"lexical": i / 100, "semantic": (i % 7) / 7, "product": 0.0, "size": 0.5, "listing_risk": 0.0}
        for i in range(-50, 101)
    ]
    relevant = [row["lexical"] > 0.8 and i % 2 == 0 for i, row in enumerate(rows)]
    fit = Relevance.fit(rows, relevant, features=("lexical", "semantic"))
    assert fit.weights["lexical"] > 0 and set(fit.weights) == {"lexical", "semantic"}
    extremes = ({**rows[0], "lexical": value} for value in (-10.0, 0.0, 10.0))
    assert all(0.0 <= fit(row) <= 1.0 for row in extremes)
    expected = sum(relevant) / len(relevant)
    mean = sum(fit(row) for row in rows) / len(rows)
    assert math.isclose(mean, expected, abs_tol=0.01)  # a logistic fit matches the base rate
    rows_ = reliability_table([0.01, 0.04, 0.6, 0.9], [False, False, True, False])
    assert sum(row.count for row in rows_) == 4
    assert rows_[-1].count == 2 and rows_[-1].observed == 0.5


def test_ranking_fit_puts_each_nodes_curated_company_first() -> None:
    # Twenty nodes of ten candidates: the curated one leads its node's list on lexical, but the
    # nodes' levels differ so much that a later node's weakest candidate beats an earlier one's best.
    nodes = [
        [
            (
                {"lexical": node / 10 + rank / 100, "semantic": (rank * 3 % 7) / 7, "listing_risk": 0.0},
                rank == 9,
            )
            for rank in range(10)
        ]
        for node in range(20)
    ]
    fit = Relevance.fit_ranking(nodes, features=("lexical", "semantic", "listing_risk"))
    assert fit.weights["lexical"] > 0
    for candidates in nodes:
        best = max(candidates, key=lambda candidate: fit.logit(candidate[0]))
        assert best[1]
    scores = [fit(factors) for candidates in nodes for factors, _ in candidates]
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert math.isclose(sum(scores) / len(scores), 0.1, abs_tol=0.01)  # scaled to the base rate


def test_ranked_scores_stay_in_unit_range_with_listing_risk() -> None:
    profiles = {
        1: CompanyProfile(1, "甲", "*ST甲", "电池化学品", (("正极材料", 0.9),)),
        2: CompanyProfile(2, "乙", "乙", "电池化学品", (("正极材料", 0.9),)),
    }
    ranked = rank_companies(
        NodeQuery.free_text("正极材料"),
        profiles,
        ChannelScores({1: 9.0, 2: 8.0}, complete=True),
        ChannelScores({1: 0.9, 2: 0.85}),
    )
    assert [company.id for company in ranked] == [2, 1]
    assert all(0.0 <= company.score <= 1.0 for company in ranked)
    assert all(0.0 <= value <= 1.0 for company in ranked for value in company.factors.values())
    assert math.isclose(ranked[0].score, RELEVANCE(ranked[0].factors), abs_tol=1e-3)


def test_a_larger_maker_ranks_first_and_says_how_large_it_is() -> None:
    """Curators name a trade's leaders: of two companies the channels cannot tell apart, the larger
    ranks first, its size stated in its evidence; as large a company that makes something else ranks
    below both."""
    product = (("三元正极材料", 0.8),)
    profiles = {
        1: CompanyProfile(1, "甲", "甲", "电池化学品", product, total_assets_yuan=4e9, headcount=1500),
        2: CompanyProfile(2, "乙", "乙", "电池化学品", product, total_assets_yuan=5e10, headcount=9000),
        3: CompanyProfile(3, "丙", "丙", "纺织", (("面料", 0.9),), total_assets_yuan=5e10, headcount=9000),
    }
    assert profiles[1].size < 0.5 < profiles[2].size == profiles[3].size <= 1.0
    assert CompanyProfile(4, "丁").size == 0.5
    ranked = rank_companies(
        NodeQuery.free_text("正极材料"),
        profiles,
        ChannelScores({1: 9.0, 2: 9.0}, complete=True),
        ChannelScores({1: 0.86, 2: 0.86, 3: 0.80}),
    )
    assert [company.id for company in ranked] == [2, 1, 3]
    assert "企业规模：总资产500.0亿元，员工9,000人（规模分 0.78）" in ranked[0].evidence


def test_trade_phrases_cc_cedict_reads_word_by_word_are_the_trade_s_words() -> None:
    index = _frequency("动力电池系统、功率器件", "储能系统、能源管理", "智能电网设备、智能终端")
    assert translate("power battery", index.frequency) == ["动力电池"]  # not 功率 + 电池
    assert translate("energy storage system", index.frequency)[0] == "储能"  # not 能源 + 存储
    assert translate("smart grid equipment", index.frequency)[0] == "智能电网"


def test_english_phrases_fall_back_to_their_words() -> None:
    index = _frequency("激光切割机、激光器", "切削刀具", "医疗电子设备", "引线框架")
    # CC-CEDICT glosses "laser cutting" with a word no document uses: each word is translated instead
    laser_cutting = translate("laser cutting equipment", index.frequency)
    assert "激光" in laser_cutting and "切削" in laser_cutting
    # "electronics" is 电子学 in CC-CEDICT; its singular gives the trade's 电子
    assert "电子" in translate("medical electronics", index.frequency)


def test_english_words_find_every_sense_and_form_cc_cedict_glosses() -> None:
    index = _frequency("电视机、液晶电视", "射频芯片、滤波器", "电子陶瓷、陶瓷基板", "抛光液、抛光垫")
    # 电视 is glossed "television; TV": each sense is a gloss of its own
    assert translate("television", index.frequency) == ["电视"]
    # 射频 is glossed "radio frequency (RF)": the acronym is a gloss too
    assert translate("RF chips", index.frequency) == ["射频", "芯片"]
    # CC-CEDICT glosses "ceramics" and "to polish", not "ceramic" and "polishing"
    assert translate("ceramic substrates", index.frequency)[0] == "陶瓷"
    assert translate("polishing", index.frequency) == ["抛光"]


def test_english_words_the_bridge_misses_still_reach_the_semantic_channel() -> None:
    index = _frequency("汽车电子、车载电子", "光刻胶、光刻胶去除剂")
    automotive = NodeQuery.free_text("automotive electronics").bridged(index.frequency)
    assert automotive.translation == ("电子",) and automotive.untranslated == ("automotive",)
    assert automotive.semantic_texts() == ["电子", "automotive electronics"]
    # fully translated: the translation alone is embedded
    assert NodeQuery.free_text("the photoresist").bridged(index.frequency).semantic_texts() == ["光刻胶"]


def test_website_names_the_company() -> None:
    assert website_label({"website": "www.catl.com"}) == "catl"
    assert website_label({"website": "http://www.sinopec.com.cn"}) == "sinopec"
    assert website_label({}) is None
