"""The question `companies-for-node` asks: a chain node with its path, or free text.

A node's own name says what is wanted; its path only disambiguates (衬底 in 半导体 vs in LED). So
the lexical channel weighs the name three times the sub-segment and six times the chain, and
leaves out the segment (上游：原材料与核心元器件 reads the same in every chain). The semantic channel
embeds the whole path and the name alone and averages the two directions.
"""

from dataclasses import dataclass

from services.match.lexical import QueryPart

NODE_WEIGHT = 3.0
SUB_SEGMENT_WEIGHT = 1.0
CHAIN_WEIGHT = 0.5


@dataclass(frozen=True)
class NodeQuery:
    node: str
    chain: str = ""
    segment: str = ""
    sub_segment: str = ""

    @classmethod
    def free_text(cls, text: str) -> "NodeQuery":
        return cls(node=text.strip())

    @property
    def path(self) -> str:
        parts = (self.chain, self.segment, self.sub_segment, self.node)
        return " ".join(part.strip() for part in parts if part.strip())

    def lexical_parts(self) -> list[QueryPart]:
        parts = [
            QueryPart(self.node, NODE_WEIGHT),
            QueryPart(self.sub_segment, SUB_SEGMENT_WEIGHT),
            QueryPart(self.chain, CHAIN_WEIGHT),
        ]
        return [part for part in parts if part.text.strip()]

    def semantic_texts(self) -> list[str]:
        """Texts to embed as queries; the query vector is their normalised mean."""
        path = self.path
        return [path] if path == self.node.strip() else [path, self.node.strip()]
