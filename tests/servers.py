"""Real services for tests: an ASGI app under uvicorn on a loopback port, in a thread."""

import asyncio
import threading
import time
from collections import Counter

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.serving import free_port


class ServerThread:
    """An ASGI app under uvicorn on 127.0.0.1:`port`, in a thread; can be stopped and started again."""

    def __init__(self, app: ASGIApp, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 600) -> "ServerThread":
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_config=None, access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"server on port {self.port} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=30)


class Freezable:
    """An ASGI app around another that can freeze: while frozen, requests are taken in and held
    unanswered (as by a stopped process), then go on when it thaws; `delay` slows every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.frozen = threading.Event()
        self.delay = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self.delay)
            while self.frozen.is_set():
                await asyncio.sleep(0.02)
        await self.app(scope, receive, send)


class Counting:
    """An ASGI app around another that counts the HTTP requests it takes, by path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.requests[scope["path"]] += 1
        await self.app(scope, receive, send)
