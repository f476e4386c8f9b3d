"""Allowed-id filters, applied by faiss inside the search rather than by cutting a top-k afterwards."""

import faiss
import numpy as np
import numpy.typing as npt

# A bitmap selector answers in one memory read; it is used while its size stays within
# max(128 KiB, 8 bytes per allowed id). Sparse sets of huge ids use a hash-set selector instead.
_BITMAP_MIN_BITS = 1 << 20
_BITMAP_BITS_PER_ID = 64


class IdFilter:
    """A set of allowed ids prepared once for faiss, e.g. one per province, and reused by many searches.

    It does not depend on any index, so it stays valid while indexes are updated, and it is safe to
    share between threads.
    """

    __slots__ = ("_bitmap", "_count", "_selector")

    def __init__(self, ids: npt.ArrayLike) -> None:
        array = np.asarray(ids)
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise TypeError(f"ids must be integers, got {array.dtype}")
        unique = np.unique(array.astype(np.int64, copy=False).ravel())
        if unique.size and unique[0] < 0:
            raise ValueError("ids must be non-negative")
        self._count = int(unique.size)
        self._bitmap: np.ndarray | None = None
        self._selector: faiss.IDSelector | None = None
        if not unique.size:
            return
        bits = int(unique[-1]) + 1
        if bits <= max(_BITMAP_MIN_BITS, _BITMAP_BITS_PER_ID * unique.size):
            mask = np.zeros(bits, dtype=bool)
            mask[unique] = True
            self._bitmap = np.packbits(mask, bitorder="little")
            self._selector = faiss.IDSelectorBitmap(self._bitmap.size, faiss.swig_ptr(self._bitmap))
        else:
            self._selector = faiss.IDSelectorBatch(unique)

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        kind = "bitmap" if self._bitmap is not None else "hash set"
        return f"IdFilter({len(self)} ids, {kind})"

    @property
    def selector(self) -> faiss.IDSelector:
        """The faiss selector over external ids; an empty filter has none (it matches nothing)."""
        if self._selector is None:
            raise ValueError("an empty filter has no selector: it matches nothing")
        return self._selector
