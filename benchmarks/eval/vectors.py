"""Corpus embeddings for the evaluation, cached on disk by model and text.

Embedding the 4,586 company profiles takes minutes on two cores; the vectors are stored under
``data_dir/eval/cache`` in a file named by the encoder's fingerprint (model files, backend, prompts)
and a hash of the texts, so a changed model or a changed profile text is embedded again and anything
else is read back.
"""

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from services.match.embedding.encoder import Encoder

BATCH = 64


def texts_digest(texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def passage_vectors(encoder: Encoder, texts: Sequence[str], cache_dir: Path, fingerprint: str) -> np.ndarray:
    """Embeddings of ``texts`` as passages, in order, read from the cache when present."""
    path = cache_dir / f"passages-{fingerprint}-{texts_digest(texts)}.npy"
    if path.exists():
        return np.load(path)
    # Similar lengths in a batch waste less padding.
    order = sorted(range(len(texts)), key=lambda position: len(texts[position]))
    parts = []
    with tqdm(total=len(texts), desc="embedding company profiles", unit="text") as progress:
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            parts.append(np.asarray(encoder.encode_passages([texts[i] for i in batch]), dtype=np.float32))
            progress.update(len(batch))
    vectors = np.empty((len(texts), parts[0].shape[1]) if parts else (0, 0), dtype=np.float32)
    if parts:
        vectors[order] = np.concatenate(parts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npy")
    np.save(temporary, vectors)
    temporary.replace(path)
    return vectors
