"""The future-industry tracks (未来产业) as a versioned configuration: ``tracks.json`` beside this file.

Each track's sub-fields name catalog chains (by chain name; all their leaf nodes, or only those under
the segments or nodes named in ``nodes``) and 申万 level-3 industries. A new national list is a new
``version`` of the file, not a code change.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from services.match.chains.coverage import leaf_nodes, node_path

TRACKS_FILE = Path(__file__).with_name("tracks.json")


@dataclass(frozen=True)
class SubField:
    name: str
    chains: tuple[str, ...]
    nodes: tuple[str, ...]  # segment or node names restricting the chains; empty: every leaf
    industries: tuple[str, ...]


@dataclass(frozen=True)
class Track:
    name: str
    sub_fields: tuple[SubField, ...]

    def node_ids(self, chains: Sequence[Mapping[str, Any]]) -> set[int]:
        """The leaf nodes of the catalog's chains that the track's sub-fields name."""
        by_name = {chain["name"]: chain for chain in chains}
        found: set[int] = set()
        for sub in self.sub_fields:
            for chain_name in sub.chains:
                chain = by_name.get(chain_name)
                if chain is None:
                    continue
                for leaf in leaf_nodes(chain):
                    if not sub.nodes or set(sub.nodes) & set(node_path(chain, leaf)[1:]):
                        found.add(int(leaf["id"]))
        return found

    @property
    def industries(self) -> frozenset[str]:
        return frozenset(industry for sub in self.sub_fields for industry in sub.industries)


@dataclass(frozen=True)
class TrackConfig:
    version: str
    as_of: date
    source: str
    tracks: tuple[Track, ...]
    note: str = ""  # how the file names chains and industries, and which chains no track names


def load_tracks(path: Path = TRACKS_FILE) -> TrackConfig:
    body = orjson.loads(path.read_bytes())
    return TrackConfig(
        version=body["version"],
        as_of=date.fromisoformat(body["as_of"]),
        source=body["source"],
        tracks=tuple(
            Track(
                name=track["name"],
                sub_fields=tuple(
                    SubField(
                        name=sub["name"],
                        chains=tuple(sub["chains"]),
                        nodes=tuple(sub["nodes"]),
                        industries=tuple(sub["industries"]),
                    )
                    for sub in track["sub_fields"]
                ),
            )
            for track in body["tracks"]
        ),
        note=body.get("note", ""),
    )
