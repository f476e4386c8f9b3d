"""What questions compute from one snapshot and share (the park evaluation index, English names...):
computed once per snapshot, kept with it, gone with it.

A slot can answer stale: while the new snapshot's value is computed in the background, the value the
previous snapshot had (handed on when the snapshot was built) answers, so no question waits for an
index the last write made stale.
"""

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    """A derived value, by name (its type checked where it is read); slots of one name are one.
    A value of a `carried` slot is handed on to the next snapshot (``previous``)."""

    name: str
    carried: bool = False


class Derived:
    def __init__(self, previous: Mapping[Slot[Any], Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._values: dict[Slot[Any], Any] = {}
        self._pending: dict[Slot[Any], threading.Event] = {}
        self._previous = dict(previous or {})

    def get(self, slot: Slot[T], compute: Callable[[], T]) -> T:
        """This snapshot's value: computed by the first asker, waited for by the others."""
        while True:
            with self._lock:
                if slot in self._values:
                    return cast(T, self._values[slot])
                pending = self._pending.get(slot)
                if pending is None:
                    pending = self._pending[slot] = threading.Event()
                    break
            pending.wait()  # another thread computes it (or failed: then try again)
        try:
            value = compute()
            with self._lock:
                self._values[slot] = value
            return value
        finally:
            with self._lock:
                del self._pending[slot]
            pending.set()

    def get_or_previous(self, slot: Slot[T], compute: Callable[[], T]) -> T:
        """This snapshot's value if computed; else the previous snapshot's while this one's is
        computed in the background; with neither, computed now."""
        with self._lock:
            if slot in self._values:
                return cast(T, self._values[slot])
            previous = self._previous.get(slot)
        if previous is None:
            return self.get(slot, compute)
        self.warm(slot, compute)
        return cast(T, previous)

    def previous(self, slot: Slot[T]) -> T | None:
        """The value the previous snapshot had (or had from its own previous), if any."""
        with self._lock:
            return cast(T | None, self._previous.get(slot))

    def warm(self, slot: Slot[T], compute: Callable[[], T]) -> None:
        """Compute the value in a background thread unless it is computed or being computed."""
        with self._lock:
            if slot in self._values or slot in self._pending:
                return
        threading.Thread(
            target=self.get, args=(slot, compute), daemon=True, name=f"derive {slot.name}"
        ).start()

    def handed_on(self) -> dict[Slot[Any], Any]:
        """The values of carried slots, for the next snapshot to read as ``previous``."""
        with self._lock:
            return {slot: value for slot, value in {**self._previous, **self._values}.items() if slot.carried}
