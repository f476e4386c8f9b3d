"""Generated embedding-like data for benchmarks and tests: clustered unit vectors with provinces.

Vectors follow a gaussian mixture whose clusters have a low-rank spread (each cluster varies along
its own few directions, plus a little isotropic noise), so neighbourhoods have a realistic intrinsic
dimension instead of the flat geometry of uniform noise. Cluster sizes and provinces are skewed.
"""

from dataclasses import dataclass

import numpy as np

# Approximate share of registered enterprises per province-level division (31, mainland China).
PROVINCE_WEIGHTS: dict[str, float] = {
    "广东": 14.0,
    "江苏": 9.5,
    "山东": 8.0,
    "浙江": 7.5,
    "河南": 5.5,
    "四川": 4.5,
    "河北": 4.2,
    "湖北": 3.8,
    "福建": 3.8,
    "上海": 3.5,
    "湖南": 3.3,
    "安徽": 3.3,
    "北京": 3.2,
    "陕西": 2.6,
    "辽宁": 2.4,
    "江西": 2.3,
    "广西": 2.2,
    "云南": 2.0,
    "重庆": 2.0,
    "山西": 1.8,
    "贵州": 1.6,
    "天津": 1.4,
    "内蒙古": 1.2,
    "黑龙江": 1.2,
    "新疆": 1.0,
    "吉林": 1.0,
    "甘肃": 0.9,
    "海南": 0.8,
    "宁夏": 0.4,
    "青海": 0.3,
    "西藏": 0.2,
}
PROVINCES: tuple[str, ...] = tuple(PROVINCE_WEIGHTS)

_LATENT_RANK = 24
_LATENT_NORM = 0.75
_NOISE_NORM = 0.3


@dataclass(frozen=True, slots=True)
class Mixture:
    """The cluster centres and per-cluster spread directions that samples are drawn from."""

    centres: np.ndarray  # (clusters, dim) float32
    bases: np.ndarray  # (clusters, rank, dim) float32
    weights: np.ndarray  # (clusters,) float64, sums to 1

    @property
    def dim(self) -> int:
        return int(self.centres.shape[1])

    @classmethod
    def random(cls, dim: int, clusters: int, rng: np.random.Generator) -> "Mixture":
        centres = rng.standard_normal((clusters, dim), dtype=np.float32) / np.sqrt(dim)
        scale = _LATENT_NORM / np.sqrt(dim * _LATENT_RANK)
        bases = rng.standard_normal((clusters, _LATENT_RANK, dim), dtype=np.float32) * np.float32(scale)
        weights = rng.lognormal(0.0, 1.0, clusters)
        return cls(centres=centres, bases=bases, weights=weights / weights.sum())

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw `n` L2-normalised float32 vectors, in random cluster order."""
        out = np.empty((n, self.dim), dtype=np.float32)
        rows = rng.permutation(n)
        counts = rng.multinomial(n, self.weights)
        noise_scale = np.float32(_NOISE_NORM / np.sqrt(self.dim))
        starts = np.concatenate(([0], np.cumsum(counts)))
        for cluster in np.flatnonzero(counts):
            lo, hi = starts[cluster], starts[cluster + 1]
            latent = rng.standard_normal((hi - lo, _LATENT_RANK), dtype=np.float32)
            block = rng.standard_normal((hi - lo, self.dim), dtype=np.float32)
            block *= noise_scale
            block += latent @ self.bases[cluster]
            block += self.centres[cluster]
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            out[rows[lo:hi]] = block
        return out


def clusters_for(n: int) -> int:
    """A cluster count that grows with the collection, as topics do in a growing catalogue."""
    return int(np.clip(n // 1_000, 32, 1_024))


def clustered_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """`n` L2-normalised float32 vectors from a fresh random mixture."""
    rng = np.random.default_rng(seed)
    return Mixture.random(dim, clusters_for(n), rng).sample(n, rng)


def provinces(n: int, rng: np.random.Generator) -> np.ndarray:
    """A province index (into `PROVINCES`) per row, skewed like real enterprise counts."""
    weights = np.fromiter(PROVINCE_WEIGHTS.values(), dtype=np.float64)
    return rng.choice(len(weights), size=n, p=weights / weights.sum()).astype(np.int16)
