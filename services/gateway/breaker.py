"""A circuit breaker per upstream: after `failure_threshold` failures in a row the gateway stops calling
the upstream and answers 503 at once; after `reset_seconds` one trial call goes through, and its
success closes the circuit again (its failure opens it for another `reset_seconds`).
"""

import time
from collections.abc import Callable
from enum import IntEnum


class BreakerState(IntEnum):
    """The values are what the `gateway_breaker_state` gauge shows."""

    closed = 0
    half_open = 1
    open = 2


class CircuitOpen(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"circuit open; next trial in {retry_after:.1f}s")
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int,
        reset_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = max(1, failure_threshold)
        self.reset_seconds = reset_seconds
        self.clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.closed
        if self._trial_running or self.clock() - self._opened_at >= self.reset_seconds:
            return BreakerState.half_open
        return BreakerState.open

    def acquire(self) -> None:
        """Raise CircuitOpen unless a call may go out now. Every acquire is followed by one `record`."""
        state = self.state
        if state is BreakerState.closed:
            return
        if state is BreakerState.half_open and not self._trial_running:
            self._trial_running = True
            return
        assert self._opened_at is not None
        raise CircuitOpen(max(0.0, self._opened_at + self.reset_seconds - self.clock()))

    def record(self, success: bool) -> None:
        if success:
            self._failures, self._opened_at, self._trial_running = 0, None, False
            return
        self._failures += 1
        if self._trial_running or self._failures >= self.failure_threshold:
            self._opened_at = self.clock()
        self._trial_running = False
