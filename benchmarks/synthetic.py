"""Generated embedding-like data for benchmarks and tests: clustered unit vectors with provinces.

The vectors follow a gaussian mixture shaped like sentence embeddings: a shared mean direction
(unrelated texts still have a cosine of about 0.4, as with E5 models), a few broad topics, clusters
that overlap inside their topic, and inside each cluster a spread along its own 64 directions plus
a little noise in every direction. Uniform noise would make every neighbour equally far; this keeps
an approximate index's recall close to what real catalogue embeddings give. Cluster sizes and
provinces are skewed like a real enterprise catalogue.
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

_TOPICS = 8
_CLUSTERS = 256
_MEAN_NORM = 1.2
_CLUSTER_OFFSET_NORM = 0.3
_SPREAD_RANK = 64
_SPREAD_NORM = 1.0
_NOISE_NORM = 0.4


@dataclass(frozen=True, slots=True)
class Mixture:
    """The cluster centres and per-cluster spread directions that samples are drawn from."""

    centres: np.ndarray  # (clusters, dim) float32
    spreads: np.ndarray  # (clusters, rank, dim) float32
    weights: np.ndarray  # (clusters,) float64, sums to 1

    @property
    def dim(self) -> int:
        return int(self.centres.shape[1])

    @classmethod
    def random(cls, dim: int, rng: np.random.Generator) -> "Mixture":
        def directions(count: int, norm: float) -> np.ndarray:
            # Standard normal coordinates scaled so each row has about the given norm.
            return rng.standard_normal((count, dim), dtype=np.float32) * np.float32(norm / np.sqrt(dim))

        mean = directions(1, _MEAN_NORM)
        topics = directions(_TOPICS, 1.0)
        centres = mean + topics[rng.integers(0, _TOPICS, _CLUSTERS)]
        centres += directions(_CLUSTERS, _CLUSTER_OFFSET_NORM)
        spreads = directions(_CLUSTERS * _SPREAD_RANK, _SPREAD_NORM / np.sqrt(_SPREAD_RANK))
        weights = rng.lognormal(0.0, 1.0, _CLUSTERS)
        return cls(
            centres=centres,
            spreads=spreads.reshape(_CLUSTERS, _SPREAD_RANK, dim),
            weights=weights / weights.sum(),
        )

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw `n` L2-normalised float32 vectors, in random cluster order."""
        out = np.empty((n, self.dim), dtype=np.float32)
        rows = rng.permutation(n)
        counts = rng.multinomial(n, self.weights)
        starts = np.concatenate(([0], np.cumsum(counts)))
        # Uniform on [-a, a) has variance a²/3: this gives the noise an expected norm of _NOISE_NORM.
        noise_scale = np.float32(2 * _NOISE_NORM * np.sqrt(3 / self.dim))
        for cluster in np.flatnonzero(counts):
            lo, hi = starts[cluster], starts[cluster + 1]
            block = rng.random((hi - lo, self.dim), dtype=np.float32)
            block -= np.float32(0.5)
            block *= noise_scale
            block += rng.standard_normal((hi - lo, _SPREAD_RANK), dtype=np.float32) @ self.spreads[cluster]
            block += self.centres[cluster]
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            out[rows[lo:hi]] = block
        return out


def provinces(n: int, rng: np.random.Generator) -> np.ndarray:
    """A province index (into `PROVINCES`) per row, skewed like real enterprise counts."""
    weights = np.fromiter(PROVINCE_WEIGHTS.values(), dtype=np.float64)
    return rng.choice(len(weights), size=n, p=weights / weights.sum()).astype(np.int16)
