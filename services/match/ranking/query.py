"""The question `companies-for-node` asks: a chain node with its path, or free text.

A node's own name says what is wanted; its path only disambiguates (衬底 in 半导体 vs in LED). So
the lexical channel weighs the name three times the sub-segment and six times the chain, and
leaves out the segment (上游：原材料与核心元器件 reads the same in every chain). The semantic channel
embeds the whole path and the name alone and averages the two directions.

English free text is bridged (``lexical.bridge``): its Chinese translation takes the node's place in
the lexical channel and in the evidence, and is embedded beside the English text.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from services.match.lexical import QueryPart
from services.match.lexical.bridge import is_english, translate

NODE_WEIGHT = 3.0
SUB_SEGMENT_WEIGHT = 1.0
CHAIN_WEIGHT = 0.5


@dataclass(frozen=True)
class NodeQuery:
    node: str
    chain: str = ""
    segment: str = ""
    sub_segment: str = ""
    # Chinese words of an English free-text query (see ``bridged``); empty otherwise.
    translation: tuple[str, ...] = ()

    @classmethod
    def free_text(cls, text: str) -> "NodeQuery":
        return cls(node=text.strip())

    def bridged(self, known: Callable[[str], bool]) -> "NodeQuery":
        """The query with its Chinese translation when it is English free text, else itself."""
        if self.chain or not is_english(self.node):
            return self
        return replace(self, translation=tuple(translate(self.node, known)))

    @property
    def terms(self) -> list[str]:
        """What the evidence looks for in a company's record: the node, or the translation's words."""
        return list(self.translation) or [self.node]

    @property
    def path(self) -> str:
        parts = (self.chain, self.segment, self.sub_segment, self.node)
        return " ".join(part.strip() for part in parts if part.strip())

    def lexical_parts(self) -> list[QueryPart]:
        parts = [
            QueryPart(" ".join(self.translation) or self.node, NODE_WEIGHT),
            QueryPart(self.sub_segment, SUB_SEGMENT_WEIGHT),
            QueryPart(self.chain, CHAIN_WEIGHT),
        ]
        return [part for part in parts if part.text.strip()]

    def semantic_texts(self) -> list[str]:
        """Texts to embed as queries; the query vector is their normalised mean."""
        path = self.path
        texts = [path] if path == self.node.strip() else [path, self.node.strip()]
        return texts + [" ".join(self.translation)] if self.translation else texts
