"""The rules fund prospects rest on: a focus match names the focus term's head, not a shared modifier,
and a candidate is a member of the park's chains at a confidence a person would accept."""

from services.match.evaluation.companies import CompanyScore
from services.match.evaluation.prospects import PROSPECT_MIN_CONFIDENCE, confident_nodes
from services.match.factors import FocusTerm, focus_match, industry_fit
from services.match.ranking import CompanyProfile


def _profile(*products: str, industry: str = "") -> CompanyProfile:
    return CompanyProfile(1, "某公司", industry=industry, products=tuple((p, None) for p in products))


def test_a_shared_modifier_is_no_focus_match() -> None:
    """What the officer found: 大同's and 上海张江's funds matched on 生物, 医疗, 智慧, 金属 alone."""
    for term, text in [
        ("生物塑料", "生物识别"),
        ("医疗美容", "医疗齿科"),
        ("智慧养老", "智慧物联"),
        ("金属合金", "非金属矿石装卸"),
    ]:
        assert focus_match(term, text) is None, (term, text)


def test_a_focus_match_names_the_head() -> None:
    assert focus_match("生物塑料", "可降解生物塑料粒子") is not None
    cathode = focus_match("锂电池正极材料", "三元正极材料")  # 材料 is generic: the head is 正极
    assert cathode is not None and cathode.common == "正极材料"
    chips = focus_match("集成电路设计", "集成电路")  # 设计 is generic: the head is 集成电路
    assert chips is not None and chips.common == "集成电路"
    assert focus_match("光纤激光器", "激光器") is not None  # the bare head: the kind, not a sibling
    assert focus_match("生物基化学品", "生物基纤维") is None  # 生物基 is half the term, but not its head


def test_the_head_is_named_where_the_text_names_that_thing() -> None:
    """Not inside a longer Latin word, nor, for the head alone, under another (Latin) modifier."""
    assert focus_match("CMO", "CMOS图像传感器") is None and focus_match("CMO", "CMO服务") is not None
    assert focus_match("基带芯片", "LED芯片-绿光") is None
    assert focus_match("生物传感器", "MEMS传感器") is None and focus_match("光纤激光器", "固体激光器") is None
    assert focus_match("位置传感器", "传感器类") is not None  # a bare 传感器 may be one


def test_industry_fit_takes_the_best_term_whose_head_is_covered() -> None:
    terms = [
        FocusTerm("智慧养老", 1.0, "基金关注环节"),
        FocusTerm("养老服务", 0.7, "基金关注产业链「康养」的环节"),
    ]
    level, reason = industry_fit(terms, _profile("智慧物联平台", "社区养老服务"))
    assert level == 0.7
    assert (
        reason == "主营产品「社区养老服务」与基金关注产业链「康养」的环节「养老服务」相符（共有「养老服务」）"
    )
    assert industry_fit(terms[:1], _profile("智慧物联平台", industry="通信服务")) == (0.0, None)


def test_industry_fit_counts_weak_evidence_part_and_says_why() -> None:
    """化学品 says nothing about being bio-based: half the term's level, and the line says so; a full
    match of a lower term counts more."""
    biobased = FocusTerm("生物基化学品", 1.0, "基金关注环节")
    level, reason = industry_fit([biobased], _profile("化学品"))
    assert level == 0.5
    assert (
        reason
        == "主营产品「化学品」与基金关注环节「生物基化学品」相符（共有「化学品」）（弱证据：未载明「生物基」）"
    )
    fine = FocusTerm("精细化工", 0.8, "基金关注产业链「新材料」的环节")
    assert industry_fit([biobased, fine], _profile("化学品", "精细化工产品"))[0] == 0.8


def test_candidates_need_a_confident_membership_at_the_park_s_nodes() -> None:
    score = CompanyScore(7, 80.0, [], [], {10: 0.11, 11: 0.62, 12: 0.9, 20: 0.95})
    assert PROSPECT_MIN_CONFIDENCE == 0.5
    assert confident_nodes(score, {10, 11, 12}) == [12, 11]  # 20 is not the park's, 10 too unsure
    assert confident_nodes(score, {10}) == []
