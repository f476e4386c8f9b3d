"""The lexical index on real company profiles: terms, filtered search, changes, persistence."""

from pathlib import Path

import pytest

from services.match.eval.benchmark import read_listed_companies
from services.match.lexical import Analyzer, LexicalIndex, QueryPart
from services.match.ranking import profile_text
from shared.settings import Settings

# Five real listed companies (short name, full name, industry, main products) and two provinces.
COMPANIES = {
    1: ("天岳先进 山东天岳先进科技股份有限公司 半导体材料 碳化硅衬底、半绝缘型碳化硅衬底", "山东"),
    2: ("露笑科技 露笑科技股份有限公司 电机 碳化硅衬底片、漆包线、光伏电站", "浙江"),
    3: ("三安光电 三安光电股份有限公司 LED LED外延片、芯片、化合物半导体衬底", "福建"),
    4: ("容百科技 宁波容百新能源科技股份有限公司 电池化学品 锂电池正极材料、三元前驱体", "浙江"),
    5: ("鲁泰A 鲁泰纺织股份有限公司 纺织制造 面料、衬衫、色织布", "山东"),
}


def small_index() -> LexicalIndex:
    index = LexicalIndex()
    index.add({doc_id: text for doc_id, (text, _) in COMPANIES.items()})
    return index


def test_char_ngrams_find_a_term_inside_a_compound() -> None:
    analyzer = Analyzer()
    assert set(analyzer.terms("衬底")) <= set(analyzer.terms("碳化硅衬底"))
    assert analyzer.terms("PCB板") == ["pcb", "板"]
    assert "w:碳化硅" in Analyzer(words=True).terms("碳化硅衬底")


def test_ranks_the_companies_that_make_the_product() -> None:
    hits = small_index().search("碳化硅衬底", k=5)
    assert [hit.doc_id for hit in hits[:2]] == [1, 2]
    assert 5 not in {hit.doc_id for hit in hits}
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


def test_weighted_query_parts_move_the_ranking() -> None:
    index = small_index()
    node_first = index.search([QueryPart("正极材料", 3.0), QueryPart("纺织", 0.5)], k=5)
    assert node_first[0].doc_id == 4
    assert index.query_terms([QueryPart("衬底", 2.0), QueryPart("衬", 1.0)])["衬"] == 3.0


def test_filter_applies_inside_the_search() -> None:
    index = small_index()
    zhejiang = {doc_id for doc_id, (_, province) in COMPANIES.items() if province == "浙江"}
    assert [hit.doc_id for hit in index.search("碳化硅衬底", k=5, allowed=zhejiang)] == [2]
    assert index.search("碳化硅衬底", k=5, allowed=set()) == []


def test_remove_and_replace_documents() -> None:
    index = small_index()
    index.remove([1, 99])
    assert len(index) == 4 and 1 not in index
    assert 1 not in {hit.doc_id for hit in index.search("碳化硅衬底", k=5)}
    index.add({5: "鲁泰A 鲁泰纺织股份有限公司 碳化硅衬底"})
    assert 5 in {hit.doc_id for hit in index.search("碳化硅衬底", k=5)}
    assert sorted(index.doc_ids) == [2, 3, 4, 5]


def test_save_and_load_give_the_same_results(tmp_path: Path) -> None:
    index = small_index()
    index.remove([3])
    index.add({6: "中芯国际 中芯国际集成电路制造有限公司 集成电路制造 晶圆代工"})
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    for query in ("碳化硅衬底", "晶圆代工", "正极材料"):
        assert loaded.search(query, k=5) == index.search(query, k=5)
    assert sorted(loaded.doc_ids) == [1, 2, 4, 5, 6]


@pytest.mark.slow
def test_full_catalog_filter_still_returns_k_results() -> None:
    """Over all 4,586 listed companies: a province filter keeps k results that a post-filter would lose."""
    companies = read_listed_companies(Settings().reference_data_dir)
    index = LexicalIndex()
    index.add({company.profile.id: profile_text(company.profile) for company in companies})
    guangdong = {company.profile.id for company in companies if company.profile.province == "广东"}
    query = [QueryPart("锂电池正极材料", 3.0), QueryPart("新能源", 0.5)]

    filtered = index.search(query, k=20, allowed=guangdong)
    unfiltered = index.search(query, k=20)

    assert len(filtered) == 20
    assert {hit.doc_id for hit in filtered} <= guangdong
    assert len([hit for hit in unfiltered if hit.doc_id in guangdong]) < 20
    # Incremental changes across the rebuild threshold keep the index consistent with a fresh build.
    removed = [hit.doc_id for hit in unfiltered[:10]]
    index.remove(removed)
    index.add({company.profile.id: profile_text(company.profile) for company in companies[:300]})
    fresh = LexicalIndex()
    fresh.add({doc_id: profile_text(companies[doc_id - 1].profile) for doc_id in index.doc_ids})
    assert [hit.doc_id for hit in index.search(query, k=20)] == [hit.doc_id for hit in fresh.search(query, k=20)]
