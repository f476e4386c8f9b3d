"""Build a SentencePiece ``precompiled_charsmap`` from a character rewrite map.

The HF ``tokenizers`` ``Precompiled`` normaliser reads this blob: ``u32 trie_bytes``, a darts-clone
double-array trie over the UTF-8 bytes of the source strings (``u32`` units), then the replacement
strings, each terminated by NUL. A trie leaf's value is the byte offset of its replacement.

A unit packs ``label`` (bits 0-7, bit 31 set on value units so they never match a byte), a
``has_leaf`` flag (bit 8) and an ``offset`` (bits 10-30, shifted left by 8 when bit 9 is set). The
children of the node at ``p`` live at ``p ^ offset ^ label``; its value, if any, at ``p ^ offset``.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

_VALUE_FLAG = 1 << 31
_HAS_LEAF = 1 << 8
_MAX_OFFSET = 1 << 21
_BLOCK = 256


@dataclass
class _Node:
    children: dict[int, _Node] = field(default_factory=dict)
    value: int | None = None


def build_precompiled_charsmap(mapping: Mapping[str, str]) -> bytes:
    """Serialise ``mapping`` (source string -> replacement, replacements may be empty)."""
    normalized = bytearray()
    offsets: dict[str, int] = {}
    root = _Node()
    for source in sorted(mapping, key=lambda s: s.encode("utf-8")):
        if not source or "\0" in source:
            raise ValueError(f"cannot map {source!r}: sources must be non-empty and NUL-free")
        replacement = mapping[source]
        if replacement not in offsets:
            offsets[replacement] = len(normalized)
            normalized += replacement.encode("utf-8") + b"\0"
        node = root
        for byte in source.encode("utf-8"):
            node = node.children.setdefault(byte, _Node())
        node.value = offsets[replacement]

    units = _DoubleArray().build(root)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(normalized)


class _DoubleArray:
    def __init__(self) -> None:
        self.units: list[int] = [0] * _BLOCK
        self.used = bytearray(_BLOCK)  # 1 where a unit is taken
        self.used[0] = 1
        self.used_bases: set[int] = set()

    def build(self, root: _Node) -> list[int]:
        pending = [(0, root)]
        while pending:
            position, node = pending.pop()
            labels = sorted(node.children)
            if node.value is not None:
                labels.insert(0, 0)
            if not labels:
                continue
            base = self._place(labels)
            self.units[position] |= _encode_offset(position ^ base)
            if node.value is not None:
                self.units[base] = _VALUE_FLAG | node.value
                self.units[position] |= _HAS_LEAF
            for label, child in node.children.items():
                self.units[base ^ label] = label
                pending.append((base ^ label, child))
        return self.units

    def _place(self, labels: list[int]) -> int:
        """First unused base whose slots ``base ^ label`` are all free; marks them taken."""
        free = self.used.find(0)
        while True:
            if free < 0:
                free = len(self.used)
                self._grow()
            base = free ^ labels[0]
            if base not in self.used_bases and not any(self.used[base ^ label] for label in labels):
                break
            free = self.used.find(0, free + 1)
        self.used_bases.add(base)
        for label in labels:
            self.used[base ^ label] = 1
        return base

    def _grow(self) -> None:
        # Whole blocks of 256 units, so every ``position ^ byte`` a lookup computes stays in range.
        self.units.extend([0] * _BLOCK)
        self.used.extend(bytes(_BLOCK))


def _encode_offset(offset: int) -> int:
    if offset >= _MAX_OFFSET:
        raise ValueError("double-array trie too large")
    return offset << 10
