"""Who may do what: the gateway's route table (route template × method → roles allowed, upstream,
object-level check). A path not in the table is not public: the gateway answers 404 and never
forwards it (so internal routes like the change feed and key verification stay internal).

The catalog scopes every query and write to the forwarded principal as well; the checks here are
the ones it can't make (whose park a match question is about) or that must hold before any
upstream is asked (a park's leads are its officers' alone).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared.errors import AppError, Forbidden, NotFound, Unauthorized, ValidationFailed
from shared.principal import Principal, Role

CATALOG = "catalog"
MATCH = "match"
GATEWAY = "gateway"  # answered by the gateway itself (dossiers, alerts, me)

ANYONE = frozenset(Role) - {Role.service}
SIGNED_IN = ANYONE - {Role.anonymous}
ADMIN = frozenset({Role.admin})
OFFICERS = frozenset({Role.admin, Role.officer})


@dataclass(frozen=True)
class Target:
    """What a request is about: its path parameters, query and (JSON) body."""

    params: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    body_path: str = "body"  # how errors name the body ("body.query" for a saved search's question)


ObjectCheck = Callable[[Principal, Target], None]


def _parameter(found: re.Match[str]) -> str:
    name = found.group(1)
    if name == "id" or name.endswith("_id"):
        return f"(?P<{name}>[0-9]+)"
    return f"(?P<{name}>(?!\\.\\.?(?:/|$))[^/]+)"


def own(id_field: str, where: str = "body", required: bool = True) -> ObjectCheck:
    """The request's `id_field` (in the body or the query) must name the caller's own object."""

    def check(principal: Principal, target: Target) -> None:
        if principal.is_admin:
            return
        source = target.body if where == "body" else target.query
        name = f"{target.body_path if where == 'body' else where}.{id_field}"
        raw = source.get(id_field) if isinstance(source, Mapping) else None
        if raw is None and not required:
            return
        value = _as_id(raw)
        if value is None:
            raise ValidationFailed.field(name, "a positive integer id is required")
        if not principal.owns(id_field, value):
            noun = id_field.removesuffix("_id")
            raise Forbidden(
                f"{noun} {value} is not yours",
                details=[{"field": name, "reason": f"not one of your {noun}s"}],
            )

    return check


def _as_id(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    return raw if isinstance(raw, int) and raw > 0 else None


class Wait(StrEnum):
    """How long the gateway waits for the upstream's answer to a route (the seconds are Settings)."""

    quick = "quick"  # catalog reads and single writes: upstream_timeout_seconds
    match = "match"  # ranking questions: match_timeout_seconds
    bulk = "bulk"  # whole files in or out (imports, exports): bulk_timeout_seconds


@dataclass(frozen=True)
class Rule:
    method: str
    template: str  # "/api/v1/parks/{id}"
    roles: frozenset[Role]
    upstream: str
    check: ObjectCheck | None = None
    # How long to wait for the upstream; unset: `match` for the match service's routes, else `quick`.
    wait_for: Wait | None = None
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    @property
    def wait(self) -> Wait:
        if self.wait_for is not None:
            return self.wait_for
        return Wait.match if self.upstream == MATCH else Wait.quick

    def __post_init__(self) -> None:
        # An id (`{id}`, `{chain_id}`...) is digits, so `/policies/evaluate` is not `/policies/{id}`;
        # any other parameter is one path segment, never "." or ".." (which an upstream would resolve).
        regex = re.sub(r"\\\{(\w+)\\\}", _parameter, re.escape(self.template))
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))

    def authorize(self, principal: Principal, target: Target) -> None:
        """Raise Unauthorized (no key) or Forbidden unless `principal` may make this request."""
        if principal.role not in self.roles:
            if principal.role is Role.anonymous:
                raise Unauthorized(
                    f"{self.method} {self.template} needs an API key (Authorization: Bearer pm_...)"
                )
            raise Forbidden(f"role '{principal.role}' may not {self.method} {self.template}")
        if self.check is not None:
            self.check(principal, target)


class RouteTable:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        seen = {(rule.method, rule.template) for rule in self.rules}
        if len(seen) != len(self.rules):
            raise ValueError("a route table lists a method and template twice")

    def match(self, method: str, path: str) -> tuple[Rule, dict[str, str]]:
        """The rule for this request, with its path parameters; 404 or 405 if there is none."""
        allowed: list[str] = []
        for rule in self.rules:
            found = rule.pattern.match(path)
            if found is None:
                continue
            if rule.method == method or (method == "HEAD" and rule.method == "GET"):
                return rule, found.groupdict()
            allowed.append(rule.method)
        if allowed:
            raise MethodNotAllowed(sorted(set(allowed)))
        raise NotFound(f"no public route {path}", details=[{"field": "path", "reason": "not a public route"}])

    def find(self, method: str, path: str) -> Rule | None:
        try:
            return self.match(method, path)[0]
        except (NotFound, MethodNotAllowed):
            return None

    def find_operation(self, method: str, template: str) -> Rule | None:
        """The rule for an upstream's OpenAPI operation (`/api/v1/parks/{item_id}`), whatever it
        names its parameters (each taken as an id, which fits any parameter)."""
        return self.find(method, re.sub(r"\{\w+\}", "1", template))


class MethodNotAllowed(AppError):
    status_code = 405
    code = "method_not_allowed"

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(
            f"use {', '.join(allowed)} here",
            details=[{"field": "method", "reason": f"allowed: {', '.join(allowed)}"}],
            headers={"Allow": ", ".join(allowed)},
        )


def resource(
    path: str,
    *,
    read: frozenset[Role],
    create: frozenset[Role] = ADMIN,
    update: frozenset[Role] = ADMIN,
    delete: frozenset[Role] = ADMIN,
    upstream: str = CATALOG,
) -> list[Rule]:
    """The five standard endpoints of a catalog resource (see services/catalog/kit/endpoints.py)."""
    item = f"{path}/{{id}}"
    return [
        Rule("GET", path, read, upstream),
        Rule("GET", item, read, upstream),
        Rule("POST", path, create, upstream),
        Rule("PATCH", item, update, upstream),
        Rule("DELETE", item, delete, upstream),
    ]


def readable(path: str, roles: frozenset[Role] = ANYONE) -> list[Rule]:
    """A resource loaded by an importer: list and read only."""
    return [Rule("GET", path, roles, CATALOG), Rule("GET", f"{path}/{{id}}", roles, CATALOG)]


def match_question(kind: str, roles: frozenset[Role], check: ObjectCheck | None = None) -> Rule:
    return Rule("POST", f"/api/v1/match/{kind}", roles, MATCH, check)


V1 = "/api/v1"

MATCH_RULES = [
    match_question("companies-for-node", SIGNED_IN),
    match_question("companies-for-park", OFFICERS, own("park_id")),
    match_question("chain-coverage", ANYONE),
    match_question("parks-for-company", frozenset({Role.admin, Role.enterprise}), own("company_id")),
    match_question("funds-for-company", frozenset({Role.admin, Role.enterprise}), own("company_id")),
    match_question("providers-for-company", frozenset({Role.admin, Role.enterprise}), own("company_id")),
    match_question("companies-for-fund", frozenset({Role.admin, Role.fund}), own("fund_id")),
    match_question("companies-for-provider", frozenset({Role.admin, Role.provider}), own("provider_id")),
    match_question("search", SIGNED_IN),
    match_question("feedback", OFFICERS, own("park_id")),
    Rule("GET", f"{V1}/match/similar/{{entity}}/{{id}}", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/match/companies/{{id}}/nodes", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/match/nodes/{{id}}/members", SIGNED_IN, MATCH),
    # The park evaluation is public, like the parks it reads.
    Rule("GET", f"{V1}/evaluation/parks", ANYONE, MATCH),
    Rule("GET", f"{V1}/evaluation/parks/{{id}}", ANYONE, MATCH),
]


def saved_query_allowed(principal: Principal, target: Target) -> None:
    """A saved search may only repeat a match question its owner may ask (checked again at each run)."""
    body = target.body if isinstance(target.body, Mapping) else {}
    rule = MATCH_TABLE.find("POST", f"{V1}/match/{body.get('kind')}")
    if rule is None:
        return  # not a match question: the catalog refuses the kind with a 422 naming body.kind
    query = body.get("query")
    rule.authorize(
        principal, Target(body=query if isinstance(query, Mapping) else {}, body_path="body.query")
    )


MATCH_TABLE = RouteTable(MATCH_RULES)

# Upstream routes deliberately not public: the change feed is for the match service's follower, the
# match service's status for operators. (The catalog's key verification is hidden from its OpenAPI
# document and refuses all but services.)
INTERNAL_ROUTES = frozenset({("GET", f"{V1}/changes"), ("GET", f"{V1}/match/status")})

PUBLIC_API = RouteTable(
    [
        *resource(f"{V1}/parks", read=ANYONE, update=OFFICERS),
        Rule("POST", f"{V1}/parks/locate", SIGNED_IN, CATALOG),
        *resource(f"{V1}/carriers", read=ANYONE, create=OFFICERS, update=OFFICERS, delete=OFFICERS),
        *resource(f"{V1}/policies", read=ANYONE, create=OFFICERS, update=OFFICERS, delete=OFFICERS),
        Rule("POST", f"{V1}/policies/evaluate", ANYONE, CATALOG),
        Rule("POST", f"{V1}/policies/evaluate/batch", ANYONE, CATALOG),
        *resource(f"{V1}/chains", read=ANYONE),
        Rule("POST", f"{V1}/chains/{{chain_id}}/nodes", ADMIN, CATALOG),
        Rule("PATCH", f"{V1}/chains/{{chain_id}}/nodes/{{id}}", ADMIN, CATALOG),
        Rule("DELETE", f"{V1}/chains/{{chain_id}}/nodes/{{id}}", ADMIN, CATALOG),
        Rule("POST", f"{V1}/chains/{{chain_id}}/edges", ADMIN, CATALOG),
        Rule("PATCH", f"{V1}/chains/{{chain_id}}/edges/{{id}}", ADMIN, CATALOG),
        Rule("DELETE", f"{V1}/chains/{{chain_id}}/edges/{{id}}", ADMIN, CATALOG),
        *readable(f"{V1}/chain-nodes"),
        Rule("GET", f"{V1}/chain-nodes/{{id}}/companies", ANYONE, CATALOG),
        Rule("POST", f"{V1}/chain-nodes/{{id}}/companies", ADMIN, CATALOG),
        Rule("DELETE", f"{V1}/chain-nodes/{{id}}/companies/{{company_id}}", ADMIN, CATALOG),
        *readable(f"{V1}/industries"),
        *resource(f"{V1}/companies", read=SIGNED_IN, update=frozenset({Role.admin, Role.enterprise})),
        Rule("GET", f"{V1}/companies/{{id}}/financials", SIGNED_IN, CATALOG),
        *resource(f"{V1}/supply-links", read=SIGNED_IN),
        *resource(f"{V1}/tenancies", read=SIGNED_IN, create=OFFICERS, update=OFFICERS, delete=OFFICERS),
        *resource(f"{V1}/funds", read=SIGNED_IN, update=frozenset({Role.admin, Role.fund})),
        *resource(f"{V1}/providers", read=SIGNED_IN, update=frozenset({Role.admin, Role.provider})),
        # Leads: a park's pipeline, for its officers alone.
        Rule("GET", f"{V1}/leads", OFFICERS, CATALOG, own("park_id", where="query", required=False)),
        Rule("POST", f"{V1}/leads", OFFICERS, CATALOG, own("park_id")),
        Rule("GET", f"{V1}/leads/{{id}}", OFFICERS, CATALOG),
        Rule("PATCH", f"{V1}/leads/{{id}}", OFFICERS, CATALOG),
        Rule("DELETE", f"{V1}/leads/{{id}}", OFFICERS, CATALOG),
        Rule("GET", f"{V1}/leads/{{id}}/events", OFFICERS, CATALOG),
        # API keys: admins only (verification is a service-only catalog route, not listed).
        Rule("GET", f"{V1}/api-keys", ADMIN, CATALOG),
        Rule("POST", f"{V1}/api-keys", ADMIN, CATALOG),
        Rule("GET", f"{V1}/api-keys/{{id}}", ADMIN, CATALOG),
        Rule("POST", f"{V1}/api-keys/{{id}}/revoke", ADMIN, CATALOG),
        # Saved searches: the catalog keeps each to the key that made it.
        Rule("GET", f"{V1}/saved-searches", SIGNED_IN, CATALOG),
        Rule("POST", f"{V1}/saved-searches", SIGNED_IN, CATALOG, saved_query_allowed),
        Rule("GET", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG),
        # A changed question is checked when it runs (alerts), like every saved question.
        Rule("PATCH", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG),
        Rule("DELETE", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG),
        Rule("POST", f"{V1}/saved-searches/{{id}}/seen", SIGNED_IN, CATALOG),
        # Bulk files: the catalog checks every row against the caller (an officer imports their parks').
        Rule("POST", f"{V1}/imports/{{entity}}", OFFICERS, CATALOG, wait_for=Wait.bulk),
        # An import job is its uploader's (and admins'): the catalog answers 404 to anyone else.
        Rule("GET", f"{V1}/imports/{{job_id}}", OFFICERS, CATALOG),
        Rule("DELETE", f"{V1}/imports/{{job_id}}", OFFICERS, CATALOG),
        Rule("GET", f"{V1}/exports/{{entity}}", SIGNED_IN, CATALOG, wait_for=Wait.bulk),
        # A target list: the items of a companies-for-park answer, each re-read from the catalog.
        Rule("POST", f"{V1}/exports/targets", SIGNED_IN, CATALOG, wait_for=Wait.bulk),
        *MATCH_RULES,
        # Answered by the gateway itself.
        Rule("GET", f"{V1}/me", ANYONE, GATEWAY),
        Rule("GET", f"{V1}/alerts", SIGNED_IN, GATEWAY),
        Rule("GET", f"{V1}/parks/{{id}}/dossier", ANYONE, GATEWAY),
        Rule("GET", f"{V1}/companies/{{id}}/dossier", SIGNED_IN, GATEWAY),
    ]
)
