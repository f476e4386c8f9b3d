"""A membership's confidence: the probability that a company works at a node, given its evidence.

A logistic model of five readings of the record, each in [0, 1]: ``product`` (the covering
product's share of the node's name times its revenue weight, ``evidence.ProductEvidence.strength``),
``industry`` and ``supply`` (1 when the 申万 industry or a supply link's product covers the node),
``segment`` (when nothing covers the node itself: the same product strength for its sub-segment, 1
when the industry covers the sub-segment), ``semantic`` (the company's profile vector against the node's, calibrated against the node's 200
closest companies, ``ranking.calibration``). It was fitted (``python -m benchmarks.eval
membership``) on the curated node–company links of the dev chains only: a node's representative
companies are the positives, the other companies with evidence at that node the negatives. As the
curated lists name a few representatives, not every maker, the probability is that of being such a
representative: a conservative reading. A curated link in the catalog is itself the label: its
confidence is 1.

A company is a member of a node when it has evidence there (semantic closeness alone is not
evidence) and its confidence reaches ``MEMBER_MIN``, the threshold with the best F2 on the dev chains (recall weighs
more: precision against curated lists that name a few representatives is a lower bound).
"""

import math
from dataclasses import dataclass

FEATURES = ("product", "industry", "supply", "segment", "semantic")


@dataclass(frozen=True)
class MembershipModel:
    intercept: float
    weights: tuple[float, ...]  # in the order of FEATURES

    def confidence(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(w * features[name] for w, name in zip(self.weights, FEATURES, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


# Fitted on the dev chains (make eval prints the refit and its best threshold). The benchmark has no
# supply links, so ``supply`` is not fitted: it weighs as much as a product covering the whole node.
MODEL = MembershipModel(intercept=-8.137, weights=(1.479, 0.779, 1.479, 1.234, 5.807))
MEMBER_MIN = 0.1
CURATED_CONFIDENCE = 1.0
