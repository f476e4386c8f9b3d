"""Typed errors that carry their HTTP status, and the one JSON error shape every service answers with.

Shape: {"error": {"code": str, "message": str, "details": [...], "request_id": str | None}}
Each detail names the field that was wrong: {"field": "body.name", "reason": "..."}.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from shared.logging import get_logger, request_id_var

log = get_logger(__name__)


class AppError(Exception):
    status_code: int = 500
    code: str = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.headers = headers


class BadRequest(AppError):
    status_code = 400
    code = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"

    @classmethod
    def entity(cls, entity: str, ident: object) -> "NotFound":
        return cls(f"{entity} {ident} not found", details=[{"field": "id", "reason": "not found"}])


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class StaleVersion(Conflict):
    code = "stale_version"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


class ValidationFailed(AppError):
    status_code = 422
    code = "validation_error"

    @classmethod
    def field(cls, field: str, reason: str) -> "ValidationFailed":
        return cls(f"{field}: {reason}", details=[{"field": field, "reason": reason}])


class RateLimited(AppError):
    status_code = 429
    code = "rate_limited"


class UpstreamUnavailable(AppError):
    status_code = 503
    code = "upstream_unavailable"


class ErrorDetail(BaseModel):
    field: str
    reason: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]
    request_id: str | None


class ErrorBody(BaseModel):
    """The one error shape of every service."""

    error: ErrorInfo


ERROR_MEANINGS = {
    400: "The request could not be read",
    401: "No valid API key (or, between services, no internal token)",
    403: "The caller may not do this",
    404: "No such object or route (or not visible to the caller)",
    409: "Conflicts with the object's current state (a stale version, a value taken, a request running)",
    413: "The body is too large",
    422: "A field is invalid (each detail names it)",
    429: "Rate limit reached (see Retry-After)",
    503: "A service is unavailable or timed out (see Retry-After)",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of error answers in the one shape (for `responses=`)."""
    return {status: {"model": ErrorBody, "description": ERROR_MEANINGS[status]} for status in statuses}


# What any operation of any service may answer besides its success.
ERROR_RESPONSES = error_responses(*ERROR_MEANINGS)


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "details": details or [],
            "request_id": request_id_var.get(),
        }
    }


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": _field_path(err["loc"]), "reason": err["msg"], "type": err["type"]} for err in exc.errors()
    ]
    first = details[0] if details else {"field": "", "reason": "invalid request"}
    return error_response(422, "validation_error", f"{first['field']}: {first['reason']}", details)


PROBED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app answers at this request's path."""
    allowed = set()
    for method in PROBED_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.add(method)
    if "GET" in allowed:
        allowed.add("HEAD")
    return sorted(allowed)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        # Routes of one path are separate routes: the one that matched knows only its own method.
        allowed = ", ".join(allowed_methods(request))
        return error_response(
            405,
            code,
            f"use {allowed} here",
            [{"field": "method", "reason": f"allowed: {allowed}"}],
            headers={**(headers or {}), "Allow": allowed},
        )
    return error_response(exc.status_code, code, str(exc.detail), headers=headers)


async def _unhandled(_: Request, exc: Exception) -> JSONResponse:
    # Never leak stack traces or SQL to the client; the log line carries the request id.
    log.exception("unhandled error", exc_info=exc)
    # The server drops the connection after an unhandled error: say so, so that no client pools it
    # and sends its next request into a closed socket.
    return error_response(500, "internal_error", "internal error", headers={"Connection": "close"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
