"""The companies-for-node benchmark and the ranking pipeline, on the real reference data."""

from dataclasses import replace

import pytest

from benchmarks.eval.benchmark import Benchmark, build_benchmark, strip_english_name
from benchmarks.eval.metrics import Score, recall_at, reciprocal_rank
from benchmarks.eval.run import reciprocal_rank_fusion, split_chains
from services.match.embedding.convert import convert, is_converted
from services.match.embedding.encoder import Encoder, load_encoder
from services.match.lexical import LexicalIndex
from services.match.ranking import (
    Calibration,
    ChannelScores,
    CompanyProfile,
    NodeQuery,
    profile_text,
    rank_companies,
)
from services.match.ranking.channels import lexical_channel
from services.match.ranking.evidence import explain, term_match
from services.match.ranking.reliability import RELEVANCE, Relevance
from services.match.ranking.semantic import query_vector
from shared.settings import Settings


@pytest.fixture(scope="module")
def benchmark() -> Benchmark:
    return build_benchmark(Settings().reference_data_dir)


def by_short_name(benchmark: Benchmark, *names: str) -> dict[str, CompanyProfile]:
    return {c.short_name: c for c in benchmark.companies if c.short_name in names}


# --- benchmark --------------------------------------------------------------------------------------
def test_english_names_in_either_bracket_are_stripped() -> None:
    assert strip_english_name("通威股份（Tongwei）") == "通威股份"
    assert strip_english_name("药明康德 (WuXi AppTec)") == "药明康德"
    assert strip_english_name("Cytiva (formerly GE Healthcare Life Sciences)") == "Cytiva"
    assert strip_english_name("长电科技") == "长电科技"


def test_benchmark_counts(benchmark: Benchmark) -> None:
    """673 of the 1,263 nodes name representative companies; in 171 one of them is a listed company
    (short name, brackets stripped); in 159 that company also has products. Those 159 are the
    benchmark, with 301 relevant (node, company) pairs over 12 chains."""
    assert len(benchmark.companies) == 4586
    assert benchmark.nodes_with_representatives == 673
    assert benchmark.nodes_with_listed_representatives == 171
    assert len(benchmark.nodes) == 159
    assert sum(len(node.relevant) for node in benchmark.nodes) == 301
    assert len(benchmark.chains) == 12
    profiles = {c.id: c for c in benchmark.companies}
    assert all(profiles[i].products for node in benchmark.nodes for i in node.relevant)


def test_bracketed_representatives_are_matched(benchmark: Benchmark) -> None:
    """康龙化成 is written ``康龙化成 (Pharmaron)`` in the chain file."""
    profiles = {c.id: c for c in benchmark.companies}
    nodes = [n for n in benchmark.nodes if "康龙化成" in n.representatives]
    assert nodes and any("康龙化成" in {profiles[i].short_name for i in n.relevant} for n in nodes)
    packaging = next(n for n in benchmark.nodes if n.query.node == "先进封装")
    assert {profiles[i].short_name for i in packaging.relevant} == {
        "长电科技",
        "通富微电",
        "华天科技",
        "晶方科技",
    }
    assert packaging.query.path == "半导体与集成电路 中游：制造与封测 封装测试 先进封装"


def test_chain_split_halves_are_disjoint(benchmark: Benchmark) -> None:
    tune, held_out = split_chains(benchmark.chains)
    assert tune.isdisjoint(held_out) and tune | held_out == set(benchmark.chains)
    assert len(tune) == len(held_out) == 6


def test_metrics() -> None:
    assert recall_at([5, 1, 2], {1, 9}) == 0.5
    assert recall_at([*range(100, 120), 1], {1}) == 0.0
    assert reciprocal_rank([5, 1, 2], {2}) == pytest.approx(1 / 3)
    assert reciprocal_rank(list(range(200)), {150}) == 0.0
    assert Score.of([[1, 2], [3]], [{2}, {4}]) == Score(0.5, 0.25, 2)
    assert reciprocal_rank_fusion([1, 2, 3], [2, 3, 1])[:1] == [2]


# --- profile, query, calibration, evidence ---------------------------------------------------------------
def test_profile_text_lists_products_by_revenue_share() -> None:
    profile = CompanyProfile(
        1,
        "宁波容百新能源科技股份有限公司",
        "容百科技",
        "电池化学品Ⅲ",
        (("前驱体", 0.2), ("其他", None), ("三元正极材料", 0.78)),
    )
    assert profile_text(profile) == "宁波容百新能源科技股份有限公司 电池化学品 三元正极材料、前驱体、其他"
    assert not profile.listing_risk
    assert CompanyProfile(2, "x", "*ST信联").listing_risk
    assert CompanyProfile(3, "x", "烯碳退").listing_risk
    assert not CompanyProfile(4, "x", "退耕科技").listing_risk


def test_node_query_weighs_the_node_name_above_its_path() -> None:
    query = NodeQuery(
        node="光刻胶", chain="半导体与集成电路", segment="上游：原材料", sub_segment="半导体材料"
    )
    weights = {part.text: part.weight for part in query.lexical_parts()}
    assert weights["光刻胶"] > weights["半导体材料"] > weights["半导体与集成电路"]
    assert "上游：原材料" not in weights
    assert query.semantic_texts() == ["半导体与集成电路 上游：原材料 半导体材料 光刻胶", "光刻胶"]
    assert NodeQuery.free_text(" 锂电池正极材料 ").semantic_texts() == ["锂电池正极材料"]


def test_calibration_is_relative_to_the_channel_best() -> None:
    channel = ChannelScores({1: 10.0, 2: 5.0, 3: 1.0})
    scale = Calibration.of(channel)
    assert scale(10.0) > scale(5.0) > scale(1.0)
    assert 0.0 < scale(channel.raw(99)) < 0.5 and channel.raw(99) == 1.0
    complete = ChannelScores({1: 10.0}, complete=True)
    assert complete.raw(99) == 0.0
    assert Calibration.of(complete)(10.0) > 0.99


def test_term_match_cites_whole_words_covering_half_the_term() -> None:
    whole = term_match("衬底", "碳化硅衬底")
    assert whole is not None and whole.coverage == 1.0
    partial = term_match("先进封装", "芯片封装测试")
    assert partial is not None and partial.common == "封装" and partial.coverage == 0.5
    cathode = term_match("锂电池正极材料", "三元正极材料")
    assert cathode is not None and cathode.common == "正极材料"
    assert term_match("锂电池正极材料", "石墨类负极材料") is None  # 极材料 cuts the word 正极
    assert term_match("医用高分子材料", "新材料") is None  # 材料 is less than half
    assert term_match("光刻胶", "面料") is None
    # another kind of the node's head is no evidence (固体激光器 for 光纤激光器); the bare head is
    assert term_match("光纤激光器", "固体激光器") is None and term_match("工业机器人", "服务机器人") is None
    assert term_match("光纤激光器", "激光器") is not None


def _equal_lexical(*profiles: CompanyProfile) -> ChannelScores:
    """The lexical channel scoring every company alike: only the product factor orders them."""
    return ChannelScores({profile.id: 5.0 for profile in profiles})


def test_a_bare_head_is_weak_evidence_for_a_qualified_node() -> None:
    """化学品 says nothing about being bio-based: a company whose main product is only the head of
    生物基化学品 ranks below one whose smaller product names 生物基, and its line says why."""
    bare = CompanyProfile(1, "某某化学股份有限公司", "某某化学", "", (("化学品", 0.9),))
    biobased = CompanyProfile(2, "某某生物股份有限公司", "某某生物", "", (("生物基材料", 0.3),))
    query = NodeQuery(node="生物基化学品", chain="合成生物", sub_segment="生物材料")
    profiles = {1: bare, 2: biobased}
    ranked = rank_companies(query, profiles, _equal_lexical(bare, biobased), ChannelScores({}))
    assert [company.id for company in ranked] == [2, 1]
    assert ranked[1].evidence[0] == (
        "主营产品「化学品」（营收占比90%）与节点「生物基化学品」共有「化学品」（弱证据：未载明「生物基」）"
    )
    assert ranked[1].factors["product"] < ranked[0].factors["product"]
    laser = term_match("光纤激光器", "激光器")  # the kind, not a sibling: cited, but weak
    assert laser is not None and laser.weak and laser.strength < laser.coverage
    substrate = term_match("衬底", "碳化硅衬底")  # a qualified kind of the node's own thing: full
    assert substrate is not None and not substrate.weak


def test_a_modifier_of_the_nodes_kind_of_product_is_weak_evidence_where_it_names_the_thing() -> None:
    """游戏设备 is a device (游戏 modifies 设备): 网页游戏 is a game, 电子游戏机 a device."""
    games = CompanyProfile(1, "某某网络股份有限公司", "某某网络", "", (("网页游戏", 0.9),))
    consoles = CompanyProfile(2, "某某娱乐设备股份有限公司", "某某娱乐", "", (("电子游戏机", 0.2),))
    query = NodeQuery(node="游戏设备", chain="智能传感器", sub_segment="消费电子")
    profiles = {1: games, 2: consoles}
    ranked = rank_companies(query, profiles, _equal_lexical(games, consoles), ChannelScores({}))
    assert [company.id for company in ranked] == [2, 1]
    assert ranked[1].evidence[0] == (
        "主营产品「网页游戏」（营收占比90%）与节点「游戏设备」共有「游戏」（弱证据：节点是「设备」，主营产品不是）"
    )
    software = term_match("游戏设备", "游戏软件")  # another kind of product
    assert software is not None and software.kinds == ("设备", "软件")
    for text in (
        "网络游戏业务",
        "游戏运营",
        "游戏板块",
    ):  # generic heads after it: the text still names games
        business = term_match("游戏设备", text)
        assert business is not None and business.weak, text
    # a node naming a domain is served by its equipment; generic heads that name no kind leave the
    # node's thing what it is
    for term, text in [("智能安防", "安防设备"), ("游戏设备", "游戏游艺设备"), ("集成电路设计", "集成电路")]:
        found = term_match(term, text)
        assert found is not None and not found.weak, (term, text)


def test_evidence_falls_back_to_the_sub_segment(benchmark: Benchmark) -> None:
    """江丰电子 (sputtering targets) has nothing named 衬底, but its industry is the node's sub-segment."""
    jiangfeng = by_short_name(benchmark, "江丰电子")["江丰电子"]
    query = NodeQuery(node="衬底", chain="半导体与集成电路", segment="上游", sub_segment="半导体材料")
    assert explain(query, jiangfeng, semantic=0.5) == [
        "申万行业「半导体材料」匹配所属环节「半导体材料」",
        "企业规模：总资产65.2亿元，员工1,715人（规模分 0.50）",  # its figures of 2024 and registry
    ]
    risky = CompanyProfile(9, "康得新复合材料集团股份有限公司", "*ST康得", "膜材料", (("光学膜", 0.9),))
    lines = explain(NodeQuery.free_text("光学膜"), risky, semantic=0.9)
    assert lines[0] == "主营产品「光学膜」（营收占比90%）匹配检索词「光学膜」"
    assert lines[1:] == ["企业画像与检索词语义相近（语义分 0.90）", "「*ST康得」为风险警示或退市股，降权"]


# --- ranking ----------------------------------------------------------------------------------------
def test_evidence_names_the_matched_product() -> None:
    profiles = {
        1: CompanyProfile(
            1, "某某半导体股份有限公司", "某某半导体", "半导体材料", (("碳化硅衬底", 0.6), ("外延片", 0.3))
        ),
        2: CompanyProfile(2, "某某纺织股份有限公司", "某某纺织", "棉纺", (("面料", 0.9),)),
    }
    index = LexicalIndex()
    index.add({doc_id: profile_text(profile) for doc_id, profile in profiles.items()})
    query = NodeQuery(node="衬底", chain="半导体与集成电路", sub_segment="半导体材料")
    hits = index.search(query.lexical_parts(), 200)
    ranked = rank_companies(
        query, profiles, ChannelScores({h.doc_id: h.score for h in hits}, complete=True), ChannelScores({})
    )
    top = ranked[0]
    assert top.id == 1
    assert "主营产品「碳化硅衬底」（营收占比60%）匹配节点「衬底」" in top.evidence
    assert set(top.factors) == {"lexical", "semantic", "product", "size", "listing_risk"}
    assert top.factors["product"] > 0 and top.factors["size"] == 0.5  # no size known: the median
    assert all(0.0 <= value <= 1.0 for value in top.factors.values())


def test_cathode_makers_rank_above_textile_makers_for_a_free_text_query(benchmark: Benchmark) -> None:
    """Real profiles, real lexical index; the semantic channel is empty here (no model in this test)."""
    names = ("容百科技", "当升科技", "杉杉股份", "厦门钨业", "长电科技", "鲁泰A", "华孚时尚", "*ST康得")
    profiles = {p.id: p for p in by_short_name(benchmark, *names).values()}
    index = LexicalIndex()
    index.add({doc_id: profile_text(profile) for doc_id, profile in profiles.items()})
    query = NodeQuery.free_text("锂电池正极材料")
    hits = index.search(query.lexical_parts(), 200)
    lexical = ChannelScores({h.doc_id: h.score for h in hits}, complete=True)
    ranked = [company.name for company in rank_companies(query, profiles, lexical, ChannelScores({}))]
    # 厦门钨业 makes cathode materials too (its 锂电材料 business)
    assert set(ranked[:3]) <= {"容百科技", "当升科技", "杉杉股份", "厦门钨业"}
    assert all(ranked.index(textile) > 3 for textile in ("鲁泰A", "华孚时尚") if textile in ranked)


def test_listing_risk_pushes_a_company_down(benchmark: Benchmark) -> None:
    # sizes left unknown (*ST康得's registry headcount is 1: its size would push it down too)
    profiles = {
        p.id: replace(p, total_assets_yuan=None, headcount=None)
        for p in by_short_name(benchmark, "康得新", "*ST康得", "双星新材").values()
    }
    risky = next(p for p in profiles.values() if p.listing_risk)
    semantic = ChannelScores({doc_id: (0.9 if doc_id == risky.id else 0.8) for doc_id in profiles})
    query = NodeQuery.free_text("光学膜")
    careless = Relevance(RELEVANCE.intercept, {**RELEVANCE.weights, "listing_risk": 0.0})
    plain = rank_companies(query, profiles, ChannelScores({}), semantic, relevance=careless)
    assert plain[0].id == risky.id
    ranked = rank_companies(query, profiles, ChannelScores({}), semantic)
    assert ranked[-1].id == risky.id
    assert any("风险警示" in line for line in ranked[-1].evidence)


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Encoder:
    model_dir = Settings().model_dir
    if not is_converted(model_dir):
        model_dir = tmp_path_factory.mktemp("embedding") / "multilingual-e5-small"
        assert convert(model_dir, progress=False)
    return load_encoder(Settings(embedding_model_dir=model_dir))


@pytest.mark.slow
def test_both_channels_rank_a_chain_node(benchmark: Benchmark, encoder: Encoder) -> None:
    """Real profiles, real lexical index and embedding model, the full pipeline, a real chain node."""
    names = ("容百科技", "当升科技", "厦门钨业", "长电科技", "南大光电", "鲁泰A", "华孚时尚", "*ST康得")
    profiles = {p.id: p for p in by_short_name(benchmark, *names).values()}
    ids = list(profiles)
    index = LexicalIndex()
    index.add({doc_id: profile_text(profile) for doc_id, profile in profiles.items()})
    vectors = encoder.encode_passages([profile_text(profiles[doc_id]) for doc_id in ids])
    query = NodeQuery(node="正极材料", chain="新能源", segment="上游：原材料", sub_segment="锂电池材料")

    similarities = vectors @ query_vector(encoder, query)
    semantic = ChannelScores(dict(zip(ids, similarities.tolist(), strict=True)))
    ranked = rank_companies(query, profiles, lexical_channel(index, query), semantic)

    order = [company.name for company in ranked]
    assert set(order[:2]) == {"容百科技", "当升科技"}
    assert order.index("鲁泰A") > 2 and order.index("华孚时尚") > 2
    rongbai = next(company for company in ranked if company.name == "容百科技")
    assert rongbai.evidence[0] == "主营产品「三元正极材料」（营收占比78%）匹配节点「正极材料」"
    assert rongbai.factors["semantic"] > 0.5 and rongbai.factors["lexical"] > 0.5
