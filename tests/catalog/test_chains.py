from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.catalog.test_companies import create_company
from tests.catalog.test_policies import create_policy
from tests.conftest import ADMIN, enterprise_of, officer_of, unique

CHAINS = "/api/v1/chains"
NODES = "/api/v1/chain-nodes"


def node(key: str, level: str, parent_key: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": fields.pop("name", f"环节{key}"),
        "level": level,
        "parent_key": parent_key,
        **fields,
    }


def chain_body(**overrides: Any) -> dict[str, Any]:
    """光伏 (photovoltaic): two segments, three sub-segments, four nodes, two edges."""
    body: dict[str, Any] = {
        "code": unique("pv-"),
        "name": "光伏产业链",
        "description": "从多晶硅到电站",
        "source": "strategic_chains_28.csv",
        "nodes": [
            node("up", "segment", name="上游：硅料", stage="upstream"),
            node("mid", "segment", name="中游：电池组件", stage="midstream"),
            node("up.si", "sub_segment", "up", name="硅材料"),
            node("mid.cell", "sub_segment", "mid", name="电池片"),
            node("mid.module", "sub_segment", "mid", name="组件", stage="downstream"),
            node(
                "poly",
                "node",
                "up.si",
                name="多晶硅",
                keywords=["polysilicon", "硅料"],
                industry_codes=["3985"],
            ),
            node("wafer", "node", "up.si", name="硅片", representative_names=["隆基绿能（LONGi）"]),
            node("perc", "node", "mid.cell", name="PERC电池"),
            node("module", "node", "mid.module", name="光伏组件"),
        ],
        "edges": [
            {"supplier_key": "poly", "buyer_key": "wafer", "product": "多晶硅料", "confidence": 0.9},
            {"supplier_key": "wafer", "buyer_key": "perc", "product": "单晶硅片"},
        ],
    }
    body.update(overrides)
    return body


def create_chain(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post(CHAINS, json=chain_body(**overrides), headers=ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def keyed(chain: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["key"]: n for n in chain["nodes"]}


def without_times(value: Any) -> Any:
    """SQLite hands back timestamps without their zone; compare everything else."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in ("created_at", "updated_at")}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def error_field(response: Any, status: int = 422) -> str:
    assert response.status_code == status, response.text
    field: str = response.json()["error"]["details"][0]["field"]
    return field


def changes_since(client: TestClient, seq: int, entity: str) -> list[tuple[int, str]]:
    feed = client.get("/api/v1/changes", params={"after": seq, "entity": entity, "limit": 5000}).json()
    return [(c["entity_id"], c["op"]) for c in feed["items"]]


def last_seq(client: TestClient) -> int:
    seq: int = client.get("/api/v1/changes", params={"limit": 1}).json()["last_seq"]
    return seq


# --- chains ------------------------------------------------------------------------------------


def test_create_a_chain_with_its_nodes_and_edges(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    nodes = keyed(chain)
    assert [n["key"] for n in chain["nodes"]] == [n["key"] for n in chain_body()["nodes"]]  # by position
    assert nodes["up"]["parent_id"] is None and nodes["up.si"]["parent_id"] == nodes["up"]["id"]
    assert nodes["poly"]["parent_id"] == nodes["up.si"]["id"] and nodes["poly"]["level"] == "node"
    assert nodes["poly"]["stage"] == "upstream" and nodes["perc"]["stage"] == "midstream"  # inherited
    assert nodes["module"]["stage"] == "downstream"  # its sub-segment said so
    assert nodes["poly"]["keywords"] == ["polysilicon", "硅料"] and nodes["poly"]["industry_codes"] == [
        "3985"
    ]
    assert nodes["wafer"]["representative_names"] == ["隆基绿能（LONGi）"]
    assert {n["chain_id"] for n in chain["nodes"]} == {chain["id"]}
    assert nodes["poly"]["source"] == "strategic_chains_28.csv"  # the chain's provenance
    edges = {(e["supplier_node_id"], e["buyer_node_id"]): e for e in chain["edges"]}
    poly_wafer = edges[(nodes["poly"]["id"], nodes["wafer"]["id"])]
    assert poly_wafer["product"] == "多晶硅料" and poly_wafer["confidence"] == 0.9
    assert edges[(nodes["wafer"]["id"], nodes["perc"]["id"])]["confidence"] is None
    assert without_times(catalog_client.get(f"{CHAINS}/{chain['id']}").json()) == without_times(chain)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda b: b["nodes"].append(node("poly", "node", "up.si")), "body.nodes.9.key", "nodes.5"),
        (lambda b: b["nodes"][5].update(parent_key="nowhere"), "body.nodes.5.parent_key", "no node"),
        (
            lambda b: b["nodes"][5].update(parent_key="up"),
            "body.nodes.5.parent_key",
            "sub_segment, not a segment",
        ),
        (
            lambda b: b["nodes"][2].update(parent_key=None),
            "body.nodes.2.parent_key",
            "needs a parent segment",
        ),
        (lambda b: b["nodes"][0].update(parent_key="mid"), "body.nodes.0.parent_key", "no parent"),
        (lambda b: b["nodes"][2].update(parent_key="up.si"), "body.nodes.2.parent_key", "not a sub_segment"),
        (lambda b: b["nodes"][0].update(stage=None), "body.nodes.0.stage", "required"),
        (lambda b: b["nodes"][3].update(stage="sideways"), "body.nodes.3.stage", ""),
        (lambda b: b["nodes"][3].update(level="leaf"), "body.nodes.3.level", ""),
        (lambda b: b["edges"][1].update(buyer_key="x"), "body.edges.1.buyer_key", "no node"),
        (lambda b: b["edges"][0].update(buyer_key="poly"), "body.edges.0.buyer_key", "different"),
        (lambda b: b["edges"].append(dict(b["edges"][0])), "body.edges.2", "edges.0"),
        (lambda b: b["edges"][0].update(confidence=5), "body.edges.0.confidence", ""),
    ],
)
def test_a_bad_chain_is_refused_naming_the_field(
    catalog_client: TestClient, change: Any, field: str, reason: str
) -> None:
    body = chain_body()
    change(body)
    response = catalog_client.post(CHAINS, json=body, headers=ADMIN)
    assert error_field(response) == field
    assert reason in response.json()["error"]["details"][0]["reason"]
    assert catalog_client.get(CHAINS, params={"code": body["code"]}).json()["total"] == 0


def test_a_cycle_of_parents_is_refused(catalog_client: TestClient) -> None:
    body = chain_body(
        nodes=[node("a", "sub_segment", "b", stage="upstream"), node("b", "segment", "a", stage="upstream")]
    )
    assert error_field(catalog_client.post(CHAINS, json=body, headers=ADMIN)).endswith(".parent_key")
    itself = chain_body(nodes=[node("a", "segment", "a", stage="upstream")])
    assert error_field(catalog_client.post(CHAINS, json=itself, headers=ADMIN)) == "body.nodes.0.parent_key"


def test_update_and_delete_a_chain(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    path = f"{CHAINS}/{chain['id']}"
    updated = catalog_client.patch(path, json={"version": 1, "name": "光伏"}, headers=ADMIN)
    assert updated.status_code == 200 and updated.json()["version"] == 2 and len(updated.json()["nodes"]) == 9
    stale = catalog_client.patch(path, json={"version": 1, "name": "旧"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert (
        error_field(catalog_client.patch(path, json={"version": 2, "name": None}, headers=ADMIN))
        == "body.name"
    )
    taken = catalog_client.post(CHAINS, json=chain_body(code=chain["code"]), headers=ADMIN)
    assert error_field(taken, 409) == "body.code"

    company = create_company(catalog_client)
    poly = keyed(chain)["poly"]["id"]
    placed = catalog_client.post(
        f"{NODES}/{poly}/companies", json={"company_id": company["id"]}, headers=ADMIN
    )
    assert placed.status_code == 201
    seq = last_seq(catalog_client)
    assert catalog_client.delete(f"{path}?version=1", headers=ADMIN).status_code == 409
    assert catalog_client.delete(f"{path}?version=2", headers=ADMIN).status_code == 204
    assert catalog_client.get(path).status_code == 404
    assert catalog_client.get(f"{NODES}/{poly}").status_code == 404
    # Followers hear of every row that went: the chain, its nodes, edges and node companies.
    assert changes_since(catalog_client, seq, "chain") == [(chain["id"], "delete")]
    assert sorted(changes_since(catalog_client, seq, "chain_node")) == sorted(
        (n["id"], "delete") for n in chain["nodes"]
    )
    assert sorted(changes_since(catalog_client, seq, "chain_edge")) == sorted(
        (e["id"], "delete") for e in chain["edges"]
    )
    assert changes_since(catalog_client, seq, "node_company") == [(placed.json()["id"], "delete")]


def test_list_chains_with_filters(catalog_client: TestClient) -> None:
    tag = unique()
    first = create_chain(catalog_client, name=f"光伏{tag}")
    second = create_chain(
        catalog_client,
        name=f"半导体材料{tag}",
        description=f"电子化学品{tag}",
        nodes=[node("s", "segment", name=f"电子特气{tag}", stage="upstream")],
        edges=[],
    )

    def codes(**params: Any) -> list[str]:
        return [c["code"] for c in catalog_client.get(CHAINS, params=params).json()["items"]]

    assert codes(q=tag) == [first["code"], second["code"]]
    assert codes(q=f"电子化学品{tag}") == [second["code"]]
    assert codes(code=first["code"]) == [first["code"]]
    assert codes(node=f"电子特气{tag}") == [second["code"]]
    assert codes(node="多晶硅", ids=[first["id"], second["id"]]) == [first["code"]]
    assert codes(q=tag, sort="-name") == [second["code"], first["code"]]
    page = catalog_client.get(CHAINS, params={"q": tag, "limit": 1}).json()
    assert page["total"] == 2 and len(page["items"][0]["nodes"]) == 9 and page["next_cursor"]


def test_chain_writes_are_for_admins(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    nodes = keyed(chain)
    company = create_company(catalog_client)
    writes = [
        ("post", CHAINS, chain_body()),
        ("patch", f"{CHAINS}/{chain['id']}", {"version": 1, "name": "x"}),
        ("delete", f"{CHAINS}/{chain['id']}", None),
        (
            "post",
            f"{CHAINS}/{chain['id']}/nodes",
            {"key": "k", "name": "n", "level": "segment", "stage": "upstream"},
        ),
        ("patch", f"{CHAINS}/{chain['id']}/nodes/{nodes['poly']['id']}", {"version": 1, "name": "x"}),
        ("delete", f"{CHAINS}/{chain['id']}/nodes/{nodes['poly']['id']}", None),
        (
            "post",
            f"{CHAINS}/{chain['id']}/edges",
            {"supplier_node_id": nodes["perc"]["id"], "buyer_node_id": nodes["module"]["id"]},
        ),
        ("patch", f"{CHAINS}/{chain['id']}/edges/{chain['edges'][0]['id']}", {"version": 1, "product": "x"}),
        ("delete", f"{CHAINS}/{chain['id']}/edges/{chain['edges'][0]['id']}", None),
        ("post", f"{NODES}/{nodes['poly']['id']}/companies", {"company_id": company["id"]}),
    ]
    for method, path, body in writes:
        kwargs: dict[str, Any] = {} if body is None else {"json": body}
        assert catalog_client.request(method, path, **kwargs).status_code == 401, (method, path)
        for role in (officer_of(1), enterprise_of(company["id"])):
            assert catalog_client.request(method, path, headers=role, **kwargs).status_code == 403, (
                method,
                path,
            )
    assert without_times(catalog_client.get(f"{CHAINS}/{chain['id']}").json()) == without_times(chain)


# --- single nodes ------------------------------------------------------------------------------


def test_add_update_and_move_nodes(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    other = create_chain(catalog_client)
    nodes = keyed(chain)
    path = f"{CHAINS}/{chain['id']}/nodes"

    added = catalog_client.post(
        path,
        json={"key": "topcon", "name": "TOPCon电池", "level": "node", "parent_id": nodes["mid.cell"]["id"]},
        headers=ADMIN,
    )
    assert added.status_code == 201, added.text
    topcon = added.json()
    assert topcon["stage"] == "midstream" and topcon["position"] == 9 and topcon["chain_id"] == chain["id"]

    segment = {"key": "down", "name": "下游：电站", "level": "segment"}
    assert error_field(catalog_client.post(path, json=segment, headers=ADMIN)) == "body.stage"
    assert (
        catalog_client.post(path, json={**segment, "stage": "downstream"}, headers=ADMIN).status_code == 201
    )
    wrong_level = {"key": "x", "name": "x", "level": "node", "parent_id": nodes["up"]["id"]}
    assert error_field(catalog_client.post(path, json=wrong_level, headers=ADMIN)) == "body.parent_id"
    foreign = {"key": "x", "name": "x", "level": "node", "parent_id": keyed(other)["up.si"]["id"]}
    assert error_field(catalog_client.post(path, json=foreign, headers=ADMIN)) == "body.parent_id"
    orphan = {"key": "x", "name": "x", "level": "node"}
    assert error_field(catalog_client.post(path, json=orphan, headers=ADMIN)) == "body.parent_id"
    taken = {"key": "poly", "name": "x", "level": "node", "parent_id": nodes["up.si"]["id"]}
    assert error_field(catalog_client.post(path, json=taken, headers=ADMIN), 409) == "body.key"
    assert catalog_client.post(f"{CHAINS}/{10**9}/nodes", json=taken, headers=ADMIN).status_code == 404

    node_path = f"{path}/{topcon['id']}"
    moved = catalog_client.patch(
        node_path,
        json={"version": 1, "parent_id": nodes["mid.module"]["id"], "keywords": ["N型"]},
        headers=ADMIN,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == nodes["mid.module"]["id"] and moved.json()["version"] == 2
    stale = catalog_client.patch(node_path, json={"version": 1, "name": "旧"}, headers=ADMIN)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert (
        error_field(
            catalog_client.patch(
                node_path, json={"version": 2, "parent_id": nodes["up"]["id"]}, headers=ADMIN
            )
        )
        == "body.parent_id"
    )
    assert (
        error_field(catalog_client.patch(node_path, json={"version": 2, "key": "poly"}, headers=ADMIN), 409)
        == "body.key"
    )
    assert (
        error_field(catalog_client.patch(node_path, json={"version": 2, "stage": None}, headers=ADMIN))
        == "body.stage"
    )
    # A sub-segment with children cannot become a node; a childless one can, under a sub-segment.
    si = nodes["up.si"]
    demote = {"version": 1, "level": "node", "parent_id": nodes["mid.cell"]["id"]}
    assert error_field(catalog_client.patch(f"{path}/{si['id']}", json=demote, headers=ADMIN)) == "body.level"
    assert (
        catalog_client.patch(
            f"{path}/{si['id']}", json={"version": 1, "level": "node"}, headers=ADMIN
        ).status_code
        == 422
    )
    # Reach a node only through its own chain.
    assert (
        catalog_client.patch(
            f"{CHAINS}/{other['id']}/nodes/{topcon['id']}", json={"version": 2, "name": "x"}, headers=ADMIN
        ).status_code
        == 404
    )


def test_deleting_a_node_takes_its_subtree_edges_and_companies(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    nodes = keyed(chain)
    company = create_company(catalog_client)
    placed = catalog_client.post(
        f"{NODES}/{nodes['wafer']['id']}/companies", json={"company_id": company["id"]}, headers=ADMIN
    ).json()
    policy = create_policy(catalog_client, target_node_ids=[nodes["wafer"]["id"], nodes["perc"]["id"]])
    seq = last_seq(catalog_client)
    path = f"{CHAINS}/{chain['id']}/nodes/{nodes['up']['id']}"
    assert catalog_client.delete(f"{path}?version=2", headers=ADMIN).status_code == 409
    assert catalog_client.delete(path, headers=ADMIN).status_code == 204

    left = catalog_client.get(f"{CHAINS}/{chain['id']}").json()
    assert [n["key"] for n in left["nodes"]] == ["mid", "mid.cell", "mid.module", "perc", "module"]
    assert left["edges"] == []  # both edges touched poly or wafer
    gone = {nodes[k]["id"] for k in ("up", "up.si", "poly", "wafer")}
    assert {i for i, op in changes_since(catalog_client, seq, "chain_node") if op == "delete"} == gone
    assert len(changes_since(catalog_client, seq, "chain_edge")) == 2
    assert changes_since(catalog_client, seq, "node_company") == [(placed["id"], "delete")]
    assert catalog_client.get(f"{NODES}/{nodes['wafer']['id']}").status_code == 404
    assert catalog_client.delete(path, headers=ADMIN).status_code == 404
    # A policy that targeted a deleted node no longer names it.
    retargeted = catalog_client.get(f"/api/v1/policies/{policy['id']}").json()
    assert retargeted["target_node_ids"] == [nodes["perc"]["id"]] and retargeted["version"] == 2
    assert changes_since(catalog_client, seq, "policy") == [(policy["id"], "update")]


# --- edges -------------------------------------------------------------------------------------


def test_edges(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    other = create_chain(catalog_client)
    nodes = keyed(chain)
    path = f"{CHAINS}/{chain['id']}/edges"
    body = {
        "supplier_node_id": nodes["perc"]["id"],
        "buyer_node_id": nodes["module"]["id"],
        "product": "电池片",
        "confidence": 0.8,
    }
    added = catalog_client.post(path, json=body, headers=ADMIN)
    assert added.status_code == 201, added.text
    edge = added.json()
    assert edge["chain_id"] == chain["id"] and edge["confidence"] == 0.8
    assert error_field(catalog_client.post(path, json=body, headers=ADMIN), 409) == "body.product"
    foreign = {**body, "supplier_node_id": keyed(other)["perc"]["id"]}
    assert error_field(catalog_client.post(path, json=foreign, headers=ADMIN)) == "body.supplier_node_id"
    missing = {**body, "buyer_node_id": 10**9}
    assert error_field(catalog_client.post(path, json=missing, headers=ADMIN)) == "body.buyer_node_id"
    loop = {**body, "buyer_node_id": body["supplier_node_id"]}
    assert error_field(catalog_client.post(path, json=loop, headers=ADMIN)) == "body.buyer_node_id"

    edge_path = f"{path}/{edge['id']}"
    updated = catalog_client.patch(edge_path, json={"version": 1, "confidence": 0.5}, headers=ADMIN)
    assert (
        updated.status_code == 200 and updated.json()["version"] == 2 and updated.json()["confidence"] == 0.5
    )
    assert (
        catalog_client.patch(edge_path, json={"version": 1, "confidence": 0.1}, headers=ADMIN).status_code
        == 409
    )
    first = chain["edges"][0]
    clash = {"version": 1, "product": "单晶硅片"}
    assert (
        catalog_client.patch(f"{path}/{first['id']}", json=clash, headers=ADMIN).status_code == 200
    )  # no clash
    assert (
        catalog_client.patch(
            f"{CHAINS}/{other['id']}/edges/{edge['id']}", json={"version": 2}, headers=ADMIN
        ).status_code
        == 404
    )
    assert catalog_client.delete(f"{edge_path}?version=2", headers=ADMIN).status_code == 204
    assert len(catalog_client.get(f"{CHAINS}/{chain['id']}").json()["edges"]) == 2


# --- chain nodes across chains -----------------------------------------------------------------


def test_list_chain_nodes(catalog_client: TestClient) -> None:
    tag = unique()
    chain = create_chain(
        catalog_client,
        nodes=[
            node("s", "segment", name=f"上游{tag}", stage="upstream"),
            node("ss", "sub_segment", "s", name=f"材料{tag}"),
            node("n1", "node", "ss", name=f"电子特气{tag}", keywords=[f"NF3{tag}"]),
            node("n2", "node", "ss", name=f"光刻胶{tag}", stage="midstream"),
        ],
        edges=[],
    )
    other = create_chain(
        catalog_client, nodes=[node("s", "segment", name=f"电子特气{tag}", stage="downstream")], edges=[]
    )
    ids = {n["key"]: n["id"] for n in chain["nodes"]}

    def found(**params: Any) -> list[int]:
        return [n["id"] for n in catalog_client.get(NODES, params=params).json()["items"]]

    assert found(q=f"电子特气{tag}") == [ids["n1"], other["nodes"][0]["id"]]
    assert found(q=f"nf3{tag}") == [ids["n1"]]  # a keyword, any case
    assert found(q=tag, chain_id=chain["id"]) == list(ids.values())
    assert found(q=tag, stage="midstream") == [ids["n2"]]
    assert found(q=tag, level="segment") == [ids["s"], other["nodes"][0]["id"]]
    assert found(ids=[ids["n2"], ids["s"]]) == [ids["s"], ids["n2"]]
    assert found(chain_id=chain["id"], sort="-position") == [ids["n2"], ids["n1"], ids["ss"], ids["s"]]
    assert catalog_client.get(NODES, params={"level": "leaf"}).status_code == 422


def test_a_nodes_page_and_its_companies(catalog_client: TestClient) -> None:
    chain = create_chain(catalog_client)
    nodes = keyed(chain)
    poly = nodes["poly"]["id"]
    first, second = create_company(catalog_client), create_company(catalog_client)
    companies = f"{NODES}/{poly}/companies"

    added = catalog_client.post(
        companies, json={"company_id": first["id"], "role": "链主企业", "source": "人工确认"}, headers=ADMIN
    )
    assert added.status_code == 201, added.text
    assert added.json()["company_name"] == first["name"] and added.json()["role"] == "链主企业"
    assert catalog_client.post(companies, json={"company_id": second["id"]}, headers=ADMIN).status_code == 201
    assert (
        error_field(catalog_client.post(companies, json={"company_id": first["id"]}, headers=ADMIN), 409)
        == "body.company_id"
    )
    assert (
        error_field(catalog_client.post(companies, json={"company_id": 10**9}, headers=ADMIN))
        == "body.company_id"
    )
    assert (
        catalog_client.post(
            f"{NODES}/{10**9}/companies", json={"company_id": first["id"]}, headers=ADMIN
        ).status_code
        == 404
    )

    detail = catalog_client.get(f"{NODES}/{poly}").json()
    assert detail["name"] == "多晶硅" and detail["chain_id"] == chain["id"]
    assert detail["chain"] == {"id": chain["id"], "code": chain["code"], "name": chain["name"]}
    assert [(step["key"], step["level"]) for step in detail["path"]] == [
        ("up", "segment"),
        ("up.si", "sub_segment"),
    ]
    assert [(c["company_id"], c["company_name"]) for c in detail["companies"]] == [
        (first["id"], first["name"]),
        (second["id"], second["name"]),
    ]
    assert catalog_client.get(f"{NODES}/{nodes['up']['id']}").json()["path"] == []

    page = catalog_client.get(companies, params={"limit": 1}).json()
    rest = catalog_client.get(companies, params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert page["total"] == 2 and [c["company_id"] for c in page["items"] + rest["items"]] == [
        first["id"],
        second["id"],
    ]
    # The company side sees it too.
    assert (
        catalog_client.get("/api/v1/companies", params={"node_id": poly, "ids": [first["id"]]}).json()[
            "total"
        ]
        == 1
    )

    assert catalog_client.delete(f"{companies}/{first['id']}?version=2", headers=ADMIN).status_code == 409
    assert catalog_client.delete(f"{companies}/{first['id']}", headers=ADMIN).status_code == 204
    assert catalog_client.delete(f"{companies}/{first['id']}", headers=ADMIN).status_code == 404
    assert [c["company_id"] for c in catalog_client.get(companies).json()["items"]] == [second["id"]]
    assert catalog_client.get(f"{NODES}/{10**9}/companies").status_code == 404


def test_node_writes_are_in_the_change_feed(catalog_client: TestClient) -> None:
    seq = last_seq(catalog_client)
    chain = create_chain(catalog_client)
    nodes = keyed(chain)
    created = changes_since(catalog_client, seq, "chain_node")
    assert sorted(created) == sorted((n["id"], "create") for n in chain["nodes"])
    seq = last_seq(catalog_client)
    catalog_client.patch(
        f"{CHAINS}/{chain['id']}/nodes/{nodes['poly']['id']}",
        json={"version": 1, "name": "高纯多晶硅"},
        headers=ADMIN,
    )
    assert changes_since(catalog_client, seq, "chain_node") == [(nodes["poly"]["id"], "update")]
