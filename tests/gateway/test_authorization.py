"""The authorization matrix: every role × every route of the gateway's table × its own and another
tenant's object, through the gateway to the real catalog (and match service: see conftest). Every
answer is asserted; the table below is the spec.

Writes only admins may make are sent to a missing object or with an empty body: the admin's answer
(404 or 422) then comes from the catalog, which shows the gateway let the admin through.
For the match service's questions the matrix asserts who decided: the gateway's refusal by role
(which never reaches the match service), the match service's refusal of another's object (a 401 or
403 that did reach it: the object is checked there alone), or FORWARDED: the request reached it and
was not refused (what it answers is its own tests' business).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from services.gateway.access import MATCH, PUBLIC_API
from tests.gateway.conftest import World, park_body, unique
from tests.gateway.test_resilience import metric_total

ROLES = ("anonymous", "admin", "officer", "enterprise", "fund", "provider")
FORWARDED = 0  # reached the match service (any answer from it)
MISSING = 10**9  # an id nothing has
V1 = "/api/v1"
Body = Callable[[World, str], dict[str, Any]]
Expect = int | tuple[int, int]


def expect(default: Expect = 403, *, anonymous: Expect = 401, **roles: Expect) -> dict[str, tuple[int, int]]:
    """Role -> (answer about the own object, answer about the other's); one number means both."""
    table = {role: roles.get(role, anonymous if role == "anonymous" else default) for role in ROLES}
    return {role: value if isinstance(value, tuple) else (value, value) for role, value in table.items()}


READ_ALL = expect(200, anonymous=200)
READ_SIGNED_IN = expect(200)
MISSING_PUBLIC = expect(404, anonymous=404)
OFFICER_OWN: dict[str, Expect] = {"admin": 201, "officer": (201, 403)}


@dataclass(frozen=True)
class Case:
    method: str
    template: str  # the route template as in the gateway's table
    expected: dict[str, tuple[int, int]]
    kind: str | None = None  # whose id fills {id}: the world's own or other object of this kind
    fresh: bool = False  # {id} is a throwaway object of `kind`, made for this one request
    body: Body | None = None
    query: Body | None = None
    params: dict[str, Any] = field(default_factory=dict)  # other path parameters

    def __str__(self) -> str:
        return f"{self.method} {self.template}"

    def path(self, world: World, obj: str) -> str:
        values = dict(self.params)
        if self.kind is not None:
            values["id"] = make_fresh(world, self.kind, obj) if self.fresh else world.ids[self.kind][obj]
        return self.template.format(**values)


def make_fresh(w: World, kind: str, obj: str) -> int:
    park = w.ids["park"][obj]
    headers = w.admin
    if kind == "park":
        path, body = "/parks", park_body()
    elif kind in {"company", "fund"}:
        path, body = f"/{'companies' if kind == 'company' else 'funds'}", {"name": unique(kind)}
    elif kind == "provider":
        path, body = "/providers", {"name": unique(kind), "category": "ip"}
    elif kind == "carrier":
        path, body = "/carriers", {"park_id": park, "name": unique("楼"), "kind": "office"}
    elif kind == "tenancy":
        path, body = (
            "/tenancies",
            {"park_id": park, "company_id": make_fresh(w, "company", obj), "kind": "virtual"},
        )
    elif kind == "investment":
        path, body = "/investments", investment_body(w, obj)
    elif kind == "lead":
        path, body = "/leads", {"park_id": park, "company_id": make_fresh(w, "company", obj)}
    elif kind == "policy":
        path, body = "/policies", policy_body(park)
    elif kind == "api_key":
        path, body = "/api-keys", {"name": unique("k"), "role": "admin"}
    else:
        assert kind == "saved_search"
        path, body = "/saved-searches", saved_search_body(w, obj)
        headers = w.keys["officer" if obj == "own" else "enterprise"]
    created: int = w.create(V1 + path, body, headers)["id"]
    return created


def policy_body(park_id: int) -> dict[str, Any]:
    return {
        "scope": "park",
        "park_id": park_id,
        "title": unique("房租补贴"),
        "category": "rent",
        "benefit": {"kind": "fixed", "amount_yuan": 100000},
    }


def investment_body(w: World, obj: str) -> dict[str, Any]:
    """A round of the own or other fund in a company of its own (so that no two are the same round)."""
    company = make_fresh(w, "company", obj)
    return {
        "fund_id": w.ids["fund"][obj],
        "company_id": company,
        "round": "seed",
        "invested_on": "2019-05-05",
    }


def saved_search_body(w: World, obj: str) -> dict[str, Any]:
    """The officer's question about their park (own), or the enterprise's about its company (other)."""
    if obj == "own":
        return {"name": unique("s"), "kind": "companies-for-park", "query": {"park_id": w.ids["park"]["own"]}}
    return {
        "name": unique("s"),
        "kind": "parks-for-company",
        "query": {"company_id": w.ids["company"]["own"]},
    }


def of(id_field: str, kind: str, **extra: Any) -> Body:
    """A body naming the own or other object of `kind`, plus fixed fields."""
    return lambda w, obj: {id_field: w.ids[kind][obj], **extra}


def in_park(extra: Callable[[World], dict[str, Any]]) -> Body:
    return lambda w, obj: {"park_id": w.ids["park"][obj], **extra(w)}


def versioned(kind: str, collection: str, **changes: Any) -> Body:
    """An update based on the object's current version (read by the admin just before)."""
    return lambda w, obj: {"version": w.version(f"{V1}/{collection}/{w.ids[kind][obj]}"), **changes}


def empty(w: World, obj: str) -> dict[str, Any]:
    return {}


def new_company(w: World) -> dict[str, Any]:
    return {"company_id": make_fresh(w, "company", "own")}


CASES = [
    # Parks: public reads; officers edit their own parks; admins add and remove parks.
    Case("GET", V1 + "/parks", READ_ALL),
    Case("GET", V1 + "/parks/{id}", READ_ALL, "park"),
    Case("POST", V1 + "/parks", expect(admin=201), body=lambda w, obj: park_body()),
    Case(
        "PATCH",
        V1 + "/parks/{id}",
        expect(admin=200, officer=(200, 403)),
        "park",
        body=versioned("park", "parks", description="x"),
    ),
    Case("DELETE", V1 + "/parks/{id}", expect(admin=204), "park", fresh=True),
    Case(
        "POST",
        V1 + "/parks/locate",
        READ_SIGNED_IN,
        body=lambda w, obj: {"address": "江苏省苏州工业园区星湖街1号"},
    ),
    # Carriers, policies, tenancies: public (tenancies: with a key); officers write their parks' only.
    Case("GET", V1 + "/carriers", READ_ALL),
    Case("GET", V1 + "/carriers/{id}", READ_ALL, "carrier"),
    Case(
        "POST",
        V1 + "/carriers",
        expect(**OFFICER_OWN),
        body=in_park(lambda w: {"name": unique("楼"), "kind": "lab"}),
    ),
    Case(
        "PATCH",
        V1 + "/carriers/{id}",
        expect(admin=200, officer=(200, 403)),
        "carrier",
        body=versioned("carrier", "carriers", description="x"),
    ),
    Case("DELETE", V1 + "/carriers/{id}", expect(admin=204, officer=(204, 403)), "carrier", fresh=True),
    Case("GET", V1 + "/policies", READ_ALL),
    Case("GET", V1 + "/policies/{id}", READ_ALL, "policy"),
    Case(
        "POST", V1 + "/policies", expect(**OFFICER_OWN), body=lambda w, obj: policy_body(w.ids["park"][obj])
    ),
    Case(
        "PATCH",
        V1 + "/policies/{id}",
        expect(admin=200, officer=(200, 403)),
        "policy",
        body=versioned("policy", "policies", issuer="管委会"),
    ),
    Case("DELETE", V1 + "/policies/{id}", expect(admin=204, officer=(204, 403)), "policy", fresh=True),
    Case("POST", V1 + "/policies/evaluate", READ_ALL, body=of("park_id", "park", company_id=1)),
    Case(
        "POST",
        V1 + "/policies/evaluate/batch",
        READ_ALL,
        body=lambda w, obj: {"park_ids": [w.ids["park"][obj]], "company_id": 1},
    ),
    Case("GET", V1 + "/tenancies", READ_SIGNED_IN),
    Case("GET", V1 + "/tenancies/{id}", READ_SIGNED_IN, "tenancy"),
    Case(
        "POST",
        V1 + "/tenancies",
        expect(**OFFICER_OWN),
        body=in_park(lambda w: {**new_company(w), "kind": "virtual"}),
    ),
    Case(
        "PATCH",
        V1 + "/tenancies/{id}",
        expect(admin=200, officer=(200, 403)),
        "tenancy",
        body=versioned("tenancy", "tenancies", area_m2=100),
    ),
    Case("DELETE", V1 + "/tenancies/{id}", expect(admin=204, officer=(204, 403)), "tenancy", fresh=True),
    # Chains and industries: public reference data, written by admins.
    Case("GET", V1 + "/chains", READ_ALL),
    Case("GET", V1 + "/chains/{id}", MISSING_PUBLIC, params={"id": MISSING}),
    Case("POST", V1 + "/chains", expect(admin=422), body=empty),
    Case("PATCH", V1 + "/chains/{id}", expect(admin=422), params={"id": MISSING}, body=empty),
    Case("DELETE", V1 + "/chains/{id}", expect(admin=404), params={"id": MISSING}),
    Case(
        "POST", V1 + "/chains/{chain_id}/nodes", expect(admin=422), params={"chain_id": MISSING}, body=empty
    ),
    Case(
        "PATCH",
        V1 + "/chains/{chain_id}/nodes/{id}",
        expect(admin=422),
        params={"chain_id": MISSING, "id": MISSING},
        body=empty,
    ),
    Case(
        "DELETE",
        V1 + "/chains/{chain_id}/nodes/{id}",
        expect(admin=404),
        params={"chain_id": MISSING, "id": MISSING},
    ),
    Case(
        "POST", V1 + "/chains/{chain_id}/edges", expect(admin=422), params={"chain_id": MISSING}, body=empty
    ),
    Case(
        "PATCH",
        V1 + "/chains/{chain_id}/edges/{id}",
        expect(admin=422),
        params={"chain_id": MISSING, "id": MISSING},
        body=empty,
    ),
    Case(
        "DELETE",
        V1 + "/chains/{chain_id}/edges/{id}",
        expect(admin=404),
        params={"chain_id": MISSING, "id": MISSING},
    ),
    Case("GET", V1 + "/chain-nodes", READ_ALL),
    Case("GET", V1 + "/chain-nodes/{id}", MISSING_PUBLIC, params={"id": MISSING}),
    Case("GET", V1 + "/chain-nodes/{id}/companies", MISSING_PUBLIC, params={"id": MISSING}),
    Case("POST", V1 + "/chain-nodes/{id}/companies", expect(admin=422), params={"id": MISSING}, body=empty),
    Case(
        "DELETE",
        V1 + "/chain-nodes/{id}/companies/{company_id}",
        expect(admin=404),
        params={"id": MISSING, "company_id": MISSING},
    ),
    Case("GET", V1 + "/industries", READ_ALL),
    Case("GET", V1 + "/industries/{id}", MISSING_PUBLIC, params={"id": MISSING}),
    # Companies, funds, providers: read with a key; each edits itself; admins add and remove them.
    Case("GET", V1 + "/companies", READ_SIGNED_IN),
    Case("GET", V1 + "/companies/{id}", READ_SIGNED_IN, "company"),
    Case("GET", V1 + "/companies/{id}/financials", READ_SIGNED_IN, "company"),
    Case("POST", V1 + "/companies", expect(admin=201), body=lambda w, obj: {"name": unique("企业")}),
    Case(
        "PATCH",
        V1 + "/companies/{id}",
        expect(admin=200, enterprise=(200, 403)),
        "company",
        body=versioned("company", "companies", description="x"),
    ),
    Case("DELETE", V1 + "/companies/{id}", expect(admin=204), "company", fresh=True),
    Case("GET", V1 + "/funds", READ_SIGNED_IN),
    Case("GET", V1 + "/funds/{id}", READ_SIGNED_IN, "fund"),
    Case("POST", V1 + "/funds", expect(admin=201), body=lambda w, obj: {"name": unique("基金")}),
    Case(
        "PATCH",
        V1 + "/funds/{id}",
        expect(admin=200, fund=(200, 403)),
        "fund",
        body=versioned("fund", "funds", thesis="x"),
    ),
    Case("DELETE", V1 + "/funds/{id}", expect(admin=204), "fund", fresh=True),
    # Investments: read with a key; a fund records its own fund's, admins any fund's.
    Case("GET", V1 + "/investments", READ_SIGNED_IN),
    Case("GET", V1 + "/investments/{id}", READ_SIGNED_IN, "investment"),
    Case("POST", V1 + "/investments", expect(admin=201, fund=(201, 403)), body=investment_body),
    Case(
        "PATCH",
        V1 + "/investments/{id}",
        expect(admin=200, fund=(200, 403)),
        "investment",
        body=versioned("investment", "investments", note="x"),
    ),
    Case("DELETE", V1 + "/investments/{id}", expect(admin=204, fund=(204, 403)), "investment", fresh=True),
    Case("GET", V1 + "/funds/{id}/portfolio", READ_SIGNED_IN, "fund"),
    # Which of a park's tenants funds hold: the park's own officers and admins.
    Case("GET", V1 + "/parks/{id}/fund-holdings", expect(admin=200, officer=(200, 403)), "park"),
    Case("GET", V1 + "/providers", READ_SIGNED_IN),
    Case("GET", V1 + "/providers/{id}", READ_SIGNED_IN, "provider"),
    Case(
        "POST",
        V1 + "/providers",
        expect(admin=201),
        body=lambda w, obj: {"name": unique("所"), "category": "hr"},
    ),
    Case(
        "PATCH",
        V1 + "/providers/{id}",
        expect(admin=200, provider=(200, 403)),
        "provider",
        body=versioned("provider", "providers", description="x"),
    ),
    Case("DELETE", V1 + "/providers/{id}", expect(admin=204), "provider", fresh=True),
    Case("GET", V1 + "/supply-links", READ_SIGNED_IN),
    Case("GET", V1 + "/supply-links/{id}", expect(404), params={"id": MISSING}),
    Case("POST", V1 + "/supply-links", expect(admin=422), body=empty),
    Case("PATCH", V1 + "/supply-links/{id}", expect(admin=422), params={"id": MISSING}, body=empty),
    Case("DELETE", V1 + "/supply-links/{id}", expect(admin=404), params={"id": MISSING}),
    # Bulk files: officers and admins import (the catalog checks each row; no file here: 422).
    Case(
        "POST",
        V1 + "/imports/{entity}",
        expect(admin=422, officer=422),
        params={"entity": "carriers"},
        body=empty,
    ),
    Case("GET", V1 + "/imports/jobs/{job_id}", expect(admin=404, officer=404), params={"job_id": MISSING}),
    Case("DELETE", V1 + "/imports/jobs/{job_id}", expect(admin=404, officer=404), params={"job_id": MISSING}),
    Case("GET", V1 + "/exports/{entity}", READ_SIGNED_IN, params={"entity": "parks"}),
    Case("POST", V1 + "/exports", expect(422), body=empty),
    # Leads: a park's pipeline is its officers' alone (another park's lead does not exist for them:
    # listing another park's leads gives an empty list, as the catalog scopes it).
    Case("GET", V1 + "/leads", expect(admin=200, officer=200), query=of("park_id", "park")),
    Case("GET", V1 + "/leads/{id}", expect(admin=200, officer=(200, 404)), "lead"),
    Case("POST", V1 + "/leads", expect(**OFFICER_OWN), body=in_park(new_company)),
    Case(
        "PATCH",
        V1 + "/leads/{id}",
        expect(admin=200, officer=(200, 404)),
        "lead",
        body=versioned("lead", "leads", notes="x"),
    ),
    Case("DELETE", V1 + "/leads/{id}", expect(admin=204, officer=(204, 404)), "lead", fresh=True),
    Case("GET", V1 + "/leads/{id}/events", expect(admin=200, officer=(200, 404)), "lead"),
    # API keys: admins only.
    Case("GET", V1 + "/api-keys", expect(admin=200)),
    Case(
        "POST",
        V1 + "/api-keys",
        expect(admin=201),
        body=lambda w, obj: {"name": unique("k"), "role": "admin"},
    ),
    Case("GET", V1 + "/api-keys/{id}", expect(admin=200), "api_key", fresh=True),
    Case("POST", V1 + "/api-keys/{id}/revoke", expect(admin=200), "api_key", fresh=True),
    # Saved searches: the own one is the officer's, the other the enterprise's; others see neither.
    Case("GET", V1 + "/saved-searches", READ_SIGNED_IN),
    Case(
        "GET",
        V1 + "/saved-searches/{id}",
        expect(404, admin=200, officer=(200, 404), enterprise=(404, 200)),
        "saved_search",
    ),
    Case(
        "PATCH",
        V1 + "/saved-searches/{id}",
        expect(404, admin=200, officer=(200, 404), enterprise=(404, 200)),
        "saved_search",
        body=versioned("saved_search", "saved-searches", name="新名字"),
    ),
    Case(
        "POST",
        V1 + "/saved-searches/{id}/seen",
        expect(404, admin=200, officer=(200, 404), enterprise=(404, 200)),
        "saved_search",
        body=lambda w, obj: {
            "version": w.version(f"{V1}/saved-searches/{w.ids['saved_search'][obj]}"),
            "result_ids": [1],
        },
    ),
    Case(
        "DELETE",
        V1 + "/saved-searches/{id}",
        expect(404, admin=204, officer=(204, 404), enterprise=(404, 204)),
        "saved_search",
        fresh=True,
    ),
    # Saving a question is checked like asking it: companies-for-park is for the park's officers.
    Case(
        "POST",
        V1 + "/saved-searches",
        expect(**OFFICER_OWN),
        body=lambda w, obj: {
            "name": "s",
            "kind": "companies-for-park",
            "query": {"park_id": w.ids["park"][obj]},
        },
    ),
    # Match questions: who may ask about which park, company, fund or provider.
    Case(
        "POST",
        V1 + "/match/companies-for-park",
        expect(admin=FORWARDED, officer=(FORWARDED, 403)),
        body=of("park_id", "park", limit=5),
    ),
    Case(
        "POST",
        V1 + "/match/parks-for-company",
        expect(admin=FORWARDED, enterprise=(FORWARDED, 403)),
        body=of("company_id", "company", limit=5),
    ),
    Case(
        "POST",
        V1 + "/match/funds-for-company",
        expect(admin=FORWARDED, enterprise=(FORWARDED, 403)),
        body=of("company_id", "company"),
    ),
    Case(
        "POST",
        V1 + "/match/providers-for-company",
        expect(admin=FORWARDED, enterprise=(FORWARDED, 403)),
        body=of("company_id", "company"),
    ),
    Case(
        "POST",
        V1 + "/match/companies-for-fund",
        expect(admin=FORWARDED, fund=(FORWARDED, 403)),
        body=of("fund_id", "fund"),
    ),
    Case(
        "POST",
        V1 + "/match/companies-for-provider",
        expect(admin=FORWARDED, provider=(FORWARDED, 403)),
        body=of("provider_id", "provider"),
    ),
    Case(
        "POST",
        V1 + "/match/feedback",
        expect(admin=FORWARDED, officer=(FORWARDED, 403)),
        body=of("park_id", "park", company_id=1, relevant=True),
    ),
    Case("POST", V1 + "/match/companies-for-node", expect(FORWARDED), body=lambda w, obj: {"node_id": 1}),
    Case("POST", V1 + "/match/search", expect(FORWARDED), body=lambda w, obj: {"q": "储能"}),
    Case(
        "GET",
        V1 + "/match/similar/{entity}/{id}",
        expect(FORWARDED),
        "company",
        params={"entity": "companies"},
    ),
    Case("GET", V1 + "/match/companies/{id}/nodes", expect(FORWARDED), "company"),
    Case("GET", V1 + "/match/nodes/{id}/members", expect(FORWARDED), "company"),
    Case(
        "POST",
        V1 + "/match/chain-coverage",
        expect(FORWARDED, anonymous=FORWARDED),
        body=of("park_id", "park"),
    ),
    Case("GET", V1 + "/evaluation/tracks", expect(FORWARDED, anonymous=FORWARDED)),
    Case("GET", V1 + "/evaluation/parks", expect(FORWARDED, anonymous=FORWARDED)),
    Case("GET", V1 + "/evaluation/parks/{id}", expect(FORWARDED, anonymous=FORWARDED), "park"),
    Case(
        "GET",
        V1 + "/evaluation/parks/{id}/benchmark",
        expect(FORWARDED, anonymous=FORWARDED),
        "park",
        query=lambda w, obj: {"track": "未来能源"},
    ),
    Case("GET", V1 + "/evaluation/parks/{id}/fund-prospects", expect(FORWARDED), "park"),
    Case("GET", V1 + "/evaluation/companies", expect(FORWARDED)),
    Case("GET", V1 + "/evaluation/companies/{id}", expect(FORWARDED), "company"),
    # The gateway's own routes.
    Case("GET", V1 + "/me", READ_ALL),
    Case("GET", V1 + "/alerts", READ_SIGNED_IN),
    Case("GET", V1 + "/parks/{id}/dossier", READ_ALL, "park"),
    Case("GET", V1 + "/companies/{id}/dossier", READ_SIGNED_IN, "company"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_matrix(world: World, case: Case) -> None:
    answers: dict[str, tuple[int, int]] = {}
    for role in ROLES:
        statuses = []
        for obj in ("own", "other"):
            asks_match = upstream_of(case) == MATCH
            calls_before = match_calls(world) if asks_match else 0
            response = world.client.request(
                case.method,
                case.path(world, obj),
                json=case.body(world, obj) if case.body else None,
                params=case.query(world, obj) if case.query else None,
                headers=world.keys[role],
            )
            if response.status_code >= 400:
                error = response.json()["error"]
                assert error["request_id"] == response.headers["x-request-id"], response.text
            reached_match = asks_match and match_calls(world) > calls_before
            refused = response.status_code in (401, 403)
            statuses.append(FORWARDED if reached_match and not refused else response.status_code)
        answers[role] = (statuses[0], statuses[1])
    assert answers == case.expected


def upstream_of(case: Case) -> str:
    rule = next(r for r in PUBLIC_API.rules if (r.method, r.template) == (case.method, case.template))
    return rule.upstream


def match_calls(world: World) -> float:
    return metric_total(world.client, "gateway_upstream_request_duration_seconds_count", upstream="match")


def test_the_matrix_covers_every_rule() -> None:
    assert sorted({(case.method, case.template) for case in CASES}) == sorted(
        (rule.method, rule.template) for rule in PUBLIC_API.rules
    )


def test_company_needs_are_the_company_s_own(world: World) -> None:
    own, other = world.ids["company"]["own"], world.ids["company"]["other"]
    read = world.client.get
    assert read(f"{V1}/companies/{own}", headers=world.keys["enterprise"]).json()["needs"]["space_m2"] == 800
    assert read(f"{V1}/companies/{other}", headers=world.keys["enterprise"]).json()["needs"] is None
    assert read(f"{V1}/companies/{other}", headers=world.keys["officer"]).json()["needs"] is None
    assert read(f"{V1}/companies/{other}", headers=world.admin).json()["needs"]["space_m2"] == 800
