from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.catalog.chains import service
from services.catalog.chains.repository import ChainNodeRepository, ChainRepository
from services.catalog.chains.schemas import (
    ChainCreate,
    ChainEdgeCreate,
    ChainEdgeRead,
    ChainEdgeUpdate,
    ChainFilters,
    ChainNodeCreate,
    ChainNodeDetail,
    ChainNodeFilters,
    ChainNodeRead,
    ChainNodeUpdate,
    ChainRead,
    ChainUpdate,
    NodeCompanyCreate,
    NodeCompanyRead,
)
from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.endpoints import Resource, crud_router
from shared.schemas import Page, PrimaryKey

resource = Resource(
    path="/chains",
    tag="chains",
    repository=ChainRepository,
    create_schema=ChainCreate,
    update_schema=ChainUpdate,
    read_schema=ChainRead,
    filter_schema=ChainFilters,
    validate=service.validate_chain,
)

Version = Annotated[int | None, Query(ge=1, description="refuse if the object has moved on")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
Limit = Annotated[int | None, Query(ge=1, description="page size (capped)")]

# --- a chain's nodes and edges ---------------------------------------------------------------

parts = APIRouter(prefix="/chains/{chain_id}", tags=["chains"])


@parts.post("/nodes", response_model=ChainNodeRead, status_code=status.HTTP_201_CREATED, summary="Add a node")
def add_node(
    session: SessionDep, principal: PrincipalDep, chain_id: PrimaryKey, body: ChainNodeCreate
) -> Any:
    return service.add_node(session, principal, chain_id, body)


@parts.patch("/nodes/{node_id}", response_model=ChainNodeRead, summary="Update a node")
def update_node(
    session: SessionDep,
    principal: PrincipalDep,
    chain_id: PrimaryKey,
    node_id: PrimaryKey,
    body: ChainNodeUpdate,
) -> Any:
    return service.update_node(session, principal, chain_id, node_id, body)


@parts.delete(
    "/nodes/{node_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a node with everything under it",
)
def delete_node(
    session: SessionDep,
    principal: PrincipalDep,
    chain_id: PrimaryKey,
    node_id: PrimaryKey,
    version: Version = None,
) -> Response:
    service.delete_node(session, principal, chain_id, node_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@parts.post(
    "/edges", response_model=ChainEdgeRead, status_code=status.HTTP_201_CREATED, summary="Add an edge"
)
def add_edge(
    session: SessionDep, principal: PrincipalDep, chain_id: PrimaryKey, body: ChainEdgeCreate
) -> Any:
    return service.add_edge(session, principal, chain_id, body)


@parts.patch("/edges/{edge_id}", response_model=ChainEdgeRead, summary="Update an edge")
def update_edge(
    session: SessionDep,
    principal: PrincipalDep,
    chain_id: PrimaryKey,
    edge_id: PrimaryKey,
    body: ChainEdgeUpdate,
) -> Any:
    return service.update_edge(session, principal, chain_id, edge_id, body)


@parts.delete("/edges/{edge_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an edge")
def delete_edge(
    session: SessionDep,
    principal: PrincipalDep,
    chain_id: PrimaryKey,
    edge_id: PrimaryKey,
    version: Version = None,
) -> Response:
    service.delete_edge(session, principal, chain_id, edge_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- chain nodes across chains, and their companies --------------------------------------------

nodes = APIRouter(prefix="/chain-nodes", tags=["chains"])


@nodes.get("", response_model=Page[ChainNodeRead], summary="List chain nodes")
def list_nodes(
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    filters: Annotated[ChainNodeFilters, Query()],
    sort: Annotated[str | None, Query(description="field to sort by; prefix with - for descending")] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> Any:
    size = min(limit or settings.default_page_size, settings.max_page_size)
    rows, total, next_cursor = ChainNodeRepository(session, principal).paginate(
        filters, sort=sort, cursor=cursor, limit=size
    )
    return {"items": rows, "total": total, "next_cursor": next_cursor}


@nodes.get("/{node_id}", response_model=ChainNodeDetail, summary="A node with its chain, path and companies")
def read_node(session: SessionDep, principal: PrincipalDep, node_id: PrimaryKey) -> Any:
    return service.node_detail(session, principal, node_id)


@nodes.get("/{node_id}/companies", response_model=Page[NodeCompanyRead], summary="The node's companies")
def list_node_companies(
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    node_id: PrimaryKey,
    cursor: Cursor = None,
    limit: Limit = None,
) -> Any:
    size = min(limit or settings.default_page_size, settings.max_page_size)
    return service.list_node_companies(session, principal, node_id, cursor, size)


@nodes.post(
    "/{node_id}/companies",
    response_model=NodeCompanyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Place a company at the node",
)
def add_node_company(
    session: SessionDep, principal: PrincipalDep, node_id: PrimaryKey, body: NodeCompanyCreate
) -> Any:
    return service.add_node_company(session, principal, node_id, body)


@nodes.delete(
    "/{node_id}/companies/{company_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a company from the node",
)
def remove_node_company(
    session: SessionDep,
    principal: PrincipalDep,
    node_id: PrimaryKey,
    company_id: PrimaryKey,
    version: Version = None,
) -> Response:
    service.remove_node_company(session, principal, node_id, company_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


router = APIRouter()
router.include_router(crud_router(resource))
router.include_router(parts)
router.include_router(nodes)
