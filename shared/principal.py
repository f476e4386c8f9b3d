"""Who is calling. The gateway authenticates a user and forwards a Principal to the services it calls;
a service believes a forwarded principal only when the request also carries the internal token.
"""

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared.errors import Forbidden, Unauthorized, ValidationFailed

PRINCIPAL_HEADER = "X-Principal"
INTERNAL_TOKEN_HEADER = "X-Internal-Token"


class Role(StrEnum):
    admin = "admin"
    officer = "officer"
    enterprise = "enterprise"
    fund = "fund"
    provider = "provider"
    service = "service"  # another ParkMatch service acting for itself (reads everything, writes nothing)
    anonymous = "anonymous"


# An id field of a request and the claim of the principal that owns such objects.
OWNERSHIP_CLAIMS: dict[str, tuple[Role, str]] = {
    "park_id": (Role.officer, "park_ids"),
    "company_id": (Role.enterprise, "company_id"),
    "fund_id": (Role.fund, "fund_id"),
    "provider_id": (Role.provider, "provider_id"),
}


@dataclass(frozen=True)
class Principal:
    role: Role
    park_ids: frozenset[int] = field(default_factory=frozenset)
    company_id: int | None = None
    fund_id: int | None = None
    provider_id: int | None = None
    key_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def reads_private(self) -> bool:
        """Admins and services see private fields of every object."""
        return self.role in (Role.admin, Role.service)

    def owns(self, id_field: str, value: int) -> bool:
        """The caller's own object: an officer's park, an enterprise's company, a fund, a provider."""
        role, claim = OWNERSHIP_CLAIMS[id_field]
        if self.role is not role:
            return False
        owned = getattr(self, claim)
        return value in owned if isinstance(owned, frozenset) else value == owned

    def acts_for(self, id_field: str, value: int) -> bool:
        """Admins and services act for any object; everyone else for their own."""
        return self.reads_private or self.owns(id_field, value)

    def to_header(self) -> str:
        body: dict[str, Any] = {"role": self.role.value}
        if self.park_ids:
            body["park_ids"] = sorted(self.park_ids)
        for name in ("company_id", "fund_id", "provider_id", "key_id"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        return json.dumps(body, separators=(",", ":"))

    @classmethod
    def from_header(cls, value: str) -> "Principal":
        body = json.loads(value)
        return cls(
            role=Role(body["role"]),
            park_ids=frozenset(int(p) for p in body.get("park_ids", [])),
            company_id=body.get("company_id"),
            fund_id=body.get("fund_id"),
            provider_id=body.get("provider_id"),
            key_id=body.get("key_id"),
        )


# The match questions about one object, by the id field naming it: only a caller acting for that
# object (its officer, enterprise, fund or provider account; admins and services) may ask them.
# Declared once: the match service checks each question it is asked, the gateway a question saved
# for later (the gateway's table states which service checks each route's object).
QUESTION_SUBJECTS: dict[str, str] = {
    "companies-for-park": "park_id",
    "feedback": "park_id",
    "parks-for-company": "company_id",
    "funds-for-company": "company_id",
    "providers-for-company": "company_id",
    "companies-for-fund": "fund_id",
    "companies-for-provider": "provider_id",
}


def require_acts_for(
    principal: Principal, kind: str, question: Mapping[str, Any], where: str = "body"
) -> None:
    """Raise unless `principal` may ask the match question `kind` about the object it names
    (`where` is how errors name the question: "body", or "body.query" for a saved search's)."""
    id_field = QUESTION_SUBJECTS.get(kind)
    if id_field is None:
        return
    if principal.role is Role.anonymous:
        raise Unauthorized(f"the {kind} question needs an API key (Authorization: Bearer pm_...)")
    name = f"{where}.{id_field}"
    value = question.get(id_field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationFailed.field(name, "a positive integer id is required")
    if not principal.acts_for(id_field, value):
        noun = id_field.removesuffix("_id")
        raise Forbidden(
            f"{noun} {value} is not yours", details=[{"field": name, "reason": f"not one of your {noun}s"}]
        )


ANONYMOUS = Principal(role=Role.anonymous)
SERVICE = Principal(role=Role.service)


def carries_internal_token(headers: Any, internal_token: str) -> bool:
    """The request comes from a ParkMatch service (it carries the shared internal token)."""
    token = headers.get(INTERNAL_TOKEN_HEADER)
    return bool(internal_token and token and hmac.compare_digest(token, internal_token))


def principal_from_headers(headers: Any, internal_token: str) -> Principal:
    """The forwarded principal if the internal token matches; otherwise the anonymous caller."""
    if not carries_internal_token(headers, internal_token):
        return ANONYMOUS
    raw = headers.get(PRINCIPAL_HEADER)
    if not raw:
        return SERVICE
    try:
        return Principal.from_header(raw)
    except (ValueError, KeyError, TypeError):
        return ANONYMOUS


def forward_headers(principal: Principal, internal_token: str) -> dict[str, str]:
    return {INTERNAL_TOKEN_HEADER: internal_token, PRINCIPAL_HEADER: principal.to_header()}
