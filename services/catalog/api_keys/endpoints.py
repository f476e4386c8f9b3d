from typing import Any

from fastapi import status

from services.catalog.api_keys import service
from services.catalog.api_keys.repository import ApiKeyRepository
from services.catalog.api_keys.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyFilters,
    ApiKeyRead,
    ApiKeyVerify,
    KeyRole,
    VerifiedPrincipal,
)
from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep
from services.catalog.kit.endpoints import ReadOnlyResource, read_router
from shared.errors import Forbidden, Unauthorized
from shared.principal import Role
from shared.schemas import PrimaryKey

resource = ReadOnlyResource(
    path="/api-keys",
    tag="api-keys",
    repository=ApiKeyRepository,
    read_schema=ApiKeyRead,
    filter_schema=ApiKeyFilters,
)
router = read_router(resource)


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Make an API key (admin); the key is shown only in this answer",
)
def create_key(session: SessionDep, principal: PrincipalDep, body: ApiKeyCreate) -> Any:
    ApiKeyRepository(session, principal).check_write(None, {})
    key, text = service.create_key(session, body.model_dump())
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), key=text)


@router.post("/{item_id}/revoke", response_model=ApiKeyRead, summary="Revoke an API key (admin)")
def revoke_key(session: SessionDep, principal: PrincipalDep, item_id: PrimaryKey) -> Any:
    repo = ApiKeyRepository(session, principal)
    key = repo.get(item_id)
    repo.check_write(key, {})
    return service.revoke(session, key)


@router.post("/verify", response_model=VerifiedPrincipal, include_in_schema=False)
def verify_key(session: SessionDep, principal: PrincipalDep, body: ApiKeyVerify) -> Any:
    """Service-only: the principal a key stands for (the gateway calls this, then caches the answer)."""
    if principal.role is not Role.service:
        raise Forbidden("only ParkMatch services may verify keys")
    key = service.find_valid(session, body.key)
    if key is None:
        raise Unauthorized("invalid or revoked API key")
    return VerifiedPrincipal(
        role=KeyRole(key.role),
        park_ids=key.park_ids,
        company_id=key.company_id,
        fund_id=key.fund_id,
        provider_id=key.provider_id,
        key_id=key.id,
    )
