"""Putting one channel's raw scores on a common [0, 1] scale.

BM25 scores grow with the query's length and rarity, cosine similarities of e5 sit in a narrow band
around 0.8: neither is comparable across channels or queries. Each channel's scores are taken
relative to that channel's own best results for the query (z-score against the mean and spread of
its top 100), then squashed by a logistic. A company far above the channel's usual top scores gets
close to 1, one at the channel's usual level gets 0.5.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

REFERENCE_DEPTH = 100


@dataclass(frozen=True)
class ChannelScores:
    """Raw scores of a channel's best ``depth`` results; ``complete`` when nothing else scored above 0.

    Documents outside the results score the channel's floor: 0 when the results are complete (a
    lexical query that matched fewer documents than asked), else the lowest returned score.
    """

    scores: Mapping[int, float]
    complete: bool = False

    @property
    def floor(self) -> float:
        if self.complete or not self.scores:
            return 0.0
        return min(self.scores.values())

    def raw(self, doc_id: int) -> float:
        return self.scores.get(doc_id, self.floor)


@dataclass(frozen=True)
class Calibration:
    center: float
    spread: float

    @classmethod
    def of(cls, channel: ChannelScores, depth: int = REFERENCE_DEPTH) -> "Calibration":
        best = sorted(channel.scores.values(), reverse=True)[:depth]
        if channel.complete and len(best) < depth:
            best += [0.0] * (depth - len(best))
        if not best:
            return cls(0.0, 1.0)
        values = np.asarray(best, dtype=np.float64)
        spread = float(values.std())
        return cls(float(values.mean()), spread if spread > 0 else 1.0)

    def __call__(self, raw: float) -> float:
        z = (raw - self.center) / self.spread
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
