"""Who may do what: the gateway's route table (route template × method → roles allowed, upstream,
and which service checks the object a request names). A path not in the table is not public: the
gateway answers 404 and never forwards it (so internal routes like the change feed and key
verification stay internal).

Each route's rule is declared once. The gateway authenticates, checks the role here and forwards the
principal; whether the caller may act on the object ("this park is yours") is checked once, by the
service that owns the object (`Rule.objects`): the catalog's scoped repositories, the match service
for questions about one object (shared/principal.py QUESTION_SUBJECTS).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared.errors import AppError, Forbidden, NotFound, Unauthorized, ValidationFailed
from shared.principal import QUESTION_SUBJECTS, Principal, Role, require_acts_for

CATALOG = "catalog"
MATCH = "match"
GATEWAY = "gateway"  # answered by the gateway itself (dossiers, alerts, me)

ANYONE = frozenset(Role) - {Role.service}
SIGNED_IN = ANYONE - {Role.anonymous}
ADMIN = frozenset({Role.admin})
OFFICERS = frozenset({Role.admin, Role.officer})
FUNDS = frozenset({Role.admin, Role.fund})


# A check of a request's JSON body (None if it has none or it is not JSON) before it is forwarded.
BodyCheck = Callable[[Principal, Any], None]


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


# An id (`{id}`, `{job_id}`...) is an integer (the upstream refuses one below 1); any other parameter
# is a name: lowercase letters and hyphens, as the upstreams' documents say (`/exports/parks` is an
# entity; `/policies/evaluate` is not `/policies/{id}`). A loosely matched
# parameter is still never "." or ".." (which an upstream would resolve).
_NOT_DOTS = r"(?!\.\.?(?:/|$))"
_SHAPES = {True: r"-?[0-9]+", False: r"[a-z][a-z-]*"}


def _fits(name: str, value: str) -> bool:
    return re.fullmatch(_SHAPES[_is_id(name)], value) is not None


def _template_regex(template: str, shaped: bool) -> re.Pattern[str]:
    """The template's paths: each parameter of its shape, or (not `shaped`) any segment but dots."""

    def parameter(found: re.Match[str]) -> str:
        name = found.group(1)
        return f"(?P<{name}>{_SHAPES[_is_id(name)] if shaped else _NOT_DOTS + '[^/]+'})"

    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", parameter, re.escape(template)) + "$")


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
    # The service that checks the caller's right to the object the request names (None: the role
    # alone decides, or the answer is scoped to the caller without naming an object).
    objects: str | None = None
    check: BodyCheck | None = None
    # How long to wait for the upstream; unset: `match` for the match service's routes, else `quick`.
    wait_for: Wait | None = None
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # Its paths with any segment for each parameter: a path that fits it but for a parameter's shape.
    loose: re.Pattern[str] = field(init=False, repr=False, compare=False)

    @property
    def wait(self) -> Wait:
        if self.wait_for is not None:
            return self.wait_for
        return Wait.match if self.upstream == MATCH else Wait.quick

    @property
    def parameters(self) -> int:
        return self.template.count("{")

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _template_regex(self.template, shaped=True))
        object.__setattr__(self, "loose", _template_regex(self.template, shaped=False))

    def serves(self, method: str) -> bool:
        return self.method == method or (method == "HEAD" and self.method == "GET")

    def authorize(self, principal: Principal, body: Any = None) -> None:
        """Raise Unauthorized (no key) or Forbidden unless `principal`'s role may make this request
        (and its body passes the rule's check); the object is checked by the service `objects` names."""
        if principal.role not in self.roles:
            if principal.role is Role.anonymous:
                raise Unauthorized(
                    f"{self.method} {self.template} needs an API key (Authorization: Bearer pm_...)"
                )
            raise Forbidden(f"role '{principal.role}' may not {self.method} {self.template}")
        if self.check is not None:
            self.check(principal, body)


class RouteTable:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        seen = {(rule.method, rule.template) for rule in self.rules}
        if len(seen) != len(self.rules):
            raise ValueError("a route table lists a method and template twice")

    def match(self, method: str, path: str) -> tuple[Rule, dict[str, str]]:
        """The rule for this request, with its path parameters. Where templates overlap, the one with
        the fewest parameters wins (a literal segment over a parameter); a path they fit but
        not for this method is a 405 with the methods they allow. A path no template fits but for a
        parameter's shape is a 422 naming the parameter, if a route of this method has it; else 404."""
        fitting = [(rule, found) for rule in self.rules if (found := rule.pattern.match(path))]
        fewest = min((rule.parameters for rule, _ in fitting), default=None)
        fitting = [(rule, found) for rule, found in fitting if rule.parameters == fewest]
        for rule, found in fitting:
            if rule.serves(method):
                return rule, found.groupdict()
        if fitting:
            raise MethodNotAllowed(sorted({rule.method for rule, _ in fitting}))
        for rule in self.rules:
            loosely = rule.loose.match(path) if rule.serves(method) else None
            if loosely is not None:
                name = next(name for name, value in loosely.groupdict().items() if not _fits(name, value))
                reason = (
                    "an integer id is required"
                    if _is_id(name)
                    else "a name (lowercase letters, -) is required"
                )
                raise ValidationFailed.field(f"path.{name}", reason)
        raise NotFound(f"no public route {path}", details=[{"field": "path", "reason": "not a public route"}])

    def find(self, method: str, path: str) -> Rule | None:
        try:
            return self.match(method, path)[0]
        except (NotFound, MethodNotAllowed, ValidationFailed):
            return None

    def find_operation(self, method: str, template: str) -> Rule | None:
        """The rule for an upstream's OpenAPI operation (`/api/v1/parks/{item_id}`), whatever it
        names its parameters (an id taken as 1, any other parameter as a name)."""
        return self.find(
            method, re.sub(r"\{(\w+)\}", lambda found: "1" if _is_id(found.group(1)) else "x", template)
        )


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
) -> list[Rule]:
    """The five standard endpoints of a catalog resource (see services/catalog/kit/endpoints.py);
    a write others than admins may make is checked against its object by the catalog's repository."""
    item = f"{path}/{{id}}"

    def write(method: str, template: str, roles: frozenset[Role]) -> Rule:
        return Rule(method, template, roles, CATALOG, objects=None if roles == ADMIN else CATALOG)

    return [
        Rule("GET", path, read, CATALOG),
        Rule("GET", item, read, CATALOG),
        write("POST", path, create),
        write("PATCH", item, update),
        write("DELETE", item, delete),
    ]


def readable(path: str, roles: frozenset[Role] = ANYONE) -> list[Rule]:
    """A resource loaded by an importer: list and read only."""
    return [Rule("GET", path, roles, CATALOG), Rule("GET", f"{path}/{{id}}", roles, CATALOG)]


def match_question(kind: str, roles: frozenset[Role]) -> Rule:
    """A question to the match service; one about a single object is checked against it there."""
    objects = MATCH if kind in QUESTION_SUBJECTS else None
    return Rule("POST", f"/api/v1/match/{kind}", roles, MATCH, objects=objects)


V1 = "/api/v1"

MATCH_RULES = [
    match_question("companies-for-node", SIGNED_IN),
    match_question("companies-for-park", OFFICERS),
    match_question("chain-coverage", ANYONE),
    match_question("parks-for-company", frozenset({Role.admin, Role.enterprise})),
    match_question("funds-for-company", frozenset({Role.admin, Role.enterprise})),
    match_question("providers-for-company", frozenset({Role.admin, Role.enterprise})),
    match_question("companies-for-fund", frozenset({Role.admin, Role.fund})),
    match_question("companies-for-provider", frozenset({Role.admin, Role.provider})),
    match_question("search", SIGNED_IN),
    match_question("feedback", OFFICERS),
    Rule("GET", f"{V1}/match/similar/{{entity}}/{{id}}", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/match/companies/{{id}}/nodes", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/match/nodes/{{id}}/members", SIGNED_IN, MATCH),
    # The park evaluation is public, like the parks it reads, and so is what its tracks count.
    Rule("GET", f"{V1}/evaluation/tracks", ANYONE, MATCH),
    Rule("GET", f"{V1}/evaluation/parks", ANYONE, MATCH),
    Rule("GET", f"{V1}/evaluation/parks/{{id}}", ANYONE, MATCH),
    Rule("GET", f"{V1}/evaluation/parks/{{id}}/benchmark", ANYONE, MATCH),
    Rule("GET", f"{V1}/evaluation/parks/{{id}}/fund-prospects", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/evaluation/companies", SIGNED_IN, MATCH),
    Rule("GET", f"{V1}/evaluation/companies/{{id}}", SIGNED_IN, MATCH),
]


def saved_query_allowed(principal: Principal, body: Any) -> None:
    """A saved search may only repeat a match question its owner may ask: its role by the table, its
    object by the questions' one rule (both checked again at each run, the object by the match service)."""
    body = body if isinstance(body, Mapping) else {}
    kind = body.get("kind")
    rule = MATCH_TABLE.find("POST", f"{V1}/match/{kind}")
    if rule is None:
        return  # not a match question: the catalog refuses the kind with a 422 naming body.kind
    rule.authorize(principal)
    query = body.get("query")
    require_acts_for(principal, str(kind), query if isinstance(query, Mapping) else {}, "body.query")


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
        *resource(f"{V1}/funds", read=SIGNED_IN, update=FUNDS),
        # A fund's account records its own fund's investments (the catalog checks the fund is theirs).
        *resource(f"{V1}/investments", read=SIGNED_IN, create=FUNDS, update=FUNDS, delete=FUNDS),
        Rule("GET", f"{V1}/funds/{{id}}/portfolio", SIGNED_IN, CATALOG),
        # Which of a park's tenants funds hold: the park's officers (checked by the catalog) and admins.
        Rule("GET", f"{V1}/parks/{{id}}/fund-holdings", OFFICERS, CATALOG, objects=CATALOG),
        *resource(f"{V1}/providers", read=SIGNED_IN, update=frozenset({Role.admin, Role.provider})),
        # Leads: a park's pipeline, for its officers alone.
        Rule("GET", f"{V1}/leads", OFFICERS, CATALOG, objects=CATALOG),
        Rule("POST", f"{V1}/leads", OFFICERS, CATALOG, objects=CATALOG),
        Rule("GET", f"{V1}/leads/{{id}}", OFFICERS, CATALOG, objects=CATALOG),
        Rule("PATCH", f"{V1}/leads/{{id}}", OFFICERS, CATALOG, objects=CATALOG),
        Rule("DELETE", f"{V1}/leads/{{id}}", OFFICERS, CATALOG, objects=CATALOG),
        Rule("GET", f"{V1}/leads/{{id}}/events", OFFICERS, CATALOG, objects=CATALOG),
        # API keys: admins only (verification is a service-only catalog route, not listed).
        Rule("GET", f"{V1}/api-keys", ADMIN, CATALOG),
        Rule("POST", f"{V1}/api-keys", ADMIN, CATALOG),
        Rule("GET", f"{V1}/api-keys/{{id}}", ADMIN, CATALOG),
        Rule("POST", f"{V1}/api-keys/{{id}}/revoke", ADMIN, CATALOG),
        # Saved searches: the catalog keeps each to the key that made it.
        Rule("GET", f"{V1}/saved-searches", SIGNED_IN, CATALOG),
        Rule("POST", f"{V1}/saved-searches", SIGNED_IN, CATALOG, check=saved_query_allowed),
        Rule("GET", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG, objects=CATALOG),
        # A changed question is checked when it runs (alerts), like every saved question.
        Rule("PATCH", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG, objects=CATALOG),
        Rule("DELETE", f"{V1}/saved-searches/{{id}}", SIGNED_IN, CATALOG, objects=CATALOG),
        Rule("POST", f"{V1}/saved-searches/{{id}}/seen", SIGNED_IN, CATALOG, objects=CATALOG),
        # Bulk files: the catalog checks every row against the caller (an officer imports their parks').
        Rule("POST", f"{V1}/imports/{{entity}}", OFFICERS, CATALOG, objects=CATALOG, wait_for=Wait.bulk),
        # An import job is its uploader's (and admins'): the catalog answers 404 to anyone else.
        Rule("GET", f"{V1}/imports/jobs/{{job_id}}", OFFICERS, CATALOG, objects=CATALOG),
        Rule("DELETE", f"{V1}/imports/jobs/{{job_id}}", OFFICERS, CATALOG, objects=CATALOG),
        Rule("GET", f"{V1}/exports/{{entity}}", SIGNED_IN, CATALOG, wait_for=Wait.bulk),
        # A target list: the items of a companies-for-park answer, each re-read from the catalog.
        Rule("POST", f"{V1}/exports", SIGNED_IN, CATALOG, wait_for=Wait.bulk),
        *MATCH_RULES,
        # Answered by the gateway itself.
        Rule("GET", f"{V1}/me", ANYONE, GATEWAY),
        Rule("GET", f"{V1}/alerts", SIGNED_IN, GATEWAY),
        Rule("GET", f"{V1}/parks/{{id}}/dossier", ANYONE, GATEWAY),
        Rule("GET", f"{V1}/companies/{{id}}/dossier", SIGNED_IN, GATEWAY),
    ]
)
