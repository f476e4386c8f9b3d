"""ASGI middleware every service installs: request ids and a cap on request body size."""

import uuid

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import error_body
from shared.logging import request_id_var

REQUEST_ID_HEADER = "x-request-id"


def _valid_request_id(value: str) -> bool:
    return 0 < len(value) <= 128 and value.isascii() and value.isprintable()


class RequestIdMiddleware:
    """Accept X-Request-ID (or make one), expose it to logs and errors, echo it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if _valid_request_id(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


# The interactive docs pages run one inline script and style of their own (their assets are same-origin).
DOCS_PAGES = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
# The docs pages start Swagger UI with an inline script, and Swagger UI runs a worker from a blob.
DOCS_EXTRA_POLICY = "; script-src 'self' 'unsafe-inline'; worker-src 'self' blob:"


class SecurityHeadersMiddleware:
    """Security headers on every response: the content security policy (same-origin only), no MIME
    sniffing, no framing, no referrer."""

    def __init__(self, app: ASGIApp, content_security_policy: str) -> None:
        self.app = app
        fixed = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
        ]
        self.headers = [(b"content-security-policy", content_security_policy.encode()), *fixed]
        docs_policy = (content_security_policy + DOCS_EXTRA_POLICY).encode()
        self.docs_headers = [(b"content-security-policy", docs_policy), *fixed]
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.docs_headers if scope.get("path") in DOCS_PAGES else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message["headers"] = [*kept, *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Answer 413 in the common error shape once a body passes `max_bytes` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int, upload_prefix: str = "") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = (
            self.upload_max_bytes
            if self.upload_prefix and path.startswith(self.upload_prefix)
            else self.max_bytes
        )
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_too_large(send, limit)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await _send_too_large(send, limit)


class _BodyTooLarge(StarletteHTTPException):
    """Raised while the body streams in; an HTTPException so that body parsers pass it on as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body exceeds {limit} bytes")


async def _send_too_large(send: Send, limit: int) -> None:
    import json

    body = json.dumps(
        error_body(
            "payload_too_large",
            f"request body exceeds {limit} bytes",
            [{"field": "body", "reason": f"larger than {limit} bytes"}],
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
