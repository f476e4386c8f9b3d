"""The lexical index on real company profiles: terms, filtered search, changes, persistence."""

from itertools import pairwise
from pathlib import Path

import pytest

from benchmarks.eval.benchmark import read_listed_companies
from services.match.lexical import Analyzer, LexicalIndex, QueryPart
from services.match.ranking import CompanyProfile, profile_text
from shared.settings import Settings

# Real listed companies: cathode materials (容百科技 浙江, 当升科技 北京, 杉杉股份 浙江), an electrolyte
# maker, a tungsten group with a battery-material line, a chip packager, two cotton textile makers.
SMALL = ("容百科技", "当升科技", "杉杉股份", "天赐材料", "厦门钨业", "长电科技", "鲁泰A", "华孚时尚")


@pytest.fixture(scope="module")
def listed() -> list[CompanyProfile]:
    return read_listed_companies(Settings().reference_data_dir)


@pytest.fixture(scope="module")
def small(listed: list[CompanyProfile]) -> dict[str, CompanyProfile]:
    return {c.short_name: c for c in listed if c.short_name in SMALL}


def build(profiles: dict[str, CompanyProfile]) -> LexicalIndex:
    index = LexicalIndex()
    index.add({profile.id: profile_text(profile) for profile in profiles.values()})
    return index


def names(hits: list, profiles: dict[str, CompanyProfile]) -> list[str]:
    by_id = {profile.id: name for name, profile in profiles.items()}
    return [by_id[hit.doc_id] for hit in hits]


def test_char_ngrams_find_a_term_inside_a_compound() -> None:
    analyzer = Analyzer()
    assert set(analyzer.terms("衬底")) <= set(analyzer.terms("碳化硅衬底"))
    assert analyzer.terms("PCB板") == ["pcb", "板"]
    assert "w:碳化硅" in Analyzer(words=True).terms("碳化硅衬底")
    assert all(term.startswith("w:") for term in Analyzer(max_n=0, words=True).terms("正极材料"))


def test_ranks_the_companies_that_make_the_product(small: dict[str, CompanyProfile]) -> None:
    hits = build(small).search("正极材料", k=8)
    found = names(hits, small)
    assert set(found[:3]) == {"容百科技", "当升科技", "杉杉股份"}
    # The textile makers share single characters (面料) at most: far below every cathode maker.
    assert all(found.index(textile) > 4 for textile in ("鲁泰A", "华孚时尚") if textile in found)
    assert all(a.score >= b.score for a, b in pairwise(hits))


def test_weighted_query_parts_add_up(small: dict[str, CompanyProfile]) -> None:
    index = build(small)
    assert index.query_terms([QueryPart("正极", 2.0), QueryPart("正", 1.0)])["正"] == 3.0
    assert "纺" not in index.query_terms([QueryPart("纺织", 0.0), QueryPart("正极材料")])


def test_filter_applies_inside_the_search(small: dict[str, CompanyProfile]) -> None:
    index = build(small)
    outside_zhejiang = {profile.id for profile in small.values() if profile.province != "浙江"}
    # The first two are both in Zhejiang: filtering them afterwards would leave nothing.
    assert set(names(index.search("正极材料", k=2), small)) == {"容百科技", "杉杉股份"}
    found = names(index.search("正极材料", k=2, allowed=outside_zhejiang), small)
    assert len(found) == 2 and found[0] == "当升科技"
    assert all(small[name].province != "浙江" for name in found)
    assert index.search("正极材料", k=5, allowed=set()) == []


def test_remove_and_replace_documents(small: dict[str, CompanyProfile]) -> None:
    index = build(small)
    rongbai, lutai = small["容百科技"], small["鲁泰A"]
    index.remove([rongbai.id, 10**9])
    assert len(index) == len(small) - 1 and rongbai.id not in index
    assert "容百科技" not in names(index.search("正极材料", k=8), small)
    index.add({lutai.id: "鲁泰A 鲁泰纺织股份有限公司 三元正极材料"})
    assert names(index.search("三元正极材料", k=1), small) == ["鲁泰A"]
    assert len(index) == len(small) - 1


def test_save_and_load_give_the_same_results(small: dict[str, CompanyProfile], tmp_path: Path) -> None:
    index = build(small)
    index.remove([small["长电科技"].id])
    index.add({10**6: "中芯国际 中芯国际集成电路制造有限公司 集成电路制造 晶圆代工"})
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    for query in ("正极材料", "晶圆代工", "棉纺 面料", "封装测试"):
        assert loaded.search(query, k=5) == index.search(query, k=5)
    assert sorted(loaded.doc_ids) == sorted(index.doc_ids)
    assert loaded.analyzer == index.analyzer
    # Saving compacts: terms only the removed company used (封装) are gone, not just unmatched.
    assert "封装" not in loaded.query_terms("封装") and "晶圆" in loaded.query_terms("晶圆")


@pytest.mark.slow
def test_full_catalog_filter_and_incremental_changes(listed: list[CompanyProfile]) -> None:
    """All 4,586 listed companies: a province filter keeps k results that a post-filter would lose,
    and changes past the rebuild threshold leave the index equal to a fresh build."""
    index = LexicalIndex()
    index.add({company.id: profile_text(company) for company in listed})
    guangdong = {company.id for company in listed if company.province == "广东"}
    query = [QueryPart("锂电池正极材料", 3.0), QueryPart("新能源", 0.5)]

    filtered = index.search(query, k=20, allowed=guangdong)
    unfiltered = index.search(query, k=20)
    assert len(filtered) == 20
    assert {hit.doc_id for hit in filtered} <= guangdong
    assert len([hit for hit in unfiltered if hit.doc_id in guangdong]) < 20

    index.remove([hit.doc_id for hit in unfiltered[:10]])
    index.add({company.id: profile_text(company) for company in listed[:300]})
    fresh = LexicalIndex()
    fresh.add({doc_id: profile_text(listed[doc_id - 1]) for doc_id in index.doc_ids})
    ranked = {(hit.doc_id, round(hit.score, 9)) for hit in index.search(query, k=20)}
    assert ranked == {(hit.doc_id, round(hit.score, 9)) for hit in fresh.search(query, k=20)}
