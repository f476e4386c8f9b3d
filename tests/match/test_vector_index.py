"""Contract of the vector index: every backend passes the same tests, on real faiss."""

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from benchmarks.synthetic import Mixture, provinces
from services.match.index import (
    BACKENDS,
    NO_ID,
    Backend,
    ExactIndex,
    IdFilter,
    IndexLoadError,
    IvfIndex,
    VectorIndex,
    build_index,
    choose_backend,
    create_index,
)
from shared.settings import Settings

DIM = 64
SIZE = 3_000


class Data:
    """A clustered collection with sparse catalogue-like ids and a province per row."""

    def __init__(self, size: int, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        mixture = Mixture.random(DIM, rng)
        self.vectors = mixture.sample(size, rng)
        self.queries = mixture.sample(100, rng)
        self.ids = np.sort(rng.choice(50 * size, size, replace=False)).astype(np.int64) + 1
        self.province = provinces(size, rng)
        self.fresh = mixture.sample(50, rng)

    def in_province(self, province: int) -> np.ndarray:
        return self.ids[self.province == province]


@pytest.fixture(scope="module")
def data() -> Data:
    return Data(SIZE)


@pytest.fixture(params=sorted(BACKENDS))
def index(request: pytest.FixtureRequest, data: Data) -> VectorIndex:
    index = BACKENDS[request.param](DIM)
    index.add(data.ids, data.vectors)
    return index


def brute_force(data: Data, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    mask = np.ones(len(data.ids), dtype=bool) if allowed is None else np.isin(data.ids, allowed)
    scores = queries @ data.vectors[mask].T
    return data.ids[mask][np.argsort(-scores, axis=1)[:, :k]]


def manifest_size(directory: Path) -> int:
    return int(json.loads((directory / "manifest.json").read_text())["vectors_bytes"])


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([np.intersect1d(f, t).size / t.size for f, t in zip(found, truth, strict=True)]))


def test_each_vector_finds_itself_first(index: VectorIndex, data: Data) -> None:
    scores, ids = index.search(data.vectors[:200], 5)
    assert len(index) == SIZE and index.dim == DIM
    assert ids.shape == scores.shape == (200, 5) and ids.dtype == np.int64 and scores.dtype == np.float32
    np.testing.assert_array_equal(ids[:, 0], data.ids[:200])
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-3)
    assert (np.diff(scores, axis=1) <= 1e-6).all()


def test_vectors_and_queries_are_normalised(index: VectorIndex, data: Data) -> None:
    scores, ids = index.search(data.vectors[:10] * 7.5, 1)
    np.testing.assert_array_equal(ids[:, 0], data.ids[:10])
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-3)


def test_adding_an_existing_id_replaces_its_vector(index: VectorIndex, data: Data) -> None:
    target = data.ids[:3]
    index.add(target, data.fresh[:3])
    assert len(index) == SIZE
    scores, ids = index.search(data.fresh[:3], 1)
    np.testing.assert_array_equal(ids[:, 0], target)
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-3)
    old_scores, _ = index.search(data.vectors[:3], SIZE, IdFilter(target))
    assert (old_scores[:, 0] < 0.99).all()


def test_a_repeated_id_in_one_batch_keeps_its_last_vector(index: VectorIndex, data: Data) -> None:
    fresh_id = int(data.ids.max()) + 1
    index.add([fresh_id, fresh_id], data.fresh[:2])
    assert len(index) == SIZE + 1
    _, ids = index.search(data.fresh[1:2], 1)
    assert ids[0, 0] == fresh_id
    scores, _ = index.search(data.fresh[:1], 1, IdFilter([fresh_id]))
    assert scores[0, 0] < 0.99


def test_new_vectors_are_searchable_after_the_first_add(index: VectorIndex, data: Data) -> None:
    new_ids = np.arange(10**9, 10**9 + len(data.fresh))
    index.add(new_ids, data.fresh)
    assert len(index) == SIZE + len(data.fresh)
    _, ids = index.search(data.fresh, 1)
    np.testing.assert_array_equal(ids[:, 0], new_ids)


def test_removed_ids_disappear(index: VectorIndex, data: Data) -> None:
    gone = data.ids[:50]
    assert index.remove(np.concatenate([gone, [10**12]])) == 50
    assert len(index) == SIZE - 50
    _, ids = index.search(data.vectors[:50], 10)
    assert not np.isin(ids, gone).any()
    assert index.remove(gone) == 0


def test_a_province_filter_is_applied_inside_the_search(index: VectorIndex, data: Data) -> None:
    for province in (0, 5, 20):  # about 14%, 4.6% and 1.3% of the rows
        allowed = data.in_province(province)
        scores, ids = index.search(data.queries, 20, IdFilter(allowed))
        assert np.isin(ids, allowed).all(), "every result is allowed and none is missing"
        assert np.isfinite(scores).all()
        assert recall(ids, brute_force(data, data.queries, 20, allowed)) >= 0.9


def test_a_small_allowed_set_gives_its_exact_top_k(index: VectorIndex, data: Data) -> None:
    allowed = data.ids[::100]  # 30 ids
    _, ids = index.search(data.queries, 20, IdFilter(allowed))
    truth = brute_force(data, data.queries, 20, allowed)
    for found, expected in zip(ids, truth, strict=True):
        assert set(found) == set(expected)


def test_a_filter_of_huge_sparse_ids_is_applied(index: VectorIndex, data: Data) -> None:
    huge = np.array([2**40, 2**40 + 3, 2**50])
    index.add(huge, data.fresh[:3])
    allowed = IdFilter(np.concatenate([huge, data.ids[:20]]))
    assert "hash set" in repr(allowed)
    _, ids = index.search(data.fresh[:3], 23, allowed)
    np.testing.assert_array_equal(ids[:, 0], huge)
    assert np.isin(ids, np.concatenate([huge, data.ids[:20]])).all()


def test_fewer_allowed_than_k_pads_the_rest(index: VectorIndex, data: Data) -> None:
    scores, ids = index.search(data.queries[:4], 10, IdFilter(data.ids[:3]))
    assert (np.sort(ids[:, :3], axis=1) == np.sort(data.ids[:3])).all()
    assert (ids[:, 3:] == NO_ID).all() and np.isneginf(scores[:, 3:]).all()


def test_an_empty_filter_returns_nothing(index: VectorIndex, data: Data) -> None:
    scores, ids = index.search(data.queries[:4], 10, IdFilter([]))
    assert ids.shape == (4, 10) and (ids == NO_ID).all() and np.isneginf(scores).all()
    _, ids = index.search(data.queries[:4], 10, IdFilter([10**12]))
    assert (ids == NO_ID).all()


def test_save_and_load_give_identical_results(index: VectorIndex, data: Data, tmp_path: Path) -> None:
    allowed = IdFilter(data.in_province(3))
    before = index.search(data.queries, 20), index.search(data.queries, 20, allowed)
    index.save(tmp_path / "companies")
    loaded = VectorIndex.load(tmp_path / "companies")
    assert type(loaded) is type(index) and len(loaded) == len(index) and loaded.dim == DIM
    after = loaded.search(data.queries, 20), loaded.search(data.queries, 20, allowed)
    for (scores_before, ids_before), (scores_after, ids_after) in zip(before, after, strict=True):
        np.testing.assert_array_equal(ids_before, ids_after)
        np.testing.assert_array_equal(scores_before, scores_after)
    loaded.add(data.ids[:1], data.fresh[:1])
    assert loaded.search(data.fresh[:1], 1)[1][0, 0] == data.ids[0]


def test_a_second_save_replaces_the_first(index: VectorIndex, data: Data, tmp_path: Path) -> None:
    index.save(tmp_path)
    index.remove(data.ids[:10])
    index.save(tmp_path)
    assert len(list(tmp_path.glob("vectors-*.faiss"))) == 1
    assert not list(tmp_path.glob(".*.tmp"))
    assert len(type(index).load(tmp_path)) == SIZE - 10


def test_memory_size_matches_the_saved_vectors(index: VectorIndex, tmp_path: Path) -> None:
    index.save(tmp_path)
    (saved,) = tmp_path.glob("vectors-*.faiss")
    assert abs(saved.stat().st_size - index.nbytes) < 0.01 * index.nbytes


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_loading_a_missing_directory_raises(backend: Backend, tmp_path: Path) -> None:
    with pytest.raises(IndexLoadError, match="missing"):
        BACKENDS[backend].load(tmp_path / "nowhere")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_loading_a_corrupt_directory_raises(backend: Backend, data: Data, tmp_path: Path) -> None:
    build_index(data.ids, data.vectors, backend=backend).save(tmp_path)
    (saved,) = tmp_path.glob("vectors-*.faiss")
    saved.write_bytes(saved.read_bytes()[:1000])
    with pytest.raises(IndexLoadError, match="bytes"):
        VectorIndex.load(tmp_path)
    saved.write_bytes(b"\0" * manifest_size(tmp_path))
    with pytest.raises(IndexLoadError, match="not a readable faiss index"):
        VectorIndex.load(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(IndexLoadError, match="unreadable"):
        VectorIndex.load(tmp_path)


def test_loading_another_backend_raises(data: Data, tmp_path: Path) -> None:
    build_index(data.ids, data.vectors, backend="exact").save(tmp_path)
    with pytest.raises(IndexLoadError, match="not a IvfIndex"):
        IvfIndex.load(tmp_path)
    assert isinstance(ExactIndex.load(tmp_path), ExactIndex)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_an_empty_index_finds_nothing_and_round_trips(backend: Backend, data: Data, tmp_path: Path) -> None:
    empty = BACKENDS[backend](DIM)
    assert len(empty) == 0 and empty.remove([1, 2]) == 0
    assert (empty.search(data.queries[:2], 5)[1] == NO_ID).all()
    empty.save(tmp_path)
    loaded = VectorIndex.load(tmp_path)
    loaded.add(data.ids, data.vectors)
    assert (loaded.search(data.vectors[:5], 1)[1][:, 0] == data.ids[:5]).all()


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_bad_input_is_rejected(backend: Backend, data: Data) -> None:
    index = BACKENDS[backend](DIM)
    with pytest.raises(ValueError, match="shape"):
        index.add([1], np.zeros((1, DIM + 1), dtype=np.float32))
    with pytest.raises(ValueError, match="non-negative"):
        index.add([-1], data.vectors[:1])
    with pytest.raises(ValueError, match="ids for"):
        index.add([1, 2], data.vectors[:1])
    with pytest.raises(ValueError, match="NaN"):
        index.add([1], np.full((1, DIM), np.nan))
    with pytest.raises(ValueError, match="k must"):
        index.search(data.queries[:1], 0)
    with pytest.raises(TypeError):
        IdFilter([1.5])


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_searches_and_updates_from_many_threads(backend: Backend, data: Data) -> None:
    index = build_index(data.ids, data.vectors, backend=backend)
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            for _ in range(20):
                _, ids = index.search(data.queries[:8], 10, IdFilter(data.in_province(1)))
                assert np.isin(ids, data.in_province(1)).all()
        except BaseException as exc:
            errors.append(exc)

    def updater() -> None:
        for i in range(20):
            index.add(data.ids[i : i + 1], data.fresh[i : i + 1])
            index.remove(data.ids[100 + i : 101 + i])

    threads = [threading.Thread(target=searcher) for _ in range(3)] + [threading.Thread(target=updater)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(index) == SIZE - 20


def test_the_factory_chooses_by_size_and_can_be_forced() -> None:
    settings = Settings(exact_index_max=1_000)
    assert choose_backend(1_000, settings) == "exact"
    assert choose_backend(1_001, settings) == "ivf"
    assert isinstance(create_index(DIM, 10, settings), ExactIndex)
    planned = create_index(DIM, 5_000, settings)
    assert isinstance(planned, IvfIndex) and planned.lists == 70 and not planned.trained
    assert isinstance(create_index(DIM, 5_000, settings, backend="exact"), ExactIndex)
    assert isinstance(create_index(DIM, 10, settings, backend="ivf"), IvfIndex)
    assert choose_backend(200_000, Settings()) == "exact"
    with pytest.raises(ValueError, match="unknown index backend"):
        create_index(DIM, 10, settings, backend="hnsw")  # type: ignore[arg-type]


def test_an_approximate_index_cannot_train_its_planned_lists_on_a_small_first_batch(data: Data) -> None:
    index = create_index(DIM, 1_000_000, backend="ivf")
    with pytest.raises(ValueError, match="needs at least 1000 vectors"):
        index.add(data.ids[:999], data.vectors[:999])
    assert len(index) == 0


def test_build_index_trains_the_approximate_index_on_its_data(data: Data) -> None:
    index = build_index(data.ids, data.vectors, Settings(exact_index_max=1_000))
    assert isinstance(index, IvfIndex) and index.trained
    assert (index.lists, index.probe) == (54, 7)  # about sqrt(3000) lists, an eighth of them probed


def test_the_fewer_ids_a_filter_allows_the_more_lists_a_search_probes(data: Data) -> None:
    index = IvfIndex(DIM)
    index.add(data.ids, data.vectors)
    assert (index.lists, index.probe) == (54, 7)
    assert index.lists_to_probe(1, SIZE) == index.probe
    assert index.probe < index.lists_to_probe(10, SIZE) < index.lists
    assert index.lists_to_probe(10, 1_000) == index.lists
    probes = [index.lists_to_probe(10, allowed) for allowed in (10, 100, 1_000, 2_000, 3_000, 10**6)]
    assert probes == sorted(probes, reverse=True)


def test_approximate_recall_at_10_against_exact() -> None:
    data = Data(5_000, seed=11)
    exact = build_index(data.ids, data.vectors, backend="exact")
    approximate = build_index(data.ids, data.vectors, backend="ivf")
    # Unfiltered, a province (~5%: scanned exactly at this size), half the ids (probed lists only).
    for allowed in (None, IdFilter(data.in_province(4)), IdFilter(data.ids[::2])):
        _, truth = exact.search(data.queries, 10, allowed)
        _, found = approximate.search(data.queries, 10, allowed)
        assert recall(found, truth) >= 0.9


def test_a_probed_search_short_of_k_allowed_results_scans_every_list() -> None:
    # Two far-apart clusters, one list each; the query sits in the first, only the second is allowed.
    rng = np.random.default_rng(3)
    centres = np.eye(DIM, dtype=np.float32)[:2]
    vectors = np.repeat(centres, 2_000, axis=0) + rng.standard_normal((4_000, DIM), dtype=np.float32) * 0.03
    index = IvfIndex(DIM, lists=2, probe=1)
    index.add(np.arange(4_000), vectors)
    second = np.arange(2_000, 4_000)
    _, ids = index.search(vectors[:3], 10, IdFilter(second))
    normed = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = second[np.argsort(-(normed[:3] @ normed[second].T), axis=1)[:, :10]]
    np.testing.assert_array_equal(ids, expected)
